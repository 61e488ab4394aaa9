"""Exercises of course stage 4 "Maßnahmenplanung" (exercises/04_massnahmenplanung) on the demo plan of Musterland.

Expected answers and feedback are checked in-process against the demo plan and a changed copy. What every stage's
exercises share (parameters, gaps, the solution on a changed plan in a kernel) is proved in
tests/exercises/test_stages.py.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_PLAN
from toolkit import exercises, massnahmenplanung, plan
from toolkit.config import EXERCISES_DIR

STAGE = EXERCISES_DIR / "04_massnahmenplanung"
#: Land/ThILIK in 2027: HF1-M1 6 000 €, HF1-M3 3 000 €, HF2-M3 15 000 €, HF3-M1 36 000 €, HF5-M1 90 000 €,
#: HF8-M2 30 000 € and HF9-M1 10 000 €, each by its share of days in 2027.
LAND_2027 = (6000 * 365 / 1461 + 3000 * 365 / 1280 + 15000 * 181 / 456 + 36000 * 365 / 1096 + 90000 * 365 / 1096
             + 30000 * 365 / 823 + 10000 * 365 / 1461)


@pytest.fixture
def demo() -> plan.Plan:
    return plan.load_plan(DEMO_PLAN)


def _sheet(p: plan.Plan) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), p)


def _row(p: plan.Plan, measure_id: str) -> int:
    return p.massnahmen.index[p.massnahmen["ID"] == measure_id][0]


def test_expected_answers_on_the_demo_plan(demo):
    sheet = _sheet(demo)
    assert sheet.expected("04-1") == ("HZ8.1.2", "psychosoziale_beratung")
    assert sheet.expected("04-2") == []
    assert sheet.expected("04-3") == pytest.approx(LAND_2027)                      # 66 073 €
    assert round(LAND_2027) == 66073
    assert sheet.expected("04-4") == "Land/ThILIK"


def test_expected_answers_follow_the_plan(demo):
    demo.massnahmen.loc[_row(demo, "HF6-M2"), "Ziel-ID(s)"] = "HZ6.1.3"            # typo in another field
    demo.massnahmen.loc[_row(demo, "HF8-M2"), "Ziel-ID(s)"] = "HZ8.1.2"
    demo.massnahmen.loc[_row(demo, "HF5-M1"), "Finanzierung"] = "Bund"              # 90 000 € leave the Land
    sheet = _sheet(demo)
    assert sheet.expected("04-1") == ("HZ6.1.2", "einbuergerungsquote")
    assert sheet.expected("04-3") == pytest.approx(LAND_2027 - 90000 * 365 / 1096)
    assert sheet.expected("04-4") == "Bund"


def test_typical_mistakes_get_german_feedback(demo):
    sheet = _sheet(demo)
    assert sheet.check("04-1", ("HZ8.1.3", "psychosoziale_beratung")).text.startswith(
        "Noch nicht: 1 von 2 Einträgen stimmen nicht. Tipp: Gesucht ist das Handlungsziel desselben Handlungsfelds")
    still = [str(p) for p in plan.check_plan(demo) if p.severity == "error"][:2]
    assert sheet.check("04-2", still).text.startswith("Noch nicht: Erwartet werden 0 Einträge, Ihre Liste hat 2. "
                                                      "Tipp: Jede Meldung nennt Zeile und Spalte.")
    assert sheet.check("04-3", "66.073").text.startswith("Noch nicht: Erwartet wird eine Zahl, Sie haben Text")
    total_2027 = massnahmenplanung.budget(demo).loc[massnahmenplanung.COSTS_TOTAL, "2027"]
    assert sheet.check("04-3", total_2027).text.startswith("Noch nicht: Ihr Wert 179.275 ist zu groß.")
    assert sheet.check("04-4", "Summe Sachkosten (€)").text.startswith(
        "Noch nicht: Bitte antworten Sie mit einer dieser Möglichkeiten: „Haushalt“, „Land/ThILIK“")
    assert sheet.check("04-3", round(LAND_2027)) and sheet.check("04-4", "land/thilik")
    assert sheet.unsolved() == ["04-1", "04-2"]


def test_the_fix_of_the_solution_leaves_no_error_and_keeps_the_budget_of_the_land(demo):
    ids = {m: r for r, m in demo.massnahmen["ID"].items()}
    demo.massnahmen.loc[ids["HF8-M2"], ["Ziel-ID(s)", "Indikator"]] = ["HZ8.1.2", "psychosoziale_beratung"]
    demo.massnahmen.loc[ids["HF5-M3"], "Ende"] = dt.date(2027, 6, 30)
    demo.massnahmen.loc[ids["HF6-M3"], "Sachkosten (€)"] = 5000
    assert [p for p in plan.check_plan(demo) if p.severity == "error"] == []
    assert massnahmenplanung.budget(demo).loc["Land/ThILIK", "2027"] == pytest.approx(LAND_2027)
