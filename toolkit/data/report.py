"""German summary of a tidy table: what `ikpe read FILE` prints."""
from __future__ import annotations

import pandas as pd

from toolkit import fmt
from toolkit.data.markers import explain, vanished_regions
from toolkit.data.regions import EISENACH, EISENACH_MERGER, UNKNOWN_LEVEL, WARTBURGKREIS, levels
from toolkit.data.tidy import dimensions

PLURALS = {"Bund": "Bund", "Land": "Länder", "Regierungsbezirk": "Regierungsbezirke", "Kreis": "Kreise",
           "Gemeindeverband": "Gemeindeverbände", "Gemeinde": "Gemeinden",
           UNKNOWN_LEVEL: "ohne bekannte Ebene"}
_SHOWN = 4


def summary(df: pd.DataFrame) -> str:
    """Table code and title, Stand, regions by level, times, dimensions, markers, warnings."""
    attrs = df.attrs
    lines = [f"Tabelle {attrs.get('table_code', '?')}: {attrs.get('title', '')}".rstrip(": ")]
    for label, key in [("Quelle", "source"), ("Lizenz", "licence"), ("Stand", "stand"), ("Datei", "file")]:
        if attrs.get(key):
            lines.append(f"{label}: {attrs[key]}")
    codes = df["region_code"].drop_duplicates()
    by_level = levels(codes).value_counts()
    lines.append(f"Regionen: {fmt.number(len(codes))} ("
                 + ", ".join(f"{fmt.number(by_level[lv])} {PLURALS[lv] if by_level[lv] > 1 else lv}"
                           for lv in PLURALS if lv in by_level) + ")")
    times = sorted(df["time"].unique())
    lines.append(f"Zeit: {german_time(times[0])}" if len(times) == 1 else
                 f"Zeiten: {german_time(times[0])} bis {german_time(times[-1])} ({len(times)} Zeitpunkte)")
    for dim in dimensions(df):
        lines.append(_listing(f"Merkmal „{dim}“", list(df[dim].drop_duplicates())))
    lines.append(f"Werte: {fmt.number(len(df))}, davon {fmt.number(df['value'].notna().sum())} mit Zahl")
    counts = df["status"].value_counts()
    for status, count in counts.items():
        if status:
            lines.append(f"  „{status}“ {fmt.number(count)}-mal: {explain(status)}")
    notes = warnings(df)
    if notes:
        lines.append("Hinweise:")
        lines.extend(f"  - {note}" for note in notes)
    return "\n".join(lines)


def warnings(df: pd.DataFrame) -> list[str]:
    """The reader's warnings plus Gebietsreform hints (regions only `-`, Eisenach after 2021)."""
    notes = list(df.attrs.get("warnings", []))
    gone = vanished_regions(df)
    if len(gone):
        listed = "; ".join(f"{r.region_code} {r.region_name} ({_span(r.first, r.last)})"
                           for r in gone.head(_SHOWN).itertuples())
        more = f" und {len(gone) - _SHOWN} weitere" if len(gone) > _SHOWN else ""
        subject = "Eine Region hat" if len(gone) == 1 else f"{len(gone)} Regionen haben"
        notes.append(f"{subject} zeitweise nur „-“ – vermutlich bestand das Gebiet da nicht "
                     f"(Gebietsreform), keine echte Null: {listed}{more}.")
    ends = pd.Series(df["time"].unique()).map(_as_date)
    if (df["region_code"] == EISENACH).any() and (ends < EISENACH_MERGER).any() and (ends >= EISENACH_MERGER).any():
        notes.append(f"Die Zeitreihe reicht über den 1. Juli 2021: Eisenach ({EISENACH}) gehört seitdem zum "
                     f"Wartburgkreis ({WARTBURGKREIS}). Für Vergleiche merge_eisenach() verwenden "
                     f"(Zählwerte addieren, Quoten neu berechnen).")
    return notes


def _span(first: str, last: str) -> str:
    return german_time(first) if first == last else f"{german_time(first)} bis {german_time(last)}"


def german_time(time: str) -> str:
    """"2015-12-31" → "31.12.2015", "2024-06" → "06/2024", a year stays."""
    if len(time) == 10 and time[4] == "-":
        return fmt.date(time)
    if len(time) == 7 and time[4] == "-":
        return f"{time[5:]}/{time[:4]}"
    return time or "(ohne Zeitangabe)"


def _as_date(time: str) -> str:
    """A year or month as its last day (annual figures refer to the year's end)."""
    return {4: f"{time}-12-31", 7: f"{time}-28"}.get(len(time), time)


def _listing(label: str, items: list) -> str:
    shown = ", ".join(map(str, items[:_SHOWN]))
    more = f", … ({fmt.number(len(items))} insgesamt)" if len(items) > _SHOWN else ""
    return f"{label}: {shown}{more}"
