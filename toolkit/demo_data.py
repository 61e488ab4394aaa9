"""Demo district "Landkreis Musterland" (16099): a seeded generator of official-looking statistics files.

Musterland is fictional. Its 25 Gemeinden, their boundaries and every number about them are invented;
Thuringia's Kreise, the Land and Germany appear as reference rows, with published figures where they
exist (population 31.12.2023, AZR foreigners 2023/2024, Thuringia's three largest nationalities) and
invented values everywhere else. The files copy the real download formats (classic Regionalstatistik
CSV in Windows-1252, GENESIS-Online's table CSV with quality flags, BA-style Excel, GeoJSON) so that
learners practise on exactly what their own downloads will look like. `foreigners_ffcsv` writes the AZR
table as a GENESIS flat file too (not shipped; tests compare what the course computes from both).

Everything is deterministic: one seed, fixed Stand/zip/xlsx timestamps, fixed row order.
`python -m toolkit.demo_data [OUT_DIR]` writes the files (default: datasets/musterland).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
import textwrap
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from toolkit import demo_plan
from toolkit.config import DEMO_DATA_DIR

SEED = 16099
YEARS = tuple(range(2014, 2025))
I2023 = YEARS.index(2023)
MERGER_YEAR = 2021  # Eisenach (16056) belongs to the Wartburgkreis (16063) since 1 July 2021
STAND = "Stand: 15.05.2025 / 10:00:00"
FIXED_TIME = dt.datetime(2025, 5, 15, 10, 0, 0)
SOURCE_LINE = ("Statistische Ämter des Bundes und der Länder; Thüringer Landesamt für Statistik; "
               "Datenlizenz Deutschland – Namensnennung – Version 2.0")
COPYRIGHT = ("© IKPE-Werkzeugkasten, Demo-Daten Landkreis Musterland, 2025.\n"
             "Veröffentlichte Referenzwerte: Statistische Ämter des Bundes\n"
             "und der Länder; Thüringer Landesamt für Statistik;\n"
             "Datenlizenz Deutschland - Namensnennung - Version 2.0.")
DEMO_NOTE = ("DEMO-DATEN: Der Landkreis Musterland (16099) und seine Gemeinden sind erfunden, "
             "ebenso alle Werte dieser Tabelle, soweit unten nicht als veröffentlicht genannt. "
             "Musterland ist in den Werten für Thüringen und Deutschland nicht enthalten.")
INDENT = {"DG": "", "land": "  ", "kreis": "      ", "gemeinde": "        "}

# Published figures (Kreis: population 31.12.2023; AZR foreigners 31.12.2023 and 31.12.2024, None where
# nothing was published) plus an invented foreign-share guess that fills the gaps.
THURINGIA = (
    ("16051", "Erfurt, krsfr. Stadt", 215_675, 27_420, 27_535, 0.13),
    ("16052", "Gera, krsfr. Stadt", 94_847, 13_330, 14_065, 0.14),
    ("16053", "Jena, krsfr. Stadt", 110_791, 14_740, 14_770, 0.13),
    ("16054", "Suhl, krsfr. Stadt", 36_986, None, 4_475, 0.14),
    ("16055", "Weimar, krsfr. Stadt", 65_611, None, None, 0.10),
    ("16061", "Eichsfeld, Kreis", 103_441, None, None, 0.035),
    ("16062", "Nordhausen, Kreis", 82_179, None, None, 0.075),
    ("16063", "Wartburgkreis", 159_201, 12_115, None, 0.076),
    ("16064", "Unstrut-Hainich-Kreis", 98_233, None, None, 0.06),
    ("16065", "Kyffhäuserkreis", 73_216, 4_375, 4_390, 0.06),
    ("16066", "Schmalkalden-Meiningen, Kreis", 123_274, None, None, 0.06),
    ("16067", "Gotha, Kreis", 134_472, 12_400, None, 0.092),
    ("16068", "Sömmerda, Kreis", 69_418, 4_085, 4_260, 0.059),
    ("16069", "Hildburghausen, Kreis", 61_329, 3_370, 3_460, 0.055),
    ("16070", "Ilm-Kreis", 106_775, None, None, 0.09),
    ("16071", "Weimarer Land, Kreis", 82_892, None, None, 0.05),
    ("16072", "Sonneberg, Kreis", 56_434, None, None, 0.06),
    ("16073", "Saalfeld-Rudolstadt, Kreis", 101_044, None, None, 0.058),
    ("16074", "Saale-Holzland-Kreis", 83_643, None, None, 0.057),
    ("16075", "Saale-Orla-Kreis", 78_619, None, None, 0.06),
    ("16076", "Greiz, Kreis", 95_563, None, None, 0.048),
    ("16077", "Altenburger Land, Kreis", 88_692, None, None, 0.08),
)
# Thuringia's AZR foreigners 2014–2024: 2023 and 2024 published, earlier years invented.
TH_AZR = (66_000, 92_000, 110_000, 116_000, 122_000, 128_000, 131_500, 140_000, 171_000, 180_850, 187_765)
EISENACH = ("16056", "Eisenach, krsfr. Stadt")
EISENACH_POP_2023, EISENACH_AZR_SHARE = 42_300, 0.38  # invented split of the Wartburgkreis figures
MUSTERLAND = ("16099", "Musterland, Kreis")
UNIVERSITY_TOWNS = ("16051", "16053", "16055", "16070")
# Germany: population and foreigners (Fortschreibung) 31.12., invented round figures in millions.
DG_POPULATION = (81.20, 82.18, 82.52, 82.79, 83.02, 83.17, 83.16, 83.24, 84.08, 84.40, 84.55)
DG_FOREIGNERS = (7.54, 8.65, 9.22, 9.68, 10.09, 10.40, 10.59, 10.84, 12.08, 12.35, 12.60)

# Gemeinde number, name, "Stadt"/"Gemeinde", population 31.12.2023, attraction for foreigners, yearly
# change of the German population. All invented.
GEMEINDEN = (
    ("001", "Ahornsee", "Gemeinde", 3_000, 0.6, -0.008),
    ("002", "Altmuster", "Gemeinde", 2_800, 0.5, -0.009),
    ("003", "Bad Musterbrunn, Stadt", "Stadt", 11_200, 1.5, -0.005),
    ("004", "Beispielsrode", "Gemeinde", 310, 0.3, -0.014),
    ("005", "Birkenmuster", "Gemeinde", 2_400, 0.5, -0.010),
    ("006", "Eichenhain", "Gemeinde", 2_200, 0.6, -0.009),
    ("007", "Fichtelgrund", "Gemeinde", 1_100, 0.4, -0.012),
    ("008", "Großmustern", "Gemeinde", 5_100, 0.8, -0.007),
    ("009", "Hainmuster", "Gemeinde", 1_300, 0.4, -0.011),
    ("010", "Kleinmustern", "Gemeinde", 460, 0.3, -0.013),
    ("011", "Lindenmuster", "Gemeinde", 3_300, 0.6, -0.008),
    ("012", "Mustereck", "Gemeinde", 900, 0.4, -0.012),
    ("013", "Musterfeld, Stadt", "Stadt", 8_100, 1.2, -0.006),
    ("014", "Musterhausen", "Gemeinde", 4_600, 0.7, -0.007),
    ("015", "Musterstadt, Stadt", "Stadt", 25_400, 2.2, -0.003),
    ("016", "Mustertal", "Gemeinde", 3_600, 0.6, -0.008),
    ("017", "Neumuster", "Gemeinde", 4_000, 0.7, -0.007),
    ("018", "Oberbeispiel", "Gemeinde", 2_000, 0.5, -0.010),
    ("019", "Rodamuster", "Gemeinde", 1_800, 0.5, -0.010),
    ("020", "Sonnenmuster", "Gemeinde", 1_650, 0.4, -0.011),
    ("021", "Steinmuster, Stadt", "Stadt", 6_200, 1.3, -0.006),
    ("022", "Tannenmuster", "Gemeinde", 230, 0.3, -0.015),
    ("023", "Unterbeispiel", "Gemeinde", 680, 0.3, -0.013),
    ("024", "Waldmuster", "Gemeinde", 2_600, 0.5, -0.009),
    ("025", "Wiesenmuster", "Gemeinde", 1_500, 0.4, -0.011),
)
KREISSTADT = "16099015"

# Index of the AZR stock in year t relative to 31.12.2024; 2023 ratios of the published nationalities exact.
PATHS = {
    "ukraine": (0.06, 0.07, 0.07, 0.07, 0.08, 0.08, 0.08, 0.09, 0.86, 34_180 / 36_590, 1.0),
    "syrien": (0.04, 0.35, 0.62, 0.72, 0.78, 0.82, 0.84, 0.87, 0.91, 22_055 / 23_095, 1.0),
    "polen": (0.45, 0.52, 0.60, 0.68, 0.75, 0.81, 0.86, 0.90, 0.93, 14_780 / 15_395, 1.0),
    "eu_ost": (0.45, 0.52, 0.60, 0.68, 0.75, 0.81, 0.86, 0.90, 0.93, 0.96, 1.0),
    "flucht": (0.08, 0.30, 0.60, 0.66, 0.70, 0.72, 0.74, 0.78, 0.85, 0.93, 1.0),
    "stetig": (0.72, 0.75, 0.78, 0.81, 0.84, 0.87, 0.89, 0.91, 0.94, 0.97, 1.0),
    "schnell": (0.25, 0.30, 0.36, 0.43, 0.50, 0.58, 0.62, 0.70, 0.80, 0.90, 1.0),
}
# GENESIS code (STAAG6), label, EU member, Thüringen 31.12.2024 (Ukraine, Syrien, Polen published, the rest
# invented), Musterland 31.12.2024 (invented), path, share of men. All EU states are listed, so
# EU/Drittstaaten can be derived from the file.
NATIONALITIES = (
    ("ST166", "Ukraine", False, 36_590, 1_550, "ukraine", 0.40),
    ("ST475", "Syrien", False, 23_095, 900, "syrien", 0.60),
    ("ST152", "Polen", True, 15_395, 520, "polen", 0.56),
    ("ST423", "Afghanistan", False, 11_200, 480, "flucht", 0.66),
    ("ST154", "Rumänien", True, 10_400, 420, "eu_ost", 0.60),
    ("ST436", "Indien", False, 5_900, 110, "schnell", 0.63),
    ("ST163", "Türkei", False, 5_600, 170, "stetig", 0.58),
    ("ST432", "Vietnam", False, 5_300, 210, "stetig", 0.47),
    ("ST160", "Russische Föderation", False, 5_200, 200, "stetig", 0.40),
    ("ST125", "Bulgarien", True, 4_800, 190, "eu_ost", 0.57),
    ("ST438", "Irak", False, 4_500, 160, "flucht", 0.58),
    ("ST165", "Ungarn", True, 4_100, 150, "eu_ost", 0.58),
    ("ST479", "China", False, 2_900, 40, "stetig", 0.48),
    ("ST439", "Iran", False, 2_700, 70, "flucht", 0.55),
    ("ST150", "Kosovo", False, 2_300, 90, "stetig", 0.55),
    ("ST137", "Italien", True, 2_300, 60, "stetig", 0.62),
    ("ST164", "Tschechien", True, 1_800, 70, "eu_ost", 0.50),
    ("ST224", "Eritrea", False, 1_600, 60, "flucht", 0.65),
    ("ST130", "Kroatien", True, 1_300, 45, "eu_ost", 0.58),
    ("ST155", "Slowakei", True, 1_100, 40, "eu_ost", 0.55),
    ("ST134", "Griechenland", True, 1_100, 25, "stetig", 0.57),
    ("ST151", "Österreich", True, 900, 25, "stetig", 0.52),
    ("ST142", "Litauen", True, 800, 30, "eu_ost", 0.50),
    ("ST161", "Spanien", True, 700, 15, "stetig", 0.50),
    ("ST139", "Lettland", True, 600, 20, "eu_ost", 0.48),
    ("ST129", "Frankreich", True, 600, 15, "stetig", 0.52),
    ("ST148", "Niederlande", True, 400, 20, "stetig", 0.55),
    ("ST153", "Portugal", True, 400, 15, "stetig", 0.58),
    ("ST157", "Schweden", True, 150, 5, "stetig", 0.50),
    ("ST131", "Slowenien", True, 150, 6, "eu_ost", 0.50),
    ("ST124", "Belgien", True, 100, 4, "stetig", 0.55),
    ("ST127", "Estland", True, 80, 3, "eu_ost", 0.45),
    ("ST126", "Dänemark", True, 60, 3, "stetig", 0.55),
    ("ST128", "Finnland", True, 60, 2, "stetig", 0.50),
    ("ST135", "Irland", True, 50, 2, "stetig", 0.55),
    ("ST181", "Zypern", True, 30, 1, "stetig", 0.55),
    ("ST143", "Luxemburg", True, 15, 1, "stetig", 0.50),
    ("ST145", "Malta", True, 10, 0, "stetig", 0.50),
)
MUSTERLAND_OTHER_2024 = 700  # nationalities not listed in the file
NAT_PATHS = np.array([PATHS[n[5]] for n in NATIONALITIES]).T  # (years, nationalities)
NAT_INDEX = {n[1]: i for i, n in enumerate(NATIONALITIES)}

AGE_GROUPS = ("unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 10 Jahre", "10 bis unter 15 Jahre",
              "15 bis unter 18 Jahre", "18 bis unter 20 Jahre", "20 bis unter 25 Jahre", "25 bis unter 30 Jahre",
              "30 bis unter 35 Jahre", "35 bis unter 40 Jahre", "40 bis unter 45 Jahre", "45 bis unter 50 Jahre",
              "50 bis unter 55 Jahre", "55 bis unter 60 Jahre", "60 bis unter 65 Jahre", "65 bis unter 70 Jahre",
              "70 bis unter 75 Jahre", "75 bis unter 80 Jahre", "80 bis unter 85 Jahre", "85 bis unter 90 Jahre",
              "90 Jahre und mehr")
AGE_SHARES = np.array([  # per cent of Germans / foreigners in each age group
    [2.4, 2.5, 3.4, 4.1, 2.4, 1.5, 3.6, 5.0, 6.0, 6.0, 5.8, 6.0, 7.5, 8.5, 8.6, 7.6, 6.0, 5.4, 4.6, 2.2, 0.9],
    [4.5, 4.3, 5.2, 5.8, 3.6, 3.6, 10.5, 12.5, 11.5, 9.5, 7.5, 5.8, 4.6, 3.6, 2.6, 1.7, 1.2, 0.8, 0.6, 0.3, 0.3]])
MALE_SHARES = np.array([
    [.515] * 6 + [.52] * 4 + [.51] * 4 + [.50, .49, .47, .45, .38, .30, .22],
    [.52] * 5 + [.62] * 5 + [.56] * 5 + [.45] * 6])
WORKING_AGE = slice(4, 15)  # 15 to under 65


@dataclass
class Model:
    """Population (years, German/foreign, male/female, 21 age groups) and AZR counts per area."""
    pop: dict[str, np.ndarray]
    azr: dict[str, np.ndarray]  # (years, nationalities + others), unrounded
    names: dict[str, str]
    kind: dict[str, str]  # "DG", "land", "kreis", "gemeinde"


# ---------------------------------------------------------------- model

def _rng(*keys: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *keys])


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
    for c, row in zip(codes, earlier):
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


def _kreis_population(rng, code: str, pop2023: int, azr_total: np.ndarray, city: bool) -> np.ndarray:
    foreign = np.rint(azr_total * rng.uniform(0.88, 0.96)).astype(np.int64)
    trend = rng.uniform(-0.003, 0.002) if city else rng.uniform(-0.012, -0.006)
    german = np.rint((pop2023 - foreign[I2023]) * (1 + trend) ** (np.array(YEARS) - 2023)).astype(np.int64)
    return np.stack([_split_population(rng, g, f) for g, f in zip(german, foreign)])


def _thuringia(model: Model) -> None:
    rng = _rng(1)
    totals = _thuringia_azr_totals(rng)
    azr = _thuringia_azr_by_nationality(totals, rng)
    _split_eisenach(azr)
    pops = {k[0]: k[2] for k in THURINGIA}
    pops["16056"], pops["16063"] = EISENACH_POP_2023, pops["16063"] - EISENACH_POP_2023
    names = {k[0]: k[1] for k in THURINGIA} | {EISENACH[0]: EISENACH[1]}
    for code in sorted(pops):
        model.azr[code] = azr[code]
        model.pop[code] = _kreis_population(rng, code, pops[code], azr[code].sum(axis=1),
                                            city=code < "16060")
        model.names[code], model.kind[code] = names[code], "kreis"


def _musterland(model: Model) -> None:
    rng = _rng(2)
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
    rng = _rng(3)
    model.pop["DG"] = np.stack([
        _split_population(rng, int(round((p - f) * 1e6)), int(round(f * 1e6)))
        for p, f in zip(DG_POPULATION, DG_FOREIGNERS)])
    model.names["DG"], model.kind["DG"] = "Deutschland", "DG"


def build_model() -> Model:
    model = Model({}, {}, {}, {})
    _germany(model)
    _thuringia(model)
    _musterland(model)
    return model


# ---------------------------------------------------------------- rows and markers

def _thuringian(model: Model) -> list[str]:
    return [c for c in sorted(model.pop) if model.kind[c] == "kreis" and c != MUSTERLAND[0]]


def _kreis_rows(model: Model, counts: Callable[[str, int], np.ndarray]):
    """(code, year index, counts) for Deutschland, Thüringen, its Kreise and Musterland.

    Counts are None for Eisenach from 2021 on; the Wartburgkreis then includes Eisenach.
    """
    kreise = _thuringian(model)
    for i, year in enumerate(YEARS):
        per = {code: np.asarray(counts(code, i)) for code in ["DG", *kreise, MUSTERLAND[0]]}
        merged = year >= MERGER_YEAR
        yield "DG", i, per["DG"]
        yield "16", i, sum(per[c] for c in kreise)
        for code in kreise:
            if merged and code == EISENACH[0]:
                yield code, i, None
            else:
                yield code, i, per[code] + (per[EISENACH[0]] if merged and code == "16063" else 0)
        yield MUSTERLAND[0], i, per[MUSTERLAND[0]]


def _region_name(model: Model, code: str) -> str:
    names = model.names | {"16": "Thüringen"}
    kind = "land" if code == "16" else model.kind[code]
    return INDENT[kind] + names[code]


def _suppress(values: np.ndarray, groups: list[list[tuple[int, int]]], star: str) -> np.ndarray:
    """Primary suppression of 1 and 2, then secondary cells so that no hidden value can be recomputed.

    `groups` lists cells whose sum is published (a total with its parts); a group with exactly one
    hidden cell gets its smallest other non-zero cell hidden as well.
    """
    hidden = (values >= 1) & (values <= 2)
    changed = True
    while changed:
        changed = False
        for group in groups:
            flags = [hidden[cell] for cell in group]
            if sum(flags) != 1:
                continue
            open_cells = [cell for cell, flag in zip(group, flags) if not flag and values[cell] > 0]
            if open_cells:
                hidden[min(open_cells, key=lambda cell: (values[cell], cell))] = True
                changed = True
    out = values.astype(object)
    out[hidden] = star
    return out


def _cell(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(int(value)) if value else "-"


# ---------------------------------------------------------------- classic Regionalstatistik CSV

@dataclass(frozen=True)
class Vintage:
    """How the Regionaldatenbank wrote a download in one period: first line, title, labels, footer."""
    name: str  # for the README
    first_line: str  # written before the table code
    depth_on_own_line: bool  # "regionale Tiefe:" and the depth on lines of their own
    labels: dict[str, str]  # header cell (as the generator names it) → this vintage's label
    whole_table: str  # heading of the footnotes on the whole table
    final_newline: bool

    def relabel(self, path: str) -> str:
        """A header path ("Insgesamt, Ausländer(innen) | Insgesamt") in this vintage's labels."""
        return " | ".join(", ".join(self.labels.get(cell, cell) for cell in part.split(", "))
                          for part in path.split(" | "))

    def title_lines(self, titles: tuple[str, ...]) -> list[str]:
        """The title lines, "regionale Tiefe: X" split into two lines where this vintage does so."""
        if not self.depth_on_own_line:
            return list(titles)
        out = []
        for title in titles:
            before, depth, value = title.partition("regionale Tiefe:")
            out += [before.strip(), depth, value.strip()] if depth else [title]
        return [line for line in out if line]


OLD = Vintage("2017/18", "GENESIS-Tabelle: ", False, {}, 'zu "gesamter Tabelle":', False)
CURRENT = Vintage("2025/26", "Tabelle: ", True, {"Ausländer": "ausländisch", "Ausländer(innen)": "ausländisch"},
                  'zu "gesamte Tabelle":', True)


@dataclass(frozen=True)
class Table:
    code: str
    titles: tuple[str, ...]
    header: tuple[tuple[str, ...], ...]  # value-column header rows, top to bottom
    time: Callable[[int], str]
    content: str  # German one-liner for the README
    main: str  # header paths of the main value columns, for the README
    published: str = ""  # which values are published figures
    notes: tuple[str, ...] = ()
    depth: str = "Deutschland, Thüringen, Kreise (Eisenach bis 2020), Musterland"
    n_keys: int = 3
    vintage: Vintage = CURRENT


@dataclass(frozen=True)
class Written:
    """One generated file and what the README says about it."""
    path: Path
    code: str
    content: str
    format: str
    depth: str
    period: str
    main: str = "–"


def _footnote(table: Table) -> str:
    published = table.published or "keine – alle Werte sind Demo-Werte."
    paragraphs = [DEMO_NOTE, "Veröffentlichte Werte: " + published, "Quelle der veröffentlichten Werte: "
                  + SOURCE_LINE + ".", *table.notes]
    lines = [table.vintage.whole_table]
    for k, paragraph in enumerate(paragraphs):
        lines += ([" "] if k else []) + textwrap.wrap(paragraph, 60)
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


#: A classic table and its data lines (time, code, name, [category,] cells), before it is written.
Classic = tuple[Table, list[list[str]]]


def _write_classic(out: Path, table: Table, lines: list[list[str]]) -> Written:
    path, width, vintage = out / f"{table.code}.csv", table.n_keys + len(table.header[0]), table.vintage
    text = [f"{vintage.first_line}{table.code}"]
    text += [title + ";" * (width - 1) for title in vintage.title_lines(table.titles)]
    text += [";" * (table.n_keys - 1) + ";" + ";".join(vintage.labels.get(c, c) for c in row) for row in table.header]
    text += [";".join(line) for line in lines]
    text += ["__________", _quoted(_footnote(table)), _quoted(COPYRIGHT), STAND]
    path.write_bytes(("\n".join(text) + ("\n" if vintage.final_newline else "")).encode("cp1252"))
    return Written(path, table.code, table.content, f"Regionalstatistik-CSV (Windows-1252), Aufbau {vintage.name}",
                   table.depth, f"{table.time(YEARS[0])} bis {table.time(YEARS[-1])}", vintage.relabel(table.main))


def _kreis_lines(model: Model, table: Table, counts, finish, secret_groups=None) -> list[list[str]]:
    lines = []
    for code, i, value in _kreis_rows(model, counts):
        cells = ["-"] * len(table.header[0]) if value is None else list(finish(code, value))
        if secret_groups is not None and value is not None and len(code) == 5:
            cells = list(_suppress(np.array([cells]), secret_groups, ".")[0])
        lines.append([table.time(YEARS[i]), code, _region_name(model, code), *map(_cell, cells)])
    return lines


def _row_groups(*groups: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    return [[(0, c) for c in group] for group in groups]


KREIS_DEPTH = "regionale Tiefe: Kreise und krfr. Städte"
SECRET_NOTE = ("Werte von 1 oder 2 in Kreiszeilen sind geheim gehalten (.), dazu ein weiterer Wert derselben "
               "Aufgliederung, damit sie nicht aus der Summe errechnet werden können.")


def _headers(group: str, labels: tuple[str, ...], units: tuple[str, ...] = ()) -> tuple[tuple[str, ...], ...]:
    """Three flattened header rows: the repeated group label, the column labels, the units."""
    return (group,) * len(labels), labels, units or ("Anzahl",) * len(labels)


def _identity(code: str, counts: np.ndarray) -> list:
    return [int(v) for v in counts]


def _year(year: int) -> str:
    return str(year)


def _dec31(year: int) -> str:
    return f"31.12.{year}"


def _tilts(model: Model, key: int, sigma: float) -> dict[str, float]:
    rng = _rng(key, 0)
    return {code: float(rng.lognormal(0.0, sigma)) for code in sorted(model.pop)}


# ---- population (12411-03-03-4 and the Gemeinde version)

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
        rows.append([_cell(int(v)) for part in (total, german, foreign) for v in (part.sum(), *part)])
    return rows


def _population_lines(model: Model, table: Table, rows) -> list[list[str]]:
    lines = []
    for code, i, pop in rows:
        for age, cells in zip((*AGE_GROUPS, "Insgesamt"), _population_cells(pop)):
            lines.append([_dec31(YEARS[i]), code, _region_name(model, code), age, *cells])
    return lines


def _population_table(code: str, depth_title: str, depth: str, published: str, vintage: Vintage) -> Table:
    return Table(code, ("Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität",
                        "und Altersgruppen (21) - Stichtag 31.12. - (ab 2011)", depth_title,
                        "Fortschreibung des Bevölkerungsstandes", "Bevölkerungsstand (Anzahl)"),
                 POPULATION_HEADER, _dec31,
                 "Bevölkerung nach Geschlecht, Nationalität (Deutsche/Ausländer) und 21 Altersgruppen",
                 "Altersgruppe Insgesamt: Insgesamt | Insgesamt, Deutsche | Insgesamt, Ausländer(innen) | Insgesamt",
                 published, depth=depth, n_keys=4, vintage=vintage)


def population_kreise(model: Model) -> Classic:
    table = _population_table("12411-03-03-4", KREIS_DEPTH,
                              "Deutschland, Thüringen, Kreise (Eisenach bis 2020), Musterland",
                              POPULATION_PUBLISHED, CURRENT)
    rows = _kreis_rows(model, lambda code, i: model.pop[code][i])
    return table, _population_lines(model, table, rows)


def population_gemeinden(model: Model) -> Classic:
    table = _population_table("12411-03-03-5", "regionale Tiefe: Gemeinden",
                              "Musterland und seine 25 Gemeinden", "", OLD)  # an older download, kept on purpose
    codes = [MUSTERLAND[0], *(MUSTERLAND[0] + g[0] for g in GEMEINDEN)]
    rows = ((code, i, model.pop[code][i]) for i in range(len(YEARS)) for code in codes)
    return table, _population_lines(model, table, rows)


# ---- naturalisations, moves, employees, unemployed, AsylbLG, day care, school leavers

NATURALISATION_RATE = (0.012, 0.012, 0.011, 0.011, 0.012, 0.013, 0.011, 0.013, 0.015, 0.017, 0.025)
CONTINENTS = ("Europa", "Afrika", "Amerika", "Asien", "Australien und Ozeanien",
              "staatenlos, ungeklärt, ohne Angabe")


def naturalisations(model: Model) -> Classic:
    table = Table("12511-01-01-4", ("Einbürgerungsstatistik: Einbürgerungen von Ausländern",
                                    "nach Kontinenten - Jahr -", KREIS_DEPTH, "Einbürgerungsstatistik"),
                  _headers("Eingebürgerte Ausländer", ("Insgesamt", *CONTINENTS)), _year,
                  "Einbürgerungen von Ausländern nach Kontinenten der bisherigen Staatsangehörigkeit",
                  "Eingebürgerte Ausländer | Insgesamt",
                  notes=(SECRET_NOTE,))
    rng, tilt = _rng(10), _tilts(model, 10, 0.2)

    def counts(code: str, i: int) -> np.ndarray:
        previous = int(model.pop[code][max(i - 1, 0), 1].sum())
        n = rng.binomial(previous, min(1.0, NATURALISATION_RATE[i] * tilt[code]))
        europe, asia = 0.45 - 0.02 * i, 0.40 + 0.02 * i
        return np.concatenate([[n], rng.multinomial(n, [europe, 0.07, 0.04, asia, 0.005, 0.035])])

    lines = _kreis_lines(model, table, counts, _identity, _row_groups(tuple(range(7))))
    return table, lines


def moves(model: Model) -> Classic:
    table = Table("12711-05-02-4", ("Wanderungsstatistik: Zu- und Fortzüge nach Nationalität",
                                    "(über die Kreisgrenzen) - Jahr -", KREIS_DEPTH, "Wanderungsstatistik"),
                  (("Zuzüge über die Kreisgrenzen",) * 3 + ("Fortzüge über die Kreisgrenzen",) * 3,
                   *_headers("", ("Insgesamt", "Deutsche", "Ausländer") * 2)[1:]), _year,
                  "Zu- und Fortzüge über die Kreisgrenzen nach Nationalität (Deutsche/Ausländer)",
                  "Zuzüge über die Kreisgrenzen | Ausländer, Fortzüge über die Kreisgrenzen | Ausländer")
    rng, tilt = _rng(11), _tilts(model, 11, 0.1)

    def counts(code: str, i: int) -> np.ndarray:
        pop = model.pop[code]
        german, foreign = int(pop[i, 0].sum()), int(pop[i, 1].sum())
        before = int(pop[i - 1, 1].sum()) if i else int(foreign * 0.9)
        in_d, out_d = rng.binomial(german, 0.040 * tilt[code]), rng.binomial(german, 0.043 * tilt[code])
        out_a = rng.binomial(foreign, 0.10 * tilt[code])
        in_a = max(out_a + foreign - before + round(0.01 * before), round(0.05 * foreign))
        return np.array([in_d + in_a, in_d, in_a, out_d + out_a, out_d, out_a])

    return table, _kreis_lines(model, table, counts, _identity)


SVB_FOREIGN_RATE = (0.30, 0.27, 0.24, 0.28, 0.33, 0.37, 0.38, 0.41, 0.36, 0.40, 0.44)


def employees(model: Model) -> Classic:
    table = Table("13111-02-02-4", ("Sozialversicherungspflichtig Beschäftigte am Wohnort nach",
                                    "Geschlecht und Nationalität - Stichtag 30.06. -", KREIS_DEPTH,
                                    "Beschäftigungsstatistik der Bundesagentur für Arbeit"),
                  _headers("Sozialversicherungspflichtig Beschäftigte am Wohnort",
                           ("Insgesamt", "männlich", "weiblich", "Deutsche", "Ausländer")),
                  lambda year: f"30.06.{year}",
                  "Sozialversicherungspflichtig Beschäftigte am Wohnort nach Geschlecht und Nationalität",
                  "Sozialversicherungspflichtig Beschäftigte am Wohnort | Insgesamt bzw. | Ausländer")
    rng, tilt = _rng(12), _tilts(model, 12, 0.05)

    def counts(code: str, i: int) -> np.ndarray:
        working = model.pop[code][i, :, :, WORKING_AGE].sum(axis=(1, 2))
        german = rng.binomial(working[0], min(0.95, (0.60 + 0.006 * i) * tilt[code]))
        foreign = rng.binomial(working[1], min(0.95, SVB_FOREIGN_RATE[i] * tilt[code]))
        men = rng.binomial(german, 0.515) + rng.binomial(foreign, 0.64)
        return np.array([german + foreign, men, german + foreign - men, german, foreign])

    return table, _kreis_lines(model, table, counts, _identity)


UNEMPLOYMENT_GERMAN = (7.3, 6.9, 6.2, 5.6, 5.0, 4.8, 5.5, 5.2, 5.0, 5.4, 5.7)
UNEMPLOYMENT_FOREIGN = (15.5, 16.0, 22.0, 21.0, 19.0, 17.5, 19.5, 18.0, 17.0, 20.5, 22.0)
ELB_GERMAN = (0.085, 0.080, 0.075, 0.070, 0.065, 0.060, 0.062, 0.058, 0.056, 0.057, 0.058)
ELB_FOREIGN = (0.20, 0.22, 0.38, 0.42, 0.40, 0.36, 0.35, 0.33, 0.42, 0.45, 0.44)
BA_NATIONALITIES = ("Ukraine", "Syrien", "Afghanistan")
LABOUR_FIELDS = ("alo_d", "alo_a", "ep_d", "ep_a", "sb", "a1520", "a1525", "a5565", "lz", "alo_m", "ep_m",
                 "ep_1525", "ep_abh", "elb_d", "elb_a", "alo_ukr", "alo_syr", "alo_afg", "elb_ukr", "elb_syr",
                 "elb_afg")
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
    rng, tilt, tilt_a = _rng(13), _tilts(model, 13, 0.15), _tilts(model, 14, 0.2)
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


def _unemployment_finish(code: str, c: np.ndarray) -> list:
    alo, ep = int(c[F["alo_d"]] + c[F["alo_a"]]), int(c[F["ep_d"]] + c[F["ep_a"]])
    men, ep_m = int(c[F["alo_m"]]), int(c[F["ep_m"]])

    def rate(part: int, base: int) -> float:
        return round(100 * part / base, 1)

    counts = [alo, *(int(c[F[k]]) for k in ("alo_a", "sb", "a1520", "a1525", "a5565", "lz"))]
    return counts + [rate(alo, int(c[F["ep_abh"]])), rate(alo, ep), rate(men, ep_m), rate(alo - men, ep - ep_m),
                     rate(int(c[F["alo_a"]]), int(c[F["ep_a"]])), rate(int(c[F["a1525"]]), int(c[F["ep_1525"]]))]


def unemployment(model: Model, labour: dict[str, np.ndarray]) -> Classic:
    share = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
    table = Table("13211-02-05-4", ("Arbeitslose nach ausgewählten Personengruppen sowie",
                                    "Arbeitslosenquoten - Jahresdurchschnitt -", KREIS_DEPTH,
                                    "Arbeitsmarktstatistik der Bundesagentur für Arbeit"),
                  (("Arbeitslose",) * 7 + ("Arbeitslosenquote bez. abh. zivile Erwerbspers.",) + (share,) * 5,
                   ("", "Ausländer", "schwerbehindert", "15 bis unter 20 Jahre", "15 bis unter 25 Jahre",
                    "55 bis unter 65 Jahre", "langzeitarbeitslos", "", "", "Männer", "Frauen", "Ausländer",
                    "15 bis unter 25 Jahre"),
                   ("Anzahl",) * 7 + ("Prozent",) * 6), _year,
                  "Arbeitslose nach Personengruppen (u. a. Ausländer) und Arbeitslosenquoten, Jahresdurchschnitt",
                  "Arbeitslose | Ausländer, Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer",
                  notes=("Musterland: Summe der Gemeindewerte der BA-Datei "
                         "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx.",))
    lines = _kreis_lines(model, table, lambda code, i: labour[code][i], _unemployment_finish)
    return table, lines


ASYLUM_SHARE = (0.09, 0.30, 0.15, 0.10, 0.08, 0.07, 0.065, 0.06, 0.055, 0.06, 0.05)
BASIC_BENEFIT_SHARE = (0.90, 0.95, 0.80, 0.60, 0.55, 0.50, 0.50, 0.50, 0.60, 0.60, 0.55)
ASYLUM_AGES = ("unter 7 Jahre", "7 bis unter 18 Jahre", "18 bis unter 25 Jahre", "25 bis unter 50 Jahre",
               "50 bis unter 65 Jahre", "65 Jahre und mehr")


def asylum_seekers(model: Model) -> Classic:
    table = Table("22221-01-01-4", ("Empfänger von Asylbewerberregelleistungen,",
                                    "Geschlecht, Art der Leistung, Altersgruppen",
                                    "- Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte",
                                    "Empfänger von Asylbewerberregelleistungen"),
                  _headers("Regelleistungsempfänger", ("", "weiblich", "Grundleistungen",
                                                       "laufende Hilfe zum Lebensunterhalt", *ASYLUM_AGES)), _dec31,
                  "Empfänger von Regelleistungen nach dem Asylbewerberleistungsgesetz nach Geschlecht, "
                  "Art der Leistung und Alter", "Regelleistungsempfänger",
                  notes=(SECRET_NOTE,))
    rng, tilt = _rng(15), _tilts(model, 15, 0.3)

    def counts(code: str, i: int) -> np.ndarray:
        n = rng.binomial(int(model.pop[code][i, 1].sum()), min(0.9, ASYLUM_SHARE[i] * tilt[code]))
        basic = rng.binomial(n, BASIC_BENEFIT_SHARE[i])
        ages = rng.multinomial(n, [0.13, 0.16, 0.18, 0.44, 0.07, 0.02])
        return np.array([n, rng.binomial(n, 0.35), basic, n - basic, *ages])

    groups = _row_groups((0, 2, 3), (0, *range(4, 10)))
    return table, _kreis_lines(model, table, counts, _identity, groups)


def day_care(model: Model) -> Classic:
    table = Table("22541-01-02-4", ("Kinder in Tageseinrichtungen nach Altersgruppen und Herkunft",
                                    "- Stichtag 01.03. -", KREIS_DEPTH,
                                    "Statistik der Kinder und tätigen Personen in Tageseinrichtungen"),
                  _headers("Kinder in Tageseinrichtungen",
                           ("Insgesamt", "unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 14 Jahre",
                            "Herkunft mind. 1 Elternteil ausländisch",
                            "vorrangig in der Familie gesprochene Sprache nicht deutsch")),
                  lambda year: f"01.03.{year}",
                  "Kinder in Kindertageseinrichtungen nach Alter, ausländischer Herkunft mindestens eines "
                  "Elternteils und Familiensprache",
                  "Kinder in Tageseinrichtungen | Herkunft mind. 1 Elternteil ausländisch",
                  notes=("Gezählt am Ort der Einrichtung, nicht am Wohnort des Kindes: Quoten mit der "
                         "Bevölkerung des Kreises als Nenner können verzerrt sein.",
                         "Tabellencode nach dem Muster der Regionaldatenbank gebildet.",))
    rng, tilt = _rng(16), _tilts(model, 16, 0.08)

    def counts(code: str, i: int) -> np.ndarray:
        children = model.pop[code][max(i - 1, 0)][:, :, :3].sum(axis=1)  # 31.12. of the year before
        under3 = rng.binomial(children[:, 0], [min(0.95, 0.55 * tilt[code]), 0.38])
        three_six = rng.binomial(children[:, 1], [0.95, 0.82])
        school = rng.binomial(children[:, 2].sum(), 0.04)
        origin = under3[1] + three_six[1] + rng.binomial(under3[0] + three_six[0], 0.035)
        total = under3.sum() + three_six.sum() + school
        return np.array([total, under3.sum(), three_six.sum(), school, origin, rng.binomial(origin, 0.68)])

    return table, _kreis_lines(model, table, counts, _identity)


LEAVER_COLUMNS = ("Insgesamt", "ohne Hauptschulabschluss", "mit Hauptschulabschluss", "mit mittlerem Abschluss",
                  "mit Fachhochschulreife", "mit allgemeiner Hochschulreife")


def school_leavers(model: Model) -> Classic:
    table = Table("21111-02-06-4", ("Absolventen und Abgänger allgemeinbildender Schulen",
                                    "nach Abschlussarten - Jahr -", KREIS_DEPTH,
                                    "Statistik der allgemeinbildenden Schulen"),
                  _headers("Absolventen und Abgänger", LEAVER_COLUMNS), _year,
                  "Absolventen und Abgänger allgemeinbildender Schulen nach Abschlussart "
                  "(u. a. ohne Hauptschulabschluss); ohne Aufgliederung nach Nationalität",
                  "Absolventen und Abgänger | ohne Hauptschulabschluss",
                  notes=('zu Spalte "mit Fachhochschulreife": für die Thüringer Regionen in dieser '
                         "Demo-Tabelle gesperrt (x), damit das Zeichen geübt werden kann.",))
    rng, tilt = _rng(17), _tilts(model, 17, 0.15)

    def counts(code: str, i: int) -> np.ndarray:
        cohort = model.pop[code][i][:, :, 4].sum(axis=1)  # 15 to under 18
        leavers = rng.binomial(cohort, [1 / 3, 0.3])
        without = rng.binomial(leavers, [min(0.5, 0.07 * tilt[code]), min(0.8, 0.24 * tilt[code])]).sum()
        rest = leavers.sum() - without
        lower = rng.binomial(rest, 0.17)
        middle = rng.binomial(rest - lower, 0.52)
        technical = rng.binomial(rest - lower - middle, 0.03) if code == "DG" else 0
        return np.array([leavers.sum(), without, lower, middle, technical, rest - lower - middle - technical])

    def finish(code: str, c: np.ndarray) -> list:
        cells = _identity(code, c)
        return cells if code == "DG" else cells[:4] + ["x"] + cells[5:]

    return table, _kreis_lines(model, table, counts, finish)


# ---------------------------------------------------------------- zip packing (fixed timestamps)

def _pack_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


# ---------------------------------------------------------------- AZR 12521-0041: GENESIS-Online CSV and flat file

FFCSV_COLUMNS = ("statistics_code", "statistics_label", "time_code", "time_label", "time",
                 "1_variable_code", "1_variable_label", "1_variable_attribute_code", "1_variable_attribute_label",
                 "2_variable_code", "2_variable_label", "2_variable_attribute_code", "2_variable_attribute_label",
                 "3_variable_code", "3_variable_label", "3_variable_attribute_code", "3_variable_attribute_label",
                 "value", "value_unit", "value_variable_code", "value_variable_label", "value_q")
SEXES = (("", "Insgesamt"), ("GESM", "männlich"), ("GESW", "weiblich"))
FOREIGNERS_TABLE = "12521-0041"


def _genesis_label(code: str, name: str) -> str:
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


AZR_NATIONALITIES = (("", "Insgesamt"), *((n[0], n[1]) for n in NATIONALITIES))
AZR_CONTENT = ("Ausländer (Ausländerzentralregister) nach Geschlecht und Staatsangehörigkeit (alle EU-Staaten und "
               "die größten Drittstaaten), Werte auf Vielfache von 5 gerundet")
AZR_DEPTH, AZR_PERIOD = "Thüringer Kreise (Eisenach bis 2020), Musterland", "31.12.2014 bis 31.12.2024"
AZR_MAIN = "Ausländer; Geschlecht Insgesamt/männlich/weiblich; Staatsangehörigkeit Insgesamt oder Land"


def _azr_table(model: Model) -> dict[tuple[int, str], np.ndarray | None]:
    """(year index, Kreis code) → rounded (sex, nationality incl. total) counts; None for Eisenach from 2021."""
    rng = _rng(20)
    codes = [*_thuringian(model), MUSTERLAND[0]]
    cells = {}
    for i, year in enumerate(YEARS):
        merged = year >= MERGER_YEAR
        for code in codes:
            azr = model.azr[code][i] + (model.azr[EISENACH[0]][i] if merged and code == "16063" else 0)
            drawn = _azr_cells(rng, azr)  # drawn for Eisenach after 2020 too: keeps the random sequence
            cells[i, code] = None if merged and code == EISENACH[0] else drawn
    return cells


def _azr_value(cells: np.ndarray | None, s: int, n: int) -> str:
    return "-" if cells is None or cells[s, n] == 0 else str(cells[s, n])


def foreigners_ffcsv(model: Model, out: Path) -> Written:
    """12521-0041 as a GENESIS flat file (new long layout, zipped): the other download format of the
    shipped GENESIS-Online CSV, same numbers (not part of the demo folder; the tests compare both)."""
    lines = [";".join(FFCSV_COLUMNS)]
    for (i, code), cells in _azr_table(model).items():
        region = f"KREISE;Kreise und kreisfreie Städte;{code};{_genesis_label(code, model.names[code])}"
        for s, (sex_code, sex_label) in enumerate(SEXES):
            for n, (nat_code, nat_label) in enumerate(AZR_NATIONALITIES):
                value = _azr_value(cells, s, n)
                lines.append(f"12521;Ausländerstatistik;STAG;Stichtag;{YEARS[i]}-12-31;{region};GES;Geschlecht;"
                             f"{sex_code};{sex_label};STAAG6;Staatsangehörigkeit;{nat_code};{nat_label};"
                             f"{value};Anzahl;BEV027;Ausländer;{'' if value == '-' else 'e'}")
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    path = _pack_zip(out / f"{FOREIGNERS_TABLE}_de_flat.zip", [(f"{FOREIGNERS_TABLE}_de_flat.csv", data)])
    return Written(path, FOREIGNERS_TABLE, AZR_CONTENT, "GENESIS-Flatfile-CSV, neues Format (ZIP, UTF-8 mit BOM)",
                   AZR_DEPTH, AZR_PERIOD, AZR_MAIN)


def _with_flags(cells: list[str], flags: list[str]) -> str:
    """Cells each followed by its quality-flag column, as GENESIS-Online writes them (`84281;e`)."""
    return ";".join(f"{cell};{flag}" for cell, flag in zip(cells, flags))


def foreigners_genesis_online(model: Model, out: Path) -> Written:
    """12521-0041 as GENESIS-Online's table CSV of 2025/26 (UTF-8 with BOM): Kreis and nationality as
    key columns, Stichtag and Geschlecht in the header, every value followed by its quality flag."""
    table = _azr_table(model)
    columns = [(i, s) for i in range(len(YEARS)) for s in range(len(SEXES))]
    blank = [""] * len(columns)
    head = [["Stichtag", *blank[1:]], [_dec31(YEARS[i]) if s == 0 else "" for i, s in columns],
            ["Geschlecht", *blank[1:]], [SEXES[s][1] for _, s in columns]]
    text = [f"\ufeffTabelle: {FOREIGNERS_TABLE}"]
    text += [title + ";" * (2 + 2 * len(columns)) for title in (
        "Ausländer: Kreise, Stichtag, Geschlecht, Staatsangehörigkeit", "Ausländerstatistik", "Ausländer (Anzahl)")]
    text += [";;;" + _with_flags(row, blank) for row in head]
    for code in dict.fromkeys(code for _, code in table):
        name = _genesis_label(code, model.names[code])
        for n, (_, nationality) in enumerate(AZR_NATIONALITIES):
            values = [_azr_value(table[i, code], s, n) for i, s in columns]
            flags = ["" if v == "-" else "e" for v in values]
            text.append(f"{code};{name};{nationality};" + _with_flags(values, flags))
    text += ["__________", _quoted(DEMO_NOTE + "\nJede Zelle ist auf ein Vielfaches von 5 gerundet."),
             _quoted(COPYRIGHT), STAND]
    path = out / f"{FOREIGNERS_TABLE}_de.csv"
    path.write_bytes(("\n".join(text) + "\n").encode("utf-8"))
    return Written(path, FOREIGNERS_TABLE, AZR_CONTENT, "GENESIS-Online-CSV, Aufbau 2025/26 (UTF-8 mit BOM, "
                   "nach jeder Wertespalte eine Spalte mit dem Qualitätskennzeichen)", AZR_DEPTH, AZR_PERIOD,
                   "Ausländer (Anzahl): Geschlecht | Insgesamt, männlich, weiblich; Staatsangehörigkeit Insgesamt "
                   "oder Land in der dritten Spalte")


# ---------------------------------------------------------------- BA-style Excel

BA_FILE = "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx"
BA_GROUPS = ("Arbeitslose", "Erwerbsfähige Leistungsberechtigte (SGB II)")
BA_FOOTNOTES = (
    "*) Aus Datenschutzgründen und Gründen der statistischen Geheimhaltung werden Zahlenwerte von 1 oder 2 "
    "und Daten, aus denen rechnerisch auf einen solchen Zahlenwert geschlossen werden kann, anonymisiert.",
    "-) nichts vorhanden (Zahlenwert genau Null)",
    "Jahresdurchschnitte. Ausländer: Personen ohne deutsche Staatsangehörigkeit.",
    DEMO_NOTE + " Thüringen: Summe der Demo-Kreiswerte. Musterland: Summe seiner Gemeinden.",
    "Nachgebildet nach Tabellen der Statistik der Bundesagentur für Arbeit; keine veröffentlichten Werte.",
)


def _ba_values(labour: np.ndarray) -> list[int]:
    def group(prefix: str) -> list[int]:
        german, foreign = int(labour[F[f"{prefix}_d"]]), int(labour[F[f"{prefix}_a"]])
        return [german + foreign, german, foreign,
                *(int(labour[F[f"{prefix}_{n}"]]) for n in ("ukr", "syr", "afg"))]
    return group("alo") + group("elb")


def _ba_table(model: Model, labour: dict[str, np.ndarray], i: int) -> tuple[list[str], np.ndarray]:
    """Codes and anonymised values (Thüringen, Musterland, its Gemeinden) for one year."""
    land = sum(labour[c] for c in _thuringian(model))[i]
    codes = ["16", MUSTERLAND[0], *(MUSTERLAND[0] + g[0] for g in GEMEINDEN)]
    values = np.array([_ba_values(land)] + [_ba_values(labour[c][i]) for c in codes[1:]])
    rows = range(1, len(codes))
    groups = [[(r, c) for c in (start, start + 1, start + 2)] for r in rows for start in (0, 6)]
    groups += [[(r, c) for r in rows] for c in range(values.shape[1])]  # Gemeinden add up to the Kreis
    return codes, _suppress(values, groups, "*")


def _ba_sheet(sheet, model: Model, codes: list[str], values: np.ndarray, year: int) -> None:
    bold = Font(bold=True)
    sheet.append(["Arbeitslose und erwerbsfähige Leistungsberechtigte nach Staatsangehörigkeit"])
    sheet.append(["Landkreis Musterland und seine Gemeinden, Thüringen"])
    sheet.append([f"Jahresdurchschnitt {year}"])
    sheet.append([])
    sheet.append(["Regionalschlüssel", "Region", BA_GROUPS[0], *[None] * 5, BA_GROUPS[1], *[None] * 5])
    sheet.append([None, None, *(["Insgesamt", "Deutsche", "Ausländer", "darunter", None, None] * 2)])
    sheet.append([None, None, *([None, None, None, *BA_NATIONALITIES] * 2)])
    for merged in ("A5:A7", "B5:B7", "C5:H5", "I5:N5", "C6:C7", "D6:D7", "E6:E7", "F6:H6", "I6:I7", "J6:J7",
                   "K6:K7", "L6:N6"):
        sheet.merge_cells(merged)
    for code, row in zip(codes, values):
        name = "Thüringen" if code == "16" else model.names[code]
        sheet.append([code, name, *(v if isinstance(v, str) else (int(v) or "-") for v in row)])
    sheet.append([])
    for note in BA_FOOTNOTES:
        sheet.append([note])
    sheet["A1"].font = bold
    for row in sheet.iter_rows(min_row=5, max_row=7):
        for cell in row:
            cell.font, cell.alignment = bold, Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.column_dimensions["B"].width = 28
    for cell in sheet["A"][7:7 + len(codes)]:
        cell.number_format = "@"


def ba_workbook(model: Model, labour: dict[str, np.ndarray], out: Path) -> Written:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for i, year in reversed(list(enumerate(YEARS))):  # newest year first, as the first sheet
        codes, values = _ba_table(model, labour, i)
        _ba_sheet(workbook.create_sheet(str(year)), model, codes, values, year)
    workbook.properties.creator = "IKPE-Werkzeugkasten (Demo-Daten)"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    return Written(_pack_zip(out / BA_FILE, members), "BA (ohne Code)",
                   "Arbeitslose und erwerbsfähige Leistungsberechtigte (SGB II) nach Staatsangehörigkeit "
                   "(Deutsche, Ausländer, darunter Ukraine, Syrien, Afghanistan); ein Tabellenblatt je Jahr, "
                   "das neueste zuerst",
                   "Excel im Stil der Statistik der Bundesagentur für Arbeit (* = anonymisiert)",
                   "Thüringen, Musterland, 25 Gemeinden", "Jahresdurchschnitte 2014 bis 2024",
                   "Arbeitslose | Ausländer, Erwerbsfähige Leistungsberechtigte (SGB II) | Ausländer")


# ---------------------------------------------------------------- synthetic boundaries (GeoJSON, WGS84)

GRID = 5  # 5 × 5 cells of about 10 km: one per Gemeinde, Musterstadt in the middle
ORIGIN, CELL = (10.78, 50.50), (0.1419, 0.0899)  # south-west corner (lon, lat), cell size in degrees


def _grid_vertices(rng) -> np.ndarray:
    """(GRID+1)² corner points, jittered so the tessellation does not look like a chessboard."""
    index = np.stack(np.meshgrid(np.arange(GRID + 1), np.arange(GRID + 1), indexing="ij"), axis=-1)
    jitter = rng.uniform(-0.25, 0.25, size=index.shape)
    return (index[..., ::-1] + jitter) * CELL + ORIGIN  # [row, col] -> (lon, lat)


def _edges(rng, vertices: np.ndarray) -> dict[tuple, list]:
    """Every cell edge once, with three wiggled intermediate points, so neighbours share it exactly."""
    edges = {}
    for (r, c) in np.ndindex(GRID + 1, GRID + 1):
        for dr, dc in ((0, 1), (1, 0)):
            if r + dr > GRID or c + dc > GRID:
                continue
            start, end = vertices[r, c], vertices[r + dr, c + dc]
            normal = np.array([-(end - start)[1], (end - start)[0]])
            middle = [start + t * (end - start) + rng.uniform(-0.12, 0.12) * normal for t in (0.25, 0.5, 0.75)]
            edges[(r, c), (r + dr, c + dc)] = [start, *middle, end]
    return edges


def _path(edges: dict, corners: list[tuple[int, int]]) -> list[list[float]]:
    """Closed ring through the given grid corners, following the shared edges."""
    ring = []
    for a, b in zip(corners, corners[1:] + corners[:1]):
        points = edges[a, b] if (a, b) in edges else edges[b, a][::-1]
        ring += points[:-1]
    ring.append(ring[0])
    return [[round(float(x), 5), round(float(y), 5)] for x, y in ring]


def _cell_corners(r: int, c: int) -> list[tuple[int, int]]:
    return [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)]  # counter-clockwise


def _outline_corners() -> list[tuple[int, int]]:
    south = [(0, c) for c in range(GRID)]
    east = [(r, GRID) for r in range(GRID)]
    north = [(GRID, c) for c in range(GRID, 0, -1)]
    west = [(r, 0) for r in range(GRID, 0, -1)]
    return south + east + north + west


def _feature(properties: dict, ring: list) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _write_json(path: Path, name: str, features: list[dict]) -> Path:
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def boundaries(out: Path) -> list[Written]:
    rng = _rng(30)
    edges = _edges(rng, _grid_vertices(rng))
    cells = [cell for cell in np.ndindex(GRID, GRID) if cell != (GRID // 2, GRID // 2)]
    order = rng.permutation(len(cells))
    places = {KREISSTADT: (GRID // 2, GRID // 2)}
    others = [g for g in GEMEINDEN if MUSTERLAND[0] + g[0] != KREISSTADT]
    places |= {MUSTERLAND[0] + g[0]: cells[k] for g, k in zip(others, order)}
    features = []
    for g in GEMEINDEN:
        ags = MUSTERLAND[0] + g[0]
        properties = {"ars": f"{MUSTERLAND[0]}0{g[0]}{g[0]}", "ags": ags, "name": g[1].removesuffix(", Stadt"),
                      "bez": g[2]}
        features.append(_feature(properties, _path(edges, _cell_corners(*places[ags]))))
    kreis = _feature({"ags": MUSTERLAND[0], "name": "Musterland", "bez": "Landkreis"},
                     _path(edges, _outline_corners()))
    geo = "GeoJSON (WGS84), Eigenschaften ags, name, bez (Gemeinden auch ars)"
    return [Written(_write_json(out / "musterland_gemeinden.geojson", "Musterland Gemeinden (fiktiv), Demo-Daten",
                                features), "–", "Erfundene Gemeindegrenzen", geo, "25 Gemeinden", "–"),
            Written(_write_json(out / "musterland_kreis.geojson", "Landkreis Musterland (fiktiv), Demo-Daten",
                                [kreis]), "–", "Erfundene Kreisgrenze (Umriss der Gemeinden)", geo, "Kreis", "–")]


# ---------------------------------------------------------------- README and entry points

README_INTRO = """# Demo-Daten: Landkreis Musterland

**Der Landkreis Musterland (Kreisschlüssel 16099) ist erfunden.** Er hat 25 Gemeinden (16099001 bis
16099025), rund 100 000 Einwohner*innen und die Kreisstadt Musterstadt (16099015). Seine Gemeinden,
Grenzen und alle Zahlen über ihn sind Demo-Werte. An ihm üben Sie jeden Kursschritt, bevor Sie ihn mit
den Dateien Ihres eigenen Landkreises wiederholen.

Die Dateien haben genau das Format, das Sie beim eigenen Download bekommen: Regionalstatistik-CSV
(Windows-1252, Titelzeilen, mehrzeilige Kopfzeilen, Fußnoten nach `__________`), die „CSV“ von
GENESIS-Online (UTF-8, nach jedem Wert sein Qualitätskennzeichen) und eine Excel-Datei im Stil der
Bundesagentur für Arbeit.

**Aufbau 2025/26 und 2017/18.** Die Regionalstatistik-Dateien haben den Aufbau aktueller Downloads
(2025/26): In der ersten Zeile steht `Tabelle: <Code>`, „regionale Tiefe:“ und die Tiefe stehen je in
einer eigenen Titelzeile, und die Spalten heißen „ausländisch“. Eine Datei hat absichtlich den älteren
Aufbau von 2017/18, wie ihn viele Kursteilnehmende noch auf der Festplatte haben:
`12411-03-03-5.csv` (Gemeinden) mit `GENESIS-Tabelle: <Code>`, der Tiefe in derselben Zeile
(„regionale Tiefe: Gemeinden“) und den Spalten „Ausländer(innen)“. Der Werkzeugkasten liest beide,
auch gemischt in einem Ordner; welche Datei welchen Aufbau hat, steht in der Spalte „Format“.

## Veröffentlichte und erfundene Werte

Zum Vergleichen enthalten die Kreistabellen auch Deutschland (`DG`), Thüringen (`16`) und die
Thüringer Kreise. Veröffentlichte Zahlen sind übernommen, wo es sie gibt:

- Bevölkerung am 31.12.2023 (Insgesamt) für Thüringen und seine 22 Kreise (`12411-03-03-4.csv`);
- Ausländer laut Ausländerzentralregister am 31.12.2023 und 31.12.2024, soweit für einen Kreis
  veröffentlicht (`12521-0041_de.csv`, Zeile Insgesamt/Insgesamt); die übrigen Kreiswerte sind so
  erfunden, dass alle 22 zusammen ungefähr die veröffentlichten Thüringer Summen ergeben (180 850 bzw. 187 765);
- die Thüringer Summen für Ukraine, Syrien und Polen 2023/2024 (die Aufteilung auf die Kreise ist erfunden).

Quelle dieser Werte: {source}.

**Alles andere ist erfunden** (Demo-Werte), auch alle Werte für Deutschland, alle Jahre außer den
genannten Stichtagen und die Aufteilung des Wartburgkreises in Eisenach und den übrigen Kreis vor 2021.
Musterland ist in den Werten für Thüringen und Deutschland nicht enthalten. Die Fußnote jeder Datei sagt
dasselbe.

## Dateien

| Datei | Tabelle | Inhalt | Format | Regionale Tiefe | Zeitraum | Hauptwerte (Kopfzeilen-Pfad) |
|---|---|---|---|---|---|---|
"""
README_NOTES = """
## Was beim Auswerten zu beachten ist

- **Zeichen statt Zahlen:** `-` nichts vorhanden (genau null; bei Eisenach ab 2021: Gebiet besteht
  nicht mehr), `.` geheim gehalten, `x` Tabellenfach gesperrt, `*` (BA) anonymisiert, weil der Wert 1
  oder 2 ist oder sich daraus errechnen ließe. Kleine Gemeinden liefern kleine Zellen – vor jeder
  Veröffentlichung läuft die Geheimhaltungsprüfung.
- **Eisenach (16056)** gehört seit dem 01.07.2021 zum Wartburgkreis (16063). Zeitreihen über 2021
  hinweg: Anzahlen von Eisenach und Wartburgkreis addieren, Quoten nie mitteln.
- **Ausländerzentralregister und Bevölkerungsfortschreibung** zählen verschieden; jede Zelle der
  AZR-Datei ist einzeln auf ein Vielfaches von 5 gerundet, Summen stimmen daher nur ungefähr.
  Ausländeranteile mit der Fortschreibung (`12411-03-03-4`) berechnen.
- **Kita-Zahlen** zählen am Ort der Einrichtung, Beschäftigte am Wohnort, Arbeitslose und
  Leistungsberechtigte im Jahresdurchschnitt.
- `12411-03-03-5` (Gemeinden) und `22541-01-02-4` sind im Aufbau der Regionaldatenbank nachgebildet;
  prüfen Sie beim eigenen Download den dort angegebenen Tabellencode.
- **`12521-0041` (AZR)** liegt so bei, wie die meisten sie herunterladen: als „CSV“ aus GENESIS-Online
  (`Tabelle: 12521-0041`, UTF-8, nach jeder Wertespalte ein Qualitätskennzeichen wie `e`). GENESIS-Online
  bietet dieselbe Tabelle auch als „Flatfile-CSV“ (ZIP) an; der Werkzeugkasten liest beide, Indikatoren
  und Grafik der Staatsangehörigkeiten sind aus beiden gleich.

Die Dateien erzeugt `python -m toolkit.demo_data` (fester Startwert, jedes Mal byteweise gleich).
"""


def _readme(out: Path, written: list[Written]) -> Path:
    rows = [f"| `{w.path.name}` | {w.code} | {w.content} | {w.format} | {w.depth} | {w.period} | "
            f"{w.main.replace('|', chr(92) + '|')} |"
            for w in written]
    text = (README_INTRO.format(source=SOURCE_LINE) + "\n".join(rows) + "\n" + README_NOTES + "\n"
            + demo_plan.readme_section())
    path = out / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def generate(out_dir: Path, vintage: Vintage | None = None) -> list[Path]:
    """Write all demo files into `out_dir` and return their paths (README last).

    `vintage` writes every classic table in that download layout instead of its own: with `OLD`, the
    demo as it was before the 2025/26 layouts (same numbers; tests compare what the course computes).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = build_model()
    labour = labour_market(model)
    classic = [population_kreise(model), population_gemeinden(model), naturalisations(model), moves(model),
               employees(model), unemployment(model, labour), school_leavers(model), asylum_seekers(model),
               day_care(model)]
    written = [_write_classic(out, replace(table, vintage=vintage or table.vintage), lines) for table, lines in classic]
    written += [foreigners_genesis_online(model, out), ba_workbook(model, labour, out), *boundaries(out)]
    return [w.path for w in written] + [_readme(out, written)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = generate(Path(args[0]) if args else DEMO_DATA_DIR)
    print(f"{len(paths)} Dateien geschrieben nach {paths[0].parent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
