"""Static, print-ready charts and maps with German labels and number formats.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (no global
state, nothing shown twice in a notebook, rendered by Agg when saved) and prints a source
line under the chart: from ``source=`` or from the tidy table's ``attrs`` (source, table
code, Stand, licence), followed by the disclosure note (``note=``) where one applies.
Hidden or missing values are never drawn as zero.

Text in charts is plain text: importing this module switches off matplotlib's mathtext
(``text.parse_math``), so a ``$…$`` a user typed into a title is drawn as typed, never as a formula
and never an error. Every module that draws imports this one (a test checks it).
"""
from __future__ import annotations

import atexit
import functools
import io
import itertools
import math
import textwrap
import threading
from collections.abc import Iterable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.ticker import Formatter, MaxNLocator, StrMethodFormatter
from matplotlib.transforms import ScaledTranslation

from toolkit import fmt
from toolkit.disclosure import MARKER
from toolkit.errors import UserError
from toolkit.indicators import group
from toolkit.indicators.compare import REST

#: User text ($, \frac, _^{}) is drawn as typed: read when a text is made, so set before any figure.
matplotlib.rcParams["text.parse_math"] = False

#: Legend entry of regions without a number (missing, unknown or suppressed).
NO_DATA = "keine Angabe / geheim"
#: Note under a line chart for groups without any value in the period shown.
NO_LINE = "Ohne Wert im gezeigten Zeitraum, daher ohne Linie"
#: Width in inches: fits an A4 page with margins.
WIDTH = 7.0
FOOTER_SIZE = 7.5
#: Left and right margin of the footer, as a share of the figure's width.
FOOTER_INSET = 0.01
HIGHLIGHT = "#1f4e79"
COMPARISON = ["#c55a11", "#7f7f7f", "#548235", "#7030a0", "#bf9000"]
EU, NON_EU, GREY = "#2e75b6", "#c55a11", "#a6a6a6"
NO_DATA_FACE, NO_DATA_HATCH = "#eeeeee", "#9a9a9a"
GEOGRAPHIC_CRS = {"EPSG:4326", "OGC:CRS84", "CRS84", "WGS84", "EPSG:4258", "EPSG:4269"}


class GermanFormatter(Formatter):
    """Tick labels like ``12.500`` or ``2,5 %``; decimals follow the tick spacing."""

    def __init__(self, percent: bool = False, absolute: bool = False):
        self.percent, self.absolute, self.decimals = percent, absolute, 0

    def set_locs(self, locs):
        super().set_locs(locs)
        steps = np.diff(np.sort(np.asarray(locs, dtype=float)))
        step = steps[steps > 0].min() if (steps > 0).any() else 1.0
        self.decimals = _decimals_for(step)

    def __call__(self, x, pos=None):
        value = abs(x) if self.absolute else x
        value = 0.0 if abs(value) < 1e-12 else value
        return fmt.percent(value, self.decimals) if self.percent else fmt.number(value, self.decimals)


#: matplotlib is not thread-safe (its font cache) and the training apps render ahead in a thread while the
#: notebook goes on drawing: figures shown by the stages are made and saved under this lock.
FIGURE_LOCK = threading.RLock()


def one_at_a_time(function):
    """Decorator: `function` draws or saves a figure under `FIGURE_LOCK`."""
    @functools.wraps(function)
    def locked(*args, **kwargs):
        with FIGURE_LOCK:
            return function(*args, **kwargs)
    return locked


@functools.cache
def hold_lock_at_exit() -> None:
    """Called by whoever starts drawing in a background thread: at exit wait for the picture being rendered
    and start no other, as a thread killed inside matplotlib's C++ code aborts the process."""
    atexit.register(FIGURE_LOCK.acquire)


@one_at_a_time
def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (no pyplot: nothing stays open)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def source_line(attrs: dict, source: str | None = None) -> str:
    """``Quelle: …, Tabelle …, Stand …; licence`` from a tidy table's attrs (or ``source``)."""
    if source:
        return source if source.startswith("Quelle") else f"Quelle: {source}"
    parts = [attrs.get("source")]
    parts.append(f"Tabelle {attrs['table_code']}" if attrs.get("table_code") else None)
    parts.append(f"Stand {_date_or_text(attrs['stand'])}" if attrs.get("stand") else None)
    text = ", ".join(p for p in parts if p)
    text = f"Quelle: {text}" if text else ""
    licence = attrs.get("licence")
    return f"{text}; {licence}" if text and licence else text or licence or ""


def time_series(data: pd.DataFrame, *, by: str = "region_name", x: str = "time", y: str = "value",
                highlight=None, title: str | None = None, ylabel: str | None = None,
                percent: bool = False, source: str | None = None, note: str | None = None) -> Figure:
    """Lines over time, one per ``by`` group (e.g. Kreis vs Thüringen vs Deutschland).

    The first group (or ``highlight``) is drawn strong, the others as comparison lines.
    Missing values (markers, suppression) leave a gap, never a point at 0; lone points show as
    dots. A group without any value gets no line and no legend entry: the note names it.
    """
    _unique(data, [x, by], "Zeit und Region")
    wide = data.pivot(index=x, columns=by, values=y).sort_index()
    wide = wide[list(pd.unique(data[by]))].astype(float)
    highlight = wide.columns[0] if highlight is None else highlight
    empty = [name for name in wide.columns if wide[name].isna().all()]
    if empty:
        note = " ".join(filter(None, [f"{NO_LINE}: {', '.join(map(str, empty))}.", note]))
    fig, ax = _figure(4.2)
    positions = np.arange(len(wide))
    others = itertools.cycle(COMPARISON)
    for name in wide.columns:
        if name in empty:
            continue
        strong = name == highlight
        ax.plot(positions, wide[name].to_numpy(float), label=str(name), marker="o",
                color=HIGHLIGHT if strong else next(others), linewidth=2.6 if strong else 1.6,
                markersize=5 if strong else 4, zorder=3 if strong else 2)
    labels, xlabel = _time_labels(wide.index)
    step = max(1, math.ceil(len(labels) / 12))
    ax.set_xticks(positions[::step], labels[::step])
    ax.set_xlabel(xlabel)
    _value_axis(ax.yaxis, percent)
    if np.nanmin(wide.to_numpy(float), initial=0) >= 0:
        ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel or "")
    if len(empty) < len(wide.columns):
        _legend_below(ax, ncols=min(len(wide.columns) - len(empty), 3), fontsize=9)
    _style(ax, "y")
    return finish(fig, ax, title or data.attrs.get("title"), source_line(data.attrs, source), note)


def age_pyramid(data: pd.DataFrame, *, age: str = "age_group", side: str = "nationality",
                left=None, right=None, value: str = "value", share: bool = True,
                title: str | None = None, source: str | None = None, note: str | None = None) -> Figure:
    """Two-sided bars by age group: ``left`` group to the left, ``right`` to the right.

    ``side`` is the dimension split (e.g. nationality Deutsche/Ausländer or sex).
    With ``share`` each side shows percent of its own total, so groups of very different
    size compare by structure (hidden groups are left out of that total). Age groups keep
    the table's order, youngest at the bottom; a hidden group shows ". geheim", no bar.
    """
    _unique(data, [age, side], "Altersgruppe und Seite")
    groups = list(pd.unique(data[side]))
    left, right = (groups[0] if left is None else left), (groups[1] if right is None else right)
    wide = data.pivot(index=age, columns=side, values=value).reindex(pd.unique(data[age]))
    wide = wide[[left, right]].astype(float)
    if share:
        wide = wide / wide.sum() * 100
    fig, ax = _figure(5.2)
    rows = np.arange(len(wide))
    limit = np.nanmax(wide.to_numpy(), initial=1) * 1.12
    for name, sign, colour in ((left, -1, HIGHLIGHT), (right, 1, NON_EU)):
        ax.barh(rows, sign * wide[name].to_numpy(), height=0.8, color=colour)
        for row in rows[wide[name].isna().to_numpy()]:
            ax.text(sign * limit * 0.02, row, f"{MARKER} geheim", ha="right" if sign < 0 else "left",
                    va="center", fontsize=7, fontstyle="italic", color="#595959")
        ax.text(sign * limit * 0.5, len(wide) - 0.2, str(name), ha="center", va="bottom",
                fontsize=10, fontweight="bold", color=colour)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-0.6, len(wide) + 0.5)
    ax.set_yticks(rows, [str(label) for label in wide.index], fontsize=8)
    ax.axvline(0, color="#404040", linewidth=0.8)
    _value_axis(ax.xaxis, share, absolute=True)
    ax.set_xlabel("Anteil an der jeweiligen Gruppe" if share else "Personen")
    _style(ax, "x")
    return finish(fig, ax, title or data.attrs.get("title"), source_line(data.attrs, source), note)


def nationality_bars(data: pd.DataFrame, *, category: str = "nationality", value: str = "value",
                     top: int = 10, total=None, eu: Iterable[str] | None = None,
                     title: str | None = None, source: str | None = None,
                     note: str | None = None) -> Figure:
    """Horizontal bars of the ``top`` nationalities plus ``Übrige``, EU / non-EU coloured.

    ``total`` names the row holding all foreigners (e.g. "Insgesamt"); then ``Übrige`` is
    the total minus the bars, which includes nationalities the table does not list.
    Hidden values (NaN) never make the top list. ``eu`` names the EU states; by default the
    indicator catalogue's group ``eu_staaten``.
    """
    _unique(data, [category], "Staatsangehörigkeit")
    counts = data.set_index(category)[value].astype(float)
    overall = counts.pop(total) if total is not None else None
    ranked = counts.dropna().sort_values(ascending=False, kind="stable")
    shown = ranked.iloc[:top]
    rest = overall - shown.sum() if overall is not None else counts.drop(shown.index).sum()
    bars = pd.concat([shown, pd.Series({REST: rest})]) if rest > 0 else shown
    eu = set(group("eu_staaten") if eu is None else eu)
    colours = [GREY if name == REST else EU if name in eu else NON_EU for name in bars.index]
    fig, ax = _figure(0.9 + 0.32 * len(bars))
    rows = np.arange(len(bars))[::-1]
    ax.barh(rows, bars.to_numpy(), color=colours, height=0.72)
    ax.set_yticks(rows, [str(name) for name in bars.index], fontsize=9)
    for row, count in zip(rows, bars.to_numpy()):
        ax.text(count, row, f" {fmt.number(count)}", va="center", fontsize=8)
    ax.set_xlim(0, bars.max() * 1.15)
    ax.set_xlabel("Personen")
    _value_axis(ax.xaxis, False)
    _legend_below(ax, handles=[Patch(color=EU, label="EU-Staaten"),
                               Patch(color=NON_EU, label="Nicht-EU-Staaten"), Patch(color=GREY, label=REST)],
                  ncols=3, fontsize=8)
    _style(ax, "x")
    return finish(fig, ax, title or data.attrs.get("title"), source_line(data.attrs, source), note)


def choropleth(boundaries: pd.DataFrame, values: pd.Series, *, classes: int = 5,
               scheme: str = "quantile", title: str | None = None, legend_title: str | None = None,
               percent: bool = False, decimals: int | None = None,
               labels: bool | Iterable[str] = False,
               cmap: str = "Blues", source: str | None = None, note: str | None = None) -> Figure:
    """A classed map: ``boundaries`` (region_code, region_name, geometry; attrs crs) coloured
    by ``values`` (indexed by region_code) in ``classes`` quantile or equal-interval classes.

    Regions without a value (missing, unknown, suppressed) are hatched grey with the legend
    entry "keine Angabe / geheim". ``labels`` writes region names: True for all, or the
    region codes to name (for 600 Gemeinden name only a few). WGS84 coordinates get
    the aspect 1/cos(latitude), so the map is not squashed.
    """
    if scheme not in ("quantile", "equal"):
        raise UserError(f"Unbekannte Klasseneinteilung „{scheme}“.", hint="„quantile“ oder „equal“ angeben.")
    codes = boundaries["region_code"].astype(str)
    numbers = values.rename(index=str).reindex(codes).to_numpy(float)
    paths = [_path(geometry) for geometry in boundaries["geometry"]]
    known = ~np.isnan(numbers)
    stretch = _stretch(boundaries.attrs.get("crs"), paths)
    fig, ax = _figure(_map_height(paths, stretch))
    handles = []
    if known.any():
        breaks = _breaks(numbers[known], classes, scheme)
        palette = colormaps[cmap](np.linspace(0.18, 0.92, len(breaks) - 1))
        index = np.clip(np.searchsorted(breaks[1:-1], numbers[known], side="right"), 0, len(breaks) - 2)
        ax.add_collection(_regions(paths, known, facecolors=palette[index], edgecolors="white"))
        places = decimals if decimals is not None else _decimals_for_values(numbers[known], percent)
        handles = [Patch(facecolor=colour, label=_class_label(low, high, places, percent))
                   for colour, low, high in zip(palette, breaks[:-1], breaks[1:])]
    if not known.all():
        ax.add_collection(_regions(paths, ~known, facecolors=NO_DATA_FACE, edgecolors="white",
                                   hatch="////", hatchcolors=NO_DATA_HATCH, gid="no-data"))
        handles.append(Patch(facecolor=NO_DATA_FACE, edgecolor=NO_DATA_HATCH, hatch="////", label=NO_DATA))
    ax.autoscale_view()
    ax.set_aspect(stretch)
    ax.set_axis_off()
    if labels is not False:
        chosen = codes.isin(codes if labels is True else [str(code) for code in labels]).to_numpy()
        _label_regions(ax, [p for p, keep in zip(paths, chosen) if keep],
                       boundaries["region_name"][chosen], stretch)
    fig.legend(handles=handles, title=legend_title or values.name, frameon=False, fontsize=8,
               title_fontsize=9, loc="outside right upper", alignment="left")
    lines = [source_line(values.attrs, source), source_line(boundaries.attrs).replace("Quelle:", "Karte:", 1)]
    return finish(fig, ax, title or values.attrs.get("title"), "\n".join(p for p in lines if p), note)


def year_axes(ax, unit: str, legend_pt: float = 8) -> None:
    """The axes of a chart over years (stage 3's target, stage 5's course): whole years along x, values in German
    format with their unit („Prozent“ for %), a legend without frame, a light grid, no top and right spines."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    ax.yaxis.set_major_formatter(GermanFormatter(percent=unit == "%"))
    ax.set_ylabel("Prozent" if unit == "%" else unit)
    ax.legend(frameon=False, fontsize=legend_pt, loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def _figure(height: float):
    fig = Figure(figsize=(WIDTH, height), layout="constrained", dpi=100)
    return fig, fig.add_subplot()


def finish(fig: Figure, ax, title: str | None, source: str, note: str | None) -> Figure:
    """Title over the axes, source line and note under the chart. The footer is wrapped to
    the figure's width as measured in its font, and the figure grows by the footer's height,
    so the chart keeps its size and every word of a long source line stays visible."""
    if title:
        ax.set_title("\n".join(textwrap.wrap(title, 80)), loc="left", fontsize=11, fontweight="bold")
    parts = [part for text in (source, note) if text for part in text.split("\n")]
    if not parts:
        return fig
    footer = fig.supxlabel("", x=FOOTER_INSET, ha="left", fontsize=FOOTER_SIZE, color="#404040", gid="footer")
    renderer = RendererAgg(fig.bbox.width, fig.bbox.height, fig.dpi)
    room = fig.bbox.width * (1 - 2 * FOOTER_INSET)

    def width(line: str) -> float:
        return renderer.get_text_width_height_descent(line, footer.get_fontproperties(), ismath=False)[0]

    footer.set_text("\n".join(line for part in parts for line in _wrap(part, room, width)))
    fig.set_figheight(fig.get_figheight() + footer.get_window_extent(renderer).height / fig.dpi)
    return fig


def _wrap(text: str, room: float, width) -> list[str]:
    """``text`` in lines no wider than ``room`` by ``width(line)``: textwrap at the largest
    number of characters whose lines all fit (long words are broken only when they must)."""
    chars = max(len(text), 1)
    while True:
        lines = textwrap.wrap(text, chars)
        widest = max((width(line) for line in lines), default=0.0)
        if widest <= room or chars == 1:
            return lines
        chars = max(1, min(chars - 1, int(chars * room / widest)))


def _legend_below(ax, **options):
    """A legend under the axis label, at a fixed distance whatever the figure height."""
    below = ax.transAxes + ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, **options)


def _style(ax, grid: str):
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _value_axis(axis, percent: bool, absolute: bool = False):
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(GermanFormatter(percent, absolute))


def _decimals_for(step: float) -> int:
    """Decimals that show a tick step exactly (0 for 500, 1 for 2.5, 2 for 0.25), at most 3."""
    for places in range(4):
        if abs(step * 10**places - round(step * 10**places)) < 1e-6:
            return places
    return 3


def _decimals_for_values(numbers: np.ndarray, percent: bool) -> int:
    return 1 if percent or not np.allclose(numbers, np.round(numbers)) else 0


def _unique(data: pd.DataFrame, keys: list[str], what: str):
    """Charts need one value per key; several mean the table was not filtered."""
    missing = [key for key in keys if key not in data.columns]
    if missing:
        raise UserError(f"Spalte „{missing[0]}“ fehlt in den Daten.",
                        hint=f"Vorhanden sind: {', '.join(map(str, data.columns))}.")
    if data.duplicated(keys).any():
        raise UserError(f"Mehrere Werte je {what}: die Tabelle enthält noch weitere Merkmale.",
                        hint="Vorher auf genau eine Variable, ein Jahr und ein Merkmal filtern.")


def _time_labels(times: pd.Index) -> tuple[list[str], str]:
    times = [str(t) for t in times]
    if all(len(t) == 10 and t.endswith("-12-31") for t in times):
        return [t[:4] for t in times], "Stand jeweils 31.12."
    return [_date_or_text(t) for t in times], ""


def _date_or_text(value) -> str:
    text = str(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return fmt.date(text)
    return text


def _class_label(low: float, high: float, decimals: int, percent: bool) -> str:
    text = fmt.percent if percent else fmt.number
    return f"{text(low, decimals)} – {text(high, decimals)}"


def _breaks(numbers: np.ndarray, classes: int, scheme: str) -> np.ndarray:
    """Class limits from min to max; equal values collapse to fewer classes."""
    if scheme == "quantile":
        breaks = np.quantile(numbers, np.linspace(0, 1, classes + 1))
    else:
        breaks = np.linspace(numbers.min(), numbers.max(), classes + 1)
    breaks = np.unique(breaks)
    return breaks if len(breaks) > 1 else np.array([breaks[0], breaks[0]])


def _rings(geometry: dict) -> list[list[np.ndarray]]:
    """Polygons (each: exterior ring, holes) of a GeoJSON Polygon or MultiPolygon."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if polygons is None:
        raise UserError(f"Geometrietyp „{kind}“ kann nicht als Fläche gezeichnet werden.",
                        hint="Nur Polygon und MultiPolygon sind möglich.")
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in polygon] for polygon in polygons]


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _label_point(path: Path, stretch: float) -> tuple[float, float]:
    """The grid point inside ``path`` farthest from its outline (holes count as outside)."""
    vertices = path.vertices
    (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
    grid = np.stack(np.meshgrid(np.linspace(x0, x1, 25), np.linspace(y0, y1, 25)), -1).reshape(-1, 2)
    rings = [Path(ring) for ring in path.to_polygons(closed_only=False)]
    inside = grid[sum(ring.contains_points(grid).astype(int) for ring in rings) % 2 == 1]
    if len(inside) == 0:
        return float(vertices[:, 0].mean()), float(vertices[:, 1].mean())
    scale = np.array([1.0, stretch])
    gaps = np.linalg.norm((inside[:, None, :] - vertices[None, :, :]) * scale, axis=2).min(axis=1)
    x, y = inside[np.argmax(gaps)]
    return float(x), float(y)


def _path(geometry: dict) -> Path:
    """One compound path per region; exteriors counter-clockwise, holes clockwise."""
    vertices, codes = [], []
    for polygon in _rings(geometry):
        for number, ring in enumerate(polygon):
            if (_area(ring) > 0) == (number > 0):
                ring = ring[::-1]
            ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(ring)
            codes.append(ring_codes)
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _regions(paths: list[Path], selected: np.ndarray, **style) -> PolyCollection:
    chosen = [path for path, keep in zip(paths, selected) if keep]
    collection = PolyCollection([], linewidths=0.4, **style)
    collection.set_verts_and_codes([p.vertices for p in chosen], [p.codes for p in chosen])
    return collection


def _stretch(crs, paths: list[Path]) -> float:
    """Aspect ratio: 1/cos(latitude) for longitude/latitude, 1 for projected metres."""
    points = np.concatenate([p.vertices for p in paths])
    geographic = (str(crs).upper() in GEOGRAPHIC_CRS if crs
                  else bool((np.abs(points) <= (180, 90)).all()))
    middle = (points[:, 1].min() + points[:, 1].max()) / 2
    return 1 / math.cos(math.radians(middle)) if geographic else 1.0


def _map_height(paths: list[Path], stretch: float) -> float:
    """Figure height that fits the map into the width left beside the legend."""
    points = np.concatenate([p.vertices for p in paths])
    width, height = np.ptp(points, axis=0)
    return float(np.clip(0.68 * WIDTH * height * stretch / width + 0.9, 3.5, 9.0))


def _label_regions(ax, paths: list[Path], names: pd.Series, stretch: float):
    """Names at the inmost point of each region, with a white halo."""
    halo = [withStroke(linewidth=2, foreground="white")]
    for path, name in zip(paths, names):
        ax.text(*_label_point(path, stretch), str(name), ha="center", va="center", fontsize=6.5, path_effects=halo)
