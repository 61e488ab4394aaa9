"""Checks of course stage 3 "Zielfindung" on the demo plan and demo data of Landkreis Musterland.

`daten` is what the notebook passed to `lade`: {"plan": the planning workbook (`toolkit.plan.Plan`), "reihen": the
district's indicator series (`zielfindung.district_series`), "heute": the date of the SMART check}. Every expected
answer is computed from it.
"""
import datetime as dt

from toolkit.exercises import Aufgabe
from toolkit.plan import as_date

BASELINE_GOAL, BASE_YEAR, VAGUE_GOAL = "HZ3.2.1", 2024, "HZ6.2.1"
#: Years before the Basisjahr whose changes from one year to the next are the yardstick of 03-2.
LOOKBACK = 5


def _goal(daten, goal_id: str):
    goals_table = daten["plan"].ziele
    return goals_table[goals_table["ID"] == goal_id].iloc[0]


def _baseline(daten) -> float:
    return round(float(daten["reihen"][_goal(daten, BASELINE_GOAL)["Indikator"]][BASE_YEAR]), 1)


def _too_steep(goal, series) -> bool:
    """The goal asks more change per year than the indicator's largest annual change of the LOOKBACK years."""
    year = int(goal["Basisjahr"])
    years = (as_date(goal["Zieldatum"]) - dt.date(year, 12, 31)).days / 365.25
    largest = series.loc[year - LOOKBACK:year].diff().abs().max()
    return abs(goal["Zielwert"] - goal["Basiswert"]) / years > largest


def _implausible(daten) -> set:
    table, series = daten["plan"].ziele, daten["reihen"]
    handlungsziele = table[(table["Ebene"] == "Handlungsziel") & table["Indikator"].isin(series.keys())]
    return {g["ID"] for _, g in handlungsziele.iterrows() if _too_steep(g, series[g["Indikator"]])}


AUFGABEN = [
    Aufgabe("03-1",
            f"Basiswert {BASE_YEAR} des Handlungsziels {BASELINE_GOAL} aus der Zeitreihe (eine Nachkommastelle)",
            expected=_baseline,
            hint=f"reihe[{BASE_YEAR}] gibt den Wert des Jahres {BASE_YEAR} (die Jahre sind Zahlen, ohne "
                 "Anführungszeichen); round(…, 1) rundet auf eine Nachkommastelle.",
            solution=f"basiswert = round(reihe[{BASE_YEAR}], 1)",
            tolerance=0.05),
    Aufgabe("03-2", "Handlungsziele, die je Jahr mehr Änderung verlangen als die größte bisherige Jahresänderung",
            expected=_implausible,
            hint='Erst die Spalte: (pruefung["Zielwert"] - pruefung["Basiswert"]) / pruefung["jahre"]. Dann die '
                 'Zeilen, in denen pruefung["noetig"].abs() größer ist als pruefung["groesste"] – ob das Ziel '
                 "steigen oder sinken soll, spielt keine Rolle, darum der Betrag.",
            solution='pruefung["noetig"] = (pruefung["Zielwert"] - pruefung["Basiswert"]) / pruefung["jahre"]; '
                     'unrealistisch = set(pruefung.index[pruefung["noetig"].abs() > pruefung["groesste"]])'),
    Aufgabe("03-3", f"SMART-Prüfung des neu geschriebenen Ziels {VAGUE_GOAL}: Kriterien mit Fehler",
            expected=lambda daten: [],
            hint="Lesen Sie die Meldung jedes Kriteriums mit „error“: S braucht eine Zielgruppe und im Zieltext, was "
                 "sich ändert (eine Zahl oder einen Gegenstand); M braucht Indikator, Basisjahr, Basiswert und "
                 "Zielwert als Zahlen ohne Anführungszeichen, z. B. \"Basiswert\": 350.",
            solution='ziel.update({"Zieltext": "Bis zum 31.12.2028 nehmen jährlich 800 Menschen an Sprachcafés und an '
                     'der Interkulturellen Woche teil, mindestens die Hälfte davon Alteingesessene.", "Zielgruppe": '
                     '"Alteingesessene und Zugewanderte in den 25 Gemeinden", "Indikator": "begegnung_teilnehmende", '
                     '"Basisjahr": 2024, "Basiswert": 350, "Zielwert": 800})'),
]
