"""The Fortschreibung of the plan: a new version of the planning workbook (the old one kept read-only beside it) and
the Änderungsprotokoll of two versions for the council paper.

    from toolkit.monitoring import fortschreibung
    fortschreibung.fortschreiben("planung.xlsx", 2034)        # → planung_Fassung-1_2025-2029.xlsx (read-only),
                                                             #   planung.xlsx with „Fassung“ 2 valid until 2034
    changes = fortschreibung.compare(load_plan(old), load_plan(new))    # Änderung, Blatt, ID, Titel, Feld, alt, neu
    fortschreibung.write_protocol(changes, "out", "Änderungsprotokoll")  # aenderungsprotokoll.html / .docx

`ikpe plan fortschreiben PLAN --bis JAHR` and `ikpe plan vergleichen ALT NEU [--out ORDNER]` call `command`.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from contextlib import nullcontext
from pathlib import Path

import pandas as pd

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.plan import (
    SHEETS,
    Plan,
    as_date,
    cell_text,
    is_empty,
    is_number,
    load_plan,
    locked,
    save_plan,
    write_then_replace,
)

#: The kinds of change of the Änderungsprotokoll.
NEU, ENTFALLEN, GEAENDERT = "neu", "entfallen", "geändert"
COLUMNS = ["Änderung", "Blatt", "ID", "Titel", "Feld", "alt", "neu"]
#: The sheets compared, in the protocol's order, with the column that names a row.
COMPARED = {"handlungsfelder": "Handlungsfeld", "ziele": "Zieltext", "massnahmen": "Titel"}
#: What the protocol's table calls the columns (the council reads „bisher“, not „alt“).
HEADERS = {"alt": "bisher"}
STEM = "aenderungsprotokoll"
#: The protocol table's font size (Word; the HTML's is a little smaller, see `write_protocol`).
FONT_PT = 9.0
#: Years a Fassung may run to (as the plan's Basisjahr: a four-digit year of this century).
YEARS = (1990, 2100)


# --- a new version ----------------------------------------------------------------------------------

def fortschreiben(path: str | Path, bis: int, out: str | Path | None = None, today: dt.date | None = None) -> Path:
    """Start a new version of the plan in `path`, valid until 31.12.`bis`: the file is first copied unchanged to a
    read-only file beside it (`archive_name`), then the plan gets a new row in „Fassung“ (Version n + 1, Gültig ab
    the day after the old Gültig bis, else `today`; Erstellt am `today`; Vorgängerfassung the archive's name) and
    is saved to `out` (default: `path` itself) with the usual lock and save rules. Goals, measures and the Sachstand
    log stay as they are: the Fortschreibung reviews them. A workbook without a Fassung row counts as Version 1 (the
    row is added, so the sheet tells the history). Refuses a year before the new validity starts, an existing archive
    and a read-only plan (an archived version is not written into); an archive identical to the plan (left by an
    attempt broken off before the plan was saved) is used as it is. Returns the file of the new version."""
    path, today = Path(path), today or dt.date.today()
    target = Path(out) if out else path
    if target.suffix.lower() != ".xlsx":
        raise UserError("Die neue Fassung muss eine Excel-Arbeitsmappe sein (Endung .xlsx).", file=target)
    different = target.resolve() != path.resolve()
    if different and target.exists():
        raise UserError("Die Datei gibt es schon; die neue Fassung wird nicht hineingeschrieben.", file=target,
                        hint="Wählen Sie mit --out einen neuen Dateinamen oder lassen Sie --out weg (dann wird die "
                             "Planungsmappe selbst zur neuen Fassung).")
    with locked(path):
        plan = load_plan(path)
        if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
            raise UserError("Die Planungsmappe ist schreibgeschützt – vielleicht eine archivierte Fassung; sie wird "
                            "nicht fortgeschrieben.", file=path,
                            hint="Schreiben Sie die aktuelle Fassung fort (die Datei ohne „_Fassung-“ im Namen).")
        version, start, end = current(plan)
        begins = end + dt.timedelta(days=1) if end else today
        if not isinstance(bis, int) or isinstance(bis, bool) or not YEARS[0] <= bis <= YEARS[1]:
            raise UserError(f"„{bis}“ ist kein Jahr für das Ende der neuen Fassung.", file=path,
                            hint=f"Geben Sie ein vierstelliges Jahr zwischen {YEARS[0]} und {YEARS[1]} an.")
        if bis < begins.year:
            raise UserError(f"Die neue Fassung soll bis {bis} gelten, beginnt aber erst am {fmt.date(begins)} "
                            f"(die Fassung {version} gilt " + (f"bis {fmt.date(end)})." if end else "bis heute).")
                            + " Ein Ende vor dem Beginn ist nicht möglich.", file=path,
                            hint=f"Geben Sie mit --bis ein Jahr ab {begins.year} an.")
        archive = path.with_name(archive_name(path, version, start, end))
        leftover = archive.is_file() and archive.read_bytes() == path.read_bytes()   # an attempt broken off
        if archive.exists() and not leftover:
            raise UserError(f"Die Fassung {version} ist schon archiviert: „{archive.name}“ gibt es; sie wird nicht "
                            "überschrieben.", file=archive,
                            hint="Wurde die Fortschreibung schon begonnen, arbeiten Sie in der Planungsmappe weiter; "
                                 "sonst benennen Sie die alte Archivdatei um.")
        named = archive.name if archive.parent.resolve() == target.parent.resolve() else \
            Path(os.path.relpath(archive.resolve(), target.parent.resolve())).as_posix()   # as seen from the new file
        plan.fassung = _with_new_row(plan.fassung, version, begins, dt.date(bis, 12, 31), today, named)
        if different:
            _folder(target)
        with locked(target) if different else nullcontext():
            if not leftover:
                _archive(path, archive)
            _read_only(archive)                  # also a leftover that was cut off before it was made read-only
            try:
                save_plan(plan, target)
            except BaseException:
                if not leftover:
                    _remove(archive)     # nothing changed: the next attempt archives again
                raise
    return target


def archive_name(path: str | Path, version: int, start: dt.date | None, end: dt.date | None) -> str:
    """The read-only copy of Fassung `version`: „planung_Fassung-1_2025-2029.xlsx“ (the years it was valid, as far as
    the sheet „Fassung“ tells them)."""
    path = Path(path)
    years = f"_{start.year}-{end.year}" if start and end else f"_bis-{end.year}" if end else \
        f"_ab-{start.year}" if start else ""
    return f"{path.stem}_Fassung-{version}{years}{path.suffix}"


def current(plan: Plan) -> tuple[int, dt.date | None, dt.date | None]:
    """(Version, Gültig ab, Gültig bis) of the plan's current Fassung: the row of the highest version (the lower
    row among equals); no row: Version 1 without dates. A Gültig-bis cell holding only a year counts as its
    31.12.; a cell that is no date counts as unknown (it is kept as typed)."""
    table = plan.fassung
    if table.empty:
        return 1, None, None
    numbers = [_whole(v) for v in table["Version"]]
    known = [(n, i) for i, n in enumerate(numbers) if n is not None]
    if not known:
        return len(table), None, None
    number, position = max(known)
    row = table.iloc[position]
    return number, _day(row["Gültig ab"], first=True), _day(row["Gültig bis"], first=False)


def _with_new_row(table: pd.DataFrame, version: int, begins: dt.date, ends: dt.date, today: dt.date,
                  archive: str) -> pd.DataFrame:
    start = int(table.index.max()) + 1 if len(table) else 2
    rows = [] if len(table) else [{"Version": 1}]        # the version the workbook was until now
    rows.append({"Version": version + 1, "Gültig ab": begins, "Gültig bis": ends, "Erstellt am": today,
                 "Vorgängerfassung": archive})
    added = pd.DataFrame([[r.get(c) for c in table.columns] for r in rows], columns=table.columns,
                         index=range(start, start + len(rows)), dtype=object)
    return pd.concat([table.astype(object), added]) if len(table) else added


def _archive(path: Path, archive: Path) -> None:
    """A byte-for-byte copy of `path`, then made read-only (for everyone)."""
    data = path.read_bytes()
    write_then_replace(archive, lambda handle: handle.write(data))


def _folder(target: Path) -> None:
    """The folder of a new file (its lock file goes there before the file is written)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise UserError(f"Den Ordner „{target.parent}“ gibt es nicht, und er ließ sich nicht anlegen.", file=target,
                        hint="Prüfen Sie den Pfad und ob Sie dort Ordner anlegen dürfen.") from None


def _read_only(archive: Path) -> None:
    os.chmod(archive, stat.S_IMODE(archive.stat().st_mode) & ~0o222)


def _remove(archive: Path) -> None:
    try:
        os.chmod(archive, stat.S_IMODE(archive.stat().st_mode) | stat.S_IWUSR)    # Windows refuses read-only files
        archive.unlink()
    except OSError:
        pass


def _whole(value) -> int | None:
    if is_number(value) and float(value).is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def _day(value, first: bool) -> dt.date | None:
    if is_empty(value):
        return None
    year = _whole(value)
    if year is not None and YEARS[0] <= year <= YEARS[1]:
        return dt.date(year, 1, 1) if first else dt.date(year, 12, 31)
    try:
        return as_date(value)
    except ValueError:
        return None


# --- what changed -------------------------------------------------------------------------------------

def compare(old: Plan, new: Plan) -> pd.DataFrame:
    """The Änderungsprotokoll of two versions of a plan: Handlungsfelder, goals and measures added („neu“), removed
    („entfallen“) and changed („geändert“, one row per changed column — every column of the sheets, the user's
    own columns too). Rows are matched by their ID (a row without ID by its title; an ID used twice by its
    occurrence). Values that read the same are no change (5 and 5.0, a date and the same date with time 00:00,
    text differing only in spaces, a number typed as German text). `alt`/`neu` are German text (dates TT.MM.JJJJ,
    numbers with decimal comma). Columns: Änderung, Blatt, ID, Titel, Feld, alt, neu; attrs „alt“, „neu“: what the
    versions are (`version_label`)."""
    rows = []
    for key, name_column in COMPARED.items():
        sheet = SHEETS[key]
        kinds = {c.header: c.kind for c in sheet.columns}
        before, after = _keyed(getattr(old, key), name_column), _keyed(getattr(new, key), name_column)
        columns = _columns(getattr(old, key), getattr(new, key), sheet.headers)
        for item, values in after.items():
            ident, title = cell_text(values.get("ID")), cell_text(values.get(name_column))
            if item not in before:
                rows.append([NEU, sheet.title, ident, title, "", "", gist(key, values)])
                continue
            previous = before[item]
            title = title or cell_text(previous.get(name_column))
            for column in columns:
                kind = kinds.get(column, "text")
                was, now = previous.get(column), values.get(column)
                if not same(was, now, kind):
                    rows.append([GEAENDERT, sheet.title, ident, title, column, shown(was, kind), shown(now, kind)])
        for item, values in before.items():
            if item not in after:
                rows.append([ENTFALLEN, sheet.title, cell_text(values.get("ID")), cell_text(values.get(name_column)),
                             "", gist(key, values), ""])
    changes = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    changes.attrs.update({"alt": version_label(old), "neu": version_label(new)})
    return changes


def gist(key: str, record: dict) -> str:
    """A new or removed row in a few words, for the protocol's „neu“ or „bisher“ cell: a goal's Ebene, target and
    indicator, a measure's Federführung, period, Sachkosten and Status, a Handlungsfeld's Beschreibung."""
    def cell(column: str, kind: str = "text") -> str:
        return shown(record.get(column), kind)
    if key == "ziele":
        target = " bis ".join(filter(None, [cell("Zielwert", "number"), cell("Zieldatum", "date")]))
        parts = [cell("Ebene"), f"Zielwert {target}" if cell("Zielwert", "number") else "",
                 f"Indikator {cell('Indikator')}" if cell("Indikator") else ""]
    elif key == "massnahmen":
        start, end = cell("Beginn", "date"), cell("Ende", "date")
        period = f"{start}–{end}" if start and end else f"ab {start}" if start else f"bis {end}" if end else ""
        costs = cell("Sachkosten (€)", "amount")
        parts = [f"Federführung {cell('Federführung')}" if cell("Federführung") else "",
                 f"Zeitraum {period}" if period else "", f"Sachkosten {costs} €" if costs else "",
                 f"Status {cell('Status')}" if cell("Status") else ""]
    else:
        parts = [cell("Beschreibung")]
    return "; ".join(p for p in parts if p)


def _keyed(table: pd.DataFrame, name_column: str) -> dict[tuple[str, int], dict]:
    """Rows by (ID or, without one, „ohne ID: title“; how often that key came before), in sheet order."""
    keyed, seen = {}, {}
    for record in table.to_dict("records"):
        base = cell_text(record.get("ID")) or f"ohne ID: {_spaces(cell_text(record.get(name_column)))}"
        seen[base] = seen.get(base, -1) + 1
        keyed[(base, seen[base])] = record
    return keyed


def _columns(old: pd.DataFrame, new: pd.DataFrame, headers: list[str]) -> list[str]:
    """The sheet's columns in its order, then the user's own of either version; without the ID (the key)."""
    own = [c for c in [*old.columns, *new.columns] if c not in headers]
    return [c for c in dict.fromkeys([*headers, *own]) if c != "ID"]


def same(a, b, kind: str = "text") -> bool:
    """Whether two cells mean the same value (see `compare`)."""
    a, b = _normal(a, kind), _normal(b, kind)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def _normal(value, kind: str):
    if isinstance(value, str):
        value = _spaces(value)
    if is_empty(value) or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date) or isinstance(value, bool):
        return value
    if is_number(value):
        return float(value)
    if isinstance(value, str) and kind == "date":
        try:
            return as_date(value)
        except ValueError:
            return value
    if isinstance(value, str) and kind in ("number", "amount", "whole"):
        number = fmt.parse_number(value)
        return value if number is None else float(number)
    return value


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shown(value, kind: str = "text") -> str:
    """A cell as the protocol shows it: dates TT.MM.JJJJ, numbers with decimal comma and thousands points (years and
    other whole numbers of a bounded column without), empty as „“."""
    if is_empty(value) or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return f"{value:%d.%m.%Y %H:%M}"
    if kind == "whole" and is_number(value) and float(value).is_integer():
        return str(int(value))
    return fmt.text(value.date() if isinstance(value, dt.datetime) else value, empty="")


def version_label(plan: Plan) -> str:
    """„Fassung 2 (gültig 01.01.2030 bis 31.12.2034), planung.xlsx“: what a plan's version is, for the protocol."""
    version, start, end = current(plan)
    period = " bis ".join(filter(None, [start and fmt.date(start), end and fmt.date(end)]))
    period = f"gültig {'ab ' * bool(start and not end)}{'bis ' * bool(end and not start)}{period}" if period else ""
    text = f"Fassung {version}" + (f" ({period})" if period else "")
    return text + (f", {plan.source.name}" if plan.source else "")


def summary(changes: pd.DataFrame) -> str:
    """One German sentence: how many rows of which sheet are new, removed, changed."""
    if changes.empty:
        return "Keine Änderungen: Handlungsfelder, Ziele und Maßnahmen sind in beiden Fassungen gleich."
    parts = []
    for kind, word in ((NEU, "neu"), (ENTFALLEN, "entfallen"), (GEAENDERT, "geändert")):
        chosen = changes[changes["Änderung"] == kind]
        items = chosen.drop_duplicates(["Blatt", "ID", "Titel"])
        by_sheet = [(SHEETS[key].title, int((items["Blatt"] == SHEETS[key].title).sum())) for key in COMPARED]
        named = [f"{n} {_noun(title, n)}" for title, n in by_sheet if n]
        if named:
            parts.append(f"{_join(named)} {word}")
    fields = int((changes["Änderung"] == GEAENDERT).sum())
    tail = f" ({fields} geänderte Angabe{'n' * (fields != 1)})" if fields else ""
    return f"{'; '.join(parts)}{tail}."


NOUNS = {"Handlungsfelder": ("Handlungsfeld", "Handlungsfelder"), "Ziele": ("Ziel", "Ziele"),
         "Maßnahmen": ("Maßnahme", "Maßnahmen")}


def _noun(sheet: str, n: int) -> str:
    return NOUNS[sheet][n != 1]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


# --- the protocol ---------------------------------------------------------------------------------

def write_protocol(changes: pd.DataFrame, out_dir: str | Path, title: str = "Änderungsprotokoll", *,
                   stem: str = STEM, stand: dt.date | None = None) -> list[Path]:
    """The Änderungsprotokoll as HTML and Word in `out_dir` (`<stem>.html`, `<stem>.docx`): title, the two versions
    compared, a summary sentence and one table (Änderung, Blatt, ID, Titel, Feld, bisher, neu; an item's Änderung,
    Blatt, ID and Titel only on its first line), landscape, ready for the council paper. Written via
    `plan.write_then_replace`. Returns the paths."""
    from toolkit.konzept import page, word
    doc = protocol_document(changes, title, stand)
    out_dir = Path(out_dir)
    html = page.render(doc)
    return [write_then_replace(out_dir / f"{stem}.html", lambda handle: handle.write(html.encode("utf-8"))),
            write_then_replace(out_dir / f"{stem}.docx", lambda handle: word.write(doc, handle))]


def protocol_document(changes: pd.DataFrame, title: str, stand: dt.date | None = None):
    """The protocol as the concept's document model (`toolkit.konzept.model`), for both writers."""
    from toolkit.konzept.model import Document, Heading, Orientation, Table, text
    stand = stand or dt.date.today()
    doc = Document(title, "", fmt.date(stand))
    doc.add(Orientation(True), Heading(title, 1, numbered=False), text(f"Stand: {fmt.date(stand)}", "note"))
    if changes.attrs.get("alt") or changes.attrs.get("neu"):
        doc.add(text(f"Verglichen: {changes.attrs.get('alt', '')} (bisher) mit {changes.attrs.get('neu', '')} "
                     "(neu)."))
    doc.add(text(summary(changes)))
    if not changes.empty:
        doc.add(Table([HEADERS.get(c, c) for c in COLUMNS], _printed_rows(changes),
                      "Änderungen an Handlungsfeldern, Zielen und Maßnahmen", font_pt=FONT_PT,
                      notes=["„neu“: in der neuen Fassung hinzugekommen (Spalte „neu“: das Wichtigste in Kürze); "
                             "„entfallen“: nicht mehr enthalten (Spalte „bisher“: was es war); „geändert“: eine Zeile "
                             "je geänderter Angabe."]))
    return doc


def _printed_rows(changes: pd.DataFrame) -> list[list[str]]:
    rows, previous = [], None
    for values in changes[COLUMNS].itertuples(index=False):
        values = ["" if is_empty(v) else str(v) for v in values]
        item = tuple(values[:4])
        if values[0] == GEAENDERT:          # an emptied or newly filled cell: a dash, not a blank
            values[5:] = [v or fmt.EMPTY for v in values[5:]]
        rows.append(["", "", "", ""] + values[4:] if item == previous else values)
        previous = item
    return rows


def text_table(changes: pd.DataFrame) -> list[str]:
    """The protocol as lines for the terminal."""
    if changes.empty:
        return [summary(changes)]
    lines = [summary(changes)]
    for c in changes.itertuples(index=False):
        what = f"{c[0]:<9} {c[1]:<15} {c[2] or '(ohne ID)'} „{c[3]}“"
        if c[0] == GEAENDERT:
            what += f" – {c[4]}: bisher {_quoted(c[5])}, neu {_quoted(c[6])}"
        elif c[5] or c[6]:
            what += f" ({c[5] or c[6]})"
        lines.append(what)
    return lines


def _quoted(value: str) -> str:
    return f"„{value}“" if value else "(leer)"


# --- the command line ------------------------------------------------------------------------------

def command(args) -> int:
    """`ikpe plan fortschreiben DATEI --bis JAHR [--out DATEI]` and `ikpe plan vergleichen ALT NEU [--out ORDNER]`."""
    if args.action == "fortschreiben":
        target = fortschreiben(args.file, args.bis, getattr(args, "out", None))
        p = load_plan(target)
        version, start, end = current(p)
        archive = cell_text(p.fassung.iloc[-1]["Vorgängerfassung"]) if len(p.fassung) else ""
        print(f"Neue Fassung {version} (gültig {fmt.date(start)} bis {fmt.date(end)}) in {target}.")
        archived = Path(os.path.normpath(target.parent / archive))       # Vorgängerfassung is seen from the new file
        print(f"Die bisherige Fassung liegt schreibgeschützt in {archived}.")
        print("Prüfen Sie nun Ziele und Maßnahmen; was sich ändert, zeigt "
              f"„ikpe plan vergleichen {archived} {target}“.")
        return 0
    old, new = load_plan(args.old), load_plan(args.new)
    changes = compare(old, new)
    print(f"Änderungsprotokoll: {changes.attrs['alt']} → {changes.attrs['neu']}")
    for line in text_table(changes):
        print(line)
    if getattr(args, "out", None):
        title = f"Änderungsprotokoll der Fortschreibung: Fassung {current(old)[0]} → Fassung {current(new)[0]}"
        for path in write_protocol(changes, args.out, title):
            print(f"Geschrieben: {path}")
    return 0
