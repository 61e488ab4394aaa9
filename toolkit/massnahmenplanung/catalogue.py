"""The Maßnahmenkatalog as German display tables: per Handlungsfeld (and „ohne gültiges Handlungsfeld“), overview."""
from __future__ import annotations

import pandas as pd

from toolkit import fmt, indicators
from toolkit.errors import UserError
from toolkit.plan import (
    PRIORITAET,
    SHEETS,
    WIRKUNGSTREPPE,
    Plan,
    as_date,
    cell_text,
    field_id,
    goal_ids,
    is_number,
)
from toolkit.plan import next_id as next_plan_id

MEASURES = SHEETS["massnahmen"].title
TITLE = "Maßnahmenkatalog"
NO_PERIOD = "ohne Zeitraum"
NO_VALUE = "ohne Angabe"
#: The group of measures whose Handlungsfeld is empty or not in the sheet „Handlungsfelder“ (never left out).
NO_FIELD = "ohne gültiges Handlungsfeld"
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

def next_id(plan: Plan, handlungsfeld) -> str:
    """A suggestion for a new measure's ID: „HF3-M5“ in HF3 with measures up to HF3-M4 („“ without a field)."""
    field = field_id(plan, handlungsfeld)
    return next_plan_id(plan.massnahmen["ID"], f"{field}-M") if field else ""


def catalogue_table(plan: Plan, handlungsfeld: str | None = None) -> pd.DataFrame:
    """The Maßnahmenkatalog as German display text, one row per measure (index = its Excel row),
    sorted by Handlungsfeld; with a column „Handlungsfeld“ (as typed) unless one field (name or ID) is chosen
    (`NO_FIELD`: the measures without a valid one, with the column)."""
    goals = _goals(plan)
    rows = {row: _catalogue_row(plan, goals, m) for _, part in by_field(plan, handlungsfeld)
            for row, m in part.iterrows()}
    table = pd.DataFrame(list(rows.values()), index=list(rows), columns=list(CATALOGUE))
    if handlungsfeld in (None, NO_FIELD):
        table.insert(1, "Handlungsfeld", [cell_text(plan.massnahmen.loc[r, "Handlungsfeld"]) for r in table.index])
    return table


def _catalogue_row(plan: Plan, goals: dict[str, pd.Series], m: pd.Series) -> list[str]:
    aims = [f"{g} {cell_text(goals[g]['Zieltext'])}" if g in goals else f"{g} (unbekannt)"
            for g in goal_ids(m["Ziel-ID(s)"])]
    lead = "\n".join(filter(None, [cell_text(m["Federführung"]),
                                   cell_text(m["Kooperationspartner"]) and f"Partner: {cell_text(m['Kooperationspartner'])}"]))
    costs = m["Sachkosten (€)"]
    values = [m["ID"], "\n".join(filter(None, [cell_text(m["Titel"]), cell_text(m["Beschreibung"])])), "\n".join(aims),
              m["Zielgruppe(n)"], lead, _timespan(m), _amount(m["Personal (VZÄ)"]),
              _euro(costs) if is_number(costs) else costs, m["Finanzierung"], m["Priorität"],
              _impact(m["Wirkungsebene"]), _indicator_name(plan, cell_text(m["Indikator"])), m["Status"]]
    return [cell_text(v) or "–" for v in values]


def by_field(plan: Plan, handlungsfeld: str | None = None) -> list[tuple[str, pd.DataFrame]]:
    """(Handlungsfeld, its measures) in the order of the sheet „Handlungsfelder“, fields without
    measures left out; measures whose Handlungsfeld is empty or not in the sheet come last, as `NO_FIELD`."""
    table = plan.massnahmen
    used = _fields(plan)
    fields = [n for n in dict.fromkeys([cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]] + [NO_FIELD])
              if n in used]
    if handlungsfeld is not None:
        fields = [_field_name(plan, handlungsfeld)]
    return [(f, table[[u == f for u in used]]) for f in fields]


def _fields(plan: Plan) -> list[str]:
    """Each measure's Handlungsfeld, or `NO_FIELD` when it is empty or not in the sheet „Handlungsfelder“."""
    names = {cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"]} - {""}
    return [f if f in names else NO_FIELD for f in map(cell_text, plan.massnahmen["Handlungsfeld"])]


def _field_name(plan: Plan, handlungsfeld: str) -> str:
    if handlungsfeld == NO_FIELD:
        return NO_FIELD
    sheet = plan.handlungsfelder
    for ident, name in zip(sheet["ID"], sheet["Handlungsfeld"]):
        if str(handlungsfeld).strip() in (cell_text(ident), cell_text(name)):
            return cell_text(name)
    raise UserError(f"Ein Handlungsfeld „{handlungsfeld}“ gibt es im Blatt „Handlungsfelder“ nicht.",
                    hint="Erlaubt sind: " + "; ".join(f"{cell_text(i)} {cell_text(n)}" for i, n in
                                                      zip(sheet["ID"], sheet["Handlungsfeld"])) + ".")


def _goals(plan: Plan) -> dict[str, pd.Series]:
    return {cell_text(g["ID"]): g for _, g in plan.ziele.iterrows() if cell_text(g["ID"])}


def _timespan(measure: pd.Series) -> str:
    """„03/2026–12/2027“, „ab 03/2026“, „bis 12/2027“ or „ohne Zeitraum“; unreadable dates as typed."""
    parts = []
    for column in ("Beginn", "Ende"):
        try:
            parts.append(f"{as_date(measure[column]):%m/%Y}" if cell_text(measure[column]) else "")
        except ValueError:
            parts.append(cell_text(measure[column]))
    start, end = parts
    return f"{start}–{end}" if start and end else f"ab {start}" if start else f"bis {end}" if end else NO_PERIOD


def _impact(value) -> str:
    """„4 – Bewusstsein/Fähigkeiten ändern sich (Outcome)“; other values as typed."""
    if not (is_number(value) and float(value).is_integer() and int(value) in WIRKUNGSTREPPE):
        return cell_text(value)
    level = int(value)
    return f"{level} – {WIRKUNGSTREPPE[level]} ({'Output' if level <= 3 else 'Outcome' if level <= 6 else 'Impact'})"


def _indicator(plan: Plan, indicator_id: str) -> tuple[str, str] | None:
    """(Bezeichnung, Einheit) from the sheet „Indikatoren“, else from the catalogue."""
    sheet = plan.indikatoren
    for ident, name, unit in zip(sheet["ID"], sheet["Bezeichnung"], sheet["Einheit"]):
        if cell_text(ident) == indicator_id:
            return cell_text(name) or indicator_id, cell_text(unit)
    found = [i for i in indicators.catalogue() if i.id == indicator_id]
    return (found[0].name, found[0].unit) if found else None


def _indicator_name(plan: Plan, indicator_id: str) -> str:
    found = _indicator(plan, indicator_id) if indicator_id else None
    return found[0] if found else indicator_id


def _number(value) -> str:
    """German number with as many decimals as it has (at most two): 0,5; 1,25; 12.000."""
    text = fmt.number(value, 2)
    return text.rstrip("0").rstrip(",")


def _amount(value) -> str:
    return _number(value) if is_number(value) else cell_text(value)


def _euro(value: float) -> str:
    return f"{fmt.number(value)}\u00a0€"


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
