"""The checks of the measures beside `plan.check_plan`: period, Meilensteine, goals served, Handlungsfeld.

Meilensteine: entries separated by „;“ or line breaks, each a date and a text: „03/2026 Auftakt;
09/2026 erste Schulung“ (MM/JJJJ, drawn at the first of the month) or „15.09.2026 Fachtag“
(TT.MM.JJJJ). Entries in another form stay in the catalogue's text but are not drawn; `problems`
names them.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from toolkit.massnahmenplanung.catalogue import MEASURES, NO_PERIOD, UNSERVED, _goals, records
from toolkit.plan import (
    Plan,
    Problem,
    as_date,
    cell_text,
    check_plan,
    goal_ids,
    is_number,
    ordered,
)
from toolkit.plan.checks import PLAUSIBLE_YEARS, plausible

MILESTONE = re.compile(r"(?:(\d{1,2})\.)?(\d{1,2})[./](\d{4})\s*(.*)", re.S)


# --- validation -----------------------------------------------------------------------------------

def problems(plan: Plan) -> list[Problem]:
    """`check_plan`'s findings on the sheet „Maßnahmen“ and on Handlungsziele without a measure, plus:
    Ende without Beginn (error), Beginn without Ende, a goal in another Handlungsfeld, Sachkosten
    without Finanzierung and unreadable Meilensteine (warnings)."""
    found = [p for p in check_plan(plan) if p.sheet == MEASURES or p.message.startswith(UNSERVED)]
    goals = _goals(plan)
    for row, measure in records(plan.massnahmen):
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
    costs = measure["Sachkosten (€)"]
    if is_number(costs) and costs > 0 and not cell_text(measure["Finanzierung"]):
        found.append(Problem(MEASURES, row, "Finanzierung", "Sachkosten ohne Finanzierung; wählen Sie eine "
                                                            "Finanzierungsquelle aus der Liste.", "warning"))
    found += [Problem(MEASURES, row, "Meilensteine", _milestone_problem(entry), "warning")
              for entry, when in _milestones(measure["Meilensteine"]) if when is None]
    return found


def _milestone_problem(entry: str) -> str:
    match = MILESTONE.fullmatch(entry)
    if match and not PLAUSIBLE_YEARS[0] <= int(match[3]) <= PLAUSIBLE_YEARS[1]:
        return (f"„{entry}“: Das Jahr {int(match[3])} ist unplausibel (erwartet {PLAUSIBLE_YEARS[0]} bis "
                f"{PLAUSIBLE_YEARS[1]}); der Meilenstein wird nicht gezeichnet.")
    return (f"„{entry}“ ist kein lesbarer Meilenstein; erwartet wird MM/JJJJ Text, mehrere getrennt durch „;“, "
            "z. B. „03/2026 Auftakt; 09/2026 Fachtag“.")


def _field_problems(row: int, measure: pd.Series, goals: dict[str, pd.Series]) -> list[Problem]:
    field = cell_text(measure["Handlungsfeld"])
    others = {g: cell_text(goals[g]["Handlungsfeld"]) for g in goal_ids(measure["Ziel-ID(s)"]) if g in goals}
    return [Problem(MEASURES, row, "Handlungsfeld", f"Die Maßnahme steht im Handlungsfeld „{field}“, ihr Ziel "
                                                    f"„{g}“ im Handlungsfeld „{other}“.", "warning")
            for g, other in others.items() if field and other and other != field]


def _milestones(cell) -> list[tuple[str, dt.date | None]]:
    """Each entry of a Meilensteine cell with its date (None where none can be read or it lies outside
    `PLAUSIBLE_YEARS`)."""
    out = []
    for entry in (e.strip() for e in re.split(r"[;\n]", cell_text(cell)) if e.strip()):
        match = MILESTONE.fullmatch(entry)
        try:
            when = dt.date(int(match[3]), int(match[2]), int(match[1] or 1)) if match else None
        except ValueError:
            when = None
        out.append((entry, when if when and plausible(when) else None))
    return out


def _period(measure: pd.Series) -> tuple[dt.date, dt.date] | None:
    """Beginn and Ende when both are valid dates within `PLAUSIBLE_YEARS`, in order; else None."""
    try:
        start, end = as_date(measure["Beginn"]), as_date(measure["Ende"])
    except (ValueError, TypeError, OverflowError):
        return None
    return (start, end) if start <= end and plausible(start) and plausible(end) else None


def implausible(measure: pd.Series) -> bool:
    """Whether Beginn or Ende is a date outside `PLAUSIBLE_YEARS` (the timeline leaves the measure out)."""
    for column in ("Beginn", "Ende"):
        try:
            if not plausible(as_date(measure[column])):
                return True
        except (ValueError, TypeError, OverflowError):
            pass
    return False
