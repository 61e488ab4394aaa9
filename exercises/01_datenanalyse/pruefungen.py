"""Checks of course stage 1 "Datenanalyse" on the demo district Landkreis Musterland.

`daten` is what the notebook passed to `lade`: a dict of tidy tables keyed by table code
(12411-03-03-5 Gemeinden, 12411-03-03-4 Kreise, 12511-01-01-4 Einbürgerungen). Every expected
answer is computed from these tables.
"""
import pandas as pd

from toolkit.data import levels
from toolkit.disclosure import suppress
from toolkit.exercises import Aufgabe

GEMEINDEN, KREISE, EINBUERGERUNGEN = "12411-03-03-5", "12411-03-03-4", "12511-01-01-4"
MUSTERLAND, MUSTERSTADT, EISENACH, WARTBURGKREIS = "16099", "16099015", "16056", "16063"
TOTAL, FOREIGN = "Insgesamt | Insgesamt", "Ausländer(innen) | Insgesamt"
#: The demo's 12411-03-03-4 has the labels of 2025/26 downloads, its Gemeinde table those of 2017/18.
FOREIGN_KREISE = "ausländisch | Insgesamt"
FOREIGN_PREFIX = "Ausländer(innen) | "
NATURALISED = "Eingebürgerte Ausländer | "
FIRST, LAST, BEFORE_MERGER, NATURALISATION_YEAR = "2014-12-31", "2024-12-31", "2020-12-31", "2023"
THRESHOLD = 3
SMALLEST = 5
#: Short German meanings of the markers: what a learner chooses from (plus one wrong idea).
MEANINGS = {"-": "nichts vorhanden", ".": "geheim oder unbekannt", "...": "kommt später",
            "/": "nicht sicher genug", "x": "nicht sinnvoll"}
CHOICES = (*MEANINGS.values(), "Fehler in der Datei")


def _cells(table: pd.DataFrame, code: str, time: str) -> pd.DataFrame:
    """value and status by variable for one region and time (age group Insgesamt where there is one)."""
    rows = table[(table["region_code"] == code) & (table["time"] == time)]
    if "age_group" in rows:
        rows = rows[rows["age_group"] == "Insgesamt"]
    return rows.set_index("variable")[["value", "status"]]


def _share(counts: pd.Series, foreign: str = FOREIGN) -> float:
    return 100 * counts[foreign] / counts[TOTAL]


def _naturalised(daten) -> pd.DataFrame:
    return _cells(daten[EINBUERGERUNGEN], MUSTERLAND, NATURALISATION_YEAR)


def _meaning(daten, part: str) -> str:
    return MEANINGS[_naturalised(daten).loc[NATURALISED + part, "status"]]


def _hidden_naturalisations(daten) -> float:
    values = _naturalised(daten)["value"]
    total = NATURALISED + "Insgesamt"
    return values[total] - values.drop(total).sum()


def _foreigners(daten) -> pd.DataFrame:
    """Foreigners per Gemeinde (rows: name) and Stichtag (columns)."""
    table = daten[GEMEINDEN]
    rows = table[(levels(table["region_code"]) == "Gemeinde") & (table["age_group"] == "Insgesamt")
                 & (table["variable"] == FOREIGN)]
    return rows.pivot(index="region_name", columns="time", values="value")


def _growth(daten) -> pd.Series:
    foreigners = _foreigners(daten)
    return foreigners[LAST] - foreigners[FIRST]


def _growth_percent(daten) -> pd.Series:
    return 100 * _growth(daten) / _foreigners(daten)[FIRST]


def _small_table(daten) -> pd.DataFrame:
    """Foreigners by sex (Insgesamt, männlich, weiblich) at LAST in the SMALLEST Gemeinden with the fewest."""
    table = daten[GEMEINDEN]
    rows = table[(levels(table["region_code"]) == "Gemeinde") & (table["age_group"] == "Insgesamt")
                 & (table["time"] == LAST) & table["variable"].str.startswith(FOREIGN_PREFIX)]
    wide = rows.pivot(index="region_name", columns="variable", values="value")
    wide.columns = wide.columns.str.removeprefix(FOREIGN_PREFIX)
    return wide.nsmallest(SMALLEST, "Insgesamt")


def _cells_where(mask: pd.DataFrame) -> set:
    return {(row, column) for (row, column), hidden in mask.stack().items() if hidden}


def _primary(daten) -> set:
    small = _small_table(daten)
    return _cells_where((small > 0) & (small < THRESHOLD))


def _secondary(daten) -> set:
    checked = suppress(_small_table(daten), THRESHOLD, total_column="Insgesamt", assume_totals_known=False)
    return _cells_where(checked.mask) - _primary(daten)


def _share_in_todays_borders(daten) -> float:
    kreise = daten[KREISE]
    pair = [_cells(kreise, code, BEFORE_MERGER)["value"] for code in (EISENACH, WARTBURGKREIS)]
    return _share(pair[0] + pair[1], FOREIGN_KREISE)


AUFGABEN = [
    Aufgabe("01-1", "Ausländeranteil in Musterstadt am 31.12.2024 in Prozent",
            expected=lambda daten: _share(_cells(daten[GEMEINDEN], MUSTERSTADT, LAST)["value"]),
            hint="Teilen Sie die Zahl der Ausländer(innen) (Insgesamt) durch alle Einwohner (Insgesamt | "
                 "Insgesamt) und nehmen Sie das Ergebnis mal 100.",
            solution='anteil = 100 * musterstadt["Ausländer(innen) | Insgesamt"] / '
                     'musterstadt["Insgesamt | Insgesamt"]',
            tolerance=0.05),
    Aufgabe("01-2", "Bedeutung des Punkts „.“ bei den Einbürgerungen aus Amerika 2023",
            expected=lambda daten: _meaning(daten, "Amerika"),
            hint="Ein Punkt steht, wo das Statistische Amt eine Zahl nicht kennt oder nicht zeigen darf – "
                 "zum Beispiel, weil sie so klein ist, dass man Personen erkennen könnte.",
            solution='punkt = "geheim oder unbekannt"', choices=CHOICES),
    Aufgabe("01-3", "Bedeutung des Strichs „-“ bei den Einbürgerungen aus Australien und Ozeanien 2023",
            expected=lambda daten: _meaning(daten, "Australien und Ozeanien"),
            hint="Ein Strich ist eine echte Null: Es gab keinen einzigen Fall. In der Tabelle steht deshalb "
                 "in der Spalte value eine 0.",
            solution='strich = "nichts vorhanden"', choices=CHOICES),
    Aufgabe("01-4", "Einbürgerungen 2023, die hinter den Punkten verborgen sind",
            expected=_hidden_naturalisations,
            hint="Die Teile ohne Punkt addieren Sie mit .sum() (Punkte zählen dabei nicht mit). Was zur Zeile "
                 "Insgesamt fehlt, steckt hinter den Punkten.",
            solution="verborgen = insgesamt - teile.sum()"),
    Aufgabe("01-5", "Gemeinde mit dem größten Zuwachs an Ausländer(inne)n 2014–2024 (Personen)",
            expected=lambda daten: _growth(daten).idxmax(),
            hint='Ziehen Sie die Spalte "2014-12-31" von der Spalte "2024-12-31" ab; .idxmax() nennt die '
                 "Zeile mit dem größten Wert.",
            solution='zuwachs = auslaender_je_gemeinde["2024-12-31"] - auslaender_je_gemeinde["2014-12-31"]; '
                     "groesster_zuwachs = zuwachs.idxmax()"),
    Aufgabe("01-6", "Gemeinde mit dem größten Zuwachs an Ausländer(inne)n 2014–2024 in Prozent",
            expected=lambda daten: _growth_percent(daten).idxmax(),
            hint='Teilen Sie den Zuwachs durch den Stand von 2014 ("2014-12-31") und nehmen Sie mal 100; '
                 "dann wieder .idxmax().",
            solution='zuwachs_prozent = 100 * zuwachs / auslaender_je_gemeinde["2014-12-31"]; '
                     "groesster_prozent = zuwachs_prozent.idxmax()"),
    Aufgabe("01-7", f"Felder mit Fallzahlen unter {THRESHOLD} (primäre Geheimhaltung)",
            expected=_primary,
            hint=f"Gesucht sind die Felder mit 1 oder 2 – also größer als 0 und kleiner als {THRESHOLD}. "
                 "Eine 0 bleibt sichtbar (sie wird als „-“ gezeigt).",
            solution=f"primaer = felder((klein > 0) & (klein < {THRESHOLD}))"),
    Aufgabe("01-8", "Felder, die zusätzlich gesperrt werden müssen (sekundäre Geheimhaltung)",
            expected=_secondary,
            hint="Ist in einer Zeile nur ein Feld gesperrt, rechnet man es als Insgesamt minus das andere Feld "
                 "aus. In solchen Zeilen muss das andere Feld mitgesperrt werden; sind beide schon gesperrt, "
                 "ist nichts weiter nötig.",
            solution="In jeder Zeile mit genau einem primär gesperrten Feld auch das andere Geschlecht sperren."),
    Aufgabe("01-9", "Ausländeranteil am 31.12.2020 im Wartburgkreis in heutigen Grenzen (mit Eisenach)",
            expected=_share_in_todays_borders,
            hint="Erst die Anzahlen von Eisenach und Wartburgkreis addieren (zahlen.sum()), dann aus den Summen "
                 "den Anteil berechnen – nicht die beiden Anteile mitteln.",
            solution='summe = zahlen.sum(); anteil_heute = 100 * summe["ausländisch | Insgesamt"] / '
                     'summe["Insgesamt | Insgesamt"]',
            tolerance=0.05),
]
