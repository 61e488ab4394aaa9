"""Stage 2's static views for notebook and handout: needs per Raum, gap heatmaps, quadrant, ranked gaps with their
reasons, the rules; the actor network, its findings, the Gremium × actor table, the Akteursverzeichnis and the
Beteiligung. Static output only (PNG, HTML, Markdown via `toolkit.show` and `toolkit.markup`), so papermill runs and
printed handouts show the same.

    views.show_needs(stage); views.show_heatmaps(stage); views.show_gaps(stage, top=25)
    views.show_network(stage); views.show_beteiligung(stage)
"""
from __future__ import annotations

from IPython.display import Markdown, display

from toolkit import fmt, show
from toolkit.apps import in_voila
from toolkit.bestandsanalyse.gap_figures import heatmap, quadrant_scatter
from toolkit.bestandsanalyse.gaps import KINDS
from toolkit.bestandsanalyse.network import beteiligung, beteiligung_sentence, findings
from toolkit.bestandsanalyse.network_figures import akteursverzeichnis, gremium_table, network_figure
from toolkit.bestandsanalyse.stage import Stage
from toolkit.markup import md
from toolkit.plan.schema import ZIELGRUPPEN

NO_OFFERS = "Die Planungsmappe enthält noch keine Angebote (Blatt „Angebote“)."
NO_FIELDS = "Die Planungsmappe enthält keine Handlungsfelder (Blatt „Handlungsfelder“)."
NO_GAPS = "Nach den Regeln unten hat die Lückenmatrix keine Lücke."
NO_ACTORS = "Die Planungsmappe enthält noch keine Akteure (Blatt „Akteure“)."
NO_GREMIEN = "Die Planungsmappe enthält noch keine Gremien mit Mitgliedern (Blätter „Gremien“, „Mitgliedschaften“)."
NO_BETEILIGUNG = "Im Blatt „Beteiligung“ sind keine Beteiligungsformate eingetragen."
IN_THE_APP = ("In der Trainings-App stehen Lückenmatrix und Lückenliste oben im Reiter „Bestand und Lücken“ und "
              "folgen den Filtern.")
#: Columns of the ranked gaps that fit an A4 portrait page (Handlungsfeld, Zielgruppe and Raum are in the reason).
GAP_COLUMNS = ["Rang", "Lücke", "Art", "Angebote", "Personen", "Begründung"]
#: At most this many warnings about offers are listed (the rest counted): the app and `ikpe plan check` list all.
MOST_WARNINGS = 15


# --- Bestands- und Bedarfsanalyse -----------------------------------------------------------------

def show_needs(stage: Stage) -> None:
    """The target groups per Raum as the statistics publish them (secret cells „.“, unknown „–“), the district's
    figures below, the disclosure notes and where the numbers come from."""
    needs = stage.needs
    table = needs.table.reindex(columns=list(ZIELGRUPPEN)).copy()
    table.index = [needs.names.get(r, r) for r in table.index]
    if needs.level != "Kreis":   # else the one Raum is the Kreis
        kreis = needs.kreis.reindex(table.columns).map(lambda v: fmt.number(v) if fmt.is_number(v) else "–")
        table.loc[f"{needs.names.get(needs.district, needs.district)} (Kreis)"] = kreis
    table.index.name = {"Sozialraum": "Sozialraum", "Gemeinde": "Gemeinde"}.get(needs.level, "Raum")
    show.table(table, "Für den Kreis liegen keine Bedarfe vor.")
    notes = list(dict.fromkeys(d.note for d in needs.disclosed if d.note))
    notes += [f"„{group}“ fehlt: {reason}" if not reason.startswith("„") else reason
              for group, reason in needs.missing.items()]
    display(Markdown("\n".join(f"- {md(line)}" for line in [*notes, *needs.notes])))


def show_heatmaps(stage: Stage) -> None:
    """The gap matrix as heatmaps: one per Raum (rows Handlungsfelder) when there are at most as many Räume as
    Handlungsfelder, else one per Handlungsfeld (rows Räume) — so a district without Sozialräume prints a few
    pictures instead of one per Gemeinde. Under Voila the app above shows them, following its filters."""
    if in_voila():
        display(Markdown(f"*{IN_THE_APP}*"))
        return
    matrix = stage.matrix
    if matrix.cells.empty:
        display(Markdown(f"*{NO_OFFERS if stage.plan.angebote.empty else NO_FIELDS}*"))
        return
    if stage.plan.angebote.empty:
        display(Markdown(f"*{NO_OFFERS}*"))
    if len(stage.raeume) <= len(matrix.handlungsfelder):
        for name, key in stage.raeume:
            display(Markdown(f"#### {md(name)}"))
            show.figure(heatmap(matrix, raum=key, note=""), NO_OFFERS)
    else:
        for ident, name in matrix.handlungsfelder:
            display(Markdown(f"#### {md(ident)} {md(name)}"))
            show.figure(heatmap(matrix, handlungsfeld=ident, note=""), NO_OFFERS)


def show_quadrant(stage: Stage, zielgruppe: str = ZIELGRUPPEN[0]) -> None:
    show.figure(quadrant_scatter(stage.matrix, zielgruppe), NO_OFFERS)


def gap_summary(stage: Stage) -> str:
    """One German sentence: how many cells, how many gaps of each kind."""
    matrix = stage.matrix
    counts = matrix.gaps["kind"].value_counts()
    return (f"Die Lückenmatrix hat {fmt.number(len(matrix.cells))} Zellen (Handlungsfeld × Zielgruppe × Raum) und "
            f"{fmt.number(len(matrix.gaps))} Lücken: "
            + ", ".join(f"{kind} {fmt.number(int(counts.get(kind, 0)))}" for kind in KINDS) + ".")


def show_gaps(stage: Stage, top: int = 25) -> None:
    """The first `top` gaps in rank order with their IDs (cite them in stage 3's „Bedarf/Begründung“) and
    reasons; how many follow. Under Voila the app above shows them, following its filters."""
    display(Markdown(md(gap_summary(stage))))
    if in_voila():
        display(Markdown(f"*{IN_THE_APP}*"))
        return
    table = stage.matrix.ranked(top)
    show.table(table[GAP_COLUMNS], NO_GAPS)
    rest = len(stage.matrix.gaps) - len(table)
    if rest > 0:
        display(Markdown(f"*… und {fmt.number(rest)} weitere Lücken (alle: in der Trainings-App oder mit "
                         "`bestandsanalyse.text_report`).*"))


def show_rules(stage: Stage) -> None:
    """The rules of the gap matrix in German, then what the rules could not read in the offers."""
    display(Markdown("\n".join(f"- {md(note)}" for note in stage.matrix.notes)))
    warnings = stage.matrix.warnings
    if warnings:
        more = len(warnings) - MOST_WARNINGS
        display(Markdown("**Hinweise zu den Angeboten:**\n\n" + "\n".join(
            f"- {md(w)}" for w in warnings[:MOST_WARNINGS])
            + (f"\n- … und {fmt.number(more)} weitere (alle: `ikpe plan check`)." if more > 0 else "")))


def show_problems(stage: Stage) -> None:
    """Stage 2's checks of the workbook (sheets of stage 2, Gemeinden of the district, Stand of offers)."""
    show.problems(stage.problems())


# --- Netzwerk und Beteiligung ---------------------------------------------------------------------

def show_network(stage: Stage) -> None:
    """The network picture (actors coloured by sector, Gremien dark) and the findings, one sentence each."""
    if stage.plan.akteure.empty:
        display(Markdown(f"*{NO_ACTORS}*"))
        return
    show.figure(network_figure(stage.plan), NO_GREMIEN)
    display(Markdown("\n".join(f"- {md(line)}" for line in findings(stage.plan))))


def show_gremien(stage: Stage) -> None:
    table = gremium_table(stage.plan) if not stage.plan.akteure.empty else None
    if table is None or table.shape[1] <= 1:
        display(Markdown(f"*{NO_GREMIEN}*"))
        return
    show.table(table, NO_GREMIEN)
    display(Markdown(f"*{md(table.attrs['note'])}*"))


def show_akteure(stage: Stage) -> None:
    names = {code: name for code, name in stage.needs.names.items() if len(str(code)) == 8}
    show.table(akteursverzeichnis(stage.plan, names) if not stage.plan.akteure.empty else None, NO_ACTORS)


def show_beteiligung(stage: Stage) -> None:
    table = beteiligung(stage.plan)
    if table.empty:
        display(Markdown(f"*{NO_BETEILIGUNG}*"))
        return
    shown = table.copy()
    shown["Anteil mit Zugewanderten (%)"] = shown["Anteil mit Zugewanderten (%)"].map(lambda v: fmt.percent(v, 0))
    show.table(shown, NO_BETEILIGUNG)
    display(Markdown(md(beteiligung_sentence(stage.plan))
                     + "".join(f"\n- {md(w)}" for w in table.attrs.get("warnings", []))))


def show_wegweiser_hint(stage: Stage) -> None:
    """Where the printable Integrationswegweiser comes from (its own command; it is no part of this handout)."""
    display(Markdown(
        "Den Integrationswegweiser (HTML, PDF und Word, Deutsch und bis zu zwei weitere Sprachen; nur Angebote mit "
        "„veröffentlichen“ = ja) erzeugt der "
        "Befehl (Planungsmappe und Datenordner wie in diesem Kapitel, Sprachen nach Wahl)\n\n"
        f"    ikpe wegweiser --plan PLANUNGSMAPPE --out wegweiser --sprachen uk,ar --data DATENORDNER "
        f"--kreis {stage.workbook.district_code}\n\n"
        f"Dieses Kapitel las die Planungsmappe `{md(stage.workbook.path.name)}`."))
