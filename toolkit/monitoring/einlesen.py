"""Reading returned Sachstandsabfragen into the Sachstand log (`ikpe monitoring einlesen PLAN DATEIEN…`).

    from toolkit.monitoring import einlesen
    result = einlesen.read_answers("planung.xlsx", ["Jobcenter.xlsx", "Volkshochschule.xlsx"])
    result.added, result.ignored, [str(p) for p in result.problems]

Every answered row becomes a new row at the end of the sheet „Sachstand“ (Datum: the file's Stichtag, Gemeldet
von: its Federführung, Quelle: the file's name); a row the log already holds (same Datum, measure and answers) is
ignored, so reading the same file twice changes nothing. A row for a measure the plan does not know, for a measure
of another Federführung, or with a value outside the lists is reported (file, row, column) and not taken; the rest
is. Nothing already in the log changes. The plan is written under its lock, atomically, with a backup.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.monitoring import sachstand
from toolkit.monitoring.abfrage import (
    ANSWERS,
    FEDERFUEHRUNG,
    HEADERS,
    ID,
    NONE_LABEL,
    SHEET,
    STATUS_OF,
    STICHTAG,
    federfuehrung,
)
from toolkit.plan import STATUS, as_date, backup_path, cell_text, is_empty, load_plan, locked, save_plan
from toolkit.plan.workbook import _open_workbook

#: How far down the sheet the table's header row is looked for (the Abfrage writes it in row 6).
SEARCH_ROWS = 30


@dataclass(frozen=True)
class Finding:
    """A row that was not taken, and why (German): file, Excel row and column header."""
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Datei „{self.file}“"] + [f"Zeile {self.row}"] * bool(self.row) \
            + [f"Spalte „{self.column}“"] * bool(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Row:
    """One answered row of an Abfrage: its Excel row and its cells by header."""
    row: int
    values: dict


@dataclass
class Answer:
    """A returned Abfrage as read: whose it is („“: measures without Federführung), its Stichtag and rows."""
    path: Path
    federfuehrung: str
    stichtag: dt.date
    rows: list[Row]
    unread: list[str] = field(default_factory=list)     # headers of columns added to the table, with entries


@dataclass
class FileResult:
    name: str
    federfuehrung: str
    stichtag: dt.date
    added: int = 0
    ignored: int = 0
    empty: int = 0
    problems: int = 0


@dataclass
class Result:
    """What `read_answers` did: rows added to the log, rows ignored (already logged), rows left empty, problems
    (rows not taken) and the same per file; `saved`: whether the plan was written; `notes`: columns someone added
    to an Abfrage, whose entries are not read."""
    added: int = 0
    ignored: int = 0
    empty: int = 0
    problems: list[Finding] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    saved: bool = False
    notes: list[Finding] = field(default_factory=list)     # what was not read but is no error (added columns)


# --- reading one file -----------------------------------------------------------------------------

def read_file(path: str | Path) -> Answer:
    """Read a returned Abfrage; a file that is none (no sheet „Sachstandsabfrage“, missing headers, no readable
    Stichtag) is a German UserError naming it. Rows without any entry are left out."""
    path = Path(path)
    book = _open_workbook(path)
    hint = ("Lesen Sie nur Mappen ein, die „ikpe monitoring abfrage“ geschrieben hat, ausgefüllt und als .xlsx "
            "gespeichert.")
    if SHEET not in book.sheetnames:
        raise UserError(f"Das ist keine Sachstandsabfrage: Das Blatt „{SHEET}“ fehlt.", file=path, hint=hint)
    ws = book[SHEET]
    cells = {(cell.row, cell.column): cell.value for cell in ws._cells.values()
             if cell.value is not None and cell.value != ""}
    header_row = next((r for r in range(1, SEARCH_ROWS + 1) if cell_text(cells.get((r, 1))) == ID), None)
    if header_row is None:
        raise UserError(f"Das ist keine Sachstandsabfrage: Im Blatt „{SHEET}“ fehlt die Kopfzeile mit „{ID}“.",
                        file=path, hint=hint)
    columns = {cell_text(v): c for (r, c), v in cells.items() if r == header_row and cell_text(v)}
    missing = [h for h in (ID, *ANSWERS) if h not in columns]
    if missing:
        raise UserError(f"Das ist keine vollständige Sachstandsabfrage: In der Kopfzeile fehlt "
                        f"{', '.join(f'„{m}“' for m in missing)}.", file=path, row=header_row, column=missing[0],
                        hint="Stellen Sie die ursprünglichen Überschriften wieder her. " + hint)
    labels = {cell_text(cells.get((r, 1))): r for r in range(1, header_row)}
    if STICHTAG not in labels or FEDERFUEHRUNG not in labels:
        raise UserError(f"Das ist keine Sachstandsabfrage: Über der Tabelle fehlt „{STICHTAG}“ oder "
                        f"„{FEDERFUEHRUNG}“.", file=path, hint=hint)
    try:
        stichtag = as_date(cells.get((labels[STICHTAG], 2)))
    except ValueError:
        raise UserError(f"Der Stichtag „{cell_text(cells.get((labels[STICHTAG], 2)))}“ ist kein Datum.", file=path,
                        row=labels[STICHTAG], column="B", hint="Tragen Sie den Stichtag als TT.MM.JJJJ ein.") from None
    owner = federfuehrung(cells.get((labels[FEDERFUEHRUNG], 2)))
    rows = []
    for r in sorted({r for r, _ in cells if r > header_row}):
        values = {h: _cell(cells.get((r, c))) for h, c in columns.items()}
        if any(v is not None for v in values.values()):
            rows.append(Row(r, values))
    unread = [h for h in columns if h not in HEADERS and any(row.values.get(h) is not None for row in rows)]
    return Answer(path, owner, stichtag, rows, unread)


def _cell(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, str) and not value.strip():
        return None
    return value


# --- checking the rows against the plan -------------------------------------------------------------------

def _owners(plan) -> dict[str, str]:
    owners = {}
    for ident, owner in zip(plan.massnahmen["ID"], plan.massnahmen["Federführung"]):
        owners.setdefault(cell_text(ident), federfuehrung(owner))
    owners.pop("", None)
    return owners


def _checked(answer: Answer, row: Row, owners: dict[str, str]) -> tuple[dict | None, list[Finding]]:
    """The log row of an answered row, or None with the findings why it cannot be taken."""
    name, values, found = answer.path.name, row.values, []

    def problem(column: str, message: str) -> None:
        found.append(Finding(name, row.row, column, message))

    ident = cell_text(values.get(ID))
    whose = f"„{answer.federfuehrung}“" if answer.federfuehrung else "die Maßnahmen ohne Federführung"
    if not ident:
        problem(ID, "Die Maßnahme-ID fehlt; die Zeile lässt sich keiner Maßnahme zuordnen.")
    elif ident not in owners:
        problem(ID, f"Eine Maßnahme „{ident}“ gibt es in der Planungsmappe nicht.")
    elif owners[ident] != answer.federfuehrung:
        problem(ID, f"Die Maßnahme {ident} gehört laut Planungsmappe zur Federführung "
                    f"{'„' + owners[ident] + '“' if owners[ident] else '(keine eingetragen)'}; diese Mappe ist die "
                    f"Abfrage für {whose}. Hat die Zuständigkeit gewechselt, tragen Sie sie im Blatt „Maßnahmen“ ein "
                    "und lesen Sie die Datei erneut ein.")
    status = values.get("Status")
    if status is not None and cell_text(status).casefold() not in STATUS_OF:
        problem("Status", f"„{cell_text(status)}“ ist kein Status; erlaubt sind: {', '.join(STATUS)}.")
    progress = values.get("Fortschritt (%)")
    number = progress if fmt.is_number(progress) else \
        fmt.parse_number(progress) if isinstance(progress, str) else None
    if progress is not None and (number is None or not float(number).is_integer() or not 0 <= number <= 100):
        problem("Fortschritt (%)", f"„{cell_text(progress)}“ ist keine ganze Zahl von 0 bis 100 (Prozent).")
    if found:
        return None, found
    return {"Datum": answer.stichtag, "Maßnahme-ID": ident,
            "Status": STATUS_OF[cell_text(status).casefold()] if status is not None else None,
            "Fortschritt (%)": number, "Sachstand": values.get("Sachstand"),
            "Nächster Schritt": values.get("Nächster Schritt"),
            "Gemeldet von": answer.federfuehrung or None, "Quelle": name}, []


def _answered(values: dict) -> bool:
    return any(not is_empty(values.get(h)) for h in ANSWERS)


# --- reading into the plan --------------------------------------------------------------------------

def read_answers(plan_path: str | Path, files) -> Result:
    """Read returned Abfragen into the Sachstand log of the plan at `plan_path` (under its lock; saved atomically
    with a backup, and only when a row was added). Every file is read before anything is taken: one that is no
    Abfrage is a UserError and nothing is imported."""
    plan_path = Path(plan_path)
    if not plan_path.is_file():
        raise UserError("Die Planungsmappe gibt es nicht.", file=plan_path, hint="Prüfen Sie Pfad und Dateinamen.")
    answers = [read_file(f) for f in files]
    result = Result()
    with locked(plan_path):
        plan = load_plan(plan_path)
        owners = _owners(plan)
        for answer in answers:
            counts = FileResult(answer.path.name, answer.federfuehrung, answer.stichtag)
            result.notes += [Finding(answer.path.name, None, header, "Diese Spalte gehört nicht zur Abfrage; ihre "
                                     "Einträge werden nicht eingelesen. Übertragen Sie Wichtiges in „Sachstand“.")
                             for header in answer.unread]
            taken = []
            for row in answer.rows:
                if cell_text(row.values.get(ID)) and not _answered(row.values):
                    counts.empty += 1
                    continue
                record, found = _checked(answer, row, owners)
                result.problems += found
                counts.problems += bool(found)
                if record is not None:
                    taken.append(record)
            counts.added, counts.ignored = sachstand.append(plan, taken)
            result.added, result.ignored, result.empty = (result.added + counts.added,
                                                          result.ignored + counts.ignored, result.empty + counts.empty)
            result.files.append(counts)
        if result.added:
            save_plan(plan, plan_path)
            result.saved = True
    return result


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n)} {one if n == 1 else many}"


def command(args) -> int:
    """`ikpe monitoring einlesen PLAN DATEI…`: prints what was added, ignored and reported; exit code 2 when a row
    was reported (not taken)."""
    result = read_answers(args.file, args.files)
    for counts in result.files:
        owner = f"Federführung „{counts.federfuehrung}“" if counts.federfuehrung else NONE_LABEL
        parts = [f"{_count(counts.added, 'Zeile', 'Zeilen')} neu", f"{fmt.number(counts.ignored)} schon vorhanden"]
        parts += [f"{fmt.number(counts.empty)} leer"] * bool(counts.empty)
        parts += [f"{fmt.number(counts.problems)} nicht übernommen"] * bool(counts.problems)
        print(f"{counts.name} ({owner}, Stichtag {fmt.date(counts.stichtag)}): {', '.join(parts)}")
    print(f"Übernommen ins Blatt „Sachstand“: {_count(result.added, 'neue Zeile', 'neue Zeilen')}; "
          f"ignoriert (schon im Blatt): {fmt.number(result.ignored)}.")
    if result.saved:
        print(f"Gespeichert: {args.file} (vorige Fassung: {backup_path(args.file).name})")
    else:
        print(f"Die Planungsmappe {args.file} blieb unverändert.")
    for note in result.notes:
        print(f"Hinweis – {note}")
    if result.problems:
        print(f"Nicht übernommen ({_count(len(result.problems), 'Meldung', 'Meldungen')}) – bitte klären und die "
              f"korrigierte Datei erneut einlesen:")
        for finding in result.problems:
            print(f"  {finding}")
        return 2
    return 0

