"""Where things are: the course material, the outputs, the cache and the working copies, and the
environment variables that move them. Every path of the package comes from here.

    from toolkit import config
    config.NOTEBOOKS_DIR             # the course notebooks
    config.cache_dir()               # $IKPE_CACHE_DIR, else build/.cache beside the outputs

The course material (notebooks/, exercises/, datasets/musterland/, voila.json) is read from the project
checkout when the package is installed from one (editable install, `make setup`); an installed wheel carries
a copy of it inside the package (toolkit/_material/, same layout, written by build_course.py when the wheel
is built). Outputs (build/, arbeit/, the cache) go beside the material in a checkout, else into the current
working directory — or wherever the environment variables below say.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import re
from pathlib import Path

#: The package itself and the Jupyter data directory with its nbconvert (handout) and voila (apps) templates.
PACKAGE_DIR = Path(__file__).resolve().parent
JUPYTER_DATA_DIR = PACKAGE_DIR / "reports" / "jupyter"
#: Where a wheel carries the course material (see build_course.py in the checkout).
SHIPPED_MATERIAL_DIR = PACKAGE_DIR / "_material"


def _checkout(folder: Path) -> Path | None:
    """`folder` if it is the project checkout (pyproject.toml and notebooks/ beside the package), else None."""
    return folder if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir() else None


#: The project checkout the package is installed from (editable install); None for an installed wheel.
CHECKOUT = _checkout(PACKAGE_DIR.parent)
#: The folder holding notebooks/, exercises/, datasets/ and voila.json: the checkout, else the wheel's copy.
PROJECT_ROOT = CHECKOUT or SHIPPED_MATERIAL_DIR
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
DATASETS_DIR = PROJECT_ROOT / "datasets"
DEMO_DATA_DIR = DATASETS_DIR / "musterland"
VOILA_CONFIG = PROJECT_ROOT / "voila.json"
#: The demo district (fictional) and the Stand of its example plan: its date checks take this day as „heute“, so the
#: flaws planted in the plan stay exactly those listed in datasets/musterland/README.md whatever today's date.
DEMO_DISTRICT = "16099"
DEMO_STAND = datetime.date(2026, 6, 30)
#: The demo district's newer data vintage (stage 5, Monitoring): the same tables one year on, so that the indicators
#: of the plan's goals move after their baselines; a district updates its own folder by replacing files.
DEMO_UPDATE_DIR = DATASETS_DIR / "musterland_2026"

#: Environment variables: the cache of read tables and indicators, the folder of the apps' working copies of
#: plans from datasets/, and the data folder and district `ikpe apps` hands to the notebooks it serves.
CACHE_ENV, WORKDIR_ENV = "IKPE_CACHE_DIR", "IKPE_WORKDIR"
DATA_ENV, DISTRICT_ENV = "IKPE_DATA_DIR", "IKPE_DISTRICT"
#: `IKPE_LOG=debug` shows the toolkit's debug lines and the tracebacks of caught errors on the console too
#: (the Voila server log always has them).
LOG_ENV = "IKPE_LOG"
#: The Chromium that prints PDF handouts: $IKPE_CHROMIUM (another machine's browser), else Debian's.
CHROMIUM_ENV = "IKPE_CHROMIUM"
CHROMIUM = Path(os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium")
#: Set by Voila in the kernels it starts (also in preheated ones).
VOILA_ENVS = ("VOILA_SERVER_URL", "VOILA_APP_PORT")

#: The planning workbook, its backup, its catalogue export (`ikpe plan export` without targets writes
#: `<plan>_massnahmenkatalog.xlsx` beside it) and the read-only copies of earlier Fassungen (`ikpe plan
#: fortschreiben`: `<plan>_Fassung-1_2025-2029.xlsx`) live beside the data; they are no statistics.
PLAN_NAME = "planung.xlsx"
PLANNING_FILES = re.compile(r"planung(\.bak)?\.xlsx|.*_massnahmenkatalog\.xlsx|.*_Fassung-\d+.*\.xlsx", re.IGNORECASE)


def is_demo_plan(path: str | Path) -> bool:
    """A planning workbook of the demo district (its example plan, or the Fortschreibung in the newer vintage):
    its date checks take `DEMO_STAND` as „heute“."""
    where = Path(path).resolve()
    return any(where.is_relative_to(folder.resolve()) for folder in (DEMO_DATA_DIR, DEMO_UPDATE_DIR))


def output_root() -> Path:
    """The folder outputs go to by default: the checkout, else the current working directory (an installed
    package never writes into its own folder)."""
    return CHECKOUT or Path.cwd()


def demo_build_dir() -> Path:
    """Where `ikpe demo` writes the executed notebooks and handouts without --out: build/musterland."""
    return output_root() / "build" / "musterland"


def cache_dir() -> Path:
    """The folder of the store's cache: $IKPE_CACHE_DIR, else build/.cache beside the outputs; never inside a
    data folder, and deleting it is always safe."""
    return Path(os.environ.get(CACHE_ENV) or output_root() / "build" / ".cache")


def workdir() -> Path:
    """The folder of the apps' working copies of plans from datasets/: $IKPE_WORKDIR, else arbeit/ beside the
    outputs."""
    return Path(os.environ.get(WORKDIR_ENV) or output_root() / "arbeit")


def in_voila() -> bool:
    """True in a kernel Voila started (it sets these variables, also for preheated kernels)."""
    return any(os.environ.get(name) for name in VOILA_ENVS)


def log_level() -> str:
    """The console's log level: $IKPE_LOG (e.g. „debug“), else INFO."""
    return (os.environ.get(LOG_ENV) or "INFO").upper()


def output_env() -> dict[str, str]:
    """The cache and working-copy folders as absolute paths under their environment variables, for processes
    started elsewhere (papermill's and Voila's kernels start in the notebook's folder, which for an installed
    wheel lies inside the package)."""
    return {CACHE_ENV: str(cache_dir().resolve()), WORKDIR_ENV: str(workdir().resolve())}


@contextlib.contextmanager
def outputs_pinned():
    """Within: `output_env()` in os.environ, so kernels started now write where this process would; afterwards
    the variables are as before."""
    saved = {name: os.environ.get(name) for name in (CACHE_ENV, WORKDIR_ENV)}
    os.environ.update(output_env())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
