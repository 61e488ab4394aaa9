"""Module 3 "Zielfindung": baselines from the data analysis, SMART check and pictures of the goals.

    series = goals.district_series("datasets/musterland", "16099")   # indicator id -> values by year
    p = plan.load_plan("datasets/musterland/planung.xlsx")
    for line in goals.fill_baselines(p, series, 2024): print(line)
    goals.smart_table(p, series)                                         # ✓ / ! / ✗ per Handlungsziel
    goals.tree_figure(p, "Spracherwerb und Bildung")

Goals live in the sheet „Ziele“ of the planning workbook (`toolkit.plan`): Leitziel → Mittlerziel →
Handlungsziel per Handlungsfeld, the parent's ID in „Übergeordnetes Ziel“.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit import fmt, indicators
from toolkit.data.markers import explain
from toolkit.datenanalyse import computed
from toolkit.errors import UserError
from toolkit.plan import Plan, _is_empty, _is_number, _text

CRITERIA = {"S": "spezifisch", "M": "messbar", "A": "erreichbar", "R": "relevant", "T": "terminiert"}


@dataclass(frozen=True)
class Finding:
    """One result of the SMART check, German `message`; severity "ok", "warning" or "error"."""
    criterion: str
    ok: bool
    message: str
    severity: str = "ok"


# --- data ----------------------------------------------------------------------------------------

def district_series(data_dir: str | Path, district_code: str) -> dict[str, pd.Series]:
    """Every catalogue indicator the folder allows, as the district's values by year (int index,
    float values, NaN where the source gave no number). attrs: name, unit, source and status
    (year -> marker as published)."""
    results = computed(str(Path(data_dir).resolve()))
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


def fill_baselines(plan: Plan, series: Mapping[str, pd.Series], year: int) -> list[str]:
    """Fill the empty Basiswert (and Basisjahr) of every goal with an indicator, in place.

    The year is the goal's own Basisjahr when one is entered, else `year`; when that year has no
    number, the latest earlier year with one is taken. Rates get 1 decimal, counts none. Returns one
    German line per goal: what was filled, or why nothing could be."""
    lines = []
    for row, goal in plan.ziele.iterrows():
        indicator_id = _text(goal["Indikator"])
        if not indicator_id or not _is_empty(goal["Basiswert"]):
            continue
        wanted = int(goal["Basisjahr"]) if _is_number(goal["Basisjahr"]) else year
        where = f"Zeile {row} ({_text(goal['ID']) or 'ohne ID'})"
        values = series.get(indicator_id)
        if values is None:
            lines.append(f"{where}: {_not_computable(indicator_id, plan)}")
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
        lines.append(f"{where}: Basiswert {_with_unit(value, values.attrs['unit'])} ({found_year}) "
                     f"aus „{values.attrs['name']}“ eingetragen.{note}")
    return lines


def _not_computable(indicator_id: str, plan: Plan) -> str:
    if indicator_id in _indicator_rows(plan) or indicator_id in {i.id for i in indicators.catalogue()}:
        return (f"Der Indikator „{indicator_id}“ lässt sich aus dem Datenordner nicht berechnen (eigener "
                "Indikator oder Tabelle fehlt); tragen Sie Basisjahr und Basiswert selbst ein.")
    return (f"Den Indikator „{indicator_id}“ gibt es weder im Katalog noch im Blatt „Indikatoren“; wählen Sie "
            "eine Kennung aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an.")


def _indicator_rows(plan: Plan) -> dict[str, pd.Series]:
    """The rows of the sheet „Indikatoren“ by ID."""
    return {_text(r["ID"]): r for _, r in plan.indikatoren.iterrows() if _text(r["ID"])}


def _why_missing(values: pd.Series, year: int) -> str:
    marker = values.attrs.get("status", {}).get(year)
    if marker:
        return f"{year}: „{marker}“ – {explain(marker)}"
    return f"{year} ist nicht in den Daten"


def _rounded(value: float, unit: str) -> float | int:
    return int(round(value)) if unit == "Anzahl" else round(float(value), 1)


def _with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A value in German format with its unit: „6,2 %“, „2,5 je 1.000 Einwohner“, „5.977“."""
    decimals = (0 if unit == "Anzahl" else 1) if decimals is None else decimals
    if unit == "%":
        return fmt.percent(value, decimals)
    text = fmt.number(value, decimals)
    return text if unit in ("Anzahl", "", None) or (isinstance(value, float) and math.isnan(value)) \
        else f"{text} {unit}"
