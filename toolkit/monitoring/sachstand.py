"""The Sachstand log of the planning workbook (sheet „Sachstand“): the latest report of every measure and adding
new reports without changing what is logged.

    from toolkit.monitoring import sachstand
    stand = sachstand.latest(p, stichtag=dt.date(2026, 6, 30))   # one row per measure, index Maßnahme-ID
    added, ignored = sachstand.append(p, rows)                    # new rows at the end; repeats ignored

The log is never overwritten: every report is a dated row, a later report is a new row below.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from toolkit.plan import SHEETS, Plan, as_date, cell_text, is_empty

#: The columns of `latest`, besides its index „Maßnahme-ID“.
COLUMNS = ("Datum", "Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt", "Ampel", "Ampel-Begründung",
           "Gemeldet von")
#: What a report says about a measure: two rows that agree in these (and in Datum and Maßnahme-ID) are the same
#: report; who sent it („Gemeldet von“) and from which file („Quelle“) do not make it another one.
REPORTED = ("Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt", "Ampel", "Ampel-Begründung")
#: A measure's status while nobody has reported on it and its own cell „Status“ in „Maßnahmen“ is empty.
NOT_STARTED = "nicht begonnen"


def measure_ids(plan: Plan) -> list[str]:
    """The measures' IDs in plan order, each once (a row without ID has no Sachstand)."""
    ids = [cell_text(v) for v in plan.massnahmen["ID"]]
    return list(dict.fromkeys(i for i in ids if i))


def log_date(value) -> dt.date | None:
    """A log row's Datum as a date; None when the cell holds no date (such a row is kept, but has no place in time)."""
    if is_empty(value):
        return None
    try:
        return as_date(value)
    except ValueError:
        return None


def latest(plan: Plan, stichtag: dt.date | None = None) -> pd.DataFrame:
    """One row per measure of the plan (index „Maßnahme-ID“, plan order): the last log row dated on or before
    `stichtag` (None: all rows). Of two rows with the same date the lower one in the sheet (the later Excel row)
    wins. A measure without a row: Datum None, Status its own „Status“ in „Maßnahmen“ (else „nicht begonnen“), the
    other cells None. A reported row with an empty Status keeps the status reported before it (else the
    measure's own). Log rows without a readable date are left out and named in `attrs["warnings"]`."""
    own = {}
    for ident, status in zip(plan.massnahmen["ID"], plan.massnahmen["Status"]):
        own.setdefault(cell_text(ident), cell_text(status) or NOT_STARTED)
    log = plan.sachstand
    warnings, entries = [], {}
    columns = list(log.columns)
    for row, values in zip(log.index, (dict(zip(columns, t)) for t in log.itertuples(index=False, name=None))):
        ident = cell_text(values.get("Maßnahme-ID"))
        if not ident:
            continue
        date = log_date(values.get("Datum"))
        if date is None:
            warnings.append(f"Blatt „{SHEETS['sachstand'].title}“, Zeile {row}: „{cell_text(values.get('Datum'))}“ "
                            f"ist kein Datum; der Sachstand zu {ident} zählt nicht mit.")
            continue
        if stichtag is not None and date > stichtag:
            continue
        entries.setdefault(ident, []).append((date, row, values))
    out = []
    for ident in measure_ids(plan):
        rows = sorted(entries.get(ident, []), key=lambda entry: (entry[0], entry[1]))
        if not rows:
            out.append({"Maßnahme-ID": ident, **dict.fromkeys(COLUMNS), "Status": own[ident]})
            continue
        date, _, values = rows[-1]
        record = {"Maßnahme-ID": ident, "Datum": date}
        for column in COLUMNS[1:]:
            value = values.get(column)
            record[column] = None if is_empty(value) or value == "" else value
        if not cell_text(record["Status"]):
            earlier = [cell_text(v.get("Status")) for _, _, v in rows if cell_text(v.get("Status"))]
            record["Status"] = earlier[-1] if earlier else own[ident]
        out.append(record)
    table = pd.DataFrame(out, columns=["Maßnahme-ID", *COLUMNS], dtype=object).set_index("Maßnahme-ID")
    table.attrs["warnings"] = warnings
    return table


def _key(values: Mapping) -> tuple:
    """What makes a report the same report: Datum, Maßnahme-ID and every reported field, compared as cells read
    (50 and 50.0 agree, text without surrounding spaces, a date however it was written)."""
    date = log_date(values.get("Datum"))
    return (date if date is not None else cell_text(values.get("Datum")), cell_text(values.get("Maßnahme-ID")),
            *(_same(values.get(column)) for column in REPORTED))


def _same(value):
    if is_empty(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return cell_text(value)


def append(plan: Plan, rows: Iterable[Mapping] | pd.DataFrame) -> tuple[int, int]:
    """Add report rows (mappings by the sheet's headers) to the end of `plan.sachstand`; a row identical to a logged
    one (or to one added just before) in Datum, Maßnahme-ID and every reported field is ignored. Nothing already in
    the log changes. Returns (added, ignored); save with `plan.save_plan` under `plan.locked`."""
    if isinstance(rows, pd.DataFrame):
        rows = [dict(zip(rows.columns, values)) for values in rows.itertuples(index=False, name=None)]
    log = plan.sachstand
    seen = {_key(dict(zip(log.columns, values))) for values in log.itertuples(index=False, name=None)}
    new, ignored = [], 0
    for row in rows:
        key = _key(row)
        if key in seen:
            ignored += 1
            continue
        seen.add(key)
        record = {column: _cell(row.get(column)) for column in log.columns}
        record["Datum"] = log_date(record["Datum"]) or record["Datum"]
        new.append(record)
    if new:
        start = max([1, *log.index]) + 1
        added = pd.DataFrame(new, columns=log.columns, index=range(start, start + len(new)), dtype=object)
        plan.sachstand = pd.concat([log, added]).astype(object) if len(log) else added
    return len(new), ignored


def _cell(value):
    """A value as the sheet keeps it: empty as None, whole numbers as int, dates as dates."""
    if is_empty(value) or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.date() if value.time() == dt.time(0) else value.to_pydatetime()
    return value
