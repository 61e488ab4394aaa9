"""Classic Regionalstatistik / GENESIS table CSV (`Tabelle: 13211-02-05-4`, before 2025 `GENESIS-Tabelle: …`).

Layout, detected rather than assumed: line 1 names the table; title lines (first cell filled; the
regional depth on the title line or, in newer downloads, on a line of its own); 1–4 header rows (first
cells empty, flattened merged headers, maybe a caption like „Stichtag“ above a time row, and a unit row);
data rows `[time;]code;name;[category;…]values…`; a footer from a line of underscores on (quoted
footnotes, copyright, `Stand: dd.mm.yyyy / hh:mm:ss`). GENESIS-Online's CSV writes a quality flag after
every value (`84281;e`) and a spanning header label once: the flags become the status of plain numbers.

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

from toolkit import fmt
from toolkit.data import tidy
from toolkit.data.markers import MISSING, ZERO
from toolkit.data.regions import CODE_PATTERN
from toolkit.errors import UserError

_TABLE = re.compile(r"^\ufeff?(?:GENESIS-)?Tabelle:\s*(\S+)")
_FOOTER = re.compile(r"_{5,};*[ \t]*$", re.M)
_CODE = re.compile(CODE_PATTERN)
#: A unit cell: Anzahl, Prozent, EUR, 1000 qm, Tsd. EUR, t, ha … (a row of only these is the unit row).
_UNIT = re.compile(r"(?:(?:1000|Tsd\.|Mill\.|Mio\.|Mrd\.)\s*)?(?:Anzahl|Prozent|%|Promille|EUR|Euro|ha|qkm|km²|km|"
                   r"m²|qm|cbm|m³|t|MJ|kWh|l|Jahre|Personen|Tage|Fälle|Stunden)|1000|Tsd\.")
_TITLE_UNIT = re.compile(r"\((Anzahl|Prozent|EUR|Tsd\. EUR|Personen|t|1000 t|ha)\)\s*$")
_AGE = re.compile(r"(unter \d+|\d+ bis unter \d+|\d+ und mehr|\d+ Jahre und mehr|Insgesamt)( Jahre)?")
_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
_LABELLED_TIME = re.compile(r"\b(?:Jahr|Stichtag|Berichtsjahr|Zeit)\s*:\s*(\d{2}\.\d{2}\.\d{4}|\d{4})\b")
#: Quality flags GENESIS-Online writes beside each value (e endgültig, p vorläufig, r berichtigt, s geschätzt …).
_QUALITY = re.compile(r"[a-z]{0,2}")
#: Captions GENESIS writes above a row of times: they name the time, not the value.
_TIME_CAPTIONS = {"Stichtag", "Jahr", "Jahre", "Zeit", "Monat", "Monate", "Berichtsjahr", "Schuljahr", "Zeitraum",
                  "Quartal", "Halbjahr"}
_MAX_HEAD = 40
#: One-byte cells as text (markers `-` `.` `/` `x` `*`, a digit …), indexed by the byte.
_BYTE_TEXT = np.array([bytes([b]).decode("latin-1").strip() for b in range(256)], dtype=object)
_BYTE_CODE = np.array([tidy.MARKER_CODES.get(text, -1) for text in _BYTE_TEXT], dtype=np.intp)


def looks_classic(text: str) -> bool:
    return bool(_TABLE.match(text))


def read_classic(text: str, file: str) -> pd.DataFrame:
    """Parse a classic table CSV (already decoded) into the tidy table."""
    footer, strays = _footer_line(text)
    if footer is None:
        raise UserError(f"Die Tabelle endet ohne Fußzeile (Zeile aus Unterstrichen) nach Zeile "
                        f"{text.rstrip().count(chr(10)) + 1} – die Datei ist vermutlich unvollständig.",
                        file=file, hint="Laden Sie die Datei erneut herunter. Falls Sie die Fußzeile "
                                        "absichtlich gelöscht haben, fügen Sie am Ende eine Zeile "
                                        "„__________“ ein.")
    heads, start, first_line = _head(text, footer.start(), file)
    warnings = _stray_warnings(text, strays)
    fields = text[start:text.find("\n", start)].split(";")
    _check_header_width(heads, len(fields), file)
    layout = _layout(fields, heads)
    cells = [f[0].strip() for _, f in heads[1:] if f[0].strip()]
    titles = [c for c in cells if not tidy.is_time(c)]
    header = [f[layout["n_keys"]:] for _, f in _header_rows(heads)]
    layout["flags"] = _flag_pairs(fields[layout["n_keys"]:], header)
    if layout["flags"]:
        header = [_spans_filled(row[::2]) for row in header]
    block = text[start:footer.start()].rstrip().encode("utf-8")
    frame, raw = _read_block(block, len(fields), layout, first_line, file)
    layout["strays"] = _places(text, start, [m.start() for m in strays if m.start() > start])
    rows = np.arange(first_line, first_line + len(frame))
    meta = {"table_code": _TABLE.match(text)[1], **_title(titles), **_footer(text[footer.end():])}
    layout["title_time"] = next((tidy.normalise_time(c) for c in cells if tidy.is_time(c)), None)
    columns = header_columns(header, (len(fields) - layout["n_keys"]) // (2 if layout["flags"] else 1), titles, meta)
    layout["padded"] = _padded(block)
    return _tidy(frame, raw, rows, layout, columns, meta, file, warnings)


def _footer_line(text: str) -> tuple[re.Match | None, list[re.Match]]:
    """The line of underscores that starts the footer — the first one after which no data row follows — and
    the underscore lines before it (stray lines inside the table, whose rows after them are data all the same).
    Found with str.find (fast on big files); only the lines after a candidate are looked at."""
    strays, pos = [], text.find("\n_____")
    while pos >= 0:
        if match := _FOOTER.match(text, pos + 1):
            if not _data_after(text, match.end()):
                return match, strays
            strays.append(match)
        pos = text.find("\n_____", pos + 1)
    return None, strays


#: The start of a line that may be a data row (`[time;]code;name…`); `_is_data` decides.
_DATA_START = re.compile(r"^(?:[^;\n]*;)?(?:DG|\d{2,12});[^;\n]*[^;\s]", re.M)


def _data_after(text: str, pos: int) -> bool:
    """Whether a data row follows `pos` (the footer's few lines are searched, not split)."""
    for match in _DATA_START.finditer(text, pos):
        end = text.find("\n", match.start())
        if _is_data(text[match.start():end if end >= 0 else len(text)].split(";")):
            return True
    return False


def _places(text: str, start: int, positions: list[int]) -> np.ndarray:
    """Line indices (from 0 at `start`) of sorted text positions, counting each stretch of text once."""
    places, line = [], 0
    for position in positions:
        line += text.count("\n", start, position)
        places.append(line)
        start = position
    return np.array(places, dtype=int)


def _stray_warnings(text: str, strays: list[re.Match]) -> list[str]:
    """The German note on underscore lines inside the table (before the footer): skipped, nothing after lost."""
    if not strays:
        return []
    line = text.count("\n", 0, strays[0].start()) + 1
    many = len(strays) > 1
    return [f"{fmt.number(len(strays)) if many else 'Eine'} Zeile{'n' if many else ''} aus Unterstrichen "
            f"{'stehen' if many else 'steht'} vor dem Ende der Tabelle, z. B. Zeile {line}: übersprungen; die "
            f"Fußzeile beginnt erst nach der letzten Datenzeile, alle Datenzeilen sind übernommen."]


def _head(text: str, end: int, file: str) -> tuple[list, int, int]:
    """Lines before the first data row (line number, fields), the data's offset and line number. A line of
    underscores among them is no title or header (`_stray_warnings` names it)."""
    heads, pos, line = [], 0, 1
    while pos < end and len(heads) <= _MAX_HEAD:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        fields = text[pos:stop].split(";")
        if _is_data(fields):
            return heads, pos, line
        if not (fields[0].startswith("_____") and _FOOTER.match(text, pos)):
            heads.append((line, fields))
        pos, line = stop + 1, line + 1
    sample = text[:end]
    if ";" not in sample:
        found = "Komma" if sample.count(",") > sample.count("\t") else "Tabulator"
        raise UserError(f"Die Spalten sind durch {found} statt durch Semikolon getrennt.", file=file,
                        row=2, hint="Laden Sie die Originaldatei erneut herunter oder speichern Sie "
                                    "sie in Excel als „CSV (Trennzeichen-getrennt)“ mit Semikolon.")
    raise UserError("Keine Datenzeile gefunden; erwartet wird eine Zeile der Form "
                    "„[Zeit;]Regionalschlüssel;Name;Werte…“, z. B. „16;Thüringen;2170714“.",
                    file=file, row=line,
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


def _flag_pairs(values: list[str], header: list[list[str]]) -> bool:
    """GENESIS-Online's CSV follows every value column with its quality flag (`84281;e`): the flag
    columns are empty in every header row, hold a flag like `e` or nothing in the data, and some
    header row labels every value column."""
    def filled(row):
        return [bool(c.strip()) for c in row]
    return (len(values) % 2 == 0 and all(_QUALITY.fullmatch(v.strip()) for v in values[1::2])
            and any(v.strip() for v in values[1::2]) and not any(any(filled(r)[1::2]) for r in header)
            and any(all(filled(r)[::2]) for r in header))


def _spans_filled(row: list[str]) -> list[str]:
    """GENESIS-Online writes a label spanning several columns once: repeat it over its span."""
    out, last = [], ""
    for cell in row:
        last = cell.strip() or last
        out.append(last)
    return out


def _check_header_width(heads: list, width: int, file: str) -> None:
    for line, fields in _header_rows(heads):
        if len(fields) != width:
            raise UserError(f"Die Kopfzeile hat {len(fields)} Spalten, die Datenzeilen haben {width}.",
                            file=file, row=line,
                            hint="Die Datei wurde vermutlich bearbeitet; laden Sie sie erneut herunter.")


def _read_block(block: bytes, width: int, layout: dict, first_line: int, file: str) -> tuple[pd.DataFrame, object]:
    """The data rows (UTF-8) in one read_csv call (markers read as NaN), and a lookup of raw value cells."""
    n_keys, markers, step = layout["n_keys"], [*ZERO, *MISSING, ""], 2 if layout["flags"] else 1
    text_columns = [i for i in range(n_keys) if i != layout["time"]]
    try:
        frame = pd.read_csv(BytesIO(block), sep=";", header=None, names=range(width),
                            dtype={i: object for i in text_columns}, keep_default_na=False,
                            na_values={i: markers for i in range(n_keys, width)}, decimal=",",
                            skipinitialspace=True, skip_blank_lines=False, engine="c", low_memory=False)
    except pd.errors.ParserError as error:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if not match:
            raise UserError(f"Die Datenzeilen lassen sich nicht lesen ({error}).", file=file,
                            hint="Laden Sie die Datei erneut herunter.") from None
        raise UserError(f"Die Zeile hat {match[3]} Spalten, erwartet werden {match[1]} wie in der "
                        f"ersten Datenzeile.", file=file, row=first_line + int(match[2]) - 1,
                        hint="Entfernen Sie überzählige Semikolons oder laden Sie die Datei erneut "
                             "herunter.") from None
    cells = functools.cache(lambda: _CellIndex(block, width, len(frame)))

    def raw(rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cells in the given rows and value columns: each cell's marker status code (-1: no marker)
        and its published text (cells located only when needed)."""
        return cells().markers(rows, n_keys + step * columns)
    return frame, raw


class _CellIndex:
    """Where each cell of the data block ends, from the positions of all `;` and line breaks at once
    (numpy): marker cells are then read without splitting lines in Python. A block whose lines do not all
    have the same number of fields falls back to splitting the lines asked for."""

    def __init__(self, block: bytes, width: int, n_rows: int):
        self.block, self.buf = block, np.frombuffer(block, np.uint8)
        ends = np.flatnonzero((self.buf == ord(";")) | (self.buf == ord("\n")))
        self.ends = None  # per line, where each of its cells ends
        if len(ends) == n_rows * width - 1:
            breaks = self.buf[ends] == ord("\n")
            if breaks[width - 1::width].all() and breaks.sum() == n_rows - 1:  # each line has its `width` cells
                self.ends = np.append(ends, len(block)).reshape(n_rows, width)

    def markers(self, rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Status codes of the marker cells (-1 elsewhere) and the cells' texts (value columns, never the
        first); one-byte cells (`-` `.` `/` `x` `*`) through lookup tables, only longer cells decoded one
        by one."""
        if self.ends is None:
            return self._split(rows, columns)
        start, end = self.ends[rows, columns - 1] + 1, self.ends[rows, columns]
        texts, codes = np.full(len(rows), "", dtype=object), np.full(len(rows), -1, dtype=np.intp)
        one = (end - start) == 1
        texts[one], codes[one] = _BYTE_TEXT[self.buf[start[one]]], _BYTE_CODE[self.buf[start[one]]]
        for k in np.flatnonzero((end - start) > 1):
            texts[k] = self.block[start[k]:end[k]].decode("utf-8").strip()
            codes[k] = tidy.MARKER_CODES.get(texts[k], -1)
        return codes, texts

    def _split(self, rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`markers` for a block with lines of differing widths: the lines asked for, split in Python."""
        lines = self.block.split(b"\n")
        texts = np.array([cells[c].decode("utf-8").strip() if c < len(cells) else ""
                          for cells, c in zip((lines[r].split(b";") for r in rows), columns, strict=True)],
                         dtype=object)
        return np.array([tidy.MARKER_CODES.get(t, -1) for t in texts], dtype=np.intp), texts


def _padded(block: bytes) -> bool:
    """Whether a cell ends in a space (" ;"): then names need stripping. Compares byte pairs as
    16-bit numbers at both alignments (numpy; many times faster than `in` on text full of spaces)."""
    pair = np.frombuffer(b" ;", "<u2")[0]
    return any((np.frombuffer(block, "<u2", (len(block) - k) // 2, k) == pair).any() for k in (0, 1))


def _title(titles: list[str]) -> dict:
    """Title up to "regionale Tiefe:", the lines after the depth (statistic, content) as `statistic`;
    newer downloads put the depth on a line of its own. Without a depth (GENESIS-Online): the first
    line is the title."""
    depth = next((i for i, t in enumerate(titles) if "regionale Tiefe:" in t), None)
    if depth is None:
        return {"title": titles[0] if titles else "", "statistic": "; ".join(titles[1:])}
    head, _, value = titles[depth].partition("regionale Tiefe:")
    rest = titles[depth + (1 if value.strip() else 2):]
    head = " ".join(titles[:depth] + [head]).strip()
    return {"title": head.rstrip(" -").strip(), "statistic": "; ".join(rest)}


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
    for k, row in enumerate(header):
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if set(filled) <= _TIME_CAPTIONS and k + 1 < len(header) and _times_only(header[k + 1]):
            continue
        if all(tidy.is_time(c) for c in filled):
            times = [tidy.normalise_time(c) for c in cells]
        elif all(_UNIT.fullmatch(c) for c in filled):
            units = [c or None for c in cells]
        else:
            for parts, c in zip(labels, cells):
                parts.extend([c] if c else [])
    title_unit = next((m[1] for t in titles if (m := _TITLE_UNIT.search(t))), None)
    fallback = _TITLE_UNIT.sub("", titles[-1]).strip() if titles else meta["table_code"]
    variables = [" | ".join(parts) or fallback for parts in labels]
    return {"variable": variables, "time": times, "unit": [u or title_unit for u in units]}


def _times_only(row: list[str]) -> bool:
    filled = [c.strip() for c in row if c.strip()]
    return bool(filled) and all(tidy.is_time(c) for c in filled)


def _tidy(frame: pd.DataFrame, raw, rows: np.ndarray, layout: dict, columns: dict, meta: dict,
          file: str, warnings: list) -> pd.DataFrame:
    codes = tidy.Key.of(frame[layout["code"]])
    if (codes.labels == "").any() or layout["strays"].size:  # blank or underscore lines inside the data?
        frame, raw, rows = _without_blank_lines(frame, raw, rows, warnings, layout["strays"])
        codes = tidy.Key.of(frame[layout["code"]])
    tidy.check_codes(codes, rows, file, "Regionalschlüssel", warnings)
    names = frame[layout["name"]]
    keys = {"region_code": codes, "region_name": tidy.Key.of(names).map(str.strip) if layout["padded"]
            else tidy.Key.rows(names)}
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
    n_keys = layout["n_keys"]
    block = [frame[c].to_numpy() for c in frame.columns[n_keys::2 if layout["flags"] else 1]]
    values, status = tidy.parse_block(block, rows, columns["variable"], file, raw=raw, warnings=warnings)
    if layout["flags"]:
        status = tidy.with_flags(status, frame.iloc[:, n_keys + 1::2].fillna("").astype(str).to_numpy(dtype=object))
    return tidy.finish(keys, columns, values, status, rows, file, meta, warnings)


def _without_blank_lines(frame: pd.DataFrame, raw, rows: np.ndarray, warnings: list, strays: np.ndarray):
    """Empty lines inside the data are skipped (and said once), as are the lines of underscores at `strays`
    (their places in the block; said by `_stray_warnings`); `raw` keeps looking up the lines by their place in
    the block."""
    first = frame.iloc[:, 0]
    maybe = np.flatnonzero((first.isna() | (first.astype(str) == "")).to_numpy())
    blank = np.zeros(len(frame), dtype=bool)
    blank[maybe] = (frame.iloc[maybe].isna() | (frame.iloc[maybe] == "")).all(axis=1).to_numpy()
    count = int(blank.sum())
    if count:
        warnings.append(f"{fmt.number(count)} leere Zeile{'' if count == 1 else 'n'} mitten in den Daten "
                        f"übersprungen, z. B. Zeile {int(rows[blank][0])}.")
    blank[strays[strays < len(frame)]] = True
    if not blank.any():
        return frame, raw, rows
    kept = np.flatnonzero(~blank)
    return frame.iloc[kept], (lambda r, j: raw(kept[r], j)), rows[kept]


def _time_from_title(meta: dict, warnings: list) -> str:
    """A date (or a „Jahr: 2010“) in the title; "" with a warning if there is none."""
    for text in [meta["title"], meta["statistic"]]:
        if match := _DATE.search(text) or _LABELLED_TIME.search(text):
            return tidy.normalise_time(match.group(match.lastindex or 0))
    warnings.append("Die Tabelle nennt keine Zeit (weder Spalte noch Kopfzeile noch Titel).")
    return ""


def _category_name(labels, k: int) -> str:
    if all(_AGE.fullmatch(label) for label in labels) and any(label != "Insgesamt" for label in labels):
        return "age_group" if k == 0 else f"age_group_{k + 1}"
    return "category" if k == 0 else f"category_{k + 1}"
