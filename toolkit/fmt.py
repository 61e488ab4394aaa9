"""German number and date formats for everything a user reads."""
from __future__ import annotations

import datetime as _dt
import math
import re


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


def parse_number(text: str) -> int | float | None:
    """German number text as a number: „1.500“ → 1500, „12,5“ → 12.5, „0.5“ → 0.5; None if it is none."""
    text = re.sub(r"[\s\u00a0€%]", "", text)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?(\d+([.,]\d*)?|[.,]\d+)", text):
        return None
    parsed = float(text.replace(",", "."))
    return int(parsed) if parsed.is_integer() and not re.search(r"[.,]", text) else parsed


def exact(value) -> str:
    """A number with the decimals it has: 12.5 → „12,5“, 15000 → „15.000“ (read back by `parse_number`)."""
    decimals = 0 if float(value).is_integer() else len(f"{float(value):.10g}".partition(".")[2])
    return number(value, decimals)
