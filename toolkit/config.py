"""Where things are: the course material, the outputs, the cache and the working copies, and the
environment variables that move them. Every path of the package comes from here.

    from toolkit import config
    config.NOTEBOOKS_DIR             # the course notebooks
    config.cache_dir()               # $IKPE_CACHE_DIR, else build/.cache beside the outputs

The course material (notebooks/, exercises/, datasets/, voila.json) is read from the project
checkout the package is installed from (editable install, `make setup`).
"""
from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

#: The project checkout the package is installed from.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
DATASETS_DIR = PROJECT_ROOT / "datasets"
DEMO_DATA_DIR = DATASETS_DIR / "musterland"
DEMO_BUILD_DIR = PROJECT_ROOT / "build" / "musterland"
VOILA_CONFIG = PROJECT_ROOT / "voila.json"
#: The demo district (fictional) and the Stand of its example plan: its date checks take this day as „heute“, so the
#: flaws planted in the plan stay exactly those listed in datasets/musterland/README.md whatever today's date.
DEMO_DISTRICT = "16099"
DEMO_STAND = datetime.date(2026, 6, 30)

#: Environment variables: the cache of read tables and indicators, the folder of the apps' working copies of
#: plans from datasets/, and the data folder and district `ikpe apps` hands to the notebooks it serves.
CACHE_ENV, WORKDIR_ENV = "IKPE_CACHE_DIR", "IKPE_WORKDIR"
DATA_ENV, DISTRICT_ENV = "IKPE_DATA_DIR", "IKPE_DISTRICT"

#: The planning workbook, its backup and its catalogue export (`ikpe plan export` without targets writes
#: `<plan>_massnahmenkatalog.xlsx` beside it) live beside the data; they are no statistics.
PLAN_NAME = "planung.xlsx"
PLANNING_FILES = re.compile(r"planung(\.bak)?\.xlsx|.*_massnahmenkatalog\.xlsx", re.IGNORECASE)


def cache_dir() -> Path:
    """The folder of the store's cache: $IKPE_CACHE_DIR, else build/.cache of the project; never inside a data
    folder, and deleting it is always safe."""
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / "build" / ".cache")


def workdir() -> Path:
    """The folder of the apps' working copies of plans from datasets/: $IKPE_WORKDIR, else arbeit/ of the project."""
    return Path(os.environ.get(WORKDIR_ENV) or PROJECT_ROOT / "arbeit")
