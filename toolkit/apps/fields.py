"""The form's fields: one widget per column kind, its options, reading a value back, the problem list."""
from __future__ import annotations

import datetime as dt
import re

import ipywidgets as widgets
import pandas as pd

from toolkit import fmt, indicators, markup, plan

LONG_TEXTS = ("Zieltext", "Beschreibung", "Bedarf/Begründung", "Meilensteine", "Begründung")
SEVERITY = {"error": ("✗", "Fehler"), "warning": ("!", "Hinweis")}


# --- form helpers ---------------------------------------------------------------------------------

def widget_for(column: plan.Column) -> widgets.Widget:
    """The input widget for a column: list → drop-down, goal ids → multi-select, long text → text area."""
    label = column.header + (" *" if column.required or column.kind == "id" else "")
    common = {"description": label, "style": {"description_width": "11em"}, "layout": widgets.Layout(width="95%")}
    if column.header == "Ziel-ID(s)":
        field = widgets.SelectMultiple(rows=5, tooltip="Mehrere Ziele mit Strg-Klick wählen", **common)
    elif column.kind in ("choice", "ref"):
        field = widgets.Dropdown(**common)
    elif column.header in LONG_TEXTS:
        field = widgets.Textarea(rows=3, continuous_update=False, **common)
    else:
        field = widgets.Text(continuous_update=False, placeholder=_placeholder(column), **common)
    name = column.header.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    field.add_class("ikpe-feld-" + re.sub(r"[^a-z0-9]+", "-", name).strip("-"))
    return field


def _placeholder(column: plan.Column) -> str:
    return {"date": "TT.MM.JJJJ", "number": "Zahl, z. B. 12,5", "amount": "Zahl ab 0, z. B. 1.500",
            "whole": f"ganze Zahl von {column.bounds[0]} bis {column.bounds[1]}"}.get(column.kind, "")


def options_for(column: plan.Column, current: plan.Plan, value) -> list[tuple[str, str | None]]:
    """Choices of a list or reference column from the workbook; a value not among them (a mistake in
    the file) is kept as an extra choice, so opening and saving a row never changes it unnoticed."""
    if column.header == "Ziel-ID(s)" or column.choices == plan.GOAL_REF:
        found = [(plan.cell_text(i), option_label(i, t)) for i, t in zip(current.ziele["ID"],
                                                                         current.ziele["Zieltext"])]
    elif column.choices == plan.HF_REF:
        found = [(plan.cell_text(n), plan.cell_text(n)) for n in current.handlungsfelder["Handlungsfeld"]]
    elif column.choices == plan.INDICATOR_REF:
        found = [(i.id, f"{i.id} – {i.name}") for i in indicators.catalogue()] + [
            (plan.cell_text(i), option_label(i, n))
            for i, n in zip(current.indikatoren["ID"], current.indikatoren["Bezeichnung"])]
    else:
        found = [(c, c) for c in column.choices]
    known = dict(found)
    text = plan.cell_text(value)
    wanted = plan.goal_ids(value) if column.header == "Ziel-ID(s)" else [text] * bool(text)
    options = [(label, key) for key, label in known.items() if key]
    options += [(f"{v} (nicht in der Liste)", v) for v in dict.fromkeys(wanted) if v not in known]
    return options if column.header == "Ziel-ID(s)" else [("", None)] + options


def option_label(ident, text) -> str:
    text = plan.cell_text(text).replace("\n", " ")
    return f"{plan.cell_text(ident)} – {text[:70] + '…' if len(text) > 70 else text}" if text else plan.cell_text(ident)


def shown_value(column: plan.Column, value, field: widgets.Widget):
    """A cell as the field shows it."""
    if isinstance(field, widgets.SelectMultiple):
        return tuple(dict.fromkeys(plan.goal_ids(value)))
    if isinstance(field, widgets.Dropdown):
        return plan.cell_text(value) or None
    if column.kind == "date" and isinstance(value, dt.date):
        return fmt.date(value)
    if column.kind == "whole" and plan.is_number(value) and float(value).is_integer():
        return str(int(value))                     # a year or a step: 2024, not 2.024
    if column.kind in ("number", "amount", "whole") and plan.is_number(value):
        return fmt.exact(value)
    return "" if plan.is_empty(value) else str(value)


def cell_value(column: plan.Column, value):
    """A field's value as a cell: dates and numbers parsed, anything else kept as text (the check names it)."""
    if isinstance(value, tuple):
        return ", ".join(value) or None
    text = (value or "").strip()
    if not text:
        return None
    if column.kind == "date":
        try:
            return plan.as_date(text)
        except ValueError:
            return text
    if column.kind in ("number", "amount", "whole"):
        number = fmt.parse_number(text)
        return text if number is None else number
    return text


def with_row(table: pd.DataFrame, row: int, values: dict) -> pd.DataFrame:
    """A copy of `table` with `values` written into Excel row `row` (other columns of the row kept)."""
    result = table.copy()
    if row not in result.index:
        result = pd.concat([result, pd.DataFrame([{c: None for c in result.columns}], index=[row], dtype=object)])
    for header, value in values.items():
        result.at[row, header] = value
    return result


def row_values(table: pd.DataFrame, row: int, headers: list[str]) -> dict:
    return {h: table.at[row, h] for h in headers}


def problems_html(found: list[plan.Problem]) -> str:
    if not found:
        return "<p class='ikpe-ok'><b>Prüfung:</b> ✓ Keine Fehler in diesem Eintrag.</p>"
    items = "".join(f"<li>{SEVERITY[p.severity][0]} {SEVERITY[p.severity][1]}"
                    f"{' – „' + markup.html(p.column) + '“' if p.column else ''}: {markup.html(p.message)}</li>"
                    for p in found)
    return f"<p><b>Prüfung:</b></p><ul class='ikpe-probleme'>{items}</ul>"


def button(text: str, style: str, css: str, handler) -> widgets.Button:
    made = widgets.Button(description=text, button_style=style)
    made.add_class(css)
    made.on_click(handler)
    return made


def html_widget(css: str) -> widgets.HTML:
    box = widgets.HTML()
    box.add_class(css)
    return box
