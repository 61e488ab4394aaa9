"""The workbook file: reading its sheets into DataFrames (index = Excel row), writing DataFrames into sheets
(formatting, validation lists, formula-like text neutralised) and a new formatted workbook.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit.errors import UserError
from toolkit.plan.cells import is_empty
from toolkit.plan.schema import DATE_FORMAT, MAX_ROWS, NEUTRALISE, PROMPTS, SHEETS, Column, Plan

# --- reading --------------------------------------------------------------------------------------

def load_plan(path: str | Path) -> Plan:
    """Read a planning workbook; a missing file, sheet or header is a UserError naming it."""
    path = Path(path)
    book = _open_workbook(path)
    tables = {}
    for key, sheet in SHEETS.items():
        if sheet.title not in book.sheetnames:
            raise UserError(f"Das Blatt „{sheet.title}“ fehlt.", file=path,
                            hint="Eine Planungsmappe braucht die Blätter "
                                 f"{', '.join(s.title for s in SHEETS.values())}.")
        tables[key] = _read_sheet(book[sheet.title], path, sheet.headers)
    extra = {ws.title: _read_sheet(ws, path, None) for ws in book.worksheets
             if ws.title not in {s.title for s in SHEETS.values()}}
    return Plan(**tables, extra=extra, source=path)


def _open_workbook(path: Path) -> openpyxl.Workbook:
    if not path.is_file():
        raise UserError("Die Datei gibt es nicht.", file=path, hint="Prüfen Sie Pfad und Dateinamen.")
    try:
        return openpyxl.load_workbook(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UserError(f"Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx): {error}", file=path,
                        hint="Speichern Sie sie in Excel als „Excel-Arbeitsmappe (*.xlsx)“.") from None


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _read_sheet(ws, path: Path, required: list[str] | None) -> pd.DataFrame:
    """A plan sheet (`required` headers) strictly; a sheet of the user's own (None) as it comes."""
    rows = [[_cell_value(c) for c in row] for row in ws.iter_rows()]
    header = [str(h).strip() if h is not None else None for h in (rows[0] if rows else [])]
    for header_name in required or []:
        if header_name not in header:
            raise UserError(f"Im Blatt „{ws.title}“ fehlt die Spalte „{header_name}“ in der Kopfzeile.",
                            row=1, column=header_name, file=path,
                            hint="Stellen Sie die ursprüngliche Überschrift wieder her "
                                 "(eigene Spalten dürfen dazukommen).")
    keep = []
    for i, name in enumerate(header):
        has_data = any(r[i] is not None for r in rows[1:])
        letter = get_column_letter(i + 1)
        if name is None and has_data and required is None:
            name = header[i] = letter
        elif name is None and has_data:
            raise UserError(f"Im Blatt „{ws.title}“ hat die Spalte {letter} Werte, aber keine Überschrift.",
                            row=1, column=letter, file=path, hint="Tragen Sie in Zeile 1 eine Überschrift ein.")
        if required is not None and name is not None and name in header[:i]:
            raise UserError(f"Im Blatt „{ws.title}“ steht die Überschrift „{name}“ zweimal.",
                            row=1, column=name, file=path, hint="Benennen Sie eine der beiden Spalten um.")
        keep += [i] * (name is not None)
    body = {n: [r[i] for i in keep] for n, r in enumerate(rows[1:], 2) if any(r[i] is not None for i in keep)}
    return pd.DataFrame(list(body.values()), columns=[header[i] for i in keep], index=list(body), dtype=object)


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
        ws = book.create_sheet(sheet.title)
        ws.append(sheet.headers)
        ws.freeze_panes = "A2"
        for i, column in enumerate(sheet.columns, 1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = column.width
            ws[f"{letter}1"].font = openpyxl.styles.Font(bold=True)
            validation = _validation(column)
            if validation:
                ws.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{MAX_ROWS}")
    return book


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


def _write_sheet(ws, table: pd.DataFrame) -> None:
    """Cell values only, columns matched by header, so formatting and validations stay in place."""
    header = [c.value for c in ws[1]]
    while header and header[-1] is None:
        header.pop()
    positions = {}
    for name in table.columns:
        positions[name] = header.index(name) + 1 if name in header else max([len(header), *positions.values()]) + 1
    for row in ws.iter_rows():
        for cell in row:
            if cell.row > 1 or cell.column not in positions.values():
                cell.value = None
    for name, col in positions.items():
        ws.cell(1, col, name)
    for r, values in enumerate(table.itertuples(index=False, name=None), 2):
        for name, value in zip(table.columns, values):
            set_cell(ws.cell(r, positions[name]), value)


def set_cell(cell, value) -> None:
    if is_empty(value):
        cell.value = None
    elif isinstance(value, str) and value.startswith(NEUTRALISE):
        cell.value = value
        cell.data_type, cell.quotePrefix = "s", True
    else:
        cell.value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        if isinstance(value, (dt.date, pd.Timestamp)):
            cell.number_format = DATE_FORMAT
