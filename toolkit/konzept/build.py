"""`ikpe konzept`: one district's Integrationskonzept as .docx, .html and .pdf.

The PDF is Chromium printing the HTML (`toolkit.reports.pdf`), not LibreOffice converting the .docx: Chromium is
already what the course installs for PDF handouts and browser tests (LibreOffice would add a second, 600 MB
dependency for one file), the HTML is rendered from the same document model with the same column widths, and
print CSS gives A4, landscape pages, page numbers and repeated table headers. The table of contents gets its
page numbers from a first print: the PDF's named destinations say on which page each heading landed, and the
second print shows them (the contents list has the same length both times, so the numbers stay true).

Nothing is written unless every Gemeinde number shown passes `disclosure.check_published`.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from toolkit import datenanalyse as da
from toolkit import disclosure
from toolkit.errors import UserError
from toolkit.konzept import outline, page, word
from toolkit.konzept.pages import heading_pages, number_contents
from toolkit.plan import write_then_replace

logger = logging.getLogger(__name__)
FORMATS = ("docx", "html", "pdf")
PLAN_NAME = "planung.xlsx"


def file_stem(name: str, prefix: str = "Integrationskonzept") -> str:
    """„Musterland, Kreis“ → „Integrationskonzept_Musterland“ („Wartburgkreis einschl. Eisenach (Gebietsstand
    1.7.2021)“ → „…_Wartburgkreis_einschl_Eisenach“); characters Windows forbids replaced."""
    short = re.sub(r"\s*\(.*?\)", "", name.split(",")[0]).strip()
    return f"{prefix}_" + re.sub(r"[\s\\/:*?\"<>|.]+", "_", short).strip("_")


def build(data_dir: str | Path, code: str, out: str | Path, plan: str | Path | None = None,
          stand: dt.date | None = None, formats=FORMATS, find_plan: bool = True) -> list[Path]:
    """Write the concept of district `code` from `data_dir` (and the planning workbook `plan`; without one and with
    `find_plan`, a `planung.xlsx` in the data folder if there is one) into `out`; the paths written."""
    from toolkit.config import DEMO_STAND, is_demo_plan
    from toolkit.plan import load_plan
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise UserError(f"Den Datenordner „{data_dir}“ gibt es nicht.",
                        hint="Geben Sie mit --data den Ordner mit den heruntergeladenen Tabellen an.")
    if plan is None and find_plan and (data_dir / PLAN_NAME).is_file():
        plan = data_dir / PLAN_NAME
        logger.info("Planungsmappe aus dem Datenordner: %s", plan)
    workbook = load_plan(plan) if plan is not None else None
    demo = plan is not None and is_demo_plan(plan)
    stand = stand or (DEMO_STAND if demo else dt.date.today())
    district = da.prepare(data_dir, code, stand.year)
    logger.info("Konzept für %s (%s), Daten bis %s …", district.name, district.code, district.year)
    doc, parts = outline.document(district, workbook, stand, _newest_series(data_dir, district.code, demo))
    html = page.render(doc)
    leaks = [leak for part in parts for leak in disclosure.check_published(html, part)]
    if leaks:
        raise UserError("Das Konzept würde geheim zu haltende Zahlen zeigen und wurde nicht geschrieben: "
                        + " ".join(leaks))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / file_stem(district.name)
    written = []
    if "docx" in formats:
        written.append(write_then_replace(stem.with_suffix(".docx"), lambda handle: word.write(doc, handle)))
    if "html" in formats or "pdf" in formats:
        written.append(write_then_replace(stem.with_suffix(".html"), lambda handle: handle.write(html.encode("utf-8"))))
    if "pdf" in formats:
        written.append(_pdf(stem.with_suffix(".html"), html))
    return written


def _newest_series(data_dir: Path, code: str, demo: bool) -> dict:
    """The indicator values the monitoring chapter judges the goals by: the data folder's (for the demo district
    its newer vintage, as stage 5 takes it); none when the folder has no indicator values for the district."""
    from toolkit.config import DEMO_UPDATE_DIR
    from toolkit.zielfindung import district_series
    try:
        return district_series(DEMO_UPDATE_DIR if demo and DEMO_UPDATE_DIR.is_dir() else data_dir, code)
    except UserError:
        return {}


def _pdf(html_path: Path, html: str) -> Path:
    """Print twice: the first PDF tells on which page each heading is, the second shows it in the contents."""
    from toolkit.reports.pdf import print_pdf
    pdf = print_pdf(html_path)
    pages = heading_pages(pdf.read_bytes())
    if pages:
        html_path.write_text(number_contents(html, pages), encoding="utf-8")
        pdf = print_pdf(html_path)
    return pdf

