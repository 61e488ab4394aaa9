"""GENESIS flat files (ffcsv), the long layout since November 2024 and the older wide layout.

New: `statistics_code;…;time;N_variable_code;N_variable_label;N_variable_attribute_code;
N_variable_attribute_label;…;value;value_unit;value_variable_code;value_variable_label;value_q`.
Old: `Statistik_Code;…;Zeit;N_Merkmal_Code;…;N_Auspraegung_Label;<CODE>__<Label>__<Einheit>;
<CODE>__<Label>__q;…` (one value column per content, each followed by its quality column).

The regional variable (DINSG, DLAND, REGBEZ, KREISE, GEMEIN) gives region_code and region_name;
every other variable becomes a dimension column named after its code (`GES` → `sex`, `NAT` →
`nationality`, `ALTX20` → `age_group`, otherwise the code in lower case) holding the labels;
attrs["dimension_labels"] keeps the German variable names. `variable` is the content label
(with the unit in brackets where one content comes in several units); `value_q` goes to status.
"""
from __future__ import annotations

import os
import re
from io import StringIO

import numpy as np
import pandas as pd

from toolkit.data import tidy
from toolkit.data.markers import parse_cells
from toolkit.errors import UserError

REGION_VARIABLES = {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMVB"}
DIMENSION_NAMES = {"GES": "sex", "NAT": "nationality", "NATEIN": "nationality", "STAG": "nationality",
                   "ALTX20": "age_group", "ALTX21": "age_group", "ALT013": "age_group", "FAMST": "marital_status"}
_OLD = {"Statistik_Code": "statistics_code", "Statistik_Label": "statistics_label",
        "Zeit_Code": "time_code", "Zeit_Label": "time_label", "Zeit": "time"}
_OLD_DIM = re.compile(r"(\d+)_(Merkmal|Auspraegung)_(Code|Label)")
_DIM = re.compile(r"(\d+)_variable_code")


def layout(text: str) -> str | None:
    """"new" or "old" if the first line is an ffcsv header, else None."""
    first = text[:text.find("\n")].lstrip("\ufeff")
    if first.startswith("statistics_code;"):
        return "new"
    if first.startswith("Statistik_Code;"):
        return "old"
    return None


def read_ffcsv(text: str, file: str) -> pd.DataFrame:
    kind = layout(text)
    frame = _frame(text.lstrip("\ufeff"), file)
    if kind == "old":
        frame = _from_old(frame, file)
    _require(frame, ["time", "value", "value_unit", "value_variable_label", "value_q"], file)
    _require(frame, [f"{n}_variable_{part}" for n in _dims(frame) for part in ("label", "attribute_code",
                                                                                "attribute_label")], file)
    table = _tidy(frame, file)
    if not text.endswith("\n"):  # GENESIS ends every line, the last one too: a download cut inside a row?
        table.attrs["warnings"].append(
            f"Die Datei endet mitten in Zeile {frame.index[-1]} (ohne Zeilenende) – vielleicht ist der Download "
            f"abgebrochen und die Zeile unvollständig; sie ist übernommen, prüfen Sie sie oder laden Sie die "
            f"Tabelle erneut herunter.")
    code = re.search(r"\d{5}-\d{4}", file)
    labels = {_dimension_name(frame, n): frame[f"{n}_variable_label"].iloc[0]
              for n in _dims(frame) if not _is_region(frame, n)}
    table.attrs.update(
        table_code=code.group() if code else frame["statistics_code"].iloc[0],
        title=frame["statistics_label"].iloc[0], source="Statistisches Bundesamt (Destatis), GENESIS-Online",
        stand="", licence="Datenlizenz Deutschland – Namensnennung – Version 2.0", file=file,
        dimension_labels=labels)
    return table


def _frame(text: str, file: str) -> pd.DataFrame:
    """The rows as text, indexed by their line number; every line must have as many fields as the header (a
    damaged row is an error naming its line, never shifted or cut silently); blank lines are skipped."""
    blank = _check_widths(text, file)
    try:
        frame = pd.read_csv(StringIO(text), sep=";", dtype=str, keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+)", str(error))
        raise UserError("Die Zeilen lassen sich nicht lesen (ein Anführungszeichen ohne Gegenstück?).", file=file,
                        row=int(match[1]) if match else None,
                        hint="Laden Sie die Tabelle erneut herunter; in einem Flatfile stehen keine "
                             "Anführungszeichen.") from None
    frame.index = frame.index + 2
    if blank.size:
        frame = frame.drop(index=blank, errors="ignore")
    if frame.empty:
        raise UserError("Das GENESIS-Flatfile enthält nur die Kopfzeile, keine Datenzeilen.", file=file, row=2,
                        hint="Laden Sie die Tabelle erneut herunter; vermutlich ist der Download abgebrochen.")
    return frame


def _check_widths(text: str, file: str) -> np.ndarray:
    """Line numbers of the blank lines; a UserError for the first line whose number of fields differs from the
    header's. Counted with numpy over all lines at once (a flat file has no quoted fields; one with quotes is
    left to the CSV parser)."""
    raw = np.frombuffer(text.encode("utf-8"), np.uint8)
    ends = np.flatnonzero(raw == ord("\n"))
    starts, stops = np.r_[0, ends + 1], np.r_[ends, len(raw)]
    if stops[-1] == starts[-1]:  # the file ends with a line break
        starts, stops = starts[:-1], stops[:-1]
    blank = np.flatnonzero(stops == starts) + 1
    if '"' in text or not len(starts):
        return blank
    separators = np.flatnonzero(raw == ord(";"))
    fields = np.searchsorted(separators, stops) - np.searchsorted(separators, starts) + 1
    bad = np.flatnonzero((fields != fields[0]) & (stops > starts))
    if bad.size:
        line = int(bad[0]) + 1
        more = fields[bad[0]] > fields[0]
        raise UserError(f"Die Zeile hat {fields[bad[0]]} Felder, die Kopfzeile {fields[0]}.", file=file, row=line,
                        hint="Die Zeile hat ein überzähliges Semikolon; entfernen Sie es oder laden Sie die Tabelle "
                             "erneut herunter." if more else
                             "Der Zeile fehlen Felder (abgeschnitten oder bearbeitet); laden Sie die Tabelle erneut "
                             "herunter.")
    return blank


def _from_old(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Wide old layout → the new long layout (one block per value column)."""
    frame = frame.rename(columns=lambda c: _OLD.get(c) or _old_dim(c))
    values = [c for c in frame.columns if "__" in c and not c.endswith("__q")]
    if not values:
        raise UserError("Keine Wertespalte der Form „CODE__Bezeichnung__Einheit“ gefunden.", file=file,
                        row=1, hint="Prüfen Sie, ob die Datei ein GENESIS-Flatfile ist.")
    keys = [c for c in frame.columns if "__" not in c]
    blocks = []
    for name in values:
        parts = name.split("__")
        quality = f"{'__'.join(parts[:-1] if len(parts) == 3 else parts)}__q"
        block = frame[keys].assign(
            value=frame[name], value_unit=parts[-1], value_variable_label=parts[-2],
            value_q=frame[quality] if quality in frame else "", source_column=name)
        blocks.append(block)
    return pd.concat(blocks)


def _old_dim(column: str) -> str:
    match = _OLD_DIM.fullmatch(column)
    if not match:
        return column
    n, kind, part = match.groups()
    return f"{n}_variable_{'' if kind == 'Merkmal' else 'attribute_'}{part.lower()}"


def _require(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UserError(f"Dem GENESIS-Flatfile fehlen die Spalten {', '.join(missing)}.", file=file,
                        row=1, hint="Laden Sie die Tabelle erneut im Format „Flatfile-CSV“ herunter.")


def _dims(frame: pd.DataFrame) -> list[str]:
    return [m[1] for c in frame.columns if (m := _DIM.fullmatch(c))]


def _is_region(frame: pd.DataFrame, n: str) -> bool:
    return frame[f"{n}_variable_code"].iloc[0] in REGION_VARIABLES


def _dimension_name(frame: pd.DataFrame, n: str) -> str:
    """Column name of dimension slot n; a slot may hold several variables (CC13A2 … CC13A5)."""
    codes = frame[f"{n}_variable_code"].unique()
    if len(codes) == 1:
        return DIMENSION_NAMES.get(codes[0], codes[0].lower())
    return os.path.commonprefix(list(codes)).lower() or f"dimension_{n}"


def _disambiguated(label: pd.Series, code: pd.Series) -> pd.Series:
    """Labels, with the code in brackets where one label stands for several codes (or units)."""
    several = code.groupby(label).transform("nunique") > 1
    return label.where(~several, label + " (" + code + ")")


def _tidy(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    dims = _dims(frame)
    regions = [n for n in dims if _is_region(frame, n)]
    if not regions:
        raise UserError("Das Flatfile enthält kein regionales Merkmal (DINSG, DLAND, KREISE, …).",
                        file=file, row=1, hint="Wählen Sie beim Herunterladen eine regionale Gliederung.")
    n = regions[0]
    rows = frame.index.to_numpy()
    codes = tidy.Key.of(frame[f"{n}_variable_attribute_code"])
    warnings = []
    tidy.check_codes(codes, rows, file, f"{n}_variable_attribute_code", warnings)
    keys = {"region_code": codes, "time": tidy.Key.of(frame["time"]).map(tidy.normalise_time)}
    for d in dims:
        if d != n:
            keys[_dimension_name(frame, d)] = tidy.Key.of(_disambiguated(
                frame[f"{d}_variable_attribute_label"].str.strip(), frame[f"{d}_variable_attribute_code"]))
    keys["variable"] = tidy.Key.of(_disambiguated(frame["value_variable_label"], frame["value_unit"]))
    tidy.check_unique(keys, rows, file)
    columns = (frame["source_column"] if "source_column" in frame else pd.Series("value", frame.index)).to_numpy()
    decimal = "." if frame["value"].str.contains(r"^\d+\.\d+$", regex=True).any() else ","
    values, status, bad = parse_cells(frame["value"], decimal)
    odd = tidy.Odd()
    tidy.keep_odd(frame["value"], status, bad, rows, columns, file, warnings, odd)
    warnings.extend(odd.sentences())
    tidy.check_counts(values[:, None], tidy.is_count(frame["value_unit"])[:, None], rows,
                      columns[:, None], file, warnings)
    values[(status == "-") & tidy.is_rate(frame["value_unit"])] = np.nan
    keys["region_name"] = tidy.Key.of(frame[f"{n}_variable_attribute_label"]).map(str.strip)
    status = np.where(status == "", frame["value_q"].str.strip().to_numpy(dtype=object), status)
    status = tidy.Key.of(status)
    table = tidy.long_table(keys, {}, values[:, None], tidy.Key(status.codes[:, None], status.labels))
    table.attrs["units"] = dict(zip(table["variable"].to_numpy(), frame["value_unit"].to_numpy()))
    table.attrs["warnings"] = warnings
    return table
