"""The network's pictures and tables for notebook and handout: the network coloured by sector (static matplotlib,
prints and works offline), the Gremium × actor table and the Akteursverzeichnis.

    network_figures.network_figure(plan)                   # actors and Gremien; projected=True: actors only
    network_figures.gremium_table(plan)                     # rows actors, columns Gremien, marks L / ● / G
    network_figures.akteursverzeichnis(plan)                # Name, Sektor, Handlungsfelder, Gemeinde, Gremien
"""
from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke

from toolkit import charts
from toolkit.bestandsanalyse.network import (
    ACTOR,
    GREMIUM,
    NO_SECTOR,
    co_membership,
    fields_named,
    graph,
    gremium_names,
)
from toolkit.plan import SEKTOREN, Plan, cell_text

SOURCE = "Quelle: Planungsmappe, Blätter „Akteure“, „Gremien“ und „Mitgliedschaften“"
SECTOR_COLOURS = dict(zip(SEKTOREN, (
    charts.HIGHLIGHT, "#5b9bd5", "#c55a11", "#c00000", "#548235", "#a9d18e", "#7f6000", "#7030a0", "#f4b183",
    "#bf9000", "#8c8c8c", "#ff3399")))
OTHER_COLOUR = "#e7e6e6"
GREMIUM_COLOUR = "#262626"
#: Marks of the Gremium × actor table.
MARKS = {"Leitung": "L", "Mitglied": "●", "Gast": "G"}
MARKS_NOTE = "L = Leitung, ● = Mitglied, G = Gast; leere Zeile: in keinem Gremium."
#: The layout's start is fixed: the same plan gives the same picture in notebook, handout and app.
SEED = 7
ALONE = "In keinem Gremium:"
HALO = [withStroke(linewidth=2.5, foreground="white")]


def sector_colour(sector: str) -> str:
    return SECTOR_COLOURS.get(sector, OTHER_COLOUR)


# --- the network ----------------------------------------------------------------------------------

@charts.one_at_a_time
def network_figure(plan: Plan, *, projected: bool = False, seed: int = SEED) -> Figure | None:
    """The network as a picture (spring layout from a fixed `seed`): actors as dots coloured by sector, Gremien as
    dark squares, a line for each membership (thick: Leitung); actors in no Gremium in a row below. `projected`:
    the co-membership network of the actors only (line width: Gremien shared). None when there are no actors."""
    g = graph(plan)
    if projected:
        g = co_membership(g)
        g = nx.relabel_nodes(g, {n: (ACTOR, n) for n in g})
    if not any(kind == ACTOR for _, kind in g.nodes(data="kind")):
        return None
    pos = _layout(g, seed)
    fig = Figure(figsize=(charts.WIDTH, charts.WIDTH * 0.95), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    _edges(ax, g, pos, projected)
    _nodes(ax, g, pos)
    if any(g.degree(n) == 0 for n in g):
        ax.text(0, -0.13, ALONE, fontsize=7.5, fontstyle="italic", color="#404040", va="center")
    ax.set_axis_off()
    ax.margins(0.12)
    _legend(ax, g, projected)
    title = "Netzwerk der Akteure (gemeinsame Gremien)" if projected else "Netzwerk der Akteure und Gremien"
    note = ("Linie: mindestens ein gemeinsames Gremium, je dicker, desto mehr." if projected else
            "Punkte: Akteure nach Sektor; Quadrate: Gremien; dicke Linie: Leitung.") + \
        " Die Lage folgt einem Federmodell; Abstände haben keine genaue Bedeutung."
    return charts.finish(fig, ax, title, SOURCE, note)


def _layout(g: nx.Graph, seed: int) -> dict:
    """Spring layout of the connected part in the unit square, isolated actors in rows under it."""
    alone = sorted((n for n in g if g.degree(n) == 0), key=lambda n: g.nodes[n]["name"].casefold())
    linked = g.subgraph([n for n in g if g.degree(n)])
    pos = {}
    if len(linked):
        pos = nx.spring_layout(linked, seed=seed, k=1.8 / np.sqrt(len(linked)), iterations=200)
        xy = np.array(list(pos.values()))
        low, span = xy.min(axis=0), np.ptp(xy, axis=0)
        span[span == 0] = 1
        pos = {n: (p - low) / span for n, p in pos.items()}
    per_row = 6
    for i, n in enumerate(alone):
        row, col = divmod(i, per_row)
        across = min(per_row, len(alone) - row * per_row)
        pos[n] = np.array([(col + 0.5) / across, -0.22 - 0.13 * row])
    return pos


def _edges(ax, g: nx.Graph, pos: dict, projected: bool) -> None:
    if not g.number_of_edges():
        return
    segments = [(pos[a], pos[b]) for a, b in g.edges]
    if projected:
        widths = [0.5 + 0.8 * (d.get("weight", 1) - 1) for _, _, d in g.edges(data=True)]
        colours = ["#bfbfbf"] * len(segments)
    else:
        leads = [d.get("rolle") == "Leitung" for _, _, d in g.edges(data=True)]
        widths = [2.2 if lead else 0.7 for lead in leads]
        colours = ["#595959" if lead else "#bfbfbf" for lead in leads]
    ax.add_collection(LineCollection(segments, linewidths=widths, colors=colours, zorder=1))


def _nodes(ax, g: nx.Graph, pos: dict) -> None:
    people = [n for n, kind in g.nodes(data="kind") if kind == ACTOR]
    gremien = [n for n, kind in g.nodes(data="kind") if kind == GREMIUM]
    xy = np.array([pos[n] for n in people])
    size = [28 + 14 * min(g.degree(n), 6) for n in people]
    ax.scatter(xy[:, 0], xy[:, 1], s=size, c=[sector_colour(g.nodes[n]["sektor"]) for n in people],
               edgecolors="#404040", linewidths=0.5, zorder=2)
    for n in people:
        ax.annotate(_short(g.nodes[n]["name"], 18), pos[n], xytext=(0, -6), textcoords="offset points", ha="center",
                    va="top", fontsize=5.8, color="#262626", path_effects=HALO, zorder=4)
    if gremien:
        xy = np.array([pos[n] for n in gremien])
        ax.scatter(xy[:, 0], xy[:, 1], s=110, marker="s", c=GREMIUM_COLOUR, zorder=3)
        for n in gremien:
            ax.annotate(_short(g.nodes[n]["name"], 24), pos[n], xytext=(0, 7), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7, fontweight="bold", path_effects=HALO, zorder=5)


def _legend(ax, g: nx.Graph, projected: bool) -> None:
    present = {d["sektor"] for _, d in g.nodes(data=True) if d["kind"] == ACTOR}
    sectors = [s for s in SEKTOREN if s in present] + sorted(present - set(SEKTOREN))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor=sector_colour(s),
                      markeredgecolor="#404040", markeredgewidth=0.5, label=s) for s in sectors]
    if not projected:
        handles += [Line2D([], [], marker="s", linestyle="", markersize=7, color=GREMIUM_COLOUR, label="Gremium"),
                    Line2D([], [], color="#595959", linewidth=2.2, label="Leitung")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), ncols=3, frameon=False, fontsize=7,
              title="Sektor", title_fontsize=7.5)


def _short(name: str, width: int) -> str:
    """A name in at most two lines of about `width` characters, cut with „…“."""
    lines = textwrap.wrap(name, width, break_long_words=False) or [""]
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


# --- tables ---------------------------------------------------------------------------------------

def gremium_table(plan: Plan) -> pd.DataFrame:
    """Actors × Gremien: one row per actor (index: name, sorted by sector as in the list, then name), its Sektor,
    and per Gremium its role (`MARKS`; the explanation in `attrs["note"]`), empty where it is not a member."""
    g = graph(plan)
    people = [(n, d) for n, d in g.nodes(data=True) if d["kind"] == ACTOR]
    order = {s: i for i, s in enumerate(SEKTOREN)}
    people.sort(key=lambda item: (order.get(item[1]["sektor"], len(order)), item[1]["name"].casefold()))
    names = gremium_names(g)
    gremien = [(n, names[d["id"]]) for n, d in g.nodes(data=True) if d["kind"] == GREMIUM]
    rows = [[d["sektor"]] + [MARKS.get(g.edges[n, m]["rolle"], "●") if g.has_edge(n, m) else "" for m, _ in gremien]
            for n, d in people]
    table = pd.DataFrame(rows, index=pd.Index([d["name"] for _, d in people], name="Akteur"),
                         columns=["Sektor"] + [name for _, name in gremien], dtype=object)
    table.attrs["note"] = MARKS_NOTE
    return table


def akteursverzeichnis(plan: Plan, gemeinde_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The directory of actors, alphabetical: Name, Sektor, Handlungsfelder (names of the sheet „Handlungsfelder“,
    what names none as typed), Gemeinde (its name from the sheet „Sozialräume“ or `gemeinde_names`, with the AGS)
    and Gremien (names, „; “)."""
    g = graph(plan)
    names = {cell_text(c): cell_text(n) for c, n in zip(plan.sozialraeume["Gemeinde (AGS)"],
                                                        plan.sozialraeume["Gemeinde"]) if cell_text(n)}
    names.update(gemeinde_names or {})
    sheet = plan.handlungsfelder
    fields = {cell_text(i): cell_text(n) for i, n in zip(sheet["ID"], sheet["Handlungsfeld"])}
    rows = []
    for row, actor in plan.akteure.iterrows():
        node = (ACTOR, cell_text(actor["ID"]) or f"Zeile {row}")
        named, unknown = fields_named(plan, actor["Handlungsfelder"])
        code = cell_text(actor["Gemeinde (AGS)"])
        gremien = sorted((g.nodes[m]["name"] for m in g[node]), key=str.casefold) if node in g else []
        rows.append({"Name": cell_text(actor["Name"]), "Sektor": cell_text(actor["Sektor"]) or NO_SECTOR,
                     "Handlungsfelder": "; ".join([fields[i] for i in fields if i in named] + unknown),
                     "Gemeinde": f"{names[code]} ({code})" if code in names else code,
                     "Gremien": "; ".join(gremien)})
    table = pd.DataFrame(rows, columns=["Name", "Sektor", "Handlungsfelder", "Gemeinde", "Gremien"])
    return table.iloc[sorted(range(len(table)), key=lambda i: table["Name"].iloc[i].casefold())].reset_index(drop=True)
