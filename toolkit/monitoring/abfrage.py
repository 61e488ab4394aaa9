"""The Sachstandsabfrage: one small Excel workbook per Federführung with just its measures and their last
Sachstand, to be filled in and sent back (`ikpe monitoring abfrage`; read back with `einlesen`).

    from toolkit.monitoring import abfrage
    files = abfrage.write_requests("planung.xlsx", dt.date(2026, 6, 30), "sachstandsabfrage_2026-06-30")

Each workbook has the sheet „Sachstandsabfrage“ (Federführung and Stichtag above the table; ID, Titel,
Handlungsfeld and Zeitraum read-only, Status, Fortschritt, Sachstand and Nächster Schritt pre-filled and open,
with Excel's validation lists, and the date of the last report read-only at the end) and a short „Anleitung“.
The sheet is protected without a password: it guards against slips, not against intent. Measures without
Federführung go into one file „ohne_Federführung“. What is left as pre-filled counts, when read back, as the
Federführung's confirmed Sachstand on the Stichtag (a new log row with that date); a formula typed into an answer
is read as its text.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.monitoring import sachstand
from toolkit.plan import (
    STATUS,
    Plan,
    as_date,
    cell_text,
    date_text,
    field_name,
    load_plan,
    set_cell,
    write_then_replace,
)

SHEET = "Sachstandsabfrage"
GUIDE = "Anleitung"
TITLE = "Sachstandsabfrage zum Integrationskonzept"
#: Labels in column A above the table; their values stand in column B.
FEDERFUEHRUNG, STICHTAG, PLANUNGSMAPPE = "Federführung", "Stichtag", "Planungsmappe"
#: The table's header row; the rows below it are the measures.
HEADER_ROW = 6
ID, TITEL, FELD, ZEITRAUM = "Maßnahme-ID", "Titel", "Handlungsfeld", "Zeitraum"
ANSWERS = ("Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt")
#: The date of the pre-filled answers (read-only, after them: how old the last report is).
GEMELDET = "Letzte Meldung"
READ_ONLY = (ID, TITEL, FELD, ZEITRAUM, GEMELDET)
HEADERS = READ_ONLY[:4] + ANSWERS + (GEMELDET,)
WIDTHS = dict(zip(HEADERS, (12, 40, 30, 25, 18, 13, 60, 40, 14)))
#: The file of the measures whose Federführung is empty.
NONE_NAME = "ohne_Federführung"
NONE_LABEL = "ohne Federführung"

GREY = PatternFill("solid", fgColor="E7E6E6")
HEAD = PatternFill("solid", fgColor="DDE6F0")
OPEN = Protection(locked=False)


def federfuehrung(value) -> str:
    """A Federführung cell as the Abfrage groups it: trimmed, inner spaces single („“: none)."""
    return " ".join(cell_text(value).split())


# --- file names -----------------------------------------------------------------------------------

#: Names Windows reserves for devices, whatever the extension.
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 60


def file_stem(name: str) -> str:
    """A file name (without extension) from a Federführung that Windows, macOS and e-mail accept: letters (umlauts
    too), digits, „-“ and „_“; everything else becomes „_“; not longer than 60 characters; never a device name."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_.")
    text = re.sub(r"_+", "_", text)[:MAX_NAME].rstrip("_.") or "Federführung"
    return f"{text}_" if text.upper() in RESERVED else text


def file_names(names: list[str]) -> dict[str, str]:
    """A distinct file stem for each Federführung („“: `NONE_NAME`); two that give the same stem (also only
    differing in case, as Windows sees it) get „_2“, „_3“ …"""
    stems, taken = {}, set()
    for name in names:
        stem = NONE_NAME if not name else file_stem(name)
        candidate, n = stem, 1
        while candidate.lower() in taken or (name and candidate.lower() == NONE_NAME.lower()):
            n += 1
            candidate = f"{stem}_{n}"
        taken.add(candidate.lower())
        stems[name] = candidate
    return stems


# --- what each Federführung is asked ----------------------------------------------------------------

@dataclass
class Request:
    """One workbook of the Abfrage: the Federführung („“: none), its measures' rows (by `HEADERS`) and its file."""
    federfuehrung: str
    rows: list[dict]
    path: Path


def requests(plan: Plan, stichtag: dt.date, out_dir: Path) -> list[Request]:
    """The workbooks of an Abfrage on `stichtag`, in the order the Federführungen first appear in the plan (the one
    without Federführung last): every measure with an ID, its last Sachstand up to the Stichtag pre-filled."""
    stand = sachstand.latest(plan, stichtag)
    groups: dict[str, list[dict]] = {}
    seen = set()
    for _, measure in plan.massnahmen.iterrows():
        ident = cell_text(measure.get("ID"))
        if not ident or ident in seen:
            continue
        seen.add(ident)
        last = stand.loc[ident]
        groups.setdefault(federfuehrung(measure.get("Federführung")), []).append({
            ID: ident, TITEL: cell_text(measure.get("Titel")), FELD: _field(plan, measure.get("Handlungsfeld")),
            ZEITRAUM: _period(measure.get("Beginn"), measure.get("Ende")),
            **{column: _prefill(column, last[column]) for column in ANSWERS}, GEMELDET: last["Datum"]})
    names = sorted(groups, key=lambda name: name == "")       # stable: plan order, none last
    stems = file_names(names)
    return [Request(name, groups[name], out_dir / f"{stems[name]}.xlsx") for name in names]


def _field(plan: Plan, value) -> str:
    try:
        return field_name(plan, value) if cell_text(value) else ""
    except UserError:
        return cell_text(value)


def _period(start, end) -> str:
    start, end = date_text(start), date_text(end)
    return f"{start or '…'} – {end or '…'}" if start or end else ""


#: The listed statuses by their spelling in any case.
STATUS_OF = {s.casefold(): s for s in STATUS}


def _prefill(column: str, value):
    """A last answer as the Abfrage shows it. A status outside the list or a Fortschritt that is no whole number
    0–100 (an odd value kept in the plan) is left open, so those who answer choose a valid one rather than send
    back a value the Abfrage's own lists refuse; the log keeps the odd value."""
    if fmt.is_empty(value):
        return None
    if column == "Status":
        return STATUS_OF.get(cell_text(value).casefold())
    if column == "Fortschritt (%)":
        return value if fmt.is_number(value) and float(value).is_integer() and 0 <= value <= 100 else None
    return value


# --- writing ------------------------------------------------------------------------------------------

def default_dir(plan_path: str | Path, stichtag: dt.date) -> Path:
    """Where `ikpe monitoring abfrage` writes without --out: „sachstandsabfrage_<JJJJ-MM-TT>“ beside the plan."""
    return Path(plan_path).parent / f"sachstandsabfrage_{stichtag:%Y-%m-%d}"


def write_requests(plan_path: str | Path, stichtag: dt.date, out_dir: str | Path | None = None) -> list[Path]:
    """Write the Abfrage of the plan at `plan_path` on `stichtag` into `out_dir` (None: `default_dir`), one
    workbook per Federführung; returns the files. An existing file there is only replaced when it holds the same
    answers as the new one (an untouched earlier Abfrage); one with other answers (perhaps a returned one saved
    there) is a UserError, before anything is written."""
    return [request.path for request in _write(plan_path, stichtag, out_dir)[1]]


def _write(plan_path: str | Path, stichtag: dt.date, out_dir: str | Path | None) -> tuple[Plan, list[Request]]:
    plan_path = Path(plan_path)
    plan = load_plan(plan_path)
    out_dir = Path(out_dir) if out_dir is not None else default_dir(plan_path, stichtag)
    if not any(cell_text(ident) for ident in plan.massnahmen["ID"]):
        raise UserError("Die Planungsmappe enthält keine Maßnahmen mit ID; es gibt nichts abzufragen.", file=plan_path,
                        hint="Tragen Sie die Maßnahmen im Blatt „Maßnahmen“ ein (Stufe 4) und vergeben Sie IDs.")
    wanted = requests(plan, stichtag, out_dir)
    for request in wanted:
        _refuse_to_overwrite(request, stichtag)
    for request in wanted:
        book = workbook(request, stichtag, plan_path.name)
        write_then_replace(request.path, book.save)
    return plan, wanted


def _refuse_to_overwrite(request: Request, stichtag: dt.date) -> None:
    if not request.path.exists():
        return
    from toolkit.monitoring import einlesen  # einlesen reads what this module writes
    try:
        answer = einlesen.read_file(request.path)
        same = (answer.stichtag == stichtag and answer.federfuehrung == request.federfuehrung
                and [_comparable(r.values) for r in answer.rows] == [_comparable(r) for r in request.rows])
    except UserError:
        same = False
    if not same:
        raise UserError("Die Datei gibt es schon, mit anderen Einträgen (vielleicht eine zurückgesandte Abfrage); "
                        "sie wird nicht überschrieben. Nichts wurde geschrieben.", file=request.path,
                        hint="Wählen Sie mit --out einen anderen Ordner, oder verschieben Sie die vorhandenen Dateien.")


def _comparable(row: dict) -> tuple:
    return tuple(sachstand._same(row.get(column)) for column in (ID, *ANSWERS))


def workbook(request: Request, stichtag: dt.date, plan_name: str = "") -> openpyxl.Workbook:
    """The workbook of one Federführung: the sheet „Sachstandsabfrage“ (protected, answers open) and „Anleitung“."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    for row, label, value in ((2, FEDERFUEHRUNG, request.federfuehrung or None), (3, STICHTAG, stichtag),
                              (4, PLANUNGSMAPPE, plan_name or None)):
        ws.cell(row, 1, label).font = Font(bold=True)
        set_cell(ws.cell(row, 2), value)
        ws.cell(row, 2).alignment = Alignment(horizontal="left")
    if not request.federfuehrung:
        ws["C2"] = "Maßnahmen, für die in der Planungsmappe keine Federführung eingetragen ist"
    ws["A5"] = (f"Bitte den Stand zum {fmt.date(stichtag)} in die weißen Felder eintragen; Hinweise im Blatt "
                f"„{GUIDE}“.")
    ws["A5"].font = Font(italic=True)
    for col, header in enumerate(HEADERS, 1):
        cell = ws.cell(HEADER_ROW, col, header)
        cell.font, cell.fill = Font(bold=True), HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[header]
    for r, values in enumerate(request.rows, HEADER_ROW + 1):
        for col, header in enumerate(HEADERS, 1):
            cell = ws.cell(r, col)
            set_cell(cell, values.get(header))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if header in READ_ONLY:
                cell.fill = GREY
            else:
                cell.protection = OPEN
    last = HEADER_ROW + max(len(request.rows), 1)
    _validate(ws, last)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3).coordinate
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.formatCells = False    # widen, wrap: allowed
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _guide(book.create_sheet(GUIDE), request, stichtag)
    return book


def _validate(ws, last: int) -> None:
    letters = {header: get_column_letter(i) for i, header in enumerate(HEADERS, 1)}
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS) + '"', allow_blank=True)
    status.error = "Bitte einen Status aus der Liste wählen: " + ", ".join(STATUS) + "."
    progress = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True)
    progress.error = "Bitte eine ganze Zahl von 0 bis 100 eintragen (ohne %-Zeichen)."
    progress.prompt, progress.promptTitle = "Wie weit die Maßnahme umgesetzt ist, 0 bis 100.", "Fortschritt (%)"
    for rule, header in ((status, "Status"), (progress, "Fortschritt (%)")):
        rule.errorTitle, rule.showErrorMessage = "Ungültiger Wert", True
        ws.add_data_validation(rule)
        rule.add(f"{letters[header]}{HEADER_ROW + 1}:{letters[header]}{last}")


def _guide(ws, request: Request, stichtag: dt.date) -> None:
    who = f"die Federführung „{request.federfuehrung}“" if request.federfuehrung else \
        "Maßnahmen, für die noch keine Federführung eingetragen ist"
    lines = [
        ("So füllen Sie die Sachstandsabfrage aus", True),
        (f"Diese Mappe fragt den Stand der Maßnahmen des Integrationskonzepts zum Stichtag {fmt.date(stichtag)} ab, "
         f"für {who}.", False),
        (f"Im Blatt „{SHEET}“ steht je Maßnahme eine Zeile mit dem zuletzt gemeldeten Stand. Bitte prüfen und "
         "aktualisieren Sie die weißen Felder:", False),
        ("• Status: aus der Liste wählen – " + ", ".join(STATUS) + ".", False),
        ("• Fortschritt (%): wie weit die Maßnahme umgesetzt ist, eine ganze Zahl von 0 bis 100.", False),
        ("• Sachstand: was seit der letzten Meldung geschehen ist, in ein bis drei Sätzen.", False),
        ("• Nächster Schritt: was als Nächstes geplant ist, möglichst mit Termin.", False),
        ("Was sich nicht geändert hat, lassen Sie stehen: Es gilt als Ihr bestätigter Stand zum Stichtag. Eine Zeile, "
         "in der Sie alle vier Felder leeren, wird nicht übernommen.", False),
        ("Die grauen Spalten (Maßnahme-ID, Titel, Handlungsfeld, Zeitraum, Letzte Meldung), Federführung und Stichtag "
         "sind geschützt und werden beim Einlesen gebraucht: bitte nicht ändern, keine Zeilen einfügen oder löschen.",
         False),
        ("Gehört eine Maßnahme nicht (mehr) zu Ihnen, vermerken Sie das bitte im Sachstand.", False),
        ("Speichern Sie die Mappe als Excel-Arbeitsmappe (.xlsx) und senden Sie sie zurück; der Dateiname darf sich "
         "ändern.", False),
    ]
    ws.column_dimensions["A"].width = 110
    for r, (text, bold) in enumerate(lines, 1):
        cell = ws.cell(r, 1, text)
        cell.font = Font(bold=bold, size=13 if bold else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


# --- the command ----------------------------------------------------------------------------------

def stichtag_of(text: str) -> dt.date:
    """A Stichtag given as text (TT.MM.JJJJ or JJJJ-MM-TT); a German UserError otherwise."""
    try:
        return as_date(text)
    except ValueError:
        raise UserError(f"„{text}“ ist kein Datum.", column="--stichtag",
                        hint="Geben Sie den Stichtag als TT.MM.JJJJ an, z. B. 30.06.2026.") from None


def command(args) -> int:
    """`ikpe monitoring abfrage PLAN --stichtag DATUM [--out ORDNER]`."""
    stichtag = stichtag_of(args.stichtag)
    plan, wanted = _write(args.file, stichtag, getattr(args, "out", None))
    print(f"Sachstandsabfrage zum {fmt.date(stichtag)}: {fmt.number(len(wanted))} "
          f"{'Mappe' if len(wanted) == 1 else 'Mappen'} in {wanted[0].path.parent}")
    for request in wanted:
        label = request.federfuehrung or NONE_LABEL
        print(f"  {request.path.name}: {label}, {fmt.number(len(request.rows))} "
              f"{'Maßnahme' if len(request.rows) == 1 else 'Maßnahmen'}")
    without = next((r for r in wanted if not r.federfuehrung), None)
    if without:
        print(f"Ohne Federführung (Mappe {without.path.name}): " + ", ".join(
            f"{row[ID]} {row[TITEL]}".strip() for row in without.rows))
        print("  Tragen Sie die Federführung im Blatt „Maßnahmen“ ein, dann bekommt sie ihre eigene Mappe.")
    unnamed = [(row, cell_text(title)) for row, ident, title in zip(plan.massnahmen.index, plan.massnahmen["ID"],
                                                                     plan.massnahmen["Titel"]) if not cell_text(ident)]
    if unnamed:
        print("Nicht abgefragt, weil die Maßnahme-ID fehlt (Blatt „Maßnahmen“): " + ", ".join(
            f"Zeile {row}" + (f" „{title}“" if title else "") for row, title in unnamed))
    return 0
