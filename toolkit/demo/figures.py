"""The figures the demo district is built from: published reference values and invented settings.

Published (kept exactly): Thuringia's Kreise population 31.12.2023, AZR foreigners 2023/2024 where a Kreis
published them, Thuringia's totals and its three largest nationalities. Everything else is invented:
Musterland's 25 Gemeinden, Germany, the years before 2023, the paths of each nationality, the age and sex
structure. `toolkit.demo.model` turns these into populations and AZR stocks per area and year.
"""
from __future__ import annotations

import numpy as np

YEARS = tuple(range(2014, 2025))
I2023 = YEARS.index(2023)
MERGER_YEAR = 2021  # Eisenach (16056) belongs to the Wartburgkreis (16063) since 1 July 2021

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
