"""Regions: AGS levels, the Thuringia registry and the Gebietsstand after 1 July 2021."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.data.markers import FLAGS, MISSING
from toolkit.errors import UserError

#: Official region keys: `DG`, Land (2), Regierungsbezirk (3), Kreis (5), Gemeindeverband (9),
#: Gemeinde (8, or 12 as ARS). The Regionaldatenbank also writes 7 digits for Verbandsgemeinden, 10 for
#: verbandsfreie Gemeinden and 11 for Gemeinden inside a Samtgemeinde (Gemeindeverband key + number).
CODE_PATTERN = r"DG|\d{2}|\d{3}|\d{5}|\d{7}|\d{8}|\d{9}|\d{10}|\d{11}|\d{12}"
_LEVELS = {2: "Land", 3: "Regierungsbezirk", 5: "Kreis", 7: "Gemeindeverband", 8: "Gemeinde", 9: "Gemeindeverband",
           10: "Gemeinde", 11: "Gemeinde", 12: "Gemeinde"}
#: The level `levels` gives a code that is no official key (kept from an official file, with a warning).
UNKNOWN_LEVEL = "unbekannt"

EISENACH, WARTBURGKREIS = "16056", "16063"
#: Eisenach joined the Wartburgkreis on this day.
EISENACH_MERGER = "2021-07-01"
#: Units whose values are counts and may be added up.
COUNT_UNITS = {"Anzahl", "Personen", "Tsd.", "1000", "Fälle"}
#: Units whose values are rates: a published „-“ there is no value, not 0.
RATE_UNITS = {"Prozent", "%", "Promille", "‰"}

_REGISTRY = Path(__file__).with_name("thueringen_kreise.csv")


def level(code: str) -> str:
    """Level of an AGS: "Bund", "Land", "Regierungsbezirk", "Kreis", "Gemeindeverband", "Gemeinde"."""
    code = str(code)
    if code == "DG":
        return "Bund"
    if code.isdigit() and len(code) in _LEVELS:
        return _LEVELS[len(code)]
    raise UserError(f"„{code}“ ist kein amtlicher Regionalschlüssel.",
                    hint="Erwartet werden DG, 2-, 3-, 5- oder 7- bis 12-stellige Schlüssel als Text.")


def levels(codes: pd.Series) -> pd.Series:
    """`level` for a whole column (computed once per distinct code); a code that is no official key
    (an official file may hold one) is `UNKNOWN_LEVEL`."""
    distinct = codes.unique()
    return codes.map({c: level(c) if ok else UNKNOWN_LEVEL for c, ok in zip(distinct, valid_codes(distinct))})


def is_rate_unit(unit) -> bool:
    """Prozent, Promille, „je 1.000 Einwohner“ …: values that are rates, not counts."""
    return isinstance(unit, str) and (unit in RATE_UNITS or unit.startswith("je ") or "%" in unit)


def thuringia_kreise() -> pd.DataFrame:
    """The 22 Kreise and kreisfreie Städte of Thuringia since 1 July 2021.

    Columns: ags (text), name, type, nuts3, population_2023_12_31, foreigners_azr_2023_12_31,
    foreigners_azr_2024_12_31 (AZR counts rounded to 5, empty where none was published).
    attrs["source"] holds the source line to print under anything built from it.
    """
    with _REGISTRY.open(encoding="utf-8") as handle:
        source = handle.readline().removeprefix("# Quelle:").strip()
        table = pd.read_csv(handle, dtype={"ags": str, "nuts3": str})
    table = table[table["type"] != "Land"].reset_index(drop=True)
    table.attrs["source"] = source
    return table


def merge_eisenach(df: pd.DataFrame, *, assume_counts: bool = False) -> pd.DataFrame:
    """Put a table on the Gebietsstand after 1 July 2021: Eisenach 16056 is added into 16063.

    Use it for series that cross 1 July 2021 (earlier years list Eisenach separately, later ones
    only the enlarged Wartburgkreis). Counts are summed per time and dimension; a rate cannot be
    summed and must be recomputed from merged counts, so any variable whose unit is not a count
    (attrs["units"]) raises a UserError unless `assume_counts` says all values are counts.
    Status of a sum: a missing marker (`.` …) wins, then a flag, `-` + `-` stays `-`.
    """
    if not (df["region_code"] == EISENACH).any():
        return df.copy()
    _require_counts(df, assume_counts)
    keys = [c for c in df.columns if c not in ("region_code", "region_name", "value", "status")]
    pair = df[df["region_code"].isin([EISENACH, WARTBURGKREIS])]
    # Plain columns (no attrs, no status text) keep the grouping in pandas' fast paths.
    parts = pd.DataFrame({**{k: pair[k] for k in keys}, "value": pair["value"],
                          "missing": pair["value"].isna(), "rank": pair["status"].map(_STATUS_RANK)})
    merged = parts.groupby(keys, sort=False, dropna=False).agg(
        value=("value", "sum"), missing=("missing", "any"), rank=("rank", "min")).reset_index()
    merged.loc[merged["missing"], "value"] = np.nan
    merged["status"] = merged["rank"].map(_RANK_STATUS)
    names = pair.loc[pair["region_code"] == WARTBURGKREIS, "region_name"]
    merged["region_code"] = WARTBURGKREIS
    merged["region_name"] = names.iloc[0] if len(names) else "Wartburgkreis"
    rest = df[~df["region_code"].isin([EISENACH, WARTBURGKREIS])]
    out = pd.concat([rest, merged[df.columns]], ignore_index=True)
    out.attrs = {**df.attrs, "gebietsstand": "nach dem 1. Juli 2021 (Eisenach im Wartburgkreis)"}
    return out


def _require_counts(df: pd.DataFrame, assume_counts: bool) -> None:
    if assume_counts:
        return
    units = df.attrs.get("units", {})
    variables = df["variable"].unique() if "variable" in df else [None]
    rates = [v for v in variables if units.get(v, units.get(None)) not in COUNT_UNITS]
    if rates:
        listed = ", ".join(f"„{v}“ ({units.get(v, 'Einheit unbekannt')})" for v in rates[:5])
        raise UserError(
            f"Eisenach (16056) kann nur bei Zählwerten zum Wartburgkreis addiert werden; "
            f"keine Anzahl sind: {listed}.", file=df.attrs.get("file"),
            hint="Filtern Sie die Tabelle auf Zählwerte (Einheit Anzahl), führen Sie die Kreise "
                 "zusammen und berechnen Sie Quoten danach neu aus den Summen. Wenn alle Werte "
                 "Anzahlen sind, rufen Sie merge_eisenach(df, assume_counts=True) auf.")


# Ranks for the status of a sum (see merge_eisenach): lower wins.
_STATUS_ORDER = [*MISSING, *FLAGS, "", "-"]
_STATUS_RANK = {status: rank for rank, status in enumerate(_STATUS_ORDER)}
_RANK_STATUS = dict(enumerate(_STATUS_ORDER))


def pad_code(code) -> str:
    """A region code from a spreadsheet as text, with the leading zero Excel drops (1001 → 01001)."""
    text = str(code).strip().removesuffix(".0")
    return "0" + text if text.isdigit() and len(text) in (1, 4, 7, 11) else text


def pad_codes(codes: pd.Series) -> pd.Series:
    """`pad_code` for a whole column (computed once per distinct code)."""
    return codes.map({c: pad_code(c) for c in codes.unique()})


def valid_codes(codes) -> np.ndarray:
    """True where a code is an official region key (CODE_PATTERN). Usually all are, which is checked for
    all codes at once: each has a key's length, and joined they are digits but for the `DG`s. Otherwise
    each code is judged in a plain loop (`isdecimal` is what `\\d` matches), which beats pandas' str calls
    and a regular expression."""
    texts = np.asarray(codes, dtype=object).tolist()
    try:
        if set(map(len, texts)) <= _LEVELS.keys() and "".join(texts).replace("DG", "", texts.count("DG")).isdecimal():
            return np.ones(len(texts), dtype=bool)
    except TypeError:  # not all codes are text: judged one by one
        pass
    return np.fromiter(((len(c) in _LEVELS and c.isdecimal()) or c == "DG" for c in map(str, texts)), bool,
                       count=len(texts))
