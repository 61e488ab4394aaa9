"""Pictures of the gap matrix: the heatmap (Handlungsfeld × Zielgruppe for one Raum, or Raum × Zielgruppe for
one Handlungsfeld) and the quadrant picture „viele Menschen, wenige Angebote“. Static matplotlib after
`toolkit.charts` (no pyplot, drawn under `FIGURE_LOCK`, German labels and numbers, source and note under the
picture), so handouts print and work offline.

    fig = gap_figures.heatmap(matrix, raum="Süd")              # or handlungsfeld="HF3", zielgruppe="Frauen"
    fig = gap_figures.quadrant_scatter(matrix, zielgruppe="Erwachsene 18–64")
"""
from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from toolkit import charts, fmt
from toolkit.bestandsanalyse.gaps import GapMatrix, quadrant
from toolkit.plan.schema import ZIELGRUPPEN

SOURCE = ("Quelle: eigene Bestandsaufnahme (Planungsdatei, Blatt „Angebote“); Bedarfe: Statistische Ämter des "
          "Bundes und der Länder, Bundesagentur für Arbeit, Ausländerzentralregister; eigene Berechnung")
#: Fill of a cell by the number of offers counted: 0, 1, 2, 3–4, 5 and more.
CLASSES = (0, 1, 2, 3, 5)
FILLS = ("#f2f2f2", "#deebf7", "#9ecae1", "#4292c6", "#08519c")
GAP = charts.COMPARISON[0]
TITLE_WIDTH = 62
#: Column heads of the heatmap (the full names are in the list of gaps).
SHORT = dict(zip(ZIELGRUPPEN, ("alle", "unter 6", "6–17", "18–64", "ab 65", "Frauen", "Arbeits-\nlose", "AsylbLG")))


@charts.one_at_a_time
def heatmap(matrix: GapMatrix, *, raum: str | None = None, handlungsfeld: str | None = None,
            zielgruppe: str | None = None, title: str | None = None, source: str | None = None,
            note: str | None = None) -> Figure:
    """Offers counted per cell (reachable, open to the group) as shades of blue, the number in the cell; a gap
    (see `gaps`) framed in orange with its kind's first letter. Choose a Raum (rows: Handlungsfelder, columns:
    Zielgruppen), a Handlungsfeld (rows: Räume, columns: Zielgruppen) or a Zielgruppe (rows: Räume, columns:
    Handlungsfelder, named by ID and the start of their name)."""
    where = {"raum": raum, "handlungsfeld": handlungsfeld, "zielgruppe": zielgruppe}
    offers = matrix.pivot("offers", **where)
    kinds = matrix.pivot("kind", **where).reindex_like(offers)
    rows, columns = len(offers.index), len(offers.columns)
    fig = Figure(figsize=(charts.WIDTH, 1.6 + 0.36 * rows), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    bounds = [*CLASSES, max(CLASSES) + 1_000_000]
    ax.imshow(offers.to_numpy(dtype=float), cmap=ListedColormap(FILLS), norm=BoundaryNorm(bounds, len(FILLS)),
              aspect="auto")
    marks = {"kein Angebot": "", "keine passende Sprache": "S", "zu wenige Plätze": "P", "zu wenige Angebote": "A"}
    for i in range(rows):
        for j in range(columns):
            count, kind = int(offers.iat[i, j]), kinds.iat[i, j]
            dark = count >= CLASSES[3]
            text = fmt.number(count) + (f" {marks[kind]}" if kind and marks[kind] else "")
            ax.text(j, i, text.strip(), ha="center", va="center", fontsize=8,
                    color="white" if dark else "#202020", fontweight="bold" if kind else "normal")
            if kind:
                ax.add_patch(Rectangle((j - 0.46, i - 0.44), 0.92, 0.88, fill=False, edgecolor=GAP, linewidth=1.4))
    names = dict(matrix.handlungsfelder)
    heads = ([SHORT.get(c, str(c)) for c in offers.columns] if zielgruppe is None else
             [f"{c}\n" + "\n".join(textwrap.wrap(textwrap.shorten(names.get(c, ""), 28, placeholder=" …"), 12,
                                                 break_long_words=False))
              for c in offers.columns])
    ax.set_xticks(range(columns), heads, fontsize=8 if zielgruppe is None else 6.5)
    ax.set_yticks(range(rows), [textwrap.shorten(str(r), 45, placeholder=" …") for r in offers.index], fontsize=8)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for side in ax.spines.values():
        side.set_visible(False)
    legend = [Patch(facecolor=f, edgecolor="#bbbbbb", label=label) for f, label in
              zip(FILLS, ("kein Angebot", "1 Angebot", "2 Angebote", "3–4 Angebote", "5 und mehr"))]
    legend.append(Patch(facecolor="white", edgecolor=GAP, linewidth=1.8,
                        label="Lücke (S Sprache, P Plätze, A Angebote je Person)"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.01), ncols=2, fontsize=7.5, frameon=False)
    if zielgruppe is not None:
        heading = f"Erreichbare Angebote für „{zielgruppe}“ je Raum und Handlungsfeld"
    else:
        heading = "Erreichbare Angebote je Zielgruppe " + (
            f"im Raum {matrix.needs.names.get(str(raum), raum)}" if raum is not None
            else f"im Handlungsfeld „{names.get(handlungsfeld, handlungsfeld)}“")
    _title(ax, title or heading)
    return charts.finish(fig, ax, None, source or SOURCE, note if note is not None else " ".join(matrix.notes))


@charts.one_at_a_time
def quadrant_scatter(matrix: GapMatrix, zielgruppe: str = ZIELGRUPPEN[0], handlungsfeld: str | None = None, *,
                     title: str | None = None, source: str | None = None, note: str | None = None) -> Figure:
    """People of a group (published count) against the offers counted for them, one point per Raum, split at
    the medians; the quadrant „viele Menschen, wenige Angebote“ is shaded and its points are orange. Räume
    whose count is hidden or unknown are not drawn and are named in the note."""
    points = quadrant(matrix, zielgruppe, handlungsfeld)
    fig = Figure(figsize=(charts.WIDTH, 4.6), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    need_split, offer_split = points.attrs["need_split"], points.attrs["offer_split"]
    critical = (points["quadrant"] == "viele Menschen, wenige Angebote").to_numpy()
    if len(points):
        top = max(float(points["offers"].max()), offer_split) + 1
        right = max(float(points["need"].max()), need_split) * 1.08 + 1
        ax.add_patch(Rectangle((need_split, -0.5), right - need_split, offer_split + 0.5, color=GAP, alpha=0.08,
                               linewidth=0))
        ax.axvline(need_split, color="#999999", linewidth=0.8, linestyle="--")
        ax.axhline(offer_split, color="#999999", linewidth=0.8, linestyle="--")
        ax.scatter(points["need"], points["offers"], s=36, c=np.where(critical, GAP, charts.HIGHLIGHT), zorder=3)
        for name, x, y, hot in zip(points["raum_name"], points["need"], points["offers"], critical):
            ax.annotate(str(name), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7.5,
                        color=GAP if hot else "#303030")
        ax.set_xlim(0, right)
        ax.set_ylim(-0.5, top)
        ax.text(0.99, 0.02, "viele Menschen,\nwenige Angebote", transform=ax.transAxes, ha="right", va="bottom",
                fontsize=8, color=GAP, fontweight="bold")
    else:
        ax.text(0.5, 0.5, "Keine Räume mit veröffentlichter Zahl", transform=ax.transAxes, ha="center")
    ax.set_xlabel(f"Personen: {zielgruppe}")
    ax.set_ylabel("erreichbare Angebote")
    ax.xaxis.set_major_formatter(charts.GermanFormatter())
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=GAP, label="viele Menschen, wenige Angebote"),
                       Line2D([], [], marker="o", linestyle="", color=charts.HIGHLIGHT, label="übrige Räume"),
                       Line2D([], [], color="#999999", linestyle="--", label="Median")],
              frameon=False, fontsize=7.5, loc="upper left")
    lines = [f"Geteilt am Median: {fmt.exact(need_split, 1)} Personen, {fmt.exact(offer_split, 1)} Angebote "
             "(„viele Menschen“: mindestens der Median, „wenige Angebote“: höchstens der Median)."]
    if points.attrs["left_out"]:
        lines.append("Ohne veröffentlichte Zahl (geheim oder unbekannt), daher nicht gezeigt: "
                     + ", ".join(map(str, points.attrs["left_out"])) + ".")
    if note:
        lines.append(note)
    field = f" – {dict(matrix.handlungsfelder).get(handlungsfeld, handlungsfeld)}" if handlungsfeld else ""
    _title(ax, title or f"Menschen und erreichbare Angebote je Raum: {zielgruppe}{field}")
    return charts.finish(fig, ax, None, source or SOURCE, "\n".join(lines))


def _title(ax, text: str) -> None:
    """The title in `charts.finish`'s style, wrapped narrower: bold capitals are wider than 80 characters."""
    ax.set_title("\n".join(textwrap.wrap(text, TITLE_WIDTH)), loc="left", fontsize=11, fontweight="bold")
