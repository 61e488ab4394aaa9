"""The Ampel: a light per measure from its latest Sachstand, rolled up per Handlungsziel and per Handlungsfeld.

    lights = ampel.measure_lights(plan, stichtag, r)          # r = regeln.load(None)
    goals = ampel.goal_lights(plan, kurs.goal_course(plan, series, stichtag, r), lights, r)
    fields = ampel.field_lights(plan, course, lights, r)

Every light says why in one German sentence („Satz“). The thresholds are `regeln.Regeln`; `regeln.describe` says
them in German. A light set by hand in the log („Ampel“ with its „Ampel-Begründung“) overrides the computed one.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from toolkit import fmt
from toolkit.monitoring import kurs, sachstand
from toolkit.monitoring.regeln import Regeln
from toolkit.plan import AMPEL, NO_FIELD, STATUS, Plan, as_date, cell_text, goal_ids, is_empty
from toolkit.plan.checks import plausible

GRUEN, GELB, ROT, GRAU = AMPEL
#: Order of the computed lights, worst last (grau is no signal: a measure that is entfallen).
SEVERITY = {GRUEN: 0, GELB: 1, ROT: 2}
NOT_STARTED, STARTED, DONE, DROPPED = "nicht begonnen", "begonnen", "abgeschlossen", "entfallen"
MEASURE_COLUMNS = ["Handlungsfeld", "Titel", "Federführung", "Ziel-ID(s)", "Status", "Fortschritt (%)", "Datum",
                   "Sachstand", "Nächster Schritt", "berechnet", "Ampel", "überstimmt", "Satz"]


def measure_lights(plan: Plan, stichtag: dt.date | None = None, regeln: Regeln | None = None) -> pd.DataFrame:
    """One row per measure (index Maßnahme-ID, plan order) with its latest Sachstand up to `stichtag` (None:
    today), the computed light („berechnet“), the final light („Ampel“: the one set by hand in the log where there
    is one, then „überstimmt“ is True) and one German sentence („Satz“). Rules (see `regeln.describe`):
    abgeschlossen grün, entfallen grau; otherwise the worst of overdue start (a status of `Regeln.not_started` after
    the Beginn) or end, a Fortschritt below a share of what the elapsed Laufzeit makes due, and a Sachstand older
    than the set period; none of them: grün."""
    regeln = regeln or Regeln()
    stichtag = stichtag or dt.date.today()
    stand = sachstand.latest(plan, stichtag)
    measures = {}
    for measure in plan.massnahmen.to_dict("records"):       # plain dicts: a Series per row costs more than the rest
        measures.setdefault(cell_text(measure["ID"]), measure)
    names = field_names(plan)
    rows = []
    for ident, last in zip(stand.index, stand.to_dict("records")):
        measure, last = measures[ident], {k: None if is_empty(v) else v for k, v in last.items()}
        computed, why = _computed(measure, last, stichtag, regeln)
        hand = cell_text(last["Ampel"])
        light, overridden, sentence = computed, False, f"{_upper(computed)}: {why}."
        if hand in AMPEL:
            light, overridden = hand, True
            reason = cell_text(last["Ampel-Begründung"])
            said = "wie berechnet" if hand == computed else f"berechnet wäre {computed}"
            sentence = (f"{_upper(hand)} (von Hand gesetzt, {said}): "
                        + (reason.rstrip(".") if reason else "ohne Ampel-Begründung im Sachstand") + ".")
        elif hand:
            sentence = (f"{sentence[:-1]}; die Ampel „{hand}“ im Sachstand ist keine der Ampeln "
                        f"{', '.join(AMPEL)} und zählt nicht.")
        rows.append({"Maßnahme-ID": ident, "Handlungsfeld": names.get(cell_text(measure["Handlungsfeld"]), NO_FIELD),
                     "Titel": cell_text(measure["Titel"]), "Federführung": cell_text(measure["Federführung"]),
                     "Ziel-ID(s)": cell_text(measure["Ziel-ID(s)"]), "Status": last["Status"],
                     "Fortschritt (%)": last["Fortschritt (%)"], "Datum": last["Datum"],
                     "Sachstand": last["Sachstand"], "Nächster Schritt": last["Nächster Schritt"],
                     "berechnet": computed, "Ampel": light, "überstimmt": overridden, "Satz": sentence})
    table = pd.DataFrame(rows, columns=["Maßnahme-ID", *MEASURE_COLUMNS], dtype=object).set_index("Maßnahme-ID")
    table["überstimmt"] = table["überstimmt"].astype(bool)
    table.attrs["warnings"] = list(stand.attrs.get("warnings", []))
    return table


def field_names(plan: Plan) -> dict[str, str]:
    """The name of each Handlungsfeld by its ID and by its name (as `plan.field` finds it, in one look-up)."""
    names = {}
    for ident, name in zip(plan.handlungsfelder["ID"], plan.handlungsfelder["Handlungsfeld"]):
        for key in (cell_text(ident), cell_text(name)):
            if key:
                names.setdefault(key, cell_text(name))
    return names


def _computed(measure: dict, last: dict, stichtag: dt.date, regeln: Regeln) -> tuple[str, str]:
    """The computed light of one measure and the words after „Grün: “ that say why."""
    status = cell_text(last["Status"]) or NOT_STARTED
    reported = last["Datum"]
    since = f"Sachstand vom {fmt.date(reported)}" if reported else "noch kein Sachstand"
    if status == DONE:
        return GRUEN, f"abgeschlossen ({since})"
    if status == DROPPED:
        return GRAU, f"entfallen ({since})"
    start, end = _date(measure["Beginn"]), _date(measure["Ende"])
    progress = _progress(last["Fortschritt (%)"])
    findings: list[tuple[str, str]] = []
    notes = [] if status in STATUS else [f"der Status „{status}“ ist keiner der Liste"]
    waiting = status in regeln.not_started
    if waiting and start and stichtag > start:
        findings.append(_late(regeln, (stichtag - start).days,
                              f"noch {status}, obwohl der Beginn am {fmt.date(start)} schon "))
    if end and stichtag > end:
        findings.append(_late(regeln, (stichtag - end).days,
                              f"nicht abgeschlossen (Status „{status}“), obwohl das Ende am {fmt.date(end)} schon "))
    elapsed = None
    if start and end and start < end and start <= stichtag <= end:
        elapsed = (stichtag - start).days / (end - start).days * 100
    if elapsed and progress is not None and not waiting:
        share = round(progress / elapsed * 100, 9)          # of the progress due by now (75 stays 75)
        light = ROT if share < regeln.lag_red else GELB if share < regeln.lag_yellow else GRUEN
        light = light if elapsed >= regeln.lag_from else GRUEN     # in the first weeks nothing is due yet
        said = f"{fmt.number(progress)} % umgesetzt nach {fmt.number(elapsed)} % der Laufzeit"
        findings.append((light, f"erst {said}, das sind {fmt.number(math.floor(share))} % des Fälligen"
                         if light != GRUEN else said))
    if not is_empty(last["Fortschritt (%)"]) and progress is None:
        notes.append(f"der Fortschritt „{cell_text(last['Fortschritt (%)'])}“ ist keine Zahl von 0 bis 100 und "
                     "zählt nicht")
    due = start is None or start <= stichtag          # a measure yet to begin owes no Sachstand
    if reported and due and (stichtag - reported).days > regeln.stale:
        findings.append((GELB, f"letzter Sachstand vom {fmt.date(reported)}, vor "
                               f"{fmt.number((stichtag - reported).days)} Tagen"))
    elif not reported and start and due and (stichtag - start).days > regeln.stale:
        findings.append((GELB, f"kein Sachstand seit dem Beginn am {fmt.date(start)}, vor "
                               f"{fmt.number((stichtag - start).days)} Tagen"))
    light = max((f[0] for f in findings), key=SEVERITY.get, default=GRUEN)
    shown = [text for colour, text in sorted(findings, key=lambda f: -SEVERITY[f[0]]) if colour != GRUEN]
    if light == GRUEN:
        shown = [status] + [text for _, text in findings]
        if waiting and start and stichtag <= start:
            shown.append(f"Beginn am {fmt.date(start)}")
        if not any(text.startswith(("letzter Sachstand", "kein Sachstand")) for text in shown):
            shown.append(since)
    return light, "; ".join(shown + notes)


def _late(regeln: Regeln, days: int, said: str) -> tuple[str, str]:
    light = ROT if days > regeln.late_red else GELB if days > regeln.late_yellow else GRUEN
    return light, f"{said}{fmt.number(days)} {'Tag' if days == 1 else 'Tage'} zurückliegt"


def _progress(value) -> float | None:
    """Fortschritt (%) as a number 0–100 (German text read), None otherwise."""
    if isinstance(value, str):
        value = fmt.parse_number(value)
    if not fmt.is_number(value) or not math.isfinite(value) or not 0 <= value <= 100:
        return None
    return float(value)


def _date(value) -> dt.date | None:
    """A valid, plausible date cell; None otherwise (implausible dates are reported by the plan's checks)."""
    try:
        date = None if is_empty(value) else as_date(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return date if date and plausible(date) else None


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- roll-ups -------------------------------------------------------------------------------------

def rollup(signals: list[str], regeln: Regeln) -> str:
    """The light of a group from its signals (grün, gelb, rot; grau and None are no signal): rot when at least
    `rollup_red` % are rot, gelb when at least `rollup_yellow` % are gelb or rot, grün otherwise, grau without
    signal."""
    signals = [s for s in signals if s in SEVERITY]
    if not signals:
        return GRAU
    red = signals.count(ROT) / len(signals) * 100
    bad = (signals.count(ROT) + signals.count(GELB)) / len(signals) * 100
    return ROT if red >= regeln.rollup_red else GELB if bad >= regeln.rollup_yellow else GRUEN


def _counts(lights: list[str]) -> dict[str, int]:
    return {light: lights.count(light) for light in AMPEL}


#: How a course reads after „Indikator“ and in counts („2 ohne Daten“).
SAID = {kurs.KEINE_DATEN: "ohne Daten"}


def _counted(counts: dict[str, int], noun: tuple[str, str]) -> str:
    total = sum(counts.values())
    parts = [f"{n} {SAID.get(label, label)}" for label, n in counts.items() if n]
    return f"{total} {noun[total != 1]}" + (f" – {', '.join(parts)}" if parts else "")


def _courses(plan: Plan, course: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Ziel-ID → (Handlungsfeld name or `NO_FIELD`, Kurs) of the course table (the first row of a repeated ID)."""
    names, found = field_names(plan), {}
    for ident, hf, state in zip(course.index, course["Handlungsfeld"], course["Kurs"]):
        found.setdefault(cell_text(ident), (names.get(cell_text(hf), NO_FIELD), cell_text(state)))
    return found


def goal_lights(plan: Plan, course: pd.DataFrame, lights: pd.DataFrame, regeln: Regeln | None = None) -> pd.DataFrame:
    """One row per Handlungsziel of the plan (index Ziel-ID, plan order; a repeated ID once): Handlungsfeld, Kurs of
    its indicator („“ without one), counts of its measures' lights, the rolled-up Ampel (see `rollup`) and one
    German sentence."""
    regeln = regeln or Regeln()
    served, light_of = {}, dict(zip(lights.index, lights["Ampel"]))     # plain dicts: a few µs per goal
    for ident, ziel_ids in zip(lights.index, lights["Ziel-ID(s)"]):
        for goal in dict.fromkeys(goal_ids(ziel_ids)):
            served.setdefault(goal, []).append(ident)
    courses, names, rows, seen = _courses(plan, course), field_names(plan), [], set()
    for ident, ebene, hf in zip(plan.ziele["ID"], plan.ziele["Ebene"], plan.ziele["Handlungsfeld"]):
        ident = cell_text(ident)
        if cell_text(ebene) != "Handlungsziel" or not ident or ident in seen:
            continue
        seen.add(ident)
        mine = [light_of[m] for m in served.get(ident, [])]
        counts = _counts(mine)
        state = courses.get(ident, ("", ""))[1]
        light = rollup([kurs.LIGHT.get(state), *mine], regeln)
        said = [f"Indikator {SAID.get(state, state)}" if state else "ohne Indikator",
                _counted(counts, ("Maßnahme", "Maßnahmen")) if len(mine) else "keine Maßnahme"]
        rows.append({"Ziel-ID": ident, "Handlungsfeld": names.get(cell_text(hf), NO_FIELD), "Kurs": state, **counts,
                     "Ampel": light, "Satz": f"{_upper(light)}: {'; '.join(said)}."})
    columns = ["Ziel-ID", "Handlungsfeld", "Kurs", *AMPEL, "Ampel", "Satz"]
    return pd.DataFrame(rows, columns=columns, dtype=object).set_index("Ziel-ID")


def field_lights(plan: Plan, course: pd.DataFrame, lights: pd.DataFrame, regeln: Regeln | None = None) -> pd.DataFrame:
    """One row per Handlungsfeld (index Handlungsfeld, order of the sheet; `NO_FIELD` last when used) with measures
    or goals with a course: the counts of its measures' lights (grün, gelb, rot, grau), the number of its measures,
    the counts of its goals' courses (auf Kurs … keine Daten), the rolled-up Ampel of its measures' lights and its
    goals' courses (see `rollup`) and one German sentence."""
    regeln = regeln or Regeln()
    courses = _courses(plan, course).values()
    names = [cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"] if cell_text(n)]
    by_field = {}
    for name, light in zip(lights["Handlungsfeld"], lights["Ampel"]):
        by_field.setdefault(name, []).append(light)
    rows = []
    for name in dict.fromkeys([*names, NO_FIELD]):
        mine = by_field.get(name, [])
        states = [state for hf, state in courses if hf == name]
        if not mine and not states:
            continue
        counts = _counts(mine)
        by_course = {state: states.count(state) for state in kurs.KURS}
        light = rollup([*mine, *(kurs.LIGHT.get(s) for s in states)], regeln)
        said = [_counted(counts, ("Maßnahme", "Maßnahmen")) if len(mine) else "keine Maßnahme"]
        if states:
            said.append(_counted(by_course, ("Ziel mit Indikator", "Ziele mit Indikator")))
        rows.append({"Handlungsfeld": name, **counts, "Maßnahmen": len(mine), **by_course, "Ampel": light,
                     "Satz": f"{_upper(light)}: {'; '.join(said)}."})
    columns = ["Handlungsfeld", *AMPEL, "Maßnahmen", *kurs.KURS, "Ampel", "Satz"]
    return pd.DataFrame(rows, columns=columns, dtype=object).set_index("Handlungsfeld")
