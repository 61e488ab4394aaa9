"""The chapters of stages without content: „Bestands- und Bedarfsanalyse, Prozessqualität“ (stage 2, while the
workbook lists no offers and actors; with them `inventory` writes the chapter) and „Umsetzung, Monitoring und
Fortschreibung“ (stage 5, not in the toolkit yet). Each is a short, clearly marked chapter saying what is missing
and what fills it, with what the plan already holds (the actors named in the measures; the Handlungsziele'
indicators with their direction) — never silently absent."""
from __future__ import annotations

import datetime as dt

from toolkit import fmt
from toolkit.konzept.model import Heading, Table, missing, text
from toolkit.plan import Plan, cell_text, date_text, indicator, is_number

STAGE_2 = ("Tragen Sie Angebote, Akteure, Gremien und Beteiligung in die Blätter „Angebote“, „Akteure“, „Gremien“, "
           "„Mitgliedschaften“ und „Beteiligung“ der Planungsmappe ein – in Excel oder in der Trainings-App zum "
           "Notebook „02_bestandsanalyse“ (Stufe 2). Dann füllt „ikpe konzept“ diesen Teil aus der Planungsmappe.")
STAGE_5 = ("Stufe 5 des Kurses (Projekt-Monitoring und Fortschreibung) gibt es im Werkzeugkasten noch nicht; das "
           "Blatt „Status“ der Planungsmappe ist dafür vorgesehen. Bis dahin tragen Sie Berichtsweg und "
           "Ampelregeln in Word ein; mit dem Notebook „05_monitoring“ füllt „ikpe konzept“ diesen Teil.")


def inventory(plan: Plan | None) -> list:
    blocks = [Heading("Bestands- und Bedarfsanalyse, Prozessqualität", 1, "bestandsanalyse"),
              *missing("Angebote, Akteure, Lücken und die Beteiligung an der Erarbeitung sind noch nicht erfasst.",
                       STAGE_2,
                       ["Bestandsanalyse: welche Angebote es gibt, wen sie erreichen, wo sie liegen",
                        "Bedarfsanalyse: was fehlt (Lückenmatrix Angebot × Zielgruppe × Gemeinde)",
                        "Netzwerk und Gremien: Steuerungsgruppe, Arbeitskreise, wer mit wem zusammenarbeitet",
                        "Beteiligung: Workshops, Befragungen, Migrantenorganisationen und Zivilgesellschaft"])]
    if plan is not None and len(plan.massnahmen):
        blocks.append(text("Vorläufig: Die Akteure, die in den Maßnahmen als federführend oder als Partner genannt "
                           "sind, stehen im Anhang „Akteursverzeichnis“.", "note"))
    return blocks


def monitoring(plan: Plan | None, stand: dt.date) -> list:
    blocks = [Heading("Umsetzung, Monitoring und Fortschreibung", 1, "monitoring"),
              *missing("Berichtsweg, Ampelregeln und Statusmeldungen zu den Maßnahmen fehlen noch.", STAGE_5,
                       ["Berichtszyklus: z. B. jährlicher Umsetzungsbericht an den Kreistag",
                        "Ampelregeln: wann eine Maßnahme grün, gelb, rot oder grau (nicht bewertbar) ist",
                        "Indikatoren mit Richtung, Basis- und Zielwert (Vorschlag unten)",
                        f"Nächste Fortschreibung: Vorschlag bis {fmt.date(dt.date(stand.year + 2, 12, 31))}"])]
    table = direction_table(plan) if plan is not None else None
    if table is not None:
        blocks += [Heading("Indikatoren der Handlungsziele", 2), table]
    return blocks


def direction_table(plan: Plan) -> Table | None:
    """Every Handlungsziel with an indicator: which way it should move, from where, to where, by when."""
    rows = []
    for _, g in plan.ziele.iterrows():
        gid, ind = cell_text(g["ID"]), cell_text(g["Indikator"])
        if cell_text(g["Ebene"]) != "Handlungsziel" or not ind:
            continue
        found = indicator(plan, ind)
        base, target = g["Basiswert"], g["Zielwert"]
        way = ("steigen" if target > base else "sinken" if target < base else "halten") \
            if is_number(base) and is_number(target) else "–"
        rows.append([gid, found.name if found else ind, found.unit if found else "–", way,
                     date_text(g["Zieldatum"]) or "–"])
    if not rows:
        return None
    return Table(["Ziel", "Indikator", "Einheit", "soll", "bis"], rows,
                 "Indikatoren der Handlungsziele mit ihrer Richtung", font_pt=8,
                 notes=["Richtung aus Basis- und Zielwert der Planungsmappe (Werte: Kapitel Handlungsstrategie)."])
