"""Exercises: learner notebooks generated from solution notebooks, answer checks with German feedback.

One folder per course stage, ``exercises/NN_<stage>/`` (e.g. ``exercises/01_datenanalyse/``), holds three files:

``loesung.ipynb``
    The solution notebook, the single source. nbgrader-style markers, each on a line of its own, inside a cell:
    ``### BEGIN SOLUTION`` … ``### END SOLUTION`` around solution code (or, in a markdown cell, around the model
    answer) and ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` around lines only the solution keeps
    (e.g. a last cell ``assert not offen()``, so the solution fails under papermill unless every check passes).
    Blocks open and close in the same cell and never nest.
``aufgaben.ipynb``
    The learner notebook, written by ``ikpe exercises`` and committed; never edit it by hand. Solution code
    becomes ``# IHRE LÖSUNG HIER`` plus ``raise NotImplementedError(…)`` (same indentation), model answers become
    ``_Ihre Antwort hier_``, hidden tests vanish (and with them a cell left empty), outputs are stripped and
    cell ids kept. The same solution always gives the same bytes.
``pruefungen.py``
    The checks of the stage: a module-level list ``AUFGABEN`` of :class:`Aufgabe`. To add an exercise, append an
    ``Aufgabe(id, question, expected, hint, solution, tolerance=…, choices=…)``; ``expected(daten)`` computes the
    right answer from a copy of whatever the notebook passed to ``lade`` (a tidy table, a folder…), never from a
    typed-in figure.
    The kind of comparison follows the type ``expected`` returns: a number (within ``tolerance``), text
    (case and spacing ignored; ``choices`` lists allowed answers), a set (order ignored), a list or tuple (order
    counts), a DataFrame or Series (values within ``tolerance``).

In the notebook::

    from toolkit.exercises import lade, pruefe, tipp, loesung, offen
    lade("01_datenanalyse", daten=tabelle)   # folder under exercises/, or any path to such a folder
    ...
    pruefe("01-1", anteil)    # "Richtig! …" or "Noch nicht: … Tipp: …"; the solution after 3 wrong tries
    loesung("01-1")           # the solution on request

Tests of a stage: ``learner_notebook(stage)`` must equal the committed ``aufgaben.ipynb``, the solution must run
under papermill, and ``run_gaps(stage)`` must report errors exactly in the gap cells.
"""
from __future__ import annotations

import copy
import importlib.util
import math
import numbers
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import nbformat
import numpy as np
import pandas as pd

from toolkit import fmt
from toolkit.config import EXERCISES_DIR
from toolkit.errors import UserError

SOLUTION_NOTEBOOK = "loesung.ipynb"
LEARNER_NOTEBOOK = "aufgaben.ipynb"
CHECKS_MODULE = "pruefungen.py"
TRIES_BEFORE_SOLUTION = 3
PLACEHOLDERS = {
    "code": ["# IHRE LÖSUNG HIER",
             'raise NotImplementedError("Aufgabe noch nicht gelöst: Ersetzen Sie diese Zeile durch Ihre Lösung.")'],
    "markdown": ["_Ihre Antwort hier_"],
}
_MARKER = re.compile(r"^(\s*)### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
_MARKER_RULE = ("Jeder Block beginnt mit „### BEGIN SOLUTION“ (oder „### BEGIN HIDDEN TESTS“) und endet in "
                "derselben Zelle mit dem passenden „### END …“; Blöcke dürfen nicht verschachtelt sein.")


# --- generating learner notebooks -------------------------------------------------------------------------

def stage_dirs(root: Path = EXERCISES_DIR) -> list[Path]:
    """Every exercise folder under `root` that holds a solution notebook, sorted."""
    return sorted(p.parent for p in root.glob(f"*/{SOLUTION_NOTEBOOK}"))


def learner_notebook(stage: Path) -> str:
    """The learner notebook of `stage` as the exact JSON text to commit."""
    return nbformat.writes(_learner(stage)[0]) + "\n"


def write_learner_notebook(stage: Path) -> bool:
    """Write `stage`/aufgaben.ipynb from its solution; True if the file changed."""
    text = learner_notebook(stage)
    target = stage / LEARNER_NOTEBOOK
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8", newline="\n")
    return True


def _read_solution(stage: Path) -> nbformat.NotebookNode:
    path = stage / SOLUTION_NOTEBOOK
    if not path.is_file():
        raise UserError("Lösungsnotebook fehlt.", file=path,
                        hint=f"Ein Übungsordner braucht „{SOLUTION_NOTEBOOK}“ mit den Lösungen als Quelle.")
    try:
        return nbformat.read(path, as_version=4)
    except nbformat.reader.NotJSONError as error:
        hint = "Öffnen und speichern Sie es mit Jupyter oder stellen Sie es aus Git wieder her."
        raise UserError("Die Datei ist kein lesbares Notebook (kein gültiges JSON).", file=path, hint=hint) from error


@dataclass(frozen=True)
class _Cell:
    """A cell the learner notebook keeps, beside its solution cell."""
    number: int           # 1-based position in the solution notebook
    solution: Any
    learner: Any
    gaps: int


def _learner(stage: Path) -> tuple[nbformat.NotebookNode, list[_Cell]]:
    """The learner notebook and its cells paired with their solution cells."""
    solution = _read_solution(stage)
    cells = _learner_cells(solution, stage / SOLUTION_NOTEBOOK)
    learner = copy.deepcopy(solution)
    learner.cells = [cell.learner for cell in cells]
    learner.metadata.pop("papermill", None)
    return learner, cells


def _learner_cells(solution: nbformat.NotebookNode, path: Path) -> list[_Cell]:
    cells = []
    for number, cell in enumerate(solution.cells, 1):
        source, gaps, hidden = _cut(cell, path, number)
        if not (hidden and not source.strip()):
            cells.append(_Cell(number, cell, _with_source(cell, source), gaps))
    if not any(cell.gaps for cell in cells):
        raise UserError("Das Lösungsnotebook enthält keine Lücke.", file=path,
                        hint="Markieren Sie eine Lösung mit „### BEGIN SOLUTION“ … „### END SOLUTION“.")
    return cells


def _with_source(cell, source: str):
    """A copy of `cell` with `source`, without outputs and run metadata."""
    new = copy.deepcopy(cell)
    new.source = source
    for key in ("execution", "papermill"):
        new.metadata.pop(key, None)
    if new.cell_type == "code":
        new.outputs, new.execution_count = [], None
    return new


def _cut(cell, path: Path, number: int, only: int | None = None) -> tuple[str, int, int]:
    """The learner's source of one cell, with its numbers of solution and hidden-test blocks.

    With `only`, just the `only`-th solution block (1-based) becomes a gap and the others keep their solution.
    """
    lines, opened, counts = [], None, Counter()
    for line_no, line in enumerate(cell.source.splitlines(), 1):
        marker = _MARKER.match(line)
        if marker is None:
            keeps_solution = only not in (None, counts["SOLUTION"] + 1)
            if opened is None or (opened[0] == "SOLUTION" and keeps_solution):
                lines.append(line)
            continue
        indent, edge, kind = marker.groups()
        if edge == "BEGIN":
            if opened:
                raise _marker_error(path, number, cell, line_no, f"„### BEGIN {kind}“ steht im noch offenen Block "
                                    f"„### BEGIN {opened[0]}“ aus Zeile {opened[1]} (verschachtelt).")
            opened = (kind, line_no, indent)
            continue
        if opened is None or opened[0] != kind:
            raise _marker_error(path, number, cell, line_no,
                                f"„### END {kind}“ ohne vorheriges „### BEGIN {kind}“.")
        counts[kind] += 1
        if kind == "SOLUTION" and only in (None, counts[kind]):
            lines += [opened[2] + text for text in PLACEHOLDERS["code" if cell.cell_type == "code" else "markdown"]]
        opened = None
    if opened:
        raise _marker_error(path, number, cell, opened[1],
                            f"„### BEGIN {opened[0]}“ wird nicht mit „### END {opened[0]}“ geschlossen.")
    return "\n".join(lines), counts["SOLUTION"], counts["HIDDEN TESTS"]


def _marker_error(path: Path, number: int, cell, line_no: int, text: str) -> UserError:
    kind = "Code" if cell.cell_type == "code" else "Text"
    ident = f", id „{cell.id}“" if "id" in cell else ""
    return UserError(f"Zelle {number} ({kind}{ident}), Zeile {line_no} der Zelle: {text}", file=path,
                     hint=_MARKER_RULE)


# --- proving the gaps ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellRun:
    """One execution of a learner code cell by `run_gaps`."""
    index: int            # position in the learner notebook
    gap: int | None       # which gap of the cell is open (1-based); None for a cell without gaps
    error: str | None     # exception class name, None if the cell ran cleanly
    output: str           # what the cell printed


def run_gaps(stage: Path, timeout: int = 300) -> list[CellRun]:
    """Run the learner notebook cell by cell in one kernel (working folder: `stage`), each gap in isolation.

    A cell without gaps runs as the learner gets it. A cell with gaps runs once per gap, with only that gap
    open and the other blocks solved, and then with its full solution, so each later cell sees the state it
    would see once the gaps are filled. A sound exercise notebook has errors in exactly the runs with an open
    gap (all NotImplementedError), and every check after a gap prints "Richtig!".
    """
    from nbclient import NotebookClient
    learner, cells = _learner(stage)
    path = stage / SOLUTION_NOTEBOOK
    client = NotebookClient(learner, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(stage)}})
    runs = []
    with client.setup_kernel():
        for index, cell in enumerate(cells):
            if cell.learner.cell_type != "code":
                continue
            variants = {gap: _with_source(cell.solution, _cut(cell.solution, path, cell.number, only=gap)[0])
                        for gap in range(1, cell.gaps + 1)} or {None: cell.learner}
            for gap, variant in variants.items():
                client.execute_cell(variant, index)
                errors = [out.ename for out in variant.outputs if out.output_type == "error"]
                printed = "".join(out.text for out in variant.outputs if out.output_type == "stream")
                runs.append(CellRun(index, gap, errors[0] if errors else None, printed))
            if cell.gaps:
                client.execute_cell(copy.deepcopy(cell.solution), index)
    return runs


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
