"""The chapters of stages without content: „Bestands- und Bedarfsanalyse, Prozessqualität“ (stage 2, while the
workbook lists no offers and actors; with them `inventory` writes the chapter) and „Umsetzung, Monitoring und
Fortschreibung“ (stage 5, while there is no planning workbook; with one `monitoring` writes the chapter). Each is a
short, clearly marked chapter saying what is missing and what fills it, with what the plan already holds (the
actors named in the measures) — never silently absent."""
from __future__ import annotations

import datetime as dt

from toolkit import fmt
from toolkit.konzept.model import Heading, missing, text
from toolkit.plan import Plan

STAGE_2 = ("Tragen Sie Angebote, Akteure, Gremien und Beteiligung in die Blätter „Angebote“, „Akteure“, „Gremien“, "
           "„Mitgliedschaften“ und „Beteiligung“ der Planungsmappe ein – in Excel oder in der Trainings-App zum "
           "Notebook „02_bestandsanalyse“ (Stufe 2). Dann füllt „ikpe konzept“ diesen Teil aus der Planungsmappe.")
STAGE_5 = ("Geben Sie „ikpe konzept“ die Planungsmappe mit (--plan planung.xlsx): Dann schreibt es aus ihr "
           "Berichtsweg, Ampelregeln, die Indikatoren der Handlungsziele und – sobald Sachstände gemeldet sind "
           "(Notebook „05_monitoring“, „ikpe monitoring einlesen“) – den Stand der Umsetzung.")


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


def monitoring(stand: dt.date) -> list:
    """Without a planning workbook there is nothing to monitor yet: what belongs here and what fills it."""
    return [Heading("Umsetzung, Monitoring und Fortschreibung", 1, "monitoring"),
            *missing("Berichtsweg, Ampelregeln und Sachstände der Maßnahmen fehlen noch.", STAGE_5,
                     ["Berichtsweg: Sachstandsabfrage bei den Federführenden, Umsetzungsbericht an den Kreistag",
                      "Ampelregeln: wann eine Maßnahme grün, gelb, rot oder grau (nicht bewertet) ist",
                      "Indikatoren der Handlungsziele mit Richtung, Basis- und Zielwert und Kurs",
                      f"Nächste Fortschreibung: Vorschlag bis {fmt.date(dt.date(stand.year + 2, 12, 31))}"])]
