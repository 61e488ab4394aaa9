"""Official value markers ("Qualitätskennzeichen"): parsing cells and explaining markers in German.

A cell becomes a float `value` and a `status` that holds the marker as published:

- `-` nothing there (a true zero): value 0.0, status "-";
- `.` `...` `/` `x` `*`: no number: value NaN, status = the marker;
- `(12,3)` `12,3 p` `12,3 r` `12,3 s` `12,3 e`: the number is kept, status "()", "p", "r", "s", "e";
- a plain number: status "".

A number beyond the range of a float (hundreds of digits) is no number: like any other cell that is neither
number nor marker, `parse_cells` marks it `bad` — never a value of infinity.

A published `-` in a rate column (Prozent …) is no value: `tidy.finish` sets it NaN, status "-" stays.
In official files a cell that is none of these (a combined marker like `.g`, text) is kept without a
value and its text as status, and the reader says so once in attrs["warnings"].
"""
from __future__ import annotations

import numpy as np
import pandas as pd

ZERO = {"-": "nichts vorhanden (genau null)"}
MISSING = {
    ".": "Zahlenwert unbekannt oder geheimzuhalten",
    "...": "Angabe fällt später an",
    "/": "keine Angabe, da Zahlenwert nicht sicher genug",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "*": "anonymisiert: Zahlenwert 1 oder 2 (Bundesagentur für Arbeit)",
}
FLAGS = {
    "()": "Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist",
    "p": "vorläufige Zahl",
    "r": "berichtigte Zahl",
    "s": "geschätzte Zahl",
    "e": "endgültige Zahl (Qualitätskennzeichen aus GENESIS)",
}
#: German explanation of every marker, for summaries and report legends.
EXPLANATIONS = {**ZERO, **MISSING, **FLAGS}

_MARKERS = [*ZERO, *MISSING]
_NUMBER = r"[+-]?\d+(?:,\d+)?"
_FLAGGED = rf"^\((?P<paren>{_NUMBER})\)$|^(?P<num>{_NUMBER})\s*(?P<flag>[prse])$"


def explain(status: str) -> str:
    """German meaning of a marker; "" for a plain number."""
    if status and status not in EXPLANATIONS:
        return "kein amtliches Zeichen, wie veröffentlicht übernommen (ohne Zahl)"
    return EXPLANATIONS.get(status, "")


def parse_cells(cells: pd.Series, decimal: str = ",") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Text cells → (values, status, bad): `bad` marks cells that are neither number nor marker.

    Numbers have no thousands separator; `decimal` is the decimal mark ("," for official files).
    Vectorised: markers are looked up first, numbers parsed only in the other cells, and the
    regular expression for flagged numbers runs only on cells that are not plain numbers.
    """
    text = cells.astype(str).str.strip()
    if decimal != ",":
        text = text.str.replace(",", "\0", regex=False).str.replace(decimal, ",", regex=False)
    values = np.full(len(text), np.nan)
    status = np.full(len(text), "", dtype=object)
    marker = text.isin(_MARKERS).to_numpy()
    status[marker] = text[marker].to_numpy()
    values[status == "-"] = 0.0
    if not marker.all():
        _parse_numbers(text[~marker], values, status, np.flatnonzero(~marker))
    infinite = np.isinf(values)
    if infinite.any():  # digits beyond the range of a float (1e308): no number, never infinity
        values[infinite], status[infinite] = np.nan, ""
    return values, status, (status == "") & np.isnan(values)


def _parse_numbers(text: pd.Series, values: np.ndarray, status: np.ndarray, idx: np.ndarray) -> None:
    """Plain and flagged numbers among cells that are not markers (in place at positions `idx`)."""
    plain = text.str.fullmatch(_NUMBER).to_numpy(dtype=bool)
    number = pd.to_numeric(text[plain].str.replace(",", ".", regex=False))
    if number.dtype == object:  # integers too long for int64 come as Python ints; as floats (inf if too large)
        number = text[plain].str.replace(",", ".", regex=False).map(float)
    values[idx[plain]] = number.to_numpy(dtype=float)
    if plain.all():
        return
    parts = text[~plain].str.extract(_FLAGGED)
    flagged = (parts["paren"].notna() | parts["num"].notna()).to_numpy()
    number = parts["paren"].fillna(parts["num"])[flagged].str.replace(",", ".", regex=False)
    target = idx[~plain][flagged]
    values[target] = number.astype(float).to_numpy()
    status[target] = np.where(parts["paren"][flagged].notna(), "()", parts["flag"][flagged].to_numpy())


def vanished_regions(df: pd.DataFrame) -> pd.DataFrame:
    """Regions whose every value is `-` from some time on (or before some time).

    After a Gebietsreform a region that no longer (or not yet) exists keeps its rows, filled with
    `-`: e.g. Eisenach 16056 after 2021, Göttingen 03159 before 2016. Returns one row per region
    with `region_code`, `region_name`, `first`, `last` (the run of times with only `-`).
    """
    columns = ["region_code", "region_name", "first", "last"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    dash = (df["status"] == "-").groupby([df["region_code"], df["time"]]).all()
    found = []
    for code, by_time in dash.groupby(level=0):
        flags = by_time.droplevel(0).sort_index()
        run = _edge_run(flags)
        if run is not None:
            found.append((code, run[0], run[1]))
    names = df.drop_duplicates("region_code").set_index("region_code")["region_name"]
    return pd.DataFrame([(c, names[c], a, b) for c, a, b in found], columns=columns)


def _edge_run(flags: pd.Series) -> tuple[str, str] | None:
    """The run of True at the end (or, failing that, the start) of a time-sorted series."""
    times, values = list(flags.index), list(flags.to_numpy())
    if values[-1]:
        start = len(values) - 1
        while start > 0 and values[start - 1]:
            start -= 1
        return times[start], times[-1]
    if values[0]:
        end = 0
        while values[end + 1]:
            end += 1
        return times[0], times[end]
    return None
