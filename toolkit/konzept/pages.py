"""Page numbers for the contents of the HTML/PDF, read from the PDF Chromium printed.

Chromium writes every element id a link points to as a named destination (`/Dests`: name → [page object …]); the
page tree gives the pages' order. Chromium writes both dictionaries uncompressed, so a few regular expressions
read them without a PDF library. Anything unexpected gives no numbers (the contents then has links only).
"""
from __future__ import annotations

import re

from toolkit.markup import html as esc

OBJECT = re.compile(rb"(?:^|\s)(\d+) 0 obj\s*(<<.*?)endobj", re.S)
DEST = re.compile(rb"/([^\s/\[]+)\s*\[\s*(\d+) 0 R")
REF = re.compile(rb"(\d+) 0 R")


def heading_pages(pdf: bytes) -> dict[str, int]:
    """Anchor → page number (1-based) of every named destination."""
    try:
        objects = {int(m.group(1)): m.group(2) for m in OBJECT.finditer(pdf)}
        catalog = next(body for body in objects.values() if re.search(rb"/Type\s*/Catalog", body))
        root = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
        order = {number: index + 1 for index, number in enumerate(_leaves(objects, root))}
        dests = objects[int(re.search(rb"/Dests (\d+) 0 R", catalog).group(1))]
        return {_name(name): order[int(page)] for name, page in DEST.findall(dests) if int(page) in order}
    except (StopIteration, AttributeError, KeyError, ValueError):
        return {}


def _leaves(objects: dict[int, bytes], node: int, depth: int = 0) -> list[int]:
    body = objects[node]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
    if kids is None or depth > 20:
        return [node]
    return [leaf for kid in REF.findall(kids.group(1)) for leaf in _leaves(objects, int(kid), depth + 1)]


def _name(raw: bytes) -> str:
    """A PDF name with its #xx escapes resolved."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace")


def number_contents(html: str, pages: dict[str, int]) -> str:
    """Fill the contents' empty page slots (`<span class='seite' data-ziel='anchor'>`) with the page numbers."""
    def fill(match: re.Match) -> str:
        page = pages.get(match.group(1))
        return f"<span class='seite' data-ziel='{match.group(1)}'>{esc(page) if page else ''}</span>"
    return re.sub(r"<span class='seite' data-ziel='([^']*)'>[^<]*</span>", fill, html)
