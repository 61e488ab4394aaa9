"""The contents of the classic population tables: population by age (Kreise and Gemeinden),
naturalisations and moves across the Kreis border. `toolkit.demo.classic` writes them.
"""
from __future__ import annotations

import numpy as np

from toolkit.demo.classic import (
    CURRENT,
    KREIS_DEPTH,
    OLD,
    SECRET_NOTE,
    Classic,
    Table,
    Vintage,
    calendar_year,
    cell,
    dec31,
    headers,
    identity,
    kreis_lines,
    kreis_rows,
    region_name,
    row_groups,
)
from toolkit.demo.figures import AGE_GROUPS, GEMEINDEN, MUSTERLAND, YEARS
from toolkit.demo.model import Model, seeded, tilts

POPULATION_HEADER = (("Insgesamt",) * 3 + ("Deutsche",) * 3 + ("Ausländer(innen)",) * 3,
                     ("Insgesamt", "männlich", "weiblich") * 3)
POPULATION_PUBLISHED = ("Bevölkerung insgesamt am 31.12.2023 für Thüringen und seine 22 Kreise "
                        "(Zeile Insgesamt/Insgesamt). Bevölkerung in Eisenach und im Wartburgkreis vor 2021 "
                        "ist eine erfundene Aufteilung.")


def _population_cells(pop: np.ndarray | None) -> list[list[str]]:
    """22 rows (21 age groups, Insgesamt) × 9 cells from a (nat, sex, age) array."""
    if pop is None:
        return [["-"] * 9 for _ in range(len(AGE_GROUPS) + 1)]
    by_age = np.concatenate([pop, pop.sum(axis=2, keepdims=True)], axis=2)  # (2, 2, 22)
    rows = []
    for a in range(by_age.shape[2]):
        german, foreign = by_age[0, :, a], by_age[1, :, a]
        total = german + foreign
        rows.append([cell(int(v)) for part in (total, german, foreign) for v in (part.sum(), *part)])
    return rows


def _population_lines(model: Model, rows) -> list[list[str]]:
    """22 data lines (age groups, Insgesamt) for each (code, year index, population) of `rows`."""
    lines = []
    for code, i, pop in rows:
        for age, cells in zip((*AGE_GROUPS, "Insgesamt"), _population_cells(pop), strict=True):
            lines.append([dec31(YEARS[i]), code, region_name(model, code), age, *cells])
    return lines


def _population_table(code: str, depth_title: str, depth: str, published: str, vintage: Vintage) -> Table:
    return Table(code, ("Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität",
                        "und Altersgruppen (21) - Stichtag 31.12. - (ab 2011)", depth_title,
                        "Fortschreibung des Bevölkerungsstandes", "Bevölkerungsstand (Anzahl)"),
                 POPULATION_HEADER, dec31,
                 "Bevölkerung nach Geschlecht, Nationalität (Deutsche/Ausländer) und 21 Altersgruppen",
                 "Altersgruppe Insgesamt: Insgesamt | Insgesamt, Deutsche | Insgesamt, Ausländer(innen) | Insgesamt",
                 published, depth=depth, n_keys=4, vintage=vintage)


def population_kreise(model: Model) -> Classic:
    """12411-03-03-4: population by sex, nationality and 21 age groups of the Kreise (2025/26 layout)."""
    table = _population_table("12411-03-03-4", KREIS_DEPTH,
                              "Deutschland, Thüringen, Kreise (Eisenach bis 2020), Musterland",
                              POPULATION_PUBLISHED, CURRENT)
    rows = kreis_rows(model, lambda code, i: model.pop[code][i])
    return table, _population_lines(model, rows)


def population_gemeinden(model: Model) -> Classic:
    """12411-03-03-5: the same for Musterland and its Gemeinden, in the layout of 2017/18."""
    table = _population_table("12411-03-03-5", "regionale Tiefe: Gemeinden",
                              "Musterland und seine 25 Gemeinden", "", OLD)  # an older download, kept on purpose
    codes = [MUSTERLAND[0], *(MUSTERLAND[0] + g[0] for g in GEMEINDEN)]
    rows = ((code, i, model.pop[code][i]) for i in range(len(YEARS)) for code in codes)
    return table, _population_lines(model, rows)


# ---- naturalisations and moves

NATURALISATION_RATE = (0.012, 0.012, 0.011, 0.011, 0.012, 0.013, 0.011, 0.013, 0.015, 0.017, 0.025)
CONTINENTS = ("Europa", "Afrika", "Amerika", "Asien", "Australien und Ozeanien",
              "staatenlos, ungeklärt, ohne Angabe")


def naturalisations(model: Model) -> Classic:
    """12511-01-01-4: naturalisations by continent of the former nationality, small counts secret."""
    table = Table("12511-01-01-4", ("Einbürgerungsstatistik: Einbürgerungen von Ausländern",
                                    "nach Kontinenten - Jahr -", KREIS_DEPTH, "Einbürgerungsstatistik"),
                  headers("Eingebürgerte Ausländer", ("Insgesamt", *CONTINENTS)), calendar_year,
                  "Einbürgerungen von Ausländern nach Kontinenten der bisherigen Staatsangehörigkeit",
                  "Eingebürgerte Ausländer | Insgesamt",
                  notes=(SECRET_NOTE,))
    rng, tilt = seeded(10), tilts(model, 10, 0.2)

    def counts(code: str, i: int) -> np.ndarray:
        previous = int(model.pop[code][max(i - 1, 0), 1].sum())
        n = rng.binomial(previous, min(1.0, NATURALISATION_RATE[i] * tilt[code]))
        europe, asia = 0.45 - 0.02 * i, 0.40 + 0.02 * i
        return np.concatenate([[n], rng.multinomial(n, [europe, 0.07, 0.04, asia, 0.005, 0.035])])

    lines = kreis_lines(model, table, counts, identity, row_groups(tuple(range(7))))
    return table, lines


def moves(model: Model) -> Classic:
    """12711-05-02-4: moves into and out of the Kreis, Germans and foreigners."""
    table = Table("12711-05-02-4", ("Wanderungsstatistik: Zu- und Fortzüge nach Nationalität",
                                    "(über die Kreisgrenzen) - Jahr -", KREIS_DEPTH, "Wanderungsstatistik"),
                  (("Zuzüge über die Kreisgrenzen",) * 3 + ("Fortzüge über die Kreisgrenzen",) * 3,
                   *headers("", ("Insgesamt", "Deutsche", "Ausländer") * 2)[1:]), calendar_year,
                  "Zu- und Fortzüge über die Kreisgrenzen nach Nationalität (Deutsche/Ausländer)",
                  "Zuzüge über die Kreisgrenzen | Ausländer, Fortzüge über die Kreisgrenzen | Ausländer")
    rng, tilt = seeded(11), tilts(model, 11, 0.1)

    def counts(code: str, i: int) -> np.ndarray:
        pop = model.pop[code]
        german, foreign = int(pop[i, 0].sum()), int(pop[i, 1].sum())
        before = int(pop[i - 1, 1].sum()) if i else int(foreign * 0.9)
        in_d, out_d = rng.binomial(german, 0.040 * tilt[code]), rng.binomial(german, 0.043 * tilt[code])
        out_a = rng.binomial(foreign, 0.10 * tilt[code])
        in_a = max(out_a + foreign - before + round(0.01 * before), round(0.05 * foreign))
        return np.array([in_d + in_a, in_d, in_a, out_d + out_a, out_d, out_a])

    return table, kreis_lines(model, table, counts, identity)
