"""Stage 4 „Maßnahmenplanung“: the Maßnahmenkatalog of a planning workbook and its exports.

    from toolkit import massnahmenplanung, plan
    p = plan.load_plan("planung.xlsx")
    massnahmenplanung.problems(p)                  # what `check_plan` finds about measures, plus the rules here
    massnahmenplanung.catalogue_table(p, "HF3")    # German display table of one Handlungsfeld (name or ID)
    massnahmenplanung.gantt_figure(p); massnahmenplanung.budget(p); massnahmenplanung.overview(p)
    print(massnahmenplanung.justification(p, "HF3-M1"))
    massnahmenplanung.to_word(p, "katalog.docx"); massnahmenplanung.to_html(p, "katalog.html")

The room: `catalogue` (display tables), `costs` (budget), `checks`, `chains` (Begründungsketten),
`figures`, `exports` (Word, HTML, Excel), `views` (static output for notebook and handout) and `app`
(the Voila form).
"""
from toolkit.massnahmenplanung.catalogue import (
    COSTS_TOTAL,
    NO_FIELD,
    STAFF,
    UNSERVED,
    by_field,
    catalogue_table,
    catalogue_tables,
    overview,
)
from toolkit.massnahmenplanung.chains import justification, justifications
from toolkit.massnahmenplanung.checks import problems
from toolkit.massnahmenplanung.costs import budget, budget_text
from toolkit.massnahmenplanung.exports import EXPORTS, export, to_excel, to_html, to_word
from toolkit.massnahmenplanung.figures import budget_figure, gantt_figure, gantt_pages

__all__ = [
    "COSTS_TOTAL", "NO_FIELD", "STAFF", "UNSERVED", "by_field", "catalogue_table", "overview",
    "justification", "justifications", "problems", "budget", "budget_text", "EXPORTS", "export", "to_excel",
    "to_html", "to_word", "budget_figure", "gantt_figure", "gantt_pages", "catalogue_tables",
]
