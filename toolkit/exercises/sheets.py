"""Exercises, the sheet of a stage and the learner's functions: lade, pruefe, tipp, loesung, offen."""
from __future__ import annotations

import copy
import importlib.util
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.config import EXERCISES_DIR
from toolkit.errors import UserError
from toolkit.exercises.compare import _show_items, mismatch, show
from toolkit.exercises.notebooks import CHECKS_MODULE

TRIES_BEFORE_SOLUTION = 3


# --- exercises, sheets and the learner's functions ----------------------------------------------------------

@dataclass(frozen=True)
class Aufgabe:
    """One exercise. `expected(daten)` computes the right answer from the data the notebook loaded."""
    id: str
    question: str
    expected: Callable[[Any], Any]
    hint: str
    solution: str
    tolerance: float = 0.0
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """German feedback; true if the answer was right."""
    text: str
    correct: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return self.correct

    def _ipython_display_(self) -> None:
        """Show nothing: `pruefe`, `tipp` and `loesung` printed the text already."""


class Aufgabenblatt:
    """The exercises of one stage with the data they are checked against and the learner's progress."""

    def __init__(self, aufgaben: Iterable[Aufgabe], daten=None, source: Path | None = None):
        self.aufgaben: dict[str, Aufgabe] = {}
        for aufgabe in aufgaben:
            if aufgabe.id in self.aufgaben:
                raise UserError(f"Die Aufgabe „{aufgabe.id}“ ist doppelt definiert.", file=source,
                                hint="Jede Aufgabe braucht eine eigene id.")
            self.aufgaben[aufgabe.id] = aufgabe
        self.daten = copy.deepcopy(daten)  # what the notebook does to its data later cannot move the targets
        self.solved: set[str] = set()
        self._wrong: Counter[str] = Counter()
        self._expected: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"{len(self.aufgaben)} Aufgaben geladen: {', '.join(self.aufgaben)}"

    def aufgabe(self, ident: str) -> Aufgabe:
        if ident not in self.aufgaben:
            raise UserError(f"Eine Aufgabe „{ident}“ gibt es hier nicht. Vorhanden: {_show_items(self.aufgaben)}.",
                            hint="Schreiben Sie die Nummer der Aufgabe genau so wie im Aufgabentext.")
        return self.aufgaben[ident]

    def expected(self, ident: str):
        """The right answer, computed from the data once."""
        if ident not in self._expected:
            self._expected[ident] = self.aufgabe(ident).expected(self.daten)
        return self._expected[ident]

    def check(self, ident: str, answer) -> Feedback:
        """Right, or what is off plus the hint; from the third wrong try on also the solution."""
        aufgabe = self.aufgabe(ident)
        reason = mismatch(answer, self.expected(ident), aufgabe.tolerance, aufgabe.choices)
        if reason is None:
            self.solved.add(ident)
            return Feedback(f"Richtig! Aufgabe {ident} ist gelöst.", correct=True)
        self._wrong[ident] += 1
        text = f"Noch nicht: {reason} Tipp: {aufgabe.hint}"
        if self._wrong[ident] >= TRIES_BEFORE_SOLUTION:
            text += "\n" + self.solution(ident).text
        return Feedback(text)

    def hint(self, ident: str) -> Feedback:
        aufgabe = self.aufgabe(ident)
        return Feedback(f"Tipp zu Aufgabe {ident} ({aufgabe.question}): {aufgabe.hint}")

    def solution(self, ident: str) -> Feedback:
        aufgabe = self.aufgabe(ident)
        return Feedback(f"Lösung zu Aufgabe {ident} ({aufgabe.question}): {aufgabe.solution}\n"
                        f"Ergebnis: {show(self.expected(ident), aufgabe.tolerance)}")

    def unsolved(self) -> list[str]:
        return [ident for ident in self.aufgaben if ident not in self.solved]


def load_checks(stage: Path) -> list[Aufgabe]:
    """The `AUFGABEN` list of `stage`/pruefungen.py."""
    path = stage / CHECKS_MODULE
    if not path.is_file():
        raise UserError("Die Prüfungen zu diesen Aufgaben fehlen.", file=path,
                        hint=f"Legen Sie „{CHECKS_MODULE}“ mit einer Liste AUFGABEN neben das Lösungsnotebook.")
    spec = importlib.util.spec_from_file_location(f"pruefungen_{stage.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    aufgaben = getattr(module, "AUFGABEN", None)
    if not aufgaben:
        raise UserError("Die Datei enthält keine Liste AUFGABEN.", file=path,
                        hint="Definieren Sie AUFGABEN = [Aufgabe(…), …].")
    return list(aufgaben)


_sheet: Aufgabenblatt | None = None


def lade(stufe: str | Path, daten=None) -> Aufgabenblatt:
    """Load the exercises of `stufe` (a folder under exercises/ or any path to one) and check against `daten`."""
    global _sheet
    stage = EXERCISES_DIR / stufe
    _sheet = Aufgabenblatt(load_checks(stage), daten, source=stage / CHECKS_MODULE)
    return _sheet


def _active() -> Aufgabenblatt:
    if _sheet is None:
        raise UserError("Es sind noch keine Aufgaben geladen.",
                        hint="Führen Sie zuerst die Zelle mit „lade(…)“ oben im Notebook aus.")
    return _sheet


def _say(feedback: Feedback) -> Feedback:
    print(feedback.text)
    return feedback


def pruefe(aufgabe: str, antwort) -> Feedback:
    """Check `antwort` for exercise `aufgabe`; prints and returns German feedback."""
    return _say(_active().check(aufgabe, antwort))


def tipp(aufgabe: str) -> Feedback:
    """Print the hint of an exercise."""
    return _say(_active().hint(aufgabe))


def loesung(aufgabe: str) -> Feedback:
    """Print the solution of an exercise, with the result computed from the data."""
    return _say(_active().solution(aufgabe))


def offen() -> list[str]:
    """Ids of the exercises not yet answered correctly."""
    return _active().unsolved()
