"""Exercises of course stage 2 "Bestands- und Bedarfsanalyse" (exercises/02_bestandsanalyse) on the demo plan and
data of Musterland.

Expected answers and feedback are checked in-process against the demo plan and changed copies. What every stage's
exercises share (parameters, gaps, the solution on a changed plan in a kernel) is proved in
tests/exercises/test_stages.py.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_PLAN
from toolkit import bestandsanalyse, exercises, plan
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR

STAGE = EXERCISES_DIR / "02_bestandsanalyse"


@pytest.fixture(scope="module")
def bedarf() -> bestandsanalyse.Needs:
    return bestandsanalyse.district_needs(DEMO_DATA_DIR, "16099", plan=plan.load_plan(DEMO_PLAN))


@pytest.fixture
def demo() -> plan.Plan:
    return plan.load_plan(DEMO_PLAN)


def _sheet(p: plan.Plan, bedarf) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), {"plan": p, "bedarf": bedarf,
                                                                  "heute": dt.date(2026, 6, 30)})


def _row(table, ident: str) -> int:
    return table.index[table["ID"] == ident][0]


def test_expected_answers_on_the_demo_plan(demo, bedarf):
    sheet = _sheet(demo, bedarf)
    assert sheet.expected("02-1") == "L-HF3-F-Sued"              # README finding 1: no course with childcare in Süd
    assert sheet.expected("02-2") == "nein"                      # ANG12: „nicht für Gestattung/Duldung“
    assert sheet.expected("02-3") == {"GRE2", "GRE3"}            # README finding 3: 8 of 10 members shared
    assert sheet.expected("02-4") == pytest.approx(80.0)
    assert sheet.expected("02-5") == []


def test_expected_answers_follow_the_plan(demo, bedarf):
    offers = demo.angebote
    for ident in ("ANG09", "ANG17"):                             # Musterstadt's women keep no course with childcare
        offers.loc[_row(offers, ident), "Kinderbetreuung"] = "nein"
    offers.loc[_row(offers, "ANG12"), "Zugang nach Aufenthaltsstatus"] = "eingeschränkt (siehe Beschreibung)"
    members = demo.mitgliedschaften
    for gremium, actors in (("GRE5", ("AKT02", "AKT20", "AKT35")), ("GRE6", ("AKT30", "AKT31", "AKT32", "AKT33"))):
        for actor in actors:                                     # both Gremien get the other's members
            members.loc[members.index.max() + 1] = {"Gremium-ID": gremium, "Akteur-ID": actor, "Rolle": "Mitglied"}
    sheet = _sheet(demo, bedarf)
    assert sheet.expected("02-1") == "L-HF3-F-Musterstadt"       # 1 463 women, more than Süd's 453
    assert sheet.expected("02-2") == "unklar"
    assert sheet.expected("02-3") == {"GRE5", "GRE6"}            # the same 9 members
    assert sheet.expected("02-4") == pytest.approx(100)


def test_gremien_without_members_and_a_district_without_such_gaps(demo, bedarf):
    """A Gremium nobody sits in counts as overlap 0, two of them are no pair; no Raum without an offer gives „keine“."""
    for ident in ("GRE7", "GRE8"):
        demo.gremien.loc[demo.gremien.index.max() + 1] = {"ID": ident, "Name": f"Runder Tisch {ident}"}
    offers = demo.angebote
    offers.loc[_row(offers, "ANG09"), "aufsuchend/mobil"] = "ja"   # a mobile course reaches every Gemeinde
    sheet = _sheet(demo, bedarf)
    assert sheet.expected("02-3") == {"GRE2", "GRE3"}
    assert sheet.expected("02-1") == "keine"


def test_typical_mistakes_get_german_feedback(demo, bedarf):
    sheet = _sheet(demo, bedarf)
    assert sheet.check("02-1", "Süd").text.startswith("Noch nicht: „Süd“ ist nicht die gesuchte Antwort. Tipp: "
                                                     'Erst die Zeilen ohne Angebot')
    assert sheet.check("02-1", "l-hf3-f-sued").correct            # case does not matter
    assert sheet.check("02-2", False).text.startswith("Noch nicht: Bitte antworten Sie mit einer dieser "
                                                      "Möglichkeiten: „ja“, „nein“, „unklar“.")
    assert sheet.check("02-2", "Nein").correct
    assert sheet.check("02-3", {"GRE2"}).text.startswith("Noch nicht: 1 Eintrag fehlt noch.")
    names = {"Arbeitskreis Sprache und Schule", "Arbeitskreis Arbeit und Beruf"}
    assert sheet.check("02-3", names).text.startswith("Noch nicht: 2 Einträge fehlen noch; 2 Einträge gehören nicht "
                                                      "dazu.")
    assert sheet.check("02-4", 0.8).text.startswith("Noch nicht: Ihr Wert 0,8 ist zu klein. Tipp: Der größte Wert")
    assert sheet.check("02-4", 80).correct
    assert sheet.check("02-5", ["Kontakt: …", "Stand: …"]).text.startswith(
        "Noch nicht: Erwartet werden 0 Einträge, Ihre Liste hat 2. Tipp: Lesen Sie jeden Befund")
    assert sheet.unsolved() == ["02-3", "02-5"]
