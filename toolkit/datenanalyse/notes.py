"""Sources and notes under pictures and tables: source lines, licences, disclosure and merged-area notes."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit import indicators
from toolkit.data.regions import WARTBURGKREIS
from toolkit.datenanalyse.district import District
from toolkit.markup import md


def sources(district: District) -> tuple[list[str], str]:
    """Short source lines for the title block (one per publisher, with table codes and Stand)
    and the licence line(s)."""
    codes = [c for i in district.indicator_ids() for c in indicators.get(i).tables if c in district.tables]
    lines = [source_line(district, codes, licence=False)[len("Quelle: "):]]
    if district.boundaries is not None:
        lines.append(f"Karte: {Path(district.boundaries.attrs.get('file', '')).name}")
    licences = {t.attrs.get("licence") for t in district.tables.values()} - {"", None}
    return lines, "; ".join(sorted(licences))


def source_line(district: District, codes, licence: bool = True) -> str:
    """"Quelle: publisher, Tabellen a, b, Stand …; …" for these table codes, licence once at the end."""
    groups: dict[str, list[str]] = {}
    stands: dict[str, set] = {}
    for code in dict.fromkeys(codes):
        attrs = district.tables[code].attrs
        key = attrs.get("source") or attrs.get("title") or "ohne Quellenangabe"
        groups.setdefault(key, []).append(code)
        stands.setdefault(key, set()).add(attrs.get("stand") or "")
    parts = [f"{key}, Tabelle{'n' if len(found) > 1 else ''} {', '.join(found)}"
             + (f", Stand {', '.join(sorted(stands[key] - {''}))}" if stands[key] - {""} else "")
             for key, found in groups.items()]
    licences = sorted({district.tables[c].attrs.get("licence") for c in codes} - {"", None})
    return "Quelle: " + "; ".join(parts + (licences if licence else []))


def sources_text(district: District) -> str:
    """German Markdown: every table used with its full source line, and the licence."""
    lines = dict.fromkeys(line for i in district.indicator_ids() for line in district.results[i].attrs["sources"])
    _, licence = sources(district)
    text = "\n".join(f"- {md(line)}" for line in lines)
    if district.boundaries is not None:
        text += f"\n- Karte: {md(Path(district.boundaries.attrs.get('file', '')).name)}"
    return text + (f"\n\nLizenz: {md(licence)}" if licence else "")


def _merged_in(district: District, table: pd.DataFrame, year: int) -> list[str]:
    """The Gebietsstand note for a picture of the district in `year`, if Eisenach was added then."""
    merged = table.attrs.get("eisenach_merged") or []
    return _merged_notes([year], False) if district.code == WARTBURGKREIS and year in merged else []


def _source(district: District, ind) -> str:
    return source_line(district, [c for c in ind.tables if c in district.tables])


def _note(rows: pd.DataFrame, result: pd.DataFrame | None = None) -> str | None:
    """Disclosure note of the rows shown, and the Gebietsstand notes when the merged Wartburgkreis is among them."""
    hidden = rows["shown"].isna() & rows["value"].notna()
    notes = [f"{hidden.sum()} Wert(e) aus Gründen der Geheimhaltung nicht gezeigt (kleine Fallzahlen, „.“) "
             "oder wegen zu kleiner Bezugsgröße nicht sicher genug („/“)."] if hidden.any() else []
    if result is not None and (rows["region_code"] == WARTBURGKREIS).any():
        notes += merged_notes(result)
    return " ".join(notes) or None


def merged_notes(result: pd.DataFrame) -> list[str]:
    """German notes for a result in which Eisenach's values were added to the Wartburgkreis:
    what the merged area is, and why a published rate has no value (x) for it before the merger."""
    ind = result.attrs.get("indicator")
    published = ind is not None and ind.published_spec is not None
    return _merged_notes(result.attrs.get("eisenach_merged") or [], published)


def _merged_notes(years: list[int], published: bool) -> list[str]:
    if not years:
        return []
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    notes = [f"{indicators.MERGED_NAME}: für {span} Summe der veröffentlichten Werte von Wartburgkreis (16063) und "
             "Eisenach (16056), damit die Reihe dasselbe Gebiet zeigt wie seit dem 1.7.2021; Quoten sind aus den "
             "addierten Zahlen neu berechnet."]
    if published:
        notes.append("„x“ beim Wartburgkreis vor dem 1.7.2021: Diese Quote ist veröffentlicht, nicht berechnet; "
                     "Wartburgkreis und Eisenach hatten getrennte Quoten, deren Nenner nicht veröffentlicht sind – "
                     "für das zusammengelegte Gebiet lässt sie sich nicht umrechnen.")
    return notes
