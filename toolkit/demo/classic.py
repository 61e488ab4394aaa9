"""Writer of classic Regionalstatistik CSV (Windows-1252), the format `toolkit.data.classic` reads.

A `Table` describes one download: code, title lines, the flattened header rows, how a year is written
and what the README says about it. `kreis_lines` turns counts per area and year into data lines (rows
for Deutschland, Thüringen, its Kreise and Musterland; Eisenach a dash from 2021), `write_classic`
writes the file with its footnotes in the layout of a `Vintage`: the 2025/26 downloads (`CURRENT`) or
those of 2017/18 (`OLD`). The tables' contents come from `toolkit.demo.population` and `.social`.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from toolkit.demo.figures import EISENACH, MERGER_YEAR, MUSTERLAND, YEARS
from toolkit.demo.files import COPYRIGHT, DEMO_NOTE, SOURCE_LINE, STAND, Written, quoted
from toolkit.demo.markers import suppress
from toolkit.demo.model import Model, thuringian

INDENT = {"DG": "", "land": "  ", "kreis": "      ", "gemeinde": "        "}
KREIS_DEPTH = "regionale Tiefe: Kreise und krfr. Städte"
SECRET_NOTE = ("Werte von 1 oder 2 in Kreiszeilen sind geheim gehalten (.), dazu ein weiterer Wert derselben "
               "Aufgliederung, damit sie nicht aus der Summe errechnet werden können.")


@dataclass(frozen=True)
class Vintage:
    """How the Regionaldatenbank wrote a download in one period: first line, title, labels, footer."""
    name: str  # for the README
    first_line: str  # written before the table code
    depth_on_own_line: bool  # "regionale Tiefe:" and the depth on lines of their own
    labels: dict[str, str]  # header cell (as the generator names it) → this vintage's label
    whole_table: str  # heading of the footnotes on the whole table
    final_newline: bool

    def relabel(self, path: str) -> str:
        """A header path ("Insgesamt, Ausländer(innen) | Insgesamt") in this vintage's labels."""
        return " | ".join(", ".join(self.labels.get(cell, cell) for cell in part.split(", "))
                          for part in path.split(" | "))

    def title_lines(self, titles: tuple[str, ...]) -> list[str]:
        """The title lines, "regionale Tiefe: X" split into two lines where this vintage does so."""
        if not self.depth_on_own_line:
            return list(titles)
        out = []
        for title in titles:
            before, depth, value = title.partition("regionale Tiefe:")
            out += [before.strip(), depth, value.strip()] if depth else [title]
        return [line for line in out if line]


OLD = Vintage("2017/18", "GENESIS-Tabelle: ", False, {}, 'zu "gesamter Tabelle":', False)
CURRENT = Vintage("2025/26", "Tabelle: ", True, {"Ausländer": "ausländisch", "Ausländer(innen)": "ausländisch"},
                  'zu "gesamte Tabelle":', True)


@dataclass(frozen=True)
class Table:
    """One classic download: what it is called and says, how its header and years look, its vintage."""
    code: str
    titles: tuple[str, ...]
    header: tuple[tuple[str, ...], ...]  # value-column header rows, top to bottom
    time: Callable[[int], str]
    content: str  # German one-liner for the README
    main: str  # header paths of the main value columns, for the README
    published: str = ""  # which values are published figures
    notes: tuple[str, ...] = ()
    depth: str = "Deutschland, Thüringen, Kreise (Eisenach bis 2020), Musterland"
    n_keys: int = 3
    vintage: Vintage = CURRENT


#: A classic table and its data lines (time, code, name, [category,] cells), before it is written.
Classic = tuple[Table, list[list[str]]]


def write_classic(out: Path, table: Table, lines: list[list[str]]) -> Written:
    """Write `table` with its data `lines` as `<code>.csv` into `out`, in the table's vintage."""
    path, width, vintage = out / f"{table.code}.csv", table.n_keys + len(table.header[0]), table.vintage
    text = [f"{vintage.first_line}{table.code}"]
    text += [title + ";" * (width - 1) for title in vintage.title_lines(table.titles)]
    text += [";" * (table.n_keys - 1) + ";" + ";".join(vintage.labels.get(c, c) for c in row) for row in table.header]
    text += [";".join(line) for line in lines]
    text += ["__________", quoted(_footnote(table)), quoted(COPYRIGHT), STAND]
    path.write_bytes(("\n".join(text) + ("\n" if vintage.final_newline else "")).encode("cp1252"))
    return Written(path, table.code, table.content, f"Regionalstatistik-CSV (Windows-1252), Aufbau {vintage.name}",
                   table.depth, f"{table.time(YEARS[0])} bis {table.time(YEARS[-1])}", vintage.relabel(table.main))


def _footnote(table: Table) -> str:
    published = table.published or "keine – alle Werte sind Demo-Werte."
    paragraphs = [DEMO_NOTE, "Veröffentlichte Werte: " + published, "Quelle der veröffentlichten Werte: "
                  + SOURCE_LINE + ".", *table.notes]
    lines = [table.vintage.whole_table]
    for k, paragraph in enumerate(paragraphs):
        lines += ([" "] if k else []) + textwrap.wrap(paragraph, 60)
    return "\n".join(lines)


def kreis_rows(model: Model,
               counts: Callable[[str, int], np.ndarray]) -> Iterator[tuple[str, int, np.ndarray | None]]:
    """(code, year index, counts) for Deutschland, Thüringen, its Kreise and Musterland.

    Counts are None for Eisenach from 2021 on; the Wartburgkreis then includes Eisenach.
    """
    kreise = thuringian(model)
    for i, year in enumerate(YEARS):
        per = {code: np.asarray(counts(code, i)) for code in ["DG", *kreise, MUSTERLAND[0]]}
        merged = year >= MERGER_YEAR
        yield "DG", i, per["DG"]
        yield "16", i, sum(per[c] for c in kreise)
        for code in kreise:
            if merged and code == EISENACH[0]:
                yield code, i, None
            else:
                yield code, i, per[code] + (per[EISENACH[0]] if merged and code == "16063" else 0)
        yield MUSTERLAND[0], i, per[MUSTERLAND[0]]


def kreis_lines(model: Model, table: Table, counts: Callable[[str, int], np.ndarray],
                finish: Callable[[str, np.ndarray], list], secret_groups=None) -> list[list[str]]:
    """The data lines of a Kreis table: `counts(code, year index)` gives an area's numbers, `finish`
    turns them into the table's cells; `secret_groups` (see `markers.suppress`) hides small counts."""
    lines = []
    for code, i, value in kreis_rows(model, counts):
        cells = ["-"] * len(table.header[0]) if value is None else list(finish(code, value))
        if secret_groups is not None and value is not None and len(code) == 5:
            cells = list(suppress(np.array([cells]), secret_groups, ".")[0])
        lines.append([table.time(YEARS[i]), code, region_name(model, code), *map(cell, cells)])
    return lines


def region_name(model: Model, code: str) -> str:
    """The name as the key column shows it, indented by the level of the area."""
    names = model.names | {"16": "Thüringen"}
    kind = "land" if code == "16" else model.kind[code]
    return INDENT[kind] + names[code]


def cell(value) -> str:
    """One value as the file shows it: a marker as it is, a rate with a decimal comma, zero as `-`."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(int(value)) if value else "-"


def row_groups(*groups: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    """Secret groups (`markers.suppress`) of the single data line: a total with its parts, by column."""
    return [[(0, c) for c in group] for group in groups]


def headers(group: str, labels: tuple[str, ...], units: tuple[str, ...] = ()) -> tuple[tuple[str, ...], ...]:
    """Three flattened header rows: the repeated group label, the column labels, the units."""
    return (group,) * len(labels), labels, units or ("Anzahl",) * len(labels)


def identity(code: str, counts: np.ndarray) -> list:
    """The counts as they are, one cell each (a `finish` of `kreis_lines`)."""
    return [int(v) for v in counts]


def calendar_year(year: int) -> str:
    """A table's time for annual figures: `2024`."""
    return str(year)


def dec31(year: int) -> str:
    """A table's time for the Stichtag 31.12.: `31.12.2024`."""
    return f"31.12.{year}"
