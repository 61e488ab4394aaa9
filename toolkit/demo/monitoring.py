"""Stage 5 of the demo district Musterland: the example plan's Sachstand log and Fassung, the newer data vintage
(datasets/musterland_2026) and the plan's Fortschreibung.

- `add_to(plan)` fills the sheets „Sachstand“ (three rounds: 30.06.2025, 31.12.2025 and 30.06.2026 =
  `config.DEMO_STAND`, each row reported by the measure's Federführung) and „Fassung“ (version 1) of the example
  plan from `monitoring.yaml`; `toolkit.demo.plan.generate` calls it.
- `generate_update(out)` writes the demo's tables one year on into `config.DEMO_UPDATE_DIR`: the same official
  formats, the years up to 2024 exactly as in datasets/musterland, 2025 added (the school statistics excepted: its
  2025 figures are „not yet published“), so that the indicators of the plan's goals move after their baselines.
- `write_fortschreibung(plan_path, out)` writes the Fortschreibung of the example plan (version 2, a handful of
  changes listed in `monitoring.yaml`) as datasets/musterland_2026/planung.xlsx.
- `readme_section()` is the section „Monitoring: Sachstand, neuer Datenstand, Fortschreibung“ of the data folder's
  README.

Everything is judged against `DEMO_STAND`, never today, so the findings stay the same; every file comes out byte
for byte the same on every run.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import yaml

from toolkit import plan

CONTENT = Path(__file__).with_name("monitoring.yaml")
#: The value columns of a round's row in monitoring.yaml, in order (Ampel and its reason only where set by hand).
ROUND_COLUMNS = ("Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt", "Ampel", "Ampel-Begründung")


@functools.cache
def content() -> dict:
    """The monitoring content as read from `monitoring.yaml`."""
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def rounds() -> list:
    """The dates of the Sachstand rounds, oldest first."""
    return sorted(content()["runden"])


def sachstand(measures: pd.DataFrame) -> pd.DataFrame:
    """The sheet „Sachstand“: the rows of every round (oldest round first, measures in plan order), reported by each
    measure's Federführung (from `measures`, the sheet „Maßnahmen“); index = Excel row."""
    lead = dict(zip(measures["ID"], measures["Federführung"], strict=True))
    order = {measure: k for k, measure in enumerate(measures["ID"])}
    unknown = {m for day in rounds() for m in content()["runden"][day]} - set(order)
    if unknown:
        raise ValueError(f"{CONTENT.name}: no such measures: {sorted(unknown)}")
    rows = []
    for day in rounds():
        reports = content()["runden"][day]
        for measure in sorted(reports, key=order.get):
            values = dict(zip(ROUND_COLUMNS, reports[measure], strict=False))
            rows.append({"Datum": day, "Maßnahme-ID": measure, **values, "Gemeldet von": lead[measure],
                         "Quelle": f"Sachstandsabfrage {day:%d.%m.%Y}"})
    return _frame(rows, "sachstand")


def fassung() -> pd.DataFrame:
    """The sheet „Fassung“ of the example plan: version 1 and the Kreistag's resolution."""
    return _frame([content()["fassung"]], "fassung")


def add_to(p: plan.Plan) -> plan.Plan:
    """`p` with the demo's Sachstand log and Fassung (the sheets it had are replaced)."""
    p.sachstand, p.fassung = sachstand(p.massnahmen), fassung()
    return p


def _frame(rows: list[dict], sheet: str) -> pd.DataFrame:
    headers = plan.SHEETS[sheet].headers
    unknown = {key for row in rows for key in row} - set(headers)
    if unknown:
        raise ValueError(f"{CONTENT.name}: unknown keys for sheet {sheet}: {sorted(unknown)}")
    return pd.DataFrame([[row.get(h) for h in headers] for row in rows], columns=headers,
                        index=range(2, 2 + len(rows)), dtype=object)
