"""IKPE toolkit: official statistics in, municipal integration concept out.

The package backs the course notebooks (one per stage) and the `ikpe` command line.
"""
import datetime
from pathlib import Path

__version__ = "0.1.0"

#: The project checkout the package is installed from (editable install).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
DEMO_DATA_DIR = PROJECT_ROOT / "datasets" / "musterland"
DEMO_BUILD_DIR = PROJECT_ROOT / "build" / "musterland"
#: The demo district (fictional) and the Stand of its example plan: its date checks take this day as „heute“, so the
#: flaws planted in the plan stay exactly those listed in datasets/musterland/README.md whatever today's date.
DEMO_DISTRICT = "16099"
DEMO_STAND = datetime.date(2026, 6, 30)
