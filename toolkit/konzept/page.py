"""The concept as one self-contained HTML file: styles inline, pictures as data: URLs, no script, no external
fetch, so it opens offline and Chromium prints it to the PDF (`konzept.build`). Print CSS: A4, page numbers in the
bottom margin, a named landscape page where the outline turns the page, the table header repeated, rows kept whole.
Column widths are the Word file's (`layout.widths`), so the PDF breaks lines like the .docx. User text is escaped
(`toolkit.markup.html`)."""
from __future__ import annotations

import base64
from pathlib import Path

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
from toolkit.markup import html as esc

CSS = f"""
@page {{ size: A4; margin: {layout.MARGINS['top']}cm {layout.MARGINS['right']}cm {layout.MARGINS['bottom']}cm
         {layout.MARGINS['left']}cm;
         @bottom-center {{ content: "Seite " counter(page); font: 9pt 'DejaVu Sans', Arial, sans-serif; }} }}
@page quer {{ size: A4 landscape; }}
section.quer {{ page: quer; break-before: page; }}
section.hoch + section, section.quer + section {{ break-before: page; }}
body {{ font: 10.5pt/1.4 'DejaVu Sans', Calibri, Arial, sans-serif; color: #222; max-width: 26cm; margin: auto; }}
@media print {{ body {{ max-width: none; }} }}
h1 {{ font-size: 17pt; color: #1f4e79; break-before: page; break-after: avoid; }}
h2 {{ font-size: 13.5pt; color: #1f4e79; break-after: avoid; }}
h3 {{ font-size: 11.5pt; color: #2e75b6; break-after: avoid; }}
.title {{ font-size: 30pt; color: #1f4e79; margin-top: 6cm; }} .subtitle {{ font-size: 20pt; color: #1f4e79; }}
.note {{ font-size: 9pt; color: #595959; }} .todo {{ color: #c00000; }}
.missing {{ color: #9c5700; background: #fff2cc; padding: .3em .5em; }}
.break {{ break-after: page; }}
figure {{ margin: .8em 0; text-align: center; break-inside: avoid; }} figure img {{ max-width: 100%; }}
figcaption, caption {{ font-size: 9pt; color: #1f4e79; text-align: left; font-weight: bold; padding: .2em 0; }}
figcaption span, caption span {{ color: #595959; font-weight: normal; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: .6em auto; }}
th, td {{ border: 1px solid #888; padding: .1em .19cm; vertical-align: top; overflow-wrap: break-word;
          box-sizing: border-box; hyphens: manual; }}
thead th {{ background: #dde6f0; }} thead {{ display: table-header-group; }}
.r {{ text-align: right; }} td.rowhead {{ font-weight: bold; }}
.tablenote {{ font-size: 8.5pt; color: #595959; margin: -.3em 0 .8em; }}
nav ol {{ list-style: none; padding-left: 0; }} nav ol ol {{ padding-left: 1.5em; }}
nav a {{ color: inherit; text-decoration: none; }} nav .seite {{ float: right; }}
nav li {{ margin: .15em 0; }}
"""


def write(doc: Document, path: Path) -> Path:
    path.write_text(render(doc), encoding="utf-8")
    return path


def render(doc: Document) -> str:
    body, count = [], {"Abbildung": 0, "Tabelle": 0}
    landscape, anchors = False, _anchors(doc)
    body.append("<section class='hoch'>")
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Orientation) and block.landscape != landscape:
            landscape = block.landscape
            opened = f"<section class='{'quer' if landscape else 'hoch'}'>"
            if len(body) == 1:      # nothing yet: the document starts in this orientation, no empty page before
                body[0] = opened
            else:
                body.append(f"</section>{opened}")
        elif isinstance(block, Heading):
            first = " style='break-before:auto'" if block.level == 1 and not block.numbered else ""
            body.append(f"<h{block.level} id='{anchors[id(block)]}'{first}>{esc(block.label)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p class='{block.style}'>{_runs(block.runs)}</p>")
        elif isinstance(block, Bullets):
            body.append(f"<ul class='{block.style}'>" + "".join(f"<li>{_runs(item)}</li>" for item in block.items)
                        + "</ul>")
        elif isinstance(block, Figure):
            count["Abbildung"] += 1
            width = min(block.width_cm, layout.text_width(landscape))
            body.append(f"<figure><img alt='{esc(block.caption)}' style='width:{width:.1f}cm' src='data:image/png;"
                        f"base64,{base64.b64encode(block.png).decode()}'><figcaption>Abbildung {count['Abbildung']}: "
                        f"{esc(block.caption)}{_source(block.source)}</figcaption></figure>")
        elif isinstance(block, Table):
            count["Tabelle"] += 1
            body.append(_table(block, count["Tabelle"], layout.text_width(landscape)))
        elif isinstance(block, Contents):
            body.append(_contents(doc, anchors))
        elif isinstance(block, PageBreak) and not _breaks_itself(doc.blocks[k + 1:k + 2]):
            body.append("<div class='break'></div>")
    body.append("</section>")
    return (f"<!DOCTYPE html>\n<html lang='de'><head><meta charset='utf-8'><title>{esc(doc.title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def _breaks_itself(following: list) -> bool:
    """A chapter heading starts a new page by itself (CSS): a page break just before it would leave an empty page
    where the page before it is full."""
    return bool(following) and isinstance(following[0], Heading) and following[0].level == 1 \
        and following[0].numbered


def _anchors(doc: Document) -> dict[int, str]:
    return {id(h): h.anchor or f"k{n}" for n, h in enumerate(doc.headings())}


def _runs(runs) -> str:
    tags = {"b": "strong", "i": "em"}
    return "".join(f"<{tags[s]}>{esc(t)}</{tags[s]}>" if s in tags else esc(t) for t, s in runs)


def _source(source: str) -> str:
    return f" <span>– {esc(source)}</span>" if source else ""


def _table(block: Table, number: int, total: float) -> str:
    sizes = layout.widths(block, total)
    right = block.right + [False] * len(block.header)
    cols = "".join(f"<col style='width:{s:.2f}cm'>" for s in sizes)
    head = "".join(f"<th class='{'r' if r else ''}'>{esc(h)}</th>" for h, r in zip(block.header, right))
    rows = []
    for values in block.rows:
        cells = []
        for j, value in enumerate(values):
            title, _, rest = value.partition("\n") if j in block.strong_first_line else ("", "", value)
            text = (f"<strong>{esc(title)}</strong>" + "<br>" * bool(rest) if title else "") + esc(rest)
            kind = " ".join(filter(None, ["r" * right[j], "rowhead" * (block.row_headers and j == 0)]))
            cells.append(f"<td class='{kind}'>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f"<p class='tablenote'>{esc(n)}</p>" for n in block.notes)
    return (f"<table style='width:{sum(sizes):.2f}cm;font-size:{block.font_pt}pt'><caption>Tabelle {number}: "
            f"{esc(block.caption)}</caption><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>"
            + "".join(rows) + f"</tbody></table>{notes}")


def _contents(doc: Document, anchors: dict[int, str]) -> str:
    """Chapters and sections as a linked list (page numbers: `build` prints twice and fills them in)."""
    items, open_sub = [], False
    for h in doc.headings():
        if not h.numbered or h.level > 2:
            continue
        if h.level == 1:
            items.append("</ol></li>" if open_sub else "</li>" if items else "")
            items.append(f"<li><a href='#{anchors[id(h)]}'>{esc(h.label)}</a><span class='seite' "
                         f"data-ziel='{anchors[id(h)]}'></span>")
            open_sub = False
        else:
            items.append("" if open_sub else "<ol>")
            open_sub = True
            items.append(f"<li><a href='#{anchors[id(h)]}'>{esc(h.label)}</a><span class='seite' "
                         f"data-ziel='{anchors[id(h)]}'></span></li>")
    items.append("</ol></li>" if open_sub else "</li>" if items else "")
    return "<nav><ol>" + "".join(items) + "</ol></nav>"
