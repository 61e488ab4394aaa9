"""The HTML opens offline (nothing fetched, no script) and escapes what users typed; the PDF is Chromium's print of
it with page numbers in the contents; the CLI's errors are German with exit code 2."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import CHROMIUM, DEMO_PLAN
from toolkit import cli, datenanalyse, plan
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT
from toolkit.konzept import outline, page, word

EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
                      r"""|url\(\s*["']?\s*(?:https?:)?//|@import|<script|<link|<iframe|<object|<embed""", re.I)


def test_the_html_fetches_nothing_and_runs_no_script(written):
    html = written[".html"].read_text(encoding="utf-8")
    assert not EXTERNAL.search(html)
    images = re.findall(r"<img [^>]*src='([^']{0,30})", html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium fehlt (apt-get install chromium)")
def test_the_pdf_is_a4_with_page_numbers_in_the_contents(written):
    pdf = written[".pdf"].read_bytes()
    assert pdf.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert {(round(float(w)), round(float(h))) for w, h in sizes} <= {(595, 842), (842, 595)}   # A4, both ways
    assert (842, 595) in {(round(float(w)), round(float(h))) for w, h in sizes}                 # landscape pages too
    contents = re.findall(r"<span class='seite' data-ziel='([^']*)'>(\d*)</span>", written[".html"].read_text())
    assert contents and all(number for _, number in contents)
    numbers = [int(n) for _, n in contents]
    assert numbers == sorted(numbers) and numbers[0] > 1


def test_wrong_kreis_exits_2_with_a_german_message(tmp_path, capsys):
    rc = cli.main(["konzept", "--data", str(DEMO_DATA_DIR), "--kreis", "16098", "--out", str(tmp_path)])
    assert rc == 2
    err = capsys.readouterr().err
    assert "Fehler:" in err and "Kreis" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_missing_data_folder_exits_2(tmp_path, capsys):
    rc = cli.main(["konzept", "--data", str(tmp_path / "fehlt"), "--kreis", DEMO_DISTRICT, "--out", str(tmp_path)])
    assert rc == 2 and "Datenordner" in capsys.readouterr().err


def test_user_text_is_shown_as_typed_never_evaluated(tmp_path):
    typed = "=HYPERLINK(\"http://x\") <script>alert(1)</script> & {PAGE}"
    workbook = tmp_path / "planung.xlsx"
    shutil.copy(DEMO_PLAN, workbook)
    p = plan.load_plan(workbook)
    p.massnahmen.loc[p.massnahmen.index[0], "Titel"] = typed
    p.handlungsfelder.loc[p.handlungsfelder.index[0], "Beschreibung"] = typed
    district = datenanalyse.prepare(DEMO_DATA_DIR, DEMO_DISTRICT, 2026)
    doc, _ = outline.document(district, p, dt.date(2026, 6, 30))
    html = page.render(doc)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    document = docx.Document(str(word.write(doc, tmp_path / "k.docx")))
    texts = [t.text for t in document.element.body.iter(qn("w:t"))]
    assert any(typed in (t or "") for t in texts) or typed in "".join(t or "" for t in texts)
    codes = {c.text.split()[0] for c in document.element.body.iter(qn("w:instrText"))}
    assert codes <= {"TOC", "SEQ"}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium fehlt (apt-get install chromium)")
def test_the_measure_tables_need_no_more_than_a_page_for_three_measures(tmp_path):
    from toolkit import massnahmenplanung
    from toolkit.konzept import strategy
    from toolkit.konzept.model import Document, Orientation, Paragraph
    from toolkit.reports.pdf import print_pdf
    p = plan.load_plan(DEMO_PLAN)
    doc = Document("Maßnahmen", "Musterland", "")
    doc.add(Paragraph([("Maßnahmenkatalog", "")]), Orientation(True),
            *[strategy.measure_table(p, field) for field, _ in massnahmenplanung.by_field(p)])
    pdf = print_pdf(page.write(doc, tmp_path / "massnahmen.html")).read_bytes()
    landscape = len(re.findall(rb"/MediaBox \[0 0 841", pdf))
    assert 0 < landscape <= -(-len(p.massnahmen) // 3)
