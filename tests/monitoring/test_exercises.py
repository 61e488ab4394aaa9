"""Exercises of course stage 5 "Monitoring und Fortschreibung" (exercises/05_monitoring) on the demo plan of Musterland.

Expected answers and feedback are checked in-process against the demo plan and a changed copy, with the returned
Abfrage and the series the solution notebook makes. What every stage's exercises share (parameters, gaps, the
solution on a changed plan in a kernel) is proved in tests/exercises/test_stages.py.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from tests.conftest import DEMO_PLAN
from toolkit import exercises, plan
from toolkit.config import EXERCISES_DIR
from toolkit.monitoring import abfrage, einlesen

STAGE = EXERCISES_DIR / "05_monitoring"
STICHTAG = dt.date(2026, 12, 31)
#: The Volkshochschule's answers as the solution notebook writes them (HF7-M2 reported as the Freiwilligenagentur's
#: HF7-M3).
ANSWERS = [("HF2-M4", "begonnen", 40, "Mietschulungen"), ("HF4-M4", "begonnen", 30, "Kurs läuft"),
           ("HF7-M3", "begonnen", 60, "Kurse in drei Unterkünften"), ("HF9-M2", "in Vorbereitung", 10, "Konzept")]
SERIES = {"beschaeftigungsquote_auslaender": pd.Series({2024: 45.4, 2025: 46.8}),
          "arbeitslosenquote_auslaender": pd.Series({2024: 23.9, 2025: 20.0}),
          "elb_quote_auslaender": pd.Series({2024: 51.5, 2025: 52.3})}
OLD_TEXT = "Bis zum 31.12.2027 sinkt die Arbeitslosenquote der Ausländer*innen von 23,9 % (2024) auf 5 %."
NEW_TEXT = "Bis zum 31.12.2029 sinkt die Arbeitslosenquote der Ausländer*innen auf 15 %."


def _data(p: plan.Plan, folder) -> dict:
    """What the notebook passes to `lade`: the plan, the returned Abfrage of the Volkshochschule, the series."""
    path = plan.save_plan(p, folder / "planung.xlsx")
    returned = next(f for f in abfrage.write_requests(path, STICHTAG, folder / "abfrage")
                    if f.name.startswith("Volkshochschule"))
    book = openpyxl.load_workbook(returned)
    for row, values in enumerate(ANSWERS, abfrage.HEADER_ROW + 1):
        for column, value in zip((1, 5, 6, 7), values):
            book[abfrage.SHEET].cell(row, column).value = value
    book.save(returned)
    return {"plan": plan.load_plan(path), "antwort": einlesen.read_file(returned), "reihen": SERIES}


def _sheet(daten: dict) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), daten)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> exercises.Aufgabenblatt:
    return _sheet(_data(plan.load_plan(DEMO_PLAN), tmp_path_factory.mktemp("demo")))


def test_expected_answers_on_the_demo_plan(demo):
    assert demo.expected("05-1") == (9, "HF7-M2")              # the fourth row of the VHS file is its third measure
    assert demo.expected("05-2") == (1, 3)
    assert demo.expected("05-3") == "HZ4.1.2"
    # 20,0 % in 2025; the path 23,9 % (2024) → 5 % (2027) planned 17,6 % for 2025
    assert demo.expected("05-4") == pytest.approx(100 * (20.0 - 23.9) / (17.6 - 23.9))
    assert demo.expected("05-5") == [("geändert", "Ziele", "HZ4.1.2", "Zieltext", OLD_TEXT, NEW_TEXT),
                                     ("geändert", "Ziele", "HZ4.1.2", "Zielwert", "5", "15"),
                                     ("geändert", "Ziele", "HZ4.1.2", "Zieldatum", "31.12.2027", "31.12.2029")]


def test_expected_answers_follow_the_data(tmp_path):
    changed = plan.load_plan(DEMO_PLAN)
    goals, measures = changed.ziele, changed.massnahmen
    goal = goals.index[goals["ID"] == "HZ4.1.2"][0]
    goals.loc[goal, ["Zielwert", "Zieldatum"]] = [2.5, dt.date(2028, 12, 31)]    # 73 % of the planned way: gefährdet
    goals.loc[goal, "Zieltext"] = NEW_TEXT                     # the decision's text already there: no entry
    measures.loc[measures.index[measures["ID"] == "HF7-M2"][0], "Titel"] = "Orientierungskurse"
    sheet = _sheet(_data(changed, tmp_path))
    assert sheet.expected("05-1") == (9, "HF7-M2")
    planned = 23.9 + (2.5 - 23.9) * (2025 - 2024) / (2028 - 2024)
    assert sheet.expected("05-4") == pytest.approx(100 * (20.0 - 23.9) / (planned - 23.9))
    assert [entry[3:] for entry in sheet.expected("05-5")] == [("Zielwert", "2,5", "15"),
                                                              ("Zieldatum", "31.12.2028", "31.12.2029")]


def test_right_and_wrong_answers(demo):
    assert not demo.check("05-1", (9, "HF7-M3"))               # the ID as reported, not the one meant
    assert demo.check("05-1", (9, "HF7-M2"))
    assert not demo.check("05-2", (4, 0))
    assert demo.check("05-4", 61)                              # the sentence's whole percent is within tolerance
    assert not demo.check("05-4", 38.1)                        # what is missing, not what is reached
    entries = demo.expected("05-5")
    assert not demo.check("05-5", entries[1:])                 # the Zieltext changed too
    assert demo.check("05-5", [tuple(e) for e in entries])
