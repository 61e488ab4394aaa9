"""Whole course for Landkreis Musterland against its floor, in one process.

Course: every course notebook run with papermill on the demo data (two kernels at a time) plus the
HTML handouts. Floor: N papermill runs of an empty notebook, N = number of course notebooks —
what starting the kernels alone costs. Goal: course_run_vs_floor ≤ 1.3.

    python benchmarks/course_run.py              # the course notebooks in notebooks/
    python benchmarks/course_run.py --stand-ins  # the test notebooks, while the course has none

Floor and course alternate for a few rounds and the best of each counts: the machine is shared,
and the minimum is the figure least disturbed by other work.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

from toolkit import course, reports
from toolkit.config import DEMO_DATA_DIR, PROJECT_ROOT

STAND_INS = [PROJECT_ROOT / "tests" / "notebooks" / n for n in ("bericht.ipynb", "kurz.ipynb", "widget.ipynb")]


def _empty_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nbformat.write(nb, path)
    return path


def _floor(n: int, work: Path) -> float:
    empty = _empty_notebook(work / "leer.ipynb")
    start = time.perf_counter()
    for i in range(n):
        papermill.execute_notebook(empty, work / f"leer_{i}.ipynb", progress_bar=False)
    return time.perf_counter() - start


def _course(notebooks: list[Path], work: Path) -> tuple[float, dict[str, float]]:
    """Seconds for the course with handouts, and papermill's seconds per notebook."""
    start = time.perf_counter()
    failures = course.run_notebooks(notebooks, [DEMO_DATA_DIR], work / "musterland")
    reports.render_handouts(work / "musterland")
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} Notebook(s) fehlgeschlagen – Messung ungültig.")
    return elapsed, {nb.name: nbformat.read(work / "musterland" / nb.name, as_version=4).metadata.papermill.duration
                     for nb in notebooks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stand-ins", action="store_true", help="die Testnotebooks statt der Kursnotebooks messen")
    parser.add_argument("--rounds", type=int, default=3, help="Durchgänge (Vorgabe: 3)")
    args = parser.parse_args()
    notebooks = STAND_INS if args.stand_ins else course.course_notebooks()
    print(f"N={len(notebooks)} Notebooks{' (Testnotebooks als Ersatz)' if args.stand_ins else ''}")
    if not notebooks:
        print("notebooks/ enthält noch keine Kursnotebooks; mit --stand-ins die Testnotebooks messen.")
        print("RESULT course_run_vs_floor nan")
        return
    with tempfile.TemporaryDirectory(prefix="ikpe-bench-") as tmp:
        work = Path(tmp)
        _floor(1, work)  # warm-up: imports and the kernel's files in the page cache
        floors, runs = [], []
        for _ in range(args.rounds):
            floors.append(_floor(len(notebooks), work))
            runs.append(_course(notebooks, work))
        floor, (run, each) = min(floors), min(runs, key=lambda r: r[0])
    print(f"Kurs mit Handouts: {run:.2f} s, Boden ({len(notebooks)} leere Notebooks): {floor:.2f} s")
    print("Notebooks (papermill, Kernel eingeschlossen): " + ", ".join(f"{n} {s:.2f} s" for n, s in each.items()))
    print(f"RESULT course_run_vs_floor {run / floor:.2f}")


if __name__ == "__main__":
    main()
