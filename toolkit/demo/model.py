"""The demo district as numbers: population by nationality, sex and age, and AZR foreigners by nationality.

`build_model()` fills a `Model` for Germany, Thuringia's Kreise (Eisenach apart from the Wartburgkreis in
every year; the tables merge it from 2021), Musterland and its 25 Gemeinden, from `toolkit.demo.figures`.
Every random draw comes from `seeded(key)` with a fixed key per part, so each part is the same on every run
whatever is generated before it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from toolkit.demo.figures import (
    AGE_GROUPS,
    AGE_SHARES,
    DG_FOREIGNERS,
    DG_POPULATION,
    EISENACH,
    EISENACH_AZR_SHARE,
    EISENACH_POP_2023,
    GEMEINDEN,
    I2023,
    MALE_SHARES,
    MUSTERLAND,
    MUSTERLAND_OTHER_2024,
    NAT_INDEX,
    NAT_PATHS,
    NATIONALITIES,
    PATHS,
    TH_AZR,
    THURINGIA,
    UNIVERSITY_TOWNS,
    YEARS,
)

SEED = 16099


@dataclass
class Model:
    """Population (years, German/foreign, male/female, 21 age groups) and AZR counts per area."""
    pop: dict[str, np.ndarray]
    azr: dict[str, np.ndarray]  # (years, nationalities + others), unrounded
    names: dict[str, str]
    kind: dict[str, str]  # "DG", "land", "kreis", "gemeinde"


def seeded(*keys: int) -> np.random.Generator:
    """The random generator of one part of the demo: the seed and that part's own keys."""
    return np.random.default_rng([SEED, *keys])


def tilts(model: Model, key: int, sigma: float) -> dict[str, float]:
    """A random factor per area (log-normal around 1) that makes the areas differ in one table."""
    generator = seeded(key, 0)
    return {code: float(generator.lognormal(0.0, sigma)) for code in sorted(model.pop)}


def thuringian(model: Model) -> list[str]:
    """The codes of Thuringia's Kreise, Eisenach included, Musterland not."""
    return [c for c in sorted(model.pop) if model.kind[c] == "kreis" and c != MUSTERLAND[0]]


def _split_population(rng, n_german: int, n_foreign: int) -> np.ndarray:
    """Spread German and foreign counts over sex × 21 age groups (exact totals)."""
    out = np.zeros((2, 2, len(AGE_GROUPS)), dtype=np.int64)
    for nat, n in enumerate((n_german, n_foreign)):
        ages = AGE_SHARES[nat] / AGE_SHARES[nat].sum()
        cells = np.stack([ages * MALE_SHARES[nat], ages * (1 - MALE_SHARES[nat])])
        out[nat] = rng.multinomial(n, cells.ravel()).reshape(cells.shape)
    return out


def _thuringia_azr_totals(rng) -> dict[str, np.ndarray]:
    """AZR foreigners per Kreis and year: published values kept, gaps filled so the Kreise add up."""
    codes = [k[0] for k in THURINGIA]
    known23 = {k[0]: k[3] for k in THURINGIA if k[3]}
    known24 = {k[0]: k[4] for k in THURINGIA if k[4]}
    guess = {k[0]: k[2] * k[5] for k in THURINGIA if k[0] not in known23}
    scale = (TH_AZR[I2023] - sum(known23.values())) / sum(guess.values())
    v23 = {c: known23.get(c) or 5 * round(guess[c] * scale / 5) for c in codes}
    rest = [c for c in codes if c not in known24]
    growth = (TH_AZR[-1] - sum(known24.values())) / sum(v23[c] for c in rest)
    v24 = {c: known24.get(c) or 5 * round(v23[c] * growth / 5) for c in codes}
    elasticity = {c: rng.uniform(0.8, 1.25) for c in codes}
    out = {}
    for c in codes:
        series = v23[c] * (np.array(TH_AZR[:I2023]) / TH_AZR[I2023]) ** elasticity[c]
        out[c] = np.concatenate([series, [v23[c], v24[c]]])
    earlier = np.array([out[c][:I2023] for c in codes])
    earlier *= np.array(TH_AZR[:I2023]) / earlier.sum(axis=0)
    for c, row in zip(codes, earlier, strict=True):
        out[c][:I2023] = row
    return out


def _thuringia_azr_by_nationality(totals: dict[str, np.ndarray], rng) -> dict[str, np.ndarray]:
    """Allocate Thuringia's nationality totals to the Kreise; the rest are 'other nationalities'."""
    land = NAT_PATHS * np.array([n[3] for n in NATIONALITIES])
    codes = list(totals)
    tilt = rng.lognormal(0.0, 0.3, size=(len(codes), len(NATIONALITIES)))
    for i, code in enumerate(codes):
        if code in UNIVERSITY_TOWNS:
            tilt[i, [NAT_INDEX["Indien"], NAT_INDEX["China"]]] *= 4
    stock = np.array([totals[c] for c in codes])  # (kreise, years)
    listed = stock[:, :, None] * tilt[:, None, :]
    for _ in range(50):  # fit: nationality sums = Land totals, listed ≤ 95 % of each Kreis's stock
        listed *= land[None] / listed.sum(axis=0, keepdims=True)
        listed *= np.minimum(1.0, 0.95 * stock / listed.sum(axis=2))[:, :, None]
    listed *= land[None] / listed.sum(axis=0, keepdims=True)
    other = stock - listed.sum(axis=2)
    return {c: np.concatenate([listed[i], other[i][:, None]], axis=1) for i, c in enumerate(codes)}


def _musterland_azr() -> np.ndarray:
    listed = NAT_PATHS * np.array([n[4] for n in NATIONALITIES])
    other = MUSTERLAND_OTHER_2024 * (np.array(PATHS["flucht"]) + np.array(PATHS["stetig"])) / 2
    return np.concatenate([listed, other[:, None]], axis=1)


def _split_eisenach(azr: dict[str, np.ndarray]) -> None:
    wak = azr.pop("16063")
    azr["16056"], azr["16063"] = wak * EISENACH_AZR_SHARE, wak * (1 - EISENACH_AZR_SHARE)


def _kreis_population(rng, pop2023: int, azr_total: np.ndarray, city: bool) -> np.ndarray:
    foreign = np.rint(azr_total * rng.uniform(0.88, 0.96)).astype(np.int64)
    trend = rng.uniform(-0.003, 0.002) if city else rng.uniform(-0.012, -0.006)
    german = np.rint((pop2023 - foreign[I2023]) * (1 + trend) ** (np.array(YEARS) - 2023)).astype(np.int64)
    return np.stack([_split_population(rng, g, f) for g, f in zip(german, foreign, strict=True)])


def _thuringia(model: Model) -> None:
    rng = seeded(1)
    totals = _thuringia_azr_totals(rng)
    azr = _thuringia_azr_by_nationality(totals, rng)
    _split_eisenach(azr)
    pops = {k[0]: k[2] for k in THURINGIA}
    pops["16056"], pops["16063"] = EISENACH_POP_2023, pops["16063"] - EISENACH_POP_2023
    names = {k[0]: k[1] for k in THURINGIA} | {EISENACH[0]: EISENACH[1]}
    for code in sorted(pops):
        model.azr[code] = azr[code]
        model.pop[code] = _kreis_population(rng, pops[code], azr[code].sum(axis=1), city=code < "16060")
        model.names[code], model.kind[code] = names[code], "kreis"


def _musterland(model: Model) -> None:
    rng = seeded(2)
    azr = _musterland_azr()
    foreign = np.rint(azr.sum(axis=1) * 0.93).astype(np.int64)
    shares = np.array([g[3] * g[4] for g in GEMEINDEN], dtype=float)
    german2023 = np.array([g[3] for g in GEMEINDEN]) - foreign[I2023] * shares / shares.sum()
    codes = [MUSTERLAND[0] + g[0] for g in GEMEINDEN]
    for code in codes:
        model.pop[code] = np.zeros((len(YEARS), 2, 2, len(AGE_GROUPS)), dtype=np.int64)
    for i, year in enumerate(YEARS):
        weights = shares.copy()
        if year in (2015, 2016, 2017):  # a Gemeinschaftsunterkunft in Steinmuster
            weights[20] *= 2.5
        per_gemeinde = rng.multinomial(foreign[i], weights / weights.sum())
        for k, code in enumerate(codes):
            german = int(round(german2023[k] * (1 + GEMEINDEN[k][5]) ** (YEARS[i] - 2023)))
            model.pop[code][i] = _split_population(rng, german, int(per_gemeinde[k]))
    for g in GEMEINDEN:
        code = MUSTERLAND[0] + g[0]
        model.names[code], model.kind[code] = g[1], "gemeinde"
    model.pop[MUSTERLAND[0]] = sum(model.pop[MUSTERLAND[0] + g[0]] for g in GEMEINDEN)
    model.azr[MUSTERLAND[0]] = azr
    model.names[MUSTERLAND[0]], model.kind[MUSTERLAND[0]] = MUSTERLAND[1], "kreis"


def _germany(model: Model) -> None:
    rng = seeded(3)
    model.pop["DG"] = np.stack([
        _split_population(rng, int(round((p - f) * 1e6)), int(round(f * 1e6)))
        for p, f in zip(DG_POPULATION, DG_FOREIGNERS, strict=True)])
    model.names["DG"], model.kind["DG"] = "Deutschland", "DG"


def build_model() -> Model:
    """Germany, Thuringia's Kreise and Musterland with its Gemeinden: the same numbers on every run."""
    model = Model({}, {}, {}, {})
    _germany(model)
    _thuringia(model)
    _musterland(model)
    return model
