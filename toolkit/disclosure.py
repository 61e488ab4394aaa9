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
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import numpy as np
import pandas as pd

from toolkit import fmt

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


def suppress(table: pd.DataFrame | pd.Series, threshold: int = 3, *, total_row=None,
             total_column=None, status: pd.DataFrame | pd.Series | None = None,
             assume_totals_known: bool = True) -> Disclosed:
    """Suppress small counts and every cell that would let them be recomputed.

    ``table`` is a cross-classification of counts (rows × columns, each dimension a
    partition of one whole) or a Series (1-D). ``total_row`` / ``total_column`` name the
    row / column holding the totals, if the table shows them; shown totals are protected
    like any cell. Totals the table does not show are assumed to be published elsewhere
    (the Kreis total is) unless ``assume_totals_known=False``, e.g. for columns that are
    not parts of one whole. ``status`` holds the source markers, same shape as ``table``.
    """
    values, markers = _frame(table).astype(float), _markers(table, status)
    values = values.mask(markers.eq("-") & values.isna(), 0.0)
    secret = markers.isin(SECRET)
    unknown = values.isna() | secret
    primary = (values > 0) & (values < threshold) & ~unknown
    equations = _equations(values, total_row, total_column, assume_totals_known)
    hidden = _protect(values, (unknown | primary).to_numpy().ravel(), equations)
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


def _equations(values: pd.DataFrame, total_row, total_column, assume_known: bool) -> np.ndarray:
    """One row per published sum: +1 for each part, −1 for a shown total (flat cell index)."""
    n_rows, n_cols = values.shape
    rows = [i for i, label in enumerate(values.index) if label != total_row]
    cols = [j for j, label in enumerate(values.columns) if label != total_column]
    t_row = values.index.get_loc(total_row) if total_row is not None else None
    t_col = values.columns.get_loc(total_column) if total_column is not None else None
    equations = []
    if t_col is not None or (assume_known and len(cols) > 1):
        for i in range(n_rows):
            equations.append(_line([i * n_cols + j for j in cols],
                                   None if t_col is None else i * n_cols + t_col, values.size))
    if t_row is not None or (assume_known and len(rows) > 1):
        for j in range(n_cols):
            equations.append(_line([i * n_cols + j for i in rows],
                                   None if t_row is None else t_row * n_cols + j, values.size))
    return np.array(equations).reshape(len(equations), values.size)


def _line(parts: list[int], total: int | None, size: int) -> np.ndarray:
    row = np.zeros(size)
    row[parts] = 1.0
    if total is not None:
        row[total] = -1.0
    return row


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


def _protect(values: pd.DataFrame, hidden: np.ndarray, equations: np.ndarray) -> np.ndarray:
    """Add complementary cells, smallest first, until no hidden cell is determined."""
    flat = values.to_numpy().ravel()
    hidden = hidden.copy()
    while True:
        for cell in _determined(equations, hidden):
            candidates = _candidates(cell, flat, hidden, equations)
            if candidates:
                hidden[_best(cell, candidates, hidden, equations)] = True
                break
        else:
            return hidden


def _candidates(cell: int, flat: np.ndarray, hidden: np.ndarray, equations: np.ndarray) -> list[int]:
    """Shown cells sharing a sum with ``cell``: non-zero parts before totals before zeros."""
    lines = equations[equations[:, cell] != 0]
    shown = np.flatnonzero((lines != 0).any(axis=0) & ~hidden)
    is_total = (lines[:, shown] < 0).any(axis=0)
    return [int(c) for _, _, _, c in sorted(zip(flat[shown] == 0, is_total, flat[shown], shown))]


def _best(cell: int, candidates: list[int], hidden: np.ndarray, equations: np.ndarray) -> int:
    """The first candidate that frees ``cell`` at once, else the smallest."""
    for candidate in candidates:
        trial = hidden.copy()
        trial[candidate] = True
        if cell not in _determined(equations, trial):
            return candidate
    return candidates[0]


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
