"""Stage 4's training app under Voila: the measures form with its checks and the justification chain.

    app.form(workbook)      # Voila: the form (returned, for tests); elsewhere nothing
"""
from __future__ import annotations

import mistune
from IPython.display import Markdown, display

from toolkit import plan, workspace
from toolkit.apps import in_voila
from toolkit.apps.form import Editor
from toolkit.massnahmenplanung.chains import justification
from toolkit.massnahmenplanung.checks import problems


def form(workbook: workspace.Workbook) -> Editor | None:
    """Under Voila the measures form (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(workspace.location_note(workbook.path)))
    editor = Editor(workbook.path, "massnahmen", "Titel", problems=problems,
                            feedback=justification_html, loaded=workbook.plan,
                            suggest_id=lambda p, v: plan.next_measure_id(p, v["Handlungsfeld"]))
    display(editor.widget)
    return editor


def justification_html(candidate: plan.Plan, row: int) -> str:
    """The justification chain (Daten → Bedarf → Ziel → Maßnahme) of the measure in `row`."""
    ident = plan.cell_text(candidate.massnahmen.at[row, "ID"])
    if not ident:
        return "<p><i>Mit einer ID zeigt sich hier die Begründung der Maßnahme.</i></p>"
    return f"<div class='ikpe-begruendung'>{mistune.html(justification(candidate, ident))}</div>"
