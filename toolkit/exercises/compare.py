"""Comparing a learner's answer with the expected one by its type, with German feedback on what differs."""
from __future__ import annotations

import math
import numbers
import unicodedata
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit import fmt

# --- comparing answers --------------------------------------------------------------------------------------

def mismatch(answer, expected, tolerance: float = 0.0, choices: Iterable[str] = ()) -> str | None:
    """None if `answer` matches `expected`, else one German sentence saying what is off (not the answer).

    The comparison follows the type of `expected`: number (absolute `tolerance`), text (case and spacing
    ignored), set (order ignored), list/tuple (order counts), DataFrame/Series (values within `tolerance`).
    """
    if answer is None or answer is Ellipsis:
        return "Sie haben noch keine Antwort angegeben."
    choices = list(choices)
    if choices and _normalise(answer) not in {_normalise(c) for c in choices}:
        return f"Bitte antworten Sie mit einer dieser Möglichkeiten: {_show_items(choices)}."
    for expected_types, answer_types, compare in _RULES:
        if isinstance(expected, expected_types):
            if not isinstance(answer, answer_types):
                return _wrong_type(answer, expected)
            return compare(answer, expected, tolerance)
    return None if answer == expected else "Diese Antwort stimmt nicht."


def _normalise(value):
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).casefold().split())
    if isinstance(value, (list, tuple)):
        return tuple(_normalise(v) for v in value)
    return value


def _number(answer, expected, tolerance: float) -> str | None:
    if math.isnan(answer):
        return "Ihr Ergebnis ist keine Zahl (NaN) – fehlt ein Wert in der Rechnung?"
    if math.isclose(answer, expected, rel_tol=1e-9, abs_tol=tolerance):
        return None
    direction = "groß" if answer > expected else "klein"
    return f"Ihr Wert {fmt.number(answer, _decimals(answer, tolerance))} ist zu {direction}."


def _text(answer: str, expected: str, tolerance: float) -> str | None:
    return None if _normalise(answer) == _normalise(expected) else f"„{answer}“ ist nicht die gesuchte Antwort."


def _set(answer, expected, tolerance: float) -> str | None:
    given, wanted = {_normalise(v) for v in answer}, {_normalise(v) for v in expected}
    parts = []
    if missing := len(wanted - given):
        parts.append(_count(missing, "Eintrag fehlt", "Einträge fehlen") + " noch")
    if extra := len(given - wanted):
        parts.append(_count(extra, "Eintrag gehört", "Einträge gehören") + " nicht dazu")
    return "; ".join(parts) + "." if parts else None


def _sequence(answer, expected, tolerance: float) -> str | None:
    given, wanted = [_normalise(v) for v in answer], [_normalise(v) for v in expected]
    if given == wanted:
        return None
    if len(given) != len(wanted):
        return f"Erwartet werden {len(wanted)} Einträge, Ihre Liste hat {len(given)}."
    if Counter(given) == Counter(wanted):
        return "Die Einträge stimmen, aber die Reihenfolge nicht."
    wrong = sum(g != w for g, w in zip(given, wanted))
    return f"{wrong} von {len(wanted)} Einträgen stimmen nicht."


def _frame(answer: pd.DataFrame, expected: pd.DataFrame, tolerance: float) -> str | None:
    if missing := [c for c in expected.columns if c not in answer.columns]:
        return f"Es fehlen Spalten: {_show_items(missing)}."
    if extra := [c for c in answer.columns if c not in expected.columns]:
        return f"Diese Spalten gehören nicht dazu: {_show_items(extra)}."
    if len(answer) != len(expected):
        return f"Ihr Ergebnis hat {len(answer)} Zeilen, erwartet sind {len(expected)}."
    if not answer.index.equals(expected.index):
        return ("Die Zeilen sind anders beschriftet oder sortiert (Index) – prüfen Sie Sortierung, "
                "set_index und reset_index.")
    wrong = [c for c in expected.columns if not _same_values(answer[c], expected[c], tolerance)]
    return f"Die Werte weichen ab in Spalte {_show_items(wrong)}." if wrong else None


def _series(answer: pd.Series, expected: pd.Series, tolerance: float) -> str | None:
    name = expected.name if expected.name is not None else "Werte"
    return _frame(answer.to_frame(name), expected.to_frame(name), tolerance)


def _same_values(answer: pd.Series, expected: pd.Series, tolerance: float) -> bool:
    try:
        pd.testing.assert_series_equal(answer, expected, check_dtype=False, check_names=False, check_index=False,
                                       check_exact=False, rtol=1e-9, atol=max(tolerance, 1e-12))
    except AssertionError:
        return False
    return True


def _equal(answer, expected, tolerance: float) -> str | None:
    return None if answer == expected else "Diese Antwort stimmt nicht."


_COLLECTIONS = (set, frozenset, list, tuple, pd.Index, np.ndarray)
_BOOLS = (bool, np.bool_)
#: (type of the expected answer, answer types accepted for it, comparison), first match wins.
_RULES = (
    (pd.DataFrame, pd.DataFrame, _frame),
    (pd.Series, pd.Series, _series),
    ((set, frozenset), _COLLECTIONS, _set),
    ((list, tuple), _COLLECTIONS, _sequence),
    (str, str, _text),
    (_BOOLS, _BOOLS, _equal),
    (numbers.Real, numbers.Real, _number),
)
_KIND_NAMES = (
    (pd.DataFrame, "eine Tabelle (DataFrame)"),
    (pd.Series, "eine Spalte (Series)"),
    (_BOOLS, "einen Wahrheitswert (True/False)"),
    (numbers.Real, "eine Zahl"),
    (str, "Text"),
    ((set, frozenset), "eine Menge"),
    (_COLLECTIONS, "eine Liste"),
)


def _kind(value) -> str:
    fallback = f"einen Wert vom Typ {type(value).__name__}"
    return next((name for kind, name in _KIND_NAMES if isinstance(value, kind)), fallback)


def _wrong_type(answer, expected) -> str:
    text = f"Erwartet wird {_kind(expected)}, Sie haben {_kind(answer)} angegeben."
    if isinstance(answer, str) and isinstance(expected, numbers.Real):
        text += " Schreiben Sie die Zahl ohne Anführungszeichen und mit Punkt statt Komma, z. B. 12.5."
    return text


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _show_items(items) -> str:
    return ", ".join(f"„{item}“" for item in items)


def _decimals(value, tolerance: float) -> int:
    if float(value).is_integer() or tolerance >= 1:
        return 0
    return min(6, math.ceil(-math.log10(tolerance))) if tolerance > 0 else 2


def show(value, tolerance: float = 0.0) -> str:
    """An expected answer as a learner reads it (German number format)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.to_string(float_format=lambda v: fmt.number(v, _decimals(v, tolerance)))
    if isinstance(value, (set, frozenset)):
        return _show_items(sorted(value, key=str))
    if isinstance(value, (list, tuple)):
        return _show_items(value)
    if isinstance(value, str):
        return f"„{value}“"
    if isinstance(value, numbers.Real) and not isinstance(value, _BOOLS):
        return fmt.number(value, _decimals(value, tolerance))
    return str(value)
