"""Module 3 „Zielfindung“ in the notebook: the static goal report, and under Voila the goals form.

    stage = zielfindung.prepare(data_dir, district_code, reference_year, plan_file, heute)
    zielfindung.app(stage)          # Voila: form for goals with SMART feedback; elsewhere nothing
    zielfindung.show_trees(stage); zielfindung.show_smart(stage); zielfindung.show_targets(stage)

The report works on a copy of the plan whose empty baselines are filled from the data (`baselines`
says what was filled); the workbook itself changes only through the form.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown, display

from toolkit import fmt, goals, plan
from toolkit.apps import in_voila, planung
from toolkit.config import DEMO_DISTRICT
from toolkit.datenanalyse.views import show_figure

NO_GOALS = "Die Planungsmappe enthält noch keine Ziele."
#: Names of the SMART criteria and of the finding on a Leit-/Mittlerziel's place in the tree.
LABELS = {**goals.CRITERIA, goals.POSITION: "Einordnung"}


@dataclass
class Stage:
    workbook: planung.Workbook
    plan: plan.Plan                 # the workbook's plan, baselines filled from the data
    series: dict[str, pd.Series]    # the district's indicator values by year
    year: int
    baselines: list[str]            # German lines: which baselines were filled, which could not be
    reasons: dict[str, str]         # why a catalogue indicator has no values here (goals.unavailable)
    today: dt.date                  # „heute“ of the SMART check T (goals.reference_date)


def prepare(data_dir, district_code: str, reference_year: int, plan_file="", heute="") -> Stage:
    """The district's indicator series and its plan (see `planung.prepare`), baselines filled for the report;
    target dates are judged against `heute` (TT.MM.JJJJ or JJJJ-MM-TT; "" = today, for the demo district its
    plan's Stand)."""
    series = goals.district_series(data_dir, district_code)
    reasons = goals.unavailable(data_dir, district_code)
    workbook = planung.prepare(data_dir, district_code, plan_file)
    today = goals.reference_date(heute, demo=workbook.district_code == DEMO_DISTRICT)
    filled = copy.deepcopy(workbook.plan)
    lines = goals.fill_baselines(filled, series, reference_year, reasons)
    return Stage(workbook, filled, series, reference_year, lines, reasons, today)


def sources(stage: Stage) -> tuple[list[str], str]:
    """Title-block source lines (the workbook, the statistics of the indicators the goals name) and licence."""
    used = {plan.cell_text(i) for i in stage.plan.ziele["Indikator"]} & set(stage.series)
    parts = dict.fromkeys(part.strip() for i in sorted(used)
                          for part in stage.series[i].attrs.get("source", "").split(";"))
    licences = [part for part in parts if "lizenz" in part.lower()]
    lines = [stage.workbook.source_line(), *(part for part in parts if part and part not in licences)]
    return lines, "; ".join(licences)


def app(stage: Stage) -> planung.Editor | None:
    """Under Voila the goals form (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(planung.location_note(stage.workbook.path)))
    editor = planung.Editor(stage.workbook.path, "ziele", "Zieltext", feedback=lambda p, row: smart_html(stage, p, row),
                            loaded=stage.workbook.plan, suggest_id=lambda p, v: goals.next_id(
                                p, v["Ebene"], v["Übergeordnetes Ziel"], v["Handlungsfeld"]))
    display(editor.widget)
    return editor


def smart_html(stage: Stage, candidate: plan.Plan, row: int) -> str:
    """SMART findings for the goal in `row` of `candidate`, and the baseline the data would give."""
    goal = candidate.ziele.loc[row]
    findings = goals.smart(goal.to_dict(), candidate, stage.series, stage.today)
    items = "".join(f"<li>{goals.SYMBOLS[f.severity]} <b>{LABELS.get(f.criterion, f.criterion)}</b>: "
                    f"{html.escape(f.message)}</li>" for f in findings)
    single = copy.copy(candidate)
    single.ziele = candidate.ziele.loc[[row]].copy()
    hint = "".join(f"<p><i>Aus den Daten:</i> {html.escape(line.split(': ', 1)[-1])}</p>"
                   for line in goals.fill_baselines(single, stage.series, stage.year, stage.reasons, goals.PROPOSED))
    return f"<p><b>SMART-Prüfung:</b></p><ul class='ikpe-smart'>{items}</ul>{hint}" if items else hint


# --- static report --------------------------------------------------------------------------------

def show_trees(stage: Stage) -> None:
    """One goal tree per Handlungsfeld that has goals, then one of the goals without a valid Handlungsfeld."""
    fields = goals.tree_fields(stage.plan)
    if not fields:
        display(Markdown(f"*{NO_GOALS}*"))
    for field in fields:
        display(Markdown(f"### {planung.md(str(field))}"))
        show_figure(goals.tree_figure(stage.plan, field, series=stage.series, today=stage.today), NO_GOALS)


def show_smart(stage: Stage) -> None:
    """The SMART table with the criteria as letters (the notebook text explains them), so it fits A4, and the
    day target dates were judged against."""
    table = goals.smart_table(stage.plan, stage.series, stage.today)
    planung.show_table(table.rename(columns={v: k for k, v in goals.CRITERIA.items()}),
                       "Die Planungsmappe enthält noch keine Handlungsziele.")
    display(Markdown(f"*Stichtag der Prüfung „terminiert“: {fmt.date(stage.today)}.*"))


def show_targets(stage: Stage) -> None:
    """For every Handlungsziel whose indicator the data folder has: its series with baseline and target;
    the others (own indicators, missing tables) by name."""
    ziele = stage.plan.ziele
    goals_with = ziele[(ziele["Ebene"] == "Handlungsziel") & ziele["Indikator"].notna()]
    drawn = goals_with["Indikator"].map(plan.cell_text).isin(stage.series)
    for _, goal in goals_with[drawn].iterrows():
        display(Markdown(f"**{planung.md(plan.cell_text(goal['ID']))}** – {planung.md(plan.cell_text(goal['Zieltext']))}"))
        show_figure(goals.target_figure(goal, stage.series), "")
    others = [f"{plan.cell_text(g['ID'])} ({plan.cell_text(g['Indikator'])})" for _, g in goals_with[~drawn].iterrows()]
    if others or goals_with.empty:
        display(Markdown(planung.md(
            f"Ohne Zeitreihe aus dem Datenordner (eigener Indikator, oder die Tabelle fehlt oder passt nicht – "
            f"siehe „Basiswerte aus den Daten“): {', '.join(others)}." if others
            else "Kein Handlungsziel nennt bisher einen Indikator.")))


def show_baselines(stage: Stage) -> None:
    named = stage.plan.ziele["Indikator"].map(plan.cell_text).ne("").any()
    display(Markdown("\n".join(f"- {planung.md(line)}" for line in stage.baselines)
                     or ("*Alle Ziele mit Indikator haben schon einen Basiswert.*" if named
                         else "*Kein Ziel nennt bisher einen Indikator.*")))


def show_problems(stage: Stage) -> None:
    """The workbook's problems outside the measures (those belong to stage 4)."""
    planung.show_problems([p for p in plan.check_plan(stage.workbook.plan) if p.sheet not in ("Maßnahmen", "Status")])
