"""Stage 2 "Bestands- und Bedarfsanalyse": offers and needs, the actor network, the Integrationswegweiser.

    p = plan.load_plan("datasets/musterland/planung.xlsx")
    n = bestandsanalyse.district_needs("datasets/musterland", "16099", plan=p)   # target groups per Gemeinde/Raum
    m = bestandsanalyse.gap_matrix(p, n)                                    # Handlungsfeld × Zielgruppe × Raum
    print(bestandsanalyse.text_report(m, top=10))                           # ranked gaps with IDs and reasons
    for line in bestandsanalyse.findings(p): print(line)                    # network, Gremien, Beteiligung
    bestandsanalyse.write_wegweiser("planung.xlsx", "handouts", languages=["uk", "ar"])

Offers, actors, Gremien, memberships, participation and Sozialräume live in the planning workbook
(`toolkit.plan`, sheets „Angebote“, „Akteure“, „Gremien“, „Mitgliedschaften“, „Beteiligung“, „Sozialräume“).
A gap's ID (`L-HF2-U6-Sued`) is what a Handlungsziel of stage 3 cites under „Bedarf/Begründung“. The modules stay
reachable by their names (`bestandsanalyse.needs.needs`, `bestandsanalyse.gaps`); the package's `district_needs` is
`needs.needs`.

The room: `languages` (offer languages, nationalities' languages, the Wegweiser's languages), `needs` (target
groups from the stage-1 tables, disclosure-checked), `gaps` (the gap matrix, its rules and the access rule),
`gap_figures` (heatmap, quadrant), `network` (actor × Gremium graph, Doppelstrukturen, representation,
Beteiligung), `network_figures` (network picture, Gremium × actor table, Akteursverzeichnis), `checks` (stage 2's
findings beside `plan.check_plan`), `wegweiser` (the booklet in HTML, PDF and Word), `integreat` (importing
offers from an Integreat region), `stage` (plan, needs and gap matrix prepared once for notebook and app;
imported by its module name, as it builds on stage 3's „heute“), `views` (static output for notebook and handout)
and `app` (the Voila app).
"""
from toolkit.bestandsanalyse.checks import GAP_ID, looks_private, stage_problems
from toolkit.bestandsanalyse.checks import problems as check_problems
from toolkit.bestandsanalyse.gap_figures import heatmap, quadrant_scatter
from toolkit.bestandsanalyse.gaps import GapMatrix, Rules, access_reason, accessible, gap_matrix, quadrant, text_report
from toolkit.bestandsanalyse.integreat import import_locations
from toolkit.bestandsanalyse.needs import GROUP_CODES, Needs, needs_from_counts, raum_key
from toolkit.bestandsanalyse.needs import needs as district_needs
from toolkit.bestandsanalyse.network import (
    OVERLAP,
    beteiligung,
    doppelstrukturen,
    fields_without_gremium,
    findings,
    isolated,
    representation,
    sector_mix,
)
from toolkit.bestandsanalyse.network_figures import akteursverzeichnis, gremium_table, network_figure
from toolkit.bestandsanalyse.wegweiser import build_booklet, write_wegweiser

__all__ = [
    "GAP_ID", "looks_private", "stage_problems", "check_problems", "heatmap", "quadrant_scatter", "GapMatrix",
    "Rules", "access_reason", "accessible", "gap_matrix", "quadrant", "text_report", "import_locations",
    "GROUP_CODES", "Needs", "district_needs", "needs_from_counts", "raum_key", "OVERLAP", "beteiligung",
    "doppelstrukturen", "findings", "fields_without_gremium", "isolated", "representation", "sector_mix",
    "akteursverzeichnis", "gremium_table", "network_figure", "build_booklet", "write_wegweiser",
]
