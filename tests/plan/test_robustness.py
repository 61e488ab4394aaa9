"""What users do to their planning workbooks: a save changes only what the user changed, nothing is cut
silently, a stray cell far out cannot hang reading or saving."""
from __future__ import annotations

import hashlib

import openpyxl
import pytest

from toolkit import plan
from toolkit.errors import UserError

MEASURE = {"ID": "HF1-M1", "Handlungsfeld": "Spracherwerb und Bildung", "Ziel-ID(s)": "HZ1.1.1",
           "Titel": "Sprachcafé", "Sachkosten (€)": 100}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def with_formula(tmp_path):
    """A plan with two measures, edited in Excel: the first one's Sachkosten is the formula =12*450."""
    path = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    p = plan.load_plan(path)
    p.massnahmen.loc[2] = MEASURE
    p.massnahmen.loc[3] = {**MEASURE, "ID": "HF1-M2", "Titel": "Lernpatenschaften"}
    plan.save_plan(p, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Maßnahmen"]
    column = [c.value for c in sheet[1]].index("Sachkosten (€)") + 1
    sheet.cell(2, column, "=12*450")
    book.save(path)
    return path, column


def test_a_save_keeps_excel_formulas_in_rows_and_cells_the_user_did_not_change(with_formula):
    path, column = with_formula
    p = plan.load_plan(path)
    p.massnahmen.loc[3, "Titel"] = "Lernpatenschaften für Kinder"       # the app saves another row
    p.massnahmen.loc[2, "Beschreibung"] = "Wöchentlich"                  # … and another cell of this one
    plan.save_plan(p, path)
    cell = openpyxl.load_workbook(path)["Maßnahmen"].cell(2, column)
    assert cell.data_type == "f" and cell.value == "=12*450"


def test_formula_text_typed_into_the_app_is_stored_as_text(with_formula):
    path, column = with_formula
    p = plan.load_plan(path)
    p.massnahmen.loc[3, "Sachkosten (€)"] = "=12*450"                      # typed, not from Excel
    p.massnahmen.loc[3, "Titel"] = '=HYPERLINK("http://x","y")'
    plan.save_plan(p, path)
    sheet = openpyxl.load_workbook(path)["Maßnahmen"]
    typed = sheet.cell(3, column)
    assert typed.data_type == "s" and typed.quotePrefix
    assert sheet.cell(2, column).data_type == "f"


def test_a_text_longer_than_an_excel_cell_is_refused_before_anything_is_written(with_formula):
    path, _ = with_formula
    before = _digest(path), _digest(plan.backup_path(path))
    p = plan.load_plan(path)
    p.massnahmen.loc[3, "Beschreibung"] = "x" * 40_000
    with pytest.raises(UserError) as error:
        plan.save_plan(p, path)
    assert (error.value.row, error.value.column) == (3, "Beschreibung")
    assert "40.000 Zeichen" in error.value.message and "32.767" in error.value.message
    assert (_digest(path), _digest(plan.backup_path(path))) == before


@pytest.mark.timeout(60)
def test_one_stray_cell_far_out_neither_hangs_reading_nor_saving(tmp_path):
    path = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    book = openpyxl.load_workbook(path)
    book.create_sheet("Notizen")["XFD1048576"] = "verirrt"
    book["Notizen"]["A1"] = "Notiz"
    book.save(path)
    p = plan.load_plan(path)
    assert list(p.extra["Notizen"].columns) == ["Notiz", "XFD"]
    plan.save_plan(p, path)
    assert openpyxl.load_workbook(path)["Notizen"]["XFD1048576"].value == "verirrt"
    book = openpyxl.load_workbook(path)
    book["Ziele"]["XFD1048576"] = "verirrt"
    book.save(path)
    with pytest.raises(UserError) as error:
        plan.load_plan(path)
    assert (error.value.row, error.value.column) == (1, "XFD")


def test_control_characters_pasted_from_word_are_cleaned_not_refused(with_formula):
    path, _ = with_formula
    p = plan.load_plan(path)
    p.massnahmen.loc[3, "Beschreibung"] = "Zeile eins\x0bZeile zwei\x01"     # Word's manual line break, a stray byte
    plan.save_plan(p, path)
    assert plan.load_plan(path).massnahmen.loc[3, "Beschreibung"] == "Zeile eins\nZeile zwei"


@pytest.mark.parametrize("content, expected", [
    (b"Handlungsfeld;Ziel\n", "keine lesbare Excel-Arbeitsmappe (.xlsx)."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "alten Format (.xls)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"), "Kennwort"),
])
def test_a_file_that_is_no_workbook_says_why_in_german(tmp_path, content, expected):
    path = tmp_path / "planung.xlsx"
    path.write_bytes(content)
    with pytest.raises(UserError) as error:
        plan.load_plan(path)
    assert expected in error.value.message and "zip" not in str(error.value).lower()
