"""What users do to their planning workbooks: a save changes only what the user changed, nothing is cut
silently, a stray cell far out cannot hang reading or saving; a full disk or a bad output folder is a German
error, with the previous file intact and no temporary file left, for every writer (saves, exports, handouts)."""
from __future__ import annotations

import errno
import hashlib
from pathlib import Path

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


# --- a full disk, a bad output folder: German errors, nothing lost, no temporary file left ----------

FULL = "Der Datenträger ist voll"


def _full_disk(monkeypatch, where: str) -> None:
    """A disk that fills up while the file is written (`fsync`) or before the temporary file exists (`mkstemp`)."""
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    if where == "fsync":
        monkeypatch.setattr(plan.save.os, "fsync", full)
    else:
        monkeypatch.setattr(plan.save.tempfile, "mkstemp", full)


def _export(kind: str):
    from toolkit import massnahmenplanung
    return lambda source, target: massnahmenplanung.export(source, {kind: target})


#: Every writer of the stages 3–4: (name, what it writes from a saved plan, the target's suffix).
WRITERS = [
    ("app save", lambda source, target: plan.save_plan(plan.load_plan(source), target), ".xlsx"),
    ("export word", _export("word"), ".docx"),
    ("export html", _export("html"), ".html"),
    ("export excel", _export("excel"), ".xlsx"),
]


@pytest.mark.parametrize("where", ["fsync", "mkstemp"])
@pytest.mark.parametrize("name, write, suffix", WRITERS, ids=[w[0] for w in WRITERS])
def test_a_full_disk_keeps_the_previous_file_and_leaves_no_temp(tmp_path, monkeypatch, name, write, suffix, where):
    source = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    target = tmp_path / "out" / f"ziel{suffix}"
    target.parent.mkdir()
    target.write_bytes(b"die vorige Fassung")
    if name == "app save":
        target = source
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    _full_disk(monkeypatch, where)
    with pytest.raises(UserError) as error:
        write(source, target)
    assert FULL in error.value.message and error.value.file == str(target)
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before     # nothing else, no temp


@pytest.mark.parametrize("where", ["fsync", "mkstemp"])
def test_a_full_disk_during_plan_new_leaves_nothing_behind(tmp_path, monkeypatch, capsys, where):
    from toolkit.cli import main
    _full_disk(monkeypatch, where)
    assert main(["plan", "new", str(tmp_path / "planung.xlsx"), "--handlungsfelder", "eisenach"]) == 2
    err = capsys.readouterr().err
    assert FULL in err and "planung.xlsx" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _read_only(monkeypatch, folder):
    """A folder without write rights (tests run as root, who may write everywhere: the refusal is simulated)."""
    real = plan.save.tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):
        if Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return real(*args, dir=dir, **kwargs)
    monkeypatch.setattr(plan.save.tempfile, "mkstemp", refuse)


@pytest.mark.parametrize("name, write, suffix", WRITERS, ids=[w[0] for w in WRITERS])
def test_an_output_folder_that_is_a_file_missing_or_read_only(tmp_path, monkeypatch, name, write, suffix):
    source = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    (tmp_path / "datei.txt").write_text("kein Ordner")
    with pytest.raises(UserError) as error:
        write(source, tmp_path / "datei.txt" / f"ziel{suffix}")
    assert f"„{tmp_path / 'datei.txt'}“ ist eine Datei, kein Ordner" in error.value.message
    made = write(source, tmp_path / "neu" / "unter" / f"ziel{suffix}")                 # a missing folder is made
    assert (made[0] if isinstance(made, list) else made).is_file()
    _read_only(monkeypatch, tmp_path / "gesperrt")
    with pytest.raises(UserError) as error:
        write(source, tmp_path / "gesperrt" / f"ziel{suffix}")
    assert f"In den Ordner „{tmp_path / 'gesperrt'}“ darf nicht geschrieben werden" in error.value.message
    assert error.value.hint and "Traceback" not in str(error.value)
    assert not list((tmp_path / "gesperrt").iterdir())


def test_the_cli_names_the_folder_that_is_a_file_and_exits_2(tmp_path, capsys):
    from toolkit.cli import main
    source = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    (tmp_path / "datei.txt").write_text("kein Ordner")
    assert main(["plan", "export", str(source), "--html", str(tmp_path / "datei.txt" / "k.html")]) == 2
    assert f"„{tmp_path / 'datei.txt'}“ ist eine Datei, kein Ordner" in capsys.readouterr().err
    assert main(["plan", "new", str(tmp_path / "datei.txt" / "p.xlsx"), "--handlungsfelder", "eisenach"]) == 2
    assert "ist eine Datei, kein Ordner" in capsys.readouterr().err


def test_a_full_disk_while_the_handouts_are_written(tmp_path, monkeypatch):
    import nbformat

    from toolkit.reports.handout import render_handouts
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titel")]), tmp_path / "a.ipynb")
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "a.html").write_text("vorher")
    _full_disk(monkeypatch, "fsync")
    with pytest.raises(UserError, match=FULL):
        render_handouts(tmp_path)
    assert [p.name for p in (tmp_path / "handouts").iterdir()] == ["a.html"]
    assert (tmp_path / "handouts" / "a.html").read_text() == "vorher"


@pytest.mark.parametrize("value", [10**400, float("inf"), -float("inf"), 1e308])
def test_a_number_excel_cannot_hold_is_refused_with_its_cell_before_anything_is_written(with_formula, value):
    """openpyxl would write an empty cell for inf and fail half-way for a 400-digit number."""
    path, _ = with_formula
    before = _digest(path), _digest(plan.backup_path(path))
    p = plan.load_plan(path)
    p.massnahmen.loc[3, "Sachkosten (€)"] = value
    with pytest.raises(UserError) as error:
        plan.save_plan(p, path)
    assert (error.value.row, error.value.column) == (3, "Sachkosten (€)")
    assert "keine Zahl, die Excel speichern kann" in error.value.message and len(error.value.message) < 200
    assert (_digest(path), _digest(plan.backup_path(path))) == before
