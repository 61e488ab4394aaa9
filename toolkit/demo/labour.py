"""The labour market of the demo: unemployed, labour force and SGB II beneficiaries per area and year.

One model for two files that must agree: the classic table 13211-02-05-4 (`toolkit.demo.social`) and the
BA workbook (`toolkit.demo.excel`), where Musterland is the sum of its Gemeinden.
"""
from __future__ import annotations

import numpy as np

from toolkit.demo.figures import GEMEINDEN, MUSTERLAND, NAT_INDEX, WORKING_AGE, YEARS
from toolkit.demo.model import Model, seeded, tilts

UNEMPLOYMENT_GERMAN = (7.3, 6.9, 6.2, 5.6, 5.0, 4.8, 5.5, 5.2, 5.0, 5.4, 5.7)
UNEMPLOYMENT_FOREIGN = (15.5, 16.0, 22.0, 21.0, 19.0, 17.5, 19.5, 18.0, 17.0, 20.5, 22.0)
ELB_GERMAN = (0.085, 0.080, 0.075, 0.070, 0.065, 0.060, 0.062, 0.058, 0.056, 0.057, 0.058)
ELB_FOREIGN = (0.20, 0.22, 0.38, 0.42, 0.40, 0.36, 0.35, 0.33, 0.42, 0.45, 0.44)
BA_NATIONALITIES = ("Ukraine", "Syrien", "Afghanistan")
LABOUR_FIELDS = ("alo_d", "alo_a", "ep_d", "ep_a", "sb", "a1520", "a1525", "a5565", "lz", "alo_m", "ep_m",
                 "ep_1525", "ep_abh", "elb_d", "elb_a", "alo_ukr", "alo_syr", "alo_afg", "elb_ukr", "elb_syr",
                 "elb_afg")
#: Column of each field in a year row of `labour_market`.
F = {name: k for k, name in enumerate(LABOUR_FIELDS)}


def _by_nationality(rng, n: int, mix: np.ndarray, propensity: np.ndarray) -> np.ndarray:
    """Split a foreign count into the BA nationalities (and the rest) by stock × propensity."""
    weights = mix * propensity
    return rng.multinomial(n, weights / weights.sum())[:len(BA_NATIONALITIES)]


def _nationality_mix(azr: np.ndarray) -> np.ndarray:
    """Stock per nationality with the BA nationalities first, the remaining ones summed last."""
    first = [NAT_INDEX[n] for n in BA_NATIONALITIES]
    return np.append(azr[first], azr.sum() - azr[first].sum())


def labour_market(model: Model) -> dict[str, np.ndarray]:
    """Annual averages of unemployed, labour force and SGB II ELB per area (years × LABOUR_FIELDS).

    Musterland is the sum of its Gemeinden, so the BA Excel file and 13211-02-05-4 agree.
    """
    rng, tilt, tilt_a = seeded(13), tilts(model, 13, 0.15), tilts(model, 14, 0.2)
    out = {}
    for code in sorted(c for c in model.pop if c != MUSTERLAND[0]):
        azr = model.azr.get(code, model.azr[MUSTERLAND[0]])
        out[code] = np.array([_labour_year(rng, model.pop[code][i], _nationality_mix(azr[i]), i,
                                           tilt[code], tilt_a[code]) for i in range(len(YEARS))])
    out[MUSTERLAND[0]] = sum(out[MUSTERLAND[0] + g[0]] for g in GEMEINDEN)
    return out


def _labour_year(rng, pop: np.ndarray, mix: np.ndarray, i: int, tilt: float, tilt_a: float) -> np.ndarray:
    working = pop[:, :, WORKING_AGE].sum(axis=(1, 2))
    ep_d, ep_a = int(working[0] * 0.78), int(working[1] * 0.55)
    alo_d = rng.binomial(ep_d, UNEMPLOYMENT_GERMAN[i] / 100 * tilt)
    alo_a = rng.binomial(ep_a, min(0.9, UNEMPLOYMENT_FOREIGN[i] / 100 * tilt_a))
    alo, ep = alo_d + alo_a, ep_d + ep_a
    a1525 = rng.binomial(alo, 0.075)
    elb_d = rng.binomial(working[0], ELB_GERMAN[i] * tilt)
    elb_a = rng.binomial(working[1], min(0.9, ELB_FOREIGN[i] * tilt_a))
    newcomers = YEARS[i] >= 2022  # Ukrainian refugees receive SGB II from June 2022
    nat_alo = _by_nationality(rng, alo_a, mix, np.array([1.5 if newcomers else 0.5, 1.6, 1.6, 0.8]))
    nat_elb = _by_nationality(rng, elb_a, mix, np.array([2.0 if newcomers else 0.5, 2.0, 2.0, 0.6]))
    return np.array([alo_d, alo_a, ep_d, ep_a, rng.binomial(alo, 0.07), rng.binomial(a1525, 0.24), a1525,
                     rng.binomial(alo, 0.23), rng.binomial(alo, 0.33), rng.binomial(alo, 0.56),
                     round(ep * 0.53), round(ep * 0.085), round(ep * 0.90), elb_d, elb_a, *nat_alo, *nat_elb])
