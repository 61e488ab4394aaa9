"""The document model: a concept is a list of blocks that the Word and the HTML writer both render.

Blocks carry plain German text (never markup): the writers escape it for their format. `from_markdown` reads the
small Markdown the stage APIs return (paragraphs, bullets, **bold**, *italic*, backslash escapes) and
`from_html_table` the tables of `toolkit.markup.table`, so the stages' own texts and tables reach Word unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: A run of text: (text, "b" bold / "i" italic / "" plain).
Run = tuple[str, str]


@dataclass
class Heading:
    text: str
    level: int                     # 1 chapter, 2 section, 3 subsection
    anchor: str = ""
    numbered: bool = True          # False: Impressum, Inhalt, a Maßnahmenblatt
    number: str = ""               # „3.2“, set by `outline.number`

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = ""                # "" body, "note" small grey, "todo" a field to fill, "title", "subtitle", "missing"


@dataclass
class Bullets:
    items: list[list[Run]]
    style: str = ""                # "" body, "note" small


@dataclass
class Figure:
    png: bytes
    caption: str                   # without „Abbildung n:“, the writers number it
    source: str = ""
    width_cm: float = 16.0


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str                   # without „Tabelle n:“
    notes: list[str] = field(default_factory=list)
    row_headers: bool = False      # first column bold
    right: list[bool] = field(default_factory=list)   # right-aligned columns (numbers)
    strong_first_line: list[int] = field(default_factory=list)   # columns whose first line is bold
    font_pt: float = 9.0


@dataclass
class PageBreak:
    pass


@dataclass
class Orientation:
    """From here on landscape (True) or portrait (False): a new section in Word, a landscape page in HTML/PDF."""
    landscape: bool


@dataclass
class Contents:
    """The table of contents: a TOC field in Word, a generated list in HTML."""


@dataclass
class Document:
    title: str
    kreis: str
    stand: str
    blocks: list = field(default_factory=list)
    #: Every table code used with its full source line and licence (Impressum, Datengrundlage).
    sources: list[str] = field(default_factory=list)

    def add(self, *blocks) -> Document:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def text(value: str, style: str = "") -> Paragraph:
    return Paragraph([(str(value), "")], style)


# --- Markdown of the stage APIs ---------------------------------------------------------------------

_INLINE = re.compile(r"\*\*(.+?)\*\*|(?<![\\*])\*(?!\s)(.+?)(?<![\\\s])\*")
_ESCAPE = re.compile(r"\\(.)")


def runs(markdown: str) -> list[Run]:
    """One line of Markdown as runs: **bold**, *italic*, escapes resolved to the characters typed."""
    out, pos = [], 0
    for match in _INLINE.finditer(markdown):
        if match.start() > pos:
            out.append((_ESCAPE.sub(r"\1", markdown[pos:match.start()]), ""))
        out.append((_ESCAPE.sub(r"\1", match.group(1) or match.group(2)), "b" if match.group(1) else "i"))
        pos = match.end()
    if pos < len(markdown):
        out.append((_ESCAPE.sub(r"\1", markdown[pos:]), ""))
    return [r for r in out if r[0]]


def from_markdown(markdown: str, style: str = "") -> list:
    """Paragraphs and bullet lists of the stage's Markdown (headings as bold paragraphs)."""
    blocks: list = []
    for part in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line for line in part.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            blocks.append(Bullets([runs(line.lstrip()[2:]) for line in lines]))
            continue
        for line in lines:
            line = line.strip()
            if line.startswith("#"):
                blocks.append(Paragraph([(t, "b") for t, _ in runs(line.lstrip("#").strip())], style))
            elif line.startswith(("- ", "* ")):
                blocks.append(Bullets([runs(line[2:])]))
            else:
                blocks.append(Paragraph(runs(line), style))
    return blocks


# --- tables of toolkit.markup ---------------------------------------------------------------------------

class _Cells(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.caption, self.head, self.body, self.foot, self.right = "", [], [], [], []
        self._part, self._cell, self._in_caption = "", None, False

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "caption":
            self._in_caption = True
        elif tag in ("td", "th"):
            self._cell = []
            if self._part == "thead":
                self.right.append("right" in (dict(attrs).get("style") or ""))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "tr" and self._part == "tbody":
            self.body.append([])

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            value = "".join(self._cell).strip()
            {"thead": self.head, "tfoot": self.foot}.get(self._part, self.body[-1] if self.body else []).append(value)
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        elif self._cell is not None:
            self._cell.append(data)


def from_html_table(html: str, **options) -> Table:
    """A `toolkit.markup.table` as a Table: caption, header, body, notes of the footer (one per line)."""
    parser = _Cells()
    parser.feed(html)
    notes = [line.strip() for cell in parser.foot for line in cell.split("\n") if line.strip()]
    return Table(parser.head, parser.body, parser.caption.strip(), notes, right=parser.right, **options)


# --- pictures -----------------------------------------------------------------------------------------------

#: Print resolution of the figures (Word and PDF): sharp on paper, a few hundred KB per chart.
DPI = 200


def figure(fig, caption: str, source: str = "", width_cm: float = 16.0) -> Figure | None:
    """A matplotlib figure as a Figure block at print resolution (None stays None: the caller says why)."""
    if fig is None:
        return None
    import io

    from toolkit import charts
    with charts.FIGURE_LOCK:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
    return Figure(buffer.getvalue(), caption, source, width_cm)


def missing(what: str, fills: str, contents: list[str]) -> list:
    """A chapter whose stage has no content yet: what is missing, what fills it, what belongs here."""
    return [Paragraph([("Dieser Teil fehlt noch. ", "b"), (what, "")], "missing"),
            Paragraph([("So wird er gefüllt: ", "b"), (fills, "")], "missing"),
            Paragraph([("Hierher gehört:", "b")]), Bullets([[(item, "")] for item in contents])]
