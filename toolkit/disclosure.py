"""Statistical disclosure control before anything is published.

Counts below a threshold (default 3) are suppressed (*primary*), and further cells are
suppressed (*secondary*) until no hidden cell can be worked out from the row and column
totals. Values already secret in the source (markers ``.`` and ``*``) count as hidden.

Hidden cells are published with the official marker ``.`` ("Zahlenwert unbekannt oder
geheimzuhalten", as in Regionalstatistik and TLS tables), so learners read one legend for
the source and for our own tables; a true zero is shown as ``-`` ("nichts vorhanden") and
stays visible. Every result carries a German ``note`` for the footnote of its table or chart.

Protection is linear: a hidden cell is safe when the published cells and totals admit more
than one value for it (checked exactly with the null space of the table's sum equations).
Complements are chosen greedily (fewest and smallest counts, totals and zeros last) and
then thinned: a complementary cell that is not needed is shown again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit import fmt

if TYPE_CHECKING:
    import networkx as nx

#: The marker of a hidden cell in every published table.
MARKER = "."
#: Source markers meaning "secret" (Regionalstatistik/TLS ".", BA "*").
SECRET = frozenset({".", "*"})
#: Source markers that keep their number and are shown as a flag after it.
FLAGS = frozenset({"p", "r", "s", "e"})


@dataclass
class Disclosed:
    """A table ready to publish.

    ``table``: German display strings (hidden cells ``.``, zeros ``-``); ``values``: numbers
    with NaN wherever nothing may be shown; ``mask``: True where a cell is hidden (by us or
    by the source); ``status``: the marker shown per cell; ``note``: the German footnote.
    """

    table: pd.DataFrame | pd.Series
    values: pd.DataFrame | pd.Series
    mask: pd.DataFrame | pd.Series
    status: pd.DataFrame | pd.Series
    note: str
    primary: int = 0
    secondary: int = 0
    source_secret: int = 0
    threshold: int = 3

    def column(self, name) -> Disclosed:
        """One column of a 2-D result as a 1-D result (note and counts stay the table's)."""
        return replace(self, table=self.table[name], values=self.values[name], mask=self.mask[name],
                       status=self.status[name])


def suppress(table: pd.DataFrame | pd.Series, threshold: int = 3, *, total_row=None,
             total_column=None, status: pd.DataFrame | pd.Series | None = None,
             assume_totals_known: bool = True) -> Disclosed:
    """Suppress small counts and every cell that would let them be recomputed.

    ``table`` is a cross-classification of counts (rows × columns, each dimension a
    partition of one whole) or a Series (1-D). ``total_row`` / ``total_column`` name the
    row / column holding the totals, if the table shows them; shown totals are published
    margins, hidden only where no complement among the parts exists. Totals the table does
    not show are assumed to be published elsewhere (the Kreis total is) unless
    ``assume_totals_known=False``, e.g. for columns that are not parts of one whole.
    ``status`` holds the source markers, same shape as ``table``.
    """
    values, markers = _frame(table).astype(float), _markers(table, status)
    values = values.mask(markers.eq("-") & values.isna(), 0.0)
    secret = markers.isin(SECRET)
    unknown = values.isna() | secret
    primary = (values > 0) & (values < threshold) & ~unknown
    layout = _layout(values, total_row, total_column, assume_totals_known)
    hidden = _protect(values, (unknown | primary).to_numpy().ravel(), layout)
    hidden = pd.DataFrame(hidden.reshape(values.shape), index=values.index, columns=values.columns)
    secondary = hidden & ~unknown & ~primary
    shown = markers.mask(hidden & ~unknown | secret, MARKER)
    counts = int(primary.to_numpy().sum()), int(secondary.to_numpy().sum()), int(secret.to_numpy().sum())
    return Disclosed(
        table=_like(table, _display(values, shown, hidden | unknown)),
        values=_like(table, values.mask(hidden | unknown)),
        mask=_like(table, hidden | secret), status=_like(table, shown),
        note=_note(threshold, *counts, zeros=bool((values == 0).to_numpy().any())),
        primary=counts[0], secondary=counts[1], source_secret=counts[2], threshold=threshold)


def suppress_rates(numerator, denominator, threshold: int = 3, *, min_denominator: float = 10,
                   per: float = 100, decimals: int = 1) -> Disclosed:
    """Rates ``per × numerator / denominator`` that reveal no hidden or small count.

    Inputs are Series/DataFrames of counts or :class:`Disclosed` results (their hidden
    cells stay hidden). A rate is hidden as ``.`` when its numerator or denominator is
    hidden or unknown or the numerator is a small count (1 … threshold−1; with the
    published denominator the rate would give it away); as ``/`` ("nicht sicher genug")
    when the denominator is below ``min_denominator``; as ``x`` when it is zero.
    """
    num, den = _numbers(numerator), _numbers(denominator)
    shape = numerator.values if isinstance(numerator, Disclosed) else numerator
    secret = num.isna() | den.isna() | ((num > 0) & (num < threshold))
    unreliable = ~secret & (den < min_denominator) & (den > 0)
    pointless = ~secret & (den == 0)
    shown = pd.DataFrame("", index=num.index, columns=num.columns).mask(secret, MARKER)
    shown = shown.mask(unreliable, "/").mask(pointless, "x")
    hidden = secret | unreliable | pointless
    rates = (num / den.where(den != 0) * per).mask(hidden)
    return Disclosed(
        table=_like(shape, _display(rates, shown, hidden, decimals)),
        values=_like(shape, rates), mask=_like(shape, hidden), status=_like(shape, shown),
        note=_rate_note(threshold, min_denominator, int(secret.to_numpy().sum()),
                        int((unreliable | pointless).to_numpy().sum())),
        primary=int(secret.to_numpy().sum()), threshold=threshold)


def check_published(published: str | pd.DataFrame | pd.Series, disclosed: Disclosed) -> list[str]:
    """German descriptions of every hidden cell of ``disclosed`` that shows a number.

    ``published`` is what goes out: a DataFrame (display strings or numbers) or HTML
    containing the table (matched by its row and column labels). Empty list = no leak.
    """
    mask = _frame(disclosed.mask)
    cells = [(str(mask.index[i]), str(mask.columns[j])) for i, j in zip(*np.nonzero(mask.to_numpy()))]
    grid = _grid(published, cells)
    if grid is None:
        return ["Die geprüfte Tabelle wurde im veröffentlichten Ergebnis nicht gefunden."]
    return [f"Feld „{r} / {c}“ ist geheim, veröffentlicht ist aber „{grid[(r, c)]}“."
            for r, c in cells if any(ch.isdigit() for ch in grid[(r, c)])]


def _frame(data) -> pd.DataFrame:
    return data.to_frame() if isinstance(data, pd.Series) else data


def _like(original, frame: pd.DataFrame):
    """Give back a Series when the caller passed one."""
    return frame.iloc[:, 0].rename(original.name) if isinstance(original, pd.Series) else frame


def _markers(table, status) -> pd.DataFrame:
    frame = _frame(table)
    if status is None:
        return pd.DataFrame("", index=frame.index, columns=frame.columns)
    if isinstance(status, pd.Series):
        status = pd.DataFrame({frame.columns[0]: status})
    return status.reindex(index=frame.index, columns=frame.columns).fillna("").astype(str)


def _numbers(data) -> pd.DataFrame:
    data = data.values if isinstance(data, Disclosed) else data
    return (data.to_frame("value") if isinstance(data, pd.Series) else data).astype(float)


@dataclass(frozen=True)
class _Layout:
    """Where a table's published sums run (flat cell index = row × columns + column).

    ``across``: every row has a known sum (shown in ``total_column`` or published elsewhere);
    ``down``: likewise every column, with ``total_row``.
    """

    rows: int
    columns: int
    total_row: int | None
    total_column: int | None
    across: bool
    down: bool

    def equations(self) -> np.ndarray:
        """One row per published sum: +1 for each part, −1 for a shown total."""
        flat = np.arange(self.rows * self.columns).reshape(self.rows, self.columns)
        lines = [(line, self.total_column) for line in flat] if self.across else []
        lines += [(line, self.total_row) for line in flat.T] if self.down else []
        equations = np.zeros((len(lines), flat.size))
        for k, (line, total) in enumerate(lines):
            equations[k, line] = 1.0
            if total is not None:
                equations[k, line[total]] = -1.0
        return equations

    def totals(self) -> np.ndarray:
        """True for every cell of a shown total row or column."""
        grid = np.zeros((self.rows, self.columns), dtype=bool)
        if self.total_row is not None:
            grid[self.total_row, :] = True
        if self.total_column is not None:
            grid[:, self.total_column] = True
        return grid.ravel()

    def graph(self) -> nx.MultiGraph:
        """Rows and columns as nodes, each cell an edge between its row and its column (key:
        flat index). A set of hidden cells leaves a cell undetermined exactly when the cell lies
        on a cycle of hidden cells: +1, −1 alternately round the cycle changes no published sum
        (shown totals taking part with their sign)."""
        import networkx as nx  # here, not at the top: it costs every course kernel ~0,5 s at import
        graph = nx.MultiGraph()
        graph.add_edges_from((*self.ends(cell), cell) for cell in range(self.rows * self.columns))
        return graph

    def ends(self, cell: int) -> tuple[tuple, tuple]:
        """The row and the column node of ``cell``; lines without a published sum share one node."""
        i, j = divmod(cell, self.columns)
        return ("row", i if self.across else None), ("column", j if self.down else None)


def _layout(values: pd.DataFrame, total_row, total_column, assume_known: bool) -> _Layout:
    t_row = values.index.get_loc(total_row) if total_row is not None else None
    t_col = values.columns.get_loc(total_column) if total_column is not None else None
    return _Layout(*values.shape, t_row, t_col,
                   across=_summed(len(values.columns), t_col, assume_known),
                   down=_summed(len(values.index), t_row, assume_known))


def _summed(length: int, total: int | None, assume_known: bool) -> bool:
    """Whether lines of this length have a published sum over parts: a shown total, or one
    published elsewhere when there are at least two parts."""
    return length > 1 and (total is not None or assume_known)


def _determined(equations: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Flat indices of hidden cells whose value follows from the equations."""
    index = np.flatnonzero(hidden)
    if index.size == 0 or equations.size == 0:
        return index[:0]
    sub = equations[:, index]
    _, singular, vt = np.linalg.svd(sub)
    rank = int((singular > 1e-9).sum())
    free = np.linalg.norm(vt[rank:], axis=0) if rank < len(index) else np.zeros(len(index))
    return index[free < 1e-9]


def _protect(values: pd.DataFrame, hidden: np.ndarray, layout: _Layout) -> np.ndarray:
    """Hide complementary cells until no hidden cell is determined by the published sums.

    Greedy: each determined cell has a cheapest complement, the cheapest path of cells (see
    :func:`_cost`; hidden ones are free) that closes a cycle through it. The dearest of these
    is hidden first (that cell has no cheaper way out, and its path may protect others too).
    Then every complementary cell that is not needed is shown again, dearest first.
    """
    equations, cost, graph = layout.equations(), _cost(values, layout), layout.graph()
    fixed, hidden = hidden.copy(), hidden.copy()
    while (determined := _determined(equations, hidden)).size:
        paths = [_complement(layout, graph, int(cell), hidden, cost) for cell in determined]
        hidden[max(paths, key=lambda path: sum(cost[c] for c in path if not hidden[c]))] = True
    for cell in sorted(np.flatnonzero(hidden & ~fixed), key=lambda c: cost[c], reverse=True):
        hidden[cell] = False
        hidden[cell] = _determined(equations, hidden).size > 0
    return hidden


def _complement(layout: _Layout, graph: nx.MultiGraph, cell: int, hidden: np.ndarray,
                cost: list[int]) -> list[int]:
    """The cheapest cells that close a cycle through ``cell`` (a path from its row to its column)."""
    def price(_u, _v, edges) -> int | None:
        return min((0 if hidden[k] else cost[k] for k in edges if k != cell), default=None)

    from networkx import dijkstra_path
    nodes = dijkstra_path(graph, *layout.ends(cell), weight=price)
    return [min((k for k in graph[u][v] if k != cell), key=lambda k: 0 if hidden[k] else cost[k])
            for u, v in zip(nodes, nodes[1:])]


def _cost(values: pd.DataFrame, layout: _Layout) -> list[int]:
    """What hiding a cell costs, as one exact integer that compares like (zero, total, one
    cell, its value): a true zero (it would hide that nothing is there) only as a last resort,
    then a shown total (totals are the published margins), then as few and as small counts
    as possible. Any sum of costs stays below the next digit of base ``base``."""
    flat = np.nan_to_num(values.to_numpy().ravel())
    base = int(np.abs(flat).sum()) + flat.size + 1
    return [((int(v == 0) * base + int(t)) * base + 1) * base + round(abs(v))
            for v, t in zip(flat, layout.totals())]


def _display(values: pd.DataFrame, markers: pd.DataFrame, hidden: pd.DataFrame,
             decimals: int = 0) -> pd.DataFrame:
    """German display strings: hidden → its marker, zero → ``-``, flags after the number."""
    def cell(value: float, marker: str, is_hidden: bool) -> str:
        if is_hidden or np.isnan(value):
            return marker or MARKER
        if value == 0 and decimals == 0:
            return "-"
        text = fmt.number(value, decimals)
        if marker == "()":
            return f"({text})"
        return f"{text}\u00a0{marker}" if marker in FLAGS else text

    out = [[cell(v, m, h) for v, m, h in zip(*rows)]
           for rows in zip(values.to_numpy(), markers.to_numpy(), hidden.to_numpy())]
    return pd.DataFrame(out, index=values.index, columns=values.columns)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]


def _note(threshold: int, primary: int, secondary: int, source: int, zeros: bool) -> str:
    zero_legend = "„-“ = nichts vorhanden"
    if not primary + secondary + source:
        text = f"Geheimhaltung geprüft: keine Fallzahl unter {threshold}, nichts unterdrückt."
        return text + (f" {zero_legend}." if zeros else "")
    parts = []
    if primary:
        parts.append(_count(primary, f"Feld mit einer Fallzahl unter {threshold}",
                            f"Felder mit Fallzahlen unter {threshold}") + " (primäre Geheimhaltung)")
    if secondary:
        parts.append(_count(secondary, "weiteres Feld", "weitere Felder")
                     + ", damit sich diese nicht aus Summen errechnen lassen (sekundäre Geheimhaltung)")
    if source:
        parts.append(_count(source, "Feld", "Felder") + ", die bereits in der Quelle geheim sind"
                     if source > 1 else "1 Feld, das bereits in der Quelle geheim ist")
    legend = "„.“ = geheim" + (f", {zero_legend}" if zeros else "")
    return f"Geheimhaltung: Nicht ausgewiesen sind {_listing(parts)}. {legend}."


def _rate_note(threshold: int, min_denominator: float, secret: int, unreliable: int) -> str:
    if not secret + unreliable:
        return "Geheimhaltung geprüft: alle Anteile und Quoten ausweisbar."
    parts = []
    if secret:
        parts.append(_count(secret, "Wert", "Werte") + " („.“), weil Zähler oder Nenner geheim "
                     f"ist oder der Zähler unter {threshold} liegt")
    if unreliable:
        parts.append(_count(unreliable, "Wert", "Werte") + ", weil die Bezugsgröße unter "
                     f"{fmt.number(min_denominator)} liegt („/“) oder null ist („x“)")
    return f"Geheimhaltung: Nicht ausgewiesen sind {_listing(parts)}."


class _TableParser(HTMLParser):
    """Collects the cell texts of every ``<table>`` in an HTML document."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _grid(published, cells: list[tuple[str, str]]) -> dict | None:
    """``{(row label, column label): text}`` of the published table holding ``cells``."""
    if not isinstance(published, str):
        frame = _frame(published).astype(object)
        return {(str(r), str(c)): "" if pd.isna(v) else str(v)
                for (r, c), v in frame.stack().items()}
    parser = _TableParser()
    parser.feed(published)
    for rows in parser.tables:
        rows = [row for row in rows if row]
        if not rows:
            continue
        header = rows[0][len(rows[0]) - len(rows[1]) + 1:] if len(rows) > 1 else []
        grid = {(row[0], col): text for row in rows[1:] for col, text in zip(header, row[1:])}
        if all(cell in grid for cell in cells):
            return grid
    return None
