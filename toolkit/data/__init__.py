"""Official statistics in: every supported file becomes the same tidy long table.

    table = data.read("12411-03-03-4_00.csv")     # format detected from the content
    print(data.summary(table))                     # German summary

Formats: classic Regionalstatistik/GENESIS table CSV, GENESIS flat files (new and old layout, CSV
or zip), BA Excel tables, and a district's own CSV/xlsx through a column mapping. The table has
the columns region_code, region_name, time, <dimensions>, value, status (DESIGN.md §3); metadata
(table_code, title, source, stand, licence, file, units, notes, warnings) is in `table.attrs`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.config import PLANNING_FILES
from toolkit.data import classic, excel, ffcsv, own
from toolkit.data.markers import EXPLANATIONS, explain, vanished_regions
from toolkit.data.regions import level, levels, merge_eisenach, thuringia_kreise
from toolkit.data.report import summary
from toolkit.data.source import DEFAULT_MAX_BYTES, decode, load
from toolkit.data.tidy import dimensions, write_csv
from toolkit.errors import UserError

__all__ = ["read", "read_dir", "Tables", "summary", "write_csv", "level", "levels", "dimensions", "explain",
           "EXPLANATIONS", "vanished_regions", "merge_eisenach", "thuringia_kreise", "DEFAULT_MAX_BYTES"]

#: File endings `read_dir` treats as statistics; everything else (README, geojson, yaml …) is skipped.
TABLE_SUFFIXES = {".csv", ".zip", ".xlsx"}


def read(path: str | Path, mapping: dict | str | Path | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Read one statistics file into the tidy table; the format is detected from the content.

    `mapping` (dict or YAML file, see `toolkit.data.own`) is needed for a district's own table.
    Files larger than `max_bytes` (also once unzipped) are refused. Any problem with the file
    raises a UserError naming file, line and column.
    """
    content = load(path, max_bytes)
    table = _read_content(content, mapping)
    if content.warnings:  # how the file was read (decode): said before what the reader found
        table.attrs["warnings"] = [*content.warnings, *table.attrs.get("warnings", [])]
    return table


def _read_content(content, mapping) -> pd.DataFrame:
    if mapping is not None:
        rules = own.load_mapping(mapping)
        return own.read_own(content, None if content.kind == "xlsx" else decode(content), rules, content.name)
    if content.kind == "xlsx":
        return excel.read_ba(content.data, content.name)
    text = decode(content)
    if classic.looks_classic(text):
        return classic.read_classic(text, content.name)
    if ffcsv.layout(text):
        return ffcsv.read_ffcsv(text, content.name)
    first = text.lstrip("\ufeff").split("\n", 1)[0][:80]
    raise UserError(f"Das ist keine bekannte Statistiktabelle (erste Zeile: „{first}“).", file=content.name,
                    row=1, hint="Erwartet wird eine Regionalstatistik-/GENESIS-Tabelle (erste Zeile "
                                "„Tabelle: …“ oder „GENESIS-Tabelle: …“), ein GENESIS-Flatfile oder eine "
                                "BA-Excel-Tabelle. "
                                "Für eigene Tabellen geben Sie eine Spaltenzuordnung an (--mapping).")


class Tables(dict):
    """The tables of a data folder by table code; `skipped` names every file left out, with the
    German reason: (file name, reason)."""

    def __init__(self, tables=(), skipped=()):
        super().__init__(tables)
        self.skipped = list(skipped)


def read_dir(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Tables:
    """Every statistics file (.csv, .zip, .xlsx) in a folder, keyed by table code.

    A file `<name>.yaml` (or `<name>.mapping.yaml`) beside `<name>.csv`/`.xlsx` is used as its
    mapping. Other files (README, GeoJSON, YAML, the planning workbook, …) are ignored. A file that
    cannot be read, or a second file of the same table (the one with the older Stand), is skipped
    and named in `skipped` with the reason: one bad download never stops the course.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise UserError("Den Datenordner gibt es nicht.", file=folder, hint="Prüfen Sie den Pfad.")
    tables = Tables()
    try:
        files = table_files(folder)
    except OSError:
        raise UserError("Der Datenordner lässt sich nicht lesen (keine Leseberechtigung?).", file=folder,
                        hint="Prüfen Sie die Zugriffsrechte des Ordners.") from None
    for file, mapping in files:
        try:
            table = read(file, mapping=mapping, max_bytes=max_bytes)
        except UserError as error:
            tables.skipped.append((file.name, str(error).replace(f"Datei „{file}“", "").lstrip(", :")))
            continue
        code = table.attrs["table_code"]
        if code in tables:
            older, newer = sorted([tables[code], table], key=_stand)
            tables[code] = newer
            stand = newer.attrs.get("stand") or "unbekannt"
            tables.skipped.append((Path(older.attrs["file"]).name,
                                   f"Die Tabelle {code} liegt zweimal im Ordner; verwendet wird "
                                   f"„{Path(newer.attrs['file']).name}“ (Stand {stand})."))
        else:
            tables[code] = table
    return tables


def table_files(folder: Path) -> list[tuple[Path, Path | None]]:
    """The files `read_dir` reads, sorted, each with its mapping file (or None): every .csv, .zip and .xlsx
    but the planning workbooks (`config.PLANNING_FILES`) and hidden files (locks, temporary files)."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(".")
                   and not PLANNING_FILES.fullmatch(p.name))
    return [(file, next((m for m in (file.with_suffix(".mapping.yaml"), file.with_suffix(".yaml")) if m.is_file()),
                        None)) for file in files]


def _stand(table: pd.DataFrame) -> tuple[str, str]:
    """Sort key: the Stand (dd.mm.yyyy) as ISO date, then the file name."""
    day, month, year = (table.attrs.get("stand") or "..").split(".")
    return f"{year}-{month}-{day}", table.attrs["file"]
