"""Reading single cells of the plan: text, dates, numbers, ids and the next free one, the Handlungsfeld of a name or
an ID, an indicator of the sheet or the catalogue."""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from toolkit import indicators
from toolkit.errors import UserError
from toolkit.fmt import is_empty
from toolkit.fmt import is_number as is_number  # a cell predicate too: plan.is_number
from toolkit.plan.schema import Plan

#: The group of goals and measures whose Handlungsfeld is empty or not in the sheet „Handlungsfelder“ (never left out).
NO_FIELD = "ohne gültiges Handlungsfeld"


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


def date_text(value, pattern: str = "%d.%m.%Y") -> str:
    """A date cell as German text („31.12.2027“, or by `pattern`, e.g. „12/2027“); what is no date as typed."""
    if is_empty(value):
        return ""
    try:
        return f"{as_date(value):{pattern}}"
    except ValueError:
        return cell_text(value)


def next_id(existing, prefix: str) -> str:
    """The rule of every suggested ID: `prefix` and one more than the highest number used after it:
    „HF3-M“ with HF3-M1 and HF3-M4 → „HF3-M5“."""
    used = [int(m[1]) for v in existing if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", cell_text(v)))]
    return f"{prefix}{max(used, default=0) + 1}"


def next_goal_id(plan: Plan, ebene, parent, handlungsfeld) -> str:
    """A suggestion for a new goal's ID after the course's scheme: Leitziel „LZ3“ in HF3, Mittlerziel
    „MZ3.2“ under LZ3, Handlungsziel „HZ3.2.1“ under MZ3.2; „“ where the scheme does not fit."""
    ids = plan.ziele["ID"]
    level = cell_text(ebene)
    if level == "Leitziel":
        number = re.fullmatch(r"HF(\d+)", field_id(plan, handlungsfeld))
        taken = {cell_text(i) for i in ids}
        return f"LZ{number[1]}" if number and f"LZ{number[1]}" not in taken else ""
    stem = re.fullmatch(r"[LM]Z([\d.]+)", cell_text(parent))
    prefix = {"Mittlerziel": "MZ", "Handlungsziel": "HZ"}.get(level)
    return next_id(ids, f"{prefix}{stem[1]}.") if stem and prefix else ""


def next_measure_id(plan: Plan, handlungsfeld) -> str:
    """A suggestion for a new measure's ID: „HF3-M5“ in HF3 with measures up to HF3-M4 („“ without a field)."""
    field = field_id(plan, handlungsfeld)
    return next_id(plan.massnahmen["ID"], f"{field}-M") if field else ""


def field(plan: Plan, handlungsfeld) -> tuple[str, str] | None:
    """(ID, name) of the Handlungsfeld named in a cell by its name or its ID; None when the sheet has no such field."""
    wanted = cell_text(handlungsfeld)
    sheet = plan.handlungsfelder
    return next(((cell_text(i), cell_text(n)) for i, n in zip(sheet["ID"], sheet["Handlungsfeld"])
                 if wanted and wanted in (cell_text(i), cell_text(n))), None)


def field_id(plan: Plan, handlungsfeld) -> str:
    """The ID of a Handlungsfeld named in a cell (its name or its ID), „“ when the plan has no such field."""
    return (field(plan, handlungsfeld) or ("", ""))[0]


def field_name(plan: Plan, handlungsfeld) -> str:
    """The name of a Handlungsfeld chosen by its name or its ID (`NO_FIELD` stays itself); a UserError naming the
    fields of the sheet when there is no such one."""
    if handlungsfeld == NO_FIELD:
        return NO_FIELD
    found = field(plan, handlungsfeld)
    if found is None:
        sheet = plan.handlungsfelder
        allowed = "; ".join(f"{cell_text(i)} {cell_text(n)}" for i, n in zip(sheet["ID"], sheet["Handlungsfeld"]))
        raise UserError(f"Ein Handlungsfeld „{handlungsfeld}“ gibt es im Blatt „Handlungsfelder“ nicht.",
                        file=plan.source, hint=f"Erlaubt sind: {allowed}.")
    return found[1]


class Known(NamedTuple):
    """What the plan knows of an indicator: its name, unit and Handlungsfeld."""
    name: str
    unit: str
    handlungsfeld: str


def indicator(plan: Plan, indicator_id: str) -> Known | None:
    """Name, unit and Handlungsfeld of an indicator: its row in the sheet „Indikatoren“, else the catalogue's
    entry; None when neither knows it."""
    if not indicator_id:
        return None
    sheet = plan.indikatoren
    for ident, name, unit, field_ in zip(sheet["ID"], sheet["Bezeichnung"], sheet["Einheit"], sheet["Handlungsfeld"]):
        if cell_text(ident) == indicator_id:
            return Known(cell_text(name) or indicator_id, cell_text(unit), cell_text(field_))
    found = {i.id: i for i in indicators.catalogue()}.get(indicator_id)
    return found and Known(found.name, found.unit, found.handlungsfeld)


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
