"""The AZR table 12521-0041 (foreigners by Kreis, sex and nationality) as GENESIS publishes it: every
cell rounded to a multiple of 5. Two writers share it: `toolkit.demo.genesis_online` (the shipped
GENESIS-Online CSV) and `toolkit.demo.ffcsv` (the flat file, for the tests).
"""
from __future__ import annotations

import numpy as np

from toolkit.demo.figures import EISENACH, MERGER_YEAR, MUSTERLAND, NATIONALITIES, YEARS
from toolkit.demo.model import Model, seeded, thuringian

FOREIGNERS_TABLE = "12521-0041"
SEXES = (("", "Insgesamt"), ("GESM", "männlich"), ("GESW", "weiblich"))
AZR_NATIONALITIES = (("", "Insgesamt"), *((n[0], n[1]) for n in NATIONALITIES))
AZR_CONTENT = ("Ausländer (Ausländerzentralregister) nach Geschlecht und Staatsangehörigkeit (alle EU-Staaten und "
               "die größten Drittstaaten), Werte auf Vielfache von 5 gerundet")
AZR_DEPTH, AZR_PERIOD = "Thüringer Kreise (Eisenach bis 2020), Musterland", "31.12.2014 bis 31.12.2024"


def genesis_label(code: str, name: str) -> str:
    """A Kreis as GENESIS names it („Erfurt, kreisfreie Stadt“, „Gotha, Landkreis“)."""
    label = name.replace(", krsfr. Stadt", ", kreisfreie Stadt").replace(", Kreis", ", Landkreis")
    return label + " (bis 30.06.2021)" if code == EISENACH[0] else label


def _azr_cells(rng, azr: np.ndarray) -> np.ndarray:
    """(sex, nationality incl. total) counts, each rounded to a multiple of 5 like published AZR figures."""
    counts = np.rint(azr).astype(np.int64)
    men = rng.binomial(counts, [n[6] for n in NATIONALITIES] + [0.55])
    by_sex = np.stack([counts, men, counts - men])  # (3, nationalities + other)
    with_total = np.concatenate([by_sex.sum(axis=1, keepdims=True), by_sex[:, :-1]], axis=1)
    with_total[0, 0] = round(float(azr.sum()))  # the published Kreis total, not the sum of rounded parts
    return 5 * np.floor(with_total / 5 + 0.5).astype(np.int64)


def azr_table(model: Model) -> dict[tuple[int, str], np.ndarray | None]:
    """(year index, Kreis code) → rounded (sex, nationality incl. total) counts; None for Eisenach from 2021."""
    rng = seeded(20)
    codes = [*thuringian(model), MUSTERLAND[0]]
    cells = {}
    for i, year in enumerate(YEARS):
        merged = year >= MERGER_YEAR
        for code in codes:
            azr = model.azr[code][i] + (model.azr[EISENACH[0]][i] if merged and code == "16063" else 0)
            drawn = _azr_cells(rng, azr)  # drawn for Eisenach after 2020 too: keeps the random sequence
            cells[i, code] = None if merged and code == EISENACH[0] else drawn
    return cells


def azr_value(cells: np.ndarray | None, s: int, n: int) -> str:
    """The cell of sex `s` and nationality `n` as written: the number, or `-` for nothing (or no area)."""
    return "-" if cells is None or cells[s, n] == 0 else str(cells[s, n])
