"""The concept as Word (python-docx): real heading styles (navigation pane, TOC field), numbered captions with
sources (SEQ fields), tables whose widths are in the file (grid, table and cell widths, fixed layout) sized to
their content (`layout`), landscape sections where the outline turns the page, pictures at print resolution, page
numbers in the footer. Text goes in as text: XML-escaped by python-docx, characters XML forbids dropped, no field
but our own TOC, SEQ and PAGE."""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit.konzept import layout
from toolkit.konzept.model import (
    Bullets,
    Contents,
    Document,
    Figure,
    Heading,
    Orientation,
    PageBreak,
    Paragraph,
    Table,
)

#: Characters XML 1.0 does not allow (a pasted control character would make the file unreadable).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
GREY = RGBColor(0x59, 0x59, 0x59)
STYLES = {"note": (9, GREY, False), "todo": (10.5, RGBColor(0xC0, 0x00, 0x00), False),
          "missing": (10.5, RGBColor(0x9C, 0x57, 0x00), False), "subtitle": (20, RGBColor(0x1F, 0x4E, 0x79), True)}


def clean(value: str) -> str:
    return FORBIDDEN.sub("", str(value))


def write(doc: Document, path: Path) -> Path:
    word = docx.Document()
    _setup(word, doc)
    landscape = False
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Orientation):
            if block.landscape != landscape:
                landscape = block.landscape
                # nothing written yet: the document starts in this orientation, without an empty page before
                _orient(word.add_section(WD_SECTION.NEW_PAGE) if k else word.sections[0], landscape)
        elif isinstance(block, Heading):
            word.add_heading(clean(block.label), block.level)
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                _style(_runs(word.add_paragraph(style="List Bullet"), item), block.style)
        elif isinstance(block, Figure):
            word.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, layout.text_width(landscape))))
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            word.paragraphs[-1].paragraph_format.keep_with_next = True
            _caption(word, "Abbildung", block.caption, block.source)
        elif isinstance(block, Table):
            _caption(word, "Tabelle", block.caption, "").paragraph_format.keep_with_next = True
            _table(word, block, layout.text_width(landscape))
            for note in block.notes:
                _paragraph(word, Paragraph([(note, "")], "note"))
        elif isinstance(block, Contents):
            _toc(word)
        elif isinstance(block, PageBreak):
            word.add_page_break()
    word.save(path)
    return path


def _setup(word, doc: Document) -> None:
    word.core_properties.title, word.core_properties.language = clean(doc.title), "de-DE"
    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE")
    normal.element.get_or_add_rPr().append(lang)
    _orient(word.sections[0], False)
    footer = word.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(clean(f"{doc.title} – Seite "))
    _field(footer, "PAGE", "1")
    settings = word.settings.element           # Word asks to update the TOC and the numbers on opening
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _orient(section, landscape: bool) -> None:
    short, long = Cm(layout.A4[0]), Cm(layout.A4[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side, cm in layout.MARGINS.items():
        setattr(section, f"{side}_margin", Cm(cm))


def _runs(paragraph, runs):
    for value, style in runs:
        run = paragraph.add_run(clean(value))
        run.bold, run.italic = style == "b", style == "i"
    return paragraph


def _paragraph(word, block: Paragraph):
    style = {"title": "Title"}.get(block.style)
    return _style(_runs(word.add_paragraph(style=style), block.runs), block.style)


def _style(paragraph, style: str):
    """Size, colour and weight of the model's paragraph styles (note, todo, missing, subtitle)."""
    size, colour, bold = STYLES.get(style, (None, None, False))
    for run in paragraph.runs:
        if size:
            run.font.size, run.font.color.rgb = Pt(size), colour
        run.bold = run.bold or bold
    return paragraph


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, SEQ, TOC) with the text shown until Word updates it."""
    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element
    run = paragraph.add_run()
    run._r.append(char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    run._r.append(char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


def _caption(word, kind: str, caption: str, source: str):
    """„Abbildung 3: …“ in Word's style Caption with a SEQ field (Word numbers, the TOC of figures finds them)."""
    word._ikpe_seq = getattr(word, "_ikpe_seq", {})
    word._ikpe_seq[kind] = number = word._ikpe_seq.get(kind, 0) + 1
    paragraph = word.add_paragraph(style="Caption")
    paragraph.add_run(f"{kind} ")
    _field(paragraph, f"SEQ {kind} \\* ARABIC", str(number))
    paragraph.add_run(clean(f": {caption}"))
    if source:
        paragraph.add_run(clean(f" – {source}")).font.color.rgb = GREY
    return paragraph


def _toc(word) -> None:
    paragraph = word.add_paragraph()
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', "Inhaltsverzeichnis: In Word mit F9 (oder Rechtsklick → "
                                                 "„Feld aktualisieren“) erzeugen.")


def _table(word, block: Table, total_cm: float) -> None:
    sizes = layout.widths(block, total_cm)
    table = word.add_table(rows=1, cols=len(block.header))
    table.style, table.autofit, table.alignment = "Table Grid", False, WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(sizes) / 2.54 * 1440)))
    width.set(qn("w:type"), "dxa")
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    properties.append(width)
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")                       # header row repeated on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for column, size in zip(table.columns, sizes):
        column.width = Cm(size)                             # w:gridCol
    right = [j < len(block.right) and block.right[j] for j in range(len(sizes))]
    for cell, name, size, r in zip(header.cells, block.header, sizes, right):
        cell.width = Cm(size)                               # w:tcW
        _cell(cell, [(name, "b")], block.font_pt, r)
        _shade(cell)
    for values in block.rows:
        row = table.add_row()
        keep = OxmlElement("w:cantSplit")                   # a measure stays on one page
        row._tr.get_or_add_trPr().append(keep)
        for j, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = Cm(sizes[j])
            title, _, rest = value.partition("\n") if j in block.strong_first_line else ("", "", value)
            runs = [(title, "b")] * bool(title) + [("\n" * bool(title and rest) + rest, "b" if
                                                   block.row_headers and j == 0 else "")]
            _cell(cell, runs, block.font_pt, right[j])


def _cell(cell, runs, font_pt: float, right: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _runs(paragraph, [r for r in runs if r[0]])
    for run in paragraph.runs:
        run.font.size = Pt(font_pt)


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "DDE6F0")
    cell._tc.get_or_add_tcPr().append(shading)
