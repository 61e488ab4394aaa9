"""Exercises of course stage 3 "Zielfindung" (exercises/03_zielfindung) on the demo plan and data of Musterland.

Expected answers and feedback are checked in-process against the demo plan and changed copies. What every stage's
exercises share (parameters, gaps, the solution on a changed plan in a kernel) is proved in
tests/exercises/test_stages.py.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_PLAN
from toolkit import exercises, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR

STAGE = EXERCISES_DIR / "03_zielfindung"
SMART_GOAL = {"Zieltext": "Bis zum 31.12.2028 nehmen jährlich 800 Menschen an Sprachcafés und an der Interkulturellen "
                          "Woche teil, mindestens die Hälfte davon Alteingesessene.",
              "Zielgruppe": "Alteingesessene und Zugewanderte in den 25 Gemeinden",
              "Indikator": "begegnung_teilnehmende", "Basisjahr": 2024, "Basiswert": 350, "Zielwert": 800}


@pytest.fixture(scope="module")
def reihen() -> dict:
    return zielfindung.district_series(DEMO_DATA_DIR, "16099")


@pytest.fixture
def demo() -> plan.Plan:
    return plan.load_plan(DEMO_PLAN)


def _sheet(p: plan.Plan, reihen: dict) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), {"plan": p, "reihen": reihen,
                                                                  "heute": dt.date(2026, 6, 30)})


def _row(p: plan.Plan, goal_id: str) -> int:
    return p.ziele.index[p.ziele["ID"] == goal_id][0]


def _smart_errors(goal: dict, p: plan.Plan, reihen: dict) -> list[str]:
    return [f.criterion for f in zielfindung.smart(goal, p, reihen, dt.date(2026, 6, 30)) if f.severity == "error"]


def test_expected_answers_on_the_demo_plan(demo, reihen):
    sheet = _sheet(demo, reihen)
    assert sheet.expected("03-1") == 7.1                                    # 7,11 % of school leavers 2024
    assert sheet.expected("03-2") == {"HZ4.1.2"}                            # 23,9 % → 5 % by 2027
    assert sheet.expected("03-3") == []


def test_expected_answers_follow_the_plan(demo, reihen):
    demo.ziele.loc[_row(demo, "HZ4.1.2"), "Zielwert"] = 20                  # −1,3 points a year: plausible
    demo.ziele.loc[_row(demo, "HZ4.1.1"), "Zielwert"] = 70                  # +8,6 a year, at most +6,0 so far
    demo.ziele.loc[_row(demo, "HZ3.2.1"), "Indikator"] = "kita_anteil_herkunft"
    sheet = _sheet(demo, reihen)
    assert sheet.expected("03-1") == round(reihen["kita_anteil_herkunft"][2024], 1) == 11.4
    assert sheet.expected("03-2") == {"HZ4.1.1"}


def test_the_model_answer_passes_the_smart_check_and_the_vague_goal_fails(demo, reihen):
    vague = dict(demo.ziele.loc[_row(demo, "HZ6.2.1")])
    assert _smart_errors(vague, demo, reihen) == ["S", "M"]
    assert _smart_errors({**vague, **SMART_GOAL}, demo, reihen) == []
    assert _smart_errors({**vague, **SMART_GOAL, "Basiswert": "350 Personen"}, demo, reihen) == ["M"]


def test_typical_mistakes_get_german_feedback(demo, reihen):
    sheet = _sheet(demo, reihen)
    assert sheet.check("03-1", 7.11).correct
    assert sheet.check("03-1", 6.7).text.startswith("Noch nicht: Ihr Wert 6,70 ist zu klein. Tipp: reihe[2024]")
    assert sheet.check("03-2", {"HZ4.1.2", "HZ4.2.1"}).text.startswith("Noch nicht: 1 Eintrag gehört nicht dazu.")
    assert sheet.check("03-2", "HZ4.1.2").text.startswith("Noch nicht: Erwartet wird eine Menge, Sie haben Text")
    assert sheet.check("03-3", ["S", "M"]).text.startswith("Noch nicht: Erwartet werden 0 Einträge, Ihre Liste hat "
                                                           "2. Tipp: Lesen Sie die Meldung jedes Kriteriums")
    assert sheet.unsolved() == ["03-2", "03-3"]
