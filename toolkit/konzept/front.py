"""Deckblatt, Impressum, Zusammenfassung and „Auftrag und Integrationsverständnis“."""
from __future__ import annotations

import datetime as dt
import re

from toolkit import datenanalyse as da
from toolkit import fmt
from toolkit.konzept.model import Bullets, Contents, Heading, PageBreak, Paragraph, from_markdown, text
from toolkit.konzept.sources import Sources
from toolkit.plan import Plan, as_date, cell_text

LICENCE = ("Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0, "
           "www.govdata.de/dl-de/by-2-0)")
AUFTRAG = ("Der Kreistag hat die Verwaltung beauftragt, ein kommunales Integrationskonzept zu erarbeiten. Es "
           "beschreibt, wie Menschen mit Einwanderungsgeschichte und die aufnehmende Gesellschaft im Kreis gut "
           "zusammenleben, und legt fest, mit welchen Zielen und Maßnahmen Verwaltung, Träger und Zivilgesellschaft "
           "daran in den nächsten Jahren arbeiten. Gefördert wird die Erarbeitung im Rahmen der ESF-"
           "Armutspräventionsrichtlinie des Freistaats Thüringen (ThILIK).")
VERSTAENDNIS = ("Integration verstehen wir als gleichberechtigte Teilhabe aller Menschen am gesellschaftlichen, "
                "wirtschaftlichen, kulturellen und politischen Leben – als Aufgabe der ganzen Gesellschaft, nicht "
                "allein der Zugewanderten. Integration ist eine Querschnittsaufgabe aller Fachbereiche der "
                "Verwaltung.")
EDIT = "Vorschlagstext – bitte an den eigenen Kreis anpassen."


def title(name: str) -> str:
    """The district as a title says it: „Musterland, Kreis“ → „Landkreis Musterland“, „Erfurt, krsfr. Stadt“ →
    „Stadt Erfurt“; other names as the statistics write them."""
    kreis = re.fullmatch(r"(.+?),\s*(?:Landkreis|Kreis)", name.strip())
    stadt = re.fullmatch(r"(.+?),\s*(?:krsfr\.|kreisfreie)\s*Stadt", name.strip())
    return f"Landkreis {kreis[1]}" if kreis else f"Stadt {stadt[1]}" if stadt else name.strip()


def period(plan: Plan | None, stand: dt.date) -> tuple[int, int]:
    """Geltungszeitraum: the current Fassung's (sheet „Fassung“), else the years the measures run, else five years
    from the Stand."""
    if plan is not None and not plan.fassung.empty:
        from toolkit.monitoring.fortschreibung import current
        _, start, end = current(plan)
        if start and end:
            return start.year, end.year
    dates = [as_date(v) for c in ("Beginn", "Ende") for v in (plan.massnahmen[c] if plan is not None else [])]
    years = [d.year for d in dates if d]
    return (min(years), max(years)) if years else (stand.year, stand.year + 4)


def cover(district: da.District, plan: Plan | None, stand: dt.date, sources: Sources) -> list:
    first, last = period(plan, stand)
    return [
        Paragraph([("Integrationskonzept", "")], "title"),
        Paragraph([(title(district.name), "")], "subtitle"),
        text(f"Stand: {fmt.date(stand)}"),
        text(f"Geltungszeitraum: {first}–{last}"),
        _resolution(plan),
        PageBreak(),
        Heading("Impressum", 1, "impressum", numbered=False),
        Paragraph([("Herausgeber: ", "b"), (f"{title(district.name)} – Integrationsmanagement [Anschrift, "
                                            "Ansprechperson bitte ergänzen]", "")], "todo"),
        Paragraph([("Erstellt mit dem IKPE-Werkzeugkasten ", ""), (f"am {fmt.date(dt.date.today())}.", "")]),
        Paragraph([("Datenquellen und Lizenzen", "b")]),
        Bullets([[(line, "")] for line in sources.copyright_lines()]),
        text(f"Die amtlichen Daten stehen unter der {LICENCE}. Die Angaben zu jeder Tabelle (Code, Titel, Stand, "
             "Jahre) stehen im Anhang „Datengrundlage“.", "note"),
        PageBreak(),
        Heading("Inhalt", 1, "inhalt", numbered=False),
        Contents(),
        PageBreak(),
    ]


def _resolution(plan: Plan | None) -> Paragraph:
    """The Beschlussvermerk: the current Fassung's Beschluss as the sheet „Fassung“ names it, else a field to fill."""
    said = ""
    if plan is not None and not plan.fassung.empty:
        from toolkit.monitoring.fortschreibung import current
        version = str(current(plan)[0])
        rows = plan.fassung[plan.fassung["Version"].map(cell_text) == version]
        said = cell_text(rows["Beschluss"].iloc[-1]) if len(rows) else ""
    if said:
        return Paragraph([("Beschlussvermerk: ", "b"), (said, "")])
    return Paragraph([("Beschlussvermerk: ", "b"), ("Beschlossen vom Kreistag am ________ (Beschluss-Nr. ________). "
                                                    "[bitte ausfüllen]", "")], "todo")


def summary(district: da.District, plan: Plan | None, stand: dt.date) -> list:
    blocks = [Heading("Zusammenfassung", 1, "zusammenfassung"),
              Paragraph([("Die wichtigsten Zahlen", "b")]), *from_markdown(da.key_facts(district))]
    if plan is None:
        return blocks + [text("Ohne Planungsmappe enthält dieses Konzept nur den Datenteil; Handlungsfelder, Ziele "
                              "und Maßnahmen folgen mit „ikpe konzept … --plan planung.xlsx“.", "missing")]
    from toolkit import massnahmenplanung as mp
    fields = [f for f, _ in mp.by_field(plan) if f != mp.NO_FIELD]
    levels = plan.ziele["Ebene"].map(cell_text).value_counts()
    money = mp.budget(plan)
    first, last = period(plan, stand)
    review = dt.date(stand.year + 1, 12, 31)
    blocks += [Paragraph([("Die Handlungsstrategie", "b")]), Bullets([[(line, "")] for line in [
        f"{len(plan.handlungsfelder)} Handlungsfelder, in {len(fields)} davon Maßnahmen",
        f"{fmt.number(len(plan.ziele))} Ziele: {levels.get('Leitziel', 0)} Leitziele, "
        f"{levels.get('Mittlerziel', 0)} Mittlerziele, {levels.get('Handlungsziel', 0)} Handlungsziele",
        f"{fmt.number(len(plan.massnahmen))} Maßnahmen, davon "
        f"{int((plan.massnahmen['Priorität'].map(cell_text) == 'Schwerpunkt').sum())} Schwerpunkt- und "
        f"{int((plan.massnahmen['Priorität'].map(cell_text) == 'Quick Win').sum())} Quick-Win-Maßnahmen",
        f"Sachkosten {first}–{last}: {fmt.euro(money.loc[mp.COSTS_TOTAL, 'Summe'])}, Personal "
        f"{fmt.exact(money.loc[mp.STAFF, 'Summe'], 1)} VZÄ-Jahre",
        f"Nächste Überprüfung: Bericht an den Kreistag bis {fmt.date(review)} (Vorschlag)"]])]
    return blocks


def mandate(plan: Plan | None) -> list:
    blocks = [Heading("Auftrag und Integrationsverständnis", 1, "auftrag"), text(EDIT, "todo"),
              Heading("Auftrag", 2), text(AUFTRAG), Heading("Integrationsverständnis", 2), text(VERSTAENDNIS)]
    leitbild = _leitbild(plan)
    if leitbild:
        blocks += [Heading("Leitbild", 2), *[text(line) for line in leitbild]]
    elif plan is not None:
        goals = [cell_text(g["Zieltext"]) for _, g in plan.ziele.iterrows() if cell_text(g["Ebene"]) == "Leitziel"]
        if goals:
            blocks += [Heading("Leitziele", 2),
                       text("Die Leitziele der Handlungsfelder aus der Planungsmappe (ein eigenes Leitbild kann als "
                            "Blatt „Leitbild“ in die Mappe eingefügt werden):", "note"),
                       Bullets([[(g, "")] for g in goals])]
    return blocks


def _leitbild(plan: Plan | None) -> list[str]:
    """The text cells of a sheet „Leitbild“ the district added to its workbook, top to bottom."""
    sheet = next((frame for name, frame in (plan.extra if plan is not None else {}).items()
                  if name.strip().lower() == "leitbild"), None)
    if sheet is None:
        return []
    return [t for t in (cell_text(v) for _, row in sheet.iterrows() for v in row) if t]
