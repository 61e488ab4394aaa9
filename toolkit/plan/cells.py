"""Reading single cells of the plan: text, dates, numbers, ids, the Handlungsfeld of a name or an ID."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from toolkit.plan.schema import Plan


def as_date(value) -> dt.date:
    """A cell as a date: an Excel date or text TT.MM.JJJJ / JJJJ-MM-TT; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(text)


def next_id(existing, prefix: str) -> str:
    """`prefix` and one more than the highest number used after it: „HF3-M“ with HF3-M1 and HF3-M4 → „HF3-M5“."""
    used = [int(m[1]) for v in existing if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", cell_text(v)))]
    return f"{prefix}{max(used, default=0) + 1}"


def field_id(plan: Plan, handlungsfeld) -> str:
    """The ID of a Handlungsfeld named in a cell (its name or its ID), „“ when the plan has no such field."""
    wanted = cell_text(handlungsfeld)
    return next((cell_text(i) for i, n in zip(plan.handlungsfelder["ID"], plan.handlungsfelder["Handlungsfeld"])
                 if wanted and wanted in (cell_text(i), cell_text(n))), "")


def goal_ids(value) -> list[str]:
    """The goal ids of a measure's „Ziel-ID(s)“ cell (separated by comma, semicolon or space)."""
    return [part for part in re.split(r"[,;\s]+", cell_text(value)) if part]


def cell_text(value) -> str:
    """A cell as text; whole numbers without „.0“ (an ID typed as 3 is „3“)."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_empty(value) -> bool:
    """None, or what pandas made of it (NaN, NA, NaT)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value)
