"""The rules of stage 5 in one place: when a goal is auf Kurs, gefährdet or nicht auf Kurs, and which light
(grün, gelb, rot, grau) a measure, a Handlungsziel and a Handlungsfeld get.

    r = regeln.load("regeln.yaml")       # None or a missing optional file: the defaults
    for sentence in regeln.describe(r): print(sentence)

A district overrides any default in a small YAML file with German keys (`KEYS`), e.g.

    Toleranz (%): 15
    Sachstand veraltet nach (Tagen): 120

Shares are written in percent, periods in days. `kurs` and `ampel` read every threshold from `Regeln`; nothing
else in them is a rule. `TEMPLATE` (regeln.yaml beside this module) lists every key with its default and a German
comment: the file a district copies.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.plan import STATUS

#: Every key with its default and a German comment (a test keeps it equal to `Regeln()`).
TEMPLATE = Path(__file__).with_name("regeln.yaml")
#: Largest rules file read (a rules file has a dozen lines).
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Regeln:
    """Every threshold of the course and Ampel rules (percentages as numbers 0–100, periods in days)."""
    # --- course of a goal's indicator (kurs) ---
    #: Auf Kurs: at least 100 − tolerance percent of the progress planned up to the year of the latest value.
    tolerance: float = 10.0
    #: Gefährdet: at least this percent of the planned progress (below, or the wrong way: nicht auf Kurs).
    at_risk: float = 50.0
    # --- light of a measure (ampel) ---
    #: Gelb when the reported Fortschritt is below this percent of the progress due by the elapsed share of the
    #: Laufzeit (Beginn → Ende): 30 % done after 50 % of the time is 60 % of what is due.
    lag_yellow: float = 75.0
    #: Rot when it is below this percent of the progress due.
    lag_red: float = 40.0
    #: The Fortschritt is judged from this percent of the Laufzeit on (in the first weeks nothing is due yet).
    lag_from: float = 10.0
    #: The statuses that count as not yet begun: after the Beginn they are an overdue start.
    not_started: tuple[str, ...] = ("nicht begonnen", "in Vorbereitung")
    #: Gelb when a start or an end is overdue by more than this many days.
    late_yellow: int = 0
    #: Rot when a start or an end is overdue by more than this many days.
    late_red: int = 90
    #: Gelb when the last Sachstand (or, without any, the Beginn) is older than this many days.
    stale: int = 183
    # --- roll-up per Handlungsziel and Handlungsfeld ---
    #: Rot when at least this percent of the signals (measure lights, goal courses) are rot.
    rollup_red: float = 50.0
    #: Gelb when at least this percent of the signals are gelb or rot (and it is not rot).
    rollup_yellow: float = 25.0


#: The YAML key of each rule (German, as a district writes it) → field of `Regeln`.
KEYS = {
    "Toleranz (%)": "tolerance",
    "Gefährdet ab (%)": "at_risk",
    "Rückstand gelb unter (% des Fälligen)": "lag_yellow",
    "Rückstand rot unter (% des Fälligen)": "lag_red",
    "Rückstand geprüft ab (% der Laufzeit)": "lag_from",
    "Noch nicht begonnen (Status)": "not_started",
    "Verzug gelb ab (Tagen)": "late_yellow",
    "Verzug rot ab (Tagen)": "late_red",
    "Sachstand veraltet nach (Tagen)": "stale",
    "Sammelampel rot ab (%)": "rollup_red",
    "Sammelampel gelb ab (%)": "rollup_yellow",
}
KEY_OF = {name: key for key, name in KEYS.items()}
_PERCENT = {"tolerance", "at_risk", "rollup_red", "rollup_yellow", "lag_yellow", "lag_red", "lag_from"}
_DAYS = {"late_yellow", "late_red", "stale"}


def load(path: str | Path | None = None) -> Regeln:
    """The defaults overridden by the YAML file at `path` (None: the defaults). An unknown key, a value of the
    wrong kind or out of range, or thresholds in the wrong order raise a German UserError naming file and key."""
    if path is None:
        return Regeln()
    path = Path(path)
    data = _read(path)
    if data is None:
        return Regeln()
    if not isinstance(data, dict):
        raise UserError("Die Regeldatei muss aus Zeilen „Schlüssel: Zahl“ bestehen.", file=path,
                        hint=f"Erlaubte Schlüssel: {', '.join(KEYS)}.")
    values = {}
    for key, value in data.items():
        name = KEYS.get(str(key).strip())
        if name is None:
            raise UserError(f"Den Schlüssel „{key}“ kennt die Regeldatei nicht.", file=path, column=str(key),
                            hint=f"Erlaubte Schlüssel: {', '.join(KEYS)}.")
        values[name] = _value(path, str(key), name, value)
    rules = dataclasses.replace(Regeln(), **values)
    _check_order(path, rules)
    return rules


def _read(path: Path):
    hint = "Prüfen Sie Pfad und YAML-Schreibweise: je Zeile „Schlüssel: Zahl“, z. B. „Toleranz (%): 10“."
    try:
        data = path.read_bytes()[:MAX_BYTES + 1]
    except OSError:
        raise UserError("Die Regeldatei lässt sich nicht lesen (Datei fehlt oder ist nicht lesbar).", file=path,
                        hint=hint) from None
    if len(data) > MAX_BYTES:
        raise UserError(f"Die Regeldatei ist größer als {MAX_BYTES // 1024} KB; sie hat nur wenige Zeilen.",
                        file=path, hint=hint)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")       # Notepad's „ANSI“
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise UserError("Die Regeldatei ist kein gültiges YAML.", file=path, row=mark.line + 1 if mark else None,
                        hint=hint) from None


def _value(path: Path, key: str, name: str, value) -> float | int | tuple[str, ...]:
    if name == "not_started":
        return _statuses(path, key, value)
    whole = name in _DAYS
    if isinstance(value, str):
        parsed = fmt.parse_number(value)
        value = parsed if parsed is not None else value
    if not fmt.is_number(value) or (whole and not float(value).is_integer()):
        kind = "eine ganze Zahl (Tage)" if whole else "eine Zahl"
        said = "nichts" if value is None else f"„{value}“"
        raise UserError(f"Unter „{key}“ steht {said}; erwartet wird {kind}.", file=path, column=key,
                        hint="Schreiben Sie nur die Zahl, ohne Einheit, z. B. „" + key + ": "
                             + ("90" if whole else "10") + "“.")
    high = 100 if name in _PERCENT else None
    if value < 0 or (high is not None and value > high):
        bounds = "zwischen 0 und 100" if high else "nicht negativ"
        raise UserError(f"Unter „{key}“ steht {fmt.exact(value)}; der Wert muss {bounds} sein.", file=path,
                        column=key)
    return int(value) if whole else float(value)


def _statuses(path: Path, key: str, value) -> tuple[str, ...]:
    """A list of statuses of `plan.STATUS` (one status alone as text is a list of one; an empty list: none)."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    allowed = ", ".join(STATUS)
    if items is None or not all(isinstance(item, str) for item in items):
        said = "nichts" if value is None else f"„{value}“"
        raise UserError(f"Unter „{key}“ steht {said}; erwartet wird eine Liste von Status.", file=path, column=key,
                        hint=f"Zum Beispiel „{key}: [nicht begonnen, in Vorbereitung]“; möglich: {allowed}.")
    unknown = [item for item in items if item.strip() not in STATUS]
    if unknown:
        raise UserError(f"Unter „{key}“ steht der Status „{unknown[0]}“, den die Planungsmappe nicht kennt.",
                        file=path, column=key, hint=f"Möglich: {allowed}.")
    if {"abgeschlossen", "entfallen"} & {item.strip() for item in items}:
        raise UserError(f"Unter „{key}“ stehen nur Status vor dem Beginn; „abgeschlossen“ und „entfallen“ gehören "
                        "nicht dazu.", file=path, column=key, hint=f"Möglich: {allowed}.")
    return tuple(dict.fromkeys(item.strip() for item in items))


def _check_order(path: Path, r: Regeln) -> None:
    if r.lag_red > r.lag_yellow:
        raise UserError(f"„{KEY_OF['lag_red']}“ ({fmt.exact(r.lag_red)}) ist größer als „{KEY_OF['lag_yellow']}“ "
                        f"({fmt.exact(r.lag_yellow)}); Rot muss unter Gelb liegen.", file=path,
                        column=KEY_OF["lag_red"], hint="Setzen Sie die Rot-Schwelle höchstens so hoch wie die "
                                                       "Gelb-Schwelle.")
    pairs = (("late_yellow", "late_red"), ("rollup_yellow", "rollup_red"))
    for low, high in pairs:
        if getattr(r, low) > getattr(r, high):
            raise UserError(f"„{KEY_OF[low]}“ ({fmt.exact(getattr(r, low))}) ist größer als „{KEY_OF[high]}“ "
                            f"({fmt.exact(getattr(r, high))}); Gelb muss vor Rot kommen.", file=path,
                            column=KEY_OF[low],
                            hint="Setzen Sie die Gelb-Schwelle höchstens so hoch wie die Rot-Schwelle.")
    if 100 - r.tolerance < r.at_risk:
        raise UserError(f"Mit „{KEY_OF['tolerance']}“ {fmt.exact(r.tolerance)} liegt die Grenze „auf Kurs“ "
                        f"({fmt.exact(100 - r.tolerance)} %) unter „{KEY_OF['at_risk']}“ ({fmt.exact(r.at_risk)} %).",
                        file=path, column=KEY_OF["tolerance"],
                        hint="Die Toleranz plus „Gefährdet ab“ dürfen zusammen höchstens 100 ergeben.")


def on_course_share(r: Regeln) -> float:
    """The share (0–1) of the planned progress from which a goal is auf Kurs."""
    return 1 - r.tolerance / 100


def describe(r: Regeln) -> list[str]:
    """The rules as German sentences, for reports and the Integrationskonzept."""
    p = fmt.exact
    return [
        "Kurs eines Ziels: Verglichen wird der neueste Wert des Indikators nach dem Basisjahr mit dem Wert, den die "
        "gerade Linie vom Basiswert zum Zielwert für dieses Jahr vorsieht (Sollwert); ob ein steigender oder ein "
        "fallender Wert Fortschritt ist, sagt die Richtung des Indikators, bei „beschreibend“ der Zielwert.",
        f"Auf Kurs ist ein Ziel, wenn mindestens {p(100 - r.tolerance)} % des bis dahin geplanten Fortschritts "
        f"erreicht sind (Toleranz {p(r.tolerance)} %) oder der Zielwert schon erreicht ist.",
        f"Gefährdet ist es ab {p(r.at_risk)} % des geplanten Fortschritts, darunter und bei einer Entwicklung in die "
        "falsche Richtung ist es nicht auf Kurs; soll ein Wert nur gehalten werden, ist es auf Kurs, solange er "
        "nicht schlechter als der Basiswert ist.",
        "Keine Daten: Es fehlen Basisjahr, Basiswert, Zielwert oder ein plausibles Zieldatum nach dem Basisjahr, "
        "es gibt nach dem Basisjahr bis zum Jahr des Stichtags noch keinen Wert (eigene Indikatoren haben keine "
        "Zeitreihe aus dem Datenordner), oder bei „beschreibend“ ist der Zielwert gleich dem Basiswert.",
        "Ampel einer Maßnahme: abgeschlossen ist grün, entfallen grau; sonst zählt das schlechteste der folgenden "
        "Signale, ohne eines ist sie grün.",
        f"Verzug: Ist eine Maßnahme {_not_started_text(r.not_started)}nach ihrem Ende nicht abgeschlossen, ist sie "
        f"gelb, {_late(r.late_yellow)}, und rot bei mehr als {_days(r.late_red)} Verzug.",
        "Rückstand: Fällig ist so viel Fortschritt, wie Zeit von Beginn bis Ende verstrichen ist (nach der Hälfte "
        f"der Laufzeit 50 %); erreicht der gemeldete Fortschritt weniger als {p(r.lag_yellow)} % des Fälligen, ist "
        f"sie gelb, weniger als {p(r.lag_red)} % rot – geprüft ab {p(r.lag_from)} % der Laufzeit.",
        f"Ist der letzte Sachstand (ohne einen: der Beginn) älter als {fmt.number(r.stale)} Tage, ist sie gelb "
        "(Maßnahmen, die noch nicht beginnen sollten, brauchen keinen Sachstand).",
        "Eine im letzten Sachstand einer Maßnahme von Hand gesetzte Ampel überstimmt die berechnete; ihre "
        "Begründung wird genannt.",
        f"Sammelampel je Handlungsziel (Kurs des Indikators und Ampeln seiner Maßnahmen) und je Handlungsfeld "
        f"(Ampeln seiner Maßnahmen und Kurs seiner Ziele): rot, wenn mindestens {p(r.rollup_red)} % der Signale rot "
        f"sind, gelb, wenn mindestens {p(r.rollup_yellow)} % gelb oder rot sind, sonst grün; ohne Signal grau.",
    ]


def _days(days: int) -> str:
    return "einem Tag" if days == 1 else f"{fmt.number(days)} Tagen"


def _not_started_text(statuses: tuple[str, ...]) -> str:
    """„nach ihrem Beginn noch „nicht begonnen“ oder „in Vorbereitung“ oder “ (nothing without such statuses)."""
    quoted = [f"„{s}“" for s in statuses]
    if not quoted:
        return ""
    said = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} oder {quoted[-1]}"
    return f"nach ihrem Beginn noch {said} oder "


def _late(days: int) -> str:
    return "sobald sie überfällig ist" if days == 0 else f"bei mehr als {_days(days)} Verzug"
