"""The Wegweiser as Word (python-docx): A4 (landscape with three languages), „Stand“ and the page number in the
footer of every page, each chapter a table with one column per language whose first row, the chapter title,
repeats on every page, an entry per row that never breaks across pages.

Right to left by hand, as python-docx has no switch for it: paragraphs of Arabic and Persian cells get `w:bidi`,
their runs `w:rtl` and `w:lang w:bidi="ar-SA"` (Persian „fa-IR“), and complex-script fonts and sizes (`w:cs`,
`w:szCs`, `w:bCs`). A German text or a phone number inside such a paragraph is a left-to-right run wrapped in
LEFT-TO-RIGHT EMBEDDING … POP DIRECTIONAL FORMATTING, so „0361 123 456“ keeps its order. Workbook text goes in as
plain runs (python-docx escapes it); characters XML forbids are dropped."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit.bestandsanalyse.wegweiser.blocks import (
    NEUTRAL,
    Line,
    address_lines,
    emergency_lines,
    entry_lines,
    language_parts,
    rtl,
    shared_lines,
)
from toolkit.bestandsanalyse.wegweiser.content import Booklet
from toolkit.bestandsanalyse.wegweiser.texts import TEXTS
from toolkit.fmt import date
from toolkit.konzept.word import clean

BLUE, RED, BROWN = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0xC0, 0x00, 0x00), RGBColor(0x9C, 0x57, 0x00)
#: w:lang of each language: `w:val` for left-to-right text, `w:bidi` for right-to-left.
WORD_LANG = {"de": "de-DE", "en": "en-GB", "uk": "uk-UA", "ru": "ru-RU", "ar": "ar-SA", "fa": "fa-IR"}
LRE, PDF = "\u202a", "\u202c"
#: The schema order of a run's and a paragraph's properties that we add to (Word refuses files out of order).
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
             "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
             "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
             "em", "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def write(book: Booklet, path: Path) -> Path:
    word = docx.Document()
    codes = book.languages
    _setup(word, book)
    for code in codes:
        _paragraph(word, TEXTS[code]["title"], code, size=22, bold=True, color=BLUE)
        _paragraph(word, TEXTS[code]["subtitle"], code, size=13)
    if book.district:
        _paragraph(word, book.district, "de", size=16, color=BLUE)
    for code in codes:
        _paragraph(word, TEXTS[code]["intro"], code)
    for number, (key, entries) in enumerate(book.chapters, start=1):
        word.add_page_break()
        heading = word.add_heading(clean(f"{number}. {TEXTS['de']['chapters'][key]}"), 1)
        heading.paragraph_format.keep_with_next = True
        table = _table(word, codes)
        for cell, code in zip(table.rows[0].cells, codes):
            _paragraph(cell, f"{number}. {TEXTS[code]['chapters'][key]}", code, size=12, bold=True, color=BLUE,
                       first=True)
        if key == "Notrufe":
            row = _row(table)
            for cell, code in zip(row.cells, codes):
                _paragraph(cell, TEXTS[code]["emergency_intro"], code, bold=True, first=True)
                for phone, what in emergency_lines(code):
                    _runs(_paragraph(cell, "", code), [(phone, NEUTRAL, True, RED), (" " + what, code, False, None)],
                          code)
        for entry in entries:
            row = _row(table)
            for cell, code in zip(row.cells, codes):
                for index, line in enumerate(entry_lines(entry, code)):
                    _line(cell, line, code, first=index == 0)
            shared = shared_lines(entry)
            if shared:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True      # the shared row stays with it
                _shared(_row(table), shared)
    word.add_page_break()
    word.add_heading(clean(TEXTS["de"]["annex"]), 1)
    for code in codes[1:]:
        _paragraph(word, TEXTS[code]["annex"], code, size=12, bold=True, color=BLUE)
    for address in book.annex:
        for index, line in enumerate(address_lines(address)):
            label = f"{address.number}. " if index == 0 else (f"{line.label}: " if line.label else "")
            p = _runs(word.add_paragraph(), [(label, "de", index == 0, None),
                                             (line.value, line.lang, index == 0, None)], "de")
            p.paragraph_format.left_indent = Cm(0.8)
            p.paragraph_format.space_after = Pt(0 if index < len(address_lines(address)) - 1 else 6)
            p.paragraph_format.keep_with_next = index < len(address_lines(address)) - 1
    word.save(path)
    return path


def _setup(word, book: Booklet) -> None:
    word.core_properties.title = clean(f"{TEXTS['de']['title']} {book.district}".strip())
    word.core_properties.language = "de-DE"
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(9.5)
    properties = normal.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:cs"), "Arial")
    size = OxmlElement("w:szCs")                        # Arabic and Persian as large as the rest, not Word's 11 pt
    size.set(qn("w:val"), "19")
    _insert(properties, size, RPR_ORDER)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if len(book.languages) > 2:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin, section.bottom_margin = Cm(1.6), Cm(1.8)
    footer = section.footer.paragraphs[0]
    stand = " · ".join(f"{TEXTS[c]['stand']}: {date(book.stand)}" for c in book.languages if not rtl(c))
    footer.add_run(clean(f"{stand} – {TEXTS['de']['page']} ")).font.size = Pt(8)
    _page_field(footer)
    for code in book.languages:
        if rtl(code):
            line = section.footer.add_paragraph()
            _runs(line, [(f"{TEXTS[code]['stand']}: ", code, False, None), (date(book.stand), NEUTRAL, False, None)],
                  code)


def _table(word, codes):
    table = word.add_table(rows=1, cols=len(codes))
    table.style = "Table Grid"
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    return table


def _row(table):
    row = table.add_row()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant)
    return row


def _shared(row, lines: list[Line]) -> None:
    """Organisation, address and contacts once across all columns, German, left to right."""
    cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    parts = []
    for index, line in enumerate(lines):
        if index:
            parts.append((" · ", "de", False, None))
        if line.label:
            parts.append((line.label + "\u00a0", NEUTRAL, False, None))
        parts.append((line.value, line.lang or "de", line.kind == "title", None))
    _runs(_paragraph(cell, "", "de", first=True), parts, "de")


def _line(cell, line: Line, code: str, first: bool) -> None:
    if line.kind == "title":
        _runs(_paragraph(cell, "", code, first=first), [(line.value, line.lang, True, BLUE)], code, size=10.5)
    elif line.kind == "note":
        _runs(_paragraph(cell, "", code, first=first), [(line.value, line.lang, False, BROWN)], code)
    else:
        label = [(f"{line.label}: ", code, True, None)] if line.label else []
        if line.kind == "languages":
            names = language_parts(line)
            value = [part for i, (name, lang) in enumerate(names)
                     for part in ([(", ", code, False, None)] if i else []) + [(name, lang, False, None)]]
        else:
            value = [(line.value, line.lang, False, None)]
        _runs(_paragraph(cell, "", code, first=first), label + value, code)


def _paragraph(container, text: str, code: str, *, size: float | None = None, bold: bool = False,
               color: RGBColor | None = None, first: bool = False):
    """A paragraph in `container` (document or cell; a cell's first paragraph is reused) in language `code`."""
    paragraph = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    if rtl(code):
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _insert(paragraph._p.get_or_add_pPr(), OxmlElement("w:bidi"), PPR_ORDER)
    paragraph.paragraph_format.space_after = Pt(2)
    if text:
        _runs(paragraph, [(text, code, bold, color)], code, size=size)
    return paragraph


def _runs(paragraph, parts, code: str, size: float | None = None):
    """Add runs (text, language of the text, bold, colour) to a paragraph of language `code`."""
    for text, lang, bold, color in parts:
        if not text:
            continue
        right_to_left = rtl(lang)
        if rtl(code) and not right_to_left:
            text = LRE + text + PDF
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        if color is not None:
            run.font.color.rgb = color
        if size:
            run.font.size = Pt(size)
        _language(run, lang or code, right_to_left, bold, size)
    return paragraph


def _language(run, code: str, right_to_left: bool, bold: bool, size: float | None) -> None:
    properties = run._r.get_or_add_rPr()
    if right_to_left:
        _insert(properties, OxmlElement("w:rtl"), RPR_ORDER)
        if bold:
            _insert(properties, OxmlElement("w:bCs"), RPR_ORDER)
        if size:
            cs = OxmlElement("w:szCs")
            cs.set(qn("w:val"), str(int(size * 2)))
            _insert(properties, cs, RPR_ORDER)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi" if right_to_left else "w:val"), WORD_LANG.get(code, "de-DE"))
    _insert(properties, lang, RPR_ORDER)


def _insert(parent, element, order: tuple[str, ...]) -> None:
    """Put `element` into `parent` where the schema's sequence `order` wants it."""
    name = element.tag.split("}")[1]
    later = set(order[order.index(name) + 1:])
    successor = next((child for child in parent if child.tag.split("}")[-1] in later), None)
    if successor is None:
        parent.append(element)
    else:
        successor.addprevious(element)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
