"""The pictures of the catalogue: Gantt chart of the measures with Meilensteine, budget by year and funding."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from toolkit import charts, fmt
from toolkit.errors import UserError
from toolkit.massnahmenplanung.catalogue import COSTS_TOTAL, NO_VALUE, STAFF, SUM, _timespan, by_field
from toolkit.massnahmenplanung.checks import _milestones, _period
from toolkit.massnahmenplanung.costs import budget
from toolkit.plan import (
    FINANZIERUNG,
    PRIORITAET,
    STATUS,
    Plan,
    cell_text,
)

COLOURS = {"Priorität": dict(zip(PRIORITAET, (charts.HIGHLIGHT, charts.COMPARISON[0]))),
           "Status": dict(zip(STATUS, ("#bdd7ee", "#9dc3e6", charts.HIGHLIGHT, "#548235", "#7f7f7f", "#c00000")))}
FUNDING_COLOURS = dict(zip(FINANZIERUNG, (charts.HIGHLIGHT, charts.COMPARISON[0], "#548235", "#7030a0",
                                          "#bf9000", "#7f7f7f")))
GREY = charts.GREY


# --- figures --------------------------------------------------------------------------------------

def gantt_figure(plan: Plan, handlungsfeld: str | None = None, colour_by: str = "Priorität") -> Figure:
    """Zeitplan: one bar per measure from Beginn to Ende, grouped by Handlungsfeld, coloured by
    Priorität or Status, milestones as diamonds, years on the axis; A4 landscape wide."""
    if colour_by not in COLOURS:
        raise UserError(f"Färben nach „{colour_by}“ geht nicht; möglich: {', '.join(COLOURS)}.")
    groups = by_field(plan, handlungsfeld)
    rows = sum(len(part) + 1 for _, part in groups)
    fig = Figure(figsize=(10.5, max(2.5, 1.4 + 0.145 * rows)), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if not rows:
        return _nothing(ax, "Keine Maßnahmen eingetragen.")
    periods = [p for _, part in groups for _, m in part.iterrows() if (p := _period(m))]
    first = min((s.year for s, _ in periods), default=dt.date.today().year)
    last = max((e.year for _, e in periods), default=first)
    _time_axis(ax, first, last)
    labels, bold = [], []
    for field, part in groups:
        bold.append(len(labels))
        ax.axhspan(len(labels) - 0.5, len(labels) + 0.5, color="#f2f2f2", zorder=0)
        labels.append(_short(field, 60))
        for _, measure in part.iterrows():
            _gantt_row(ax, len(labels), measure, colour_by)
            labels.append(_short(f"{cell_text(measure['ID'])}  {cell_text(measure['Titel'])}", 50))
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i in bold:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(len(labels) - 0.5, -0.5)
    _gantt_legend(fig, plan, colour_by)
    ax.set_title("Zeitplan der Maßnahmen" + (f" – {groups[0][0]}" if handlungsfeld else ""), loc="left",
                 fontsize=11, fontweight="bold")
    return fig


def _gantt_row(ax, y: int, measure: pd.Series, colour_by: str) -> None:
    period = _period(measure)
    if period is None:
        ax.text(ax.get_xlim()[0], y, f"  {_timespan(measure)}", va="center", fontsize=7, style="italic",
                color="#595959")
        return
    start, end = (mdates.date2num(d) for d in period)
    colour = COLOURS[colour_by].get(cell_text(measure[colour_by]), GREY)
    ax.barh(y, end + 1 - start, left=start, height=0.6, color=colour)
    when = [mdates.date2num(d) for _, d in _milestones(measure["Meilensteine"]) if d]
    ax.scatter(when, [y] * len(when), marker="D", s=16, color="black", zorder=3)


def _time_axis(ax, first: int, last: int) -> None:
    """Year lines at 1 January, quarter lines, the year's label in its middle, above and below."""
    ax.set_xlim(mdates.date2num(dt.date(first, 1, 1)), mdates.date2num(dt.date(last + 1, 1, 1)))
    for year in range(first, last + 1):
        for month in (4, 7, 10):
            ax.axvline(mdates.date2num(dt.date(year, month, 1)), color="#e5e5e5", linewidth=0.5, zorder=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(NullFormatter())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=7))
    ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="both", labelsize=8, labeltop=True, top=True)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color="#999999", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _gantt_legend(fig: Figure, plan: Plan, colour_by: str) -> None:
    used = {cell_text(v) for v in plan.massnahmen[colour_by]}
    handles = [Patch(color=c, label=name) for name, c in COLOURS[colour_by].items() if name in used]
    handles += [Patch(color=GREY, label=NO_VALUE)] * bool(used - set(COLOURS[colour_by]))
    handles.append(Line2D([], [], marker="D", color="black", linestyle="", markersize=5, label="Meilenstein"))
    fig.legend(handles=handles, loc="outside lower left", ncols=len(handles), frameon=False, fontsize=8,
               title=f"Farbe: {colour_by}", title_fontsize=8, alignment="left")


def _nothing(ax, message: str) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#595959")
    return ax.figure


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def budget_figure(plan: Plan) -> Figure:
    """Sachkosten per year (and „ohne Zeitraum“) as bars stacked by Finanzierung, sums on top."""
    table = budget(plan).drop(index=[COSTS_TOTAL, STAFF], columns=[SUM])
    fig = Figure(figsize=(charts.WIDTH, 4.0), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if table.empty:
        return _nothing(ax, "Keine Sachkosten eingetragen.")
    bottom = pd.Series(0.0, index=table.columns)
    for funding, values in table.iterrows():
        ax.bar(table.columns, values, bottom=bottom, color=FUNDING_COLOURS.get(funding, GREY), label=funding)
        bottom += values
    for x, total in enumerate(bottom):
        ax.annotate(fmt.euro(total), (x, total), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8)
    ax.yaxis.set_major_formatter(charts.GermanFormatter())
    ax.set_ylabel("Sachkosten in €")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(0, max(bottom.max(), 1) * 1.12)
    fig.legend(loc="outside lower left", ncols=4, frameon=False, fontsize=8, title="Finanzierung",
               title_fontsize=8, alignment="left")
    ax.set_title("Sachkosten je Jahr nach Finanzierung", loc="left", fontsize=11, fontweight="bold")
    return fig
