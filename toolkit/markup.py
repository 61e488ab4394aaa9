"""HTML and Markdown for everything a user reads: text escaped so it shows as typed, and one HTML table.

    markup.html("a < b\\nc")                  # „a &lt; b<br>c“
    markup.md("Ausländer*innen_2024")         # „Ausländer\\*innen\\_2024“
    markup.table(frame, caption="Gemeinden", notes=[note, source], row_headers=True)
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape

import pandas as pd

from toolkit import fmt

#: A cell shown as a German number (maybe signed, with € or %, Pp. or a source flag) or as a marker (none, secret,
#: not meaningful …): a column of only these is right-aligned.
NUMBER = re.compile(r"[−+±-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?(\s?(%|€|Pp\.|Prozentpunkte|[prse]))?|\(\d[\d.,]*\)")
MARKERS = frozenset({"", fmt.EMPTY, "-", ".", "...", "/", "x", "*"})
#: Characters that mean something in (Jupyter's) Markdown, HTML inside it and MathJax, escaped by `md`.
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
LEFT, RIGHT = 'style="text-align:left"', 'style="text-align:right"'


def html(text) -> str:
    """Text (or any value) escaped for HTML, line breaks kept as <br>."""
    return escape(str(text)).replace("\n", "<br>")


def md(text) -> str:
    """Text safe inside Markdown, shown as typed (gender star, underscores, <tags>, $ included): the special
    characters escaped, whitespace runs (line breaks too) as one space, so it stays inside its heading, list item or
    line; a list marker or rule at its start („1.“, „- “, „---“) stays text."""
    text = MD_SPECIAL.sub(r"\\\1", re.sub(r"[ \t\r\n]+", " ", str(text).strip()))
    return re.sub(r"^(\d+)([.)])|^([-+])", lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def table(frame: pd.DataFrame, *, caption: str | None = None, notes: Iterable[str | None] = (),
          row_headers: bool = False, decimals: int | None = None, empty: str = fmt.EMPTY,
          widths: Mapping[str, float] | None = None, css: str = "ikpe-tabelle",
          strong_first_line: Iterable[str] = ()) -> str:
    """An HTML table for notebook, handout and export: every cell German text (`fmt.text`: numbers with `decimals`
    or as many as they have, missing → `empty`), escaped, line breaks kept; columns of
    numbers and markers right-aligned, everything else left.

    `caption` above the table; `notes` (disclosure note, source line …; None left out) as its footnote
    (<tfoot>), where a reader of a printed table looks; `row_headers`: the index as the first column of row headers,
    its name above them; `widths`: relative column widths; `css`: the table's class(es); `strong_first_line`: columns
    whose first line is bold (a measure's title above its description)."""
    cells = pd.DataFrame({str(c): [fmt.text(v, decimals, empty) for v in frame[c]] for c in frame.columns},
                         index=frame.index, dtype=object)
    right = [_numeric(cells[c]) for c in cells.columns]
    strong = set(map(str, strong_first_line))
    head = (f"<th {LEFT}>{html(frame.index.name or '')}</th>" if row_headers else "") + "".join(
        f"<th {RIGHT if r else LEFT}>{html(c)}</th>" for c, r in zip(cells.columns, right))
    rows = "".join(
        "<tr>" + (f"<th scope=\"row\" {LEFT}>{html(fmt.text(label))}</th>" if row_headers else "")
        + "".join(f"<td {RIGHT if r else LEFT}>{_cell(v, c in strong)}</td>"
                  for v, c, r in zip(row, cells.columns, right))
        + "</tr>" for label, row in zip(cells.index, cells.itertuples(index=False)))
    cols = "".join(f"<col style=\"width:{100 * widths[c] / sum(widths.values()):.1f}%\">" for c in cells.columns) \
        if widths else ""
    foot = "<br>".join(html(note) for note in notes if note)
    classes = f' class="{css}"' if css else ""
    return (f"<table{classes}>"
            + (f"<caption {LEFT}><strong>{html(caption)}</strong></caption>" if caption else "")
            + (f"<colgroup>{cols}</colgroup>" if cols else "")
            + f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
            + (f"<tfoot><tr><td colspan=\"{len(cells.columns) + row_headers}\" {LEFT}><small>{foot}</small></td></tr>"
               "</tfoot>" if foot else "")
            + "</table>")


def _numeric(column: pd.Series) -> bool:
    """A column of German numbers and markers, not only empty („–“): a column of „.“ (all secret) is one too."""
    texts = [str(v).strip() for v in column]
    return all(t in MARKERS or NUMBER.fullmatch(t) for t in texts) and any(t not in ("", fmt.EMPTY) for t in texts)


def _cell(text: str, strong: bool) -> str:
    """A cell's text as HTML; with `strong` its first line bold."""
    title, _, rest = text.partition("\n") if strong else ("", "", text)
    return "<br>".join(filter(None, [title and f"<strong>{html(title)}</strong>", html(rest)]))
