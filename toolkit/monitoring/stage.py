"""Stage 5 prepared for notebook and app: the plan, the indicator series of the newest data, the Stichtag, the
rules, and what follows from them — the latest Sachstand of every measure, the course of the goals and the lights.

    stage = prepare(data_dir, "16099")                 # the demo: newer vintage, Stichtag DEMO_STAND
    stage.lights.loc["HF5-M3", ["Ampel", "Satz"]]
    stage = stage.refreshed(saved_plan)                # after a Sachstand was saved: lights anew, same series
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit import plan, workspace
from toolkit.config import DEMO_DISTRICT, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.monitoring import ampel, kurs, regeln, sachstand
from toolkit.zielfindung.baseline import district_series
from toolkit.zielfindung.stage import sources  # noqa: F401 - the same title block: workbook, the goals' sources


@dataclass
class Stage:
    workbook: workspace.Workbook
    plan: plan.Plan                  # the workbook's plan (after a save in the app: the plan as saved)
    series: dict[str, pd.Series]     # the district's indicator values by year, from `series_dir`
    series_dir: Path                 # the data folder the series come from (the newest data)
    stichtag: dt.date                # the day the lights and the course are judged on
    regeln: regeln.Regeln
    latest: pd.DataFrame             # sachstand.latest: one row per measure
    course: pd.DataFrame             # kurs.goal_course: one row per Handlungsziel with an indicator
    lights: pd.DataFrame             # ampel.measure_lights: one row per measure

    @functools.cached_property
    def goals(self) -> pd.DataFrame:
        """ampel.goal_lights: one row per Handlungsziel (made when first asked for: the app does not show it)."""
        return ampel.goal_lights(self.plan, self.course, self.lights, regeln=self.regeln)

    @functools.cached_property
    def fields(self) -> pd.DataFrame:
        """ampel.field_lights: one row per Handlungsfeld."""
        return ampel.field_lights(self.plan, self.course, self.lights, regeln=self.regeln)

    def refreshed(self, new_plan: plan.Plan, stichtag: dt.date | None = None) -> Stage:
        """The stage for `new_plan` (e.g. as just saved), judged on `stichtag` (None: the same day); the series
        and rules stay (a Sachstand does not change the data), and so does the course while the goals, the
        indicators and the day are the same."""
        day = stichtag or self.stichtag
        same = (day == self.stichtag and new_plan.ziele.equals(self.plan.ziele)
                and new_plan.indikatoren.equals(self.plan.indikatoren))
        return judged(dataclasses.replace(self, plan=new_plan, stichtag=day), self.course if same else None)


def prepare(data_dir, district_code: str, plan_file="", stichtag="", neue_daten="", regeln_file="") -> Stage:
    """The district's plan (see `workspace.prepare`), the indicator series of `neue_daten` (a data folder; "" = for
    the demo district its newer vintage `DEMO_UPDATE_DIR` when it exists, else `data_dir`), the Stichtag
    (TT.MM.JJJJ or JJJJ-MM-TT; "" = for the demo district `DEMO_STAND`, else today), the rules of `regeln_file`
    (a YAML; "" = the defaults), and the lights and course that follow."""
    code = pad_code(district_code)
    demo = code == DEMO_DISTRICT
    folder = Path(neue_daten) if str(neue_daten).strip() else (
        DEMO_UPDATE_DIR if demo and DEMO_UPDATE_DIR.is_dir() else Path(data_dir))
    if not folder.is_dir():
        raise UserError("Den Datenordner mit den neuen Daten gibt es nicht.", file=folder,
                        hint="Geben Sie als „neue_daten“ den Ordner mit den neu heruntergeladenen Tabellen an, oder "
                             "lassen Sie das Feld leer (dann gilt der Datenordner).")
    series = district_series(folder, code)   # before the workbook: a preheated kernel has them ready
    rules = regeln.load(Path(regeln_file) if str(regeln_file).strip() else None)
    day = judgement_day(stichtag, demo)
    workbook = workspace.prepare(data_dir, code, plan_file)
    return judged(Stage(workbook, workbook.plan, series, folder, day, rules, *(pd.DataFrame(),) * 3))


def judged(stage: Stage, course: pd.DataFrame | None = None) -> Stage:
    """`stage` with its Sachstand, course (unless given: still valid) and lights computed for its plan, series,
    Stichtag and rules."""
    if course is None:
        course = kurs.goal_course(stage.plan, stage.series, stage.stichtag, stage.regeln)
    return dataclasses.replace(stage, latest=sachstand.latest(stage.plan, stage.stichtag), course=course,
                               lights=ampel.measure_lights(stage.plan, stage.stichtag, stage.regeln))


def judgement_day(stichtag: str | dt.date | None = "", demo: bool = False) -> dt.date:
    """The Stichtag: `stichtag` when given (a date, TT.MM.JJJJ or JJJJ-MM-TT), else for the demo district its
    „heute“ `DEMO_STAND` (so its findings stay the same whatever the date), else today."""
    if isinstance(stichtag, dt.date) or plan.cell_text(stichtag):
        try:
            return plan.as_date(stichtag)
        except ValueError:
            raise UserError(f"„{plan.cell_text(stichtag)}“ ist kein gültiges Datum für den Stichtag; erwartet wird "
                            "TT.MM.JJJJ oder JJJJ-MM-TT, z. B. 30.06.2026.",
                            hint="Geben Sie den Stichtag als Datum an oder lassen Sie ihn leer (dann gilt das "
                                 "heutige Datum).") from None
    return DEMO_STAND if demo else dt.date.today()
