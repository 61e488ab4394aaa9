"""The sheets of stages 2 and 5 are optional: a workbook from stages 3–4 without them opens, checks and saves
losslessly; its next save adds them, formatted, at the end, puts „Sachstand“ in the place of the old „Status“ sheet
with all its rows, adds the column „Richtung“ to „Indikatoren“, and nothing else changes."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd

from toolkit import plan

STAGE2 = [s.title for s in plan.SHEETS.values() if s.optional]
OLD_HEADERS = ["Stichtag", "Ziel-/Maßnahmen-ID", "Status", "Ampel", "Istwert", "Bemerkung"]


def old_workbook(path):
    """A planning workbook as stages 3–4 made it: the five sheets (a „Status“ sheet with a measure's and a goal's
    row, „Indikatoren“ without „Richtung“), a formula and a sheet of the user's own."""
    plan.new_plan(path, "eisenach")
    book = openpyxl.load_workbook(path)
    for title in STAGE2:
        del book[title]
    book["Indikatoren"].delete_cols(5)
    status = book.create_sheet("Status")
    for row in (OLD_HEADERS, [dt.datetime(2025, 6, 30), "HF1-M1", "begonnen", "gelb", None, "Träger gefunden"],
                [dt.datetime(2025, 6, 30), "HZ1", None, None, 12.5, None]):
        status.append(row)
    book["Maßnahmen"].append(["HF1-M1", book["Handlungsfelder"]["B2"].value, "HZ1", "Lotsen", None, None, None,
                              None, dt.datetime(2026, 1, 1), None, None, None, "=12*450"])
    book.create_sheet("Notizen").append(["Thema", "=1+1"])
    book.save(path)
    return path


def test_an_old_workbook_opens_and_checks_with_empty_stage2_sheets(tmp_path):
    old = plan.load_plan(old_workbook(tmp_path / "plan.xlsx"))
    for key, sheet in plan.SHEETS.items():
        if sheet.optional and key != "sachstand":
            assert getattr(old, key).empty and list(getattr(old, key).columns) == sheet.headers
    assert list(old.sachstand.columns) == [*plan.SHEETS["sachstand"].headers, "Istwert"]
    assert old.sachstand[["Datum", "Maßnahme-ID", "Status", "Ampel", "Istwert", "Sachstand"]].values.tolist() == [
        [dt.date(2025, 6, 30), "HF1-M1", "begonnen", "gelb", None, "Träger gefunden"],
        [dt.date(2025, 6, 30), "HZ1", None, None, 12.5, None]]
    assert old.indikatoren["Richtung"].isna().all()
    found = {(p.sheet, p.row, p.column, p.severity) for p in plan.check_plan(old) if p.sheet in STAGE2}
    assert found == {("Sachstand", 2, "Ampel-Begründung", "warning"),     # the old light, set by hand
                     ("Sachstand", 3, "Maßnahme-ID", "error")}            # HZ1 is no goal of this (empty) plan
    assert list(old.extra) == ["Notizen"]


def test_its_next_save_adds_the_sheets_formatted_and_changes_nothing_else(tmp_path):
    path = old_workbook(tmp_path / "plan.xlsx")
    before = plan.load_plan(path)
    plan.save_plan(before, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Handlungsfelder", "Ziele", "Indikatoren", "Maßnahmen", "Sachstand", "Notizen",
                               *(t for t in STAGE2 if t != "Sachstand")]
    assert [c.value for c in book["Sachstand"][1]] == [*plan.SHEETS["sachstand"].headers, "Istwert"]
    assert book["Sachstand"]["K3"].value == 12.5 and book["Sachstand"]["E2"].value == "Träger gefunden"
    directions = {str(v.sqref).split(":")[0]: v.formula1 for v in book["Indikatoren"].data_validations.dataValidation}
    assert book["Indikatoren"]["E1"].value == "Richtung" and directions["E2"] == '"' + ",".join(plan.RICHTUNG) + '"'
    offers = book["Angebote"]
    assert [c.value for c in offers[1]] == plan.SHEETS["angebote"].headers
    assert offers.freeze_panes == "A2" and offers["A1"].font.b
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in offers.data_validations.dataValidation}
    assert lists["O2"] == '"' + ",".join(plan.ZUGANG) + '"'
    assert lists["E2"] == "'Handlungsfelder'!$B$2:$B$2000"
    assert book["Maßnahmen"]["M2"].value == "=12*450" and book["Notizen"]["B1"].data_type == "f"
    after = plan.load_plan(path)
    for key in plan.SHEETS:
        pd.testing.assert_frame_equal(getattr(before, key), getattr(after, key))


def table(columns, records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([[r.get(c) for c in columns] for r in records], columns=list(columns),
                        index=range(2, len(records) + 2), dtype=object)


def test_stage2_rows_round_trip_and_are_checked(tmp_path):
    path = plan.new_plan(tmp_path / "plan.xlsx", "eisenach")
    p = plan.load_plan(path)
    field = p.handlungsfelder.loc[2, "Handlungsfeld"]
    p.angebote = table([*p.angebote.columns, "Beschreibung_uk"], [
                               {"ID": "AN1", "Titel": "Sprachcafé", "Handlungsfeld": field,
                                "Zugang nach Aufenthaltsstatus": "offen für alle", "Kinderbetreuung": "ja",
                                "Stand": dt.date(2026, 9, 1), "veröffentlichen": "ja", "Beschreibung_uk": "Мовне кафе"},
                               {"ID": "AN1", "Titel": "Beratung", "Kinderbetreuung": "vielleicht",
                                "Kapazität (Plätze)": 2.5}])
    p.akteure = table(p.akteure.columns, [{"ID": "AK1", "Name": "Caritas", "Sektor": "Wohlfahrtsverband"}])
    p.gremien = table(p.gremien.columns, [{"ID": "G1", "Name": "Steuerungsgruppe", "Typ": "Steuerungsgruppe",
                                           "Leitung": "AK9"}])
    p.mitgliedschaften = table(p.mitgliedschaften.columns, [
        {"Gremium-ID": "G1", "Akteur-ID": "AK1", "Rolle": "Mitglied"}, {"Gremium-ID": "G2", "Akteur-ID": "AK1"}])
    plan.save_plan(p, path)
    again = plan.load_plan(path)
    for key in ("angebote", "akteure", "gremien", "mitgliedschaften"):
        pd.testing.assert_frame_equal(getattr(p, key), getattr(again, key))
    found = {(f.sheet, f.row, f.column) for f in plan.check_plan(again)}
    assert {("Angebote", 3, "ID"), ("Angebote", 3, "Kinderbetreuung"), ("Angebote", 3, "Kapazität (Plätze)"),
            ("Gremien", 2, "Leitung"), ("Mitgliedschaften", 3, "Gremium-ID")} <= found
    assert not {f for f in found if f[1] == 2 and f[0] in ("Angebote", "Akteure", "Mitgliedschaften")}
