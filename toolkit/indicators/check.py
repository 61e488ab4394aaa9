"""`ikpe daten prüfen`: does a data folder serve the course for one Kreis, and what is missing?

    report = check.check_folder("daten/mein-kreis", "16063")
    print(report.text())               # German, one block per table of the course
    check.recipe("12521-0041")          # how to download a table (from downloads.yaml)

For every table the course can use: found or not, file, format, Stand, the years it covers for
the Kreis, the indicators it feeds and whether they compute (with the reason if not); for every
missing table the download recipe from `downloads.yaml`, the one place the README and notebook 01
also use. A Kreis code that does not exist or changed in a Gebietsreform is a UserError naming
the right code.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit import data
from toolkit.data.regions import EISENACH, WARTBURGKREIS
from toolkit.errors import UserError
from toolkit.indicators.compute import compute_all, gebietsstand
from toolkit.indicators.downloads import downloads, map_recipe, portal_steps, recipe, recipe_codes, recipes_markdown
from toolkit.indicators.model import catalogue

__all__ = ["Report", "TableCheck", "check_folder", "kreis_code", "downloads", "recipe", "recipe_codes",
           "recipes_markdown", "portal_steps", "map_recipe", "MISSING_TABLE"]

#: Width of the report's lines (a console window).
WIDTH = 110
#: The table(s) named in `compute`'s "fehlt die Tabelle …" reason.
MISSING_TABLE = re.compile(r"fehlt die Tabelle (.+?); gebraucht")
#: Kreis codes that no longer exist: old code → (new code, why).
FORMER_CODES = {EISENACH: (WARTBURGKREIS, "Eisenach gehört seit dem 1. Juli 2021 zum Wartburgkreis")}


@dataclass
class TableCheck:
    """One table of the course in one folder."""
    code: str
    title: str
    required: bool
    file: str = ""
    format: str = ""
    stand: str = ""
    years: list[int] = field(default_factory=list)
    #: (indicator name, reason or "" when it computes for the Kreis)
    indicators: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.file)


@dataclass
class Report:
    folder: Path
    kreis: str
    kreis_name: str
    tables: list[TableCheck]
    skipped: list[tuple[str, str]]
    extra: list[str]
    #: Boundary files for the maps (optional).
    maps: list[str] = field(default_factory=list)

    @property
    def serves(self) -> bool:
        """The course runs: every required table is there and has the Kreis."""
        return all(t.found and t.years for t in self.tables if t.required)

    @property
    def computed(self) -> int:
        return len({name for t in self.tables for name, reason in t.indicators if not reason})

    def text(self) -> str:
        lines = [f"Datenordner: {self.folder}", f"Kreis: {self.kreis} {self.kreis_name}", ""]
        for table in self.tables:
            lines += _table_lines(table, self.kreis) + [""]
        if self.maps:
            lines += _wrapped(f"Karte: {', '.join(self.maps)}") + [""]
        else:
            lines += ["Karte (freiwillig): keine Kartendatei im Ordner.",
                      *_wrapped(f"So laden Sie sie herunter: {map_recipe()}"), ""]
        missing = [t.code for t in self.tables if not t.found]
        if missing:
            lines.append("So geht's in den Portalen:")
            lines += [line for step in portal_steps(missing) for line in _wrapped(step)] + [""]
        if self.skipped:
            lines.append("Nicht verwendete Dateien:")
            lines += [f"  {name}: {reason}" for name, reason in self.skipped] + [""]
        if self.extra:
            lines.append(f"Weitere Tabellen im Ordner (vom Kurs nicht genutzt): {', '.join(self.extra)}")
            lines.append("")
        total = len(catalogue())
        if self.serves:
            lines.append(f"Ergebnis: Der Ordner reicht für den Kurs. {self.computed} von {total} Indikatoren "
                         f"lassen sich für {self.kreis} berechnen.")
        else:
            lines.append(f"Ergebnis: Der Ordner reicht noch nicht für den Kurs – es fehlt: "
                         f"{', '.join(t.code for t in self.tables if t.required and not (t.found and t.years))}.")
        return "\n".join(lines)


def check_folder(folder: str | Path, kreis: str) -> Report:
    """Check a data folder for one Kreis (see the module docstring)."""
    folder = Path(folder)
    kreis_code(kreis)  # a wrong code is said before the folder is read
    read = data.read_dir(folder)
    tables = {code: gebietsstand(table) for code, table in read.items()}
    code = kreis_code(kreis, tables)
    results, reasons = compute_all(tables)
    checks = [_table_check(entry, tables, results, reasons, code) for entry in downloads()["tables"]]
    known = {c.code for c in checks}
    maps = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".geojson", ".shp"))
    return Report(folder, code, _name(code, tables), checks, list(read.skipped),
                  sorted(c for c in tables if c not in known), maps)


def kreis_code(kreis, tables: dict[str, pd.DataFrame] | None = None) -> str:
    """The Kreis code as text, checked: five digits, not a former code and (given `tables`) a
    Thuringian Kreis or one the tables hold (e.g. the demo district 16099). A UserError names the
    right code."""
    text = str(kreis).strip()
    registry = data.thuringia_kreise()
    if not text.isdigit():
        hit = registry[registry["name"].str.lower() == text.lower()]
        hint = (f"Der Kreisschlüssel von {hit['name'].iloc[0]} ist {hit['ags'].iloc[0]}." if len(hit)
                else "Die Thüringer Kreisschlüssel beginnen mit 16, z. B. 16063 für den Wartburgkreis.")
        raise UserError(f"„{text}“ ist kein Kreisschlüssel (fünf Ziffern erwartet).", hint=hint)
    text = text.zfill(5) if len(text) == 4 else text
    if text in FORMER_CODES:
        new, why = FORMER_CODES[text]
        raise UserError(f"Den Kreisschlüssel {text} gibt es nicht mehr: {why}.",
                        hint=f"Verwenden Sie {new}; die Zahlen von Eisenach aus den Jahren davor zählt der "
                             f"Werkzeugkasten dort mit.")
    in_data = tables is None or any((t["region_code"] == text).any() for t in tables.values())
    if len(text) != 5 or not (in_data or text in set(registry["ags"])):
        listed = ", ".join(f"{a} {n}" for a, n in zip(registry["ags"], registry["name"]))
        raise UserError(f"Einen Kreis mit dem Schlüssel {text} gibt es in Thüringen nicht, und die Tabellen "
                        "im Datenordner nennen ihn auch nicht.", hint=f"Thüringer Kreise: {listed}.")
    return text


def _table_check(entry: dict, tables, results, reasons, kreis: str) -> TableCheck:
    code = entry["code"]
    check = TableCheck(code, entry["title"], bool(entry.get("required")))
    fed = [ind for ind in catalogue() if code in ind.tables]
    table = tables.get(code)
    if table is not None:
        check.file = Path(str(table.attrs.get("file", "")).split(" → ")[0]).name
        check.format, check.stand = _format(table), table.attrs.get("stand") or "unbekannt"
        times = table.loc[table["region_code"] == kreis, "time"].astype(str).str[:4]
        check.years = sorted({int(y) for y in times if y.isdigit()})
        check.warnings = list(table.attrs.get("warnings", []))
    check.indicators = [(ind.name, _reason(ind, results, reasons, kreis)) for ind in fed]
    return check


def _reason(ind, results, reasons, kreis: str) -> str:
    if ind.id in reasons:
        return reasons[ind.id]
    if not (results[ind.id]["region_code"] == kreis).any():
        return f"Die Tabellen enthalten keine Werte für {kreis}."
    return ""


def _format(table: pd.DataFrame) -> str:
    file = str(table.attrs.get("file", ""))
    if file.lower().endswith(".xlsx"):
        return "Excel-Tabelle"
    if "dimension_labels" in table.attrs:
        return "GENESIS-Flatfile-CSV" + (" (ZIP)" if " → " in file else "")
    return "Tabellen-CSV der Regionaldatenbank oder von GENESIS"


def _name(code: str, tables: dict[str, pd.DataFrame]) -> str:
    for table in tables.values():
        names = table.loc[table["region_code"] == code, "region_name"]
        if len(names):
            return str(names.iloc[0]).strip()
    registry = data.thuringia_kreise()
    return str(registry.loc[registry["ags"] == code, "name"].iloc[0])


def _table_lines(table: TableCheck, kreis: str) -> list[str]:
    head = f"[{'vorhanden' if table.found else 'fehlt'}] {table.code}: {table.title}"
    if not table.found:
        lines = [head, *_wrapped(f"So laden Sie sie herunter: {recipe(table.code, steps=False)}")]
    else:
        years = _span(table.years) if table.years else f"keine Werte für {kreis}"
        lines = [head, *_wrapped(f"Datei: {table.file} – {table.format}, Stand {table.stand}; "
                                 f"Jahre für {kreis}: {years}")]
        lines += [line for w in table.warnings[:3] for line in _wrapped(f"Hinweis: {w}")]
    for name, reason in table.indicators:
        missing = MISSING_TABLE.search(reason)
        if not reason:
            state = "wird berechnet" if table.found else "wird aus einer anderen Tabelle berechnet"
        else:
            state = f"fehlt, weil Tabelle {missing.group(1)} fehlt" if missing else reason
        lines += _wrapped(f"– {name}: {state}")
    return lines


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="    ", subsequent_indent="      ")


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]} ({len(years)} Jahre)"
