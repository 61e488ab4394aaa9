"""The Word file a manager edits: headings with Word's styles, a TOC field, numbered captions with sources, tables
whose widths are in the file and fit their page, the measure tables in landscape, the missing chapters marked."""
from __future__ import annotations

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn

from toolkit import datenanalyse, disclosure
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND
from toolkit.konzept import monitoring


@pytest.fixture(scope="module")
def word(written):
    assert written["rc"] == 0
    return docx.Document(str(written[".docx"]))


def test_the_cli_writes_word_html_and_pdf_named_after_the_kreis(written):
    assert written["rc"] == 0
    assert written[".docx"].name == "Integrationskonzept_Musterland.docx"
    assert written[".html"].stat().st_size > 100_000


def test_the_cover_names_the_kreis_as_a_title_says_it(word):
    assert [p.text for p in word.paragraphs[:2]] == ["Integrationskonzept", "Landkreis Musterland"]
    assert any(p.text.startswith("Beschlussvermerk: ") for p in word.paragraphs[:8])


def test_chapters_are_real_headings_in_the_issue_order(word):
    chapters = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    expected = ["Impressum", "Inhalt", "1 Zusammenfassung", "2 Auftrag und Integrationsverständnis",
                "3 Datenanalyse – Daten und Fakten", "4 Bestands- und Bedarfsanalyse, Prozessqualität",
                "5 Handlungsstrategie", "6 Umsetzung, Monitoring und Fortschreibung", "A Anhang"]
    assert chapters == expected
    sections = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert "5.3 Spracherwerb und Bildung" in sections and "A.1 Maßnahmenblätter" in sections
    assert any(p.style.name == "Heading 3" and p.text.startswith("HF3-M1 ") for p in word.paragraphs)


def test_the_table_of_contents_is_a_field_word_fills(word):
    codes = [t.text for t in word.element.body.iter(qn("w:instrText"))]
    assert any(code.strip().startswith("TOC ") for code in codes)
    assert word.settings.element.find(qn("w:updateFields")) is not None


def test_figures_and_tables_have_numbered_captions_with_sources(word):
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    figures = [p.text for p in captions if p.text.startswith("Abbildung")]
    tables = [p.text for p in captions if p.text.startswith("Tabelle")]
    assert figures[0].startswith("Abbildung 1: ") and figures[-1].startswith(f"Abbildung {len(figures)}: ")
    assert len(tables) == len(word.tables)
    assert all("Quelle" in text or "Planungsmappe" in text for text in figures)
    seq = [c.text for p in captions for c in p._p.iter(qn("w:instrText"))]
    assert sum("SEQ Abbildung" in c for c in seq) == len(figures)
    assert len(word.inline_shapes) == len(figures)


def _sections_with_tables(word):
    """[(usable width in twips, landscape, [tables])] in document order."""
    body, found, tables = word.element.body, [], []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            tables.append(child)
        properties = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p") else \
            child if child.tag == qn("w:sectPr") else None
        if properties is not None:
            size, margins = properties.find(qn("w:pgSz")), properties.find(qn("w:pgMar"))
            width = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
            found.append((width, size.get(qn("w:orient")) == "landscape", tables))
            tables = []
    return found


def test_every_table_carries_its_widths_and_fits_its_page(word):
    sections = _sections_with_tables(word)
    assert sum(len(tables) for _, _, tables in sections) == len(word.tables)
    for width, _, tables in sections:
        for tbl in tables:
            assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
            grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iterchildren(qn("w:gridCol"))]
            assert sum(grid) <= width + 5
            assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) <= width + 5
            for tr in tbl.iterchildren(qn("w:tr")):
                cells = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in tr.iterchildren(qn("w:tc"))]
                assert cells == pytest.approx(grid, abs=2)


def test_measure_tables_are_in_a_landscape_section_the_measure_widest(word):
    sections = _sections_with_tables(word)
    measures = [(landscape, tbl) for _, landscape, tables in sections for tbl in tables
                if "".join(t.text or "" for t in tbl.tr_lst[0].tc_lst[0].iter(qn("w:t"))) == "ID / Ziel"]
    assert len(measures) == 9
    assert all(landscape for landscape, _ in measures)
    for _, tbl in measures:
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert grid.index(max(grid)) == 1                 # Maßnahme
        assert min(grid) == grid[0]                        # ID / Ziel


def test_the_stage_5_chapter_comes_from_the_workbook(word):
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Dieser Teil fehlt noch." not in text
    sections = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert {"6.1 Berichtsweg", "6.2 Ampel und Kurs", "6.3 Indikatoren der Handlungsziele", "6.4 Stand der Umsetzung",
            "6.5 Fortschreibung"} <= set(sections) and sections[-1].endswith("Änderungsprotokoll")
    goals = next(t for t in word.tables if [c.text for c in t.rows[0].cells] == monitoring.COURSE_HEADER)
    kurs = [row.cells[6].text for row in goals.rows[1:]]
    assert {"auf Kurs", "gefährdet", "nicht auf Kurs", "keine Daten"} <= set(kurs)     # the demo's newer data


def test_the_stage_2_chapter_comes_from_the_workbooks_inventory(word):
    sections = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert {"4.1 Angebote", "4.2 Bedarfe und Lücken", "4.3 Netzwerk und Gremien", "4.4 Beteiligung",
            "A.2 Akteursverzeichnis"} <= set(sections)
    tables = {}
    for t in word.tables:                       # the first table of each first header (chapter 6 has one too)
        tables.setdefault(t.rows[0].cells[0].text, t)
    assert tables["Handlungsfeld"].rows[-1].cells[1].text == "65"                 # the demo's 65 offers
    gaps = [row.cells[0].text for row in tables["Lücke"].rows[1:]]
    assert 5 <= len(gaps) <= 12 and all(g.startswith("L-HF") for g in gaps)
    assert len(tables["Name"].rows) == 36                                           # 35 actors and the header
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Arbeitskreis Sprache und Schule und Arbeitskreis Arbeit und Beruf teilen 8 von 10 Mitgliedern" in text
    assert "Migrant*innenorganisationen: in keinem der 6 Gremien vertreten" in text
    assert "Lücke L-HF3-U6-Sued: Im Sozialraum Süd kein Angebot" in text       # a Maßnahmenblatt's chain: the reason


def test_without_offers_and_actors_the_stage_2_chapter_says_what_fills_it(tmp_path):
    from toolkit import plan
    from toolkit.konzept import outline
    district = datenanalyse.prepare(DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND.year)
    empty = plan.load_plan(plan.new_plan(tmp_path / "plan.xlsx", "eisenach"))
    blocks = outline._inventory(empty, district)
    text = " ".join(run for block in blocks for run, _ in getattr(block, "runs", []))
    assert "Dieser Teil fehlt noch." in text and "02_bestandsanalyse" in text


def test_no_gemeinde_number_the_disclosure_check_hides_is_in_the_word_tables(word):
    district = datenanalyse.prepare(DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND.year)
    _, parts = datenanalyse.gemeinde_table(district)
    grids = [pd.DataFrame([[c.text for c in row.cells[1:]] for row in t.rows[1:]],
                          index=[row.cells[0].text for row in t.rows[1:]],
                          columns=[c.text for c in t.rows[0].cells[1:]])
             for t in word.tables if t.rows[0].cells[0].text == "Gemeinde"]
    assert len(grids) == 1
    assert all(disclosure.check_published(grids[0], part) == [] for part in parts)
    assert any(part.mask.to_numpy().any() for part in parts)     # something was hidden, and stays hidden


def test_a_caption_names_the_unit_once(word):
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert any("Asylbewerberleistungsgesetz je 1.000 Einwohner*innen –" in c for c in captions)
    assert not any("(je 1.000 Einwohner)" in c.replace("Wanderungssaldo der Ausländer*innen (je", "") for c in captions)
