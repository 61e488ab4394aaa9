"""Creating a plan and saving it: atomic replace, the previous version kept as backup, file mode kept."""
from __future__ import annotations

import csv
import errno
import io
import math
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd

from toolkit import fmt, indicators
from toolkit.errors import UserError
from toolkit.plan.schema import RICHTUNG_OF, SHEETS, TEMPLATES, Plan
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
    tables["indikatoren"] = _frame([[i.id, i.name, i.unit, i.handlungsfeld, RICHTUNG_OF[i.direction]]
                                    for i in indicators.catalogue()],
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
    if existing.ziele.empty and existing.massnahmen.empty and existing.sachstand.empty:
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
        _write_sheet(sheet_of(book, sheet), getattr(plan, key), sheet)
    _save_atomically(book, path)
    return path


def _check_lengths(plan: Plan, path: Path) -> None:
    """Refuse, before anything is written, what Excel would change: a text longer than a cell holds (Excel would cut
    it) and a number Excel cannot hold (infinite, or beyond ±1E+308: the file would get an empty cell)."""
    for key, sheet in SHEETS.items():
        table = getattr(plan, key)
        for column in table.columns:
            for row, value in table[column].items():
                if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
                    raise UserError(f"Der Text im Blatt „{sheet.title}“ ist {fmt.number(len(value))} Zeichen lang; "
                                    f"eine Excel-Zelle fasst höchstens {fmt.number(MAX_CELL_TEXT)}. Nichts wurde "
                                    "gespeichert.", file=path, row=row, column=column,
                                    hint="Kürzen Sie den Text oder verweisen Sie auf ein eigenes Dokument.")
                if _beyond_excel(value):
                    shown = str(value) if len(str(value)) <= 30 else f"{str(value)[:20]}… ({len(str(value))} Stellen)"
                    raise UserError(f"„{shown}“ im Blatt „{sheet.title}“ ist keine Zahl, die Excel speichern kann "
                                    f"(höchstens ±{MAX_EXCEL_NUMBER:.0E}). Nichts wurde gespeichert.", file=path,
                                    row=row, column=column, hint="Tragen Sie eine endliche Zahl ein.")


#: The largest number an Excel cell holds (9,99999999999999E+307).
MAX_EXCEL_NUMBER = 1e308


def _beyond_excel(value) -> bool:
    """A number no Excel cell holds: infinite or too large (NaN is an empty cell; bool is no number here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return not math.isnan(value) and not abs(float(value)) < MAX_EXCEL_NUMBER
    except OverflowError:
        return True


def backup_path(path: str | Path) -> Path:
    """Where `save_plan` keeps the previous version of `path`."""
    path = Path(path)
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def _save_atomically(book: openpyxl.Workbook, path: Path) -> None:
    if path.exists():
        try:
            with path.open("rb") as original:
                write_then_replace(backup_path(path), lambda f: shutil.copyfileobj(original, f))
        except UserError as error:          # the user saves the plan: name it, not its backup
            raise UserError(error.message, file=path, hint=error.hint) from None
    write_then_replace(path, book.save)


def write_then_replace(target: str | Path, write) -> Path:
    """Write into a temporary file beside `target` (`write(handle)`), flush it to disk, then swap it in atomically;
    a missing folder is made. What users cause — a full disk, a folder that is read-only, is a file or cannot be
    made, a file locked by Excel, a name the disk refuses — is a German `UserError` naming the file or folder;
    then the previous file is untouched and no temporary file is left. Every writer of the project goes through
    here (plans, their backups, exports, handouts, the concept, the Wegweiser). Returns `target`."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".~{target.stem}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(error, target, folder=True) from None
    try:
        os.chmod(temp, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in WRITE_ERRORS:
            raise _write_error(error, target, folder=False) from None
        raise
    return target


#: What a failed write means for the user, by errno (other errors are faults of the toolkit and stay as they are).
FULL = ("Der Datenträger ist voll; die Datei wurde nicht geschrieben, eine frühere Fassung ist unverändert.",
        "Schaffen Sie Platz auf dem Datenträger (oder wählen Sie einen anderen Ordner) und versuchen Sie es erneut.")
WRITE_ERRORS = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EFBIG: ("Die Datei wird zu groß für diesen Datenträger; sie wurde nicht geschrieben.",
                  "Wählen Sie einen Ordner auf einem anderen Datenträger."),
    errno.ENAMETOOLONG: ("Der Pfad ist zu lang; die Datei wurde nicht geschrieben.",
                         "Wählen Sie einen kürzeren Ordner- oder Dateinamen."),
    errno.EINVAL: ("Diesen Dateinamen erlaubt der Datenträger nicht; die Datei wurde nicht geschrieben.",
                   "Wählen Sie einen Namen ohne Sonderzeichen wie : * ? \" < > |."),
    errno.EIO: ("Der Datenträger meldet einen Schreibfehler; die Datei wurde nicht geschrieben.",
                "Prüfen Sie den Datenträger (USB-Stick, Netzlaufwerk) und versuchen Sie es erneut."),
    errno.EACCES: None, errno.EPERM: None, errno.EROFS: None, errno.ENOTDIR: None, errno.EEXIST: None,
    errno.EISDIR: None, errno.ENOENT: None,
}
NO_RIGHTS_HINT = ("Wählen Sie einen Ordner, in dem Sie Dateien anlegen dürfen (z. B. unter Dokumente), oder lassen "
                  "Sie sich die Schreibrechte geben.")


def _write_error(error: OSError, target: Path, folder: bool) -> UserError:
    """The German UserError of a write into `target` that failed with `error` (`folder`: while making the folder or
    the temporary file in it, else while writing or swapping in the file)."""
    parent = target.parent
    not_a_folder = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(FULL[0], file=target, hint=FULL[1])
    if not_a_folder is not None:
        return UserError(f"„{not_a_folder}“ ist eine Datei, kein Ordner; dorthin kann nichts gespeichert werden.",
                         file=target, hint="Geben Sie einen Ordner an oder benennen Sie die Datei um.")
    if target.is_dir():
        return UserError("Unter diesem Namen gibt es schon einen Ordner; die Datei wurde nicht geschrieben.",
                         file=target, hint="Wählen Sie einen anderen Dateinamen.")
    if error.errno == errno.EROFS:
        return UserError(f"Der Ordner „{parent}“ liegt auf einem schreibgeschützten Datenträger.", file=target,
                         hint=NO_RIGHTS_HINT)
    if error.errno in (errno.EACCES, errno.EPERM) and folder:
        return UserError(f"In den Ordner „{parent}“ darf nicht geschrieben werden (schreibgeschützt oder keine "
                         "Berechtigung).", file=target, hint=NO_RIGHTS_HINT)
    if error.errno in (errno.EACCES, errno.EPERM):
        return UserError("Die Datei kann nicht gespeichert werden: Zugriff verweigert.", file=target,
                         hint="Schließen Sie die Datei in Excel, Word oder im Browser, prüfen Sie die Schreibrechte "
                              "im Ordner und speichern Sie erneut.")
    if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        return UserError(f"Den Ordner „{parent}“ gibt es nicht (mehr), und er ließ sich nicht anlegen.", file=target,
                         hint="Prüfen Sie den Pfad, z. B. ob ein Laufwerk oder Netzordner verbunden ist.")
    message, hint = WRITE_ERRORS.get(error.errno) or (
        f"Die Datei konnte nicht geschrieben werden (Fehler {errno.errorcode.get(error.errno, error.errno)}).",
        "Prüfen Sie Ordner und Datenträger und versuchen Sie es erneut.")
    return UserError(message, file=target, hint=hint)


def _file_mode(target: Path) -> int:
    """The permissions the file has, else what a new file gets (mkstemp alone would make it private, 0600)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
