"""Classic Regionalstatistik / GENESIS table CSV ("GENESIS-Tabelle: 12411-01-01-4").

Layout, detected rather than assumed: line 1 names the table; title lines (first cell filled);
1–4 header rows (first cells empty, flattened merged headers, maybe a time row and a unit row);
data rows `[time;]code;name;[category;…]values…`; a footer from a line of underscores on
(quoted footnotes, copyright, `Stand: dd.mm.yyyy / hh:mm:ss`).

The data block is parsed by one `pandas.read_csv` call and reshaped with numpy, never row by row.

Dimension columns: `variable` is the header path of a value column joined with " | " (unit rows
go to attrs["units"] instead). An extra key column between name and values is called
`age_group` when its labels are age groups ("unter 3 Jahre", "75 Jahre und mehr", "Insgesamt"),
otherwise `category` (`category_2` for a second one) — the files do not name these columns.
"""
from __future__ import annotations

import csv
import functools
import re
from io import BytesIO, StringIO

import numpy as np
import pandas as pd

from toolkit.data import tidy
from toolkit.data.markers import MISSING, ZERO
from toolkit.data.regions import CODE_PATTERN
from toolkit.errors import UserError

_TABLE = re.compile(r"^\ufeff?(?:GENESIS-)?Tabelle:\s*(\S+)")
_FOOTER = re.compile(r"_{5,};*[ \t]*$", re.M)
_CODE = re.compile(CODE_PATTERN)
_UNITS = {"Anzahl", "Prozent", "%", "Promille", "EUR", "Euro", "Tsd. EUR", "Mill. EUR", "Mrd. EUR",
          "1000", "Tsd.", "ha", "qkm", "km²", "m²", "Jahre", "Personen", "Tage", "Fälle"}
_TITLE_UNIT = re.compile(r"\((Anzahl|Prozent|EUR|Tsd\. EUR|Personen)\)\s*$")
_AGE = re.compile(r"(unter \d+|\d+ bis unter \d+|\d+ und mehr|\d+ Jahre und mehr|Insgesamt)( Jahre)?")
_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
_MAX_HEAD = 40


def looks_classic(text: str) -> bool:
    return bool(_TABLE.match(text))


def read_classic(text: str, file: str) -> pd.DataFrame:
    """Parse a classic table CSV (already decoded) into the tidy table."""
    footer = _footer_line(text)
    if footer is None:
        raise UserError(f"Die Tabelle endet ohne Fußzeile (Zeile aus Unterstrichen) nach Zeile "
                        f"{text.rstrip().count(chr(10)) + 1} – die Datei ist vermutlich unvollständig.",
                        file=file, hint="Laden Sie die Datei erneut herunter. Falls Sie die Fußzeile "
                                        "absichtlich gelöscht haben, fügen Sie am Ende eine Zeile "
                                        "„__________“ ein.")
    heads, start, first_line = _head(text, footer.start(), file)
    fields = text[start:text.find("\n", start)].split(";")
    _check_header_width(heads, len(fields), file)
    layout = _layout(fields, heads)
    cells = [f[0].strip() for _, f in heads[1:] if f[0].strip()]
    titles = [c for c in cells if not tidy.is_time(c)]
    header = [f[layout["n_keys"]:] for _, f in _header_rows(heads)]
    block = text[start:footer.start()].rstrip().encode("utf-8")
    frame, raw = _read_block(block, len(fields), layout, first_line, file)
    rows = np.arange(first_line, first_line + len(frame))
    meta = {"table_code": _TABLE.match(text)[1], **_title(titles), **_footer(text[footer.end():])}
    layout["title_time"] = next((tidy.normalise_time(c) for c in cells if tidy.is_time(c)), None)
    columns = header_columns(header, len(fields) - layout["n_keys"], titles, meta)
    layout["padded"] = _padded(block)
    return _tidy(frame, raw, rows, layout, columns, meta, file)


def _footer_line(text: str):
    """The line of underscores that starts the footer (found with str.find: fast on big files)."""
    pos = text.find("\n_____")
    while pos >= 0:
        if match := _FOOTER.match(text, pos + 1):
            return match
        pos = text.find("\n_____", pos + 1)
    return None


def _head(text: str, end: int, file: str) -> tuple[list, int, int]:
    """Lines before the first data row (line number, fields), the data's offset and line number."""
    heads, pos = [], 0
    while pos < end and len(heads) <= _MAX_HEAD:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        fields = text[pos:stop].split(";")
        if _is_data(fields):
            return heads, pos, len(heads) + 1
        heads.append((len(heads) + 1, fields))
        pos = stop + 1
    sample = text[:end]
    if ";" not in sample:
        found = "Komma" if sample.count(",") > sample.count("\t") else "Tabulator"
        raise UserError(f"Die Spalten sind durch {found} statt durch Semikolon getrennt.", file=file,
                        row=2, hint="Laden Sie die Originaldatei erneut herunter oder speichern Sie "
                                    "sie in Excel als „CSV (Trennzeichen-getrennt)“ mit Semikolon.")
    raise UserError("Keine Datenzeile gefunden; erwartet wird eine Zeile der Form "
                    "„[Zeit;]Regionalschlüssel;Name;Werte…“, z. B. „16;Thüringen;2170714“.",
                    file=file, row=len(heads) + 1,
                    hint="Prüfen Sie, ob die Datei eine Regionalstatistik-Tabelle ist.")


def _is_data(fields: list[str]) -> bool:
    if len(fields) >= 3 and _CODE.fullmatch(fields[0]) and fields[1].strip():
        return True
    return (len(fields) >= 4 and tidy.is_time(fields[0]) and bool(_CODE.fullmatch(fields[1]))
            and bool(fields[2].strip()))


def _header_rows(heads: list) -> list:
    """Header rows: first cell empty, some other cell filled."""
    return [(line, f) for line, f in heads if not f[0].strip() and any(x.strip() for x in f)]


def _layout(fields: list[str], heads: list) -> dict:
    """Positions of time, code, name and category columns in the first data row.

    The header rows' leading empty cells tell how many key columns there are.
    """
    has_time = not _CODE.fullmatch(fields[0])
    base = 3 if has_time else 2
    leads = [next(i for i, x in enumerate(f) if x.strip()) for _, f in _header_rows(heads)]
    n_keys = min(max(min(leads, default=base), base), len(fields) - 1)
    return {"time": 0 if has_time else None, "code": base - 2, "name": base - 1,
            "categories": list(range(base, n_keys)), "n_keys": n_keys}


def _check_header_width(heads: list, width: int, file: str) -> None:
    for line, fields in _header_rows(heads):
        if len(fields) != width:
            raise UserError(f"Die Kopfzeile hat {len(fields)} Spalten, die Datenzeilen haben {width}.",
                            file=file, row=line,
                            hint="Die Datei wurde vermutlich bearbeitet; laden Sie sie erneut herunter.")


def _read_block(block: bytes, width: int, layout: dict, first_line: int, file: str) -> tuple[pd.DataFrame, object]:
    """The data rows (UTF-8) in one read_csv call (markers read as NaN), and a lookup of raw value cells."""
    n_keys, markers = layout["n_keys"], [*ZERO, *MISSING, ""]
    text_columns = [i for i in range(n_keys) if i != layout["time"]]
    try:
        frame = pd.read_csv(BytesIO(block), sep=";", header=None, names=range(width),
                            dtype={i: str for i in text_columns}, keep_default_na=False,
                            na_values={i: markers for i in range(n_keys, width)}, decimal=",",
                            skipinitialspace=True, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as error:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if not match:
            raise UserError(f"Die Datenzeilen lassen sich nicht lesen ({error}).", file=file,
                            hint="Laden Sie die Datei erneut herunter.") from None
        raise UserError(f"Die Zeile hat {match[3]} Spalten, erwartet werden {match[1]} wie in der "
                        f"ersten Datenzeile.", file=file, row=first_line + int(match[2]) - 1,
                        hint="Entfernen Sie überzählige Semikolons oder laden Sie die Datei erneut "
                             "herunter.") from None
    bounds = functools.cache(lambda: _line_bounds(block))

    def raw(rows: np.ndarray, j: int) -> list[str]:
        """The published text of value column j in the given rows (lines located only when needed)."""
        starts, ends = bounds()
        cells = [block[a:b].split(b";") for a, b in zip(starts[rows], ends[rows])]
        return [c[n_keys + j].decode("utf-8").strip() if n_keys + j < len(c) else "" for c in cells]
    return frame, raw


def _line_bounds(block: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offset of every line."""
    breaks = np.flatnonzero(np.frombuffer(block, np.uint8) == ord("\n"))
    return np.append(0, breaks + 1), np.append(breaks, len(block))


def _padded(block: bytes) -> bool:
    """Whether a cell ends in a space (" ;"): then names need stripping. Compares byte pairs as
    16-bit numbers at both alignments (numpy; many times faster than `in` on text full of spaces)."""
    pair = np.frombuffer(b" ;", "<u2")[0]
    return any((np.frombuffer(block, "<u2", (len(block) - k) // 2, k) == pair).any() for k in (0, 1))


def _title(titles: list[str]) -> dict:
    """Title up to "regionale Tiefe:", the lines after it (statistic, content) as `statistic`."""
    depth = next((i for i, t in enumerate(titles) if "regionale Tiefe:" in t), None)
    if depth is None:
        return {"title": " ".join(titles[:2]), "statistic": " ".join(titles[2:])}
    head = " ".join(titles[:depth] + [titles[depth].split("regionale Tiefe:")[0]]).strip()
    return {"title": head.rstrip(" -").strip(), "statistic": "; ".join(titles[depth + 1:])}


def _footer(text: str) -> dict:
    """Footnotes, copyright/licence and Stand from the footer (quoted multi-line cells)."""
    notes, copyright_, stand = [], "", ""
    for row in csv.reader(StringIO(text), delimiter=";"):
        cell = " ".join(c.strip() for c in row if c.strip())
        if match := re.match(r"Stand:\s*(\d{2}\.\d{2}\.\d{4})", cell):
            stand = match[1]
        elif cell.startswith("©"):
            copyright_ = " ".join(cell.split())
        elif cell:
            notes.append(cell)
    licence = re.search(r"Datenlizenz Deutschland.*?Version \d\.\d", copyright_)
    return {"source": copyright_.split(".")[0] if copyright_ else "", "stand": stand,
            "licence": licence.group().replace(" - ", " – ") if licence else "", "notes": notes}


def header_columns(header: list[list[str]], width: int, titles: list[str], meta: dict) -> dict:
    """Per value column: `variable` (header path), `time` if a header row holds times, `unit`.

    `header` holds the header rows' cells above the value columns (flattened merged headers);
    a row of times gives `time`, a row of units (Anzahl, Prozent …) gives `unit`, the other rows
    are joined into the path. Units may also come from the title ("Bevölkerungsstand (Anzahl)").
    """
    labels, times, units = [[] for _ in range(width)], None, [None] * width
    for row in header:
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if all(tidy.is_time(c) for c in filled):
            times = [tidy.normalise_time(c) for c in cells]
        elif all(c in _UNITS for c in filled):
            units = [c or None for c in cells]
        else:
            for parts, c in zip(labels, cells):
                parts.extend([c] if c else [])
    title_unit = next((m[1] for t in titles if (m := _TITLE_UNIT.search(t))), None)
    fallback = _TITLE_UNIT.sub("", titles[-1]).strip() if titles else meta["table_code"]
    variables = [" | ".join(parts) or fallback for parts in labels]
    return {"variable": variables, "time": times, "unit": [u or title_unit for u in units]}


def _tidy(frame: pd.DataFrame, raw, rows: np.ndarray, layout: dict, columns: dict, meta: dict,
          file: str) -> pd.DataFrame:
    codes = tidy.Key.of(frame[layout["code"]])
    tidy.check_codes(codes, rows, file, "Regionalschlüssel")
    names = frame[layout["name"]]
    keys = {"region_code": codes, "region_name": tidy.Key.of(names).map(str.strip) if layout["padded"]
            else tidy.Key.rows(names)}
    warnings = []
    if layout["time"] is not None:
        keys["time"] = tidy.Key.of(frame[layout["time"]]).map(tidy.normalise_time)
    elif columns["time"] is None:
        time = layout["title_time"] or _time_from_title(meta, warnings)
        keys["time"] = tidy.Key.constant(time, len(frame))
    for k, col in enumerate(layout["categories"]):
        category = tidy.Key.of(frame[col]).map(str.strip)
        keys[_category_name(category.labels, k)] = category
    tidy.check_unique({k: v for k, v in keys.items() if k != "region_name"}, rows, file)
    tidy.check_columns(columns["variable"], columns["time"], file)
    values, status = tidy.parse_block(frame.iloc[:, layout["n_keys"]:], rows, columns["variable"], file, raw=raw)
    return tidy.finish(keys, columns, values, status, rows, file, meta, warnings)


def _time_from_title(meta: dict, warnings: list) -> str:
    """A date in the title; "" with a warning if there is none."""
    for text in [meta["title"], meta["statistic"]]:
        if match := _DATE.search(text):
            return tidy.normalise_time(match.group())
    warnings.append("Die Tabelle nennt keine Zeit (weder Spalte noch Kopfzeile noch Titel).")
    return ""


def _category_name(labels, k: int) -> str:
    if all(_AGE.fullmatch(label) for label in labels):
        return "age_group" if k == 0 else f"age_group_{k + 1}"
    return "category" if k == 0 else f"category_{k + 1}"
