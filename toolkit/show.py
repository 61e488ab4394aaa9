"""Static output for notebooks and handouts, shared by the stages: PNG images, HTML and Markdown only (no widget
JavaScript), so papermill runs and printed handouts show the same as the notebook.

    show.figure(fig, "Kein Altersaufbau vorhanden.")     # or the sentence when there is no figure
    show.table(frame, "Noch keine Maßnahmen.")           # a display table, German numbers
    show.problems(plan.check_plan(p))                     # the plan's problems as a list
"""
from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
from IPython.display import HTML, Image, Markdown, display

from toolkit import charts, fmt, plan

#: A cell shown as a number (German format, maybe with € or %): right-aligned in the handout.
NUMBER = re.compile(r"[−+-]?[\d.]+(,\d+)?(\s?[€%])?")


def figure(fig, absent: str) -> None:
    """The figure as a PNG image, or the German sentence `absent` when there is none."""
    display(Image(data=charts.png(fig)) if fig is not None else Markdown(f"*{absent}*"))


def table(frame: pd.DataFrame, absent: str) -> None:
    """A display table as HTML (text escaped, numbers in German format, a named index as
    first column), or the sentence `absent`."""
    if frame is None or frame.empty:
        display(Markdown(f"*{absent}*"))
        return
    shown = (frame.reset_index() if frame.index.name else frame).map(_display_cell)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = "".join("<tr>" + "".join(f"<td class='zahl'>{c}</td>" if NUMBER.fullmatch(c) else f"<td>{c}</td>"
                                    for c in row) + "</tr>" for row in shown.itertuples(index=False))
    display(HTML(f"<table class='ikpe-tabelle ikpe-plan'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"))


def problems(found: list[plan.Problem]) -> None:
    """The plan's problems as a German list, or a sentence saying there are none."""
    if not found:
        display(Markdown("*Keine Fehler und keine Hinweise in diesem Teil der Planungsmappe.*"))
        return
    errors = sum(p.severity == "error" for p in found)
    notes = len(found) - errors
    display(Markdown(f"{errors} Fehler, {notes} Hinweis{'' if notes == 1 else 'e'}:\n\n"
                     + "\n".join(f"- {md(str(p))}" for p in found)))


def _display_cell(value) -> str:
    """A cell as escaped HTML text: numbers and dates in German format, line breaks kept."""
    if plan.is_empty(value):
        return "–"
    if plan.is_number(value):
        return fmt.exact(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    return html.escape(str(value)).replace("\n", "<br>")


def md(text: str) -> str:
    """User text safe inside Markdown (shown as typed)."""
    return re.sub(r"([\\*_`\[\]<>])", r"\\\1", text)
