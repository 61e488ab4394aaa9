"""Module 4 „Maßnahmenplanung“ in the notebook: the static Maßnahmenkatalog, and under Voila the measures form.

    workbook = planung.prepare(data_dir, district_code, plan_file)
    massnahmenplanung.app(workbook)     # Voila: form for measures with validation and justification
    massnahmenplanung.show_catalogue(workbook); massnahmenplanung.show_budget(workbook)
"""
from __future__ import annotations

import mistune
from IPython.display import Markdown, display

from toolkit import measures, plan
from toolkit.apps import in_voila, planung
from toolkit.datenanalyse.views import show_figure

NO_MEASURES = "Die Planungsmappe enthält noch keine Maßnahmen."


def app(workbook: planung.Workbook) -> planung.Editor | None:
    """Under Voila the measures form (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(planung.location_note(workbook.path)))
    editor = planung.Editor(workbook.path, "massnahmen", "Titel", problems=measures.problems,
                            feedback=justification_html, loaded=workbook.plan,
                            suggest_id=lambda p, v: measures.next_id(p, v["Handlungsfeld"]))
    display(editor.widget)
    return editor


def justification_html(candidate: plan.Plan, row: int) -> str:
    """The justification chain (Daten → Bedarf → Ziel → Maßnahme) of the measure in `row`."""
    ident = plan.cell_text(candidate.massnahmen.at[row, "ID"])
    if not ident:
        return "<p><i>Mit einer ID zeigt sich hier die Begründung der Maßnahme.</i></p>"
    return f"<div class='ikpe-begruendung'>{mistune.html(measures.justification(candidate, ident))}</div>"


# --- static report --------------------------------------------------------------------------------

#: The catalogue's columns that fit an A4 portrait page; the exports (A4 landscape) have all.
PORTRAIT = ["ID", "Maßnahme", "Ziel(e)", "Federführung / Partner", "Zeitraum", "Sachkosten", "Finanzierung",
            "Priorität"]


def show_catalogue(workbook: planung.Workbook) -> None:
    """The Maßnahmenkatalog, one table per Handlungsfeld that has measures (the columns of `PORTRAIT`), then the
    measures without a valid Handlungsfeld (with the one typed)."""
    groups = measures.by_field(workbook.plan)
    if not groups:
        display(Markdown(f"*{NO_MEASURES}*"))
    for field, _ in groups:
        display(Markdown(f"### {planung.md(field)}"))
        columns = PORTRAIT[:1] + ["Handlungsfeld"] * (field == measures.NO_FIELD) + PORTRAIT[1:]
        planung.show_table(measures.catalogue_table(workbook.plan, field)[columns], NO_MEASURES)


def _none_yet(workbook: planung.Workbook) -> bool:
    """An empty catalogue: say so once instead of a table of zeros or an empty chart."""
    if workbook.plan.massnahmen.empty:
        display(Markdown(f"*{NO_MEASURES}*"))
    return workbook.plan.massnahmen.empty


def show_gantt(workbook: planung.Workbook) -> None:
    if not _none_yet(workbook):
        show_figure(measures.gantt_figure(workbook.plan), NO_MEASURES)


def show_budget(workbook: planung.Workbook) -> None:
    if not _none_yet(workbook):
        planung.show_table(measures.budget_text(workbook.plan), NO_MEASURES)
        show_figure(measures.budget_figure(workbook.plan), NO_MEASURES)


def show_overview(workbook: planung.Workbook) -> None:
    if not _none_yet(workbook):
        planung.show_table(measures.overview(workbook.plan), NO_MEASURES)


def show_problems(workbook: planung.Workbook) -> None:
    planung.show_problems(measures.problems(workbook.plan))


def show_justifications(workbook: planung.Workbook, measure_ids: str = "") -> None:
    """The justification chain of the measures named (comma-separated ids), or of all."""
    wanted = plan.goal_ids(measure_ids) or [plan.cell_text(i) for i in workbook.plan.massnahmen["ID"] if plan.cell_text(i)]
    if not wanted:
        display(Markdown(f"*{NO_MEASURES}*"))
    for ident in wanted:
        display(Markdown(measures.justification(workbook.plan, ident)))
