"""Learner notebooks generated from solution notebooks: solution blocks become gaps, hidden tests vanish, the
same solution always gives the same bytes.
"""
from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from toolkit.config import EXERCISES_DIR
from toolkit.errors import UserError

SOLUTION_NOTEBOOK = "loesung.ipynb"
LEARNER_NOTEBOOK = "aufgaben.ipynb"
CHECKS_MODULE = "pruefungen.py"


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
