"""Stage 3's static views for notebook and handout: goal trees, SMART table, targets, baselines, problems.

    views.show_trees(stage); views.show_smart(stage); views.show_targets(stage)
"""
from __future__ import annotations

from IPython.display import Markdown, display

from toolkit import fmt, plan, show
from toolkit.markup import md
from toolkit.zielfindung.checks import smart_table
from toolkit.zielfindung.criteria import CRITERIA
from toolkit.zielfindung.stage import Stage
from toolkit.zielfindung.target import target_figure
from toolkit.zielfindung.trees import tree_fields, tree_figure

NO_GOALS = "Die Planungsmappe enthält noch keine Ziele."
NO_TARGETS = "Die Planungsmappe enthält noch keine Handlungsziele."


# --- static report --------------------------------------------------------------------------------

def show_trees(stage: Stage) -> None:
    """One goal tree per Handlungsfeld that has goals, then one of the goals without a valid Handlungsfeld."""
    fields = tree_fields(stage.plan)
    if not fields:
        display(Markdown(f"*{NO_GOALS}*"))
    for field in fields:
        display(Markdown(f"### {md(str(field))}"))
        show.figure(tree_figure(stage.plan, field, series=stage.series, today=stage.today), NO_GOALS)


def show_smart(stage: Stage) -> None:
    """The SMART table with the criteria as letters (the notebook text explains them), so it fits A4, and the
    day target dates were judged against."""
    table = smart_table(stage.plan, stage.series, stage.today, stage.gaps)
    show.table(table.rename(columns={v: k for k, v in CRITERIA.items()}), NO_TARGETS)
    display(Markdown(f"*Stichtag der Prüfung „terminiert“: {fmt.date(stage.today)}.*"))


def show_targets(stage: Stage) -> None:
    """For every Handlungsziel whose indicator the data folder has: its series with baseline and target;
    the others (own indicators, missing tables) by name."""
    ziele = stage.plan.ziele
    goals_with = ziele[(ziele["Ebene"] == "Handlungsziel") & ziele["Indikator"].notna()]
    drawn = goals_with["Indikator"].map(plan.cell_text).isin(stage.series)
    for _, goal in goals_with[drawn].iterrows():
        display(Markdown(f"**{md(plan.cell_text(goal['ID']))}** – {md(plan.cell_text(goal['Zieltext']))}"))
        show.figure(target_figure(goal, stage.series), "")
    others = [f"{plan.cell_text(g['ID'])} ({plan.cell_text(g['Indikator'])})" for _, g in goals_with[~drawn].iterrows()]
    if others or goals_with.empty:
        display(Markdown(md(
            f"Ohne Zeitreihe aus dem Datenordner (eigener Indikator, oder die Tabelle fehlt oder passt nicht – "
            f"siehe „Basiswerte aus den Daten“): {', '.join(others)}." if others
            else "Kein Handlungsziel nennt bisher einen Indikator.")))


def show_baselines(stage: Stage) -> None:
    named = stage.plan.ziele["Indikator"].map(plan.cell_text).ne("").any()
    display(Markdown("\n".join(f"- {md(line)}" for line in stage.baselines)
                     or ("*Alle Ziele mit Indikator haben schon einen Basiswert.*" if named
                         else "*Kein Ziel nennt bisher einen Indikator.*")))


def show_problems(stage: Stage) -> None:
    """The workbook's problems outside the measures (those belong to stage 4)."""
    show.problems([p for p in plan.check_plan(stage.workbook.plan) if p.sheet not in ("Maßnahmen", "Sachstand")])
