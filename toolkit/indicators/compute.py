"""Indicators from tidy tables: counts chosen by normalised labels, rates recomputed with status.

Status rules (DESIGN.md §3): a count that is not a number (`.` `...` `/` `x` `*`) makes the
rate NaN with that marker; `-` is a true zero; a zero denominator gives NaN with `x`; the flags
`()` `p` `r` `s` `e` pass through to the rate.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import data
from toolkit.data.markers import FLAGS, MISSING
from toolkit.data.regions import COUNT_UNITS, EISENACH, WARTBURGKREIS
from toolkit.errors import UserError
from toolkit.indicators.downloads import recipe, recipe_codes
from toolkit.indicators.model import Indicator, Selection, Term, catalogue, get, vocabulary

#: The Wartburgkreis (16063) where Eisenach's own values were added to it.
MERGED_NAME = "Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021)"
COLUMNS = ["indicator", "region_code", "region_name", "level", "time", "year", "numerator",
           "denominator", "value", "status"]
_NOT_DIMENSIONS = {"region_code", "region_name", "time", "value", "status"}
_DIMENSION_NAMES = {"variable": "Merkmal", "age_group": "Altersgruppe", "sex": "Geschlecht", "category": "Gruppe",
                    "staag6": "Staatsangehörigkeit"}
#: Status of a sum: the first missing marker wins, then a flag, then a plain number; only `-` stays `-`.
_ORDER = [*MISSING, *FLAGS, "", "-"]
_RANK = {status: rank for rank, status in enumerate(_ORDER)}
_NEUTRAL = {"insgesamt", "darunter", "davon", "zusammen", "und zwar"}
_GENDER = re.compile(r"\(innen\)|[*:_/]innen\b")


def load(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a folder (`toolkit.data.read_dir`), keyed by table code, on the Gebietsstand
    after 1 July 2021: Eisenach's counts added into the Wartburgkreis (16063)."""
    found = data.read_dir(data_dir)
    return data.Tables({code: gebietsstand(table) for code, table in found.items()}, found.skipped)


def gebietsstand(table: pd.DataFrame) -> pd.DataFrame:
    """Counts of Eisenach (16056) summed into 16063 (`toolkit.data.merge_eisenach`); published
    rates cannot be summed, see `_rates_without_eisenach`. Where Eisenach had values of its own,
    16063 is named `MERGED_NAME` in every row and attrs["eisenach_merged"] lists those years."""
    eisenach = table["region_code"] == EISENACH
    if not eisenach.any():
        return table
    own = table.loc[eisenach & (table["status"] != "-"), "time"]
    rates = _rate_rows(table)
    counts = data.merge_eisenach(table[~rates], assume_counts=True)
    merged = pd.concat([counts, _rates_without_eisenach(table[rates])], ignore_index=True)
    years = sorted({int(str(t)[:4]) for t in own.unique()})
    if years:
        merged.loc[merged["region_code"] == WARTBURGKREIS, "region_name"] = MERGED_NAME
    merged.attrs = {**table.attrs, **counts.attrs, "eisenach_merged": years}
    return merged


def _rates_without_eisenach(rates: pd.DataFrame) -> pd.DataFrame:
    """Eisenach's rates dropped; the Wartburgkreis' NaN with `x` while Eisenach still had values
    (they describe the smaller old area)."""
    eisenach = rates["region_code"] == EISENACH
    separate = rates.loc[eisenach & (rates["status"] != "-"), "time"]
    old_area = (rates["region_code"] == WARTBURGKREIS) & rates["time"].isin(separate)
    return rates.assign(value=rates["value"].where(~old_area),
                        status=rates["status"].where(~old_area, "x"))[~eisenach]


def available(tables: dict[str, pd.DataFrame]) -> list[Indicator]:
    """The indicators of the catalogue that can be computed from these tables."""
    results, _ = compute_all(tables)
    return [ind for ind in catalogue() if ind.id in results]


def compute_all(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every catalogue indicator these tables allow (id → result) and, for every other one, why
    not in German (id → reason): the table that is missing, the label expected and those found,
    or the years that do not meet."""
    results, reasons = {}, {}
    for ind in catalogue():
        try:
            result = compute(ind, tables)
        except UserError as error:
            reasons[ind.id] = error.message
            continue
        if result.empty:
            reasons[ind.id] = _no_common_year(ind, tables)
        else:
            results[ind.id] = result
    return results, reasons


def _no_common_year(ind: Indicator, tables: dict[str, pd.DataFrame]) -> str:
    """Numerator and denominator (or published value) exist, but for different years."""
    sides = []
    for term in filter(None, (ind.numerator_spec, ind.denominator_spec or ind.published_spec)):
        years = sorted(_term_values(term, tables, ind)["year"].unique())
        codes = " / ".join(c for c in term.tables if c in tables)
        when = " (Stichtag des Vorjahres)" if term.shift else ""
        sides.append(f"Tabelle {codes}{when} passt zu {_span(years)}")
    return (f"Zähler und Nenner haben kein gemeinsames Jahr: {'; '.join(sides)}. Laden Sie die Tabellen "
            "für dieselben Jahre herunter (beim Nenner mit Vorjahresstichtag auch das Jahr davor).")


def _span(years: list[int]) -> str:
    if not years:
        return "keinem Jahr"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def compute(indicator: Indicator | str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per region × time: numerator and denominator next to the value and its status.

    Rows exist where both numerator and denominator do (after the year shift of the denominator).
    attrs: "indicator" (the Indicator), "sources" (one line per table used), "title", "source",
    "eisenach_merged" (years in which Eisenach's values were added to the Wartburgkreis).
    """
    ind = indicator if isinstance(indicator, Indicator) else get(indicator)
    counts = _term_values(ind.numerator_spec, tables, ind)
    if ind.published_spec:
        out = _term_values(ind.published_spec, tables, ind).merge(
            _side(counts, "numerator"), on=["region_code", "year"], how="left")
        out["denominator"] = np.nan
    elif ind.denominator_spec:
        out = counts.rename(columns={"value": "numerator", "status": "numerator_status"}).merge(
            _side(_term_values(ind.denominator_spec, tables, ind), "denominator"), on=["region_code", "year"])
        out["value"], out["status"] = _ratio(out, ind.factor)
    else:
        out = counts.assign(numerator=counts["value"], denominator=np.nan)
    out["indicator"] = ind.id
    out["level"] = data.levels(out["region_code"])
    out = out.sort_values("year", kind="stable")[COLUMNS].reset_index(drop=True)
    sources = source_lines(ind, tables)
    merged = sorted({y for c in ind.tables if c in tables for y in tables[c].attrs.get("eisenach_merged", [])})
    out.attrs = {"indicator": ind, "sources": sources, "title": ind.name, "source": "; ".join(sources),
                 "eisenach_merged": merged}
    return out


def pick_status(first: pd.Series, second: pd.Series) -> np.ndarray:
    """Status of a value made of two: a missing marker of either (first wins), else a flag, else ""."""
    a, b = first.to_numpy(dtype=object), second.to_numpy(dtype=object)
    missing, flags = list(MISSING), list(FLAGS)
    return np.select([np.isin(a, missing), np.isin(b, missing), np.isin(a, flags), np.isin(b, flags)],
                     [a, b, a, b], default="").astype(object)


def source_lines(ind: Indicator, tables: dict[str, pd.DataFrame]) -> list[str]:
    """"Source: title (Tabelle code), Stand …; licence" for every table of `ind` that is present."""
    lines = []
    for code in (c for c in ind.tables if c in tables):
        attrs = tables[code].attrs
        line = f"{attrs.get('title') or 'Tabelle'} (Tabelle {code})"
        line = f"{attrs['source']}: {line}" if attrs.get("source") else line
        line += f", Stand {attrs['stand']}" if attrs.get("stand") else ""
        lines.append(line + (f"; {attrs['licence']}" if attrs.get("licence") else ""))
    return lines


def normalise(label: str) -> str:
    """A header path as compared: lower case, gender forms, synonyms of other vintages (catalogue
    `labels`) and `Insgesamt`/`darunter` parts dropped, repeated parts (merged Excel cells) once:
    "Ausländer(innen) | Insgesamt" → "ausländer", "Arbeitslose | ausländisch" → "arbeitslose | ausländer"."""
    parts = [p for p in _path(label) if p not in _NEUTRAL]
    return " | ".join(p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1])


def _path(label: str) -> list[str]:
    """The parts of a header path, each lower case without gender forms, in the catalogue's spelling."""
    synonyms, _ = vocabulary()
    parts = [" ".join(_GENDER.sub("", part).lower().split()).rstrip(":.").strip() for part in str(label).split("|")]
    parts = [part.removesuffix(" insgesamt") for part in parts]  # „Arbeitslose insgesamt“ = „Arbeitslose“
    return [synonyms.get(part, part) for part in parts]


def _ratio(out: pd.DataFrame, factor: int) -> tuple[pd.Series, np.ndarray]:
    status = pick_status(out["numerator_status"], out["denominator_status"])
    zero = (out["denominator"] == 0).to_numpy() & ~np.isin(status, list(MISSING))
    status = np.where(zero, "x", status).astype(object)
    value = (out["numerator"] / out["denominator"] * factor).where(~np.isin(status, list(MISSING)))
    return value, status


def _side(values: pd.DataFrame, name: str) -> pd.DataFrame:
    return values[["region_code", "year", "value", "status"]].rename(
        columns={"value": name, "status": f"{name}_status"})


def _term_values(term: Term, tables: dict[str, pd.DataFrame], ind: Indicator) -> pd.DataFrame:
    """region_code, region_name, time, year (shifted), value, status of a term; the first table
    listing a region at a time supplies it."""
    parts = [_evaluate(tables[code], code, term, ind) for code in _found(term, tables, ind)]
    values = pd.concat(parts, ignore_index=True).drop_duplicates(["region_code", "time"], keep="first")
    values["year"] -= term.shift
    return values


def _found(term: Term, tables: dict[str, pd.DataFrame], ind: Indicator) -> list[str]:
    found = [code for code in term.tables if code in tables]
    if not found:
        known = [code for code in term.tables if code in recipe_codes()]
        raise UserError(f"Für den Indikator „{ind.name}“ fehlt die Tabelle {' oder '.join(term.tables)}; "
                        f"gebraucht wird: {term.text}.",
                        hint=(f"So laden Sie sie herunter: {recipe(known[0])} " if known else "")
                        + "Legen Sie die Datei unverändert in den Datenordner.")
    return found


def _evaluate(table: pd.DataFrame, code: str, term: Term, ind: Indicator) -> pd.DataFrame:
    """Selected rows summed per region and time (`minus` rows subtracted), status combined."""
    table = _bare(table)
    picked = [table[_rows(table, code, term.select, ind)].assign(sign=1.0)]
    if term.minus:
        picked.append(table[_rows(table, code, term.minus, ind)].assign(sign=-1.0))
    rows = pd.concat(picked, ignore_index=True)
    rows = rows.assign(value=rows["value"] * rows["sign"], rank=rows["status"].map(_RANK).fillna(_RANK[""]))
    sums = rows.groupby(["region_code", "time"], sort=False).agg(
        region_name=("region_name", "first"), value=("value", "sum"), known=("value", "count"),
        rank=("rank", "min")).reset_index()
    sums["status"] = sums["rank"].astype(int).map(dict(enumerate(_ORDER)))
    # No number at all (a rate published as „-“) is no value, never 0.
    sums["value"] = sums["value"].where(~sums["status"].isin(list(MISSING)) & (sums["known"] > 0))
    sums["year"] = _years(sums["time"], code, table)
    return sums.drop(columns=["rank", "known"])


def _bare(table: pd.DataFrame) -> pd.DataFrame:
    """The table with only its file name as metadata: pandas deep-copies attrs on every operation."""
    bare = pd.DataFrame(table, copy=False)
    bare.attrs = {"file": table.attrs.get("file")}
    return bare


def _rows(table: pd.DataFrame, code: str, selection: Selection, ind: Indicator) -> np.ndarray:
    """Boolean mask of the rows a selection means, by structure rather than exact strings: a row
    is chosen when the label parts of all its dimensions (`_Labels`) are those of one wanted
    combination; dimensions the selection does not name take their total."""
    if not selection:
        return np.zeros(len(table), dtype=bool)
    labels = _Labels(table)
    chosen = []
    for wanted in itertools.product(*(names for _, names in selection)):
        named = dict(zip((dim for dim, _ in selection), wanted))
        matches = labels.matching(named)
        if len(matches) != 1:
            raise _missing(table, code, ind, named, labels, matches)
        chosen += matches
    return labels.mask(chosen)


class _Labels:
    """The distinct label combinations of a table's dimensions and the parts that tell them apart.

    Per dimension the parts every label starts with (the table's measure, e.g. "Schulabschluss"),
    headings (catalogue `labels`) and neutral words are dropped; a dimension with one single-part
    label is only the measure ("Ausländer" in the AZR). The parts of a row are the union over its
    dimensions, so "Zuzüge | Ausländer" in one column equals "Zuzüge" plus a nationality column.
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table
        self.dimensions = [c for c in table.columns if c not in _NOT_DIMENSIONS]
        self.measure, parts = "", {}
        # One integer per row for its combination of labels: factorize each dimension once.
        key = np.zeros(len(table), dtype=np.int64)
        for dim in self.dimensions:
            codes, values = pd.factorize(table[dim], use_na_sentinel=False)
            key = key * len(values) + codes
            paths = {value: _path(value) for value in values}
            prefix = _common_prefix(list(paths.values()))
            only_measure = dim == "variable" and len(paths) == 1 and len(prefix) == 1
            drop = 1 if only_measure else min(len(prefix), min(len(p) for p in paths.values()) - 1)
            if dim == "variable" and drop:
                self.measure = prefix[0]
            parts[dim] = {value: _distinct(path[drop:]) for value, path in paths.items()}
        self.known = {part for dim in parts for value in parts[dim] for part in _path(value)}
        _, first, self.rows = np.unique(key, return_index=True, return_inverse=True)
        self.combos = table[self.dimensions].iloc[np.sort(first)].reset_index(drop=True)
        self.rows = np.argsort(np.argsort(first))[self.rows]  # combination number in table order
        self.parts = [frozenset().union(*(parts[dim][value] for dim, value in zip(self.dimensions, combo)))
                      for combo in self.combos.itertuples(index=False)]

    def wanted(self, named: dict[str, str]) -> frozenset[str]:
        """The parts a selection asks for; the measure named first may be implied by the table."""
        parts: set[str] = set()
        for dim, label in named.items():
            path = _path(label)
            if dim == "variable" and path and (path[0] == self.measure or path[0] not in self.known):
                path = path[1:]
            parts |= _distinct(path)
        return frozenset(parts)

    def matching(self, named: dict[str, str]) -> list[int]:
        wanted = self.wanted(named)
        return [i for i, parts in enumerate(self.parts) if parts == wanted]

    def mask(self, chosen: list[int]) -> np.ndarray:
        return np.isin(self.rows, chosen)

    def shown(self) -> list[str]:
        """Each combination as a reader sees it, e.g. „Zuzüge über die Kreisgrenzen / Ausländer(innen)“."""
        return [" / ".join(str(v) for v in combo if normalise(v)) or "Insgesamt"
                for combo in self.combos.itertuples(index=False)]

    def present(self, dims: list[str]) -> str:
        """The labels of these dimensions, for a message; of all when the table lacks one of them (a
        GENESIS-Online CSV holds the nationality in `category`, not in a column named `staag6`)."""
        dims = dims if set(dims) <= set(self.dimensions) else self.dimensions
        lists = []
        for dim in dims:
            values = list(self.combos[dim].unique())
            text = ", ".join(f"„{v}“" for v in values[:12]) + (f" und {len(values) - 12} weitere"
                                                             if len(values) > 12 else "")
            lists.append(f"{_DIMENSION_NAMES.get(dim, dim)} {text}" if len(dims) > 1 else text)
        return "; ".join(lists)


def labels_found(table: pd.DataFrame) -> str:
    """The labels of every dimension of a table, for a German message: Gruppe „Insgesamt“, …; Merkmal …"""
    labels = _Labels(table)
    return labels.present(labels.dimensions)


def _common_prefix(paths: list[list[str]]) -> list[str]:
    prefix = []
    for parts in zip(*paths):
        if len(set(parts)) > 1:
            break
        prefix.append(parts[0])
    return prefix


def _distinct(path: list[str]) -> frozenset[str]:
    _, headings = vocabulary()
    return frozenset(p for p in path if p and p not in _NEUTRAL and p not in headings)


def _missing(table: pd.DataFrame, code: str, ind: Indicator, named: dict[str, str], labels: _Labels,
             matches: list[int]) -> UserError:
    """Which table, which label was expected, which were found (or which several fit)."""
    wanted = " und ".join(f"{_DIMENSION_NAMES.get(dim, dim)} „{label}“" for dim, label in named.items())
    if matches:
        shown = labels.shown()
        problem = f"passt auf mehrere Spalten: {', '.join(f'„{shown[i]}“' for i in matches)}"
    else:
        problem = f"fehlt (vorhanden: {labels.present(list(named))})"
    return UserError(f"Tabelle {code}: {wanted} {problem} – gebraucht für den Indikator „{ind.name}“.",
                     file=table.attrs.get("file"),
                     hint="Laden Sie die Tabelle mit allen Merkmalen herunter (gleicher Tabellencode, keine "
                          "Auswahl von Spalten) oder prüfen Sie, ob es eine andere Tabelle ist.")


def _years(times: pd.Series, code: str, table: pd.DataFrame) -> pd.Series:
    """The year of each time ("2015" or "2015-12-31"); a table without times is a UserError."""
    distinct = pd.Series(times.unique(), dtype=str)
    years = distinct.str.extract(r"^(\d{4})", expand=False)
    if years.isna().any():
        bad = distinct[years.isna()].iloc[0]
        raise UserError(f"Tabelle {code} nennt für ihre Werte kein Jahr (Zeit „{bad}“).",
                        file=table.attrs.get("file"),
                        hint="Jede Zeile braucht ein Jahr oder einen Stichtag; bei BA-Tabellen steht es "
                             "im Blattnamen oder im Titel (z. B. „Jahresdurchschnitt 2024“).")
    return times.map(dict(zip(distinct, years.astype(int))))


def _rate_rows(table: pd.DataFrame) -> pd.Series:
    """True for rows of a variable whose unit is known and is not a count (e.g. Prozent)."""
    if "variable" not in table:
        return pd.Series(False, index=table.index)
    units = table.attrs.get("units", {})
    return table["variable"].map({v: units.get(v, "Anzahl") not in COUNT_UNITS
                                  for v in table["variable"].unique()})
