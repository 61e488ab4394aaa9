"""Stage 4's static views for notebook and handout: overview, catalogue, Gantt chart, budget, problems,
justification chains.

    views.show_catalogue(workbook); views.show_budget(workbook)
"""
from __future__ import annotations

from collections.abc import Mapping

from IPython.display import Markdown, display

from toolkit import plan, show, workspace
from toolkit.markup import md
from toolkit.massnahmenplanung.catalogue import NO_FIELD, by_field, catalogue_table, overview
from toolkit.massnahmenplanung.chains import justifications
from toolkit.massnahmenplanung.checks import problems
from toolkit.massnahmenplanung.costs import budget_text
from toolkit.massnahmenplanung.figures import budget_figure, gantt_pages

NO_MEASURES = "Die Planungsmappe enthält noch keine Maßnahmen."


# --- static report --------------------------------------------------------------------------------

#: The catalogue's columns that fit an A4 portrait page; the exports (A4 landscape) have all.
PORTRAIT = ["ID", "Maßnahme", "Ziel(e)", "Federführung / Partner", "Zeitraum", "Sachkosten", "Finanzierung",
            "Priorität"]


def show_catalogue(workbook: workspace.Workbook) -> None:
    """The Maßnahmenkatalog, one table per Handlungsfeld that has measures (the columns of `PORTRAIT`), then the
    measures without a valid Handlungsfeld (with the one typed)."""
    groups = by_field(workbook.plan)
    if not groups:
        display(Markdown(f"*{NO_MEASURES}*"))
    for field, _ in groups:
        display(Markdown(f"### {md(field)}"))
        columns = PORTRAIT[:1] + ["Handlungsfeld"] * (field == NO_FIELD) + PORTRAIT[1:]
        show.table(catalogue_table(workbook.plan, field)[columns], NO_MEASURES)


def _none_yet(workbook: workspace.Workbook) -> bool:
    """An empty catalogue: say so once instead of a table of zeros or an empty chart."""
    if workbook.plan.massnahmen.empty:
        display(Markdown(f"*{NO_MEASURES}*"))
    return workbook.plan.massnahmen.empty


def show_gantt(workbook: workspace.Workbook) -> None:
    """The Zeitplan, a figure per A4 landscape page (a plan of thousands of measures prints, page by page)."""
    if not _none_yet(workbook):
        for page in gantt_pages(workbook.plan):
            show.figure(page, NO_MEASURES)


def show_budget(workbook: workspace.Workbook) -> None:
    if not _none_yet(workbook):
        show.table(budget_text(workbook.plan), NO_MEASURES)
        show.figure(budget_figure(workbook.plan), NO_MEASURES)


def show_overview(workbook: workspace.Workbook) -> None:
    if not _none_yet(workbook):
        show.table(overview(workbook.plan), NO_MEASURES)


def show_problems(workbook: workspace.Workbook) -> None:
    show.problems(problems(workbook.plan))


def show_justifications(workbook: workspace.Workbook, measure_ids: str = "",
                        gaps: Mapping[str, str] | None = None) -> None:
    """The justification chain of the measures named (comma-separated ids), or of all; `gaps` (gap ID → reason,
    `toolkit.zielfindung.known_gaps`) gives the gaps the goals cite their reason."""
    texts = justifications(workbook.plan, plan.goal_ids(measure_ids) or None, gaps)
    if not texts:
        display(Markdown(f"*{NO_MEASURES}*"))
    for text in texts:
        display(Markdown(text))
