"""The picture of one goal's indicator against its target: the series, the baseline, the dashed straight path to the
target, the band within which the goal is auf Kurs, the Sollwert of the latest year and the start of every measure
that serves the goal."""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
from matplotlib.figure import Figure

from toolkit import charts, fmt
from toolkit.monitoring.kurs import path_value
from toolkit.monitoring.regeln import Regeln, on_course_share
from toolkit.plan import Plan, as_date, cell_text, goal_ids, is_empty, is_number
from toolkit.plan.checks import plausible

PATH_COLOUR = charts.COMPARISON[0]
BAND_COLOUR = "#c6e0b4"
START_COLOUR = "#7f7f7f"
#: Most measure starts labelled by their ID; more are drawn, and the note counts them.
MAX_LABELS = 8


def year_of(date: dt.date) -> float:
    """A date as a year with fraction (01.07.2026 → 2026,5): where it lies on an axis of years."""
    days = (dt.date(date.year + 1, 1, 1) - dt.date(date.year, 1, 1)).days
    return date.year + (date.timetuple().tm_yday - 1) / days


def measure_starts(plan: Plan, goal_id: str) -> list[tuple[str, dt.date]]:
    """(Maßnahme-ID, Beginn) of the measures whose „Ziel-ID(s)“ name the goal and whose Beginn is a plausible date,
    by date."""
    starts = []
    for ident, goals, begin in zip(plan.massnahmen["ID"], plan.massnahmen["Ziel-ID(s)"], plan.massnahmen["Beginn"]):
        if goal_id not in goal_ids(goals) or is_empty(begin):
            continue
        try:
            date = as_date(begin)
        except (ValueError, TypeError, OverflowError):
            continue
        if plausible(date):
            starts.append((cell_text(ident), date))
    return sorted(starts, key=lambda start: start[1])


def _number(value) -> float | None:
    return float(value) if is_number(value) else None


def indicator_chart(course_row: pd.Series, values: pd.Series | None, plan: Plan,
                    regeln: Regeln | None = None) -> Figure:
    """One goal's indicator: `course_row` is its row of `kurs.goal_course` (name = Ziel-ID), `values` the district's
    series (year → value; None or empty for an own indicator). German labels and numbers; the course's sentence and
    what is missing stand under the chart."""
    regeln = regeln or Regeln()
    goal_id = cell_text(course_row.name)
    unit = cell_text(course_row.get("Einheit"))
    values = values if values is not None else pd.Series(dtype=float)
    base_year, base = course_row.get("Basisjahr"), _number(course_row.get("Basiswert"))
    base_year = int(base_year) if is_number(base_year) else None
    target = _number(course_row.get("Zielwert"))
    until = course_row.get("Zieldatum")
    until = until if isinstance(until, dt.date) else None
    notes, said = [], cell_text(course_row.get("Satz"))        # what the course's sentence says is not repeated
    if until is not None and not plausible(until):
        if "unplausibel" not in said:
            notes.append(f"Das Zieldatum {until:%d.%m.}{until.year:04d} ist unplausibel und nicht gezeichnet.")
        until = None

    with charts.FIGURE_LOCK:
        fig = Figure(figsize=(charts.WIDTH, 4.2), layout="constrained", dpi=100)
        ax = fig.add_subplot()
        shown = values.dropna()
        if not shown.empty:
            ax.plot(values.index, values.to_numpy(float), marker="o", color=charts.HIGHLIGHT, linewidth=2.2,
                    label=cell_text(course_row.get("Bezeichnung")) or values.attrs.get("name", ""), gid="series")
        elif "Datenordner" not in said:
            notes.append("Für den Indikator gibt es keine Zahlen im Datenordner.")
        if base is not None and base_year is not None:
            ax.plot([base_year], [base], "o", markersize=10, markerfacecolor="white", markeredgewidth=2,
                    color=PATH_COLOUR, label=f"Basiswert {base_year}: {fmt.value(base, unit)}", gid="baseline")
        if target is not None and until is not None:
            ax.plot([until.year], [target], "D", markersize=8, color=PATH_COLOUR,
                    label=f"Zielwert {fmt.date(until)}: {fmt.value(target, unit)}", gid="target")
        if None not in (base, base_year, target, until) and until.year > base_year:
            years = list(range(base_year, until.year + 1))
            path = [path_value(base_year, base, until.year, target, y) for y in years]
            ax.plot(years, path, "--", color=PATH_COLOUR, linewidth=1.4, label="Weg zum Ziel", gid="path")
            low = [base + on_course_share(regeln) * (p - base) for p in path]
            ax.fill_between(years, low, path, color=BAND_COLOUR, alpha=0.6, linewidth=0,
                            label=f"auf Kurs (Toleranz {fmt.exact(regeln.tolerance)} %)", gid="band")
            if is_number(course_row.get("Sollwert")) and is_number(course_row.get("Istjahr")):
                ax.plot([course_row["Istjahr"]], [course_row["Sollwert"]], "x", markersize=9, markeredgewidth=2,
                        color=PATH_COLOUR, label=f"Sollwert {course_row['Istjahr']}: "
                                                 f"{fmt.value(course_row['Sollwert'], unit)}", gid="soll")
        else:
            missing = [label for label, parts in (("Basiswert und Basisjahr", (base, base_year)),
                                                  ("Zielwert und Zieldatum", (target, until))) if None in parts]
            if missing and "Blatt „Ziele“" not in said:
                notes.append(f"Im Blatt „Ziele“ fehlen {' sowie '.join(missing)}; der Weg zum Ziel ist nicht "
                             "gezeichnet.")
        starts = measure_starts(plan, goal_id)
        for number, (ident, begin) in enumerate(starts):
            x = year_of(begin)
            ax.axvline(x, color=START_COLOUR, linestyle=":", linewidth=1, gid=f"start-{ident}",
                       label="Beginn einer Maßnahme" if number == 0 else None)
            if number < MAX_LABELS:
                ax.annotate(ident, (x, 1), xycoords=("data", "axes fraction"), xytext=(2, -2 - 9 * (number % 3)),
                            textcoords="offset points", fontsize=7, color="#404040", va="top", gid=f"label-{ident}")
        if len(starts) > MAX_LABELS:
            notes.append(f"{len(starts)} Maßnahmen dienen dem Ziel; beschriftet sind die ersten {MAX_LABELS}.")
        charts.year_axes(ax, unit, legend_pt=7.5)
        kurs = cell_text(course_row.get("Kurs"))
        title = f"{goal_id}: {cell_text(course_row.get('Bezeichnung')) or cell_text(course_row.get('Indikator'))}"
        ax.set_title("\n".join(textwrap.wrap(title + (f" – {kurs}" if kurs else ""), 70)), loc="left",
                     fontsize=11, fontweight="bold")
        note = "\n".join([said, *notes]).strip() or None
        return charts.finish(fig, ax, None, charts.source_line({}, values.attrs.get("source")), note)
