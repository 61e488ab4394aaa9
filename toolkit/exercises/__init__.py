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

The modules: ``notebooks`` (generating learner notebooks), ``gaps`` (proving the gaps), ``compare`` (comparing
answers), ``sheets`` (exercises, the stage's sheet and the learner's functions).
"""
from toolkit.exercises.compare import mismatch, show
from toolkit.exercises.gaps import CellRun, run_gaps
from toolkit.exercises.notebooks import (
    CHECKS_MODULE,
    LEARNER_NOTEBOOK,
    PLACEHOLDERS,
    SOLUTION_NOTEBOOK,
    learner_notebook,
    stage_dirs,
    write_learner_notebook,
)
from toolkit.exercises.sheets import (
    TRIES_BEFORE_SOLUTION,
    Aufgabe,
    Aufgabenblatt,
    Feedback,
    lade,
    load_checks,
    loesung,
    offen,
    pruefe,
    tipp,
)

__all__ = [
    "SOLUTION_NOTEBOOK", "LEARNER_NOTEBOOK", "CHECKS_MODULE", "PLACEHOLDERS", "stage_dirs", "learner_notebook",
    "write_learner_notebook", "CellRun", "run_gaps", "mismatch", "show", "TRIES_BEFORE_SOLUTION", "Aufgabe",
    "Feedback", "Aufgabenblatt", "load_checks", "lade", "pruefe", "tipp", "loesung", "offen",
]
