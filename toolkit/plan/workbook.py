"""The workbook file: reading its sheets into DataFrames (index = Excel row), writing DataFrames into sheets
(formatting, validation lists, formula-like text neutralised) and a new formatted workbook.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit.errors import UserError
from toolkit.plan.cells import is_empty
from toolkit.plan.schema import DATE_FORMAT, MAX_ROWS, NEUTRALISE, PROMPTS, SHEETS, Column, Plan, Sheet

# --- reading --------------------------------------------------------------------------------------

def load_plan(path: str | Path) -> Plan:
    """Read a planning workbook; a missing file, sheet or header is a UserError naming it. A workbook of the first
    course version reads its „Status“ sheet as the Sachstand log (see `OLD_STATUS`) and columns added since
    (`Column.added`) as empty."""
    path = Path(path)
    book = _open_workbook(path)
    tables, ours = {}, {s.title for s in SHEETS.values()}
    for key, sheet in SHEETS.items():
        if sheet.title in book.sheetnames:
            tables[key] = _read_sheet(book[sheet.title], path, [c.header for c in sheet.columns if not c.added])
            for column in sheet.columns:
                if column.header not in tables[key].columns:
                    tables[key][column.header] = None
        elif key == "sachstand" and OLD_STATUS in book.sheetnames:
            tables[key] = old_status(_read_sheet(book[OLD_STATUS], path, list(OLD_COLUMNS)))
            ours.add(OLD_STATUS)
        elif not sheet.optional:
            raise UserError(f"Das Blatt „{sheet.title}“ fehlt.", file=path,
                            hint="Eine Planungsmappe braucht die Blätter "
                                 f"{', '.join(s.title for s in SHEETS.values() if not s.optional)}.")
    extra = {ws.title: _read_sheet(ws, path, None) for ws in book.worksheets if ws.title not in ours}
    return Plan(**tables, extra=extra, source=path)


#: The first course version's monitoring sheet; its rows become the Sachstand log (its own columns, e.g.
#: „Istwert“, ride along), and the next save puts the sheet „Sachstand“ in its place.
OLD_STATUS = "Status"
OLD_COLUMNS = {"Stichtag": "Datum", "Ziel-/Maßnahmen-ID": "Maßnahme-ID", "Status": "Status", "Ampel": "Ampel",
               "Istwert": "Istwert", "Bemerkung": "Sachstand"}


def old_status(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of an old „Status“ sheet as Sachstand rows: renamed columns, nothing dropped."""
    table = table.rename(columns=OLD_COLUMNS)
    for header in SHEETS["sachstand"].headers:
        if header not in table.columns:
            table[header] = None
    ordered = SHEETS["sachstand"].headers
    return table[ordered + [c for c in table.columns if c not in ordered]]


#: An OLE2 compound file: Excel 97–2003 (.xls), or an .xlsx that Excel encrypted with a password.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
SAVE_AS_XLSX = "Speichern Sie sie in Excel als „Excel-Arbeitsmappe (*.xlsx)“."


def _open_workbook(path: Path) -> openpyxl.Workbook:
    if not path.is_file():
        raise UserError("Die Datei gibt es nicht.", file=path, hint="Prüfen Sie Pfad und Dateinamen.")
    try:
        return openpyxl.load_workbook(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _not_a_workbook(path) from None


def _not_a_workbook(path: Path) -> UserError:
    """Why a file is no readable .xlsx, in German: password, old format, or something else entirely."""
    with path.open("rb") as file:
        head = file.read(1 << 20)
    if head.startswith(OLE2) and ENCRYPTED in head:
        return UserError("Die Arbeitsmappe ist mit einem Kennwort geschützt; so lässt sie sich nicht lesen.",
                         file=path, hint="Entfernen Sie in Excel das Kennwort (Datei → Informationen → Arbeitsmappe "
                                         "schützen) und speichern Sie sie erneut.")
    if head.startswith(OLE2):
        return UserError("Das ist eine Excel-Datei im alten Format (.xls).", file=path, hint=SAVE_AS_XLSX)
    return UserError("Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx).", file=path, hint=SAVE_AS_XLSX)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _read_sheet(ws, path: Path, required: list[str] | None) -> pd.DataFrame:
    """A plan sheet (`required` headers) strictly; a sheet of the user's own (None) as it comes.

    Only the cells the sheet stores are looked at (one stray cell at XFD1048576 is one cell, not a used range
    of billions), so the work is bounded by what the workbook holds."""
    cells = {key: value for key, cell in ws._cells.items() if (value := _cell_value(cell)) is not None}
    header = {c: str(value).strip() for (r, c), value in cells.items() if r == 1}
    data_columns = {c for r, c in cells if r > 1}
    for header_name in required or []:
        if header_name not in header.values():
            raise UserError(f"Im Blatt „{ws.title}“ fehlt die Spalte „{header_name}“ in der Kopfzeile.",
                            row=1, column=header_name, file=path,
                            hint="Stellen Sie die ursprüngliche Überschrift wieder her "
                                 "(eigene Spalten dürfen dazukommen).")
    keep, names = [], []
    for c in sorted(header.keys() | data_columns):
        name, letter = header.get(c), get_column_letter(c)
        if name is None and required is None:
            name = letter
        elif name is None:
            raise UserError(f"Im Blatt „{ws.title}“ hat die Spalte {letter} Werte, aber keine Überschrift.",
                            row=1, column=letter, file=path, hint="Tragen Sie in Zeile 1 eine Überschrift ein.")
        if required is not None and name in names:
            raise UserError(f"Im Blatt „{ws.title}“ steht die Überschrift „{name}“ zweimal.",
                            row=1, column=name, file=path, hint="Benennen Sie eine der beiden Spalten um.")
        keep.append(c)
        names.append(name)
    rows = sorted({r for r, _ in cells if r > 1})
    body = [[cells.get((r, c)) for c in keep] for r in rows]
    return pd.DataFrame(body, columns=names, index=rows, dtype=object)


def _cell_value(cell):
    """Text as written, dates without time as `datetime.date`, empty text as None."""
    value = cell.value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return None if value == "" else value


def _new_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in SHEETS.values():
        sheet_of(book, sheet)
    return book


def sheet_of(book: openpyxl.Workbook, sheet: Sheet):
    """The worksheet of `sheet` in `book`; a missing one (an optional sheet in a workbook from before it
    existed) is added at the end, formatted: headers, frozen header row, widths, validation lists. The old
    „Status“ sheet is replaced by „Sachstand“ at its place (its rows are in the plan's Sachstand table)."""
    if sheet.title in book.sheetnames:
        return book[sheet.title]
    ws = book.create_sheet(sheet.title)
    if sheet.title == SHEETS["sachstand"].title and OLD_STATUS in book.sheetnames:
        book.move_sheet(ws, book.sheetnames.index(OLD_STATUS) - book.sheetnames.index(ws.title))
        book.remove(book[OLD_STATUS])
    ws.append(sheet.headers)
    ws.freeze_panes = "A2"
    for i, column in enumerate(sheet.columns, 1):
        format_column(ws, column, i)
    return ws


def format_column(ws, column: Column, index: int) -> None:
    """Width, bold header and Excel's validation (list, number range, hint) of a plan column."""
    letter = get_column_letter(index)
    ws.column_dimensions[letter].width = column.width
    ws[f"{letter}1"].font = openpyxl.styles.Font(bold=True)
    validation = _validation(column)
    if validation:
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")


def _validation(column: Column) -> DataValidation | None:
    """Excel's own check for a column: a drop-down list, a whole number range, a date or just a hint."""
    if column.kind == "choice":
        rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"')
    elif column.kind == "ref":
        title, letter = column.choices
        rule = DataValidation(type="list", formula1=f"{quote_sheetname(title)}!${letter}$2:${letter}${MAX_ROWS}")
    elif column.kind == "whole":
        rule = DataValidation(type="whole", operator="between", formula1=str(column.bounds[0]),
                              formula2=str(column.bounds[1]))
    elif column.kind in ("date", "amount"):
        rule = DataValidation(type="date" if column.kind == "date" else "decimal", operator="greaterThanOrEqual",
                              formula1="1" if column.kind == "date" else "0")
    elif column.header in PROMPTS:
        rule = DataValidation()                     # any value, with a hint when the cell is selected
    else:
        return None
    rule.allow_blank = True
    rule.errorTitle, rule.error = "Ungültiger Wert", f"Dieser Wert passt nicht in die Spalte „{column.header}“."
    if column.header in PROMPTS:
        rule.prompt, rule.promptTitle = PROMPTS[column.header][:255], column.header
    return rule


def _write_sheet(ws, table: pd.DataFrame, sheet: Sheet) -> None:
    """Cell values only, columns matched by header, so formatting and validations stay in place; a formula
    written in Excel stays a formula where its cell is written back unchanged (text from the apps that starts
    with „=“ is neutralised, see `set_cell`). A column of `sheet` the file lacks (`Column.added`) is added
    at the end, formatted."""
    first = {c: cell.value for (r, c), cell in ws._cells.items() if r == 1 and cell.value is not None}
    header = [first.get(c) for c in range(1, max(first, default=0) + 1)]
    positions = {}
    for name in table.columns:
        positions[name] = header.index(name) + 1 if name in header else max([len(header), *positions.values()]) + 1
    formulas = {key: cell.value for key, cell in ws._cells.items() if cell.data_type == "f"}
    for cell in list(ws._cells.values()):
        if cell.row > 1 or cell.column not in positions.values():
            cell.value = None
    columns = {c.header: c for c in sheet.columns}
    for name, col in positions.items():
        ws.cell(1, col, name)
        if name not in header and name in columns:
            format_column(ws, columns[name], col)
    for r, values in enumerate(table.itertuples(index=False, name=None), 2):
        for name, value in zip(table.columns, values):
            cell = ws.cell(r, positions[name])
            if formulas.get((r, cell.column)) == value:
                cell.value = value      # a formula from Excel, unchanged: it stays a formula
            else:
                set_cell(cell, value)


#: Control characters an Excel cell cannot hold; vertical tab and form feed (Word's manual line and page
#: breaks, pasted into a form) become line breaks, the others are dropped.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def set_cell(cell, value) -> None:
    """Write a value: text starting with = + - @ as text (never evaluated), control characters cleaned."""
    if isinstance(value, str):
        value = CONTROL.sub("", value.translate(BREAKS))
    if is_empty(value):
        cell.value = None
    elif isinstance(value, str) and value.startswith(NEUTRALISE):
        cell.value = value
        cell.data_type, cell.quotePrefix = "s", True
    else:
        cell.value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        if isinstance(value, (dt.date, pd.Timestamp)):
            cell.number_format = DATE_FORMAT
