"""Running the course notebooks with papermill: one district or many, up to two kernels at once."""
from __future__ import annotations

import ast
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from tqdm import tqdm

from toolkit import NOTEBOOKS_DIR
from toolkit.errors import UserError

#: Kernels running at the same time; the course machines have two cores.
MAX_KERNELS = 2
#: The kernel's own English log lines (the TCP notice, "KeyboardInterrupt caught" when papermill
#: interrupts it at shutdown) mean nothing to a course user; cell errors reach them through papermill.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]


@dataclass(frozen=True)
class Job:
    notebook: Path
    data_dir: Path
    output: Path


@dataclass(frozen=True)
class Failure:
    """A notebook that stopped with an error, located by its cell as the user counts it."""
    notebook: Path
    data_dir: Path
    cell: int | None
    error: str

    def __str__(self) -> str:
        where = f"in Zelle {self.cell}" if self.cell else "beim Ausführen"
        return (f"Notebook „{self.notebook.name}“ (Daten: {self.data_dir.name}) ist {where} "
                f"abgebrochen: {self.error}")


def course_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course notebooks `NN_*.ipynb`, in course order."""
    return sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))


def parse_parameters(items: list[str]) -> dict:
    """`["jahr=2023", "kreis=Musterland"]` → `{"jahr": 2023, "kreis": "Musterland"}`.

    Numbers, True/False and quoted text are read as Python literals; anything else is text.
    """
    parameters = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise UserError(f"Parameter „{item}“ hat nicht die Form NAME=WERT.",
                            hint="Schreiben Sie z. B. -p jahr=2023 oder -p kreis=Musterland.")
        parameters[name] = _literal(name, raw.strip())
    return parameters


def _literal(name: str, raw: str):
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw
    if not isinstance(value, (bool, int, float, str)):
        raise UserError(f"Parameter „{name}“: erwartet wird eine Zahl, True/False oder Text, nicht „{raw}“.",
                        hint="Listen und andere Werte gehören in die Parameterzelle des Notebooks.")
    return value


def run_notebooks(notebooks: list[Path], data_dirs: list[Path], out: Path,
                  parameters: dict | None = None) -> list[Failure]:
    """Run every notebook against every data directory; report failures in German.

    Each notebook gets the parameter `data_dir` (absolute path) plus `parameters`. With one data
    directory the outputs go to `out/<notebook>`, with several to `out/<data dir name>/<notebook>`.
    """
    jobs = _jobs([Path(n) for n in notebooks], [Path(d) for d in data_dirs], Path(out))
    with ThreadPoolExecutor(max_workers=MAX_KERNELS) as pool:
        results = pool.map(lambda job: _run(job, parameters or {}), jobs)
        failures = [f for f in tqdm(results, total=len(jobs), desc="Notebooks", unit="nb",
                                    disable=len(jobs) < 2) if f]
    for failure in failures:
        print(f"Fehler: {failure}", file=sys.stderr)
    if failures:
        print(f"{len(jobs) - len(failures)} von {len(jobs)} Notebooks fehlerfrei gerechnet.", file=sys.stderr)
    return failures


def _jobs(notebooks: list[Path], data_dirs: list[Path], out: Path) -> list[Job]:
    for notebook in notebooks:
        if not notebook.is_file():
            raise UserError("Notebook nicht gefunden.", file=notebook,
                            hint="Pfad prüfen; die Kursnotebooks liegen in notebooks/.")
    for data_dir in data_dirs:
        if not data_dir.is_dir():
            raise UserError("Datenordner nicht gefunden.", file=data_dir,
                            hint="Geben Sie mit --data einen vorhandenen Ordner an.")
    names = [d.resolve().name for d in data_dirs]
    if len(set(names)) < len(names):
        raise UserError("Mehrere Datenordner tragen denselben Namen; die Ergebnisse würden sich überschreiben.",
                        hint="Ordner so benennen, dass jeder Name nur einmal vorkommt.")
    out.mkdir(parents=True, exist_ok=True)
    return [Job(nb.resolve(), d.resolve(), (out / d.resolve().name if len(data_dirs) > 1 else out) / nb.name)
            for d in data_dirs for nb in notebooks]


def _run(job: Job, parameters: dict) -> Failure | None:
    job.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(job.notebook, job.output, cwd=job.notebook.parent, progress_bar=False,
                                   parameters={"data_dir": str(job.data_dir), **parameters},
                                   extra_arguments=KERNEL_QUIET)
    except papermill.PapermillExecutionError as error:
        return Failure(job.notebook, job.data_dir, _user_cell(job.notebook, error.cell_index),
                       f"{error.ename}: {error.evalue}")
    except Exception as error:  # kernel died, timeout: still report it by name and go on
        return Failure(job.notebook, job.data_dir, None, f"{type(error).__name__}: {error}")
    return None


def _user_cell(notebook: Path, executed_index: int) -> int:
    """1-based position of a failing cell in the notebook as stored (papermill's injected cell removed)."""
    cells = nbformat.read(notebook, as_version=4).cells
    tagged = [i for i, cell in enumerate(cells) if "parameters" in cell.metadata.get("tags", [])]
    injected = tagged[0] + 1 if tagged else 0
    return executed_index + (0 if executed_index < injected else -1) + 1
