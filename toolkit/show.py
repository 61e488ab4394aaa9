"""Static output for notebooks and handouts, shared by the stages: PNG images, HTML and Markdown only (no widget
JavaScript), so papermill runs and printed handouts show the same as the notebook.

    show.figure(fig, "Kein Altersaufbau vorhanden.")     # or the sentence when there is no figure
    show.table(frame, "Noch keine Maßnahmen.")           # a display table, German numbers
    show.problems(plan.check_plan(p))                     # the plan's problems as a list

HTML tables and Markdown escaping come from `toolkit.markup`, numbers and dates from `toolkit.fmt`.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Image, Markdown, display

from toolkit import charts, markup, plan


def figure(fig, absent: str) -> None:
    """The figure as a PNG image, or the German sentence `absent` when there is none."""
    display(Image(data=charts.png(fig)) if fig is not None else Markdown(f"*{absent}*"))


def table(frame: pd.DataFrame, absent: str) -> None:
    """A display table as HTML (`markup.table`: text escaped, numbers and dates in German format, a named index as
    first column), or the sentence `absent`."""
    if frame is None or frame.empty:
        display(Markdown(f"*{absent}*"))
        return
    display(HTML(markup.table(frame.reset_index() if frame.index.name else frame, css="ikpe-tabelle ikpe-plan")))


def problems(found: list[plan.Problem]) -> None:
    """The plan's problems as a German list, or a sentence saying there are none."""
    if not found:
        display(Markdown("*Keine Fehler und keine Hinweise in diesem Teil der Planungsmappe.*"))
        return
    errors = sum(p.severity == "error" for p in found)
    notes = len(found) - errors
    display(Markdown(f"{errors} Fehler, {notes} Hinweis{'' if notes == 1 else 'e'}:\n\n"
                     + "\n".join(f"- {markup.md(str(p))}" for p in found)))
