"""The learner's planning workbook: where it lives (the plan file of a data folder, a working copy for the
project's demo plans), opening it, creating an empty one where a folder of the learner's own has none.

    path = workspace.working_copy(workspace.plan_path(data_dir), district_code)   # never the committed demo
"""
from __future__ import annotations

import datetime as dt
import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

from IPython.display import Markdown, display

from toolkit import config, fmt, plan
from toolkit.apps import in_voila
from toolkit.config import DATASETS_DIR, PLAN_NAME
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.store import computed

#: Handlungsfelder of the empty plan made for a data folder without one (`create_missing`).
NEW_PLAN_TEMPLATE = "eisenach"


# --- where the workbook lives ---------------------------------------------------------------------

def plan_path(data_dir: str | Path, plan_file: str | Path = "") -> Path:
    """The plan file: `plan_file` if given (relative to the working directory), else `data_dir`/planung.xlsx."""
    return Path(plan_file) if str(plan_file) else Path(data_dir) / PLAN_NAME


def working_copy(path: str | Path, district_code: str) -> Path:
    """The file the app may write: `path` itself, or for a file inside the project's datasets/ a copy in
    `config.workdir()`/<district_code>/, made once and never overwritten."""
    path = Path(path).resolve()
    if not path.is_relative_to(DATASETS_DIR.resolve()):
        return path
    target = config.workdir() / district_code / path.name
    if not target.exists():
        if not path.is_file():
            raise UserError("Die Planungsmappe gibt es nicht.", file=path,
                            hint="Legen Sie sie an: ikpe plan new <Datei> --handlungsfelder eisenach")
        target.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as original:
            plan.write_then_replace(target, lambda handle: shutil.copyfileobj(original, handle))
    return target


@dataclass
class Workbook:
    """The plan a stage notebook reports on and edits: under Voila the working copy, else the file itself."""
    path: Path
    plan: plan.Plan
    district_code: str
    district_name: str
    created: bool = False           # the toolkit has just created it, empty (see `create_missing`)

    def source_line(self) -> str:
        stand = dt.date.fromtimestamp(self.path.stat().st_mtime)
        return f"Planungsmappe {self.path.name}, Stand {fmt.date(stand)}"


def prepare(data_dir: str | Path, district_code: str | int, plan_file: str | Path = "") -> Workbook:
    """Find and load the district's plan (see `plan_path`, `working_copy`, `open_plan`); a data folder of the
    learner's own without one gets an empty plan, and the notebook says so. The code may be a number."""
    district_code = pad_code(district_code)
    name = district_name(data_dir, district_code)   # before `open_plan`: a preheated kernel has it ready
    path = plan_path(data_dir, plan_file)
    if in_voila():   # a UserError here reaches the page through toolkit.apps.show_user_errors_in_page
        path = working_copy(path, district_code)
    loaded, created = open_plan(path, create=not str(plan_file))
    if created:
        display(Markdown(created_note(path)))
    return Workbook(path, loaded, district_code, name, created)


def district_name(data_dir: str | Path, district_code: str) -> str:
    """The district's name as the data folder's indicator tables give it (else its code)."""
    for result in computed(str(Path(data_dir).resolve())).values():
        names = result.loc[result["region_code"] == district_code, "region_name"]
        if len(names):
            return str(names.iloc[0])
    return district_code


def open_plan(path: str | Path, create: bool = False) -> tuple[plan.Plan, bool]:
    """Load the plan (with `create`, made first if missing: see `create_missing`) and say whether this call
    created it; under Voila only once the page was requested (a preheated kernel runs the notebook before
    anyone opens it, and must neither show the workbook as it was back then nor create one unasked)."""
    if in_voila():
        _wait_for_page()
    created = create and create_missing(Path(path))
    return plan.load_plan(path), created


def create_missing(path: Path) -> bool:
    """Create an empty plan like `ikpe plan new <path> --handlungsfelder eisenach` where a folder of the learner's
    own has none; True if this call made it. Never inside the project's datasets/, never over an existing file
    (checked again under the plan's lock, so notebooks 03 and 04 running side by side make one plan)."""
    if path.exists() or not path.parent.is_dir() or path.resolve().is_relative_to(DATASETS_DIR.resolve()):
        return False
    try:
        with plan.locked(path):
            if path.exists():
                return False
            plan.new_plan(path, NEW_PLAN_TEMPLATE)
    except OSError as error:   # a read-only folder (course stick, network share)
        raise UserError("Im Datenordner liegt keine Planungsmappe, und hier lässt sich keine anlegen "
                        f"({error.strerror}).", file=path, hint="Legen Sie eine an einem Ort an, an dem Sie "
                        "schreiben dürfen "
                                        "(ikpe plan new <Datei> --handlungsfelder eisenach), und geben Sie sie als "
                                        "plan_file an.") from None
    return True


def created_note(path: Path) -> str:
    """German Markdown: the toolkit has created an empty plan, and what to do with it."""
    fields = len(plan.template(NEW_PLAN_TEMPLATE))
    return (f"**Im Datenordner lag noch keine Planungsmappe. Der Werkzeugkasten hat eine leere angelegt:** "
            f"`{path}` – mit den {fields} Handlungsfeldern der Vorlage Eisenach und dem Indikatorenkatalog. Tragen Sie "
            "dort Ziele und Maßnahmen ein (in Excel oder in den Trainings-Apps der Stufen 3 und 4) und rechnen Sie "
            "das Notebook dann neu. Andere Handlungsfelder schreiben Sie ins Blatt „Handlungsfelder“.")


@functools.cache
def _wait_for_page() -> None:
    """Block a preheated kernel until its page is requested (Voila's `wait_for_request`; returns at
    once in a kernel started for a request). Cached: the request arrives only once per kernel."""
    from voila.utils import wait_for_request
    wait_for_request()


def location_note(path: Path) -> str:
    """German Markdown telling the learner which file the app writes."""
    return (f"Die App speichert in `{path}` (vorige Fassung: `{plan.backup_path(path).name}`). Sie können die "
            "Datei auch in Excel bearbeiten: nach dem Speichern in Excel hier „Neu laden“ klicken, vor dem Speichern "
            "in der App die Datei in Excel schließen. Der Bericht unter dem Formular zeigt den Stand beim Öffnen der "
            "Seite; laden Sie die Seite neu, um Ihre Änderungen auch dort zu sehen.")
