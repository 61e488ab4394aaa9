"""Checks of the sample exercises (used only by tests/exercises/test_exercises.py).

`daten` is the tidy table the notebook read from gemeinden.csv; every expected answer is computed from it.
"""
import pandas as pd

from toolkit.exercises import Aufgabe

#: Counts below this must not be published (primary suppression).
THRESHOLD = 3


def _wide(daten: pd.DataFrame) -> pd.DataFrame:
    return daten.pivot_table(index=["region_code", "region_name"], columns="variable", values="value").reset_index()


def _shares(daten: pd.DataFrame) -> pd.DataFrame:
    wide = _wide(daten)
    return pd.DataFrame({"region_name": wide["region_name"],
                         "anteil": 100 * wide["Ausländer"] / wide["Bevölkerung"]})


AUFGABEN = [
    Aufgabe("S-1", "Ausländeranteil in Cestadt in Prozent",
            expected=lambda daten: _shares(daten).set_index("region_name").loc["Cestadt", "anteil"],
            hint="Teilen Sie die Zahl der Ausländer durch die Bevölkerung und nehmen Sie das Ergebnis mal 100.",
            solution="anteil = 100 * Ausländer / Bevölkerung für die Zeilen von Cestadt.",
            tolerance=0.05),
    Aufgabe("S-2", "Gemeinde mit dem höchsten Ausländeranteil",
            expected=lambda daten: _shares(daten).sort_values("anteil").iloc[-1]["region_name"],
            hint="Berechnen Sie den Anteil für jede Gemeinde und sortieren Sie absteigend.",
            solution="Die Gemeinde in der obersten Zeile von anteile.sort_values('anteil', ascending=False)."),
    Aufgabe("S-3", "Gemeinden, deren Ausländerzahl gesperrt werden muss",
            expected=lambda daten: set(daten.loc[(daten["variable"] == "Ausländer")
                                                 & (daten["value"] < THRESHOLD), "region_name"]),
            hint=f"Gesperrt wird jede Zahl unter {THRESHOLD}; es zählen nur die Zeilen mit den Ausländern.",
            solution=f"Alle Gemeinden, bei denen die Zeile „Ausländer“ einen Wert kleiner als {THRESHOLD} hat."),
    Aufgabe("S-4", "Tabelle der Ausländeranteile je Gemeinde",
            expected=_shares,
            hint="Eine Zeile je Gemeinde in der Reihenfolge der Gemeindeschlüssel, Spalten region_name und anteil.",
            solution="Tabelle breit machen (pivot_table), dann anteil = 100 * Ausländer / Bevölkerung.",
            tolerance=0.05),
]
