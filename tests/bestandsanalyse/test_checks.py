"""Stage 2's own checks: each with a case that fails and one that passes, German messages naming sheet, row and
column; all together after a round trip through Excel."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.bestandsanalyse.conftest import rows
from toolkit import plan
from toolkit.bestandsanalyse import checks
from toolkit.config import DEMO_DATA_DIR

TODAY = dt.date(2026, 12, 3)




def with_sheets(base: plan.Plan, **sheets: list[dict]) -> plan.Plan:
    return dataclasses.replace(base, **{key: rows(key, entries) for key, entries in sheets.items()})


def offer(**values) -> dict:
    """An offer that passes every check of this module."""
    return {"ID": "A1", "Titel": "Sprachcafé", "Handlungsfeld": "Spracherwerb und Bildung", "Zielgruppe(n)": "Frauen",
            "Gemeinde (AGS)": "16099015", "Kontakt": "Migrationsberatung der Caritas", "E-Mail": "info@caritas.de",
            "Stand": "01.06.2026", "veröffentlichen": "ja", **values}


def found(problems: list[plan.Problem]) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.severity) for p in problems]


def test_a_clean_stage_two_passes(base):
    p = with_sheets(base, angebote=[offer()], akteure=[{"ID": "K1", "Name": "Caritas", "Kontakt": "info@caritas.de",
                                                        "Handlungsfelder": "HF3", "Gemeinde (AGS)": "16099015"}],
                    gremien=[{"ID": "G1", "Name": "AK", "Handlungsfelder": "alle"}],
                    mitgliedschaften=[{"Gremium-ID": "G1", "Akteur-ID": "K1"}])
    assert checks.stage_problems(p, kreis="16099", gemeinden={"16099015"}, today=TODAY) == []


# --- Gemeinde (AGS) -------------------------------------------------------------------------------

def test_a_gemeindeschluessel_has_eight_digits(base):
    p = with_sheets(base, angebote=[offer(), offer(**{"Gemeinde (AGS)": "1609915"}),
                                    offer(**{"Gemeinde (AGS)": "Adorf"})],
                    sozialraeume=[{"Gemeinde (AGS)": "160990151", "Sozialraum": "Mitte"}])
    problems = checks.ags_problems(p)
    assert found(problems) == [("Angebote", 3, "Gemeinde (AGS)", "error"), ("Angebote", 4, "Gemeinde (AGS)", "error"),
                               ("Sozialräume", 2, "Gemeinde (AGS)", "error")]
    assert str(problems[1]) == ("Fehler – Blatt „Angebote“, Zeile 4, Spalte „Gemeinde (AGS)“: „Adorf“ ist kein "
                                "Gemeindeschlüssel; erwartet werden 8 Ziffern, z. B. 16063001.")


def test_a_number_that_lost_its_leading_zero_gets_the_hint_to_type_text(base):
    p = with_sheets(base, akteure=[{"ID": "K1", "Name": "Amt", "Gemeinde (AGS)": 1001000}])
    assert "führende Null" in checks.ags_problems(p)[0].message
    assert "führende Null" not in checks.ags_problems(p, kreis="16099")[0].message  # no Thuringian code starts 0


def test_a_gemeinde_outside_the_district_or_its_data_is_a_hint(base):
    p = with_sheets(base, angebote=[offer(), offer(**{"Gemeinde (AGS)": "16063001"}),
                                    offer(**{"Gemeinde (AGS)": "16099099"})])
    assert found(checks.ags_problems(p, "16099")) == [("Angebote", 3, "Gemeinde (AGS)", "warning")]
    problems = checks.ags_problems(p, "16099", {"16099015"})
    assert found(problems) == [("Angebote", 3, "Gemeinde (AGS)", "warning"),
                               ("Angebote", 4, "Gemeinde (AGS)", "warning")]
    assert problems[1].message.startswith("Eine Gemeinde 16099099 gibt es in den Daten des Kreises nicht")


def test_the_gemeinden_of_a_data_folder(base):
    gemeinden = checks.district_gemeinden(DEMO_DATA_DIR, "16099")
    assert {f"16099{i:03d}" for i in range(1, 26)} == gemeinden
    p = with_sheets(base, angebote=[offer(), offer(**{"Gemeinde (AGS)": "16099026"})])
    assert found(checks.stage_problems(p, kreis="16099", data_dir=DEMO_DATA_DIR, today=TODAY)) == [
        ("Angebote", 3, "Gemeinde (AGS)", "warning")]


# --- contacts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("contact", ["Frau Müller", "Ansprechpartner: Herr Demir", "Hr. Meier, Caritas",
                                     "anna.mueller@web.de", "a.schmidt@landkreis.de", "Beratung (k-nowak@gmx.de)",
                                     "Dr. Ahmadi", "frau müller"])
def test_a_contact_that_names_a_person_is_a_hint(contact):
    assert checks.looks_private(contact)


@pytest.mark.parametrize("contact", ["Frauenzentrum Musterstadt", "info@caritas.de", "integration.beratung@lra.de",
                                     "Praxis Dr. Yilmaz", "Herrnhuter Brüdergemeine", "kontakt@verein-mit.de",
                                     "Migrationsberatung der AWO, 03621 123456", None])
def test_a_contact_of_an_organisation_passes(contact):
    assert not checks.looks_private(contact)


@pytest.mark.parametrize("contact", ["Frau Müller", "herr Demir", "Dr. Ahmadi, Praxis", "Prof. Weber",
                                     "Hr. Meier", "Caritas", "Praxis Dr. Yilmaz"])
def test_every_contact_the_wegweiser_leaves_out_gets_the_hint(contact):
    from toolkit.bestandsanalyse.wegweiser import content
    assert checks.looks_private(contact) or not content.PERSON.match(contact)


def test_contact_problems_name_the_column_and_say_organisations_only(base):
    p = with_sheets(base, angebote=[offer(), offer(**{"E-Mail": "anna.mueller@web.de"})],
                    akteure=[{"ID": "K1", "Name": "Amt", "Kontakt": "Frau Müller"}])
    problems = checks.contact_problems(p)
    assert found(problems) == [("Angebote", 3, "E-Mail", "warning"), ("Akteure", 2, "Kontakt", "warning")]
    assert "nur Organisationen" in problems[1].message


# --- offers ---------------------------------------------------------------------------------------

def test_a_published_offer_needs_a_stand_of_the_last_year(base):
    p = with_sheets(base, angebote=[offer(), offer(Stand=None), offer(Stand="01.11.2025"),
                                    offer(Stand=None, veröffentlichen="nein"), offer(Stand="kein Datum")])
    problems = checks.stand_problems(p, TODAY)
    assert found(problems) == [("Angebote", 3, "Stand", "warning"), ("Angebote", 4, "Stand", "warning")]
    assert "älter als ein Jahr" in problems[1].message and "01.11.2025" in problems[1].message
    assert checks.stand_problems(p, dt.date(2025, 12, 1))[1:] == []  # a month old then


def test_an_offer_without_handlungsfeld_or_zielgruppe_is_a_hint(base):
    p = with_sheets(base, angebote=[offer(), offer(Handlungsfeld=None), offer(**{"Zielgruppe(n)": " "})])
    assert found(checks.offer_problems(p)) == [("Angebote", 3, "Handlungsfeld", "warning"),
                                               ("Angebote", 4, "Zielgruppe(n)", "warning")]


def test_a_zielgruppe_the_needs_do_not_count_names_the_allowed_ones(base):
    p = with_sheets(base, angebote=[offer(**{"Zielgruppe(n)": "frauen; Kinder und Jugendliche 6-17"}),
                                    offer(**{"Zielgruppe(n)": "Frauen, Senioren"})])
    problems = checks.offer_problems(p)
    assert found(problems) == [("Angebote", 3, "Zielgruppe(n)", "warning")]
    assert problems[0].message.startswith("„Senioren“ ist keine Zielgruppe der Bedarfsanalyse; erlaubt")
    assert all(group in problems[0].message for group in plan.ZIELGRUPPEN)
    assert checks.target_groups("frauen; Kinder und Jugendliche 6-17") == (["Frauen", "Kinder und Jugendliche 6–17"],
                                                                           [])
    assert checks.target_groups("Arbeitslose / Ältere ab65") == (["Arbeitslose", "Ältere ab 65"], [])


def test_an_offer_without_zielgruppe_is_said_to_count_for_everyone(base):
    message = checks.offer_problems(with_sheets(base, angebote=[offer(**{"Zielgruppe(n)": None})]))[0].message
    assert message.startswith("Das Angebot hat keine Zielgruppe; die Lückenanalyse zählt es für „alle Zugewanderten“.")


# --- Gremien --------------------------------------------------------------------------------------

def test_a_membership_listed_twice_is_a_hint_at_the_repeat(base):
    p = with_sheets(base, akteure=[{"ID": "K1", "Name": "A"}, {"ID": "K2", "Name": "B"}],
                    gremien=[{"ID": "G1", "Name": "AK"}],
                    mitgliedschaften=[{"Gremium-ID": "G1", "Akteur-ID": "K1"}, {"Gremium-ID": "G1", "Akteur-ID": "K2"},
                                      {"Gremium-ID": "G1", "Akteur-ID": "K1", "Rolle": "Leitung"}])
    problems = checks.membership_problems(p)
    assert found(problems) == [("Mitgliedschaften", 4, "Akteur-ID", "warning")]
    assert problems[0].message == "„K1“ steht schon in Zeile 2 als Mitglied von „G1“; die Mitgliedschaft zählt einmal."


def test_a_gremium_without_members_is_a_hint_but_its_leitung_is_a_member(base):
    p = with_sheets(base, akteure=[{"ID": "K1", "Name": "A"}],
                    gremien=[{"ID": "G1", "Name": "AK"}, {"ID": "G2", "Name": "Beirat", "Leitung": "K1"}])
    assert found(checks.membership_problems(p)) == [("Gremien", 2, "ID", "warning")]


def test_a_handlungsfeld_of_an_actor_or_gremium_must_be_in_the_sheet(base):
    p = with_sheets(base, akteure=[{"ID": "K1", "Name": "A", "Handlungsfelder": "HF3; Schach"}],
                    gremien=[{"ID": "G1", "Name": "AK", "Handlungsfelder": "Gesundheit und Prävention, HF1"}])
    problems = checks.field_problems(p)
    assert found(problems) == [("Akteure", 2, "Handlungsfelder", "warning")]
    assert problems[0].message.startswith("„Schach“ ist kein Handlungsfeld")


# --- Beteiligung ----------------------------------------------------------------------------------

def test_bedarfe_ziele_name_goals_or_gap_ids(base):
    p = with_sheets(base, ziele=[{"ID": "HZ3.1.1", "Ebene": "Handlungsziel"}],
                    beteiligung=[{"Datum": "01.03.2026", "Format": "Workshop",
                                  "Bedarfe/Ziele": "HZ3.1.1, L-HF2-U6-Sued; L-HF3-ASYL-16099015 L-HF9-F-Nord_Ost"},
                                 {"Datum": "01.03.2026", "Format": "Workshop",
                                  "Bedarfe/Ziele": "HZ9, L-HF99-F-Nord, Sprachkurs, L-HF2-Kinder-Sued"}])
    problems = checks.beteiligung_problems(p)
    assert [p.message.split("“")[0] for p in problems] == ["„HZ9", "„L-HF99-F-Nord", "„Sprachkurs",
                                                           "„L-HF2-Kinder-Sued"]
    assert {(p.sheet, p.row, p.column) for p in problems} == {("Beteiligung", 3, "Bedarfe/Ziele")}
    assert "ein Handlungsfeld „HF99“ gibt es" in problems[1].message


# --- together -------------------------------------------------------------------------------------

def test_problems_after_a_round_trip_through_excel(base, tmp_path):
    """Cells as Excel gives them back; check_plan's findings on stage 2's sheets join, not those of the others."""
    p = with_sheets(base, angebote=[offer(), offer(ID="A2", Kontakt="Frau Müller", **{"Gemeinde (AGS)": 1609915})],
                    gremien=[{"ID": "G1", "Name": "AK", "Typ": "Kaffeekränzchen"}])
    path = plan.new_plan(tmp_path / "plan.xlsx", "eisenach")
    plan.save_plan(p, path)
    problems = checks.problems(plan.load_plan(path), kreis="16099", today=TODAY)
    assert found(problems) == [("Angebote", 3, "Gemeinde (AGS)", "error"), ("Angebote", 3, "Kontakt", "warning"),
                               ("Gremien", 2, "ID", "warning"), ("Gremien", 2, "Typ", "error")]
    assert any(p.sheet == "Ziele" for p in plan.check_plan(plan.load_plan(path)))  # empty goals: not stage 2's
