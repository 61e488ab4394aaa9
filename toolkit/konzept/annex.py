"""Anhang: a Maßnahmenblatt per measure (everything the measure table leaves out, with the Begründungskette), the
Akteursverzeichnis, the data tables, the Datengrundlage and the Änderungsprotokoll."""
from __future__ import annotations

import re

from toolkit import datenanalyse as da
from toolkit import massnahmenplanung as mp
from toolkit.errors import UserError
from toolkit.konzept import inventory, monitoring
from toolkit.konzept.analysis import data_tables
from toolkit.konzept.model import Bullets, Heading, Paragraph, Table, from_markdown, text
from toolkit.konzept.sources import Sources
from toolkit.plan import Plan, cell_text, date_text

#: Short fields of a Maßnahmenblatt in one line, long ones as rows of its table.
LINE = ["Zeitraum", "Priorität", "Status", "Sachkosten", "Personal (VZÄ)", "Finanzierung"]
SHEET = ["Ziel(e)", "Zielgruppe(n)", "Federführung / Partner", "Wirkungsebene", "Indikator"]
#: Parts of a justification a Maßnahmenblatt shows (the measure's own lines are in the sheet already).
CHAIN = ("Daten", "Bedarf", "Lücke", "Ziel")


def annex(plan: Plan | None, district: da.District, sources: Sources) -> list:
    blocks = [Heading("Anhang", 1, "anhang")]
    if plan is not None and len(plan.massnahmen):
        blocks += sheets(plan, _gaps(plan, district))
    if plan is not None and not plan.akteure.empty:
        blocks += inventory.actors(plan, district)
    elif plan is not None and len(plan.massnahmen):
        blocks += actors(plan)
    blocks += [Heading("Datentabellen", 2),
               text("Jeder Indikator des Datenteils für den Kreis und die Vergleichsgebiete mit Zähler und Nenner.",
                    "note"), *data_tables(district),
               Heading("Datengrundlage", 2), sources.table(), *monitoring.protocol(plan)]
    return blocks


def _gaps(plan: Plan, district: da.District) -> dict[str, str] | None:
    """The Bestandsanalyse's gaps (ID → reason) the goals may cite; None without offers or when the needs cannot be
    counted (the chapter „Bedarfe und Lücken“ says why)."""
    from toolkit.zielfindung import known_gaps
    try:
        return known_gaps(district.data_dir, district.code, plan)
    except UserError:
        return None


def sheets(plan: Plan, gaps: dict[str, str] | None = None) -> list:
    """One Maßnahmenblatt per measure: the catalogue's fields, description, milestones, the chain (a cited gap with
    its reason, `gaps`: see `_gaps`)."""
    catalogue = mp.catalogue_table(plan).set_index("ID", drop=False)
    raw = {cell_text(m["ID"]): m for _, m in plan.massnahmen.iterrows()}
    chains = dict(zip(catalogue.index, mp.justifications(plan, list(catalogue.index), gaps), strict=True))  # one pass
    blocks = [Heading("Maßnahmenblätter", 2)]
    for mid, row in catalogue.iterrows():
        m = raw[mid]
        title, _, description = row["Maßnahme"].partition("\n")
        fields = [(c, row[c]) for c in SHEET] + [("Meilensteine", cell_text(m["Meilensteine"]) or "–")]
        line = [(f"{c.replace(' (VZÄ)', '')}: ", "b") if i % 2 == 0 else (f"{row[c]}" + (" VZÄ" * (c == "Personal (VZÄ)"
                and row[c] != "–")) + "   ", "") for c in LINE for i in (0, 1)]
        dates = f"{date_text(m['Beginn']) or '–'} bis {date_text(m['Ende']) or '–'}"
        blocks += [Heading(f"{mid} {title}", 3, numbered=False),
                   Paragraph([(f"{row['Handlungsfeld']} · {dates}", "i")], "note"),
                   *([text(description)] if description else []), Paragraph(line),
                   Table(["Angabe", "Inhalt"], [[k, v] for k, v in fields], f"Maßnahmenblatt {mid}",
                         row_headers=True, font_pt=8)]
        blocks += _chain(plan, mid, chains[mid])
    return blocks


def _chain(plan: Plan, mid: str, justification: str) -> list:
    """The Begründungskette (`justification`'s Markdown) without its heading and the measure's own lines."""
    parts = re.split(r"^\*\*(.+?)\*\*\s*$", justification, flags=re.M)
    items = []
    for title, body in zip(parts[1::2], parts[2::2]):
        if title in CHAIN:
            for block in from_markdown(body):
                if isinstance(block, Bullets):
                    items += [[(f"{title}: ", "b"), *item] for item in block.items]
    reason = cell_text(plan.massnahmen.loc[plan.massnahmen["ID"].map(cell_text) == mid, "Begründung"].iloc[0])
    items.append([("Begründung der Maßnahme: ", "b"), (reason or "keine eingetragen", "")])
    return [Paragraph([("Begründungskette", "b")], "note"), Bullets(items, "note")]


def actors(plan: Plan) -> list:
    """Akteursverzeichnis: everyone named as Federführung or Kooperationspartner, with their measures."""
    lead: dict[str, list[str]] = {}
    partner: dict[str, list[str]] = {}
    for _, m in plan.massnahmen.iterrows():
        for column, found in (("Federführung", lead), ("Kooperationspartner", partner)):
            for name in re.split(r"[,;\n]", cell_text(m[column])):
                if name.strip():
                    found.setdefault(name.strip(), []).append(cell_text(m["ID"]))
    names = sorted(set(lead) | set(partner), key=str.casefold)
    rows = [[n, ", ".join(lead.get(n, [])) or "–", ", ".join(partner.get(n, [])) or "–"] for n in names]
    return [Heading("Akteursverzeichnis", 2),
            text("Vorläufig aus den Maßnahmen; das vollständige Verzeichnis mit Kontakten entsteht in Stufe 2.",
                 "note"),
            Table(["Akteur", "federführend bei", "Partner bei"], rows, "Akteure der Maßnahmen", font_pt=8)]
