"""Excel tables as the Bundesagentur für Arbeit (BA) publishes them, and sheet access for own tables.

A BA sheet: title lines in column A, multi-row headers with merged cells above the value columns,
one row per region with the region key as text (`16051`, or key and name in one cell
`16051 Erfurt, Stadt`), `*` for anonymised values (1 or 2), footnotes and "Quelle:" below the
data. Headers become `variable` (path joined with " | ") exactly as for the classic CSV; times
come from a header row (`Juni 2024`, `31.12.2023`, `2023`) or else from the title lines.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from toolkit.data import tidy
from toolkit.data.classic import header_columns
from toolkit.data.regions import CODE_PATTERN
from toolkit.errors import UserError

_CODE_AND_NAME = re.compile(rf"({CODE_PATTERN})\s+(\S.*)")
_CODE = re.compile(CODE_PATTERN)
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_TITLE_TIMES = [re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b"), re.compile(r"\b[A-Za-zä]+ \d{4}\b|\b\d{2}/\d{4}\b"),
                re.compile(r"\b(?:19|20)\d{2}\b")]


#: What openpyxl raises for a damaged or foreign file: zip (RuntimeError: an encrypted member; NotImplementedError:
#: a packing method Python lacks), XML (ParseError is a SyntaxError), deflate, and its own checks of the parts.
DAMAGED = (InvalidFileException, zipfile.BadZipFile, zlib.error, SyntaxError, KeyError, ValueError, TypeError,
           IndexError, AttributeError, EOFError, OSError, RuntimeError, NotImplementedError)


def _open(data: bytes, file: str):
    from openpyxl import load_workbook  # here: only BA files need it, every kernel would pay ~0,2 s
    try:
        return load_workbook(BytesIO(data), data_only=True)
    except DAMAGED:
        raise UserError("Die Excel-Datei lässt sich nicht öffnen (beschädigt oder kein Excel-Format).", file=file,
                        hint="Öffnen Sie sie in Excel und speichern Sie sie erneut als .xlsx.") from None


def sheet_rows(data: bytes, file: str, sheet: str | None = None) -> tuple[list[list], list[int]]:
    """Cell values of a sheet (the first one unless named), merged header cells filled in, and each row's
    number in Excel (see `_rows`)."""
    book = _open(data, file)
    if sheet is not None and sheet not in book.sheetnames:
        raise UserError(f"Das Tabellenblatt „{sheet}“ gibt es nicht; vorhanden: "
                        f"{', '.join(book.sheetnames)}.", file=file, hint="Korrigieren Sie `sheet` in der Zuordnung.")
    return _rows(book[sheet] if sheet else book.worksheets[0])


#: Empty rows or columns kept between two filled ones (and before the first): more say nothing more, and a stray
#: cell far away (XFD1048576) must not make the grid a used range of billions of cells.
MAX_GAP = 100


def _rows(ws) -> tuple[list[list], list[int]]:
    """Cell values as a grid of rows, and each grid row's number in Excel.

    Only the cells the sheet stores are looked at (as `toolkit.plan.workbook` does), so the work is bounded by
    what the workbook holds, never by its used range: runs of more than `MAX_GAP` empty rows or columns shrink
    to `MAX_GAP` (up to there the grid is the sheet as it is). A label merged across columns is repeated in each
    of them (in its top row only, so a label merged down over several header rows appears once in the header
    path). Merged ranges that start in column A are titles and stay in their first cell."""
    cells = {key: cell.value for key, cell in ws._cells.items() if cell.value is not None}
    numbers = _kept({r for r, _ in cells})
    columns = _kept({c for _, c in cells})
    row_at = {r: i for i, r in enumerate(numbers)}
    column_at = {c: j for j, c in enumerate(columns)}
    rows = [[None] * len(columns) for _ in numbers]
    for (r, c), value in cells.items():
        rows[row_at[r]][column_at[c]] = value
    for merged in ws.merged_cells.ranges:
        top, first = row_at.get(merged.min_row), column_at.get(merged.min_col)
        if merged.min_col > 1 and top is not None and first is not None:
            last = bisect.bisect_right(columns, merged.max_col)
            rows[top][first:last] = [rows[top][first]] * (last - first)
    return rows, numbers


def _kept(filled: set[int]) -> list[int]:
    """Sorted Excel numbers (from 1) of the filled rows or columns and of up to `MAX_GAP` empty ones before
    each."""
    kept, previous = [], 0
    for number in sorted(filled):
        kept.extend(range(previous + 1, min(number, previous + 1 + MAX_GAP)))
        kept.append(number)
        previous = number
    return kept


def cell_text(value, decimal: str = ",") -> str:
    """A cell as the text a CSV would hold: numbers with `decimal`, dates as ISO, None as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return str(value).strip()


def _split_code(cell: str) -> tuple[str, str] | None:
    """(code, name) from a key cell `16051` or `16051 Erfurt`; None if it holds no region key (a key
    starts with a Land, 01–16: a year or a count like „20“ in some other workbook is none)."""
    if _CODE.fullmatch(cell):
        code, name = cell, ""
    elif match := _CODE_AND_NAME.fullmatch(cell):
        code, name = match[1], match[2]
    else:
        return None
    return (code, name) if code == "DG" or "01" <= code[:2] <= "16" else None


def _data_start(rows: list[list]) -> tuple[int, int] | None:
    """(row index, key column) of the first data row: a region key with its name (in the same cell or the
    next) followed by values. A key-like number beside other numbers (e.g. the sum row of a catalogue
    export: „Summe;20;12;32“) starts no data."""
    for i, row in enumerate(rows):
        for c, cell in enumerate(row[:3]):
            split = _split_code(cell_text(cell))
            name = split and (split[1] or (cell_text(row[c + 1]) if c + 1 < len(row) else ""))
            if name and not _NUMBER.fullmatch(name) and any(v not in (None, "") for v in row[c + 1:]):
                return i, c
    return None


def read_ba(data: bytes, file: str) -> pd.DataFrame:
    """Every sheet with region rows (e.g. one per year), stacked into one table."""
    sheets = []
    for ws in _open(data, file).worksheets:
        grid, numbers = _rows(ws)
        rows = [[cell_text(v) for v in row] for row in grid]
        if _data_start(rows) is not None:
            sheets.append((ws.title, rows, numbers))
    if not sheets:
        raise UserError("In der Excel-Datei wurde keine Zeile mit Regionalschlüssel gefunden.", file=file,
                        hint="Für eigene Tabellen geben Sie eine Spaltenzuordnung an (--mapping).")
    code = Path(file.split(" → ")[0]).stem
    if len(sheets) == 1:
        return _sheet(*sheets[0][1:], code, file)
    tables = [_sheet(rows, numbers, code, f"{file} → Blatt „{name}“") for name, rows, numbers in sheets]
    table = pd.concat(tables, ignore_index=True)
    keys = {c: tidy.Key.of(table[c]) for c in table.columns if c not in ("region_name", "value", "status")}
    tidy.check_unique(keys, np.zeros(len(table), dtype=int), file)
    table.attrs = {**tables[0].attrs, "file": file,
                   "warnings": sorted({w for t in tables for w in t.attrs["warnings"]})}
    return table


def _sheet(rows: list[list], numbers: list[int], code: str, file: str) -> pd.DataFrame:
    first, key = _data_start(rows)
    end = first
    while end < len(rows) and _split_code(rows[end][key]):
        end += 1
    joined = _split_code(rows[first][key])[1] != ""
    values_from = key + 1 if joined else key + 2
    header = _header(rows, first, values_from)
    titles = [r[0] for r in rows[:first - len(header)] if r[0]]
    meta = {"table_code": code, **_notes(titles, rows[end:])}
    width = max(max((i for i, v in enumerate(r) if v), default=0) for r in rows[first:end]) + 1 - values_from
    columns = header_columns([r[values_from:values_from + width] for r in header], width, titles, meta)
    return _tidy(rows[first:end], numbers[first], key, values_from, width, columns, meta, file)


def _header(rows: list[list], first: int, values_from: int) -> list[list]:
    """The rows directly above the data with something above the value columns."""
    top = first
    while top > 0 and any(rows[top - 1][values_from:]):
        top -= 1
    return rows[top:first]


def _notes(titles: list[str], below: list[list]) -> dict:
    notes = [" ".join(c for c in r if c) for r in below if any(r)]
    source = next((n.split(":", 1)[1].strip() for n in notes if n.startswith("Quelle")), "")
    stand = next((m.group() for n in notes if "stand" in n.lower() and (m := re.search(r"\d{2}\.\d{2}\.\d{4}", n))), "")
    return {"title": titles[0] if titles else "", "statistic": " ".join(titles[1:]), "source": source,
            "stand": stand, "licence": "", "notes": [n for n in notes if not n.startswith("Quelle")]}


def _tidy(block: list[list], first_row: int, key: int, values_from: int, width: int, columns: dict,
          meta: dict, file: str) -> pd.DataFrame:
    rows = np.arange(first_row, first_row + len(block))
    split = [_split_code(r[key]) for r in block]
    codes = tidy.Key.of([code for code, _ in split])
    names = tidy.Key.of([name or r[key + 1] for (_, name), r in zip(split, block)])
    keys = {"region_code": codes, "region_name": names}
    warnings = []
    if columns["time"] is None:
        keys["time"] = tidy.Key.constant(_title_time(meta, warnings), len(block))
    tidy.check_unique({"region_code": codes}, rows, file)
    tidy.check_columns(columns["variable"], columns["time"], file)
    cells = pd.DataFrame([(r + [""] * width)[values_from:values_from + width] for r in block], dtype=str)
    values, status = tidy.parse_block(cells, rows, columns["variable"], file, warnings=warnings)
    return tidy.finish(keys, columns, values, status, rows, file, meta, warnings)


def _title_time(meta: dict, warnings: list) -> str:
    """The most precise time in the title lines: a date, else a month, else a year."""
    text = f"{meta['title']} {meta['statistic']}"
    for pattern in _TITLE_TIMES:
        for match in pattern.finditer(text):
            if tidy.is_time(match.group()):
                return tidy.normalise_time(match.group())
    warnings.append("Die Tabelle nennt keine Zeit (weder Kopfzeile noch Titel).")
    return ""
