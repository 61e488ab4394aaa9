"""The Wegweiser as one self-contained HTML file (styles inline, no script, nothing fetched), which Chromium prints
to the PDF: A4 (landscape with three languages side by side), „Stand“ and the page number in the bottom margin of
every page (CSS @page margin boxes), entries never split across pages.

German plus one or two languages side by side: every chapter title and entry is a row of columns, one per
language, each with its `lang` and `dir` (Arabic and Persian `dir="rtl"`); German text inside a right-to-left
column (an untranslated entry) is its own left-to-right span, and so are phone numbers and web addresses. All
text from the workbook is escaped (`toolkit.markup.html`)."""
from __future__ import annotations

import re

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
from toolkit.markup import html as esc

URL = re.compile(r"(https?://|www\.)[^\s\"'<>]+", re.IGNORECASE)
MAIL = re.compile(r"[^\s@\"'<>]+@[^\s@\"'<>]+\.[a-z]{2,}", re.IGNORECASE)
FONTS = "'DejaVu Sans', 'Noto Sans', 'Noto Sans Arabic', Arial, sans-serif"


def css(columns: int, footer: str) -> str:
    landscape = " landscape" if columns > 2 else ""
    footer = footer.replace("\\", "\\\\").replace('"', '\\"')
    return f"""
@page {{ size: A4{landscape}; margin: 1.6cm 1.5cm 1.8cm 1.5cm;
  @bottom-left {{ content: "{footer}"; font: 8pt {FONTS}; color: #444; }}
  @bottom-right {{ content: counter(page); font: 8pt {FONTS}; color: #444; }} }}
body {{ font: 9.5pt/1.35 {FONTS}; color: #222; margin: 0 auto; max-width: 28cm; }}
.row {{ display: grid; grid-template-columns: repeat({columns}, minmax(0, 1fr)); column-gap: 7mm; }}
.row > div {{ min-width: 0; overflow-wrap: break-word; }}
[dir="rtl"] {{ text-align: right; }}
.cover {{ margin-top: 5cm; break-after: page; }}
.cover h1 {{ font-size: {22 if columns < 3 else 18}pt; color: #1f4e79; margin: 0 0 .3em; }}
.cover p {{ font-size: 12pt; }} .district {{ font-size: 16pt; color: #1f4e79; margin: 1.5em 0; }}
nav {{ break-after: page; }} nav h2 {{ font-size: 14pt; color: #1f4e79; }} nav ol {{ padding-inline-start: 1.4em; }}
section.chapter {{ break-before: page; }}
h2.row {{ font-size: 14pt; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: .2em; margin: 0 0 .6em;
          break-after: avoid; }}
.entry {{ break-inside: avoid; border-bottom: 1px solid #bbb; padding: .45em 0 .5em; }}
.entry h3 {{ font-size: 10.5pt; margin: 0 0 .2em; color: #1f4e79; }}
.entry p {{ margin: .1em 0; }}
.entry p.shared {{ margin-top: .3em; padding-top: .2em; border-top: 1px dotted #bbb; }}
.label {{ font-weight: bold; }} .note {{ color: #9c5700; font-style: italic; }}
.emergency .number {{ font-size: 12pt; font-weight: bold; color: #c00000; }}
.annex ol {{ columns: 2; column-gap: 8mm; padding-inline-start: 2.2em; }}
.annex li {{ break-inside: avoid; margin-bottom: .5em; }}
a {{ color: inherit; }}
"""


def render(book: Booklet) -> str:
    codes = book.languages
    footer = " · ".join(f"{TEXTS[c]['stand']}: {date(book.stand)}" for c in codes)
    head = (f"<!DOCTYPE html>\n<html lang=\"de\" dir=\"ltr\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(TEXTS['de']['title'])}{' – ' + esc(book.district) if book.district else ''}</title>"
            f"<style>{css(len(codes), footer)}</style></head><body>")
    parts = [head, _cover(book), _contents(book)]
    for number, (key, entries) in enumerate(book.chapters, start=1):
        parts.append(f'<section class="chapter" id="k{number}">'
                     + _row("h2", [f"{number}. {esc(TEXTS[c]['chapters'][key])}" for c in codes], codes))
        if key == "Notrufe":
            parts.append(_emergency(codes))
        for entry in entries:
            cells = ["".join(_line(line, code) for line in entry_lines(entry, code)) for code in codes]
            shared = " · ".join(_shared(line) for line in shared_lines(entry))
            parts.append(f'<div class="entry">{_row("div", cells, codes)}'
                         + (f'<p class="shared" lang="de" dir="ltr">{shared}</p>' if shared else "") + "</div>")
        parts.append("</section>")
    parts.append(_annex(book))
    parts.append("</body></html>\n")
    return "".join(parts)


def _attrs(code: str) -> str:
    return f'lang="{code}" dir="{"rtl" if rtl(code) else "ltr"}"'


def _row(tag: str, cells: list[str], codes, css: str = "") -> str:
    inner = "".join(f"<div {_attrs(code)}>{cell}</div>" for cell, code in zip(cells, codes))
    return f'<{tag} class="row{" " + css if css else ""}">{inner}</{tag}>'


def _value(line: Line, code: str) -> str:
    """The escaped value; a value in another language or a neutral one (numbers, web) isolated left to right."""
    text = esc(line.value)
    if line.kind == "languages":
        return ", ".join(name if lang == code else f"<span {_attrs(lang)}>{esc(name)}</span>"
                         for name, lang in language_parts(line))
    if line.lang == NEUTRAL:
        if URL.fullmatch(line.value.strip()):
            href = line.value.strip() if "://" in line.value else "https://" + line.value.strip()
            text = f'<a href="{esc(href)}">{text}</a>'
        elif MAIL.fullmatch(line.value.strip()):
            text = f'<a href="mailto:{esc(line.value.strip())}">{text}</a>'
        return f'<span dir="ltr">{text}</span>'
    if line.lang != code:
        return f"<span {_attrs(line.lang)}>{text}</span>"
    return text


def _line(line: Line, code: str) -> str:
    value = _value(line, code)
    if line.kind == "title":
        return f"<h3>{value}</h3>"
    if line.kind == "note":
        return f'<p class="note">{value}</p>'
    label = f'<span class="label">{esc(line.label)}:</span> ' if line.label else ""
    return f"<p>{label}{value}</p>"


def _shared(line: Line) -> str:
    value = _value(line, "de")
    if line.kind == "title":
        return f"<strong>{value}</strong>"
    return f"{esc(line.label)}\u00a0{value}" if line.label else value


def _cover(book: Booklet) -> str:
    cells = [f"<h1>{esc(TEXTS[c]['title'])}</h1><p>{esc(TEXTS[c]['subtitle'])}</p>"
             f"<p>{esc(TEXTS[c]['stand'])}: <span dir=\"ltr\">{date(book.stand)}</span></p>" for c in book.languages]
    district = f'<p class="district">{esc(book.district)}</p>' if book.district else ""
    intro = _row("div", [f"<p>{esc(TEXTS[c]['intro'])}</p>" for c in book.languages], book.languages)
    return f'<header class="cover">{_row("div", cells, book.languages)}{district}{intro}</header>'


def _contents(book: Booklet) -> str:
    cells = []
    for code in book.languages:
        items = "".join(f'<li><a href="#k{n}">{esc(TEXTS[code]["chapters"][key])}</a></li>'
                        for n, (key, _) in enumerate(book.chapters, start=1))
        items += f'<li><a href="#anhang">{esc(TEXTS[code]["annex"])}</a></li>'
        cells.append(f"<h2>{esc(TEXTS[code]['contents'])}</h2><ol>{items}</ol>")
    return f"<nav>{_row('div', cells, book.languages)}</nav>"


def _emergency(codes) -> str:
    cells = ["".join(f'<p><span class="number" dir="ltr">{esc(number)}</span> {esc(what)}</p>'
                     for number, what in emergency_lines(code)) for code in codes]
    intro = _row("div", [f"<p><strong>{esc(TEXTS[c]['emergency_intro'])}</strong></p>" for c in codes], codes)
    return intro + _row("div", cells, codes, css="entry emergency")


def _annex(book: Booklet) -> str:
    title = _row("h2", [esc(TEXTS[c]["annex"]) for c in book.languages], book.languages)
    items = "".join(f'<li value="{a.number}">' + "".join(_annex_line(line) for line in address_lines(a)) + "</li>"
                    for a in book.annex)
    return f'<section class="chapter annex" id="anhang">{title}<ol lang="de" dir="ltr">{items}</ol></section>'


def _annex_line(line: Line) -> str:
    if line.kind == "title":
        return f"<strong>{esc(line.value)}</strong><br>"
    label = f"{esc(line.label)}: " if line.label else ""
    return f"{label}{_value(line, 'de')}<br>"
