"""Chapter „Handlungsstrategie“ from stages 3 and 4 (`toolkit.zielfindung`, `toolkit.massnahmenplanung`): per
Handlungsfeld the Ausgangslage, the goals Leitziel → Mittlerziele → Handlungsziele with baseline, target and date,
the measures (a landscape table sized to its content; what does not fit goes to the Maßnahmenblatt in the annex)
and the Begründungskette; then the timeline and the budget of the whole plan."""
from __future__ import annotations

import pandas as pd

from toolkit import datenanalyse as da
from toolkit import disclosure, fmt, indicators
from toolkit import massnahmenplanung as mp
from toolkit.konzept.analysis import sentences
from toolkit.konzept.model import Bullets, Heading, Orientation, Paragraph, Table, figure, text
from toolkit.plan import Plan, cell_text, date_text, goal_ids, indicator, is_number

#: The ten columns of a council paper's measure table in six: the goal under the ID, the Zielgruppe under the
#: description, the priority under the period, the funding under the costs. Each column must be as wide as its
#: longest word („Migrantenorganisationen“, „Verwaltungsgemeinschaften“); ten such columns would leave the measure
#: itself a finger's width and its rows a page long.
MEASURE_COLUMNS = ["ID / Ziel", "Maßnahme", "Federführung / Partner", "Zeitraum / Priorität", "Kosten / Finanzierung",
                   "Indikator"]
GOAL_COLUMNS = ["ID", "Ebene", "Ziel", "Indikator", "Basiswert", "Zielwert", "bis"]
COUNT_UNITS = ("anzahl", "personen")


def chapter(plan: Plan | None, district: da.District) -> list:
    blocks = [Heading("Handlungsstrategie", 1, "handlungsstrategie")]
    if plan is None:
        return blocks + [text("Ohne Planungsmappe gibt es noch keine Handlungsstrategie. So wird sie gefüllt: "
                              "„ikpe plan new planung.xlsx --handlungsfelder eisenach“, Ziele (Notebook "
                              "03_zielfindung) und Maßnahmen (Notebook 04_massnahmenplanung) eintragen, dann "
                              "„ikpe konzept … --plan planung.xlsx“.", "missing")]
    blocks.append(text("Je Handlungsfeld: die Ausgangslage in Zahlen, die Ziele vom Leitziel bis zu den messbaren "
                       "Handlungszielen und die Maßnahmen, die sie erreichen sollen. Jede Maßnahme steht mit allen "
                       "Angaben und ihrer Begründung als Maßnahmenblatt im Anhang."))
    blocks.append(Orientation(True))   # the fields' measure tables are wide: the fields print landscape
    read = sentences(district)
    measures = dict(mp.by_field(plan))
    for _, row in plan.handlungsfelder.iterrows():
        name = cell_text(row["Handlungsfeld"])
        goals = _goals(plan, name)
        if goals.empty and name not in measures:
            continue
        blocks += [Heading(name, 2), *([text(cell_text(row["Beschreibung"]))] if cell_text(row["Beschreibung"])
                                       else [])]
        found = [read[i] for i in district.indicator_ids() if i in read
                 and indicators.get(i).handlungsfeld == name][:3]
        blocks += [Heading("Ausgangslage", 3), Bullets(found) if found else
                   text("Die Datenanalyse hat für dieses Handlungsfeld keinen Indikator; die Ausgangslage steht in "
                        "der Bestands- und Bedarfsanalyse.", "note")]
        if not goals.empty:
            blocks += [Heading("Ziele", 3), goal_table(plan, goals, name)]
        if name in measures:
            blocks += [Heading("Maßnahmen", 3), measure_table(plan, name), *_chains(plan, goals, measures[name])]
    if mp.NO_FIELD in measures:
        blocks += [Heading(mp.NO_FIELD, 2), measure_table(plan, mp.NO_FIELD)]
    pages = mp.gantt_pages(plan)       # A4 pages of lines: a large plan never makes one giant picture
    blocks += [Heading("Zeitplan und Budget", 2),
               *(figure(page, "Zeitplan der Maßnahmen" + (f" ({i}/{len(pages)})" if len(pages) > 1 else ""),
                        "Planungsmappe", 16) for i, page in enumerate(pages, 1)),
               _budget(plan), Orientation(False)]
    return blocks


def _goals(plan: Plan, name: str) -> pd.DataFrame:
    """The field's goals, each Leitziel followed by its Mittlerziele and their Handlungsziele."""
    goals = plan.ziele[plan.ziele["Handlungsfeld"].map(cell_text) == name]
    ids = [cell_text(g) for g in goals["ID"]]
    parent = dict(zip(ids, goals["Übergeordnetes Ziel"].map(cell_text)))
    order: list[str] = []

    def walk(gid: str) -> None:
        order.append(gid)
        for child in ids:
            if parent[child] == gid and child not in order:
                walk(child)
    for gid in ids:
        if parent[gid] not in ids and gid not in order:
            walk(gid)
    order += [g for g in ids if g not in order]
    return goals.set_index(goals["ID"].map(cell_text)).loc[order]


def goal_table(plan: Plan, goals: pd.DataFrame, name: str) -> Table:
    rows = []
    for gid, g in goals.iterrows():
        found = indicator(plan, cell_text(g["Indikator"])) if cell_text(g["Indikator"]) else None
        unit = found.unit if found else ""
        base = _shown(g["Basiswert"], unit)
        rows.append([gid, cell_text(g["Ebene"]), cell_text(g["Zieltext"]), found.name if found else
                     cell_text(g["Indikator"]) or "–",
                     f"{base} ({cell_text(g['Basisjahr'])})" if base != "–" and cell_text(g["Basisjahr"]) else base,
                     _shown(g["Zielwert"], unit, hide=False), date_text(g["Zieldatum"]) or "–"])
    return Table(GOAL_COLUMNS, rows, f"Ziele im Handlungsfeld {name}", right=[False] * 4 + [True] * 3, font_pt=8,
                 notes=["Basiswert: Ausgangswert im Basisjahr; Zielwert bis zum Zieldatum. Quelle: Planungsmappe."])


def _shown(value, unit: str, hide: bool = True) -> str:
    """A baseline as German text; a count of people below the disclosure threshold as „.“."""
    if not is_number(value):
        return cell_text(value) or "–"
    if hide and unit.lower() in COUNT_UNITS and \
            disclosure.suppress(pd.Series([float(value)]), assume_totals_known=False).mask.iloc[0]:
        return disclosure.MARKER
    return fmt.value(value, unit, len(fmt.exact(value, 2).partition(",")[2]), with_unit=False)


def measure_table(plan: Plan, name: str) -> Table:
    """The field's measures: 10 columns in a landscape section, widths from their content (see `word`)."""
    catalogue = mp.catalogue_table(plan, name)
    rows = []
    for _, m in catalogue.iterrows():
        aims = ", ".join(line.split(" ", 1)[0] for line in m["Ziel(e)"].split("\n") if line)
        staff = m["Personal (VZÄ)"]
        costs = [m["Sachkosten"], f"{staff} VZÄ" if staff != "–" else "", m["Finanzierung"]]
        group = m["Zielgruppe(n)"]
        rows.append([f"{m['ID']}\n→ {aims}" if aims else m["ID"],
                     m["Maßnahme"] + (f"\nZielgruppe: {group}" if group != "–" else ""),
                     m["Federführung / Partner"], f"{m['Zeitraum']}\n{m['Priorität']}",
                     "\n".join(c for c in costs if c and c != "–") or "–", m["Indikator"]])
    return Table(MEASURE_COLUMNS, rows, f"Maßnahmen im Handlungsfeld {name}",
                 strong_first_line=[0, 1], font_pt=8,
                 notes=["ID / Ziel: die Maßnahme und das Handlungsziel, dem sie dient. Kosten: Sachkosten über die "
                        "Laufzeit, Personal in Vollzeitäquivalenten (VZÄ) und die Finanzierung. "
                        "Meilensteine, Wirkungsebene, Status und Begründung: Maßnahmenblätter im Anhang. "
                        "Quelle: Planungsmappe."])


def _chains(plan: Plan, goals: pd.DataFrame, measures: pd.DataFrame) -> list:
    """Begründungskette per Handlungsziel: its need and the measures serving it."""
    items, serves = [], {}
    for _, m in measures.iterrows():             # goal → the measures serving it, in one pass over the measures
        for target in goal_ids(m["Ziel-ID(s)"]):
            serves.setdefault(target, []).append(cell_text(m["ID"]))
    for gid, g in goals.iterrows():
        serving = serves.get(gid, [])
        if cell_text(g["Ebene"]) != "Handlungsziel" or not serving:
            continue
        need = cell_text(g["Bedarf/Begründung"]) or "kein Bedarf beschrieben"
        items.append([(f"{gid}: ", "b"), (f"{need} → {', '.join(serving)}", "")])
    return [Heading("Begründung", 3), Paragraph([("Bedarf → Handlungsziel → Maßnahmen", "i")]), Bullets(items)] \
        if items else []


def _budget(plan: Plan) -> Table:
    frame = mp.budget_text(plan)
    return Table([frame.index.name or "", *map(str, frame.columns)],
                 [[str(i), *map(str, r)] for i, r in zip(frame.index, frame.itertuples(index=False))],
                 "Budget: Sachkosten je Finanzierung und Jahr, Personal in VZÄ-Jahren", row_headers=True,
                 right=[False] + [True] * len(frame.columns), font_pt=8,
                 notes=["Sachkosten anteilig nach Laufzeittagen auf die Jahre verteilt. Quelle: Planungsmappe."])
