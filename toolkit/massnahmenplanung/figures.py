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
from toolkit.massnahmenplanung.catalogue import COSTS_TOTAL, NO_VALUE, STAFF, SUM, _timespan, by_field, records
from toolkit.massnahmenplanung.checks import _milestones, _period, implausible
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

#: Lines of the Zeitplan on one A4 landscape page within 12 mm margins (headings of Handlungsfelder count).
PAGE_ROWS = 41


def gantt_figure(plan: Plan, handlungsfeld: str | None = None, colour_by: str = "Priorität") -> Figure:
    """Zeitplan: one bar per measure from Beginn to Ende, grouped by Handlungsfeld, coloured by
    Priorität or Status, milestones as diamonds, years on the axis; A4 landscape wide. Measures with a date
    outside `PLAUSIBLE_YEARS` are listed, not drawn, and the note under the chart names them."""
    lines, first, last = _gantt_lines(plan, handlungsfeld, colour_by)
    return _gantt(plan, lines, first, last, handlungsfeld, colour_by)


def gantt_pages(plan: Plan, handlungsfeld: str | None = None, colour_by: str = "Priorität",
                rows: int = PAGE_ROWS) -> list[Figure]:
    """The Zeitplan of `gantt_figure` in figures of at most `rows` lines (one A4 landscape page each), all on
    the same years; a Handlungsfeld going on over a page break repeats its heading with „(Fortsetzung)“.
    The work grows with the number of measures: each page is drawn alone."""
    lines, first, last = _gantt_lines(plan, handlungsfeld, colour_by)
    if not lines:
        return [_gantt(plan, lines, first, last, handlungsfeld, colour_by)]
    pages, page, field = [], [], None
    for line in lines:
        if line[0] == "field":
            field = line[1]
        if len(page) == rows or (line[0] == "field" and len(page) >= rows - 1):
            pages.append(page)
            page = [] if line[0] == "field" else [("field", f"{_short(field, 45)} (Fortsetzung)")]
        page.append(line)
    pages.append(page)
    return [_gantt(plan, page, first, last, handlungsfeld, colour_by, (number, len(pages)))
            for number, page in enumerate(pages, 1)]


def _gantt_lines(plan: Plan, handlungsfeld: str | None, colour_by: str) -> tuple[list[tuple], int, int]:
    """The Zeitplan's lines — ("field", name) or ("measure", label, period, milestones, colour, note) — and the
    first and last year of its axis."""
    if colour_by not in COLOURS:
        raise UserError(f"Färben nach „{colour_by}“ geht nicht; möglich: {', '.join(COLOURS)}.")
    lines, years = [], []
    for field, part in by_field(plan, handlungsfeld):
        lines.append(("field", field))
        for _, measure in records(part):
            period = _period(measure)
            note = "" if period else f"  {_timespan(measure)}" + (" – Datum unplausibel, nicht gezeichnet"
                                                                  if implausible(measure) else "")
            when = [d for _, d in _milestones(measure["Meilensteine"]) if d] if period else []
            colour = COLOURS[colour_by].get(cell_text(measure[colour_by]), GREY)
            label = f"{cell_text(measure['ID'])}  {cell_text(measure['Titel'])}"
            lines.append(("measure", label, period, when, colour, note))
            years += [period[0].year, period[1].year] if period else []
    first = min(years, default=dt.date.today().year)
    return lines, first, max(years, default=first)


def _gantt(plan: Plan, lines: list[tuple], first: int, last: int, handlungsfeld: str | None, colour_by: str,
           page: tuple[int, int] | None = None) -> Figure:
    fig = Figure(figsize=(10.5, max(2.5, 1.4 + 0.145 * len(lines))), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if not lines:
        return _nothing(ax, "Keine Maßnahmen eingetragen.")
    _time_axis(ax, first, last)
    bars = [(y, line[2], line[4]) for y, line in enumerate(lines) if line[0] == "measure" and line[2]]
    if bars:
        starts = [mdates.date2num(start) for _, (start, _), _ in bars]
        ax.barh([y for y, _, _ in bars], [mdates.date2num(end) + 1 - s for s, (_, (_, end), _) in zip(starts, bars)],
                left=starts, height=0.6, color=[colour for _, _, colour in bars])
    milestones = [(mdates.date2num(d), y) for y, line in enumerate(lines) if line[0] == "measure" for d in line[3]]
    if milestones:
        ax.scatter(*zip(*milestones), marker="D", s=16, color="black", zorder=3)
    for y, line in enumerate(lines):
        if line[0] == "field":
            ax.axhspan(y - 0.5, y + 0.5, color="#f2f2f2", zorder=0)
        elif line[5]:
            ax.text(ax.get_xlim()[0], y, line[5], va="center", fontsize=7, style="italic", color="#595959")
    labels = [_short(line[1], 60 if line[0] == "field" else 50) for line in lines]
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for tick, line in zip(ax.get_yticklabels(), lines):
        if line[0] == "field":
            tick.set_fontweight("bold")
    ax.set_ylim(len(labels) - 0.5, -0.5)
    _gantt_legend(fig, plan, colour_by)
    title = "Zeitplan der Maßnahmen" + (f" – {lines[0][1]}" if handlungsfeld else "")
    ax.set_title(title + (f" (Seite {page[0]} von {page[1]})" if page and page[1] > 1 else ""), loc="left",
                 fontsize=11, fontweight="bold")
    return fig


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


def budget_figure(plan: Plan, money: pd.DataFrame | None = None) -> Figure:
    """Sachkosten per year (and „ohne Zeitraum“) as bars stacked by Finanzierung, sums on top (`money`: the
    `budget` already computed)."""
    table = (budget(plan) if money is None else money).drop(index=[COSTS_TOTAL, STAFF], columns=[SUM])
    fig = Figure(figsize=(charts.WIDTH, 4.0), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    if table.empty:
        return _nothing(ax, "Keine Sachkosten eingetragen.")
    bottom = pd.Series(0.0, index=table.columns)
    bars = []
    for funding, values in table.iterrows():
        bars.append(ax.bar(table.columns, values, bottom=bottom, color=FUNDING_COLOURS.get(funding, GREY)))
        bottom += values
    for x, total in enumerate(bottom):
        ax.annotate(fmt.euro(total), (x, total), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8)
    ax.yaxis.set_major_formatter(charts.GermanFormatter())
    ax.set_ylabel("Sachkosten in €")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(0, max(bottom.max(), 1) * 1.12)
    # handles and labels given: matplotlib would leave out a Finanzierung typed with a leading „_“
    fig.legend(bars, [str(f) for f in table.index], loc="outside lower left", ncols=4, frameon=False, fontsize=8,
               title="Finanzierung", title_fontsize=8, alignment="left")
    ax.set_title("Sachkosten je Jahr nach Finanzierung", loc="left", fontsize=11, fontweight="bold")
    return fig
