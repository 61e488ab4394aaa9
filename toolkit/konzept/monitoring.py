"""Chapter „Umsetzung, Monitoring und Fortschreibung“ from stage 5: how the Sachstand is collected and reported,
the rules of Ampel and Kurs (as the district's monitoring applies them), the Handlungsziele's indicators with their
direction and, where the data allow, their course, the state of implementation when the Sachstand log has rows,
and the validity of this Fassung with the next Fortschreibung; in the annex the Änderungsprotokoll of a
Fortschreibung against the Fassung before it."""
from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.konzept.model import Bullets, Heading, Orientation, Paragraph, Table, text
from toolkit.plan import AMPEL, Plan, cell_text, date_text, is_number

logger = logging.getLogger(__name__)

REPORTING = ("Die Federführenden melden den Sachstand ihrer Maßnahmen zweimal im Jahr, zum 30. Juni und zum "
             "31. Dezember, in einer kurzen Excel-Abfrage mit ihren Maßnahmen („ikpe monitoring abfrage“). Das "
             "Integrationsmanagement liest die Antworten in die Planungsmappe ein („ikpe monitoring einlesen“); "
             "jede Meldung bleibt mit Datum erhalten. Einmal im Jahr legt es dem Kreistag einen Umsetzungsbericht "
             "vor („ikpe monitoring bericht“): den Stand jeder Maßnahme mit Ampel, die Indikatoren der "
             "Handlungsziele gegen ihren Zielpfad und was sich seit dem letzten Bericht geändert hat.")
EDIT = "Vorschlagstext – Termine und Berichtsweg bitte an den eigenen Kreis anpassen."
COURSE_HEADER = ["Ziel", "Indikator", "Richtung", "Ausgangswert", "Zielwert", "Istwert", "Kurs"]


def chapter(plan: Plan, series: dict[str, pd.Series], stand: dt.date, period: tuple[int, int]) -> list:
    """The chapter for a plan; `series` the district's indicator values by year (the newest data), `stand` the day
    the course and the lights are judged on, `period` the concept's Geltungszeitraum (years)."""
    from toolkit.monitoring import bericht, kurs, regeln
    rules = regeln.load(None)
    dates = [d for d in bericht.log_dates(plan) if d <= stand]
    blocks = [Heading("Umsetzung, Monitoring und Fortschreibung", 1, "monitoring"), text(EDIT, "todo"),
              Heading("Berichtsweg", 2), text(REPORTING),
              text(f"Bisher gemeldet: Sachstände zum {_dates(dates)}." if dates else
                   "Ein Sachstand ist noch nicht gemeldet; die erste Abfrage folgt zum nächsten Stichtag.", "note"),
              Heading("Ampel und Kurs", 2),
              text("Jede Maßnahme bekommt eine Ampel, jedes Handlungsziel mit Indikator einen Kurs. Die Regeln gelten "
                   "für alle gleich:"),
              Bullets([[(line, "")] for line in regeln.describe(rules)])]
    course = kurs.goal_course(plan, series, stand, rules)
    blocks += [Heading("Indikatoren der Handlungsziele", 2), *_course(course)]
    if dates:
        blocks += [Heading("Stand der Umsetzung", 2), *_state(plan, series, stand, rules)]
    return blocks + [Heading("Fortschreibung", 2), _validity(plan, period)]


def _dates(dates: list[dt.date]) -> str:
    shown = [fmt.date(d) for d in dates]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " und " + shown[-1]


def _course(course: pd.DataFrame) -> list:
    """The goals' indicators: which way is progress, from where to where, the latest value and the course."""
    if course.empty:
        return [text("Kein Handlungsziel hat einen Indikator. Tragen Sie im Blatt „Ziele“ Indikator, Basisjahr, "
                     "Basiswert, Zielwert und Zieldatum ein (Stufe 3); dann steht hier, woran der Kreis den Erfolg "
                     "misst.", "missing")]

    def value(amount, when, unit) -> str:
        shown = fmt.value(amount, unit) if is_number(amount) else fmt.EMPTY
        return f"{shown} ({when})" if shown != fmt.EMPTY and when else shown
    rows = [[ident, cell_text(r["Bezeichnung"]) or cell_text(r["Indikator"]), cell_text(r["Richtung"]),
             value(r["Basiswert"], cell_text(r["Basisjahr"]), cell_text(r["Einheit"])),
             value(r["Zielwert"], date_text(r["Zieldatum"]), cell_text(r["Einheit"])),
             value(r["Istwert"], cell_text(r["Istjahr"]), cell_text(r["Einheit"])), cell_text(r["Kurs"])]
            for ident, r in course.iterrows()]
    return [text("Woran der Kreis den Erfolg seiner Handlungsziele misst: je Ziel der Indikator, in welche Richtung "
                 "er sich verbessert, Ausgangs- und Zielwert aus der Planungsmappe und der neueste Istwert."),
            Table(COURSE_HEADER, rows, "Indikatoren der Handlungsziele mit Richtung und Kurs", font_pt=8,
                  right=[False, False, False, True, True, True, False],
                  notes=["Kurs: Istwert gegen den geraden Weg vom Ausgangs- zum Zielwert (Regeln oben); „keine "
                         "Daten“, solange nach dem Basisjahr kein Wert vorliegt."])]


def _state(plan: Plan, series: dict[str, pd.Series], stand: dt.date, rules) -> list:
    """The Umsetzungsbericht's summary as of `stand`: the measures' lights and the goals' course per Handlungsfeld."""
    from toolkit.monitoring import bericht, bericht_doc
    facts = bericht.gather(plan, series, "", stand, regeln=rules)
    _, lights = bericht.summary_tables(facts)
    status = facts.lights["Status"].map(cell_text)
    return [text(f"Stand {fmt.date(stand)}: {fmt.number(len(status))} Maßnahmen, davon abgeschlossen: "
                 f"{fmt.number(int((status == 'abgeschlossen').sum()))}, in Umsetzung: "
                 f"{fmt.number(int(status.isin(['begonnen', 'fortlaufend']).sum()))}. Einzelheiten je Maßnahme stehen "
                 "im Umsetzungsbericht („ikpe monitoring bericht“)."),
            bericht_doc.count_table(lights[[*AMPEL, "Ampel des Handlungsfelds"]], "Maßnahmen nach Ampel je "
                                    "Handlungsfeld", ["grau: entfallen, nicht bewertet. Die Ampel des Handlungsfelds "
                                                      "fasst die Ampeln seiner Maßnahmen und den Kurs seiner Ziele "
                                                      "zusammen."])]


def _validity(plan: Plan, period: tuple[int, int]) -> Paragraph:
    from toolkit.monitoring import fortschreibung
    version, start, end = fortschreibung.current(plan)
    if plan.fassung.empty or not end:
        return text(f"Das Konzept gilt für {period[0]}–{period[1]}. Spätestens zum Ende dieses Zeitraums wird es "
                    "fortgeschrieben („ikpe plan fortschreiben“): jede Maßnahme wird überprüft, Ziele und Maßnahmen "
                    "werden angepasst; was sich ändert, steht im Änderungsprotokoll (Anhang).")
    begins = f"vom {fmt.date(start)} " if start else ""
    return text(f"Dies ist Fassung {version} des Konzepts; sie gilt {begins}bis zum {fmt.date(end)}. Bis dahin "
                "legt die Verwaltung eine Fortschreibung vor („ikpe plan fortschreiben“), in der jede Maßnahme "
                "überprüft wird; was sich ändert, steht im Änderungsprotokoll (Anhang).")


def protocol(plan: Plan | None) -> list:
    """The Änderungsprotokoll against the Fassung before this one (the file the sheet „Fassung“ names beside the
    workbook), or a note that this is the first Fassung or why the earlier one could not be compared."""
    from toolkit.monitoring import fortschreibung
    from toolkit.plan import load_plan
    blocks = [Heading("Änderungsprotokoll", 2)]
    named = _previous(plan)
    if not named:
        return blocks + [text("Erste Fassung: Ein Änderungsprotokoll entsteht mit der ersten Fortschreibung "
                              "(„ikpe plan fortschreiben“).", "note")]
    before = plan.source.parent / named
    try:
        changes = fortschreibung.compare(load_plan(before), plan)
    except UserError as error:
        logger.warning("Änderungsprotokoll: %s", error)
        return blocks + [text(f"Die Vorgängerfassung „{named}“ (Blatt „Fassung“) ließ sich neben der Planungsmappe "
                              f"nicht lesen: {error.message} Legen Sie sie in denselben Ordner; dann steht hier, was "
                              "sich geändert hat (auch: „ikpe plan vergleichen ALT NEU“).", "missing")]
    doc = fortschreibung.protocol_document(changes, "Änderungsprotokoll")
    body = [b for b in doc.blocks if isinstance(b, (Table, Paragraph))][1:]     # without its „Stand“ line
    if changes.empty:
        return blocks + body
    return [Orientation(True), *blocks, *body, Orientation(False)]


def _previous(plan: Plan | None) -> str:
    """The file name of the Fassung before the plan's current one, as the sheet „Fassung“ names it ("" for none)."""
    if plan is None or plan.source is None or plan.fassung.empty:
        return ""
    names = [cell_text(v) for v in plan.fassung["Vorgängerfassung"] if cell_text(v)]
    return names[-1] if names else ""
