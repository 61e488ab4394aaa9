"""Indicators against targets: is each Handlungsziel with an indicator auf Kurs?

    series = zielfindung.baseline.district_series(data_dir, "16063")
    course = kurs.goal_course(plan, series, stichtag, regeln.load(None))

The straight path runs from (Basisjahr, Basiswert) to (year of the Zieldatum, Zielwert); the latest value after the
Basisjahr (up to the Stichtag's year) is compared with the path's value for its year. The thresholds are
`regeln.Regeln`; `regeln.describe` says them in German.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from toolkit import fmt, indicators
from toolkit.monitoring.regeln import Regeln, on_course_share
from toolkit.plan import RICHTUNG, RICHTUNG_OF, Known, Plan, as_date, cell_text, is_empty, is_number
from toolkit.plan.checks import PLAUSIBLE_YEARS, plausible

KURS = ("auf Kurs", "gefährdet", "nicht auf Kurs", "keine Daten")
AUF_KURS, GEFAEHRDET, NICHT_AUF_KURS, KEINE_DATEN = KURS
HIGHER, LOWER, DESCRIPTIVE = RICHTUNG
#: The light a course stands for in the roll-ups (keine Daten: no signal).
LIGHT = {AUF_KURS: "grün", GEFAEHRDET: "gelb", NICHT_AUF_KURS: "rot", KEINE_DATEN: None}
COLUMNS = ["Handlungsfeld", "Zieltext", "Indikator", "Bezeichnung", "Einheit", "Richtung", "Basisjahr", "Basiswert",
           "Zielwert", "Zieldatum", "Istjahr", "Istwert", "Sollwert", "Kurs", "Satz"]


def goal_course(plan: Plan, series: Mapping[str, pd.Series], stichtag: dt.date | None = None,
                regeln: Regeln | None = None) -> pd.DataFrame:
    """One row per Handlungsziel with an indicator (index Ziel-ID, in plan order): baseline, target, the latest
    value after the Basisjahr (not after the Stichtag's year), the path's value for that year, the Kurs (one of
    `KURS`) and one German sentence saying why."""
    regeln = regeln or Regeln()
    known = _Known(plan)
    rows, index = [], []
    for row, goal in zip(plan.ziele.index, plan.ziele.to_dict("records")):   # dicts: a Series per row costs more
        if cell_text(goal["Ebene"]) != "Handlungsziel" or not cell_text(goal["Indikator"]):
            continue
        index.append(cell_text(goal["ID"]) or f"Zeile {row}")
        rows.append(_course(known, goal, series, stichtag, regeln))
    table = pd.DataFrame(rows, index=pd.Index(index, name="Ziel-ID", dtype=object), columns=COLUMNS, dtype=object)
    return table


def direction(plan: Plan, indicator_id: str) -> str:
    """The Richtung of an indicator: its cell in the sheet „Indikatoren“, else the catalogue's direction, else
    „beschreibend“ (also for a cell that is none of `RICHTUNG`: odd values are kept in the plan, not used here)."""
    return _Known(plan).direction(indicator_id)


class _Known:
    """What the plan's sheet „Indikatoren“ and the catalogue say of indicators, read once per table (as
    `plan.indicator` and `direction` would for each goal)."""

    def __init__(self, plan: Plan):
        sheet = plan.indikatoren
        richtung = sheet["Richtung"] if "Richtung" in sheet else [None] * len(sheet)
        self.rows, self.stated = {}, {}
        for ident, name, unit, field_, way in zip(sheet["ID"], sheet["Bezeichnung"], sheet["Einheit"],
                                                  sheet["Handlungsfeld"], richtung):
            ident = cell_text(ident)
            self.rows.setdefault(ident, Known(cell_text(name) or ident, cell_text(unit), cell_text(field_)))
            if ident not in self.stated and cell_text(way) in RICHTUNG:
                self.stated[ident] = cell_text(way)
        self.catalogue = {i.id: i for i in indicators.catalogue()}

    def get(self, indicator_id: str) -> Known | None:
        if indicator_id in self.rows:
            return self.rows[indicator_id]
        found = self.catalogue.get(indicator_id)
        return found and Known(found.name, found.unit, found.handlungsfeld)

    def direction(self, indicator_id: str) -> str:
        if indicator_id in self.stated:
            return self.stated[indicator_id]
        found = self.catalogue.get(indicator_id)
        return RICHTUNG_OF.get(found.direction, DESCRIPTIVE) if found else DESCRIPTIVE


def path_value(base_year: int, base: float, target_year: int, target: float, year: float) -> float:
    """The straight path's value in `year` (the target itself from the target year on)."""
    if year >= target_year:
        return float(target)
    return base + (target - base) * (year - base_year) / (target_year - base_year)


def _number(value) -> float | None:
    if isinstance(value, str):
        value = fmt.parse_number(value)
    return float(value) if is_number(value) and math.isfinite(value) else None


def _course(indicators_: _Known, goal: dict, series: Mapping[str, pd.Series], stichtag: dt.date | None,
            regeln: Regeln) -> dict:
    indicator_id = cell_text(goal["Indikator"])
    known = indicators_.get(indicator_id)
    values = series.get(indicator_id)
    unit = known.unit if known else (values.attrs.get("unit", "") if values is not None else "")
    name = known.name if known else (values.attrs.get("name", indicator_id) if values is not None else indicator_id)
    richtung = indicators_.direction(indicator_id)
    base_year, base, target = _number(goal["Basisjahr"]), _number(goal["Basiswert"]), _number(goal["Zielwert"])
    until = _date(goal["Zieldatum"])
    out = {"Handlungsfeld": cell_text(goal["Handlungsfeld"]), "Zieltext": cell_text(goal["Zieltext"]),
           "Indikator": indicator_id, "Bezeichnung": name, "Einheit": unit, "Richtung": richtung,
           "Basisjahr": int(base_year) if base_year is not None and base_year.is_integer() else None,
           "Basiswert": base, "Zielwert": target, "Zieldatum": until, "Istjahr": None, "Istwert": None,
           "Sollwert": None}
    missing = [h for h, v in (("Basisjahr", out["Basisjahr"]), ("Basiswert", base), ("Zielwert", target),
                              ("Zieldatum", until)) if v is None]
    if missing:
        typed = [h for h in missing if not is_empty(goal[h])]
        said = f"Im Blatt „Ziele“ {'fehlt' if len(missing) == 1 else 'fehlen'} {_join(missing)}"
        if typed:
            said += f" ({_join(typed)}: „{'“, „'.join(cell_text(goal[h]) for h in typed)}“ ist nicht lesbar)"
        return out | _verdict(KEINE_DATEN, f"{said}; ohne {'diese Angabe' if len(missing) == 1 else 'diese Angaben'} "
                                           "lässt sich der Kurs nicht bestimmen.")
    base_year, target_year = out["Basisjahr"], until.year
    if not plausible(until):
        low, high = PLAUSIBLE_YEARS
        return out | _verdict(KEINE_DATEN, f"Das Zieldatum {until:%d.%m.}{until.year:04d} ist unplausibel; tragen "
                                           f"Sie im Blatt „Ziele“ ein Datum zwischen {low} und {high} ein.")
    if target_year <= base_year:
        return out | _verdict(KEINE_DATEN, f"Das Zieldatum {fmt.date(until)} liegt nicht nach dem Basisjahr "
                                           f"{base_year}; ohne Zeitraum gibt es keinen Weg zum Ziel.")
    if values is None:
        own = known is not None and indicator_id not in indicators_.catalogue
        why = (f"„{name}“ ist ein eigener Indikator, für ihn hat der Datenordner keine Zahlen" if own else
               f"Für „{name}“ enthält der Datenordner keine Zahlen")
        return out | _verdict(KEINE_DATEN, f"{why}; nennen Sie seinen Stand im Bericht aus eigener Erhebung.")
    last = stichtag.year if stichtag else None
    years, numbers = values.index.to_numpy(), values.to_numpy(float)
    keep = (years > base_year) & ~np.isnan(numbers) & ((years <= last) if last else True)
    if not keep.any():
        return out | _verdict(KEINE_DATEN, f"Für „{name}“ gibt es nach dem Basisjahr {base_year} noch keinen Wert"
                                           + (f" (bis {last})" if last else "") + ".")
    latest = np.flatnonzero(keep)[np.argmax(years[keep])]     # the latest year, in whatever order the series is
    year, actual = int(years[latest]), float(numbers[latest])
    planned = path_value(base_year, base, target_year, target, year)
    out |= {"Istjahr": year, "Istwert": actual, "Sollwert": planned}
    return out | _judge(out, richtung, regeln)


def _judge(c: dict, richtung: str, regeln: Regeln) -> dict:
    """Kurs and sentence for a goal with baseline, target and a value (see `regeln.describe`)."""
    unit, year, actual, planned = c["Einheit"], c["Istjahr"], c["Istwert"], c["Sollwert"]
    base, target, base_year = c["Basiswert"], c["Zielwert"], c["Basisjahr"]

    def v(x):
        return fmt.value(x, unit)
    stated = {HIGHER: 1, LOWER: -1}.get(richtung, 0)
    way = (target > base) - (target < base)
    note = ""
    if way and stated and way != stated:
        note = (f" Achtung: Laut Richtung ist {'ein höherer' if stated > 0 else 'ein niedrigerer'} Wert besser, der "
                f"Zielwert liegt aber {'unter' if stated > 0 else 'über'} dem Basiswert; gemessen ist der Weg "
                "zum Zielwert.")
    seen = f"{year} lag der Wert bei {v(actual)}"
    if not way:
        if not stated:
            return _verdict(KEINE_DATEN, f"Zielwert und Basiswert sind gleich ({v(base)}) und die Richtung ist "
                                         "„beschreibend“: es ist offen, was Fortschritt ist.")
        worse = stated * (actual - base) < 0
        return _verdict(NICHT_AUF_KURS if worse else AUF_KURS,
                        f"{seen}; das Ziel ist, den Basiswert {v(base)} ({base_year}) zu halten, und der Wert ist "
                        + ("schlechter geworden." if worse else "nicht schlechter geworden."))
    done = (actual - base) / (target - base)            # share of the whole way
    due = (planned - base) / (target - base)            # share planned by `year`
    share = round(done / due, 9)                        # 0.9 stays 0.9, whatever the float steps on the way
    path = f"der Weg zum Ziel ({v(base)} {base_year} → {v(target)} bis {fmt.date(c['Zieldatum'])}) sah {v(planned)} vor"
    if done >= 1:
        return _verdict(AUF_KURS, f"Der Zielwert {v(target)} ist schon erreicht: {seen}.{note}")
    if done < 0:
        return _verdict(NICHT_AUF_KURS, f"{seen}, schlechter als der Basiswert {v(base)} ({base_year}); {path}."
                                        + note)
    percent = f"{fmt.number(math.floor(share * 100))} % des bis {year} geplanten Fortschritts"
    if share >= on_course_share(regeln):
        return _verdict(AUF_KURS, f"{seen}, {path}: erreicht sind {percent}.{note}")
    kurs = GEFAEHRDET if share * 100 >= regeln.at_risk else NICHT_AUF_KURS
    return _verdict(kurs, f"{seen}, {path}: erreicht sind nur {percent}.{note}")


def _verdict(kurs: str, why: str) -> dict:
    return {"Kurs": kurs, "Satz": f"{kurs[0].upper()}{kurs[1:]}: {why}"}


def _date(value) -> dt.date | None:
    try:
        return None if is_empty(value) else as_date(value)
    except (ValueError, TypeError, OverflowError):
        return None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} und {words[-1]}"
