"""Running the course notebooks with papermill: one district or many, up to two kernels at once."""
from __future__ import annotations

import ast
import json
import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from tqdm import tqdm

from toolkit import config
from toolkit.config import NOTEBOOKS_DIR
from toolkit.errors import UserError

logger = logging.getLogger(__name__)

#: Kernels running at the same time; the course machines have two cores.
MAX_KERNELS = 2
#: The kernel's own English log lines (the TCP notice, "KeyboardInterrupt caught" when papermill
#: interrupts it at shutdown) mean nothing to a course user; cell errors reach them through papermill.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]
#: Types a parameter given as text on the command line is converted to, by the notebook's own default.
TYPE_NAMES = {"str": str, "int": int, "float": float, "bool": bool}
EXPECTED = {int: "eine ganze Zahl", float: "eine Zahl", bool: "True oder False"}
EXAMPLES = {int: "2023", float: "0,5", bool: "True"}


@dataclass(frozen=True)
class Job:
    notebook: Path
    data_dir: Path
    output: Path
    parameters: dict    # what the notebook's parameters cell declares: data_dir and those given, typed


@dataclass(frozen=True)
class Failure:
    """A notebook that stopped with an error, located by its cell as the user counts it. `user_error`: it was a
    `UserError` (a data problem the user can fix), and `error` is its German message as the CLI prints it."""
    notebook: Path
    data_dir: Path
    cell: int | None
    error: str
    user_error: bool = False

    def __str__(self) -> str:
        where = f"in Zelle {self.cell}" if self.cell else "beim Ausführen"
        return (f"Notebook „{self.notebook.name}“ (Daten: {self.data_dir.name}) ist {where} "
                f"abgebrochen: {self.error}")


def course_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course notebooks `NN_*.ipynb`, in course order."""
    return sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))


def parse_parameters(items: list[str]) -> dict[str, str]:
    """`["jahr=2023", "kreis=Musterland"]` → `{"jahr": "2023", "kreis": "Musterland"}`: the text as given.

    Each notebook converts it to the type of the parameter's default in its own parameters cell
    (see `notebook_arguments`), so `district_code=16063` stays the text "16063".
    """
    parameters = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise UserError(f"Parameter „{item}“ hat nicht die Form NAME=WERT.",
                            hint="Schreiben Sie z. B. -p jahr=2023 oder -p kreis=Musterland.")
        parameters[name] = raw.strip()
    return parameters


def read_notebook(path: Path, hint: str = "Das Notebook aus dem Projekt wiederherstellen oder in Jupyter neu "
                                         "speichern.") -> nbformat.NotebookNode:
    """The notebook at `path`; a damaged one (cut off, not JSON, not a notebook) is a `UserError` naming it — with
    the line where the JSON breaks, if it does."""
    try:
        return nbformat.read(path, as_version=4)
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds for a damaged file (ValueError,
        # TypeError, AttributeError, jsonschema's ValidationError …); none of them is the toolkit's fault
        cause = error.__cause__ if isinstance(error.__cause__, json.JSONDecodeError) else None
        raise UserError("Die Datei ist kein lesbares Notebook (beschädigt, abgeschnitten oder kein "
                        "Notebook-Format).", file=path, row=cause.lineno if cause else None, hint=hint) from error


def writable_folder(folder: Path, what: str = "die Ergebnisse") -> Path:
    """`folder` (made if missing) after writing a test file into it; a file in its place, or a folder that takes no
    files (no rights, read-only, full), is a `UserError` — before any work is done."""
    folder = Path(folder)
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise UserError(f"Das ist eine Datei, kein Ordner; hierhin sollen {what}.", file=blocking,
                        hint="Einen Ordner angeben (er wird angelegt, wenn es ihn noch nicht gibt) oder die Datei "
                             "umbenennen.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UserError(f"In diesen Ordner lässt sich nichts schreiben (keine Berechtigung, schreibgeschützt oder "
                        f"voll); hierhin sollen {what}.", file=folder,
                        hint="Einen anderen Ordner wählen, in dem Sie schreiben dürfen.") from error
    return folder


def notebook_parameters(notebook: Path) -> dict[str, type | None]:
    """The names in a notebook's parameters cell with the type of their default (a type hint wins);
    None where that is not text, a number or True/False."""
    read_notebook(notebook)  # a damaged notebook is a German error naming it, not papermill's traceback
    return {name: _declared_type(found) for name, found in papermill.inspect_notebook(str(notebook)).items()}


def _declared_type(parameter: dict) -> type | None:
    if parameter["inferred_type_name"] in TYPE_NAMES:
        return TYPE_NAMES[parameter["inferred_type_name"]]
    try:
        default = ast.literal_eval(parameter["default"])
    except (ValueError, SyntaxError):
        return None
    return type(default) if type(default) in TYPE_NAMES.values() else None


def notebook_arguments(declared: dict[Path, dict[str, type | None]], parameters: dict) -> dict[Path, dict]:
    """For every notebook the given parameters its parameters cell declares, converted to their types.

    A name no notebook declares, or a value that does not fit its type, is a `UserError`.
    """
    known = sorted(set().union(*declared.values()))
    unknown = [name for name in parameters if name not in known]
    if unknown:
        raise UserError(f"Kein Notebook hat den Parameter „{'“, „'.join(unknown)}“.",
                        hint=f"Möglich sind: {', '.join(known) or '(keine)'}.")
    return {notebook: {name: convert(value, types[name], name, notebook)
                       for name, value in parameters.items() if name in types}
            for notebook, types in declared.items()}


def convert(value, kind: type | None, name: str, notebook: Path):
    """`value` (text from the command line, or already a Python value) as `kind`; text stays text as given,
    apart from one pair of quotes around it (`-p 'kreis="16063"'`)."""
    if kind is None:
        return _literal(name, value) if isinstance(value, str) else value
    if not isinstance(value, str):
        return str(value) if kind is str else _checked(value, kind, name, notebook)
    if kind is str:
        unquoted = _safe_literal(value) if len(value) > 1 and value[0] == value[-1] in "'\"" else None
        return unquoted if isinstance(unquoted, str) else value
    try:
        return PARSERS[kind](value)
    except ValueError:
        raise _type_error(value, kind, name, notebook) from None


def _checked(value, kind: type, name: str, notebook: Path):
    """A Python value given to `run_notebooks` for a number or True/False parameter."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    fits = {bool: isinstance(value, bool), int: number and isinstance(value, int), float: number}[kind]
    if not fits:
        raise _type_error(value, kind, name, notebook)
    return kind(value)


def _type_error(value, kind: type, name: str, notebook: Path) -> UserError:
    return UserError(f"Parameter „{name}“ des Notebooks „{notebook.name}“: erwartet wird {EXPECTED[kind]}, "
                     f"nicht „{value}“.", hint=f"Schreiben Sie z. B. -p {name}={EXAMPLES[kind]}.")


def _parse_bool(text: str) -> bool:
    words = {"true": True, "wahr": True, "ja": True, "1": True, "false": False, "falsch": False, "nein": False,
             "0": False}
    if text.lower() not in words:
        raise ValueError(text)
    return words[text.lower()]


PARSERS = {int: int, float: lambda text: float(text.replace(",", ".")), bool: _parse_bool}


def _safe_literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def _literal(name: str, raw: str):
    """Text for a parameter of unknown type: numbers, True/False and quoted text as Python literals, else text."""
    value = _safe_literal(raw)
    if value is None:
        return raw
    if not isinstance(value, (bool, int, float, str)):
        raise UserError(f"Parameter „{name}“: erwartet wird eine Zahl, True/False oder Text, nicht „{raw}“.",
                        hint="Listen und andere Werte gehören in die Parameterzelle des Notebooks.")
    return value


def run_notebooks(notebooks: list[Path], data_dirs: list[Path], out: Path,
                  parameters: dict | None = None) -> list[Failure]:
    """Run every notebook against every data directory; report failures in German.

    Each notebook gets the parameter `data_dir` (absolute path) plus those of `parameters` its parameters
    cell declares, as the type of their default there (see `notebook_arguments`). With one data directory
    the outputs go to `out/<notebook>`, with several to `out/<data dir name>/<notebook>`.
    """
    jobs = _jobs([Path(n) for n in notebooks], [Path(d) for d in data_dirs], Path(out), parameters or {})
    # the kernels start in the notebooks' folder: they get this process's cache and working-copy folders
    here = Path.cwd()
    try:
        with config.outputs_pinned(), ThreadPoolExecutor(max_workers=MAX_KERNELS) as pool:
            results = pool.map(_run, jobs)
            failures = [f for f in tqdm(results, total=len(jobs), desc="Notebooks", unit="nb",
                                        disable=len(jobs) < 2) if f]
    finally:
        # papermill's cwd= changes the process's folder per run; runs overlapping in threads can restore each
        # other's folder, leaving this process in a notebook folder (for a wheel: inside the package)
        os.chdir(here)
    for failure in failures:
        logger.error("Fehler: %s", failure)
    if failures:
        logger.error("%d von %d Notebooks fehlerfrei gerechnet.", len(jobs) - len(failures), len(jobs))
    return failures


def _jobs(notebooks: list[Path], data_dirs: list[Path], out: Path, parameters: dict) -> list[Job]:
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
    declared = {nb: notebook_parameters(nb) for nb in notebooks}
    given = notebook_arguments(declared, parameters)
    out = writable_folder(out.resolve())  # resolved: papermill's cwd= changes the process's folder during a run
    return [Job(nb.resolve(), d.resolve(), (out / d.resolve().name if len(data_dirs) > 1 else out) / nb.name,
                {**({"data_dir": str(d.resolve())} if "data_dir" in declared[nb] else {}), **given[nb]})
            for d in data_dirs for nb in notebooks]


def _run(job: Job) -> Failure | None:
    job.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(job.notebook, job.output, cwd=job.notebook.parent, progress_bar=False,
                                   parameters=job.parameters,
                                   extra_arguments=KERNEL_QUIET)
    except papermill.PapermillExecutionError as error:  # the cell's traceback is in the output notebook
        logger.debug("Notebook %s (Daten: %s) abgebrochen, Ausgabe: %s", job.notebook, job.data_dir, job.output,
                     exc_info=True)
        user_error = error.ename == UserError.__name__   # its German message, as the CLI prints it
        return Failure(job.notebook, job.data_dir, _user_cell(job.notebook, error.cell_index, bool(job.parameters)),
                       error.evalue if user_error else f"{error.ename}: {error.evalue}", user_error)
    except Exception as error:  # kernel died, timeout: still report it by name and go on
        logger.debug("Notebook %s (Daten: %s) nicht gerechnet", job.notebook, job.data_dir, exc_info=True)
        return Failure(job.notebook, job.data_dir, None, f"{type(error).__name__}: {error}")
    return None


def _user_cell(notebook: Path, executed_index: int, parameterized: bool) -> int:
    """1-based position of a failing cell in the notebook as stored (papermill's injected cell removed: it injects one
    only when given parameters, after the parameters cell or else at the top)."""
    cells = nbformat.read(notebook, as_version=4).cells
    tagged = [i for i, cell in enumerate(cells) if "parameters" in cell.metadata.get("tags", [])]
    if not parameterized:
        return executed_index + 1
    injected = tagged[0] + 1 if tagged else 0
    return executed_index + (0 if executed_index < injected else -1) + 1
