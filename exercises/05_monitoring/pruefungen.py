"""Checks of course stage 5 "Monitoring und Fortschreibung" on the demo plan of Landkreis Musterland.

`daten` is what the notebook passed to `lade`: {"plan": the planning workbook as given (`toolkit.plan.Plan`), before
the notebook changes its copy; "antwort": the returned Sachstandsabfrage as read (`einlesen.read_file`), before it
is corrected; "reihen": the district's indicator series of the newer data folder (`zielfindung.district_series`)}.
Every expected answer is computed from it; the Kreistag's decision of 05-5 (`GOAL`, `BESCHLUSS`, as in the demo's
Fortschreibung) is part of the task, not an answer.
"""
import datetime as dt

from toolkit.exercises import Aufgabe
from toolkit.monitoring import abfrage, fortschreibung, kurs, regeln
from toolkit.plan import SHEETS, cell_text

#: The Stichtag of the exercise's Sachstandsabfrage and course.
STICHTAG = dt.date(2026, 12, 31)
#: What the Kreistag decides in the Fortschreibung for the goal that is not on course (the notebook states the same).
GOAL = "HZ4.1.2"
BESCHLUSS = {"Zieltext": "Bis zum 31.12.2027 sinkt die Arbeitslosenquote der Ausländer*innen von 23,9 % (2024) auf "
                         "20 %.",
             "Zielwert": 20}
PROTOCOL = ["Änderung", "Blatt", "ID", "Feld", "alt", "neu"]


def _foreign_rows(daten) -> list:
    """Rows of the returned Abfrage whose ID is no measure of the file's Federführung."""
    measures = daten["plan"].massnahmen
    owners = {cell_text(i): abfrage.federfuehrung(f) for i, f in zip(measures["ID"], measures["Federführung"])}
    answer = daten["antwort"]
    return [r for r in answer.rows if owners.get(cell_text(r.values.get(abfrage.ID))) != answer.federfuehrung]


def _wrong_id(daten) -> tuple[int, str]:
    """(Excel row, the ID the row meant): the measure of the plan with that row's title."""
    row = _foreign_rows(daten)[0]
    measures = daten["plan"].massnahmen
    title = cell_text(row.values.get(abfrage.TITEL))
    return row.row, next(cell_text(i) for i, t in zip(measures["ID"], measures["Titel"]) if cell_text(t) == title)


def _second_reading(daten) -> tuple[int, int]:
    """Read again after the correction: the corrected rows are new, the rest were taken the first time."""
    answered = [r for r in daten["antwort"].rows if any(r.values.get(h) is not None for h in abfrage.ANSWERS)]
    wrong = len(_foreign_rows(daten))
    return wrong, len(answered) - wrong


def _at_risk(daten):
    course = kurs.goal_course(daten["plan"], daten["reihen"], STICHTAG, regeln.Regeln())
    return course[course["Kurs"] == kurs.GEFAEHRDET].iloc[0]


def _share(daten) -> float:
    goal = _at_risk(daten)
    return 100 * (goal["Istwert"] - goal["Basiswert"]) / (goal["Sollwert"] - goal["Basiswert"])


def _entries(daten) -> list[tuple]:
    goals = daten["plan"].ziele
    ident = GOAL
    old = goals[goals["ID"] == ident].iloc[0]
    kinds = {c.header: c.kind for c in SHEETS["ziele"].columns}
    return [(fortschreibung.GEAENDERT, SHEETS["ziele"].title, ident, column, fortschreibung.shown(old[column], kind),
             fortschreibung.shown(BESCHLUSS[column], kind))
            for column, kind in kinds.items() if column in BESCHLUSS and not fortschreibung.same(old[column],
                                                                                                BESCHLUSS[column],
                                                                                                kind)]


AUFGABEN = [
    Aufgabe("05-1", "Excel-Zeile der zurückgewiesenen Meldung und die ID der Maßnahme, die gemeint war",
            expected=_wrong_id,
            hint="Die Meldung nennt Datei, Zeile und Spalte: meldung.row ist die Zeile. In der Tabelle `zeilen` steht "
                 "in dieser Zeile der Titel der Maßnahme; suchen Sie ihn in p.massnahmen (Spalte „Titel“) und nehmen "
                 "Sie die ID dieser Zeile. Antwort als Paar: (zeile, richtige_id).",
            solution='zeile = meldung.row; titel = zeilen.loc[zeile, "Titel"]; '
                     'richtige_id = p.massnahmen.loc[p.massnahmen["Titel"] == titel, "ID"].iloc[0]'),
    Aufgabe("05-2", "Zweites Einlesen nach der Korrektur: (neue Zeilen, schon vorhandene Zeilen)",
            expected=_second_reading,
            hint="Korrigieren Sie in der Datei die Zelle in Spalte A (Maßnahme-ID) der gemeldeten Zeile: "
                 'blatt.cell(zeile, 1).value = richtige_id, dann mappe.save(datei). Beim zweiten Einlesen kommt nur '
                 "die korrigierte Zeile neu hinzu; was schon im Blatt „Sachstand“ steht, wird nicht doppelt "
                 "übernommen.",
            solution="blatt.cell(zeile, 1).value = richtige_id; mappe.save(datei)"),
    Aufgabe("05-3", "ID des Handlungsziels, das „gefährdet“ ist",
            expected=lambda daten: _at_risk(daten).name,
            hint='Die Spalte „Kurs“ von kurs_tabelle sagt es: kurs_tabelle.index[kurs_tabelle["Kurs"] == "gefährdet"]'
                 " gibt die IDs.",
            solution='ziel_id = kurs_tabelle.index[kurs_tabelle["Kurs"] == "gefährdet"][0]'),
    Aufgabe("05-4", "Erreichter Anteil des bis zum Istjahr geplanten Fortschritts dieses Ziels (in Prozent)",
            expected=_share,
            hint="Erreicht ist Istwert − Basiswert, geplant war Sollwert − Basiswert (beide sind negativ, wenn der "
                 "Wert sinken soll). Teilen Sie das eine durch das andere und nehmen Sie es mal 100.",
            solution='ziel = kurs_tabelle.loc[ziel_id]; anteil = 100 * (ziel["Istwert"] - ziel["Basiswert"]) / '
                     '(ziel["Sollwert"] - ziel["Basiswert"])',
            tolerance=1),
    Aufgabe("05-5", "Die Einträge des Änderungsprotokolls (Änderung, Blatt, ID, Feld, bisher, neu)",
            expected=_entries,
            hint=f"Ändern Sie in der neuen Fassung nur die Angaben des Beschlusses für {GOAL} "
                 "(neu.ziele.loc[zeile_ziel, list(BESCHLUSS)] = list(BESCHLUSS.values())). Jede Zeile von "
                 "`aenderungen` ist dann ein Eintrag: als Liste von Tupeln mit den Spalten Änderung, Blatt, ID, "
                 "Feld, alt, neu.",
            solution="neu.ziele.loc[zeile_ziel, list(BESCHLUSS)] = list(BESCHLUSS.values()); eintraege = "
                     f"[tuple(e) for e in aenderungen[{PROTOCOL}].itertuples(index=False)]"),
]
