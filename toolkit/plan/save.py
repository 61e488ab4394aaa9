"""Creating a plan and saving it: atomic replace, the previous version kept as backup, file mode kept."""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd

from toolkit import fmt, indicators
from toolkit.errors import UserError
from toolkit.plan.schema import SHEETS, TEMPLATES, Plan
from toolkit.plan.workbook import _new_workbook, _open_workbook, _read_text, _write_sheet, load_plan, sheet_of

# --- creating -------------------------------------------------------------------------------------

def handlungsfelder_from(source: str | Path) -> list[str]:
    """A template name (`TEMPLATES`) or a file of the district's own Handlungsfelder: `.xlsx` (first
    column of the first sheet), `.csv` (first column, `;` or `,`) or text (one per line); a first
    line „Handlungsfeld“ is a header and skipped."""
    if str(source).lower() in TEMPLATES:
        return template(str(source).lower())
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


def template(name: str) -> list[str]:
    """The Handlungsfelder of a template of `TEMPLATES`."""
    fields = TEMPLATES[name]
    return list(indicators.handlungsfelder() if fields is None else fields)


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


# --- writing --------------------------------------------------------------------------------------

#: Characters an Excel cell holds.
MAX_CELL_TEXT = 32_767


def save_plan(plan: Plan, path: str | Path) -> Path:
    """Write the plan into `path`, on the basis of the existing file, else the file the plan was loaded
    from (formatting, validations and the user's own sheets stay), else a new formatted workbook.
    Atomic; the previous file is kept as `<name>.bak.xlsx`."""
    path = Path(path)
    _check_lengths(plan, path)
    base = next((p for p in (path, plan.source) if p and p.exists()), None)
    book = _open_workbook(base) if base else _new_workbook()
    for key, sheet in SHEETS.items():
        _write_sheet(sheet_of(book, sheet), getattr(plan, key))
    _save_atomically(book, path)
    return path


def _check_lengths(plan: Plan, path: Path) -> None:
    """Refuse, before anything is written, a text longer than an Excel cell holds: Excel would cut it."""
    for key, sheet in SHEETS.items():
        table = getattr(plan, key)
        for column in table.columns:
            for row, value in table[column].items():
                if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
                    raise UserError(f"Der Text im Blatt „{sheet.title}“ ist {fmt.number(len(value))} Zeichen lang; "
                                    f"eine Excel-Zelle fasst höchstens {fmt.number(MAX_CELL_TEXT)}. Nichts wurde "
                                    "gespeichert.", file=path, row=row, column=column,
                                    hint="Kürzen Sie den Text oder verweisen Sie auf ein eigenes Dokument.")


def backup_path(path: str | Path) -> Path:
    """Where `save_plan` keeps the previous version of `path`."""
    path = Path(path)
    return path.with_name(f"{path.stem}.bak{path.suffix}")


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
