"""The Word concept in LibreOffice (headless, the Debian package `make test` installs): it converts to PDF on A4
pages, LibreOffice's own layout keeps every table inside its page, and headings and captions survive the import."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import _missing

NS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
      "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
      "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
A4 = (595.3, 841.9)   # points


@pytest.fixture(scope="module")
def converted(written, tmp_path_factory) -> dict[str, Path]:
    """The concept's .docx converted by LibreOffice to PDF, ODT (its layout model) and plain text."""
    soffice = shutil.which("soffice")
    if not soffice:
        _missing("LibreOffice fehlt: `make test` installiert das Debian-Paket libreoffice-writer-nogui (als root).")
    out = tmp_path_factory.mktemp("libreoffice")
    for target in ("pdf", "odt", "txt:Text (encoded):UTF8"):
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(out / 'profile').as_uri()}",
                        "--convert-to", target, "--outdir", str(out), str(written[".docx"])],
                       check=True, capture_output=True, timeout=600)
    return {p.suffix: p for p in out.glob("Integrationskonzept_*")}


def test_libreoffice_converts_it_to_a_pdf_on_a4_pages(converted):
    pdf = converted[".pdf"].read_bytes()
    pages = [tuple(round(float(v), 1) for v in box.split()[2:])
             for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf) if len(box.split()) == 4]
    pages = [p for p in pages if p != (A4[1], A4[1])]          # the page tree's own box, not a page
    assert pdf.startswith(b"%PDF") and 20 <= len(pages) <= 120
    assert set(pages) == {A4, A4[::-1]}                        # portrait, and landscape for the measure tables


def _length(value: str) -> float:
    """An ODF length in inches."""
    number, unit = re.fullmatch(r"([\d.]+)(in|cm|mm|pt)", value).groups()
    return float(number) / {"in": 1, "cm": 2.54, "mm": 25.4, "pt": 72}[unit]


def test_in_libreoffices_layout_every_table_fits_its_page(converted):
    with zipfile.ZipFile(converted[".odt"]) as odt:
        content, styles = (etree.fromstring(odt.read(name)) for name in ("content.xml", "styles.xml"))
    usable = {}
    for layout in styles.iterfind(".//style:page-layout", NS):
        props = layout.find("style:page-layout-properties", NS)
        if props.get(f"{{{NS['fo']}}}page-width"):
            usable[layout.get(f"{{{NS['style']}}}name")] = _length(props.get(f"{{{NS['fo']}}}page-width")) - sum(
                _length(props.get(f"{{{NS['fo']}}}margin-{side}") or "0in") for side in ("left", "right"))
    masters = {m.get(f"{{{NS['style']}}}name"): usable.get(m.get(f"{{{NS['style']}}}page-layout-name"))
               for m in styles.iterfind(".//style:master-page", NS)}
    auto = {s.get(f"{{{NS['style']}}}name"): s for s in content.iterfind(".//office:automatic-styles/style:style", NS)}
    width, checked = masters.get("Standard"), 0
    for element in content.find(".//office:text", NS).iter(f"{{{NS['text']}}}p", f"{{{NS['text']}}}h",
                                                           f"{{{NS['table']}}}table"):
        style = auto.get(element.get(f"{{{NS['text']}}}style-name") or element.get(f"{{{NS['table']}}}style-name"))
        master = style is not None and style.get(f"{{{NS['style']}}}master-page-name")
        if master and masters.get(master):
            width = masters[master]
        if element.tag == f"{{{NS['table']}}}table" and element.getparent().tag != f"{{{NS['table']}}}table-cell":
            table_width = style.find("style:table-properties", NS).get(f"{{{NS['style']}}}width")
            assert _length(table_width) <= width + 0.02, element.get(f"{{{NS['table']}}}name")
            checked += 1
    assert checked >= 20


def test_headings_and_numbered_captions_survive_the_import(converted):
    lines = converted[".txt"].read_text(encoding="utf-8-sig").splitlines()
    for heading in ("1 Zusammenfassung", "3 Datenanalyse – Daten und Fakten", "5 Handlungsstrategie", "A Anhang"):
        assert heading in lines
    assert any(line.startswith("Abbildung 1: ") for line in lines)
    assert any(line.startswith("Tabelle 1: ") for line in lines)
