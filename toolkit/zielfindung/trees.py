"""The goal tree: the graph of goals and its picture per Handlungsfeld (IDs after the course's scheme:
`plan.next_goal_id`)."""
from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from toolkit import charts
from toolkit.errors import UserError
from toolkit.plan import EBENEN, NO_FIELD, Plan, cell_text, field_name
from toolkit.zielfindung.checks import smart
from toolkit.zielfindung.criteria import CRITERIA

# --- tree ----------------------------------------------------------------------------------------

def tree(plan: Plan) -> nx.DiGraph:
    """The goals as a graph: an edge from „Übergeordnetes Ziel“ to the goal; node attributes ebene,
    text, handlungsfeld and row (Excel row). Goals without ID are named by their row, a repeated ID
    gets its row added. A parent that does not exist gives no edge (the goal is drawn on its own);
    a circle of parents is a UserError naming the row."""
    graph = nx.DiGraph()
    parents = {}
    for row, goal in plan.ziele.iterrows():
        key = cell_text(goal["ID"]) or f"Zeile {row}"
        key = f"{key} (Zeile {row})" if key in graph else key
        graph.add_node(key, ebene=cell_text(goal["Ebene"]), text=cell_text(goal["Zieltext"]),
                       handlungsfeld=cell_text(goal["Handlungsfeld"]), row=row)
        parents[key] = cell_text(goal["Übergeordnetes Ziel"])
    graph.add_edges_from((parent, key) for key, parent in parents.items() if parent in graph)
    try:
        circle = [edge[0] for edge in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:
        return graph
    raise UserError(f"Im Blatt „Ziele“ bilden die Ziele {' → '.join(circle + circle[:1])} über „Übergeordnetes "
                    "Ziel“ einen Kreis; ein Ziel kann nicht (auch nicht über Umwege) über sich selbst stehen.",
                    file=plan.source, row=graph.nodes[circle[0]]["row"], column="Übergeordnetes Ziel",
                    hint="Tragen Sie bei jedem Ziel das Ziel der Ebene darüber ein: Handlungsziel → "
                         "Mittlerziel → Leitziel; ein Leitziel hat keines.")


#: Tree picture, in inches: A4 width, one column per Ebene (Handlungsziele have the most text).
BOX_WIDTHS, COLUMN_GAP, MARGIN, PAD, GAP = (1.75, 1.95, 2.7), 0.15, 0.15, 0.05, 0.08
FONT_SIZE, MAX_LINES = 7, 6
#: Characters per inch of box width at FONT_SIZE (DejaVu Sans, mixed text, with some room).
CHARS_PER_INCH = 72 / (FONT_SIZE * 0.6)
LINE_SPACING = 1.1
LINE = FONT_SIZE * LINE_SPACING / 72
HEADER, PANEL_HEADER = 0.3, 0.32
LEVEL_STYLE = {"Leitziel": ("#1f4e79", "white"), "Mittlerziel": ("#9dc3e6", "black"),
               "Handlungsziel": ("#deebf7", "black")}
OTHER_STYLE = ("#eeeeee", "black")
FAILED = "#c00000"


def tree_figure(plan: Plan, handlungsfeld: str | None = None, series: Mapping[str, pd.Series] | None = None,
                today: dt.date | None = None) -> Figure:
    """The goal tree, left to right (Leitziel | Mittlerziel | Handlungsziel), one panel per Handlungsfeld
    (or only `handlungsfeld`: name or ID such as „HF3“, or `NO_FIELD`), A4 width; the height grows with the goals (the
    demo plan's 44 goals: about 17 inches, so print it per Handlungsfeld). Handlungsziele with a SMART
    error are framed red and list the failed criteria; goals without a parent goal are framed dashed."""
    graph = tree(plan)
    fields = _panels(plan, graph, handlungsfeld)
    layout, height = [], HEADER
    for field, roots in fields.items():
        layout.append(("field", field, height))
        height += PANEL_HEADER
        for root in roots:
            height = _place(graph, root, height, layout) + 2 * GAP
    fig = Figure(figsize=(charts.WIDTH, height + HEADER), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, charts.WIDTH)
    ax.set_ylim(height + HEADER, 0)
    ax.axis("off")
    for level, name in enumerate(EBENEN):
        ax.text(_left(level), HEADER / 2, name, fontsize=9, fontweight="bold", va="center")
    ax.text(MARGIN, height + HEADER / 2, "Rot umrandet: Handlungsziel besteht die SMART-Prüfung nicht (✗ mit den "
            "Kriterien); gestrichelt: Ziel ohne übergeordnetes Ziel.", fontsize=FONT_SIZE, va="center",
            color="#404040")
    if not fields:
        ax.text(MARGIN, HEADER + PANEL_HEADER, "Noch keine Ziele eingetragen.", fontsize=9)
    positions = {}
    for kind, key, top in layout:
        if kind == "field":
            ax.text(MARGIN, top + PANEL_HEADER / 2, key, fontsize=9, fontweight="bold", color="#1f4e79",
                    va="center")
            ax.axhline(top + PANEL_HEADER - 0.04, color="#bfbfbf", linewidth=0.6)
        else:
            positions[key] = _draw_goal(ax, graph, key, top, plan, series, today)
    for parent, child in graph.edges:
        if parent in positions and child in positions:
            (_, px, py), (cx, _, cy) = positions[parent], positions[child]
            middle = (px + cx) / 2
            ax.plot([px, middle, middle, cx], [py, py, cy, cy], color="#7f7f7f", linewidth=0.8,
                    gid="edge")
    return fig


def tree_fields(plan: Plan) -> list[str]:
    """The panels of the goal trees in the plan's order: each Handlungsfeld of the sheet with a root goal, then
    `NO_FIELD` when a root goal's Handlungsfeld is empty or not in the sheet (so no goal drops out of view)."""
    panels = _panels(plan, tree(plan), None)
    return [f for f in panels if panels[f]]


def _panels(plan: Plan, graph: nx.DiGraph, handlungsfeld: str | None) -> dict[str, list[str]]:
    """Handlungsfeld (or `NO_FIELD`) → its root goals (sorted by row), in the plan's order; a subtree follows
    its root."""
    names = dict(zip(map(cell_text, plan.handlungsfelder["ID"]), map(cell_text, plan.handlungsfelder["Handlungsfeld"])))
    roots = sorted((n for n in graph if graph.in_degree(n) == 0), key=lambda n: graph.nodes[n]["row"])
    valid = set(names.values()) - {""}
    field = {r: graph.nodes[r]["handlungsfeld"] if graph.nodes[r]["handlungsfeld"] in valid else NO_FIELD
             for r in roots}
    fields = {f: [r for r in roots if field[r] == f] for f in [*names.values(), NO_FIELD] if f}
    if handlungsfeld is not None:
        wanted = field_name(plan, handlungsfeld)
        return {wanted: fields.get(wanted, [])}
    return {f: r for f, r in fields.items() if r}


def _place(graph: nx.DiGraph, node: str, top: float, layout: list) -> float:
    """Lay out `node` and its subtree from `top`: children stacked, the node centred beside them;
    returns the bottom."""
    children = sorted(graph.successors(node), key=lambda n: graph.nodes[n]["row"])
    own, slot = _box_height(graph, node), _slot(graph, node)
    layout.append(("goal", node, top + (slot - own) / 2))
    below = top + (slot - _stack(graph, children)) / 2
    for child in children:
        below = _place(graph, child, below, layout) + GAP
    return top + slot


def _slot(graph: nx.DiGraph, node: str) -> float:
    """Height of a goal with everything below it."""
    return max(_box_height(graph, node), _stack(graph, list(graph.successors(node))))


def _stack(graph: nx.DiGraph, nodes: list[str]) -> float:
    return sum(_slot(graph, n) for n in nodes) + GAP * max(len(nodes) - 1, 0)


def _level(graph: nx.DiGraph, node: str) -> int:
    """Column of a goal: its Ebene, or its depth in the tree when the Ebene is not valid."""
    ebene = graph.nodes[node]["ebene"]
    return EBENEN.index(ebene) if ebene in EBENEN else min(len(nx.ancestors(graph, node)), 2)


def _box_lines(graph: nx.DiGraph, node: str) -> list[str]:
    """The goal's „ID: Zieltext“ wrapped to its box, at most MAX_LINES (the last one cut with …)."""
    text, width = graph.nodes[node]["text"], int(BOX_WIDTHS[_level(graph, node)] * CHARS_PER_INCH)
    lines = textwrap.wrap(f"{node}: {text}" if text else node, width)
    return lines[:MAX_LINES - 1] + [lines[MAX_LINES - 1][:width - 1] + "…"] if len(lines) > MAX_LINES else lines


def _box_height(graph: nx.DiGraph, node: str) -> float:
    return len(_box_lines(graph, node)) * LINE + 2 * PAD


def _left(level: int) -> float:
    return MARGIN + sum(BOX_WIDTHS[:level]) + level * COLUMN_GAP


def _draw_goal(ax, graph: nx.DiGraph, node: str, top: float, plan: Plan, series,
               today) -> tuple[float, float, float]:
    """One goal box; returns (left edge, right edge, vertical centre)."""
    attrs = graph.nodes[node]
    level = _level(graph, node)
    face, ink = LEVEL_STYLE.get(attrs["ebene"], OTHER_STYLE)
    failed = [f.criterion for f in smart(plan.ziele.loc[attrs["row"]], plan, series, today)
              if f.severity == "error" and f.criterion in CRITERIA] if attrs["ebene"] == "Handlungsziel" else []
    orphan = graph.in_degree(node) == 0 and attrs["ebene"] != "Leitziel"
    height, left, width = _box_height(graph, node), _left(level), BOX_WIDTHS[level]
    ax.add_patch(FancyBboxPatch((left, top), width, height, boxstyle="round,pad=0,rounding_size=0.04",
                                facecolor=face, edgecolor=FAILED if failed else "#595959",
                                linewidth=1.8 if failed else 0.6, linestyle="--" if orphan else "-", gid="goal"))
    ax.text(left + PAD, top + PAD, "\n".join(_box_lines(graph, node)), fontsize=FONT_SIZE, color=ink, va="top",
            linespacing=LINE_SPACING)
    if failed:
        ax.text(left + width - PAD, top + height - PAD, "✗ " + " ".join(failed), fontsize=FONT_SIZE,
                color=FAILED, fontweight="bold", ha="right", va="bottom", gid="smart-failed",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    return left, left + width, top + height / 2
