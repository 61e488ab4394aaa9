"""Module 4 „Maßnahmenplanung“: the Maßnahmenkatalog of a planning workbook and its exports.

    from toolkit import measures, plan
    p = plan.load_plan("planung.xlsx")
    measures.problems(p)                  # what `check_plan` finds about measures, plus the rules below
    measures.catalogue_table(p, "HF3")    # German display table of one Handlungsfeld (name or ID)
    measures.gantt_figure(p); measures.budget(p); measures.budget_figure(p); measures.overview(p)
    print(measures.justification(p, "HF3-M1"))
    measures.to_word(p, "katalog.docx"); measures.to_html(p, "katalog.html"); measures.to_excel(p, "katalog.xlsx")

Meilensteine: entries separated by „;“ or line breaks, each a date and a text: „03/2026 Auftakt;
09/2026 erste Schulung“ (MM/JJJJ, drawn at the first of the month) or „15.09.2026 Fachtag“
(TT.MM.JJJJ). Entries in another form stay in the catalogue's text but are not drawn; `problems`
names them.

Budget: Sachkosten are spread over the calendar years of Beginn–Ende in proportion to the
measure's days in each year (both days included). Personal (VZÄ) is a staffing level: the row
„Personal (VZÄ-Jahre)“ holds VZÄ × the part of each year the measure runs (0,5 VZÄ from
01.07. to 31.12.2026 = 0,25 VZÄ-Jahre in 2026), so it adds up over the years. A measure without
a complete period counts in the column „ohne Zeitraum“ (Personal there as entered).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from toolkit import charts, disclosure, fmt, indicators
from toolkit.errors import UserError
from toolkit.plan import (
    FINANZIERUNG,
    PRIORITAET,
    SHEETS,
    STATUS,
    WIRKUNGSTREPPE,
    Plan,
    Problem,
    as_date,
    cell_text,
    check_plan,
    field_id,
    goal_ids,
    is_number,
    load_plan,
    ordered,
    set_cell,
    write_then_replace,
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
COLOURS = {"Priorität": dict(zip(PRIORITAET, (charts.HIGHLIGHT, charts.COMPARISON[0]))),
           "Status": dict(zip(STATUS, ("#bdd7ee", "#9dc3e6", charts.HIGHLIGHT, "#548235", "#7f7f7f", "#c00000")))}
FUNDING_COLOURS = dict(zip(FINANZIERUNG, (charts.HIGHLIGHT, charts.COMPARISON[0], "#548235", "#7030a0",
                                          "#bf9000", "#7f7f7f")))
GREY = charts.GREY
MILESTONE = re.compile(r"(?:(\d{1,2})\.)?(\d{1,2})[./](\d{4})\s*(.*)", re.S)
PAGE_CM, MARGIN_CM = (29.7, 21.0), 1.5


# --- validation -----------------------------------------------------------------------------------

def problems(plan: Plan) -> list[Problem]:
    """`check_plan`'s findings on the sheet „Maßnahmen“ and on Handlungsziele without a measure, plus:
    Ende without Beginn (error), Beginn without Ende, a goal in another Handlungsfeld, Sachkosten
    without Finanzierung and unreadable Meilensteine (warnings)."""
    found = [p for p in check_plan(plan) if p.sheet == MEASURES or p.message.startswith(UNSERVED)]
    goals = _goals(plan)
    for row, measure in plan.massnahmen.iterrows():
        found += _measure_problems(row, measure) + _field_problems(row, measure, goals)
    return ordered(found)


def _measure_problems(row: int, measure: pd.Series) -> list[Problem]:
    start, end = cell_text(measure["Beginn"]), cell_text(measure["Ende"])
    found = []
    if end and not start:
        found.append(Problem(MEASURES, row, "Beginn", "Das Ende ist eingetragen, der Beginn fehlt."))
    elif start and not end:
        found.append(Problem(MEASURES, row, "Ende", f"Das Ende fehlt; in Zeitplan und Budget steht die Maßnahme "
                                                    f"unter „{NO_PERIOD}“.", "warning"))
    if is_number(measure["Sachkosten (€)"]) and measure["Sachkosten (€)"] > 0 and not cell_text(measure["Finanzierung"]):
        found.append(Problem(MEASURES, row, "Finanzierung", "Sachkosten ohne Finanzierung; wählen Sie eine "
                                                            "Finanzierungsquelle aus der Liste.", "warning"))
    found += [Problem(MEASURES, row, "Meilensteine", f"„{entry}“ ist kein lesbarer Meilenstein; erwartet wird "
                                                     "MM/JJJJ Text, mehrere getrennt durch „;“, z. B. "
                                                     "„03/2026 Auftakt; 09/2026 Fachtag“.", "warning")
              for entry, when in _milestones(measure["Meilensteine"]) if when is None]
    return found


def _field_problems(row: int, measure: pd.Series, goals: dict[str, pd.Series]) -> list[Problem]:
    field = cell_text(measure["Handlungsfeld"])
    others = {g: cell_text(goals[g]["Handlungsfeld"]) for g in goal_ids(measure["Ziel-ID(s)"]) if g in goals}
    return [Problem(MEASURES, row, "Handlungsfeld", f"Die Maßnahme steht im Handlungsfeld „{field}“, ihr Ziel "
                                                    f"„{g}“ im Handlungsfeld „{other}“.", "warning")
            for g, other in others.items() if field and other and other != field]


def _milestones(cell) -> list[tuple[str, dt.date | None]]:
    """Each entry of a Meilensteine cell with its date (None where none can be read)."""
    out = []
    for entry in (e.strip() for e in re.split(r"[;\n]", cell_text(cell)) if e.strip()):
        match = MILESTONE.fullmatch(entry)
        try:
            out.append((entry, dt.date(int(match[3]), int(match[2]), int(match[1] or 1)) if match else None))
        except ValueError:
            out.append((entry, None))
    return out


def _period(measure: pd.Series) -> tuple[dt.date, dt.date] | None:
    """Beginn and Ende when both are valid dates in order, else None."""
    try:
        start, end = as_date(measure["Beginn"]), as_date(measure["Ende"])
    except ValueError:
        return None
    return (start, end) if start <= end else None


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


def budget(plan: Plan) -> pd.DataFrame:
    """Sachkosten per Finanzierung and year (columns "2026" …, „ohne Zeitraum“, „Summe“), the row
    „Summe Sachkosten (€)“ and the row „Personal (VZÄ-Jahre)“: Sachkosten spread over the years in
    proportion to the measure's days in each, Personal as VZÄ × the part of each year the measure
    runs (without a period: the VZÄ as entered)."""
    records = []
    for _, m in plan.massnahmen.iterrows():
        funding = cell_text(m["Finanzierung"]) or NO_VALUE
        for column, (share, years) in _year_shares(m).items():
            records += [(label, column, m[source] * part) for label, source, part in
                        ((funding, "Sachkosten (€)", share), (STAFF, "Personal (VZÄ)", years)) if is_number(m[source])]
    long = pd.DataFrame(records, columns=["Finanzierung", "Jahr", "Betrag"])
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


def budget_text(plan: Plan) -> pd.DataFrame:
    """`budget` as German display text: euros whole, VZÄ-Jahre with up to two decimals, zero as „–“."""
    table = budget(plan)
    text = table.map(lambda v: _euro(v) if round(v) else "–").astype(object)
    text.loc[STAFF] = [_number(v) if round(v, 2) else "–" for v in table.loc[STAFF]]
    return text


# --- justification --------------------------------------------------------------------------------

def justification(plan: Plan, measure_id: str) -> str:
    """„Begründung der gewählten Maßnahme“ as German Markdown: Daten → Bedarf → Ziel → Maßnahme, each
    missing link named. User text is escaped so it renders as typed."""
    heading, sections = _chain(plan, measure_id)
    lines = [f"## {_md(heading)}"]
    for title, items in sections:
        lines += ["", f"**{title}**", ""] + [f"- {_md(item)}" for item in items]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|~&])", r"\\\1", re.sub(r"[ \t\r\n]+", " ", text.strip()))


def _chain(plan: Plan, measure_id: str) -> tuple[str, list[tuple[str, list[str]]]]:
    measure = _measure(plan, measure_id)
    goals = _goals(plan)
    targets = goal_ids(measure["Ziel-ID(s)"])
    known = [goals[g] for g in targets if g in goals]
    missing = [f"Ein Ziel „{g}“ gibt es im Blatt „Ziele“ nicht." for g in targets if g not in goals]
    none = missing or ["Kein Ziel verknüpft – tragen Sie bei der Maßnahme unter „Ziel-ID(s)“ das Handlungsziel "
                       "ein, dem sie dient."]
    sections = [("Daten", [_data_line(plan, g) for g in known] or none),
                ("Bedarf", [_need_line(g) for g in known] or none),
                ("Ziel", [_goal_path(goals, g) for g in known] + missing or none),
                ("Maßnahme", _measure_lines(plan, measure))]
    return f"Begründung der gewählten Maßnahme {measure_id} „{cell_text(measure['Titel'])}“", sections


def _measure(plan: Plan, measure_id: str) -> pd.Series:
    for _, measure in plan.massnahmen.iterrows():
        if cell_text(measure["ID"]) == str(measure_id).strip():
            return measure
    raise UserError(f"Eine Maßnahme „{measure_id}“ gibt es im Blatt „{MEASURES}“ nicht.",
                    hint="Nehmen Sie eine ID aus der Spalte „ID“ des Blatts „Maßnahmen“.")


def _data_line(plan: Plan, goal: pd.Series) -> str:
    gid, indicator_id = cell_text(goal["ID"]), cell_text(goal["Indikator"])
    if not indicator_id:
        return f"{gid}: Kein Indikator verknüpft – tragen Sie beim Ziel unter „Indikator“ die ID eines Indikators " \
               "ein, damit Ausgangslage und Ziel messbar sind."
    found = _indicator(plan, indicator_id)
    if found is None:
        return f"{gid}: Den Indikator „{indicator_id}“ gibt es weder im Blatt „Indikatoren“ noch im Katalog."
    name, unit = found
    base, note = _baseline(goal["Basiswert"], unit)
    year = cell_text(goal["Basisjahr"])
    base = f"Basiswert {base} im Jahr {year}" if base and year else f"Basiswert {base} (Basisjahr fehlt)" \
        if base else "kein Basiswert eingetragen"
    target = _value(goal["Zielwert"], unit)
    when = cell_text(goal["Zieldatum"]) and _date_text(goal["Zieldatum"])
    target = f"Zielwert {target} bis {when}" if target and when else f"Zielwert {target} (ohne Zieldatum)" \
        if target else "kein Zielwert eingetragen"
    return f"{gid}: Indikator „{name}“ (Einheit: {unit or 'keine Angabe'}) – {base}; {target}." + note


def _baseline(value, unit: str) -> tuple[str, str]:
    """The baseline as text and a disclosure note: a count of people below the threshold is „.“."""
    if is_number(value) and unit.lower() in COUNT_UNITS:
        hidden = disclosure.suppress(pd.Series([float(value)]), assume_totals_known=False)
        if hidden.mask.iloc[0]:
            return disclosure.MARKER, f" {hidden.note}"
    return _value(value, unit), ""


def _value(value, unit: str) -> str:
    if not is_number(value):
        return cell_text(value)
    return fmt.percent(value, len(_number(value).partition(",")[2])) if unit == "%" else _number(value)


def _date_text(value) -> str:
    try:
        return f"{as_date(value):%d.%m.%Y}"
    except ValueError:
        return cell_text(value)


def _need_line(goal: pd.Series) -> str:
    need = cell_text(goal["Bedarf/Begründung"])
    return f"{cell_text(goal['ID'])}: " + (need or "Kein Bedarf beschrieben – tragen Sie beim Ziel unter "
                                       "„Bedarf/Begründung“ den Befund aus Datenanalyse oder Bestandsaufnahme ein.")


def _goal_path(goals: dict[str, pd.Series], goal: pd.Series) -> str:
    """„Handlungsziel HZ1: „…“ → Mittlerziel MZ1: „…“ → Leitziel LZ1: „…““ with missing links named."""
    parts, seen = [], set()
    while True:
        gid, level = cell_text(goal["ID"]), cell_text(goal["Ebene"]) or "Ziel"
        parts.append(f"{level} {gid}: „{cell_text(goal['Zieltext'])}“")
        seen.add(gid)
        parent = cell_text(goal["Übergeordnetes Ziel"])
        if not parent or parent in seen or parent not in goals:
            break
        goal = goals[parent]
    if parent and parent not in goals:
        parts.append(f"Ziel „{parent}“ fehlt im Blatt „Ziele“")
    elif not parent and level != "Leitziel":
        parts.append("kein übergeordnetes Ziel verknüpft")
    return " → ".join(parts)


def _measure_lines(plan: Plan, measure: pd.Series) -> list[str]:
    reason = cell_text(measure["Begründung"])
    impact = _impact(measure["Wirkungsebene"])
    indicator_id = cell_text(measure["Indikator"])
    return [f"{cell_text(measure['ID'])} „{cell_text(measure['Titel'])}“: "
            + (reason or "Keine Begründung eingetragen – tragen Sie unter „Begründung“ ein, warum diese Maßnahme "
                         "das Ziel erreicht."),
            f"Wirkungsebene: {impact}" if impact else "Wirkungsebene nicht angegeben – wählen Sie eine Stufe der "
                                                     "Wirkungstreppe (1–7).",
            *([f"Indikator der Maßnahme: {_indicator_name(plan, indicator_id)}"] if indicator_id else [])]


# --- figures --------------------------------------------------------------------------------------

def gantt_figure(plan: Plan, handlungsfeld: str | None = None, colour_by: str = "Priorität") -> Figure:
    """Zeitplan: one bar per measure from Beginn to Ende, grouped by Handlungsfeld, coloured by
    Priorität or Status, milestones as diamonds, years on the axis; A4 landscape wide."""
    if colour_by not in COLOURS:
        raise UserError(f"Färben nach „{colour_by}“ geht nicht; möglich: {', '.join(COLOURS)}.")
    groups = by_field(plan, handlungsfeld)
    rows = sum(len(part) + 1 for _, part in groups)
    fig = Figure(figsize=(10.5, max(2.5, 1.4 + 0.145 * rows)), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if not rows:
        return _nothing(ax, "Keine Maßnahmen eingetragen.")
    periods = [p for _, part in groups for _, m in part.iterrows() if (p := _period(m))]
    first = min((s.year for s, _ in periods), default=dt.date.today().year)
    last = max((e.year for _, e in periods), default=first)
    _time_axis(ax, first, last)
    labels, bold = [], []
    for field, part in groups:
        bold.append(len(labels))
        ax.axhspan(len(labels) - 0.5, len(labels) + 0.5, color="#f2f2f2", zorder=0)
        labels.append(_short(field, 60))
        for _, measure in part.iterrows():
            _gantt_row(ax, len(labels), measure, colour_by)
            labels.append(_short(f"{cell_text(measure['ID'])}  {cell_text(measure['Titel'])}", 50))
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i in bold:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(len(labels) - 0.5, -0.5)
    _gantt_legend(fig, plan, colour_by)
    ax.set_title("Zeitplan der Maßnahmen" + (f" – {groups[0][0]}" if handlungsfeld else ""), loc="left",
                 fontsize=11, fontweight="bold")
    return fig


def _gantt_row(ax, y: int, measure: pd.Series, colour_by: str) -> None:
    period = _period(measure)
    if period is None:
        ax.text(ax.get_xlim()[0], y, f"  {_timespan(measure)}", va="center", fontsize=7, style="italic",
                color="#595959")
        return
    start, end = (mdates.date2num(d) for d in period)
    colour = COLOURS[colour_by].get(cell_text(measure[colour_by]), GREY)
    ax.barh(y, end + 1 - start, left=start, height=0.6, color=colour)
    when = [mdates.date2num(d) for _, d in _milestones(measure["Meilensteine"]) if d]
    ax.scatter(when, [y] * len(when), marker="D", s=16, color="black", zorder=3)


def _time_axis(ax, first: int, last: int) -> None:
    """Year lines at 1 January, quarter lines, the year's label in its middle, above and below."""
    ax.set_xlim(mdates.date2num(dt.date(first, 1, 1)), mdates.date2num(dt.date(last + 1, 1, 1)))
    for year in range(first, last + 1):
        for month in (4, 7, 10):
            ax.axvline(mdates.date2num(dt.date(year, month, 1)), color="#e5e5e5", linewidth=0.5, zorder=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(NullFormatter())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=7))
    ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="both", labelsize=8, labeltop=True, top=True)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color="#999999", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _gantt_legend(fig: Figure, plan: Plan, colour_by: str) -> None:
    used = {cell_text(v) for v in plan.massnahmen[colour_by]}
    handles = [Patch(color=c, label=name) for name, c in COLOURS[colour_by].items() if name in used]
    handles += [Patch(color=GREY, label=NO_VALUE)] * bool(used - set(COLOURS[colour_by]))
    handles.append(Line2D([], [], marker="D", color="black", linestyle="", markersize=5, label="Meilenstein"))
    fig.legend(handles=handles, loc="outside lower left", ncols=len(handles), frameon=False, fontsize=8,
               title=f"Farbe: {colour_by}", title_fontsize=8, alignment="left")


def _nothing(ax, message: str) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#595959")
    return ax.figure


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def budget_figure(plan: Plan) -> Figure:
    """Sachkosten per year (and „ohne Zeitraum“) as bars stacked by Finanzierung, sums on top."""
    table = budget(plan).drop(index=[COSTS_TOTAL, STAFF], columns=[SUM])
    fig = Figure(figsize=(charts.WIDTH, 4.0), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if table.empty:
        return _nothing(ax, "Keine Sachkosten eingetragen.")
    bottom = pd.Series(0.0, index=table.columns)
    for funding, values in table.iterrows():
        ax.bar(table.columns, values, bottom=bottom, color=FUNDING_COLOURS.get(funding, GREY), label=funding)
        bottom += values
    for x, total in enumerate(bottom):
        ax.annotate(_euro(total), (x, total), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8)
    ax.yaxis.set_major_formatter(charts.GermanFormatter())
    ax.set_ylabel("Sachkosten in €")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(0, max(bottom.max(), 1) * 1.12)
    fig.legend(loc="outside lower left", ncols=4, frameon=False, fontsize=8, title="Finanzierung",
               title_fontsize=8, alignment="left")
    ax.set_title("Sachkosten je Jahr nach Finanzierung", loc="left", fontsize=11, fontweight="bold")
    return fig


# --- exports --------------------------------------------------------------------------------------

def to_word(plan: Plan, path: str | Path, title: str | None = None) -> Path:
    """The Maßnahmenkatalog as Word (A4 landscape): title, date line, one table per Handlungsfeld
    (header row repeated on every page), then the budget table."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title or TITLE, level=0)
    document.add_paragraph(_date_line(plan))
    for field, _ in by_field(plan):
        document.add_heading(field, level=1)
        table = catalogue_table(plan, field)
        _word_table(document, table, [WIDTHS[c] for c in table.columns])
    document.add_heading("Budget: Sachkosten und Personal je Jahr", level=1)
    text = budget_text(plan).reset_index()
    _word_table(document, text, [3] + [1] * (len(text.columns) - 1))
    return _save(path, document.save)


def _date_line(plan: Plan) -> str:
    fields = sum(field != NO_FIELD for field, _ in by_field(plan))
    return f"Stand: {fmt.date(dt.date.today())} – {len(plan.massnahmen)} Maßnahmen in {fields} Handlungsfeldern"


def _word_table(document, frame: pd.DataFrame, weights: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style, table.autofit = "Table Grid", False
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(header.cells, frame.columns):
        cell.text = str(name)
        cell.paragraphs[0].runs[0].bold = True
    for values in frame.itertuples(index=False):
        for cell, value, column in zip(table.add_row().cells, values, frame.columns):
            title, rest = _title_and_rest(column, value)
            cell.paragraphs[0].add_run(title).bold = True
            cell.paragraphs[0].add_run("\n" * bool(title and rest) + rest)
    width = PAGE_CM[0] - 2 * MARGIN_CM
    for column, weight in zip(table.columns, weights):
        for cell in column.cells:
            cell.width = Cm(width * weight / sum(weights))
            for run in (r for p in cell.paragraphs for r in p.runs):
                run.font.size = Pt(8)


def to_html(plan: Plan, path: str | Path, title: str | None = None) -> Path:
    """One self-contained HTML file (no external resource, no script; prints A4 landscape):
    overview, one table per Handlungsfeld, Zeitplan, budget and every measure's justification."""
    title = title or TITLE
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class='stand'>{html.escape(_date_line(plan))}</p>",
             "<h2>Maßnahmen je Handlungsfeld und Priorität</h2>", _html_table(overview(plan).reset_index())]
    for field, _ in by_field(plan):
        table = catalogue_table(plan, field)
        parts += [f"<h2>{html.escape(field)}</h2>", _html_table(table, {c: WIDTHS[c] for c in table.columns})]
    parts += ["<h2>Zeitplan</h2>", _img(gantt_figure(plan), "Zeitplan der Maßnahmen"),
              "<h2>Budget</h2>", _html_table(budget_text(plan).reset_index()),
              _img(budget_figure(plan), "Sachkosten je Jahr nach Finanzierung"),
              "<h2>Begründung der gewählten Maßnahmen</h2>"]
    parts += [_html_chain(plan, cell_text(i)) for i in plan.massnahmen["ID"] if cell_text(i)]
    page = (f"<!DOCTYPE html>\n<html lang='de'>\n<head>\n<meta charset='utf-8'>\n<title>{html.escape(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
    return _save(path, lambda handle: handle.write(page.encode("utf-8")))


CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #222; margin: 1.5em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; } h2 { font-size: 13pt; margin-top: 1.6em; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; } .stand { color: #555; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 8.5pt; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3px 4px; vertical-align: top; text-align: left;
         overflow-wrap: break-word; hyphens: auto; }
table.katalog { table-layout: fixed; font-size: 8pt; }
th { background: #dde6f0; } td.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; } .kette { break-inside: avoid; } .kette ul { margin: 0.2em 0 0.6em; }
@media print { body { margin: 0; } }
"""


def _html_table(frame: pd.DataFrame, weights: dict[str, float] | None = None) -> str:
    columns = [str(c) for c in frame.columns]
    numeric = [c in NUMERIC or (weights is None and i > 0) for i, c in enumerate(columns)]
    cols = "".join(f"<col style='width:{100 * weights[c] / sum(weights.values()):.1f}%'>" for c in columns) \
        if weights else ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td{' class=num' * n}>{_html_cell(c, v)}</td>"
                                    for c, v, n in zip(columns, row, numeric))
                   + "</tr>\n" for row in frame.itertuples(index=False))
    return f"<table{' class=katalog' * bool(weights)}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>\n" \
           f"<tbody>\n{body}</tbody></table>"


def _html_cell(column: str, value) -> str:
    title, rest = _title_and_rest(column, value)
    return "<br>".join(filter(None, [title and f"<strong>{_html_text(title)}</strong>", _html_text(rest)]))


def _html_text(value) -> str:
    return html.escape(str(value)).replace("\n", "<br>")


def _title_and_rest(column: str, value) -> tuple[str, str]:
    """A catalogue cell split into its bold first line (the measure's title) and the rest."""
    title, _, rest = str(value).partition("\n")
    return (title, rest) if column == "Maßnahme" else ("", str(value))


def _img(fig: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode()
    width = fig.get_figwidth() * 96                                  # CSS pixels: the figure's size on paper
    return f"<img alt='{html.escape(alt)}' style='width:{width:.0f}px' src='data:image/png;base64,{data}'>"


def _html_chain(plan: Plan, measure_id: str) -> str:
    heading, sections = _chain(plan, measure_id)
    body = "".join(f"<p><strong>{title}</strong></p><ul>" + "".join(f"<li>{_html_text(i)}</li>" for i in items)
                   + "</ul>" for title, items in sections)
    return f"<section class='kette'><h3>{html.escape(heading)}</h3>{body}</section>"


def to_excel(plan: Plan, path: str | Path) -> Path:
    """The Maßnahmenkatalog as a formatted workbook: sheet „Maßnahmenkatalog“ (sorted by Handlungsfeld,
    amounts as numbers, header frozen, filter), „Budget“ and „Übersicht“. Text that looks like a
    formula is stored as text, as in the planning workbook."""
    table = catalogue_table(plan)
    for display, source in zip(NUMERIC, ("Personal (VZÄ)", "Sachkosten (€)")):
        raw = plan.massnahmen.loc[table.index, source]
        table[display] = [r if is_number(r) else d for r, d in zip(raw, table[display])]
    book = openpyxl.Workbook()
    book.remove(book.active)
    _excel_sheet(book, TITLE, table, [2.2 * WIDTHS[c] for c in table.columns],
                 {"Sachkosten": '#,##0 "€"', "Personal (VZÄ)": "0.0#"})
    money = budget(plan).reset_index()
    sheet = _excel_sheet(book, "Budget", money, [28] + [13] * (len(money.columns) - 1), {})
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "0.00" if sheet.cell(cell.row, 1).value == STAFF else '#,##0 "€"'
    counts = overview(plan).reset_index()
    _excel_sheet(book, "Übersicht", counts, [50] + [13] * (len(counts.columns) - 1), {})
    return _save(path, book.save)


def _excel_sheet(book, title: str, frame: pd.DataFrame, widths: list[float], formats: dict[str, str]):
    ws = book.create_sheet(title)
    ws.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([None] * len(values))
        for cell, value, column in zip(ws[ws.max_row], values, frame.columns):
            set_cell(cell, value)
            cell.alignment = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
            cell.number_format = formats.get(column, cell.number_format)
    for i, (cell, width) in enumerate(zip(ws[1], widths), 1):
        cell.font = openpyxl.styles.Font(bold=True)
        cell.fill = openpyxl.styles.PatternFill("solid", fgColor="DDE6F0")
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return ws


def _save(path: str | Path, write: Callable) -> Path:
    """Write an export atomically; a locked file or missing folder is a UserError."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError("Den Zielordner gibt es nicht.", file=path, hint="Legen Sie den Ordner an oder wählen "
                                                                          "Sie einen vorhandenen.")
    try:
        write_then_replace(path, write)
    except PermissionError:
        raise UserError("Die Datei kann nicht geschrieben werden: Zugriff verweigert.", file=path,
                        hint="Schließen Sie die Datei in Word, Excel oder im Browser und versuchen Sie es "
                             "erneut.") from None
    return path


EXPORTS = {"word": (".docx", to_word), "html": (".html", to_html), "excel": (".xlsx", to_excel)}


def export(file: str | Path, targets: dict[str, str | Path | None] | None = None) -> list[Path]:
    """Export the plan in `file` to `targets` ({"word": …, "html": …, "excel": …}); none given: all
    three beside it as `<name>_massnahmenkatalog.docx/.html/.xlsx`. The plan is never overwritten."""
    file = Path(file)
    if not any((targets or {}).values()):
        targets = {kind: file.with_name(f"{file.stem}_massnahmenkatalog{suffix}")
                   for kind, (suffix, _) in EXPORTS.items()}
    plan = load_plan(file)
    written = []
    for kind, target in targets.items():
        if not target:
            continue
        suffix, write = EXPORTS[kind]
        target = Path(target)
        if target.suffix.lower() != suffix:
            raise UserError(f"Die Datei für „--{kind}“ muss auf {suffix} enden.", file=target)
        if target.resolve() == file.resolve():
            raise UserError("Das Ziel ist die Planungsmappe selbst; sie würde überschrieben.", file=target,
                            hint="Wählen Sie einen anderen Dateinamen für den Export.")
        written.append(write(plan, target))
    return written
