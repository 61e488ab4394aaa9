"""Stage 3 prepared for notebook and app: the district's indicator series and its plan, baselines filled for
the report (`baselines` says what was filled; the workbook itself changes only through the form).
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from toolkit import bestandsanalyse, plan, workspace
from toolkit.config import DEMO_DISTRICT
from toolkit.zielfindung.baseline import district_series, fill_baselines, unavailable
from toolkit.zielfindung.checks import reference_date


@dataclass
class Stage:
    workbook: workspace.Workbook
    plan: plan.Plan                 # the workbook's plan, baselines filled from the data
    series: dict[str, pd.Series]    # the district's indicator values by year
    year: int
    baselines: list[str]            # German lines: which baselines were filled, which could not be
    reasons: dict[str, str]         # why a catalogue indicator has no values here (unavailable)
    today: dt.date                  # „heute“ of the SMART check T (reference_date)
    gaps: dict[str, str] | None = None   # the Bestandsanalyse's gaps (ID → reason) goals may cite; None: none yet


def prepare(data_dir, district_code: str, reference_year: int, plan_file="", heute="") -> Stage:
    """The district's indicator series and its plan (see `workspace.prepare`), baselines filled for the report;
    target dates are judged against `heute` (TT.MM.JJJJ or JJJJ-MM-TT; "" = today, for the demo district its
    plan's Stand)."""
    series = district_series(data_dir, district_code)
    reasons = unavailable(data_dir, district_code)
    workbook = workspace.prepare(data_dir, district_code, plan_file)
    today = reference_date(heute, demo=workbook.district_code == DEMO_DISTRICT)
    filled = copy.deepcopy(workbook.plan)
    lines = fill_baselines(filled, series, reference_year, reasons)
    return Stage(workbook, filled, series, reference_year, lines, reasons, today,
                 known_gaps(data_dir, workbook.district_code, workbook.plan))


def known_gaps(data_dir, district_code: str, workbook_plan: plan.Plan) -> dict[str, str] | None:
    """The gaps of the district's Bestandsanalyse (ID → reason), which goals cite under „Bedarf/Begründung“;
    None while the workbook lists no offers (stage 2 not done yet: every cell would be a gap)."""
    if workbook_plan.angebote.empty:
        return None
    matrix = bestandsanalyse.gap_matrix(workbook_plan, bestandsanalyse.district_needs(data_dir, district_code,
                                                                             plan=workbook_plan))
    return matrix.reasons()


def sources(stage: Stage) -> tuple[list[str], str]:
    """Title-block source lines (the workbook, the statistics of the indicators the goals name) and licence."""
    used = {plan.cell_text(i) for i in stage.plan.ziele["Indikator"]} & set(stage.series)
    parts = dict.fromkeys(part.strip() for i in sorted(used)
                          for part in stage.series[i].attrs.get("source", "").split(";"))
    licences = [part for part in parts if "lizenz" in part.lower()]
    lines = [stage.workbook.source_line(), *(part for part in parts if part and part not in licences)]
    return lines, "; ".join(licences)
