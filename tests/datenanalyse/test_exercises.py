"""Exercises of course stage 1 "Datenanalyse" (exercises/01_datenanalyse) on the demo district Musterland.

Expected answers and feedback are checked in-process against the demo figures and against changed data. What every
stage's exercises share (parameters, gaps, the solution on changed data in a kernel) is proved in
tests/exercises/test_stages.py.
"""
from __future__ import annotations

import pytest

from toolkit import data, exercises
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR

STAGE = EXERCISES_DIR / "01_datenanalyse"
CODES = ("12411-03-03-5", "12411-03-03-4", "12511-01-01-4")
PRIMARY = {("Beispielsrode", "männlich"), ("Beispielsrode", "weiblich"), ("Kleinmustern", "männlich")}


@pytest.fixture(scope="module")
def tabellen() -> dict:
    """The tables the notebook reads, keyed by table code, as it passes them to `lade`."""
    return {code: data.read(DEMO_DATA_DIR / f"{code}.csv") for code in CODES}


def _sheet(tabellen: dict) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), tabellen)


def _changed(tabellen: dict, code: str, region: str, time: str, variable: str, value: float,
             status: str = "") -> dict:
    """A copy of `tabellen` with one cell (age group Insgesamt where there is one) set to `value`/`status`."""
    table = tabellen[code].copy()
    cell = (table["region_name"] == region) & (table["time"] == time) & (table["variable"] == variable)
    if "age_group" in table:
        cell &= table["age_group"] == "Insgesamt"
    assert cell.sum() == 1
    table.loc[cell, ["value", "status"]] = [value, status]
    return {**tabellen, code: table}


def test_expected_answers_on_the_demo_district(tabellen):
    sheet = _sheet(tabellen)
    assert sheet.expected("01-1") == pytest.approx(100 * 2861 / 25478)            # 11,2 %
    assert sheet.expected("01-2") == "geheim oder unbekannt"                       # Amerika 2023: „.“
    assert sheet.expected("01-3") == "nichts vorhanden"                            # Australien 2023: „-“
    assert sheet.expected("01-4") == 87 - 29 - 9 - 44                              # Insgesamt − shown parts
    assert sheet.expected("01-5") == "Musterstadt, Stadt"                          # +2 071 persons
    assert sheet.expected("01-6") == "Wiesenmuster"                                # 2 → 36: +1 700 %
    assert sheet.expected("01-7") == PRIMARY
    assert sheet.expected("01-8") == {("Kleinmustern", "weiblich")}                # 5 − 2 would give it away
    assert sheet.expected("01-9") == pytest.approx(100 * (3094 + 5149) / (40925 + 118912))   # 5,2 %, not 5,9


def test_expected_answers_follow_the_data(tabellen):
    changed = _changed(tabellen, "12411-03-03-5", "Musterstadt, Stadt", "2024-12-31", "Insgesamt | Insgesamt", 28610)
    changed = _changed(changed, "12411-03-03-5", "Kleinmustern", "2024-12-31", "Ausländer(innen) | weiblich", 2)
    changed = _changed(changed, "12411-03-03-5", "Wiesenmuster", "2014-12-31", "Ausländer(innen) | Insgesamt", 30)
    changed = _changed(changed, "12511-01-01-4", "Musterland, Kreis", "2023", "Eingebürgerte Ausländer | Amerika",
                       0, "-")
    changed = _changed(changed, "12411-03-03-4", "Eisenach, krsfr. Stadt", "2020-12-31",
                       "ausländisch | Insgesamt", 1000)  # the Kreis table has the labels of 2025/26
    sheet = _sheet(changed)
    assert sheet.expected("01-1") == pytest.approx(10.0)
    assert sheet.expected("01-2") == "nichts vorhanden"
    assert sheet.expected("01-4") == 87 - 29 - 9 - 44 - 0                          # only „staatenlos“ still hidden
    assert sheet.expected("01-6") == "Fichtelgrund"                                # 4 → 31
    assert sheet.expected("01-7") == PRIMARY | {("Kleinmustern", "weiblich")}
    assert sheet.expected("01-8") == set()                                         # both parts hidden already
    assert sheet.expected("01-9") == pytest.approx(100 * (1000 + 5149) / (40925 + 118912))


def test_typical_mistakes_get_german_feedback_and_the_solution_after_three_tries(tabellen):
    sheet = _sheet(tabellen)
    as_zero = sheet.check("01-4", 0)
    assert as_zero.text.startswith("Noch nicht: Ihr Wert 0 ist zu klein. Tipp: Die Teile ohne Punkt addieren Sie")
    shares = [100 * 3094 / 40925, 100 * 5149 / 118912]
    assert "ist zu groß. Tipp: Erst die Anzahlen" in sheet.check("01-9", sum(shares) / 2).text
    assert sheet.check("01-2", "null").text.startswith("Noch nicht: Bitte antworten Sie mit einer dieser "
                                                       "Möglichkeiten: „nichts vorhanden“, „geheim oder unbekannt“")
    assert sheet.check("01-8", set()).text.startswith("Noch nicht: 1 Eintrag fehlt noch. Tipp: Ist in einer Zeile")
    too_many = sheet.check("01-7", PRIMARY | {("Kleinmustern", "weiblich")})
    assert too_many.text.startswith("Noch nicht: 1 Eintrag gehört nicht dazu.")
    for wrong in ("Wiesenmuster", "Musterfeld", "Musterstadt"):
        feedback = sheet.check("01-5", wrong)
    assert feedback.text.endswith("Ergebnis: „Musterstadt, Stadt“")
    assert sheet.check("01-5", "musterstadt,  Stadt") and sheet.check("01-2", "Geheim oder unbekannt")
    assert sheet.unsolved() == ["01-1", "01-3", "01-4", "01-6", "01-7", "01-8", "01-9"]
