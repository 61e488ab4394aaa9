"""Stage 4's training app under Voila: the measures form with its checks and the justification chain.

    app.form(workbook, gaps)    # Voila: the form (returned, for tests); elsewhere nothing

`gaps` (gap ID → reason, `toolkit.zielfindung.known_gaps`; None without a Bestandsanalyse) gives the gaps the
goals cite their reason sentence in the chain.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping

import mistune
from IPython.display import Markdown, display

from toolkit import plan, workspace
from toolkit.apps import in_voila
from toolkit.apps.form import Editor
from toolkit.massnahmenplanung.chains import justification
from toolkit.massnahmenplanung.checks import problems


def form(workbook: workspace.Workbook, gaps: Mapping[str, str] | None = None) -> Editor | None:
    """Under Voila the measures form (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(workspace.location_note(workbook.path)))
    editor = Editor(workbook.path, "massnahmen", "Titel", problems=problems,
                            feedback=functools.partial(justification_html, gaps=gaps), loaded=workbook.plan,
                            suggest_id=lambda p, v: plan.next_measure_id(p, v["Handlungsfeld"]))
    display(editor.widget)
    return editor


def justification_html(candidate: plan.Plan, row: int, gaps: Mapping[str, str] | None = None) -> str:
    """The justification chain (Daten → Bedarf → Lücke → Ziel → Maßnahme) of the measure in `row`."""
    ident = plan.cell_text(candidate.massnahmen.at[row, "ID"])
    if not ident:
        return "<p><i>Mit einer ID zeigt sich hier die Begründung der Maßnahme.</i></p>"
    return f"<div class='ikpe-begruendung'>{mistune.html(justification(candidate, ident, gaps))}</div>"
