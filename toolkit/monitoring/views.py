"""Stage 5's static views for notebook and handout (chapter „Umsetzung und Monitoring“): the Ampel per
Handlungsfeld, the measures with their lights and sentences, the goals' course with the indicator charts, the
rules in words. HTML tables, PNG images and Markdown only, so the chapter prints.

    views.show_overview(stage); views.show_measures(stage); views.show_course(stage); views.show_rules(stage)

The HTML pieces (`overview_html`, `measures_html`) are shared with the app, which redraws them after a save.
"""
from __future__ import annotations

import re

import pandas as pd
from IPython.display import HTML, Markdown, display

from toolkit import fmt, markup, plan, show
from toolkit.markup import md
from toolkit.monitoring import figures, regeln
from toolkit.monitoring.stage import Stage

NO_MEASURES = ("Die Planungsmappe enthält noch keine Maßnahmen. Tragen Sie sie in Modul 4 (Maßnahmenplanung) ein; "
               "dann zeigt dieses Kapitel ihren Sachstand und ihre Ampel.")
NO_GOALS = "Kein Handlungsziel nennt bisher einen Indikator."
#: Colour of each light (plan.AMPEL) in tables: a dot before the word, so a grey print still reads the word.
COLOURS = {"grün": "#2e7d32", "gelb": "#f9a825", "rot": "#c62828", "grau": "#9e9e9e"}
#: The measures' columns in the chapter (A4 portrait); the Umsetzungsbericht has more.
MEASURE_COLUMNS = ["Titel", "Federführung", "Status", "Fortschritt (%)", "Datum", "Ampel", "Satz"]
COURSE_COLUMNS = ["Indikator", "Basis", "Ziel", "Ist", "Soll", "Kurs"]


# --- HTML pieces (also the app's) -------------------------------------------------------------------

def coloured_word(light: str) -> str:
    """A light's word (plan.AMPEL) as HTML with its coloured dot; anything else escaped as it is."""
    if light not in COLOURS:
        return markup.html(light or fmt.EMPTY)
    slug = light.translate(str.maketrans({"ü": "ue"}))
    return f"<span class='ikpe-ampel ikpe-ampel-{slug}' style='color:{COLOURS[light]}'>●</span> {light}"


def coloured(table_html: str) -> str:
    """A table's cells that hold just a light's word get its coloured dot."""
    return re.sub(r"(<td [^>]*>)(grün|gelb|rot|grau)</td>", lambda m: f"{m[1]}{coloured_word(m[2])}</td>",
                  table_html)


def light_table(frame: pd.DataFrame, css: str = "") -> str:
    """`frame` (its named index as first column) as an HTML table with coloured lights."""
    shown = frame.reset_index() if frame.index.name else frame
    return coloured(markup.table(shown, css=f"ikpe-tabelle ikpe-plan {css}".strip()))


def overview_table(stage: Stage) -> pd.DataFrame:
    """The Ampel per Handlungsfeld: how many measures show each light, the field's light and its sentence."""
    fields = stage.fields[[c for c in ("Ampel", *plan.AMPEL, "Satz") if c in stage.fields.columns]].copy()
    fields.index.name = "Handlungsfeld"
    return fields


def overview_html(stage: Stage) -> str:
    if stage.fields.empty:
        return f"<p><i>{markup.html(NO_MEASURES)}</i></p>"
    return light_table(overview_table(stage), "ikpe-ampel-felder")


def measures_by_field(stage: Stage) -> list[tuple[str, pd.DataFrame]]:
    """(Handlungsfeld, its measures with light and sentence) in the order of the sheet „Handlungsfelder“, then the
    measures without a valid Handlungsfeld."""
    table, field = _measures(stage)
    return [(name, table[field == name]) for name in _field_order(stage, field)]


def _measures(stage: Stage) -> tuple[pd.DataFrame, pd.Series]:
    lights = stage.lights
    table = lights[[c for c in MEASURE_COLUMNS if c in lights.columns]].copy()
    table.index.name = "ID"
    known = {plan.cell_text(f) for f in stage.plan.handlungsfelder["Handlungsfeld"]} - {""}
    field = lights["Handlungsfeld"].map(plan.cell_text)
    return table, field.where(field.isin(known), plan.NO_FIELD)


def _field_order(stage: Stage, field: pd.Series) -> list[str]:
    """The Handlungsfelder that have measures, in the order of their sheet, then `plan.NO_FIELD`."""
    names = [plan.cell_text(f) for f in stage.plan.handlungsfelder["Handlungsfeld"]] + [plan.NO_FIELD]
    used = set(field)
    return [name for name in dict.fromkeys(names) if name in used]


def measures_html(stage: Stage) -> str:
    """The measures' tables per Handlungsfeld, rendered as one table and cut by field (one render, not one per
    field: the app redraws it after every save)."""
    table, field = _measures(stage)
    if table.empty:
        return f"<p><i>{markup.html(NO_MEASURES)}</i></p>"
    text = light_table(table, "ikpe-ampel-massnahmen")
    start, end = text.index("<tbody>") + len("<tbody>"), text.rindex("</tbody>")
    rows = re.findall(r"<tr>.*?</tr>", text[start:end], flags=re.S)
    by_field: dict[str, list[str]] = {}
    for name, row in zip(field, rows):
        by_field.setdefault(name, []).append(row)
    return "".join(f"<h4>{markup.html(name)}</h4>{text[:start]}{''.join(by_field[name])}{text[end:]}"
                   for name in _field_order(stage, field))


def course_table(stage: Stage) -> pd.DataFrame:
    """The goals' course in short: indicator, baseline, target, latest value, the value on the path, Kurs."""
    course = stage.course
    rows = []
    for _, goal in course.iterrows():
        unit = plan.cell_text(goal.get("Einheit"))
        rows.append({
            "Indikator": plan.cell_text(goal.get("Bezeichnung")) or plan.cell_text(goal.get("Indikator")),
            "Basis": _at(goal.get("Basiswert"), unit, goal.get("Basisjahr")),
            "Ziel": _at(goal.get("Zielwert"), unit, goal.get("Zieldatum")),
            "Ist": _at(goal.get("Istwert"), unit, goal.get("Istjahr")),
            "Soll": _at(goal.get("Sollwert"), unit, None), "Kurs": plan.cell_text(goal.get("Kurs"))})
    table = pd.DataFrame(rows, columns=COURSE_COLUMNS, index=pd.Index(course.index, name="Ziel-ID"), dtype=object)
    return table


def _at(value, unit: str, when) -> str:
    """„12,5 % (2024)“: a value with its unit and, if known, its year or date."""
    if plan.is_empty(value) or not plan.is_number(value):
        return fmt.EMPTY if plan.is_empty(value) else str(value)
    text = fmt.value(value, unit)
    if plan.is_empty(when):
        return text
    if hasattr(when, "month"):
        return f"{text} ({fmt.date(when)})"
    return f"{text} ({int(when) if plan.is_number(when) else plan.cell_text(when)})"   # a year: 2024, not 2.024


# --- static report ----------------------------------------------------------------------------------

def show_stichtag(stage: Stage) -> None:
    source = "" if stage.series_dir.resolve() == stage.workbook.path.parent.resolve() else (
        f" Die Indikatorwerte stammen aus dem Datenordner „{md(stage.series_dir.name)}“.")
    display(Markdown(f"*Stichtag: {fmt.date(stage.stichtag)}. Gezählt sind die Sachstände bis zu diesem Tag.*"
                     f"{source}"))


def show_overview(stage: Stage) -> None:
    """The Ampel per Handlungsfeld."""
    display(HTML(overview_html(stage)))


def show_measures(stage: Stage) -> None:
    """One table per Handlungsfeld: every measure with its status, last Sachstand, light and sentence."""
    groups = measures_by_field(stage)
    if not groups:
        display(Markdown(f"*{NO_MEASURES}*"))
    for name, table in groups:
        display(Markdown(f"### {md(name)}"))
        display(HTML(light_table(table, "ikpe-ampel-massnahmen")))


def show_course(stage: Stage) -> None:
    """The goals' course as a table, then per goal its sentence and its indicator chart (series, baseline, path,
    target, measure starts)."""
    if stage.course.empty:
        display(Markdown(f"*{NO_GOALS}*"))
        return
    show.table(course_table(stage), NO_GOALS)
    for ident, goal in stage.course.iterrows():
        heading = f"**{md(ident)}** – {md(plan.cell_text(goal.get('Zieltext')))}"
        values = stage.series.get(plan.cell_text(goal.get("Indikator")))
        if values is None:   # no chart: its sentence says why
            display(Markdown(f"{heading}\n\n{md(plan.cell_text(goal.get('Satz')))}"))
            continue
        display(Markdown(heading))   # the chart carries the course's sentence
        show.figure(figures.indicator_chart(goal, values, stage.plan), "")


def show_goals(stage: Stage) -> None:
    """The Ampel per Handlungsziel (its indicator and its measures), with the sentence that explains it (the sentence
    counts the measures' lights, so the table fits A4 portrait)."""
    goals = stage.goals[[c for c in ("Kurs", "Ampel", "Satz") if c in stage.goals.columns]].copy()
    goals.index.name = "Ziel-ID"
    if goals.empty:
        display(Markdown(f"*{NO_GOALS}*"))
        return
    display(HTML(light_table(goals, "ikpe-ampel-ziele")))


def show_rules(stage: Stage) -> None:
    display(Markdown("\n".join(f"- {md(line)}" for line in regeln.describe(stage.regeln))))


def show_warnings(stage: Stage) -> None:
    """What the Sachstand log holds that does not count (a row without date …) and the plan's Sachstand problems."""
    lines = [*stage.latest.attrs.get("warnings", []), *stage.lights.attrs.get("warnings", []),
             *stage.course.attrs.get("warnings", [])]
    found = [p for p in plan.check_plan(stage.plan) if p.sheet == plan.SHEETS["sachstand"].title]
    lines += [str(p) for p in found]
    display(Markdown("\n".join(f"- {md(line)}" for line in dict.fromkeys(lines))
                     or "*Keine Hinweise zum Sachstand.*"))
