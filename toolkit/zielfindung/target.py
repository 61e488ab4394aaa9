"""The picture of one goal's target: the indicator's series, the baseline and the way to the target."""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from toolkit import charts, fmt
from toolkit.errors import UserError
from toolkit.plan import cell_text
from toolkit.plan.checks import plausible
from toolkit.zielfindung.criteria import _date, _number

# --- target --------------------------------------------------------------------------------------

def target_figure(goal: Mapping[str, object], series: Mapping[str, pd.Series]) -> Figure:
    """The goal's indicator over the years with the baseline (Basisjahr, Basiswert), the target (Zieldatum,
    Zielwert) and a dashed line between them; what is missing of the three is said under the chart."""
    indicator_id = cell_text(goal.get("Indikator"))
    row = goal.name if isinstance(goal, pd.Series) and isinstance(goal.name, int) else None
    if not indicator_id or indicator_id not in series:
        raise UserError(f"Für „{indicator_id}“ gibt es keine Zeitreihe aus dem Datenordner." if indicator_id
                        else "Das Ziel hat keinen Indikator.", row=row, column="Indikator",
                        hint="Wählen Sie einen Indikator aus dem Katalog, den der Datenordner enthält; eigene "
                             "Indikatoren haben keine Zeitreihe.")
    values = series[indicator_id]
    unit = values.attrs.get("unit", "")
    base, target, year, until = (_number(goal, "Basiswert"), _number(goal, "Zielwert"),
                                 _number(goal, "Basisjahr"), _date(goal))
    odd = until is not None and not plausible(until)        # 31.12.9999 would stretch the axis over millennia
    until = None if odd else until
    fig = Figure(figsize=(charts.WIDTH, 4.2), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    ax.plot(values.index, values.to_numpy(float), marker="o", color=charts.HIGHLIGHT, linewidth=2.2,
            label=values.attrs.get("name", indicator_id), gid="series")
    points = {}
    if base is not None and year is not None:
        points["baseline"] = (year, base)
        ax.plot([year], [base], "o", markersize=10, markerfacecolor="white", markeredgewidth=2,
                color=charts.COMPARISON[0], label=f"Basiswert {year}: {fmt.value(base, unit)}", gid="baseline")
    if target is not None and until is not None:
        points["target"] = (until.year - 1 + until.timetuple().tm_yday / (366 if until.year % 4 == 0 else 365),
                            target)
        ax.plot(*zip(points["target"]), "D", markersize=8, color=charts.COMPARISON[0],
                label=f"Zielwert {fmt.date(until)}: {fmt.value(target, unit)}", gid="target")
    if len(points) == 2:
        ax.plot(*zip(points["baseline"], points["target"]), "--", color=charts.COMPARISON[0], linewidth=1.4,
                gid="path")
    charts.year_axes(ax, unit)
    missing = [label for label, key in (("Basiswert und Basisjahr", "baseline"), ("Zielwert und Zieldatum", "target"))
               if key not in points]
    note = f"Es fehlen {' sowie '.join(missing)} im Blatt „Ziele“." if missing else None
    if odd:
        note += f" Das Zieldatum {_date(goal):%d.%m.}{_date(goal).year:04d} ist unplausibel und nicht gezeichnet."
    title = f"{cell_text(goal.get('ID'))}: {values.attrs.get('name', indicator_id)}"
    ax.set_title("\n".join(textwrap.wrap(title, 70)), loc="left", fontsize=11, fontweight="bold")
    return charts.finish(fig, ax, None, charts.source_line({}, values.attrs.get("source")), note)
