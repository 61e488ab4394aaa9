"""Stage 3's training app under Voila: the goals form with SMART feedback and the baseline the data give.

    app.form(stage)          # Voila: the form (returned, for tests); elsewhere nothing
"""
from __future__ import annotations

import copy

from IPython.display import Markdown, display

from toolkit import markup, plan, workspace
from toolkit.apps import in_voila
from toolkit.apps.form import Editor
from toolkit.zielfindung.baseline import PROPOSED, fill_baselines
from toolkit.zielfindung.checks import smart
from toolkit.zielfindung.criteria import CRITERIA, POSITION, SYMBOLS
from toolkit.zielfindung.stage import Stage

#: Names of the SMART criteria and of the finding on a Leit-/Mittlerziel's place in the tree.
LABELS = {**CRITERIA, POSITION: "Einordnung"}


def form(stage: Stage) -> Editor | None:
    """Under Voila the goals form (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(workspace.location_note(stage.workbook.path)))
    editor = Editor(stage.workbook.path, "ziele", "Zieltext", feedback=lambda p, row: smart_html(stage, p, row),
                            loaded=stage.workbook.plan, suggest_id=lambda p, v: plan.next_goal_id(
                                p, v["Ebene"], v["Übergeordnetes Ziel"], v["Handlungsfeld"]))
    display(editor.widget)
    return editor


def smart_html(stage: Stage, candidate: plan.Plan, row: int) -> str:
    """SMART findings for the goal in `row` of `candidate`, and the baseline the data would give."""
    goal = candidate.ziele.loc[row]
    findings = smart(goal.to_dict(), candidate, stage.series, stage.today, stage.gaps)
    items = "".join(f"<li>{SYMBOLS[f.severity]} <b>{LABELS.get(f.criterion, f.criterion)}</b>: "
                    f"{markup.html(f.message)}</li>" for f in findings)
    single = copy.copy(candidate)
    single.ziele = candidate.ziele.loc[[row]].copy()
    hint = "".join(f"<p><i>Aus den Daten:</i> {markup.html(line.split(': ', 1)[-1])}</p>"
                   for line in fill_baselines(single, stage.series, stage.year, stage.reasons, PROPOSED))
    return f"<p><b>SMART-Prüfung:</b></p><ul class='ikpe-smart'>{items}</ul>{hint}" if items else hint
