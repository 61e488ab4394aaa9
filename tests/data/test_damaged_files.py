"""Official and own files as users damage them (issue 11): nothing after a stray line is lost, no value that is
no finite number becomes a number, broken archives and unreadable files get a German error with the file name,
and messages name the real cause and line. Real files from ../shared/realdata where the class needs one.

Lines of `classic_text()`: 1 table code, 2–6 title, 7–8 header, 9 Thüringen, 10 Erfurt, 11 Eisenach, 12 footer.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from tests.data.conftest import FF_HEAD, FF_ROWS, OWN_CSV, OWN_MAPPING, ROWS, ba_workbook, classic_text, ffcsv_text
from toolkit import data
from toolkit.data import own
from toolkit.errors import UserError

STRAY = ("Eine Zeile aus Unterstrichen steht vor dem Ende der Tabelle, z. B. Zeile {line}: übersprungen; die "
         "Fußzeile beginnt erst nach der letzten Datenzeile, alle Datenzeilen sind übernommen.")


def put(tmp: Path, content, name="t.csv") -> Path:
    path = tmp / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def data_lines(content: bytes) -> list[int]:
    """Indices (from 0) of the data rows of a classic file: after the header, before the footer."""
    lines = content.split(b"\n")
    footer = next(i for i, line in enumerate(lines) if line.startswith(b"_____"))
    return [i for i, line in enumerate(lines[:footer]) if line[:1].isdigit() or line.startswith(b"DG;")]


# 1. A stray line of underscores inside the data ends nothing.

@pytest.mark.parametrize("name", ["regionalstatistik/12411-03-03-4_00.csv", "regionalstatistik/12411-01-01-4.csv",
                                  "regionalstatistik/12711-05-02-4_00.csv", "current/12411-0015_de.csv"])
def test_a_stray_underscore_line_in_the_data_loses_no_row_and_is_said(realdata, tmp_path, name):
    original = (realdata / name).read_bytes()
    before = data.read(realdata / name)
    lines = original.split(b"\n")
    middle = data_lines(original)[len(data_lines(original)) // 2]
    stray = b"_" * 10 + (b"\r" if lines[middle].endswith(b"\r") else b"")
    after = data.read(put(tmp_path, b"\n".join(lines[:middle] + [stray] + lines[middle:]), Path(name).name))
    pd.testing.assert_frame_equal(after, before)
    assert after.attrs["warnings"] == [STRAY.format(line=middle + 1), *before.attrs["warnings"]]


@pytest.mark.parametrize("rows, line", [
    ([ROWS[0], "__________;;;;", ROWS[1], "__________", ROWS[2]], 10),  # two of them, with trailing separators
    (["_______", *ROWS], 9),                                           # between header and the first data row
])
def test_every_data_row_around_underscore_lines_is_kept(tmp_path, rows, line):
    table = data.read(put(tmp_path, classic_text(rows=rows)))
    assert sorted(table["region_code"].unique()) == ["16", "16051", "16056"] and len(table) == 9
    assert table.loc[table["region_code"] == "16056", "value"].tolist() == [42417, 20810, 21607]
    assert table.attrs["warnings"][0].split(", z. B.")[1].startswith(f" Zeile {line}:")
    assert table.attrs["title"] == "Bevölkerungsstand: Bevölkerung nach Geschlecht - Stichtag 31.12."


def test_a_footer_of_several_underscore_lines_is_still_the_footer(tmp_path):
    footer = ["__________", "Fußnote eins", "_____", '"© Statistische Ämter des Bundes und der Länder, 2017."',
              "Stand: 14.12.2017 / 15:51:18"]
    table = data.read(put(tmp_path, classic_text(footer=footer)))
    assert len(table) == 9 and table.attrs["warnings"] == [] and table.attrs["stand"] == "14.12.2017"


def test_data_rows_after_the_last_underscore_line_mean_the_footer_is_missing(tmp_path):
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, classic_text(rows=[ROWS[0], "__________", *ROWS[1:]], footer=[])))
    assert "endet ohne Fußzeile" in error.value.message


# 2. A value that is no finite number is a marker (official files) or an error (own files), never a number.

NOT_FINITE = ["inf", "-inf", "nan", "Infinity", "1" * 400, "(" + "9" * 400 + ")"]


def odd_cell(table, code: str, variable: str):
    row = table[(table["region_code"] == code) & (table["variable"] == variable)].iloc[0]
    return row["value"], row["status"]


@pytest.mark.parametrize("cell", NOT_FINITE)
def test_an_official_cell_that_is_no_finite_number_is_kept_as_its_text_and_named(tmp_path, cell):
    classic = data.read(put(tmp_path, classic_text(rows=[ROWS[0], ROWS[1].replace("102259", cell), ROWS[2]])))
    flat = data.read(put(tmp_path, ffcsv_text(rows=[FF_ROWS[0].replace(";27420;", f";{cell};"), *FF_ROWS[1:]]),
                         "f_flat.csv"))
    ba = data.read(ba_workbook(tmp_path / "ba.xlsx", rows=[["16", "Thüringen", 62015, 48710, 13290, 2985],
                                                           ["16051", "Erfurt, Stadt", 7905, cell, 2465, 512]]))
    for table, code, variable, row, column in [(classic, "16051", "männlich", 10, "männlich"),
                                               (flat, "16051", "Bevölkerungsstand", 2, "value"),
                                               (ba, "16051", "Arbeitslose | Deutsche", 9, "Arbeitslose | Deutsche")]:
        value, status = odd_cell(table, code, variable)
        assert np.isnan(value) and status == cell
        assert np.isfinite(table["value"].dropna()).all()
        assert len(table.attrs["warnings"]) == 1 and f"Zeile {row}, Spalte „{column}“" in table.attrs["warnings"][0]
        if len(cell) > 300:
            assert "jenseits des Zahlenbereichs" in table.attrs["warnings"][0]
            assert "(40" in table.attrs["warnings"][0] and cell not in table.attrs["warnings"][0]  # shown shortened


@pytest.mark.parametrize("cell, expected", [("inf", "„inf“ ist keine Zahl"), ("NaN", "„NaN“ ist keine Zahl"),
                                            ("-Infinity", "„-Infinity“ ist keine Zahl"),
                                            ("1" * 400, "(400 Zeichen)“ ist zu groß für eine Zahl")])
def test_an_own_cell_that_is_no_finite_number_is_an_error_with_its_place(tmp_path, cell, expected):
    text = OWN_CSV.replace(";567\n", f";{cell}\n")
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, text, "eigene.csv"), mapping=OWN_MAPPING)
    assert expected in error.value.message and (error.value.row, error.value.column) == (3, "Anzahl")
    book, workbook = tmp_path / "eigene.xlsx", Workbook()
    for r, row in enumerate([line.split(";") for line in text.splitlines()], 1):
        for c, value in enumerate(row, 1):  # the odd cell as a number where Excel can hold one (inf, nan)
            workbook.active.cell(r, c, float(value) if (r, c) == (3, 5) and len(value) < 300 else value)
    workbook.save(book)
    with pytest.raises(UserError) as error:
        data.read(book, mapping=OWN_MAPPING)
    assert (error.value.row, error.value.column) == (3, "Anzahl")


def test_a_nul_byte_in_a_name_is_no_text_but_an_error_with_its_line(realdata, tmp_path):
    original = (realdata / "regionalstatistik/12411-03-03-4_00.csv").read_bytes()
    lines = original.split(b"\n")
    line = data_lines(original)[-5]
    assert sum(map(len, lines[:line])) > 4096  # beyond the first block a sniffer would look at
    lines[line] = lines[line].replace(b";", b"\0;", 2)
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, b"\n".join(lines)))
    assert "Nullbyte" in error.value.message and error.value.row == line + 1


@pytest.mark.parametrize("value", [".inf", ".nan", "[2023, 2024]", "{jahr: 2023}"])
def test_a_time_value_that_is_no_time_is_refused(tmp_path, value):
    mapping = put(tmp_path, "region: AGS\nvalue: Anzahl\ntime_value: " + value + "\n", "m.yaml")
    with pytest.raises(UserError) as error:
        own.load_mapping(mapping)
    assert "kein Zeitpunkt" in error.value.message and error.value.column == "time_value"


# 3. One stray cell far away costs one cell, not its used range.

def with_stray_cell(source: Path, target: Path) -> Path:
    from openpyxl import load_workbook
    workbook = load_workbook(source)
    for ws in workbook.worksheets:
        ws["XFD1048576"] = "x"
    workbook.save(target)
    return target


@pytest.mark.timeout(60)
def test_a_ba_workbook_with_a_stray_cell_at_the_sheet_end_reads_like_without(tmp_path):
    from toolkit.config import DEMO_DATA_DIR
    source = DEMO_DATA_DIR / "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx"  # realdata holds no BA workbook
    table = data.read(with_stray_cell(source, tmp_path / source.name))
    before = data.read(source)
    pd.testing.assert_frame_equal(table, before)
    assert table.attrs["warnings"] == before.attrs["warnings"]
    built = ba_workbook(tmp_path / "ba.xlsx")
    pd.testing.assert_frame_equal(data.read(with_stray_cell(built, tmp_path / "ba_stray.xlsx")), data.read(built))


@pytest.mark.timeout(60)
def test_an_own_workbook_keeps_excel_row_numbers_across_long_gaps_and_a_stray_cell(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    rows = [line.split(";") for line in OWN_CSV.replace(";567\n", ";viele\n").splitlines()]
    for r, row in enumerate(rows):
        for c, value in enumerate(row, 1):
            ws.cell(300 + r, c, value)  # a title far above: 298 empty rows between
    ws["A1"], ws["XFD300"] = "Ausländer nach Gemeinden", "Notiz"  # a title far above, a column far right
    workbook.save(tmp_path / "eigene.xlsx")
    with pytest.raises(UserError) as error:
        data.read(tmp_path / "eigene.xlsx", mapping={**OWN_MAPPING, "header_row": 300})
    assert (error.value.row, error.value.column) == (302, "Anzahl") and "„viele“ ist keine Zahl" in error.value.message
    ws["XFD1048576"] = "x"  # a row of its own at the sheet's end: a row without region key, named by its number
    workbook.save(tmp_path / "eigene.xlsx")
    with pytest.raises(UserError) as error:
        data.read(tmp_path / "eigene.xlsx", mapping={**OWN_MAPPING, "header_row": 300})
    assert error.value.row == 1048576 and "keinen Regionalschlüssel" in error.value.message


# 4. Archives and files that cannot be read: a German error naming the file.

@pytest.mark.parametrize("rows, head, line, expected", [
    ([FF_ROWS[0] + ";x", *FF_ROWS[1:]], FF_HEAD, 2, "Die Zeile hat 19 Felder, die Kopfzeile 18."),
    ([FF_ROWS[0], FF_ROWS[1] + ";x", FF_ROWS[2]], FF_HEAD, 3, "Die Zeile hat 19 Felder, die Kopfzeile 18."),
    ([FF_ROWS[0], FF_ROWS[1].rsplit(";", 3)[0], FF_ROWS[2]], FF_HEAD, 3, "Die Zeile hat 15 Felder, die Kopfzeile 18."),
    (FF_ROWS, FF_HEAD.rsplit(";", 1)[0], 2, "Die Zeile hat 18 Felder, die Kopfzeile 17."),
    ([], FF_HEAD, 2, "Das GENESIS-Flatfile enthält nur die Kopfzeile, keine Datenzeilen."),
])
def test_a_damaged_flat_file_row_is_a_german_error_with_its_line(tmp_path, rows, head, line, expected):
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, ffcsv_text(rows=rows, head=head), "12411-0015_flat.csv"))
    assert (error.value.message, error.value.row) == (expected, line) and error.value.hint


def test_a_flat_file_with_a_damaged_real_row_names_it(realdata, tmp_path):
    lines = (realdata / "current/12613-0013_de_flat.csv").read_bytes().split(b"\n")
    lines[40] = lines[40].rsplit(b";", 2)[0]  # value_variable_label and value_q cut off
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, b"\n".join(lines), "12613-0013_de_flat.csv"))
    assert error.value.row == 41 and "Felder" in error.value.message


def test_blank_lines_in_a_flat_file_keep_the_line_numbers(tmp_path):
    rows = [FF_ROWS[0], "", FF_ROWS[1], FF_ROWS[2].replace(";16056;", ";1605;")]
    table = data.read(put(tmp_path, ffcsv_text(rows=rows) + "\n", "f_flat.csv"))
    assert len(table) == 3 and "Zeile 5: „1605“" in table.attrs["warnings"][0]


def test_a_flat_file_cut_inside_its_last_row_is_read_and_said(realdata, tmp_path):
    content = (realdata / "current/12613-0013_de_flat.csv").read_bytes()
    cut = content[:content.rstrip(b"\n").rfind(b";") + 1]  # the last row's quality flag „e“ lost: same fields
    table = data.read(put(tmp_path, cut, "12613-0013_de_flat.csv"))
    assert len(table) == len(data.read(realdata / "current/12613-0013_de_flat.csv"))
    last = cut.count(b"\n") + 1
    assert table.attrs["warnings"][-1].startswith(f"Die Datei endet mitten in Zeile {last} (ohne Zeilenende) – "
                                                  f"vielleicht ist der Download abgebrochen")


def zip_of(name: str, content: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def encrypted(archive: bytes) -> bytes:
    """The archive with its member marked as encrypted (bit 0 of the flags in the local and central header)."""
    out = bytearray(archive)
    for signature, offset in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)]:
        at = out.find(signature) + offset
        out[at] |= 0x01
    return bytes(out)


def crc_damaged(archive: bytes, name: str) -> bytes:
    """One byte of the member's data changed (stored, so the archive opens and only the checksum fails)."""
    out = bytearray(archive)
    at = out.find(b"PK\x03\x04") + 30 + len(name) + 200
    out[at] ^= 0x20
    return bytes(out)


def deflate_damaged(archive: bytes) -> bytes:
    out = bytearray(archive)
    for at in range(100, 140):
        out[at] ^= 0xFF
    return bytes(out)


@pytest.mark.parametrize("damage, expected", [
    (lambda flat, name: encrypted(zip_of(name, flat)), "mit einem Kennwort verschlüsselt"),
    (lambda flat, name: crc_damaged(zip_of(name, flat, zipfile.ZIP_STORED), name), "lässt sich nicht entpacken"),
    (lambda flat, name: deflate_damaged(zip_of(name, flat)), "lässt sich nicht entpacken"),
])
def test_an_encrypted_or_damaged_zip_download_is_a_german_error(realdata, tmp_path, damage, expected):
    with zipfile.ZipFile(realdata / "genesis-ffcsv/21611-0002_de_flat.zip") as archive:
        name = archive.namelist()[0]
        flat = archive.read(name)
    path = put(tmp_path, damage(flat, name), "21611-0002_de_flat.zip")
    with pytest.raises(UserError) as error:
        data.read(path)
    assert expected in error.value.message and error.value.file == str(path)
    assert error.value.hint


def test_a_password_protected_xlsx_is_not_called_an_old_xls(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    with pytest.raises(UserError) as error:
        data.read(put(tmp_path, ole, "geschuetzt.xlsx"))
    assert "Kennwort" in error.value.message and ".xls" not in error.value.message


def test_a_file_without_read_permission_is_a_german_error(tmp_path, monkeypatch):
    path = put(tmp_path, classic_text())
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UserError) as error:
        data.read(path)
    assert error.value.message == "Die Datei lässt sich nicht lesen (keine Leseberechtigung)." and \
        error.value.file == str(path)
    tables = data.read_dir(tmp_path)
    assert tables.skipped == [("t.csv", "Die Datei lässt sich nicht lesen (keine Leseberechtigung).\nSo beheben "
                                        "Sie es: Prüfen Sie die Zugriffsrechte, schließen Sie die Datei in anderen "
                                        "Programmen oder kopieren Sie sie in einen eigenen Ordner.")]


def test_a_folder_is_named_a_folder(tmp_path):
    (tmp_path / "13211.csv").mkdir()
    with pytest.raises(UserError) as error:
        data.read(tmp_path / "13211.csv")
    assert error.value.message == "Das ist ein Ordner, keine Datei."


# 5. Messages name the real cause and line.

def test_a_utf8_file_with_one_windows_byte_reads_and_names_that_line(tmp_path):
    text = classic_text(rows=[*ROWS[:2], ROWS[2].replace("Eisenach", "Eisenäch")])
    content = text.encode().replace("Eisenäch".encode(), "Eisenäch".encode("cp1252"))
    table = data.read(put(tmp_path, content))
    assert table.loc[table["region_code"] == "16056", "region_name"].iloc[0] == "Eisenäch, krsfr. Stadt"
    assert table.attrs["title"].startswith("Bevölkerungsstand")  # the UTF-8 umlauts stay UTF-8
    assert table.attrs["warnings"] == ["Die Datei ist UTF-8-kodiert, aber ein Byte ist kein UTF-8, z. B. Zeile 11: "
                                       "Byte 0xE4, als Windows-1252 „ä“ gelesen. Prüfen Sie die Stelle; speichern Sie "
                                       "die Datei am besten als „CSV UTF-8“."]


def test_a_windows_1252_file_is_still_read_without_a_note(realdata):
    table = data.read(realdata / "regionalstatistik/12411-01-01-4.csv")
    assert table.attrs["warnings"] == [] and "Bevölkerung" in table.attrs["title"]


@pytest.mark.parametrize("name", ["regionalstatistik/12411-01-01-4.csv", "regionalstatistik/13211-02-05-4_00.csv",
                                  "genesis-ffcsv/61111-0001_de_flat.csv"])
def test_cr_only_line_endings_read_like_the_original(realdata, tmp_path, name):
    original = (realdata / name).read_bytes()
    old_mac = original.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    assert b"\n" not in old_mac
    pd.testing.assert_frame_equal(data.read(put(tmp_path, old_mac, Path(name).name)), data.read(realdata / name))


# 6. CSV for Excel: text that Excel would run as a formula is neutralised, numbers and markers stay.

def test_read_to_csv_neutralises_formula_text_but_keeps_numbers_and_markers(tmp_path):
    import csv
    import subprocess
    import sys
    rows = ['16;=HYPERLINK("http://example.org","Thüringen");2170714;-;1095575',
            "16051;@SUMME(A1);210118;-3;107859", "16056;+49 Eisenach;42417;20810;21607"]
    path = put(tmp_path, classic_text(rows=rows))
    table = data.read(path)
    link = '=HYPERLINK("http://example.org","Thüringen")'
    assert table["region_name"].iloc[0] == link  # the table itself stays as published
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "read", str(path), "--to", "csv"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = list(csv.DictReader(io.StringIO(done.stdout)))
    names = {row["region_code"]: row["region_name"] for row in out}
    assert names == {"16": "'" + link, "16051": "'@SUMME(A1)", "16056": "'+49 Eisenach"}
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for row in out for cell in row.values()
               if not cell.lstrip("+-").replace(".", "").isdigit() and cell != "-")
    erfurt = {row["variable"]: row for row in out if row["region_code"] == "16051"}
    assert erfurt["männlich"]["value"] == "-3" and erfurt["männlich"]["status"] == ""
    thueringen = {row["variable"]: row for row in out if row["region_code"] == "16"}
    assert thueringen["männlich"]["status"] == "-" and thueringen["männlich"]["value"] == "0"
