"""Indicators from tidy tables: counts chosen by normalised labels, rates recomputed with status.

Status rules (DESIGN.md §3): a count that is not a number (`.` `...` `/` `x` `*`) makes the
rate NaN with that marker; `-` is a true zero; a zero denominator gives NaN with `x`; the flags
`()` `p` `r` `s` `e` pass through to the rate.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import data
from toolkit.data.markers import FLAGS, MISSING
from toolkit.data.regions import COUNT_UNITS, EISENACH, WARTBURGKREIS
from toolkit.errors import UserError
from toolkit.indicators.model import Indicator, Selection, Term, catalogue, get

COLUMNS = ["indicator", "region_code", "region_name", "level", "time", "year", "numerator",
           "denominator", "value", "status"]
_NOT_DIMENSIONS = {"region_code", "region_name", "time", "value", "status"}
_DIMENSION_NAMES = {"variable": "Merkmal", "age_group": "Altersgruppe", "sex": "Geschlecht",
                    "staag6": "Staatsangehörigkeit"}
#: Status of a sum: the first missing marker wins, then a flag, then a plain number; only `-` stays `-`.
_ORDER = [*MISSING, *FLAGS, "", "-"]
_RANK = {status: rank for rank, status in enumerate(_ORDER)}
_NEUTRAL = {"insgesamt", "darunter", "davon", "zusammen"}
_GENDER = re.compile(r"\(innen\)|[*:_/]innen\b")


def load(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a folder (`toolkit.data.read_dir`), keyed by table code, on the Gebietsstand
    after 1 July 2021: Eisenach's counts added into the Wartburgkreis (16063)."""
    return {code: gebietsstand(table) for code, table in data.read_dir(data_dir).items()}


def gebietsstand(table: pd.DataFrame) -> pd.DataFrame:
    """Counts of Eisenach (16056) summed into 16063 (`toolkit.data.merge_eisenach`); published
    rates cannot be summed, see `_rates_without_eisenach`."""
    if not (table["region_code"] == EISENACH).any():
        return table
    rates = _rate_rows(table)
    counts = data.merge_eisenach(table[~rates], assume_counts=True)
    merged = pd.concat([counts, _rates_without_eisenach(table[rates])], ignore_index=True)
    merged.attrs = {**table.attrs, **counts.attrs}
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
    def computable(ind: Indicator) -> bool:
        try:
            for term in ind.terms:
                for code in _found(term, tables, ind):
                    _rows(tables[code], code, term.select, ind)
                    _rows(tables[code], code, term.minus, ind)
                    _years(tables[code]["time"], code, tables[code])
        except UserError:
            return False
        return True
    return [ind for ind in catalogue() if computable(ind)]


def compute(indicator: Indicator | str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per region × time: numerator and denominator next to the value and its status.

    Rows exist where both numerator and denominator do (after the year shift of the denominator).
    attrs: "indicator" (the Indicator), "sources" (one line per table used), "title", "source".
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
    out.attrs = {"indicator": ind, "sources": sources, "title": ind.name, "source": "; ".join(sources)}
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
    """A header path as compared: lower case, gender forms and `Insgesamt`/`darunter` parts dropped,
    repeated parts (merged Excel cells) once: "Ausländer(innen) | Insgesamt" → "ausländer"."""
    parts = [_GENDER.sub("", part).strip().lower().rstrip(":.").strip() for part in str(label).split("|")]
    parts = [" ".join(p.split()) for p in parts if p not in _NEUTRAL]
    return " | ".join(p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1])


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
        raise UserError(f"Für den Indikator „{ind.name}“ fehlt die Tabelle {' oder '.join(term.tables)}; "
                        f"gebraucht wird: {term.text}.",
                        hint="Laden Sie die Tabelle (z. B. von regionalstatistik.de) herunter und legen "
                             "Sie sie in den Datenordner.")
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
        region_name=("region_name", "first"), value=("value", "sum"), rank=("rank", "min")).reset_index()
    sums["status"] = sums["rank"].astype(int).map(dict(enumerate(_ORDER)))
    sums["value"] = sums["value"].where(~sums["status"].isin(list(MISSING)))
    sums["year"] = _years(sums["time"], code, table)
    return sums.drop(columns="rank")


def _bare(table: pd.DataFrame) -> pd.DataFrame:
    """The table with only its file name as metadata: pandas deep-copies attrs on every operation."""
    bare = pd.DataFrame(table, copy=False)
    bare.attrs = {"file": table.attrs.get("file")}
    return bare


def _rows(table: pd.DataFrame, code: str, selection: Selection, ind: Indicator) -> np.ndarray:
    """Boolean mask of the rows a selection means; dimensions it does not name take their total."""
    if not selection:
        return np.zeros(len(table), dtype=bool)
    dimensions = [c for c in table.columns if c not in _NOT_DIMENSIONS]
    wanted = dict(selection)
    unknown = [dim for dim in wanted if dim not in dimensions]
    if unknown:
        raise _missing(table, code, ind, f"die Dimension „{_DIMENSION_NAMES.get(unknown[0], unknown[0])}“",
                       dimensions)
    mask = np.ones(len(table), dtype=bool)
    for dim in dimensions:
        labels = wanted.get(dim)
        if labels is None and table[dim].nunique() == 1:
            continue
        labels = labels or ("Insgesamt",)
        names = {raw: normalise(raw) for raw in table[dim].unique()}
        for label in labels:
            matches = [raw for raw, norm in names.items() if norm == normalise(label)]
            if len(matches) != 1:
                raise _missing(table, code, ind, f"{_DIMENSION_NAMES.get(dim, dim)} „{label}“", list(names),
                               ambiguous=matches)
        mask &= table[dim].map(names).isin([normalise(label) for label in labels]).to_numpy()
    return mask


def _missing(table: pd.DataFrame, code: str, ind: Indicator, what: str, present: list,
             ambiguous: list | None = None) -> UserError:
    shown = ", ".join(f"„{p}“" for p in present[:12]) + (" …" if len(present) > 12 else "")
    problem = (f"passt auf mehrere Spalten ({', '.join(ambiguous)})" if ambiguous
               else f"fehlt (vorhanden: {shown})")
    return UserError(f"Tabelle {code}: {what} {problem} – gebraucht für den Indikator „{ind.name}“.",
                     file=table.attrs.get("file"),
                     hint="Laden Sie die Tabelle mit diesem Merkmal herunter (gleicher Tabellencode, "
                          "alle Merkmale ausgewählt) oder prüfen Sie, ob es eine andere Tabelle ist.")


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
