"""Baselines from the data analysis: the district's indicator series, filling „Basiswert“ and „Basisjahr“."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from toolkit import fmt, indicators, store
from toolkit.data.markers import explain
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.plan import Plan, cell_text, indicator, is_empty, is_number

# --- data ----------------------------------------------------------------------------------------

def district_series(data_dir: str | Path, district_code: str) -> dict[str, pd.Series]:
    """Every catalogue indicator the folder allows, as the district's values by year (int index,
    float values, NaN where the source gave no number). attrs: name, unit, source and status
    (year -> marker as published). The code may be a number (16063; 1001 means 01001)."""
    district_code = pad_code(district_code)
    results = store.computed(str(Path(data_dir).resolve()))
    found = {}
    for indicator_id, result in results.items():
        rows = result[result["region_code"] == district_code].drop_duplicates("year", keep="last")
        if rows.empty:
            continue
        values = pd.Series(rows["value"].to_numpy(float), index=rows["year"].astype(int).to_numpy(),
                           name=indicator_id)
        ind = result.attrs["indicator"]
        values.attrs = {"name": ind.name, "unit": ind.unit, "source": result.attrs.get("source", ""),
                        "status": dict(zip(values.index, rows["status"]))}
        found[indicator_id] = values
    if not found:
        raise UserError(f"Für den Kreis {district_code} enthält der Datenordner keine Indikatorwerte.",
                        file=Path(data_dir), hint="Prüfen Sie den Kreisschlüssel, z. B. „16063“ für den "
                                                  "Wartburgkreis, und ob die Tabellen im Ordner liegen.")
    return found


def unavailable(data_dir: str | Path, district_code: str | int) -> dict[str, str]:
    """Why each catalogue indicator has no values for the district, in German (which table is missing,
    which label or years did not fit): what `fill_baselines` says instead of a guess."""
    return store.unavailable(str(Path(data_dir).resolve()), pad_code(district_code))


#: How a line of `fill_baselines` ends: the report's copy of the plan is filled; the form only proposes.
ENTERED = "eingetragen"
PROPOSED = "– noch nicht in der Mappe: übernehmen Sie ihn in „Basiswert“ und „Basisjahr“, wenn er passt"


def fill_baselines(plan: Plan, series: Mapping[str, pd.Series], year: int,
                   reasons: Mapping[str, str] | None = None, done: str = ENTERED) -> list[str]:
    """Fill the empty Basiswert (and Basisjahr) of every goal with an indicator, in place.

    The year is the goal's own Basisjahr when one is entered, else `year`; when that year has no
    number, the latest earlier year with one is taken. Rates get 1 decimal, counts none. Returns one
    German line per goal: what was filled, or why nothing could be (`reasons`: see `unavailable`)."""
    lines = []
    for row, goal in plan.ziele.iterrows():
        indicator_id = cell_text(goal["Indikator"])
        if not indicator_id or not is_empty(goal["Basiswert"]):
            continue
        wanted = int(goal["Basisjahr"]) if is_number(goal["Basisjahr"]) else year
        where = f"Zeile {row} ({cell_text(goal['ID']) or 'ohne ID'})"
        values = series.get(indicator_id)
        if values is None:
            lines.append(f"{where}: {_not_computable(indicator_id, plan, reasons or {})}")
            continue
        known = values[(values.index <= wanted) & values.notna()]
        if known.empty:
            lines.append(f"{where}: Für „{values.attrs['name']}“ gibt es bis {wanted} keine Zahl "
                         f"({_why_missing(values, wanted)}). Tragen Sie einen Basiswert aus einer anderen "
                         "Quelle ein oder wählen Sie ein späteres Basisjahr.")
            continue
        found_year = int(known.index[-1])
        value = _rounded(known.iloc[-1], values.attrs["unit"])
        plan.ziele.loc[row, ["Basisjahr", "Basiswert"]] = [found_year, value]
        note = "" if found_year == wanted else \
            f" Für {wanted} gibt es keine Zahl ({_why_missing(values, wanted)}); genommen ist {found_year}."
        lines.append(f"{where}: Basiswert {fmt.value(value, values.attrs['unit'])} ({found_year}) "
                     f"aus „{values.attrs['name']}“ {done}.{note}")
    return lines


def _not_computable(indicator_id: str, plan: Plan, reasons: Mapping[str, str]) -> str:
    yourself = "Tragen Sie Basisjahr und Basiswert selbst ein."
    if indicator_id in reasons:
        return f"{reasons[indicator_id]} {yourself}"
    if indicator_id in {i.id for i in indicators.catalogue()}:
        return f"Der Indikator „{indicator_id}“ lässt sich aus dem Datenordner nicht berechnen. {yourself}"
    if indicator(plan, indicator_id):
        return f"„{indicator_id}“ ist ein eigener Indikator; für ihn gibt es keine Zahlen im Datenordner. {yourself}"
    return _unknown(indicator_id)


def _unknown(indicator_id: str) -> str:
    return (f"Den Indikator „{indicator_id}“ gibt es weder im Katalog noch im Blatt „Indikatoren“; wählen Sie "
            "eine Kennung aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an.")


def _why_missing(values: pd.Series, year: int) -> str:
    marker = values.attrs.get("status", {}).get(year)
    if marker:
        return f"{year}: „{marker}“ – {explain(marker)}"
    return f"{year} ist nicht in den Daten"


def _rounded(value: float, unit: str) -> float | int:
    """The value as it is entered in the plan: with the decimals it is shown with (`fmt.places`), counts as int."""
    decimals = fmt.places(unit)
    return round(float(value), decimals) if decimals else int(round(value))
