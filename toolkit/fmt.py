"""German number and date formats for everything a user reads."""
from __future__ import annotations

import datetime as _dt
import math


def number(value, decimals: int = 0, empty: str = "–") -> str:
    """`83394` → `83.394`, `6.75` with 1 decimal → `6,8`; missing → `empty`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def percent(value, decimals: int = 1, empty: str = "–") -> str:
    """A share already in percent: `12.66` → `12,7 %`."""
    text = number(value, decimals, empty)
    return text if text == empty else f"{text}\u00a0%"


def date(value) -> str:
    """ISO date or datetime → `31.12.2023`."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")
