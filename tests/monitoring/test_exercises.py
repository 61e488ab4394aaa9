"""Exercises of course stage 5 "Monitoring und Fortschreibung" (exercises/05_monitoring) on the demo plan of Musterland.

Expected answers and feedback are checked in-process against the demo plan and a changed copy, with the returned
Abfrage the solution notebook makes and the demo's newer data vintage. What every stage's exercises share
(parameters, gaps, the solution on a changed plan in a kernel) is proved in tests/exercises/test_stages.py.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from tests.conftest import DEMO_PLAN
from toolkit import exercises, plan, zielfindung
from toolkit.config import DEMO_UPDATE_DIR, EXERCISES_DIR
from toolkit.monitoring import abfrage, einlesen

STAGE = EXERCISES_DIR / "05_monitoring"
STICHTAG = dt.date(2026, 12, 31)
#: The Volkshochschule's answers as the solution notebook writes them (HF7-M2 reported as the Freiwilligenagentur's
#: HF7-M3).
ANSWERS = [("HF2-M4", "begonnen", 40, "Mietschulungen"), ("HF4-M4", "begonnen", 30, "Kurs läuft"),
           ("HF7-M3", "begonnen", 60, "Kurse in drei Unterkünften"), ("HF9-M2", "in Vorbereitung", 10, "Konzept")]
#: The ELB-Quote of the demo's newer data vintage: 51,50 % in 2024, 50,45 % in 2025.
ELB_2025 = 50.45484801420014
TEXT = "Bis zum 31.12.2027 sinkt die Arbeitslosenquote der Ausländer*innen von 23,9 % (2024) auf {} %."


@pytest.fixture(scope="module")
def series() -> dict[str, pd.Series]:
    return zielfindung.district_series(DEMO_UPDATE_DIR, "16099")


def _data(p: plan.Plan, folder, series: dict) -> dict:
    """What the notebook passes to `lade`: the plan, the returned Abfrage of the Volkshochschule, the series."""
    path = plan.save_plan(p, folder / "planung.xlsx")
    returned = next(f for f in abfrage.write_requests(path, STICHTAG, folder / "abfrage")
                    if f.name.startswith("Volkshochschule"))
    book = openpyxl.load_workbook(returned)
    for row, values in enumerate(ANSWERS, abfrage.HEADER_ROW + 1):
        for column, value in zip((1, 5, 6, 7), values):
            book[abfrage.SHEET].cell(row, column).value = value
    book.save(returned)
    return {"plan": plan.load_plan(path), "antwort": einlesen.read_file(returned), "reihen": series}


def _sheet(daten: dict) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), daten)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, series) -> exercises.Aufgabenblatt:
    return _sheet(_data(plan.load_plan(DEMO_PLAN), tmp_path_factory.mktemp("demo"), series))


def test_expected_answers_on_the_demo_plan(demo, series):
    assert demo.expected("05-1") == (9, "HF7-M2")              # the fourth row of the VHS file is its third measure
    assert demo.expected("05-2") == (1, 3)
    assert series["elb_quote_auslaender"][2025] == pytest.approx(ELB_2025)
    assert demo.expected("05-3") == "HZ4.2.1"
    # the path 51,5 % (2024) → 45 % (2028) planned 49,875 % for 2025: 64 % of it reached, as the demo's README says
    assert demo.expected("05-4") == pytest.approx(100 * (ELB_2025 - 51.5) / (49.875 - 51.5))
    assert demo.expected("05-5") == [("geändert", "Ziele", "HZ4.1.2", "Zieltext", TEXT.format(5), TEXT.format(20)),
                                     ("geändert", "Ziele", "HZ4.1.2", "Zielwert", "5", "20")]


def test_expected_answers_follow_the_data(tmp_path, series):
    changed = plan.load_plan(DEMO_PLAN)
    goals, measures = changed.ziele, changed.massnahmen
    goals.loc[goals.index[goals["ID"] == "HZ4.2.1"][0], "Zieldatum"] = dt.date(2027, 12, 31)   # 48 %: nicht auf Kurs
    goals.loc[goals.index[goals["ID"] == "HZ6.1.2"][0], "Zielwert"] = 4                        # 70 %: gefährdet
    decided = goals.index[goals["ID"] == "HZ4.1.2"][0]
    goals.loc[decided, ["Zieltext", "Zielwert"]] = [TEXT.format(20), 12.5]   # the decision's text already there
    measures.loc[measures.index[measures["ID"] == "HF7-M2"][0], "Titel"] = "Orientierungskurse"
    sheet = _sheet(_data(changed, tmp_path, series))
    assert sheet.expected("05-1") == (9, "HF7-M2")
    assert sheet.expected("05-3") == "HZ6.1.2"
    base, actual = goals.loc[goals["ID"] == "HZ6.1.2", "Basiswert"].iloc[0], series["einbuergerungsquote"][2025]
    planned = base + (4 - base) * (2025 - 2024) / (2028 - 2024)
    assert sheet.expected("05-4") == pytest.approx(100 * (actual - base) / (planned - base))
    assert sheet.expected("05-5") == [("geändert", "Ziele", "HZ4.1.2", "Zielwert", "12,5", "20")]


def test_right_and_wrong_answers(demo):
    assert not demo.check("05-1", (9, "HF7-M3"))               # the ID as reported, not the one meant
    assert demo.check("05-1", (9, "HF7-M2"))
    assert not demo.check("05-2", (4, 0))
    assert demo.check("05-4", 64)                              # the sentence's whole percent is within tolerance
    assert not demo.check("05-4", 35.7)                        # what is missing, not what is reached
    entries = demo.expected("05-5")
    assert not demo.check("05-5", entries[1:])                 # the Zieltext changed too
    assert not demo.check("05-5", [(*entries[0], ), (*entries[1][:5], "20,0")])
    assert demo.check("05-5", [tuple(e) for e in entries])
