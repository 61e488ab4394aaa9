"""The Maßnahmenkatalog as German display tables: per Handlungsfeld (and „ohne gültiges Handlungsfeld“), overview."""
from __future__ import annotations

import pandas as pd

from toolkit import fmt
from toolkit.plan import (
    NO_FIELD,
    PRIORITAET,
    SHEETS,
    WIRKUNGSTREPPE,
    Plan,
    cell_text,
    date_text,
    field_name,
    goal_ids,
    indicator,
    is_number,
)

MEASURES = SHEETS["massnahmen"].title
TITLE = "Maßnahmenkatalog"
NO_PERIOD = "ohne Zeitraum"
NO_VALUE = "ohne Angabe"
SUM = "Summe"
COSTS_TOTAL, STAFF = "Summe Sachkosten (€)", "Personal (VZÄ-Jahre)"
#: The start of `check_plan`'s message about a Handlungsziel no measure serves.
UNSERVED = "Keine Maßnahme dient diesem Handlungsziel"
#: Units whose values are counts of people, so small baselines are kept secret.
COUNT_UNITS = ("anzahl", "personen")
#: Columns of the display catalogue with their relative widths in Word, HTML and Excel.
CATALOGUE = {"ID": 6, "Maßnahme": 15, "Ziel(e)": 12, "Zielgruppe(n)": 8, "Federführung / Partner": 11,
             "Zeitraum": 7, "Personal (VZÄ)": 6, "Sachkosten": 7, "Finanzierung": 8, "Priorität": 8,
             "Wirkungsebene": 9, "Indikator": 9, "Status": 8}
#: … and with the column „Handlungsfeld“ the whole catalogue and the group `NO_FIELD` have.
WIDTHS = {"Handlungsfeld": 14, **CATALOGUE}
NUMERIC = ("Personal (VZÄ)", "Sachkosten")


# --- tables ---------------------------------------------------------------------------------------

def catalogue_table(plan: Plan, handlungsfeld: str | None = None) -> pd.DataFrame:
    """The Maßnahmenkatalog as German display text, one row per measure (index = its Excel row),
    sorted by Handlungsfeld; with a column „Handlungsfeld“ (as typed) unless one field (name or ID) is chosen
    (`NO_FIELD`: the measures without a valid one, with the column)."""
    goals = _goals(plan)
    rows = {row: _catalogue_row(plan, goals, m) for _, part in by_field(plan, handlungsfeld)
            for row, m in records(part)}
    table = pd.DataFrame(list(rows.values()), index=list(rows), columns=list(CATALOGUE))
    if handlungsfeld in (None, NO_FIELD):
        typed = plan.massnahmen["Handlungsfeld"]
        table.insert(1, "Handlungsfeld", [cell_text(typed.get(r)) for r in table.index])
    return table


def catalogue_tables(plan: Plan) -> list[tuple[str, pd.DataFrame]]:
    """(Handlungsfeld, `catalogue_table` of it) for every field with measures, in the order of `by_field`, from
    one pass over the measures (the time grows with the plan, not with plan × fields)."""
    whole = catalogue_table(plan)
    return [(field, whole.loc[[row for row in part.index if row in whole.index]]
             .drop(columns=[] if field == NO_FIELD else ["Handlungsfeld"]))
            for field, part in by_field(plan)]


def _catalogue_row(plan: Plan, goals: dict[str, pd.Series], m: pd.Series) -> list[str]:
    aims = [f"{g} {cell_text(goals[g]['Zieltext'])}" if g in goals else f"{g} (unbekannt)"
            for g in goal_ids(m["Ziel-ID(s)"])]
    partners = cell_text(m["Kooperationspartner"])
    lead = "\n".join(filter(None, [cell_text(m["Federführung"]), partners and f"Partner: {partners}"]))
    costs = m["Sachkosten (€)"]
    values = [m["ID"], "\n".join(filter(None, [cell_text(m["Titel"]), cell_text(m["Beschreibung"])])), "\n".join(aims),
              m["Zielgruppe(n)"], lead, _timespan(m), _amount(m["Personal (VZÄ)"]),
              fmt.euro(costs) if is_number(costs) else costs, m["Finanzierung"], m["Priorität"],
              _impact(m["Wirkungsebene"]), indicator_name(plan, cell_text(m["Indikator"])), m["Status"]]
    return [cell_text(v) or "–" for v in values]


def by_field(plan: Plan, handlungsfeld: str | None = None) -> list[tuple[str, pd.DataFrame]]:
    """(Handlungsfeld, its measures) in the order of the sheet „Handlungsfelder“, fields without
    measures left out; measures whose Handlungsfeld is empty or not in the sheet come last, as `NO_FIELD`."""
    table = plan.massnahmen
    used = _fields(plan)
    fields = [n for n in dict.fromkeys([cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]] + [NO_FIELD])
              if n in used]
    if handlungsfeld is not None:
        fields = [field_name(plan, handlungsfeld)]
    return [(f, table[[u == f for u in used]]) for f in fields]


def _fields(plan: Plan) -> list[str]:
    """Each measure's Handlungsfeld, or `NO_FIELD` when it is empty or not in the sheet „Handlungsfelder“."""
    names = {cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]} - {""}
    return [f if f in names else NO_FIELD for f in map(cell_text, plan.massnahmen["Handlungsfeld"])]


def records(table: pd.DataFrame) -> list[tuple[int, dict]]:
    """(Excel row, {header: value}) of every row: a plain dict per row, as a row of thousands of measures is read
    many times (a pandas Series per row costs more than all the rest)."""
    return list(zip(table.index, table.to_dict("records")))


def _goals(plan: Plan) -> dict[str, pd.Series]:
    return {cell_text(g["ID"]): g for _, g in plan.ziele.iterrows() if cell_text(g["ID"])}


def _timespan(measure: pd.Series) -> str:
    """„03/2026–12/2027“, „ab 03/2026“, „bis 12/2027“ or „ohne Zeitraum“; unreadable dates as typed."""
    start, end = (date_text(measure[column], "%m/%Y") for column in ("Beginn", "Ende"))
    return f"{start}–{end}" if start and end else f"ab {start}" if start else f"bis {end}" if end else NO_PERIOD


def _impact(value) -> str:
    """„4 – Bewusstsein/Fähigkeiten ändern sich (Outcome)“; other values as typed."""
    if not (is_number(value) and float(value).is_integer() and int(value) in WIRKUNGSTREPPE):
        return cell_text(value)
    level = int(value)
    return f"{level} – {WIRKUNGSTREPPE[level]} ({'Output' if level <= 3 else 'Outcome' if level <= 6 else 'Impact'})"


def indicator_name(plan: Plan, indicator_id: str) -> str:
    """The indicator's name (sheet „Indikatoren“, else the catalogue), its ID when neither knows it."""
    found = indicator(plan, indicator_id)
    return found.name if found else indicator_id


def _amount(value) -> str:
    """A number with as many decimals as it has, at most two (0,5; 1,25; 12.000); text as typed."""
    return fmt.exact(value, 2) if is_number(value) else cell_text(value)


def overview(plan: Plan) -> pd.DataFrame:
    """Number of measures per Handlungsfeld (all fields of the sheet, then `NO_FIELD` if used) and Priorität,
    with sums."""
    table = plan.massnahmen
    priority = pd.Series([cell_text(v) or NO_VALUE for v in table["Priorität"]], dtype=object)
    field = pd.Series(_fields(plan), dtype=object)
    columns = list(PRIORITAET) + sorted(set(priority) - set(PRIORITAET))
    fields = list(dict.fromkeys([cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]] + list(field)))
    counts = pd.crosstab(field, priority).reindex(index=fields, columns=columns, fill_value=0).astype(int)
    counts[SUM] = counts.sum(axis=1)
    counts.loc[SUM] = counts.sum()
    counts.index.name, counts.columns.name = "Handlungsfeld", "Priorität"
    return counts
