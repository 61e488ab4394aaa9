"""The planning workbook: one Excel file per district that stages 3–5 read and write.

    from toolkit import plan
    plan.new_plan("plan.xlsx", "eisenach")           # or "schmalkalden-meiningen" or a file of your own
    p = plan.load_plan("plan.xlsx")                   # DataFrames, index = Excel row number
    p.massnahmen.loc[p.massnahmen.index.max() + 1] = {...}
    plan.save_plan(p, "plan.xlsx")                    # atomic, previous version in plan.bak.xlsx
    for problem in plan.check_plan(p): print(problem)

Sheets `Handlungsfelder`, `Ziele`, `Indikatoren`, `Maßnahmen` and `Status` (monitoring snapshots) have
German headers (`SHEETS`). Columns and sheets a user adds in Excel are kept: extra columns ride along in
the DataFrames; sheets of the user's own are copied untouched from the workbook the plan was loaded from
(formulas and formatting included) and are readable, not writable, as `Plan.extra`. Fully empty rows
are dropped when read. Text starting with `=`, `+`, `-` or `@` is written as text with Excel's quote
prefix, so Excel never evaluates it. Own Handlungsfelder: `handlungsfelder_from`. Own indicators: rows
added to the sheet `Indikatoren` count as valid ids beside the catalogue's.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit import indicators
from toolkit.errors import UserError

EBENEN = ("Leitziel", "Mittlerziel", "Handlungsziel")
FINANZIERUNG = ("Haushalt", "Land/ThILIK", "Bund", "ESF", "Drittmittel", "Sonstige")
PRIORITAET = ("Schwerpunkt", "Quick Win")
STATUS = ("nicht begonnen", "in Vorbereitung", "begonnen", "fortlaufend", "abgeschlossen", "entfallen")
AMPEL = ("grün", "gelb", "rot", "grau")
#: PHINEO Wirkungstreppe: Output 1–3, Outcome 4–6, Impact 7.
WIRKUNGSTREPPE = {1: "Aktivitäten finden wie geplant statt", 2: "Zielgruppen werden erreicht",
                  3: "Zielgruppen akzeptieren Angebote", 4: "Bewusstsein/Fähigkeiten ändern sich",
                  5: "Handeln ändert sich", 6: "Lebenslage ändert sich", 7: "Gesellschaft ändert sich"}
TEMPLATES = {
    "eisenach": tuple(indicators.handlungsfelder()),
    "schmalkalden-meiningen": ("Arbeitsmarkt/Wirtschaft", "Wohnen", "Integration/Migration",
                               "Infrastruktur/Ländlicher Raum", "Gesundheit", "Bildung/Schule",
                               "Kinder und Familie"),
}
#: Rows of the Excel validation ranges (a plan rarely has more than a few hundred rows).
MAX_ROWS = 2000
DATE_FORMAT = "DD.MM.YYYY"
NEUTRALISE = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column of a plan sheet. kind: text, id, date, amount (number ≥ 0), number, whole
    (integer within `bounds`), choice (one of `choices`) or ref (the list named in `choices`)."""
    header: str
    width: int = 18
    kind: str = "text"
    choices: tuple = ()
    bounds: tuple[int, int] = (0, 0)
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


HF_REF, GOAL_REF, INDICATOR_REF = ("Handlungsfelder", "B"), ("Ziele", "A"), ("Indikatoren", "A")
SHEETS = {
    "handlungsfelder": Sheet("Handlungsfelder", (
        Column("ID", 8, "id"), Column("Handlungsfeld", 55, required=True), Column("Beschreibung", 60))),
    "ziele": Sheet("Ziele", (
        Column("ID", 10, "id"), Column("Ebene", 15, "choice", EBENEN, required=True),
        Column("Übergeordnetes Ziel", 12, "ref", GOAL_REF), Column("Handlungsfeld", 35, "ref", HF_REF, required=True),
        Column("Zieltext", 60, required=True), Column("Zielgruppe", 25),
        Column("Indikator", 25, "ref", INDICATOR_REF), Column("Basisjahr", 10, "whole", bounds=(1990, 2100)),
        Column("Basiswert", 11, "number"), Column("Zielwert", 11, "number"), Column("Zieldatum", 12, "date"),
        Column("Bedarf/Begründung", 50))),
    "indikatoren": Sheet("Indikatoren", (
        Column("ID", 28, "id"), Column("Bezeichnung", 55, required=True), Column("Einheit", 18),
        Column("Handlungsfeld", 40))),
    "massnahmen": Sheet("Maßnahmen", (
        Column("ID", 10, "id"), Column("Handlungsfeld", 35, "ref", HF_REF, required=True),
        Column("Ziel-ID(s)", 12, required=True), Column("Titel", 40, required=True), Column("Beschreibung", 60),
        Column("Zielgruppe(n)", 25), Column("Federführung", 25), Column("Kooperationspartner", 30),
        Column("Beginn", 12, "date"), Column("Ende", 12, "date"), Column("Meilensteine", 40),
        Column("Personal (VZÄ)", 10, "amount"), Column("Sachkosten (€)", 12, "amount"),
        Column("Finanzierung", 15, "choice", FINANZIERUNG), Column("Priorität", 13, "choice", PRIORITAET),
        Column("Wirkungsebene", 10, "whole", bounds=(1, 7)), Column("Indikator", 25, "ref", INDICATOR_REF),
        Column("Status", 16, "choice", STATUS), Column("Begründung", 50))),
    "status": Sheet("Status", (
        Column("Stichtag", 12, "date", required=True), Column("Ziel-/Maßnahmen-ID", 12, required=True),
        Column("Status", 16, "choice", STATUS), Column("Ampel", 8, "choice", AMPEL), Column("Istwert", 10, "number"),
        Column("Bemerkung", 50))),
}
PROMPTS = {"Wirkungsebene": "PHINEO Wirkungstreppe – " + "; ".join(f"{k} {v}" for k, v in WIRKUNGSTREPPE.items()),
           "Ziel-ID(s)": "Eine oder mehrere Ziel-IDs aus dem Blatt „Ziele“, getrennt durch Komma."}


@dataclass
class Plan:
    """The workbook's sheets as DataFrames (object columns, empty cells None, index = Excel row); `extra`
    holds the user's own sheets (columns without a header named by their letter), `source` the file read."""
    handlungsfelder: pd.DataFrame
    ziele: pd.DataFrame
    indikatoren: pd.DataFrame
    massnahmen: pd.DataFrame
    status: pd.DataFrame
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: Path | None = None


@dataclass(frozen=True)
class Problem:
    """One finding of `check_plan`; `row` is the Excel row number, `column` the German header."""
    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = [f"Blatt „{self.sheet}“"] + [f"Zeile {self.row}"] * bool(self.row) \
            + [f"Spalte „{self.column}“"] * bool(self.column)
        return f"{'Fehler' if self.severity == 'error' else 'Hinweis'} – {', '.join(where)}: {self.message}"


# --- creating -------------------------------------------------------------------------------------

def handlungsfelder_from(source: str | Path) -> list[str]:
    """A template name (`TEMPLATES`) or a file of the district's own Handlungsfelder: `.xlsx` (first
    column of the first sheet), `.csv` (first column, `;` or `,`) or text (one per line); a first
    line „Handlungsfeld“ is a header and skipped."""
    if str(source).lower() in TEMPLATES:
        return list(TEMPLATES[str(source).lower()])
    path = Path(source)
    if not path.is_file():
        raise UserError(f"Weder eine Vorlage ({', '.join(TEMPLATES)}) noch eine vorhandene Datei.", file=path,
                        hint="Geben Sie eine Vorlage oder den Pfad einer Datei mit einem Handlungsfeld je Zeile an.")
    if path.suffix.lower() == ".xlsx":
        cells = [row[0] for row in _open_workbook(path).worksheets[0].iter_rows(max_col=1, values_only=True)]
    else:
        text = _read_text(path)
        rows = csv.reader(io.StringIO(text), delimiter=";" if ";" in text else ",") \
            if path.suffix.lower() == ".csv" else ([line] for line in text.splitlines())
        cells = [row[0] if row else None for row in rows]
    names = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    names = names[1:] if names and names[0].lower() == "handlungsfeld" else names
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if not names or duplicates:
        raise UserError(f"Die Handlungsfelder stehen doppelt: {', '.join(duplicates)}." if duplicates
                        else "Die Datei enthält keine Handlungsfelder.", file=path,
                        hint="Ein Handlungsfeld je Zeile, jedes nur einmal.")
    return names


def new_plan(path: str | Path, handlungsfelder: str | Path | list[str]) -> Path:
    """Create an empty planning workbook with these Handlungsfelder (template name, file or list) and the
    indicator catalogue; refuses to overwrite an existing file."""
    path = Path(path)
    if path.exists():
        raise UserError("Die Datei gibt es schon; sie wird nicht überschrieben.", file=path, hint=_existing_hint(path))
    names = handlungsfelder if isinstance(handlungsfelder, list) else handlungsfelder_from(handlungsfelder)
    tables = {key: _frame([], sheet.headers) for key, sheet in SHEETS.items()}
    tables["handlungsfelder"] = _frame([[f"HF{i}", name, None] for i, name in enumerate(names, 1)],
                                       SHEETS["handlungsfelder"].headers)
    tables["indikatoren"] = _frame([[i.id, i.name, i.unit, i.handlungsfeld] for i in indicators.catalogue()],
                                   SHEETS["indikatoren"].headers)
    save_plan(Plan(**tables), path)
    return path


def _existing_hint(path: Path) -> str:
    """What to do about an existing file `new_plan` will not overwrite; an empty plan (as the course makes for
    a data folder without one) can simply be given other Handlungsfelder."""
    hint = "Wählen Sie einen neuen Dateinamen oder löschen Sie die alte Datei selbst."
    try:
        existing = load_plan(path)
    except UserError:
        return hint
    if existing.ziele.empty and existing.massnahmen.empty and existing.status.empty:
        return ("Die Mappe enthält noch keine Ziele und Maßnahmen: Tragen Sie andere Handlungsfelder direkt im Blatt "
                f"„{SHEETS['handlungsfelder'].title}“ ein, oder löschen Sie die Datei und legen Sie sie neu an.")
    return hint


def _frame(rows: list[list], headers: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers, index=range(2, len(rows) + 2), dtype=object)


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


# --- writing --------------------------------------------------------------------------------------

def save_plan(plan: Plan, path: str | Path) -> Path:
    """Write the plan into `path`, on the basis of the existing file, else the file the plan was loaded
    from (formatting, validations and the user's own sheets stay), else a new formatted workbook.
    Atomic; the previous file is kept as `<name>.bak.xlsx`."""
    path = Path(path)
    base = next((p for p in (path, plan.source) if p and p.exists()), None)
    book = _open_workbook(base) if base else _new_workbook()
    for key, sheet in SHEETS.items():
        _write_sheet(book[sheet.title], getattr(plan, key))
    _save_atomically(book, path)
    return path


#: Seconds after which a lock file counts as left behind by a writer that crashed.
STALE_LOCK = 60


@contextmanager
def locked(path: str | Path, wait: float = 10.0) -> Iterator[None]:
    """One writer at a time for `path`: hold this around load → change → save, so two browser tabs
    (two kernels) saving at once cannot lose one another's change. A lock file beside the plan is
    created exclusively (works on Windows too) and removed afterwards."""
    lock = Path(path).with_name(f".~{Path(path).name}.lock")
    deadline = time.monotonic() + wait
    while True:
        if _create(lock):
            break
        if not _removed_if_stale(lock):
            if time.monotonic() > deadline:
                raise UserError("Die Planungsmappe wird gerade an anderer Stelle gespeichert.", file=path,
                                hint="Versuchen Sie es in ein paar Sekunden noch einmal.") from None
            time.sleep(0.05)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _create(file: Path) -> bool:
    """Create `file` if it does not exist (atomic, also on Windows); False if it exists."""
    try:
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _removed_if_stale(lock: Path) -> bool:
    """Remove a lock left by a crashed writer. Checking its age and removing it happen under a second lock
    file, so of two waiting writers that both saw it stale the second cannot delete the fresh lock the first
    has made meanwhile (it checks again, finds that one fresh and waits)."""
    breaker = lock.with_name(lock.name + ".break")
    if not _create(breaker):
        if _lock_age(breaker) > STALE_LOCK:  # a writer crashed in this short moment: clear it for next time
            breaker.unlink(missing_ok=True)
        return False
    try:
        stale = _lock_age(lock) > STALE_LOCK
        if stale:
            lock.unlink(missing_ok=True)
        return stale
    finally:
        breaker.unlink(missing_ok=True)


def _lock_age(lock: Path) -> float:
    try:
        return time.time() - lock.stat().st_mtime
    except FileNotFoundError:       # released meanwhile: try again at once
        return 0.0


def backup_path(path: str | Path) -> Path:
    """Where `save_plan` keeps the previous version of `path`."""
    path = Path(path)
    return path.with_name(f"{path.stem}.bak{path.suffix}")


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


def _save_atomically(book: openpyxl.Workbook, path: Path) -> None:
    try:
        if path.exists():
            with path.open("rb") as original:
                write_then_replace(backup_path(path), lambda f: shutil.copyfileobj(original, f))
        write_then_replace(path, book.save)
    except PermissionError:
        raise UserError("Die Datei kann nicht gespeichert werden: Zugriff verweigert.", file=path,
                        hint="Schließen Sie die Datei in Excel, prüfen Sie die Schreibrechte im Ordner "
                             "und speichern Sie erneut.") from None


def write_then_replace(target: Path, write) -> None:
    """Write into a temporary file beside `target`, flush it to disk, then swap it in atomically."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".~{target.stem}.", suffix=".tmp")
    try:
        os.chmod(temp, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The permissions the file has, else what a new file gets (mkstemp alone would make it private, 0600)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --- checking -------------------------------------------------------------------------------------

def check_plan(plan: Plan) -> list[Problem]:
    """Every problem of the plan, sheet by sheet: errors the plan cannot go out with, warnings to look at."""
    refs = {HF_REF: {cell_text(v) for v in plan.handlungsfelder["Handlungsfeld"]},
            GOAL_REF: {cell_text(v) for v in plan.ziele["ID"]},
            INDICATOR_REF: {i.id for i in indicators.catalogue()} | {cell_text(v) for v in plan.indikatoren["ID"]}}
    problems = []
    for key, sheet in SHEETS.items():
        problems += _check_cells(getattr(plan, key), sheet, refs)
    return ordered(problems + _check_empty(plan) + _check_goals(plan) + _check_measures(plan) + _check_status(plan))


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, in the workbook's order: sheet, row, column."""
    order = {sheet.title: (i, sheet.headers) for i, sheet in enumerate(SHEETS.values())}

    def position(p: Problem) -> tuple:
        sheet, headers = order[p.sheet]
        return sheet, p.row or 0, headers.index(p.column) if p.column in headers else len(headers)
    return sorted(dict.fromkeys(problems), key=position)


def as_date(value) -> dt.date:
    """A cell as a date: an Excel date or text TT.MM.JJJJ / JJJJ-MM-TT; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(text)


def next_id(existing, prefix: str) -> str:
    """`prefix` and one more than the highest number used after it: „HF3-M“ with HF3-M1 and HF3-M4 → „HF3-M5“."""
    used = [int(m[1]) for v in existing if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", cell_text(v)))]
    return f"{prefix}{max(used, default=0) + 1}"


def field_id(plan: Plan, handlungsfeld) -> str:
    """The ID of a Handlungsfeld named in a cell (its name or its ID), „“ when the plan has no such field."""
    wanted = cell_text(handlungsfeld)
    return next((cell_text(i) for i, n in zip(plan.handlungsfelder["ID"], plan.handlungsfelder["Handlungsfeld"])
                 if wanted and wanted in (cell_text(i), cell_text(n))), "")


def goal_ids(value) -> list[str]:
    """The goal ids of a measure's „Ziel-ID(s)“ cell (separated by comma, semicolon or space)."""
    return [part for part in re.split(r"[,;\s]+", cell_text(value)) if part]


def cell_text(value) -> str:
    """A cell as text; whole numbers without „.0“ (an ID typed as 3 is „3“)."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_empty(value) -> bool:
    """None, or what pandas made of it (NaN, NA, NaT)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value)


def _check_cells(table: pd.DataFrame, sheet: Sheet, refs: dict) -> list[Problem]:
    problems = []
    for column in sheet.columns:
        seen = {}
        for row, value in table[column.header].items():
            message = _cell_problem(column, value, refs, seen.get(cell_text(value)))
            if column.kind == "id":
                seen.setdefault(cell_text(value), row)
            if message:
                problems.append(Problem(sheet.title, row, column.header, message))
    return problems


def _cell_problem(column: Column, value, refs: dict, first_row: int | None) -> str | None:
    text = cell_text(value)
    if not text:
        return "Die ID fehlt." if column.kind == "id" else "Pflichtangabe fehlt." if column.required else None
    if column.kind == "id" and first_row:
        return f"Die ID „{text}“ steht schon in Zeile {first_row}; jede ID darf nur einmal vorkommen."
    if column.kind == "date":
        try:
            as_date(value)
        except ValueError:
            return f"„{text}“ ist kein gültiges Datum; erwartet wird TT.MM.JJJJ, z. B. 01.03.2026."
    if column.kind in ("amount", "number") and not is_number(value):
        return f"„{text}“ ist keine Zahl; tragen Sie eine Zahl ohne Einheit ein (Formeln werden nicht ausgewertet)."
    if column.kind == "amount" and value < 0:
        return f"{text} ist negativ; erwartet wird eine Zahl ab 0."
    low, high = column.bounds
    if column.kind == "whole" and not (is_number(value) and float(value).is_integer() and low <= value <= high):
        return f"„{text}“ ist keine ganze Zahl von {low} bis {high}."
    if column.kind == "choice" and text not in column.choices:
        return f"„{text}“ steht nicht in der Liste; erlaubt: {', '.join(column.choices)}."
    if column.kind == "ref" and text not in refs[column.choices]:
        return f"„{text}“ steht nicht im Blatt „{column.choices[0]}“."
    return None


#: What an empty sheet asks the learner to do next (an empty plan is not complete).
EMPTY_SHEETS = {
    "ziele": "Die Planungsmappe enthält noch keine Ziele. Tragen Sie je Handlungsfeld ein Leitziel ein, darunter "
             "Mittler- und Handlungsziele – in Excel oder in der Trainings-App „Zielfindung“ (Stufe 3).",
    "massnahmen": "Die Planungsmappe enthält noch keine Maßnahmen. Tragen Sie ein, was die Handlungsziele "
                  "umsetzen soll – in Excel oder in der Trainings-App „Maßnahmenplanung“ (Stufe 4).",
}


def _check_empty(plan: Plan) -> list[Problem]:
    return [Problem(SHEETS[key].title, None, None, text, "warning")
            for key, text in EMPTY_SHEETS.items() if getattr(plan, key).empty]


def _check_goals(plan: Plan) -> list[Problem]:
    goals = plan.ziele
    level = {cell_text(i): cell_text(e) for i, e in zip(goals["ID"], goals["Ebene"])}
    served = {g for cell in plan.massnahmen["Ziel-ID(s)"] for g in goal_ids(cell)}
    problems = []
    for row, goal in goals.iterrows():
        own, parent = cell_text(goal["Ebene"]), cell_text(goal["Übergeordnetes Ziel"])
        if own not in EBENEN:
            continue
        above = EBENEN[EBENEN.index(own) - 1] if own != EBENEN[0] else None
        if parent and not above:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    "Ein Leitziel hat kein übergeordnetes Ziel."))
        elif above and not parent:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    f"Dieses {own} hängt an keinem {above}.", "warning"))
        elif parent in level and level[parent] != above:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    f"„{parent}“ ist ein {level[parent] or 'Ziel ohne Ebene'}; "
                                    f"ein {own} gehört unter ein {above}."))
        if own == "Handlungsziel" and cell_text(goal["ID"]) and cell_text(goal["ID"]) not in served:
            problems.append(Problem("Ziele", row, "ID", "Keine Maßnahme dient diesem Handlungsziel; "
                                    "tragen Sie seine ID bei mindestens einer Maßnahme unter „Ziel-ID(s)“ ein."))
    return problems


def _check_measures(plan: Plan) -> list[Problem]:
    level = {cell_text(i): cell_text(e) for i, e in zip(plan.ziele["ID"], plan.ziele["Ebene"])}
    problems = []
    for row, measure in plan.massnahmen.iterrows():
        targets = goal_ids(measure["Ziel-ID(s)"])
        problems += [Problem("Maßnahmen", row, "Ziel-ID(s)", f"Ein Ziel „{g}“ gibt es im Blatt „Ziele“ nicht.")
                     for g in targets if g not in level]
        if targets and all(level.get(g) in ("Leitziel", "Mittlerziel") for g in targets):
            problems.append(Problem("Maßnahmen", row, "Ziel-ID(s)", "Die Maßnahme dient keinem Handlungsziel; "
                                    "Maßnahmen setzen Handlungsziele um.", "warning"))
        try:
            start, end = as_date(measure["Beginn"]), as_date(measure["Ende"])
        except ValueError:
            continue
        if start > end:
            problems.append(Problem("Maßnahmen", row, "Ende", f"Das Ende ({end:%d.%m.%Y}) liegt vor dem Beginn "
                                    f"({start:%d.%m.%Y})."))
    return problems


def _check_status(plan: Plan) -> list[Problem]:
    """A status snapshot belongs to a goal or a measure of this plan."""
    known = {cell_text(v) for v in plan.ziele["ID"]} | {cell_text(v) for v in plan.massnahmen["ID"]}
    column = "Ziel-/Maßnahmen-ID"
    return [Problem("Status", row, column, f"„{cell_text(value)}“ ist weder ein Ziel noch eine Maßnahme dieser Planung.")
            for row, value in plan.status[column].items() if cell_text(value) and cell_text(value) not in known]
