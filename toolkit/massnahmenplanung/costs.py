"""The budget: Sachkosten spread over the calendar years of Beginn–Ende in proportion to the measure's days in
each year; Personal (VZÄ) as VZÄ-Jahre; measures without a complete period in the column „ohne Zeitraum“.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from toolkit import fmt
from toolkit.massnahmenplanung.catalogue import COSTS_TOTAL, NO_PERIOD, NO_VALUE, STAFF, SUM, records
from toolkit.massnahmenplanung.checks import _period
from toolkit.plan import (
    FINANZIERUNG,
    Plan,
    cell_text,
    is_number,
)


def budget(plan: Plan) -> pd.DataFrame:
    """Sachkosten per Finanzierung and year (columns "2026" …, „ohne Zeitraum“, „Summe“), the row
    „Summe Sachkosten (€)“ and the row „Personal (VZÄ-Jahre)“: Sachkosten spread over the years in
    proportion to the measure's days in each, Personal as VZÄ × the part of each year the measure
    runs (without a period: the VZÄ as entered)."""
    amounts = []
    for _, m in records(plan.massnahmen):
        funding = cell_text(m["Finanzierung"]) or NO_VALUE
        for column, (share, years) in _year_shares(m).items():
            amounts += [(label, column, m[source] * part) for label, source, part in
                        ((funding, "Sachkosten (€)", share), (STAFF, "Personal (VZÄ)", years)) if is_number(m[source])]
    long = pd.DataFrame(amounts, columns=["Finanzierung", "Jahr", "Betrag"])
    wide = long.pivot_table(index="Finanzierung", columns="Jahr", values="Betrag", aggfunc="sum", fill_value=0.0)
    funding = [f for f in FINANZIERUNG if f in wide.index] + sorted(set(wide.index) - {*FINANZIERUNG, STAFF})
    years = sorted(c for c in wide.columns if c != NO_PERIOD) + [NO_PERIOD] * (NO_PERIOD in wide.columns)
    table = wide.reindex(index=funding + [STAFF], columns=years, fill_value=0.0).astype(float)
    table.loc[COSTS_TOTAL] = table.loc[funding].sum()
    table = table.reindex(funding + [COSTS_TOTAL, STAFF])
    table[SUM] = table.sum(axis=1)
    table.index.name, table.columns.name = "Finanzierung", "Jahr"
    return table


def _year_shares(measure: pd.Series) -> dict[str, tuple[float, float]]:
    """Per calendar year: the share of the measure's days in it and the part of that year it runs
    ({"ohne Zeitraum": (1, 1)} without a period)."""
    period = _period(measure)
    if period is None:
        return {NO_PERIOD: (1.0, 1.0)}
    start, end = period
    shares = {}
    for year in range(start.year, end.year + 1):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        days = (min(end, last) - max(start, first)).days + 1
        shares[str(year)] = days / ((end - start).days + 1), days / ((last - first).days + 1)
    return shares


def budget_text(plan: Plan, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """`budget` (or the `table` it gave) as German display text: euros whole, VZÄ-Jahre with up to two decimals,
    zero as „–“."""
    table = budget(plan) if table is None else table
    text = table.map(lambda v: fmt.euro(v) if round(v) else "–").astype(object)
    text.loc[STAFF] = [fmt.exact(v, 2) if round(v, 2) else "–" for v in table.loc[STAFF]]
    return text
