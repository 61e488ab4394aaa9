"""The Integrationswegweiser: the published offers of the planning workbook as a printable booklet in German and one
or two more languages side by side — HTML, PDF (Chromium printing the HTML) and Word.

    from toolkit.bestandsanalyse.wegweiser import write_wegweiser
    write_wegweiser("planung.xlsx", "handouts", languages=["uk", "ar"])          # or data_dir= for the default
    # → [.../Integrationswegweiser_de-uk-ar.html, ….pdf, ….docx]

Modules: `texts` (fixed texts in de, en, uk, ar, ru, fa; the nationwide emergency numbers), `content` (which
offers, which chapter, the address annex, the languages, „Stand“), `blocks` (an entry as lines of one language),
`html`, `docx`. Rules in `content`'s docstring. The booklet prints no statistics (only offers and addresses), so
the disclosure check of stage-1 numbers has nothing to check here.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from toolkit.bestandsanalyse.wegweiser import content
from toolkit.bestandsanalyse.wegweiser import docx as word
from toolkit.bestandsanalyse.wegweiser import html as page
from toolkit.bestandsanalyse.wegweiser.content import Booklet, booklet, check_languages, default_languages
from toolkit.errors import UserError
from toolkit.plan import write_then_replace

__all__ = ["write_wegweiser", "build_booklet", "run", "Booklet", "FORMATS", "file_stem"]

logger = logging.getLogger(__name__)
FORMATS = ("html", "pdf", "docx")


def file_stem(codes) -> str:
    """„Integrationswegweiser_de-uk-ar“: every file name contains „wegweiser“ and says its languages."""
    return "Integrationswegweiser_" + "-".join(codes)


def build_booklet(plan_path, *, languages=None, data_dir=None, kreis=None, stand: dt.date | str | None = None
                  ) -> Booklet:
    """Read the workbook and select, check and order what the Wegweiser prints (no file written)."""
    from toolkit.plan import as_date, load_plan
    if isinstance(stand, str):
        try:
            stand = as_date(stand)
        except ValueError:
            raise UserError(f"„{stand}“ ist kein Datum für den Stand des Wegweisers.",
                            hint="Schreiben Sie das Datum als TT.MM.JJJJ, z. B. 01.10.2026.") from None
    plan = load_plan(plan_path)
    kreis = kreis or content.district_of(plan)
    codes = check_languages(languages if languages is not None else default_languages(data_dir, kreis))
    return booklet(plan, codes, stand, _district_name(data_dir, kreis))


def write_wegweiser(plan_path, out_dir, *, languages=None, data_dir=None, kreis=None,
                    stand: dt.date | str | None = None, formats=FORMATS) -> list[Path]:
    """Write the Wegweiser of the workbook `plan_path` into `out_dir` as HTML, PDF and Word; the paths written.

    `languages`: one or two beside German (codes or German names); None: the languages of the district's largest
    nationalities (AZR table in `data_dir`, Kreis `kreis` or the one the offers' AGS name), English without data.
    `stand`: the date printed on every page (a date or „TT.MM.JJJJ“); None: the newest „Stand“ of the printed
    offers. `formats`: a subset of FORMATS.
    User errors (no published offer, unknown language, folder not writable) raise a German UserError; nothing is
    written then."""
    book = build_booklet(plan_path, languages=languages, data_dir=data_dir, kreis=kreis, stand=stand)
    out = _writable(Path(out_dir))
    stem = out / file_stem(book.languages)
    written = []
    if "html" in formats or "pdf" in formats:
        html_path = write_then_replace(stem.with_suffix(".html"),
                            lambda handle: handle.write(page.render(book).encode("utf-8")))
        if "html" in formats:
            written.append(html_path)
        if "pdf" in formats:
            written.append(_pdf(html_path))
            if "html" not in formats:
                html_path.unlink()
    if "docx" in formats:
        written.append(write_then_replace(stem.with_suffix(".docx"), lambda handle: word.write(book, handle)))
    logger.info("Wegweiser geschrieben: %s", ", ".join(p.name for p in written))
    return written


def run(plan: str, out: str, sprachen: str | None = None, data: str | None = None, kreis: str | None = None,
        stand: str | None = None) -> int:
    """For the CLI (`ikpe wegweiser --plan … --out … [--sprachen uk,ar] [--data …] [--kreis …] [--stand …]`): write
    the three files, print their paths; warnings (unfiled offers, missing translations, person contacts) go to the
    log. Returns the exit code 0; user errors propagate as UserError (the CLI prints them, exit 2)."""
    languages = [s for s in sprachen.replace(";", ",").replace(" ", ",").split(",") if s] if sprachen else None
    for path in write_wegweiser(plan, out, languages=languages, data_dir=data, kreis=kreis, stand=stand):
        print(path)
    return 0


def _district_name(data_dir, kreis) -> str:
    """„Landkreis Musterland“ from the data folder's tables; „“ without them."""
    if data_dir is None or not kreis:
        return ""
    from toolkit import store
    for table in store.tables(str(data_dir)).values():
        names = table.loc[table["region_code"] == kreis, "region_name"] if "region_code" in table else ()
        if len(names):
            return _kreis_title(str(names.iloc[0]))
    return ""


def _kreis_title(name: str) -> str:
    """„Musterland, Kreis“ / „Musterland, Landkreis“ → „Landkreis Musterland“; „Erfurt, Stadt“ → „Stadt Erfurt“."""
    if "," not in name:
        return name.strip()
    place, kind = (part.strip() for part in name.split(",", 1))
    kind = {"Kreis": "Landkreis", "kreisfreie Stadt": "Stadt"}.get(kind, kind)
    return f"{kind} {place}"


def _writable(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".~wegweiser-probe.")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise UserError(f"In den Ordner kann nicht geschrieben werden ({error.strerror or error}).", file=out,
                        hint="Wählen Sie einen Ordner, in dem Sie Dateien anlegen dürfen, oder prüfen Sie die "
                             "Schreibrechte.") from None
    return out



def _pdf(html_path: Path) -> Path:
    from toolkit.reports.pdf import print_pdf
    return print_pdf(html_path)
