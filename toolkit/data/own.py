"""A district's own table (CSV or xlsx, any column names), read through a small mapping.

The mapping is a dict or a YAML file::

    region: Gemeindeschlüssel      # column with the region key (required)
    name: Gemeinde                 # column with the region name (optional)
    time: Jahr                     # column with year or Stichtag …
    # time_value: "2023-12-31"     # … or one time for the whole table
    value: Anzahl                  # one value column …
    # values: [Männer, Frauen]     # … or several; their headers go to `variable`
    variable: Ausländer            # name for the single value column (default: its header)
    dimensions: {Staatsangehörigkeit: nationality}   # or a list of columns
    unit: Anzahl                   # optional; counts may not be negative
    sheet: Tabelle1                # xlsx only (default: first sheet)
    header_row: 1                  # row of the column names (default 1)
    decimal: ","                   # CSV only (default: "," with ";" separator, else ".")
    table_code / title / source / licence / stand: metadata for attrs

Region keys keep their text; the leading zero that Excel drops is put back (1001 → 01001).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pandas as pd
import yaml

from toolkit.data import tidy
from toolkit.data.excel import cell_text, sheet_rows
from toolkit.data.regions import pad_codes
from toolkit.errors import UserError

KEYS = {"region", "name", "time", "time_value", "value", "values", "variable", "dimensions", "unit",
        "sheet", "header_row", "decimal", "table_code", "title", "source", "licence", "stand"}
META = ["table_code", "title", "source", "licence", "stand"]


#: A mapping has a handful of lines; anything larger is no mapping.
MAX_MAPPING_BYTES = 64 * 1024
#: The column names stand near the top; a larger header_row is a typo.
MAX_HEADER_ROW = 1000


def load_mapping(mapping) -> dict:
    """A mapping dict, or the YAML file it is stored in, checked for known keys."""
    where = None
    if isinstance(mapping, (str, Path)):
        where = str(mapping)
        mapping = _read_yaml(Path(mapping))
    if not isinstance(mapping, dict):
        raise UserError("Die Zuordnung muss aus Einträgen „Schlüssel: Spaltenname“ bestehen.", file=where,
                        hint="Beispiel: region: Gemeindeschlüssel")
    unknown = sorted(set(mapping) - KEYS)
    problem = (f"unbekannte Einträge {', '.join(unknown)}" if unknown else
               "es fehlt „region“" if "region" not in mapping else
               "es fehlt „value“ oder „values“" if not {"value", "values"} & set(mapping) else
               "es fehlt „time“ oder „time_value“" if not {"time", "time_value"} & set(mapping) else None)
    if problem:
        raise UserError(f"Die Zuordnung passt nicht: {problem}.", file=where,
                        hint=f"Erlaubt sind: {', '.join(sorted(KEYS))}.")
    for key, value in mapping.items():
        expected = _wrong_type(key, value)
        if expected:
            raise UserError(f"In der Zuordnung ist „{key}: {value}“ {expected}.", file=where, column=key,
                            hint="Beispiele stehen in der Beschreibung der Zuordnung (README, Abschnitt eigene "
                                 "Tabellen).")
    return mapping


def _wrong_type(key: str, value) -> str | None:
    """What a mapping entry should have been, if it is not (None when it fits)."""
    def texts(items) -> bool:
        return bool(items) and all(isinstance(i, str | int) and not isinstance(i, bool) for i in items)
    if key == "header_row":
        return None if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_HEADER_ROW \
            else f"keine Zeilennummer von 1 bis {MAX_HEADER_ROW}"
    if key == "values":
        return None if isinstance(value, list) and texts(value) else "keine Liste von Spaltennamen"
    if key == "dimensions":
        fits = texts(list(value) + list(value.values())) if isinstance(value, dict) else \
            isinstance(value, list) and texts(value)
        return None if fits else "weder eine Liste von Spalten noch „Spalte: Name“-Paare"
    if key == "unit" and isinstance(value, dict):
        return None if texts(list(value) + list(value.values())) else "keine Zuordnung „Spalte: Einheit“"
    if key == "time_value":
        return None if isinstance(value, str | int | dt.date) and not isinstance(value, bool) else "kein Zeitpunkt"
    return None if isinstance(value, str | int) and not isinstance(value, bool) else "kein Text"


def _read_yaml(path: Path):
    """A mapping file: small (`MAX_MAPPING_BYTES`) and without YAML anchors/aliases, so that a few bytes can
    never expand into gigabytes; UTF-8, or Windows-1252 as Notepad's „ANSI“ saves it."""
    hint = "Prüfen Sie Pfad und YAML-Schreibweise (Schlüssel: Spaltenname)."
    try:
        data = path.read_bytes()[:MAX_MAPPING_BYTES + 1]
    except OSError:
        raise UserError("Die Zuordnung lässt sich nicht lesen (Datei fehlt oder ist nicht lesbar).", file=path,
                        hint=hint) from None
    if len(data) > MAX_MAPPING_BYTES:
        raise UserError(f"Die Zuordnung ist größer als {MAX_MAPPING_BYTES // 1024} KB; eine Zuordnung hat nur "
                        "wenige Zeilen.", file=path, hint=hint)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise UserError("Die Zuordnung verwendet YAML-Verweise (*name); eine Zuordnung braucht keine.",
                                file=path, row=event.start_mark.line + 1,
                                hint="Schreiben Sie jeden Eintrag aus: „Schlüssel: Spaltenname“.")
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise UserError("Die Zuordnung ist kein gültiges YAML.", file=path, row=mark.line + 1 if mark else None,
                        hint=hint) from None


def read_own(content, text: str | None, mapping: dict, file: str) -> pd.DataFrame:
    """Read an own CSV (`text`) or xlsx (`content.data`) with a checked mapping."""
    header_row = int(mapping.get("header_row", 1))
    if text is None:
        frame, decimal = _xlsx(content.data, mapping.get("sheet"), header_row, file), ","
    else:
        frame, decimal = _csv(text, header_row, mapping.get("decimal"), file)
    if frame.empty:
        raise UserError("Die Tabelle enthält unter der Kopfzeile keine Datenzeilen.", file=file, row=header_row + 1,
                        hint="Prüfen Sie, ob die richtige Datei oder das richtige Blatt (sheet) gemeint ist.")
    rows = frame.index.to_numpy()  # line (CSV) or row (Excel) numbers
    value_columns = list(mapping.get("values") or [mapping["value"]])
    dims = mapping.get("dimensions") or {}
    dims = dims if isinstance(dims, dict) else {d: d for d in dims}
    used = [mapping["region"], mapping.get("name"), mapping.get("time"), *value_columns, *dims]
    _require_columns(frame, [c for c in used if c], file, header_row)
    codes = tidy.Key.of(pad_codes(frame[mapping["region"]]))
    tidy.check_codes(codes, rows, file, mapping["region"])
    keys = {"region_code": codes,
            "region_name": tidy.Key.of(frame[mapping["name"]] if mapping.get("name") else [""] * len(frame))
            .map(str.strip),
            "time": tidy.Key.of(frame[mapping["time"]]).map(tidy.normalise_time) if mapping.get("time")
            else tidy.Key.constant(tidy.normalise_time(str(mapping["time_value"])), len(frame))}
    keys.update({name: tidy.Key.of(frame[column]).map(str.strip) for column, name in dims.items()})
    tidy.check_unique({k: v for k, v in keys.items() if k != "region_name"}, rows, file)
    values, status = tidy.parse_block(frame[value_columns], rows, value_columns, file, decimal)
    units = _units(mapping.get("unit"), value_columns)
    tidy.check_counts(values, tidy.is_count(units), rows, value_columns, file)
    variables = value_columns if "values" in mapping else [mapping.get("variable", value_columns[0])]
    table = tidy.long_table(keys, {"variable": variables}, values, status)
    table.attrs.update({k: str(mapping.get(k, "")) for k in META}, file=file, warnings=[], notes=[],
                       units={v: u for v, u in zip(variables, units) if u})
    table.attrs["table_code"] = table.attrs["table_code"] or Path(file.split(" → ")[0]).stem
    return table


def _csv(text: str, header_row: int, decimal: str | None, file: str) -> tuple[pd.DataFrame, str]:
    lines = text.splitlines()
    if len(lines) < header_row:
        raise UserError(f"Die Tabelle hat nur {len(lines)} Zeilen; die Spaltennamen sollen laut Zuordnung in Zeile "
                        f"{header_row} stehen.", file=file, column="header_row",
                        hint="Setzen Sie header_row auf die Zeile mit den Spaltenüberschriften.")
    sep = max([";", ",", "\t"], key=lines[header_row - 1].count)
    try:
        frame = pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False, skiprows=header_row - 1)
    except pd.errors.ParserError as error:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        raise UserError(f"Die Zeile hat {found[3]} statt {found[1]} Felder." if found else
                        "Die Zeilen haben unterschiedlich viele Felder.", file=file,
                        row=int(found[2]) if found else None,
                        hint=f"Jede Zeile braucht so viele Felder (getrennt durch „{sep}“) wie die Kopfzeile; "
                             "Text mit Trennzeichen gehört in Anführungszeichen.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = frame.index + header_row + 1
    return frame, decimal or ("," if sep == ";" else ".")


def _xlsx(data: bytes, sheet: str | None, header_row: int, file: str) -> pd.DataFrame:
    """The sheet below `header_row` as text, indexed by Excel's row numbers; empty rows left out."""
    rows, numbers = sheet_rows(data, file, sheet)
    at = bisect.bisect_left(numbers, header_row)  # the grid row of Excel's row `header_row` (or the next one)
    header = [cell_text(c) for c in rows[at]] if at < len(rows) and numbers[at] == header_row else []
    body = [[cell_text(c) for c in r] for r in rows[at + (1 if header else 0):]]
    frame = pd.DataFrame(body, columns=header or None, dtype=str, index=numbers[len(rows) - len(body):]).fillna("")
    return frame[[any(r) for r in body]] if body else frame


def _require_columns(frame: pd.DataFrame, columns: list[str], file: str, header_row: int) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UserError(f"Spalte „{missing[0]}“ aus der Zuordnung fehlt; vorhanden sind: "
                        f"{', '.join(map(str, frame.columns))}.", file=file, row=header_row,
                        hint="Passen Sie die Zuordnung an die Spaltenüberschriften an (Groß-/"
                             "Kleinschreibung beachten) oder setzen Sie header_row.")


def _units(unit, columns: list[str]) -> list:
    if isinstance(unit, dict):
        return [unit.get(c) for c in columns]
    return [unit] * len(columns)
