"""The outline of the Integrationskonzept: the funder's three parts in the order of published Thuringian concepts.

    Deckblatt, Impressum (sources, licences), Inhalt
    1 Zusammenfassung                              (issue 14: part 2)
    2 Auftrag und Integrationsverständnis          (3)
    3 Datenanalyse – Daten und Fakten              (4, stage 1)
    4 Bestands- und Bedarfsanalyse, Prozessqualität (5, stage 2; marked as missing without offers and actors)
    5 Handlungsstrategie                           (6, stages 3 and 4)
    6 Umsetzung, Monitoring und Fortschreibung     (7, stage 5; marked as missing without a workbook)
    A Anhang: Maßnahmenblätter, Akteure, Datentabellen, Datengrundlage, Änderungsprotokoll (8)
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from toolkit import datenanalyse as da
from toolkit.konzept import analysis, annex, front, inventory, later, monitoring, strategy
from toolkit.konzept.front import title
from toolkit.konzept.model import Document, Heading
from toolkit.konzept.sources import Sources
from toolkit.plan import Plan


def document(district: da.District, plan: Plan | None, stand: dt.date,
             series: dict[str, pd.Series] | None = None) -> tuple[Document, list]:
    """The whole concept and the Disclosed parts its tables were built from (for the disclosure check); `series`:
    the district's indicator values by year from the newest data (the monitoring chapter's actual values)."""
    sources = Sources(district)
    doc = Document(f"Integrationskonzept {title(district.name)}", title(district.name), stand.isoformat())
    data, parts = analysis.chapter(district, plan)
    doc.add(*front.cover(district, plan, stand, sources), *front.summary(district, plan, stand),
            *front.mandate(plan), *data, *_inventory(plan, district),
            *strategy.chapter(plan, district),
            *_monitoring(plan, stand, series or {}), *annex.annex(plan, district, sources))
    number(doc)
    return doc, parts


def _inventory(plan: Plan | None, district: da.District) -> list:
    """Stage 2's chapter from the workbook, or the marked chapter saying what is missing."""
    return inventory.chapter(plan, district) if inventory.has_inventory(plan) else later.inventory(plan)


def _monitoring(plan: Plan | None, stand: dt.date, series: dict[str, pd.Series]) -> list:
    """Stage 5's chapter from the workbook, or the marked chapter saying what fills it."""
    return monitoring.chapter(plan, series, stand, front.period(plan, stand)) if plan is not None \
        else later.monitoring(stand)


def number(doc: Document) -> None:
    """Chapter numbers 1, 2 … (the annex A), sections 1.1 (A.1), subsections 1.1.1."""
    counters, top = [0, 0, 0], ""
    for heading in doc.headings():
        if not heading.numbered:
            continue
        level = heading.level - 1
        counters[level] += 1
        counters[level + 1:] = [0] * (2 - level)
        if level == 0:
            top = "A" if heading.anchor == "anhang" else str(counters[0])
        heading.number = ".".join([top, *map(str, counters[1:level + 1])])


def headings(doc: Document) -> list[Heading]:
    return [h for h in doc.headings() if h.level <= 2]
