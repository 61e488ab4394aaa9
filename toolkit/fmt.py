"""German number and date formats for everything a user reads: numbers, percentages, euros, values with their unit,
changes, dates, any table cell as text, and German number text read back.

    fmt.number(83394)              # „83.394“
    fmt.value(6.24, "%")           # „6,2 %“ (no-break space)
    fmt.change(0.43, "%")          # „+0,4 Prozentpunkte“; short=True: „+0,4 Pp.“
    fmt.euro(18200)                # „18.200 €“
    fmt.parse_number("1.500")      # 1500
"""
from __future__ import annotations

import datetime as _dt
import math
import re

import pandas as pd

#: What a missing number is shown as.
EMPTY = "–"
#: The unit of counts: shown whole and without the unit.
COUNT = "Anzahl"


def number(value, decimals: int = 0, empty: str = EMPTY) -> str:
    """`83394` → `83.394`, `6.75` with 1 decimal → `6,8`; missing → `empty`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def percent(value, decimals: int = 1, empty: str = EMPTY) -> str:
    """A share already in percent: `12.66` → `12,7 %`."""
    text = number(value, decimals, empty)
    return text if text == empty else f"{text}\u00a0%"


def euro(value, empty: str = EMPTY) -> str:
    """Whole euros: `18200` → `18.200 €`."""
    text = number(value, 0, empty)
    return text if text == empty else f"{text}\u00a0€"


def exact(value, most: int | None = None) -> str:
    """A number with the decimals it has, at most `most` (trailing zeros dropped): 12.5 → „12,5“,
    15000 → „15.000“, 0.125 with most=2 → „0,12“ (read back by `parse_number`)."""
    decimals = 0 if float(value).is_integer() else len(f"{float(value):.10g}".partition(".")[2])
    text = number(value, decimals if most is None else min(decimals, most))
    return text.rstrip("0").rstrip(",") if "," in text else text


def places(unit: str | None) -> int:
    """Decimals a value of `unit` is shown with: counts („Anzahl“) whole, shares and rates with one."""
    return 0 if unit == COUNT else 1


def value(amount, unit: str | None = "", decimals: int | None = None, with_unit: bool = True) -> str:
    """An indicator value with its unit: „6,2 %“, „2,5 je 1.000 Einwohner“, „5.977“ (a count, without the unit);
    `decimals` by the unit (see `places`) unless given; missing → „–“ without unit."""
    decimals = places(unit) if decimals is None else decimals
    if unit == "%":
        return percent(amount, decimals)
    text = number(amount, decimals)
    return text if not with_unit or unit in (COUNT, "", None) or text == EMPTY else f"{text} {unit}"


def change(amount, unit: str | None = "", short: bool = False, signed: bool = True) -> str:
    """A change of a value in `unit`, with its sign: „+0,4 Prozentpunkte“, „−12“, „±0“, „+0,3 je 1.000 Einwohner“;
    missing → „–“. `short` (tables and key facts beside the values): „+0,4 Pp.“, other units without the unit,
    rounded to one decimal first, no sign for zero and the minus of `number`."""
    if amount is None or math.isnan(amount):
        return EMPTY
    if short:
        amount = round(amount, 1) + 0.0
        sign = "+" if amount > 0 else ""
        return f"{sign}{number(amount, 1)} Pp." if unit == "%" else f"{sign}{value(amount, unit, with_unit=False)}"
    sign = ("+" if amount > 0 else "−" if amount < 0 else "±") if signed else ""
    suffix = " Prozentpunkte" if unit == "%" else "" if unit in (COUNT, "", None) else f" {unit}"
    return sign + number(abs(amount), places(unit)) + suffix


def date(when) -> str:
    """ISO date or datetime → `31.12.2023`."""
    if isinstance(when, str):
        when = _dt.date.fromisoformat(when[:10])
    return when.strftime("%d.%m.%Y")


def text(cell, decimals: int | None = None, empty: str = EMPTY) -> str:
    """Any table cell as German text: numbers with `decimals` (or as many as they have, see `exact`), dates as
    `date`, text as it is; missing (None, NaN, NaT) → `empty`."""
    if is_empty(cell):
        return empty
    if is_number(cell):
        return exact(cell) if decimals is None else number(cell, decimals)
    if isinstance(cell, _dt.date):
        return date(cell)
    return str(cell)


def is_empty(cell) -> bool:
    """None, or what pandas made of it (NaN, NA, NaT)."""
    return cell is None or (not isinstance(cell, str) and pd.isna(cell))


def is_number(cell) -> bool:
    """A number (int or float, not bool), not NaN."""
    return isinstance(cell, (int, float)) and not isinstance(cell, bool) and not pd.isna(cell)


def parse_number(typed: str) -> int | float | None:
    """German number text as a number: „1.500“ → 1500, „12,5“ → 12.5, „0.5“ → 0.5; None if it is none."""
    typed = re.sub(r"[\s\u00a0€%]", "", typed)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", typed):
        typed = typed.replace(".", "")
    if not re.fullmatch(r"-?(\d+([.,]\d*)?|[.,]\d+)", typed):
        return None
    parsed = float(typed.replace(",", "."))
    return int(parsed) if parsed.is_integer() and not re.search(r"[.,]", typed) else parsed
