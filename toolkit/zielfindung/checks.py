"""The SMART check of goals: „heute“ of the date check, one goal, the table of all, the problems for the check."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from toolkit.config import DEMO_STAND
from toolkit.errors import UserError
from toolkit.plan import Plan, Problem, as_date, cell_text
from toolkit.zielfindung.criteria import (
    CRITERIA,
    POSITION,
    SYMBOLS,
    Finding,
    _erreichbar,
    _finding,
    _messbar,
    _position,
    _relevant,
    _spezifisch,
    _terminiert,
)


def current_date() -> dt.date:
    """Today's date, the default „heute“ of the date checks (tests set the clock here)."""
    return dt.date.today()


def reference_date(heute: str | dt.date | None = "", demo: bool = False) -> dt.date:
    """„Heute“ of the SMART check T: `heute` when given (a date, TT.MM.JJJJ or JJJJ-MM-TT), else for the demo plan
    its Stand (`DEMO_STAND`, so its planted flaws stay the same whatever the date), else today."""
    if isinstance(heute, dt.date) or cell_text(heute):
        try:
            return as_date(heute)
        except ValueError:
            raise UserError(f"„{cell_text(heute)}“ ist kein gültiges Datum für „heute“; erwartet wird TT.MM.JJJJ oder "
                            "JJJJ-MM-TT, z. B. 30.06.2026.",
                            hint="Geben Sie den Stichtag der Prüfung als Datum an oder lassen Sie „heute“ leer "
                                 "(dann gilt das heutige Datum).") from None
    return DEMO_STAND if demo else current_date()


def smart(goal: Mapping[str, object], plan: Plan, series: Mapping[str, pd.Series] | None = None,
          today: dt.date | None = None, gaps: Mapping[str, str] | None = None) -> list[Finding]:
    """The SMART check of one goal (Ziele headers → values: a sheet row or a form's values); `gaps` are the
    Bestandsanalyse's gaps (ID → reason) that R checks cited gap IDs against (None: no Bestandsanalyse yet).

    A Handlungsziel gets five findings S, M, A, R, T. Leitziele and Mittlerziele are not SMART by
    nature: they get findings with criterion `POSITION` (why SMART does not apply, whether goals
    hang below them). The rules are described at the constants above and in each `_check_*`."""
    ebene = cell_text(goal.get("Ebene"))
    if ebene == "Handlungsziel":
        today = today or current_date()
        return [_spezifisch(goal), _messbar(goal, plan), _erreichbar(goal, plan, series),
                _relevant(goal, plan, gaps), _terminiert(goal, today)]
    if ebene in ("Leitziel", "Mittlerziel"):
        return _position(goal, plan, ebene)
    what = f"„{ebene}“ ist keine Ebene" if ebene else "Die Ebene fehlt"
    return [_finding(POSITION, f"{what}; wählen Sie Leitziel, Mittlerziel oder Handlungsziel.", "error")]


def smart_table(plan: Plan, series: Mapping[str, pd.Series] | None = None,
                today: dt.date | None = None, gaps: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per Handlungsziel (index = Excel row): ID, Handlungsfeld, Zieltext, ✓ / – / ! / ✗ per
    criterion and the „Hinweise“ of every criterion with a warning or error."""
    rows = {}
    for row, goal in plan.ziele.iterrows():
        if cell_text(goal["Ebene"]) != "Handlungsziel":
            continue
        findings = smart(goal, plan, series, today, gaps)
        rows[row] = {"ID": cell_text(goal["ID"]), "Handlungsfeld": cell_text(goal["Handlungsfeld"]),
                     "Zieltext": cell_text(goal["Zieltext"]),
                     **{CRITERIA[f.criterion]: SYMBOLS[f.severity] for f in findings},
                     "Hinweise": "\n".join(f"{CRITERIA[f.criterion]}: {f.message}" for f in findings if not f.ok)}
    columns = ["ID", "Handlungsfeld", "Zieltext", *CRITERIA.values(), "Hinweise"]
    return pd.DataFrame(list(rows.values()), index=list(rows), columns=columns)


#: The column of the sheet „Ziele“ a criterion's problem is reported at.
CRITERION_COLUMNS = {"S": "Zieltext", "M": "Indikator", "A": "Zielwert", "R": "Bedarf/Begründung", "T": "Zieldatum"}


def problems(plan: Plan, series: Mapping[str, pd.Series] | None = None,
             today: dt.date | None = None, gaps: Mapping[str, str] | None = None) -> list[Problem]:
    """The SMART findings of every Handlungsziel that are warnings or errors, as plan problems
    (sheet „Ziele“, its row, the column of the criterion), for `ikpe plan check`."""
    return [Problem("Ziele", row, CRITERION_COLUMNS[f.criterion], f"SMART ({CRITERIA[f.criterion]}): {f.message}",
                    f.severity)
            for row, goal in plan.ziele.iterrows() if cell_text(goal["Ebene"]) == "Handlungsziel"
            for f in smart(goal, plan, series, today, gaps) if f.severity in ("warning", "error")]
