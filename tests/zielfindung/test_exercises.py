"""Exercises of course stage 3 "Zielfindung" (exercises/03_zielfindung) on the demo plan and data of Musterland.

Expected answers and feedback are checked in-process against the demo plan and changed copies; two tests start a
kernel (helpers shared with the stage 1 tests): the solution under papermill on a changed plan given through the
`planung` parameter, and every gap of the learner notebook in isolation.
"""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from tests.datenanalyse.test_exercises import (
    assert_gaps_fail_exactly,
    assert_parameters_literal_and_no_leaks,
    solution_output,
)

from toolkit import exercises, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR

STAGE = EXERCISES_DIR / "03_zielfindung"
DEMO_PLAN = DEMO_DATA_DIR / "planung.xlsx"
GAP_CELLS = [("loesung-1", 1), ("loesung-2", 1), ("loesung-2", 2), ("loesung-3", 1)]
ALL_RIGHT = [f"Richtig! Aufgabe 03-{n} ist gelöst." for n in range(1, 4)]
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


def test_parameters_are_literals_and_the_learner_notebook_keeps_no_solution():
    leaks = ("round(reihe", '"noetig"] =', "abs() >", "begegnung_teilnehmende\",", "800", "offen()")
    assert_parameters_literal_and_no_leaks(STAGE, GAP_CELLS, leaks)


# --- running the notebooks (one kernel each) ----------------------------------------------------------------

@pytest.mark.slow
def test_solution_passes_every_check_on_the_plan_given_as_parameter(tmp_path):
    changed = plan.load_plan(DEMO_PLAN)
    changed.ziele.loc[_row(changed, "HZ4.1.2"), "Zielwert"] = 20
    changed.ziele.loc[_row(changed, "HZ6.1.2"), "Zielwert"] = 8             # Einbürgerungsquote 2,6 → 8 %
    given = plan.save_plan(changed, shutil.copy(DEMO_PLAN, tmp_path / "eigene_planung.xlsx"))
    printed = solution_output(STAGE, tmp_path, {"planung": str(given)})
    assert printed["loesung-1"] == "Basiswert 2024: 7,1\u00a0%\n"
    assert printed["vergleich-2"].startswith("HZ6.1.2 – Das Ziel verlangt +1,4 Prozentpunkte je Jahr")
    assert [line for i, text in printed.items() if i.startswith("pruefe-") for line in text.splitlines()] == ALL_RIGHT


@pytest.mark.slow
def test_every_gap_fails_exactly_at_its_gap_and_every_check_passes_once_filled():
    assert_gaps_fail_exactly(STAGE, GAP_CELLS, ALL_RIGHT)
