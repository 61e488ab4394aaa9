"""Import of an Integreat region's locations JSON (API v3 „locations“, fixture in the real schema) into the sheet
„Angebote“: new places become rows with new IDs, places already there (same title and address) are counted and left
alone, existing rows and columns stay as they were, malformed JSON is a German error with line and column."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit import plan
from toolkit.bestandsanalyse.integreat import import_locations, offers_from_locations, read_locations, run
from toolkit.errors import UserError

FIXTURE = Path(__file__).parent / "fixtures" / "integreat_locations.json"


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "planung.xlsx"
    plan.new_plan(path, "eisenach")
    p = plan.load_plan(path)
    columns = list(p.angebote.columns) + ["Titel_uk"]
    p.angebote = pd.DataFrame([
        {"ID": "ANG1", "Titel": "Migrationsberatung für Erwachsene", "Adresse": "Kirchstr. 2,  99999 Musterstadt",
         "Träger": "Caritas", "Telefon": "03601 1", "veröffentlichen": "ja", "Titel_uk": "Міграційна консультація"},
        {"ID": "ANG7", "Titel": "Kleiderkammer Talheim", "Adresse": "Am Anger 1, 99998 Talheim",
         "veröffentlichen": "nein"},
    ], index=[2, 3], columns=columns, dtype=object)
    p.sozialraeume = pd.DataFrame([{"Gemeinde (AGS)": "16099020", "Gemeinde": "Talheim", "Sozialraum": "Nord"}],
                                  index=[2], columns=list(p.sozialraeume.columns), dtype=object)
    plan.save_plan(p, path)
    return path


def test_new_places_are_added_known_ones_counted_and_nothing_existing_changes(workbook):
    before = plan.load_plan(workbook).angebote.copy()
    summary = import_locations(workbook, FIXTURE)
    assert summary.startswith("5 Orte aus Integreat gelesen: 2 neu im Blatt „Angebote“ (ANG8 bis ANG9), "
                              "2 schon vorhanden")
    assert "1 ohne Titel übersprungen" in summary and "veröffentlichen“ = nein" in summary
    after = plan.load_plan(workbook).angebote
    pd.testing.assert_frame_equal(after.loc[before.index, before.columns], before)   # old rows and Titel_uk as were
    new = after.loc[~after.index.isin(before.index)].set_index("ID")
    assert list(new.index) == ["ANG8", "ANG9"]
    # same title as ANG7 but another address: a place of its own
    closet = new.loc["ANG8"]
    assert closet["Titel"] == "Kleiderkammer Talheim" and closet["Adresse"] == "Lindenweg 7, 99998 Talheim"
    assert closet["Gemeinde (AGS)"] == "16099020"                       # the town named in Sozialräume
    assert closet["Telefon"] == "03601 12 34" and closet["E-Mail"] == "kleiderkammer@talheim.example"
    assert plan.is_empty(closet["Kontakt"]) and plan.is_empty(closet["Wegweiser-Kapitel"])   # „Einkaufen“
    assert "Vorübergehend geschlossen" in closet["Beschreibung"]
    assert plan.as_date(closet["Stand"]) == dt.date(2026, 5, 2)
    cafe = new.loc["ANG9"]
    assert cafe["Titel"] == "Sprachcafé <International>" and cafe["Träger"] == "Bürgerverein Musterstadt"
    assert cafe["Beschreibung"] == ("Deutsch üben bei Kaffee und Kuchen. Jeden Freitag. "
                                    "Öffnungszeiten: Fr 15:00–17:30; Sa ganztägig.")
    assert cafe["Wegweiser-Kapitel"] == "Begegnung und Freizeit" and cafe["Website"] == "www.sprachcafe.example"
    assert set(new["veröffentlichen"]) == {"nein"}
    assert plan.backup_path(workbook).exists()
    assert not [problem for problem in plan.check_plan(plan.load_plan(workbook))
                if problem.sheet == "Angebote" and problem.severity == "error"]


def test_a_second_import_adds_nothing(workbook):
    import_locations(workbook, FIXTURE)
    rows = len(plan.load_plan(workbook).angebote)
    summary = import_locations(workbook, FIXTURE)
    assert "0 neu" in summary and "4 schon vorhanden" in summary
    assert len(plan.load_plan(workbook).angebote) == rows


def test_fields_of_the_api_schema_are_mapped():
    rows, untitled = offers_from_locations(read_locations(FIXTURE))
    assert untitled == 1
    advice = rows[0]
    assert advice["Beschreibung"] == ("Beratung zu Aufenthalt, Sprachkurs und Arbeit & Ausbildung. Öffnungszeiten: "
                                      "Mo 09:00–12:00, 13:00–16:00; Mi 14:00–18:00 nach Vereinbarung.")
    assert advice["Träger"] == "Caritasverband Musterland e. V." and advice["Wegweiser-Kapitel"] == "Beratung"
    assert advice["Adresse"] == "Kirchstraße 2, 99999 Musterstadt" and advice["Stand"] == dt.date(2026, 9, 14)
    assert advice["Website"] == "https://www.caritas-musterland.example/mbe"
    assert advice["Gemeinde (AGS)"] == ""                               # no Sozialräume given


def test_malformed_json_names_file_line_and_column(tmp_path, workbook):
    broken = tmp_path / "orte.json"
    text = FIXTURE.read_text(encoding="utf-8")
    broken.write_text(text[:text.index('"title": "Kleiderkammer')] + '"title": Kleiderkammer', encoding="utf-8")
    line = text[:text.index('"title": "Kleiderkammer')].count("\n") + 1
    before = workbook.read_bytes()
    with pytest.raises(UserError) as error:
        import_locations(workbook, broken)
    assert error.value.row == line and error.value.column == 14
    assert "kein gültiges JSON" in str(error.value) and "orte.json" in str(error.value)
    assert workbook.read_bytes() == before


def test_a_json_object_instead_of_the_list_is_a_german_error(tmp_path):
    single = tmp_path / "ort.json"
    single.write_text(json.dumps(json.loads(FIXTURE.read_text(encoding="utf-8"))[0]), encoding="utf-8")
    with pytest.raises(UserError, match="Liste von Orten.*ein Objekt"):
        read_locations(single)


def test_a_workbook_from_stages_3_and_4_without_the_sheet_gets_it(tmp_path):
    import openpyxl
    path = tmp_path / "alt.xlsx"
    plan.new_plan(path, "eisenach")
    book = openpyxl.load_workbook(path)
    for title in ("Angebote", "Sozialräume"):
        del book[title]
    book.save(path)
    goals = plan.load_plan(path).ziele.copy()
    assert "3 neu" in import_locations(path, FIXTURE)    # the second „Sprachcafé“ entry is the same place
    again = plan.load_plan(path)
    assert list(again.angebote["ID"]) == ["ANG1", "ANG2", "ANG3"]
    pd.testing.assert_frame_equal(again.ziele, goals)


def test_run_for_the_cli_prints_the_summary(workbook, capsys):
    assert run(str(workbook), str(FIXTURE)) == 0
    assert capsys.readouterr().out.startswith("5 Orte aus Integreat gelesen: 2 neu")
