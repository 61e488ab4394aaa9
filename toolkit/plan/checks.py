"""`ikpe plan check`: every cell against its column's kind, references, empty sheets, goals, measures, status."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from toolkit import fmt, indicators
from toolkit.plan.cells import as_date, cell_text, goal_ids, is_number
from toolkit.plan.schema import (
    ACTOR_REF,
    EBENEN,
    GOAL_REF,
    GREMIUM_REF,
    HF_REF,
    INDICATOR_REF,
    MEASURE_REF,
    SHEETS,
    Column,
    Plan,
    Problem,
    Sheet,
)

#: Years a date of a plan may lie in: a plan runs a few years, a baseline lies a few decades back. A date outside
#: (31.12.9999 for „open-ended“, 01.01.0001 from an emptied Excel cell) is a finding; timeline and budget leave it out.
PLAUSIBLE_YEARS = (1990, 2100)


def plausible(date: dt.date) -> bool:
    """Whether a date lies within `PLAUSIBLE_YEARS`."""
    return PLAUSIBLE_YEARS[0] <= date.year <= PLAUSIBLE_YEARS[1]


def implausible_text(date: dt.date) -> str:
    """The German finding about a date outside `PLAUSIBLE_YEARS`."""
    low, high = PLAUSIBLE_YEARS
    return (f"Das Datum {date:%d.%m.}{date.year:04d} ist unplausibel; erwartet wird ein Datum zwischen {low} und "
            f"{high}. Zeitplan und Budget lassen es aus. Für eine Daueraufgabe ohne festes Ende lassen Sie das Ende "
            "leer oder tragen das Ende der Förderperiode ein.")


# --- checking -------------------------------------------------------------------------------------

def check_plan(plan: Plan) -> list[Problem]:
    """Every problem of the plan, sheet by sheet: errors the plan cannot go out with, warnings to look at."""
    refs = {HF_REF: {cell_text(v) for v in plan.handlungsfelder["Handlungsfeld"]},
            GOAL_REF: {cell_text(v) for v in plan.ziele["ID"]},
            INDICATOR_REF: {i.id for i in indicators.catalogue()} | {cell_text(v) for v in plan.indikatoren["ID"]},
            ACTOR_REF: {cell_text(v) for v in plan.akteure["ID"]},
            GREMIUM_REF: {cell_text(v) for v in plan.gremien["ID"]},
            MEASURE_REF: {cell_text(v) for v in [*plan.massnahmen["ID"], *plan.ziele["ID"]]}}
    problems = []
    for key, sheet in SHEETS.items():
        problems += _check_cells(getattr(plan, key), sheet, refs)
    return ordered(problems + _check_empty(plan) + _check_goals(plan) + _check_measures(plan) + _check_sachstand(plan))


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems without repeats, in the workbook's order: sheet, row, column."""
    order = {sheet.title: (i, sheet.headers) for i, sheet in enumerate(SHEETS.values())}

    def position(p: Problem) -> tuple:
        sheet, headers = order[p.sheet]
        return sheet, p.row or 0, headers.index(p.column) if p.column in headers else len(headers)
    return sorted(dict.fromkeys(problems), key=position)


def _check_cells(table: pd.DataFrame, sheet: Sheet, refs: dict) -> list[Problem]:
    problems = []
    for column in sheet.columns:
        seen = {}
        for row, value in table[column.header].items():
            message = _cell_problem(column, value, refs, seen.get(cell_text(value)))
            if column.kind == "id":
                seen.setdefault(cell_text(value), row)
            if message:
                problems.append(Problem(sheet.title, row, column.header, message))
    return problems


def _cell_problem(column: Column, value, refs: dict, first_row: int | None) -> str | None:
    text = cell_text(value)
    if not text:
        return "Die ID fehlt." if column.kind == "id" else "Pflichtangabe fehlt." if column.required else None
    if column.kind == "id" and first_row:
        return f"Die ID „{text}“ steht schon in Zeile {first_row}; jede ID darf nur einmal vorkommen."
    if column.kind == "date":
        try:
            date = as_date(value)
        except ValueError:
            return f"„{text}“ ist kein gültiges Datum; erwartet wird TT.MM.JJJJ, z. B. 01.03.2026."
        if not plausible(date):
            return implausible_text(date)
    if column.kind in ("amount", "number") and not is_number(value):
        return f"„{text}“ ist keine Zahl; tragen Sie eine Zahl ohne Einheit ein (Formeln werden nicht ausgewertet)."
    if column.kind == "amount" and value < 0:
        return f"{text} ist negativ; erwartet wird eine Zahl ab 0."
    low, high = column.bounds
    if column.kind == "whole" and not (is_number(value) and float(value).is_integer() and low <= value <= high):
        return f"„{text}“ ist keine ganze Zahl von {low} bis {high}."
    if column.kind == "choice" and text not in column.choices:
        return f"„{text}“ steht nicht in der Liste; erlaubt: {', '.join(column.choices)}."
    if column.kind == "ref" and text not in refs[column.choices]:
        return f"„{text}“ steht nicht im Blatt „{column.choices[0]}“."
    return None


#: What an empty sheet asks the learner to do next (an empty plan is not complete).
EMPTY_SHEETS = {
    "ziele": "Die Planungsmappe enthält noch keine Ziele. Tragen Sie je Handlungsfeld ein Leitziel ein, darunter "
             "Mittler- und Handlungsziele – in Excel oder in der Trainings-App „Zielfindung“ (Stufe 3).",
    "massnahmen": "Die Planungsmappe enthält noch keine Maßnahmen. Tragen Sie ein, was die Handlungsziele "
                  "umsetzen soll – in Excel oder in der Trainings-App „Maßnahmenplanung“ (Stufe 4).",
}


def _check_empty(plan: Plan) -> list[Problem]:
    return [Problem(SHEETS[key].title, None, None, text, "warning")
            for key, text in EMPTY_SHEETS.items() if getattr(plan, key).empty]


def _check_goals(plan: Plan) -> list[Problem]:
    goals = plan.ziele
    level = {cell_text(i): cell_text(e) for i, e in zip(goals["ID"], goals["Ebene"])}
    served = {g for cell in plan.massnahmen["Ziel-ID(s)"] for g in goal_ids(cell)}
    problems = []
    for row, goal in zip(goals.index, goals.to_dict("records")):        # dicts: a Series per row costs more
        own, parent = cell_text(goal["Ebene"]), cell_text(goal["Übergeordnetes Ziel"])
        if own not in EBENEN:
            continue
        above = EBENEN[EBENEN.index(own) - 1] if own != EBENEN[0] else None
        if parent and not above:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    "Ein Leitziel hat kein übergeordnetes Ziel."))
        elif above and not parent:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    f"Dieses {own} hängt an keinem {above}.", "warning"))
        elif parent in level and level[parent] != above:
            problems.append(Problem("Ziele", row, "Übergeordnetes Ziel",
                                    f"„{parent}“ ist ein {level[parent] or 'Ziel ohne Ebene'}; "
                                    f"ein {own} gehört unter ein {above}."))
        if own == "Handlungsziel" and cell_text(goal["ID"]) and cell_text(goal["ID"]) not in served:
            problems.append(Problem("Ziele", row, "ID", "Keine Maßnahme dient diesem Handlungsziel; "
                                    "tragen Sie seine ID bei mindestens einer Maßnahme unter „Ziel-ID(s)“ ein."))
    return problems


def _check_measures(plan: Plan) -> list[Problem]:
    level = {cell_text(i): cell_text(e) for i, e in zip(plan.ziele["ID"], plan.ziele["Ebene"])}
    problems = []
    for row, measure in zip(plan.massnahmen.index, plan.massnahmen.to_dict("records")):
        targets = goal_ids(measure["Ziel-ID(s)"])
        problems += [Problem("Maßnahmen", row, "Ziel-ID(s)", f"Ein Ziel „{g}“ gibt es im Blatt „Ziele“ nicht.")
                     for g in targets if g not in level]
        if targets and all(level.get(g) in ("Leitziel", "Mittlerziel") for g in targets):
            problems.append(Problem("Maßnahmen", row, "Ziel-ID(s)", "Die Maßnahme dient keinem Handlungsziel; "
                                    "Maßnahmen setzen Handlungsziele um.", "warning"))
        try:
            start, end = as_date(measure["Beginn"]), as_date(measure["Ende"])
        except ValueError:
            continue
        if start > end:
            problems.append(Problem("Maßnahmen", row, "Ende", f"Das Ende ({fmt.date(end)}) liegt vor dem Beginn "
                                    f"({fmt.date(start)})."))
    return problems


def _check_sachstand(plan: Plan) -> list[Problem]:
    """A Sachstand row belongs to a measure (a goal's row, from the first version's „Status“ sheet, is kept and
    named); an Ampel set by hand says why."""
    sheet, goals = SHEETS["sachstand"].title, {cell_text(v) for v in plan.ziele["ID"]} - {""}
    log = plan.sachstand
    problems = [Problem(sheet, row, "Maßnahme-ID", f"„{cell_text(value)}“ ist ein Ziel, keine Maßnahme; der "
                        "Sachstand gilt Maßnahmen, der Stand eines Ziels kommt im Monitoring aus seinem Indikator.",
                        "warning")
                for row, value in log["Maßnahme-ID"].items() if cell_text(value) in goals]
    return problems + [Problem(sheet, row, "Ampel-Begründung", "Die Ampel ist von Hand gesetzt; sagen Sie in "
                               "„Ampel-Begründung“, warum sie von der berechneten abweicht.", "warning")
                       for row, light, why in zip(log.index, log["Ampel"], log["Ampel-Begründung"])
                       if cell_text(light) and not cell_text(why)]
