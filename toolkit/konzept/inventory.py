"""Chapter „Bestands- und Bedarfsanalyse, Prozessqualität“ from stage 2 (`toolkit.bestandsanalyse`): the offers per
Handlungsfeld, the ranked gaps with their reasons and the heatmap, the network with its findings and the Gremien,
the participation in the concept's making — and, in the annex, the Akteursverzeichnis of the sheet „Akteure“.

A workbook without offers and actors (stage 2 not done yet) keeps the clearly marked chapter of `later`."""
from __future__ import annotations

import pandas as pd

from toolkit import bestandsanalyse as ba
from toolkit import datenanalyse as da
from toolkit import fmt
from toolkit.errors import UserError
from toolkit.konzept.model import Bullets, Heading, Table, figure, text
from toolkit.plan import Plan, cell_text, date_text

#: Gaps the chapter lists (the full list is the notebook's and the app's).
TOP_GAPS = 12
SOURCE = "Quelle: Planungsmappe des Kreises (Bestandsaufnahme); Bedarfe: Statistische Ämter, siehe Datengrundlage"


def has_inventory(plan: Plan | None) -> bool:
    return plan is not None and not (plan.angebote.empty and plan.akteure.empty)


def chapter(plan: Plan, district: da.District) -> list:
    blocks = [Heading("Bestands- und Bedarfsanalyse, Prozessqualität", 1, "bestandsanalyse"),
              text("Welche Angebote es im Kreis gibt, wen sie erreichen und was fehlt; wer in welchen Gremien "
                   "zusammenarbeitet und wie Zivilgesellschaft und Zugewanderte an diesem Konzept beteiligt waren. "
                   "Grundlage ist die Bestandsaufnahme in der Planungsmappe (Stufe 2 des Kurses).")]
    if not plan.angebote.empty:
        blocks += offers(plan) + gaps(plan, district)
    if not plan.akteure.empty:
        blocks += network(plan)
    if not plan.beteiligung.empty:
        blocks += participation(plan)
    return blocks


def offers(plan: Plan) -> list:
    """Offers per Handlungsfeld: how many, how many published in the Wegweiser, with childcare, in more than German."""
    table = plan.angebote
    field = table["Handlungsfeld"].map(cell_text).replace("", "ohne Handlungsfeld")
    flags = pd.DataFrame({
        "Angebote": 1,
        "im Wegweiser": table["veröffentlichen"].map(cell_text).eq("ja"),
        "mit Kinderbetreuung": table["Kinderbetreuung"].map(cell_text).eq("ja"),
        "mehrsprachig": table["Sprache(n)"].map(lambda c: bool(ba.languages.offer_languages(c) - {"de"})),
        "mobil": table["aufsuchend/mobil"].map(cell_text).eq("ja")}).groupby(field.values).sum()
    order = [cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"] if cell_text(n) in flags.index]
    flags = flags.reindex(order + [f for f in flags.index if f not in order])
    rows = [[name, *(fmt.number(int(v)) for v in values)] for name, values in flags.iterrows()]
    rows.append(["Insgesamt", *(fmt.number(int(v)) for v in flags.sum())])
    return [Heading("Angebote", 2),
            text(f"Die Bestandsaufnahme verzeichnet {fmt.number(len(table))} Angebote von "
                 f"{fmt.number(table['Träger'].map(cell_text).replace('', pd.NA).nunique())} Trägern."),
            Table(["Handlungsfeld", *flags.columns], rows, "Angebote je Handlungsfeld", row_headers=True,
                  right=[False, *[True] * len(flags.columns)], font_pt=8,
                  notes=["mehrsprachig: auch in einer anderen Sprache als Deutsch; mobil: aufsuchend oder mobil.",
                         SOURCE.split(";")[0]])]


def gaps(plan: Plan, district: da.District) -> list:
    """The ranked gaps with IDs and reasons, the rules, and the heatmap of the Raum with the most gaps."""
    try:
        matrix = ba.gap_matrix(plan, ba.district_needs(district.data_dir, district.code, plan=plan, year=district.year))
    except UserError as error:
        return [Heading("Bedarfe und Lücken", 2), text(f"Die Lückenmatrix ließ sich nicht berechnen: {error.message}",
                                                       "missing")]
    ranked = matrix.ranked().drop_duplicates(["Handlungsfeld", "Raum"]).head(TOP_GAPS)    # one per field and Raum
    blocks = [Heading("Bedarfe und Lücken", 2),
              text(f"Die Lückenmatrix vergleicht je Handlungsfeld, Zielgruppe und Raum die erreichbaren, "
                   f"zugänglichen Angebote mit der Zahl der Menschen. Sie findet {fmt.number(len(matrix.gaps))} "
                   f"Lücken in {fmt.number(len(matrix.cells))} Zellen. Hier stehen die {fmt.number(len(ranked))} "
                   "wichtigsten, je Handlungsfeld und Raum die erste, mit der ID, auf die sich Ziele beziehen; die "
                   "ganze Liste zeigen Notebook und App der Bestandsanalyse.")]
    if len(ranked):
        blocks.append(Table(["Lücke", "Begründung"], ranked[["Lücke", "Begründung"]].values.tolist(),
                            "Die wichtigsten Lücken", notes=[SOURCE], font_pt=8))
        raum = matrix.gaps["raum"].value_counts().index[0]
        picture = figure(ba.heatmap(matrix, raum=raum), f"Angebote je Handlungsfeld und Zielgruppe im Raum "
                         f"{matrix.gaps.loc[matrix.gaps['raum'] == raum, 'raum_name'].iloc[0]}", SOURCE)
        blocks += [picture] if picture is not None else []
    return blocks + [text("Regeln der Lückenmatrix", "note"), Bullets([[(n, "")] for n in matrix.notes], "note")]


def network(plan: Plan) -> list:
    blocks = [Heading("Netzwerk und Gremien", 2),
              text("Wer in welchem Gremium sitzt (Blätter „Akteure“, „Gremien“, „Mitgliedschaften“) und was daraus "
                   "folgt – für die Prozessqualität, nach der der Fördermittelgeber fragt."),
              Bullets([[(line, "")] for line in ba.findings(plan)])]
    picture = figure(ba.network_figure(plan), "Akteure und Gremien nach Sektor",
                     "Quelle: Planungsmappe des Kreises, Blätter „Akteure“, „Gremien“, „Mitgliedschaften“")
    blocks += [picture] if picture is not None else []
    if not plan.gremien.empty:
        count = plan.mitgliedschaften["Gremium-ID"].map(cell_text).value_counts()
        names = dict(zip(plan.akteure["ID"].map(cell_text), plan.akteure["Name"].map(cell_text), strict=True))
        rows = [[cell_text(g["Name"]), cell_text(g["Typ"]) or "–", cell_text(g["Turnus"]) or "–",
                 names.get(cell_text(g["Leitung"]), cell_text(g["Leitung"])) or "–",
                 fmt.number(int(count.get(cell_text(g["ID"]), 0)))] for _, g in plan.gremien.iterrows()]
        blocks.append(Table(["Gremium", "Typ", "Turnus", "Leitung", "Mitglieder"], rows, "Gremien",
                            right=[False] * 4 + [True], font_pt=8,
                            notes=["Quelle: Planungsmappe des Kreises, Blätter „Gremien“ und „Mitgliedschaften“"]))
    return blocks


def participation(plan: Plan) -> list:
    rows = [[date_text(e["Datum"]), cell_text(e["Format"]), cell_text(e["Titel"]),
             cell_text(e["Teilnehmende (Zahl)"]) or "–", cell_text(e["Zugewanderte beteiligt"]) or "–",
             cell_text(e["Ergebnis"])]
            for _, e in plan.beteiligung.sort_values("Datum", key=lambda s: s.map(str)).iterrows()]
    return [Heading("Beteiligung", 2), text(ba.network.beteiligung_sentence(plan)),
            Table(["Datum", "Format", "Titel", "Teilnehmende", "Zugewanderte", "Ergebnis"], rows,
                  "Beteiligung an der Erarbeitung", right=[False, False, False, True, False, False], font_pt=8,
                  notes=["Quelle: Planungsmappe des Kreises, Blatt „Beteiligung“"])]


def actors(plan: Plan, district: da.District) -> list:
    """The annex's Akteursverzeichnis from the sheet „Akteure“ (with their Gremien)."""
    gemeinden = district.gemeinden
    table = ba.akteursverzeichnis(plan, dict(zip(gemeinden["region_code"], gemeinden["region_name"], strict=True)))
    return [Heading("Akteursverzeichnis", 2),
            Table(list(table.columns), table.map(cell_text).values.tolist(), "Akteure und ihre Gremien", font_pt=8,
                  notes=["Quelle: Planungsmappe des Kreises, Blätter „Akteure“, „Gremien“, „Mitgliedschaften“"])]
