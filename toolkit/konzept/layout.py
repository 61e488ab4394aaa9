"""Page geometry and column widths sized to content, shared by the Word and the HTML writer (so Word, HTML and the
PDF break a table's lines alike).

A column gets at least its longest word (headers wrap between words, never inside one) and at most its longest
line; in between, widths grow with the amount of text a column's cells hold on average, so that the cells of a
row end at about the same height: the measure's title and description widest, ID, dates and amounts narrow. It is
the minimum/maximum content rule of browsers' automatic table layout, computed once so the result can be written
into the .docx (grid and cell widths, fixed layout) instead of left to the reader's program.
"""
from __future__ import annotations

import re

from toolkit.konzept.model import Table

A4 = (21.0, 29.7)
MARGINS = {"top": 2.0, "bottom": 2.0, "left": 2.2, "right": 2.0}
#: Width of characters in em, in three classes, after DejaVu Sans (what Chromium prints with on Debian), the
#: widest of the fonts the files meet; Calibri in Word is narrower, so a word that fits here fits there.
WIDEST, WIDE, NARROW = 0.98, 0.78, 0.36
WIDEST_CHARS = frozenset("mwMW%—")
NARROW_CHARS = frozenset("fijlrt.,;:!|()[]' \u00a0-")
CHAR_EM = 0.62
#: Left + right cell margin in cm (Word's default 0.19 cm each side, the HTML writer's padding the same) and the
#: two 1 px borders of an HTML cell.
PADDING = 0.45
#: A single word may take at most this share of the table (long URLs or compound words then break).
LONGEST_WORD = 0.35


def text_width(landscape: bool) -> float:
    """Usable width of the page in cm."""
    width = A4[1] if landscape else A4[0]
    return width - MARGINS["left"] - MARGINS["right"]


#: How much wider bold is than regular (DejaVu Sans Bold's lower case is some 15 % wider; a header word sized with
#: less, e.g. „begonnen“ at 8 pt, broke inside in Chromium).
BOLD = 1.18


def char_cm(font_pt: float, bold: bool = False) -> float:
    """cm per em of the font."""
    return font_pt * (BOLD if bold else 1.0) / 72 * 2.54


def ems(text: str) -> float:
    """The text's width in em: m, w, M, W and % widest (DejaVu Sans: 0.86–0.99 em), capitals and digits wide, i, l,
    t and punctuation narrow."""
    return sum(WIDEST if c in WIDEST_CHARS else WIDE if c.isupper() or c.isdigit() or c in "€–" else
               NARROW if c in NARROW_CHARS else CHAR_EM for c in text)


def widths(table: Table, total: float) -> list[float]:
    """Column widths in cm summing to `total`."""
    n = len(table.header)
    low, high, volume = [], [], []
    for j in range(n):
        cells = [row[j] if j < len(row) else "" for row in table.rows]
        bold = table.row_headers and j == 0
        head = [w for w in re.split(r"\s+", table.header[j]) if w]
        strong = [bold or j in table.strong_first_line] * len(cells)   # a bold first line: all words as bold
        word = max([ems(w) * char_cm(table.font_pt, b) for c, b in zip(cells, strong) for w in _words(c)] +
                   [ems(w) * char_cm(table.font_pt, True) for w in head] + [0.0])
        line = max([ems(line) * char_cm(table.font_pt, bold) for c in cells for line in c.split("\n")] + [word])
        low.append(min(word, LONGEST_WORD * total) + PADDING)
        high.append(max(line + PADDING, low[-1]))
        volume.append(sum(ems(c) for c in cells) / max(len(cells), 1) * char_cm(table.font_pt, bold) + PADDING)
    if sum(high) <= total:      # everything fits on one line: stretch in proportion to content
        return [total * h / sum(high) for h in high]
    if sum(low) >= total:       # not even the words fit: shrink in proportion (words will break)
        return [total * w / sum(low) for w in low]
    def sized(k: float) -> list[float]:
        return [min(max(k * v, w), h) for v, w, h in zip(volume, low, high)]
    small, large = 0.0, max(h / v for h, v in zip(high, volume))
    for _ in range(50):         # the k at which the clamped widths fill the page
        k = (small + large) / 2
        small, large = (k, large) if sum(sized(k)) < total else (small, k)
    return sized(large)


def _words(text: str) -> list[str]:
    """What a line may not be broken inside: the text between spaces; a long word may break after „/“ or „-“
    („Netzwerk-|Arbeitskreis“, „01/2026–|12/2029“), a short one („HF1-M1“) stays whole."""
    return [part for word in text.split()
            for part in ([word] if len(word) <= 12 else re.findall(r"[^/\-–]+[/\-–]?", word))]
