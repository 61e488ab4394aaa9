"""The Umsetzungsbericht as a document of `toolkit.konzept.model` blocks (the concept's Word and HTML writers render
it): cover, Zusammenfassung, Umsetzungsstand je Handlungsfeld (landscape), Ziele und Indikatoren with the charts,
changes since the previous report, Beschlussvorschlag, the rules. Text goes in as typed; the writers escape it."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from toolkit import fmt
from toolkit.konzept.model import (
    Bullets,
    Contents,
    Document,
    Heading,
    Orientation,
    PageBreak,
    Paragraph,
    Table,
    figure,
    text,
)
from toolkit.monitoring.bericht import TITLE, Facts, field_order, summary_tables
from toolkit.monitoring.kurs import KURS
from toolkit.plan import AMPEL, NO_FIELD, as_date, cell_text, date_text, is_empty, is_number

NO_REPORT = "noch kein Sachstand gemeldet"
#: The sign before a light's name; the writers colour it (`bericht.colour_html`, `bericht.colour_word`).
DOT = "\u25cf"
EDIT = "Vorschlagstext – bitte an die Beschlussvorlage des Kreises anpassen."


def document(f: Facts) -> Document:
    doc = Document(f"{TITLE} {f.kreis}", f.kreis, f.stichtag.isoformat())
    doc.add(*cover(f), Orientation(True), *summary(f), PageBreak(), *measures(f), PageBreak(), *indicators(f),
            Orientation(True), *changed(f), Orientation(False), *resolution(f), PageBreak(), *rules(f))
    return doc


def _chapter(label: str, anchor: str) -> Heading:
    """A chapter heading, listed in the contents. The HTML breaks the page before it (the concept's CSS); in Word
    the caller's PageBreak or turn of the page does (in the HTML the two fall on the same break)."""
    return Heading(label, 1, anchor)


def light(value) -> str:
    """„● rot“ for a light, other text as it is."""
    name = cell_text(value)
    return f"{DOT} {name}" if name in AMPEL else name


def council(kreis: str) -> str:
    return "Stadtrat" if kreis.startswith("Stadt ") else "Kreistag"


# --- cover and summary ------------------------------------------------------------------------------------------

def cover(f: Facts) -> list:
    blocks = [Paragraph([(TITLE, "")], "title"),
              Paragraph([("zum Integrationskonzept", "")], "subtitle"),
              Paragraph([(f.kreis, "")], "subtitle"),
              Paragraph([("Stichtag: ", "b"), (fmt.date(f.stichtag), "b")]),
              text(f"Berichtszeitraum: {fmt.date(f.vorher + dt.timedelta(days=1))} bis {fmt.date(f.stichtag)}"
                   if f.vorher else "Erster Bericht: ein früherer Sachstand liegt nicht vor."),
              text(f"Vorlage für den {council(f.kreis)}")]
    version = _fassung(f)
    if version:
        blocks.append(text(version))
    made = f"Erstellt mit dem IKPE-Werkzeugkasten am {fmt.date(dt.date.today())}"
    blocks += [text(f"{made} aus der Planungsmappe „{f.plan.source.name}“." if f.plan.source else f"{made}.", "note"),
               Paragraph([("Inhalt", "b")]), Contents()]
    return blocks


def _fassung(f: Facts) -> str:
    """„Grundlage: Fassung 2 des Integrationskonzepts, gültig 01.01.2026 bis 31.12.2030; Beschluss: …“ — the
    Fassung valid on the Stichtag (else the last row of the sheet „Fassung“); "" without one."""
    sheet = f.plan.fassung
    if not len(sheet):
        return ""

    def valid(row) -> bool:
        start, end = _date(row["Gültig ab"]), _date(row["Gültig bis"])
        return (start is None or start <= f.stichtag) and (end is None or f.stichtag <= end)
    row = next((r for _, r in sheet[::-1].iterrows() if valid(r)), sheet.iloc[-1])
    text_ = f"Grundlage: Fassung {cell_text(row['Version'])} des Integrationskonzepts"
    period = " bis ".join(filter(None, [date_text(row["Gültig ab"]), date_text(row["Gültig bis"])]))
    text_ += f", gültig {period}" if period else ""
    return text_ + (f"; Beschluss: {cell_text(row['Beschluss'])}" if cell_text(row["Beschluss"]) else "")


def _date(value) -> dt.date | None:
    try:
        return None if is_empty(value) else as_date(value)
    except ValueError:
        return None


def summary(f: Facts) -> list:
    """One landscape page: the key counts in words and two tables per Handlungsfeld."""
    status, lights = summary_tables(f)
    total, light_total = status.loc["Summe"], lights.loc["Summe"]
    running = int(total.get("begonnen", 0) + total.get("fortlaufend", 0))
    waiting = int(total.get("nicht begonnen", 0) + total.get("in Vorbereitung", 0))
    n_fields = sum(name not in ("Summe", NO_FIELD) for name in status.index)
    lines = [f"Zum Stichtag {fmt.date(f.stichtag)} umfasst der Plan {_n(len(f.lights), 'Maßnahme', 'Maßnahmen')} in "
             f"{_n(n_fields, 'Handlungsfeld', 'Handlungsfeldern')}: {fmt.number(int(total.get('abgeschlossen', 0)))} "
             f"abgeschlossen, {fmt.number(running)} in Umsetzung (begonnen oder fortlaufend), {fmt.number(waiting)} "
             f"noch nicht begonnen oder in Vorbereitung, {fmt.number(int(total.get('entfallen', 0)))} entfallen.",
             "Ampel der Maßnahmen: " + ", ".join(f"{fmt.number(int(light_total.get(a, 0)))} {a}" for a in AMPEL)
             + "."]
    if len(f.course):
        lines.append(f"Von {_n(len(f.course), 'Handlungsziel', 'Handlungszielen')} mit Indikator "
                     f"{'ist' if len(f.course) == 1 else 'sind'} "
                     + ", ".join(f"{fmt.number(int(light_total.get(k, 0)))} {k}" for k in KURS[:3])
                     + f" und {fmt.number(int(light_total.get(KURS[3], 0)))} ohne Daten (noch kein Wert nach dem "
                       "Basisjahr).")
    else:
        lines.append("Kein Handlungsziel hat einen Indikator mit Basis- und Zielwert; ob die Ziele auf Kurs sind, "
                     "wird daher nicht bewertet.")
    blocks = [_chapter("Zusammenfassung", "zusammenfassung"), Bullets([[(line, "")] for line in lines]),
              count_table(status, "Maßnahmen nach Status je Handlungsfeld"),
              count_table(lights, "Maßnahmen nach Ampel und Handlungsziele nach Kurs je Handlungsfeld")]
    return blocks


def _n(count: int, one: str, many: str) -> str:
    return f"{fmt.number(count)} {one if count == 1 else many}"


def count_table(table: pd.DataFrame, caption: str, notes: list[str] = ()) -> Table:
    header = [table.index.name or "", *map(str, table.columns)]
    rows = [[str(name), *(fmt.number(v) if is_number(v) else light(v) for v in values)]
            for name, values in zip(table.index, table.itertuples(index=False))]
    right = [False] + [pd.api.types.is_numeric_dtype(table[c]) for c in table.columns]
    return Table(header, rows, caption, list(notes), row_headers=True, right=right, font_pt=7.5)


# --- measures -----------------------------------------------------------------------------------------------------

MEASURE_HEADER = ["Maßnahme", "Federführung", "Status", "Letzter Sachstand", "Nächster Schritt", "Ampel"]


def measures(f: Facts) -> list:
    """One table per Handlungsfeld (in the sheet's order): every measure of the plan once, with its latest status."""
    blocks = [_chapter("Umsetzungsstand der Maßnahmen", "massnahmen"),
              text(f"Je Handlungsfeld jede Maßnahme mit ihrem letzten Sachstand bis zum Stichtag "
                   f"{fmt.date(f.stichtag)}. Die Ampel bewertet Status, Fortschritt gegenüber der verstrichenen "
                   "Laufzeit und die Aktualität der Meldung; wo sie von Hand gesetzt wurde, steht die Begründung "
                   "dabei. Die Ampel eines Handlungsfelds fasst die Ampeln seiner Maßnahmen und den Kurs seiner Ziele "
                   "zusammen.")]
    if f.warnings:
        blocks += [Paragraph([("Hinweise zu den Daten", "b")], "note"),
                   Bullets([[(w, "")] for w in f.warnings], "note")]
    for name in field_order(f.plan):
        ids = [i for i, where in zip(f.lights.index, f.lights["Handlungsfeld"]) if where == name]
        if not ids:
            continue
        blocks.append(Heading(name, 2, numbered=False))
        if name in f.fields.index:
            blocks.append(Paragraph([("Handlungsfeld insgesamt: ", "b"), (light(f.fields.loc[name, "Ampel"]), "b"),
                                     (" – " + cell_text(f.fields.loc[name, "Satz"]), "")]))
        blocks.append(Table(MEASURE_HEADER, [_measure_row(i, f.lights.loc[i]) for i in ids],
                            f"Umsetzungsstand im Handlungsfeld „{name}“", strong_first_line=[0, 3, 5], font_pt=8.0))
    return blocks


def _measure_row(ident: str, row: pd.Series) -> list[str]:
    status = cell_text(row["Status"])
    if is_number(row.get("Fortschritt (%)")):
        status += f"\n{fmt.percent(row['Fortschritt (%)'], 0)} umgesetzt"
    report = (f"{date_text(row['Datum'])}\n{cell_text(row['Sachstand'])}".rstrip() if not is_empty(row["Datum"])
              else NO_REPORT)
    return [f"{ident}\n{cell_text(row['Titel'])}", cell_text(row["Federführung"]), status, report,
            cell_text(row["Nächster Schritt"]), f"{light(row['Ampel'])}\n{cell_text(row['Satz'])}".rstrip()]


# --- goals and indicators -------------------------------------------------------------------------------------------

#: Width of an indicator chart on paper: two with their sentences on a portrait page.
CHART_CM = 12.5
GOAL_HEADER = ["Ziel", "Indikator", "Ausgangswert", "Zielwert", "Istwert", "Soll", "Kurs", "Ampel"]


def indicators(f: Facts) -> list:
    """The goals against their path (landscape table), then each indicator's chart with its sentence."""
    from toolkit.monitoring import figures
    blocks = [_chapter("Ziele und Indikatoren", "indikatoren")]
    if not len(f.course):
        return blocks + [text("Kein Handlungsziel hat einen Indikator mit Basis- und Zielwert. Tragen Sie in der "
                              "Planungsmappe (Blatt „Ziele“) Indikator, Basisjahr, Basiswert, Zielwert und Zieldatum "
                              "ein, dann zeigt der Bericht, ob die Ziele auf Kurs sind.", "missing"),
                         Orientation(False)]
    blocks.append(text("Für jedes Handlungsziel mit Indikator: Ausgangs- und Zielwert aus der Planungsmappe, der "
                       "letzte Istwert aus den amtlichen bzw. eigenen Daten und der Sollwert auf dem geraden Weg vom "
                       "Ausgangs- zum Zielwert. Die Ampel des Ziels fasst Kurs und Maßnahmen zusammen."))
    rows = [_goal_row(ident, row, f.goals) for ident, row in f.course.iterrows()]
    blocks += (Table(GOAL_HEADER, rows, "Handlungsziele: Ist gegenüber Soll", strong_first_line=[0],
                     right=[False, False, True, True, True, True, False, False], font_pt=8.0),
               Orientation(False), Heading("Die Indikatoren im Verlauf", 2, "verlauf", numbered=False),
               text("Je Handlungsziel die Werte des Indikators, der Ausgangswert, der gerade Weg zum Zielwert und die "
                    "Beginne der Maßnahmen, die dem Ziel dienen; in der Bildunterschrift, was das für den Kurs "
                    "heißt."))
    without = []
    for ident, row in f.course.iterrows():
        values = f.series.get(cell_text(row["Indikator"]))
        if values is None or not values.notna().any():
            without.append(f"{ident}: {cell_text(row['Satz'])}")
            continue
        chart = figures.indicator_chart(row, values, f.plan)
        caption = f"{ident} – {cell_text(row['Bezeichnung']) or cell_text(row['Indikator'])}"
        # the sentence in the caption's second part, so that it stays with its chart (whose footer has the sources)
        blocks.append(figure(chart, caption, cell_text(row["Satz"]), CHART_CM))
    if without:
        blocks += [Paragraph([("Ohne Werte des Indikators (keine Abbildung)", "b")]),
                   Bullets([[(w, "")] for w in without])]
    return blocks


def _goal_row(ident: str, row: pd.Series, goals: pd.DataFrame) -> list[str]:
    unit = cell_text(row["Einheit"])

    def value(amount, when) -> str:
        shown = fmt.value(amount, unit) if is_number(amount) else fmt.EMPTY
        return f"{shown} ({when})" if shown != fmt.EMPTY and when else shown
    shown = light(goals["Ampel"].get(ident)) if ident in goals.index else ""
    return [f"{ident}\n{cell_text(row['Zieltext'])}", cell_text(row["Bezeichnung"]) or cell_text(row["Indikator"]),
            value(row["Basiswert"], cell_text(row["Basisjahr"])), value(row["Zielwert"], date_text(row["Zieldatum"])),
            value(row["Istwert"], cell_text(row["Istjahr"])), value(row["Sollwert"], ""), cell_text(row["Kurs"]),
            shown]


# --- changes, resolution, rules ---------------------------------------------------------------------------------

def changed(f: Facts) -> list:
    blocks = [_chapter("Was sich seit dem letzten Bericht geändert hat", "aenderungen")]
    if f.vorher is None:
        return blocks + [text("Dies ist der erste Bericht: Im Blatt „Sachstand“ gibt es vor dem Stichtag keinen "
                              "früheren Meldetermin, mit dem er sich vergleichen ließe.")]
    c = f.changes
    titles = {cell_text(i): cell_text(t) for i, t in zip(f.plan.massnahmen["ID"], f.plan.massnahmen["Titel"])}
    blocks.append(text(f"Verglichen wird der Stand vom {fmt.date(f.vorher)} (voriger Bericht) mit dem Stichtag "
                       f"{fmt.date(f.stichtag)}: {_n(len(c.status), 'Statusänderung', 'Statusänderungen')}, "
                       f"{_n(len(c.ampel), 'geänderte Ampel', 'geänderte Ampeln')}, "
                       f"{_n(len(c.new), 'neue Sachstandsmeldung', 'neue Sachstandsmeldungen')}."))
    blocks.append(Heading("Geänderter Status", 2, numbered=False))
    blocks.append(Table(["Maßnahme", "Status vorher", "Status jetzt"],
                        [[f"{i}\n{r['Titel']}", r["vorher"], r["jetzt"]] for i, r in c.status.iterrows()],
                        "Maßnahmen mit geändertem Status", strong_first_line=[0], font_pt=8.5)
                  if len(c.status) else text("Kein Status hat sich geändert."))
    blocks.append(Heading("Geänderte Ampel", 2, numbered=False))
    blocks.append(Table(["Maßnahme", "Ampel vorher", "Ampel jetzt", "Begründung"],
                        [[f"{i}\n{r['Titel']}", light(r["vorher"]), light(r["jetzt"]), cell_text(r["Satz"])]
                         for i, r in c.ampel.iterrows()],
                        "Maßnahmen mit geänderter Ampel", strong_first_line=[0], font_pt=8.5)
                  if len(c.ampel) else text("Keine Ampel hat sich geändert."))
    blocks.append(Heading("Neue Sachstandsmeldungen", 2, numbered=False))
    rows = [[date_text(r["Datum"]), f"{cell_text(r['Maßnahme-ID'])}\n{titles.get(cell_text(r['Maßnahme-ID']), '')}",
             cell_text(r["Status"]) + (f"\n{fmt.percent(r['Fortschritt (%)'], 0)}"
                                       if is_number(r["Fortschritt (%)"]) else ""),
             cell_text(r["Sachstand"]), cell_text(r["Gemeldet von"])] for _, r in c.new.iterrows()]
    blocks.append(Table(["Datum", "Maßnahme", "Status", "Sachstand", "Gemeldet von"], rows,
                        f"Sachstandsmeldungen nach dem {fmt.date(f.vorher)} bis zum {fmt.date(f.stichtag)}",
                        strong_first_line=[1], font_pt=8.5)
                  if rows else text("Seit dem vorigen Bericht wurde kein neuer Sachstand gemeldet."))
    return blocks


def resolution_text(f: Facts) -> str:
    return (f"Der {council(f.kreis)} nimmt den Umsetzungsbericht zum Integrationskonzept mit dem Stichtag "
            f"{fmt.date(f.stichtag)} zur Kenntnis.")


def resolution(f: Facts) -> list:
    status = f.lights["Status"].map(cell_text)
    late = int((f.lights["Ampel"].map(cell_text) == "rot").sum())
    return [_chapter("Beschlussvorschlag", "beschluss"), text(EDIT, "todo"),
            Paragraph([(resolution_text(f), "b")]),
            Paragraph([("Begründung: ", "b"),
                       (f"Die Verwaltung berichtet dem {council(f.kreis)} regelmäßig über die Umsetzung des "
                        f"Integrationskonzepts. Zum Stichtag {fmt.date(f.stichtag)} sind "
                        f"{_n(int((status == 'abgeschlossen').sum()), 'Maßnahme', 'Maßnahmen')} abgeschlossen und "
                        f"{fmt.number(int(status.isin(['begonnen', 'fortlaufend']).sum()))} in Umsetzung; "
                        f"{fmt.number(late)} {'steht' if late == 1 else 'stehen'} auf Rot. Die Einzelheiten stehen "
                        "in den Tabellen je Handlungsfeld.", "")])]


def rules(f: Facts) -> list:
    return [_chapter("Anhang: Wie Ampel und Kurs bestimmt werden", "regeln"),
            text("Die Regeln stehen an einer Stelle und gelten für alle Maßnahmen und Ziele gleich:"),
            Bullets([[(line, "")] for line in f.rules])]
