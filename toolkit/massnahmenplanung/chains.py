"""The Begründungskette of a measure: data → need → gap (the Bestandsanalyse's, where the goal cites one) → goals
→ measure, in German Markdown.

`gaps` (gap ID → reason, `toolkit.zielfindung.known_gaps`) gives each cited gap its reason sentence; without it
(None: no Bestandsanalyse at hand) a cited gap is named by its ID only."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toolkit import disclosure, fmt
from toolkit.bestandsanalyse.checks import GAP_ID
from toolkit.errors import UserError
from toolkit.markup import md
from toolkit.massnahmenplanung.catalogue import COUNT_UNITS, MEASURES, _goals, _impact, indicator_name, records
from toolkit.plan import Plan, cell_text, date_text, goal_ids, indicator, is_number

# --- justification --------------------------------------------------------------------------------

def justification(plan: Plan, measure_id: str, gaps: Mapping[str, str] | None = None) -> str:
    """„Begründung der gewählten Maßnahme“ as German Markdown: Daten → Bedarf → Lücke → Ziel → Maßnahme, each
    missing link named (`gaps`: see the module docstring). User text is escaped so it renders as typed. For many
    measures take `justifications`: this one reads the goals anew on every call."""
    return _markdown(*_chain(plan, _measure(plan, measure_id), _goals(plan), gaps))


def justifications(plan: Plan, measure_ids: list[str] | None = None,
                   gaps: Mapping[str, str] | None = None) -> list[str]:
    """`justification` of each measure named (default: every measure with an ID, in the sheet's order) in one pass
    over the plan: the time grows with the plan, not with its square."""
    return [_markdown(*chain) for chain in chains(plan, measure_ids, gaps)]


def chains(plan: Plan, measure_ids: list[str] | None = None,
           gaps: Mapping[str, str] | None = None) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(heading, sections) of the justification chain of each measure named (default: every measure with an ID,
    each row its own, in the sheet's order); an ID the sheet does not have is a UserError, as in
    `justification`. Goals are read once."""
    goals, measures = _goals(plan), [m for _, m in records(plan.massnahmen)]
    if measure_ids is None:
        return [_chain(plan, m, goals, gaps) for m in measures if cell_text(m["ID"])]
    first = {}
    for m in measures:
        first.setdefault(cell_text(m["ID"]), m)
    wanted = [str(i).strip() for i in measure_ids]
    for ident in wanted:
        if ident not in first:
            _unknown(ident)
    return [_chain(plan, first[ident], goals, gaps) for ident in wanted]


def _markdown(heading: str, sections: list[tuple[str, list[str]]]) -> str:
    lines = [f"## {md(heading)}"]
    for title, items in sections:
        lines += ["", f"**{title}**", ""] + [f"- {md(item)}" for item in items]
    return "\n".join(lines) + "\n"


def _chain(plan: Plan, measure: pd.Series, goals: dict[str, pd.Series],
           gaps: Mapping[str, str] | None = None) -> tuple[str, list[tuple[str, list[str]]]]:
    measure_id = cell_text(measure["ID"])
    targets = goal_ids(measure["Ziel-ID(s)"])
    known = [goals[g] for g in targets if g in goals]
    missing = [f"Ein Ziel „{g}“ gibt es im Blatt „Ziele“ nicht." for g in targets if g not in goals]
    none = missing or ["Kein Ziel verknüpft – tragen Sie bei der Maßnahme unter „Ziel-ID(s)“ das Handlungsziel "
                       "ein, dem sie dient."]
    cited = [line for g in known for line in _gap_lines(g, gaps)]
    sections = [("Daten", [_data_line(plan, g) for g in known] or none),
                ("Bedarf", [_need_line(g) for g in known] or none),
                *([("Lücke", cited)] if cited else []),
                ("Ziel", [_goal_path(goals, g) for g in known] + missing or none),
                ("Maßnahme", _measure_lines(plan, measure))]
    return f"Begründung der gewählten Maßnahme {measure_id} „{cell_text(measure['Titel'])}“", sections


def _measure(plan: Plan, measure_id: str) -> pd.Series:
    for row, ident in plan.massnahmen["ID"].items():
        if cell_text(ident) == str(measure_id).strip():
            return plan.massnahmen.loc[row]
    _unknown(measure_id)


def _unknown(measure_id: str):
    raise UserError(f"Eine Maßnahme „{measure_id}“ gibt es im Blatt „{MEASURES}“ nicht.",
                    hint="Nehmen Sie eine ID aus der Spalte „ID“ des Blatts „Maßnahmen“.")


def _data_line(plan: Plan, goal: pd.Series) -> str:
    gid, indicator_id = cell_text(goal["ID"]), cell_text(goal["Indikator"])
    if not indicator_id:
        return f"{gid}: Kein Indikator verknüpft – tragen Sie beim Ziel unter „Indikator“ die ID eines Indikators " \
               "ein, damit Ausgangslage und Ziel messbar sind."
    found = indicator(plan, indicator_id)
    if found is None:
        return f"{gid}: Den Indikator „{indicator_id}“ gibt es weder im Blatt „Indikatoren“ noch im Katalog."
    name, unit = found.name, found.unit
    base, note = _baseline(goal["Basiswert"], unit)
    year = cell_text(goal["Basisjahr"])
    base = f"Basiswert {base} im Jahr {year}" if base and year else f"Basiswert {base} (Basisjahr fehlt)" \
        if base else "kein Basiswert eingetragen"
    target = _value(goal["Zielwert"], unit)
    when = date_text(goal["Zieldatum"])
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
    """A number as entered (at most two decimals), a share with „%“; text as typed."""
    if not is_number(value):
        return cell_text(value)
    return fmt.value(value, unit, len(fmt.exact(value, 2).partition(",")[2]), with_unit=False)


def _gap_lines(goal: pd.Series, gaps: Mapping[str, str] | None = None) -> list[str]:
    """The gaps of the Bestandsanalyse (stage 2) the goal's „Bedarf/Begründung“ cites by ID, one line each: with
    `gaps` its reason sentence (or that the analysis has no such gap), without them the ID only."""
    ids = dict.fromkeys(m[0] for m in GAP_ID.finditer(cell_text(goal["Bedarf/Begründung"])))
    gid_of = cell_text(goal["ID"])
    if gaps is None:
        return [f"{gid_of}: Lücke {gid} der Bestandsanalyse (Begründung in ihrer Lückenliste, Modul 2)"
                for gid in ids]
    return [f"{gid_of}: Lücke {gid}: {gaps[gid]}" if gid in gaps else
            f"{gid_of}: Eine Lücke {gid} gibt es in der Bestandsanalyse (Modul 2) nicht oder nicht mehr – prüfen "
            "Sie die ID beim Ziel unter „Bedarf/Begründung“ an der Lückenliste." for gid in ids]


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
            *([f"Indikator der Maßnahme: {indicator_name(plan, indicator_id)}"] if indicator_id else [])]
