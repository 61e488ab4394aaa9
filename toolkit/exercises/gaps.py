"""Proving the gaps: the learner notebook run cell by cell reports errors exactly in the gap cells."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from toolkit.exercises.notebooks import SOLUTION_NOTEBOOK, _cut, _learner, _with_source

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
