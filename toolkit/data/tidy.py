"""The tidy long table every reader returns, and the checks every reader shares.

Columns: region_code, region_name, time, <dimension columns>, value, status (see DESIGN.md §3).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from toolkit import fmt
from toolkit.data.markers import EXPLANATIONS, MISSING, ZERO, parse_cells
from toolkit.data.regions import COUNT_UNITS, is_rate_unit, valid_codes
from toolkit.errors import UserError

KEYS = ["region_code", "region_name", "time"]
#: The dtype of the table's text columns ("str"), resolved once: resolving the name costs more than
#: building a small column.
TEXT = pd.api.types.pandas_dtype("str")
#: Every status a cell can have: "" for a plain number, then the markers.
STATUSES = ["", *EXPLANATIONS]
#: Status code (index in STATUSES) of each marker that stands for a whole cell.
MARKER_CODES = {marker: STATUSES.index(marker) for marker in [*ZERO, *MISSING]}
MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "dezember"]
_TIME = re.compile(r"(?P<year>(?:19|20)\d{2})|(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>\d{4})|\d{4}-\d{2}(-\d{2})?"
                   r"|(?P<mon>[A-Za-zä]+)\s+(?P<my>\d{4})|(?P<mm>\d{2})/(?P<mmy>\d{4})")


def is_time(text: str) -> bool:
    """A year, a Stichtag (31.12.2015 or ISO), a month (Juni 2024, 06/2024)."""
    return _time_match(text.strip()) is not None


def normalise_time(text: str) -> str:
    """"2016" → "2016", "31.12.2015" → "2015-12-31", "Juni 2024" / "06/2024" → "2024-06"; else as given."""
    text = text.strip()
    match = _time_match(text)
    if match is None:
        return text
    if match["d"]:
        return f"{match['y']}-{match['m']}-{match['d']}"
    if match["mon"]:
        return f"{match['my']}-{MONTHS.index(match['mon'].lower()) + 1:02d}"
    if match["mm"]:
        return f"{match['mmy']}-{match['mm']}"
    return text


def _time_match(text: str):
    match = _TIME.fullmatch(text)
    if match and match["mon"] and match["mon"].lower() not in MONTHS:
        return None
    return match


def parse_block(block, rows: np.ndarray, names: list, file: str, decimal: str = ",", raw=None,
                warnings: list | None = None):
    """Value cells of a wide block (a DataFrame, or its columns as a list of arrays) → values (float array of the
    block's shape) and status (a Key whose codes have the block's shape).

    `rows` are the source line numbers of the block's rows, `names` its columns' labels. Columns
    that pandas already parsed as numbers (markers read as NaN) take the fast path: only their
    NaN cells are looked up, all at once, with `raw(rows, columns)`, which gives each cell's marker code
    (MARKER_CODES, -1 for none) and its text; text columns and what is no marker go through the marker
    parser. A cell that is neither number nor marker raises a UserError naming line and column — unless
    `warnings` is given (official files, which are never rejected for their content): then it has
    no value, keeps its text as status and is reported once in `warnings`. Cells are visited column by
    column, so the first one named is the first in the first column that has one.
    """
    columns = [column.to_numpy() for _, column in block.items()] if isinstance(block, pd.DataFrame) else block
    values = np.full((len(rows), len(columns)), np.nan)
    codes = np.zeros(values.shape, dtype=np.intp)
    numeric = np.array([column.dtype.kind in "biuf" for column in columns], dtype=bool)
    for j in np.flatnonzero(numeric):
        values[:, j] = columns[j]
    if numeric.any():
        values[np.isinf(values)] = np.nan  # „inf“ or too many digits: looked up as text like a marker, below
    j, i = np.nonzero(np.isnan(values.T))  # NaN cells of number columns, every cell of text columns
    cells, missing = np.full(len(i), np.nan, dtype=object), numeric[j]
    for k in np.flatnonzero(~numeric):
        cells[j == k], missing[j == k] = columns[k], pd.isna(columns[k])
    gaps = np.flatnonzero(missing)
    if raw is not None and gaps.size:
        found, cells[gaps] = raw(i[gaps], j[gaps])
        marker = gaps[found >= 0]
        codes[i[marker], j[marker]] = found[found >= 0]
        values[i[marker], j[marker]] = np.where(found[found >= 0] == MARKER_CODES["-"], 0.0, np.nan)
        rest = np.ones(len(i), dtype=bool)
        rest[marker] = False
        i, j, cells = i[rest], j[rest], cells[rest]
    index = {s: k for k, s in enumerate(STATUSES)}
    odd = Odd()
    if i.size:
        cells = pd.Series(cells, dtype=str).fillna("")
        values[i, j], found, bad = parse_cells(cells, decimal)
        keep_odd(cells, found, bad, rows[i], np.asarray(names, dtype=object)[j], file, warnings, odd)
        codes[i, j] = [index.setdefault(s, len(index)) for s in found]
    if warnings is not None:
        warnings.extend(odd.sentences())
    return values, Key(codes, list(index))


def keep_odd(cells: pd.Series, found: np.ndarray, bad: np.ndarray, rows: np.ndarray, columns: np.ndarray, file: str,
             warnings: list | None, odd: Odd) -> None:
    """Cells that are neither number nor marker: a UserError without `warnings`; else their text
    becomes their status (in `found`, in place) and they are counted in `odd`."""
    for k in np.flatnonzero(bad):
        if warnings is None:
            bad_cell(cells.iloc[k], file, int(rows[k]), columns[k])
        found[k] = str(cells.iloc[k]).strip()
        kind = "empty" if found[k] == "" else "huge" if _too_large(found[k]) else "text"
        odd.add(kind, int(rows[k]), columns[k], shown(found[k]))


class Odd:
    """Odd cells of an official file, counted by kind with the first example: said once, in German."""

    TEXTS = {
        "empty": "{n} leere Wertezelle{s} ohne Zahl übernommen, z. B. Zeile {row}, Spalte „{column}“.",
        "text": "{n} Zelle{s} weder Zahl noch amtliches Zeichen: ohne Zahl übernommen, der Text bleibt als "
                "Kennzeichen stehen, z. B. Zeile {row}, Spalte „{column}“: „{cell}“.",
        "huge": "{n} Zelle{s} mit einer Zahl jenseits des Zahlenbereichs (über 10^308): ohne Zahl übernommen, der "
                "Text bleibt als Kennzeichen stehen, z. B. Zeile {row}, Spalte „{column}“: „{cell}“.",
        "negative": "{n} negative{r} Wert{e} in Zählspalten übernommen, wie veröffentlicht (Salden oder "
                    "Berichtigungen), z. B. Zeile {row}, Spalte „{column}“: {cell}.",
        "code": "{n} Zeile{s} mit ungewöhnlichem Regionalschlüssel übernommen (erwartet: DG oder 2-, 3-, 5- "
                "oder 7- bis 12-stellig), z. B. Zeile {row}: „{cell}“.",
    }

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.first: dict[str, tuple] = {}

    def add(self, kind: str, row: int, column, cell, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n
        self.first.setdefault(kind, (row, column, cell))

    def sentences(self) -> list[str]:
        return [self.sentence(kind, n, *self.first[kind]) for kind, n in self.counts.items()]

    @classmethod
    def sentence(cls, kind: str, n: int, row: int, column, cell) -> str:
        one = n == 1
        return cls.TEXTS[kind].format(n=fmt.number(n), s="" if one else "n", e="" if one else "e",
                                      r="r" if one else "", row=row, column=column, cell=cell)


#: A number as the readers take it, maybe in brackets or with a flag.
_DIGITS = re.compile(r"[+-]?\(?[+-]?\d+(?:[.,]\d+)?\)?\s*[prse]?")


def _too_large(cell: str) -> bool:
    """A number with more digits than a float holds (beyond 10^308): read as infinity, so no number."""
    return len(cell) > 300 and bool(_DIGITS.fullmatch(cell))

#: Longest cell quoted in a message.
SHOWN = 40


def shown(cell: str) -> str:
    """A cell for a message: at most `SHOWN` signs, with its length if cut."""
    return cell if len(cell) <= SHOWN else f"{cell[:SHOWN]}… ({fmt.number(len(cell))} Zeichen)"


def bad_cell(cell, file: str, row: int, column) -> None:
    """Raise the German message for a cell that is neither a number nor a marker."""
    cell = "" if pd.isna(cell) else str(cell).strip()
    if _too_large(cell):
        raise UserError(f"„{shown(cell)}“ ist zu groß für eine Zahl (mehr als 10^308).", file=file, row=row,
                        column=column, hint="Prüfen Sie die Zelle; vermutlich sind Ziffern doppelt eingefügt worden.")
    if cell == "":
        raise UserError("Die Zelle ist leer; erwartet wird eine Zahl oder ein amtliches Zeichen "
                        "(-, ., ..., /, x, *).", file=file, row=row, column=column,
                        hint="Tragen Sie den Wert oder das passende Zeichen ein; die Zeile ist "
                             "vielleicht unvollständig.")
    raise UserError(f"„{shown(cell)}“ ist keine Zahl; erwartet wird eine Zahl ohne Tausenderpunkt mit "
                    f"Dezimalkomma (z. B. 1234,5) oder ein amtliches Zeichen (-, ., ..., /, x, *).",
                    file=file, row=row, column=column,
                    hint="Korrigieren Sie die Zelle oder laden Sie die Datei erneut herunter.")


def check_columns(variables: list, times: list | None, file: str) -> None:
    """No two value columns may carry the same header (and time)."""
    seen = set()
    for variable, time in zip(variables, times or [None] * len(variables)):
        if (variable, time) in seen:
            raise UserError(f"Zwei Wertespalten haben dieselbe Überschrift „{variable}“.", file=file,
                            column=variable, hint="Die Kopfzeilen wurden vermutlich bearbeitet; laden "
                                                  "Sie die Datei erneut herunter.")
        seen.add((variable, time))


class Key:
    """A key column, factorised: `codes` (int per row) into `labels` (the distinct texts, an object array).

    Readers validate, deduplicate and reshape keys through their few distinct labels, so the cost
    of a check does not grow with the number of rows.
    """

    def __init__(self, codes: np.ndarray, labels):
        self.codes, self.labels = codes, np.asarray(labels, dtype=object)

    @classmethod
    def of(cls, column) -> Key:
        """Factorise a column; numbers (a year column read as int) become their text, missing cells ""
        (a label of their own: factorising with NaN as a value would first look for it in every cell)."""
        values = column.to_numpy() if isinstance(column, pd.Series) else np.asarray(column, dtype=object)
        codes, labels = pd.factorize(values)
        if pd.api.types.infer_dtype(labels, skipna=False) != "string":
            labels = [str(label) for label in labels.tolist()]
        if (codes < 0).any():
            codes, labels = np.where(codes < 0, len(labels), codes), [*labels, ""]
        return cls(codes, labels)

    @classmethod
    def rows(cls, column) -> Key:
        """One label per row, without factorising (for columns that are not checked)."""
        return cls(np.arange(len(column)), column)

    @classmethod
    def constant(cls, label: str, n: int) -> Key:
        return cls(np.zeros(n, dtype=np.intp), [label])

    def map(self, function) -> Key:
        """Apply `function` to every distinct label."""
        return Key(self.codes, [function(label) for label in self.labels])

    def at(self, i: int) -> str:
        return self.labels[self.codes[i]]

    def repeated(self, m: int = 1):
        """Every row's label m times, as a text array (taken from the labels: no per-row checks)."""
        texts = pd.array(self.labels, dtype=TEXT).take(self.codes.ravel())
        return texts if m == 1 else texts.repeat(m)


def check_codes(key: Key, rows: np.ndarray, file: str, column, warnings: list | None = None) -> None:
    """Every region code must be an official key (as text); with `warnings` given (official files),
    odd codes are kept and reported once."""
    bad = np.flatnonzero(~valid_codes(key.labels))
    if not bad.size:
        return
    at = np.isin(key.codes, bad)
    i = int(np.flatnonzero(at)[0])
    if warnings is not None:
        warnings.append(Odd.sentence("code", int(at.sum()), int(rows[i]), column, key.at(i)))
        return
    if key.at(i) == "":
        raise UserError("Die Zeile hat keinen Regionalschlüssel (leere Zeile mitten in den Daten?).",
                        file=file, row=int(rows[i]), column=column,
                        hint="Löschen Sie die leere Zeile oder tragen Sie den Schlüssel ein.")
    raise UserError(f"„{key.at(i)}“ ist kein Regionalschlüssel; erwartet wird DG oder ein "
                    f"2-, 3-, 5- oder 7- bis 12-stelliger Schlüssel.", file=file,
                    row=int(rows[i]), column=column,
                    hint="Prüfen Sie die Spalte; in Excel gehen führende Nullen verloren, wenn "
                         "die Spalte als Zahl statt als Text formatiert ist.")


def with_flags(status: Key, flags: np.ndarray) -> Key:
    """GENESIS quality flags (`e`, `p` …, same shape as the status) as the status of plain numbers."""
    text = np.asarray(status.labels, dtype=object)[status.codes]
    merged = Key.of(np.where(text == "", flags, text).ravel())
    return Key(merged.codes.reshape(status.codes.shape), merged.labels)


def check_unique(keys: dict[str, Key], rows: np.ndarray, file: str) -> None:
    """No two rows may describe the same region, time and dimensions."""
    combined = np.ravel_multi_index([k.codes for k in keys.values()],
                                    [len(k.labels) for k in keys.values()])
    if len(pd.unique(combined)) == len(combined):
        return
    i = int(np.flatnonzero(pd.Series(combined).duplicated().to_numpy())[0])
    first = int(rows[np.flatnonzero(combined == combined[i])[0]])
    described = ", ".join(f"{name} = {key.at(i)}" for name, key in keys.items())
    raise UserError(f"Doppelter Eintrag ({described}); derselbe Schlüssel steht schon in Zeile "
                    f"{first}.", file=file, row=int(rows[i]),
                    hint="Entfernen Sie die doppelte Zeile oder unterscheiden Sie sie durch eine "
                         "weitere Merkmalsspalte.")


def check_counts(values: np.ndarray, counts: np.ndarray, rows: np.ndarray, columns, file: str,
                 warnings: list | None = None) -> None:
    """Counts cannot be negative — but balances and corrections in official files are: with
    `warnings` given they are kept and reported once. `counts` (unit is a count) and `columns`
    (names for the message) broadcast against `values`; axis 0 of `values` runs along `rows`."""
    negative = (values < 0) & counts
    if negative.any():
        i, j = np.argwhere(negative)[0]
        column = np.broadcast_to(np.asarray(columns, dtype=object), values.shape)[i, j]
        if warnings is None:
            raise UserError(f"Negative Anzahl ({fmt.number(values[i, j], 1)}) – eine Zählung kann "
                            f"nicht negativ sein.", file=file, row=int(rows[i]), column=column,
                            hint="Korrigieren Sie den Wert in der Quelle.")
        warnings.append(Odd.sentence("negative", int(negative.sum()), int(rows[i]), column, _german(values[i, j])))


def _german(value: float) -> str:
    return fmt.number(value, 0 if float(value).is_integer() else 1)


def no_rates_of_dash(values: np.ndarray, status: Key, rates: np.ndarray) -> None:
    """„-“ means a true zero for counts, but in a rate column it means no rate was published
    (e.g. foreigners' unemployment rates before 2009): there it is no value (in place)."""
    dash = np.flatnonzero(status.labels == "-")
    if dash.size and rates.any():
        values[(status.codes == dash[0]) & rates] = np.nan


def is_count(units) -> np.ndarray:
    """True where a unit (Anzahl, Personen …) means the values are counts."""
    return np.isin(np.asarray(units, dtype=object), list(COUNT_UNITS))


def is_rate(units) -> np.ndarray:
    """True where a unit (Prozent, Promille, je 1.000 Einwohner …) means the values are rates (each
    distinct unit judged once: flat files repeat the unit in every row)."""
    units = np.asarray(units, dtype=object)
    judged = {unit: is_rate_unit(unit) for unit in set(units.ravel().tolist())}
    return np.fromiter(map(judged.__getitem__, units.ravel().tolist()), bool, count=units.size).reshape(units.shape)


def long_table(keys: dict[str, Key], columns: dict, values: np.ndarray, status: Key) -> pd.DataFrame:
    """Wide (one row per key, one column per value column) → tidy long, without a Python loop.

    `keys`: row-level Keys (region_code, region_name, time?, dimensions…), n rows;
    `columns`: column-level labels (variable, time?), m each; values and status codes: n × m.
    """
    n, m = values.shape
    data = {name: key.repeated(m) for name, key in keys.items()}
    data.update({name: Key(np.tile(np.arange(m), n), labels).repeated() for name, labels in columns.items()})
    data["value"] = values.ravel()
    data["status"] = status.repeated()
    order = KEYS + [name for name in data if name not in KEYS]  # contract order without copying a frame
    return pd.DataFrame({name: data[name] for name in order}, copy=False)


def ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Columns in contract order: region_code, region_name, time, dimensions, value, status."""
    dims = [c for c in df.columns if c not in KEYS + ["value", "status"]]
    return df[KEYS + dims + ["value", "status"]]


def dimensions(df: pd.DataFrame) -> list[str]:
    """The dimension columns of a tidy table."""
    return [c for c in df.columns if c not in KEYS + ["value", "status"]]


#: Signs that make a spreadsheet read a cell as a formula (OWASP „CSV injection“), and a number or marker that
#: starts with one of them but is no formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[+-]?\d+(?:[.,]\d+)?|-")


def write_csv(df: pd.DataFrame, stream) -> None:
    """The tidy table as UTF-8 CSV: comma, "." decimal, status as published (empty for plain numbers).

    The CSV is meant to be opened in Excel, so text cells are neutralised as in the Excel exports (OWASP CSV
    injection): a text starting with = + - @, a tab or a carriage return gets an apostrophe in front
    (`'=HYPERLINK(…)`), so Excel shows it as text and never runs it. Numbers (the value column, also a text
    like „-3“) and the marker „-“ stay as they are.
    """
    df = df.copy(deep=False)
    for column in df.columns:
        if column != "value" and not pd.api.types.is_numeric_dtype(df[column]):
            df[column] = neutralised(df[column])
    df.to_csv(stream, index=False, float_format="%.15g", lineterminator="\n")


def neutralised(column: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would take for a formula, with an apostrophe in front (see `write_csv`)."""
    text = column.astype(str)
    risky = text.str.startswith(FORMULA_START) & ~text.str.fullmatch(_HARMLESS) & column.notna()
    return column.where(~risky, "'" + text) if risky.any() else column


def finish(keys: dict[str, Key], columns: dict, values: np.ndarray, status: Key, rows: np.ndarray,
           file: str, meta: dict, warnings: list) -> pd.DataFrame:
    """The tidy table of a wide block of an official file (one value column per header path), with
    its metadata.

    `columns` holds per value column its `variable`, `unit` and, unless `keys` has a time
    key, its `time`; negative counts are kept and reported in `warnings`, „-“ in rates is no value.
    """
    check_counts(values, is_count(columns["unit"]), rows, columns["variable"], file, warnings)
    no_rates_of_dash(values, status, is_rate(columns["unit"]))
    per_column = {"variable": columns["variable"]}
    if "time" not in keys:
        per_column["time"] = columns["time"]
    table = long_table(keys, per_column, values, status)
    table.attrs.update(meta, file=file, warnings=warnings,
                       units={v: u for v, u in zip(columns["variable"], columns["unit"]) if u})
    return table
