"""The actor network: measures against networkx on hand-checked graphs, Doppelstrukturen, isolated actors,
Handlungsfelder without a Gremium, sector mix and representation, Beteiligung, pictures and tables."""
from __future__ import annotations

import dataclasses

import networkx as nx
import pytest
from matplotlib.figure import Figure
from networkx.algorithms import bipartite

from tests.bestandsanalyse.conftest import rows
from toolkit import charts, plan
from toolkit.bestandsanalyse import network, network_figures
from toolkit.errors import UserError


def make(base: plan.Plan, gremien: dict[str, list[str]], sectors: dict[str, str] | None = None,
         gremium_rows: dict[str, dict] | None = None, actors: list[dict] = (), events: list[dict] = ()) -> plan.Plan:
    """A plan whose Gremium id → member ids (actors named in them exist, sector from `sectors`, default Bildung)."""
    sectors = sectors or {}
    ids = list(dict.fromkeys([a for people in gremien.values() for a in people] + list(sectors)))
    people = [{"ID": a, "Name": f"Org {a}", "Sektor": sectors.get(a, "Bildung")} for a in ids] + list(actors)
    committees = [{"ID": g, "Name": f"Gremium {g}", **(gremium_rows or {}).get(g, {})} for g in gremien]
    links = [{"Gremium-ID": g, "Akteur-ID": a, "Rolle": "Mitglied"} for g, people_ in gremien.items() for a in people_]
    return dataclasses.replace(base, akteure=rows("akteure", people), gremien=rows("gremien", committees),
                               mitgliedschaften=rows("mitgliedschaften", links),
                               beteiligung=rows("beteiligung", list(events)))


# --- measures -------------------------------------------------------------------------------------

def test_a_chain_of_gremien_gives_a_path_with_hand_computed_degree_and_betweenness(base):
    # G1 {A,B}, G2 {B,C}, G3 {C,D}: co-members A–B–C–D. B lies on the shortest paths A–C and A–D: 2 of the
    # 3 pairs without B → 2/3; likewise C.
    p = make(base, {"G1": ["A", "B"], "G2": ["B", "C"], "G3": ["C", "D"]})
    found = network.actors(p)
    assert found["Grad"].to_dict() == {"A": 1, "B": 2, "C": 2, "D": 1}
    assert found["Betweenness"].to_dict() == pytest.approx({"A": 0, "B": 2 / 3, "C": 2 / 3, "D": 0})
    path = nx.relabel_nodes(nx.path_graph(4), dict(enumerate("ABCD")))
    assert found["Betweenness"].to_dict() == pytest.approx(nx.betweenness_centrality(path))
    assert found.loc["B", "Gremien"] == "Gremium G1; Gremium G2" and found.loc["B", "Anzahl Gremien"] == 2
    assert found.loc["B", "Mitakteure"] == "Org A; Org C"


def test_a_hub_in_every_gremium_is_the_centre_of_a_star(base):
    # H sits with each of four actors in a Gremium of two: every path between two others runs through H (6 of 6).
    p = make(base, {f"G{i}": ["H", x] for i, x in enumerate("abcd")})
    found = network.actors(p)
    assert found.loc["H", "Betweenness"] == pytest.approx(1.0) and found.loc["H", "Grad"] == 4
    assert (found.drop("H")["Betweenness"] == 0).all() and (found.drop("H")["Grad"] == 1).all()
    assert nx.betweenness_centrality(nx.star_graph(4))[0] == pytest.approx(1.0)
    assert list(network.central(p, top=3).index) == ["H"]


def test_a_gremium_joins_all_its_members_and_shared_gremien_weigh(base):
    # G1 {A,B,C} is a triangle; G2 {C,D} hangs D on C; A and B also share G3: weight 2.
    p = make(base, {"G1": ["A", "B", "C"], "G2": ["C", "D"], "G3": ["A", "B"]})
    people = network.co_membership(network.graph(p))
    assert sorted(people.edges) == [("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]
    assert people.edges["A", "B"]["weight"] == 2 and people.edges["A", "C"]["weight"] == 1
    reference = bipartite.weighted_projected_graph(network.graph(p), [n for n in network.graph(p) if n[0] == "Akteur"])
    assert {(a[1], b[1]): w for a, b, w in reference.edges(data="weight")} == \
        {tuple(sorted(e)): w for *e, w in people.edges(data="weight")}
    assert network.actors(p)["Betweenness"].to_dict() == pytest.approx(nx.betweenness_centrality(people))
    assert network.actors(p).loc["C", "Betweenness"] == pytest.approx(2 / 3)


def test_leitung_sits_in_its_gremium_and_the_stronger_role_wins(base):
    p = make(base, {"G1": ["A"], "G2": ["B"]}, sectors={"L": "Verwaltung"},
             gremium_rows={"G1": {"Leitung": "L"}, "G2": {"Leitung": "B"}})
    g = network.graph(p)
    assert g.edges[("Akteur", "L"), ("Gremium", "G1")]["rolle"] == "Leitung"
    assert g.edges[("Akteur", "B"), ("Gremium", "G2")]["rolle"] == "Leitung"  # listed as Mitglied, leads it
    assert "L" not in network.isolated(p).index


# --- isolated actors, fields ----------------------------------------------------------------------

def test_isolated_actors_include_unknown_memberships_and_rows_without_id(base):
    p = make(base, {"G1": ["A", "B"]}, sectors={"M": "Migrant*innenorganisation"},
             actors=[{"Name": "Ohne ID e. V.", "Sektor": "Ehrenamt/Verein"}])
    p.mitgliedschaften.loc[10] = {"Gremium-ID": "G9", "Akteur-ID": "M", "Rolle": None}  # no Gremium G9
    alone = network.isolated(p)
    assert list(alone["Name"]) == ["Org M", "Ohne ID e. V."]
    assert alone.loc["Zeile 5", "Zeile"] == 5
    assert network.actors(p).loc["M", "Grad"] == 0


def test_handlungsfelder_without_gremium_by_id_name_leading_id_and_alle(base):
    p = make(base, {"G1": ["A"], "G2": ["B"], "G3": ["C"]}, gremium_rows={
        "G1": {"Handlungsfelder": "HF3, beratung und unterstützung"}, "G2": {"Handlungsfelder": "HF4 Arbeit; HF8"},
        "G3": {"Handlungsfelder": "Sprache"}})
    missing = [i for i, _ in network.fields_without_gremium(p)]
    assert missing == ["HF1", "HF2", "HF6", "HF7", "HF9"]
    assert network.fields_named(p, "Sprache") == (set(), ["Sprache"])
    assert network.fields_named(p, "hf1 HF2, HF7: Asyl") == ({"HF1", "HF2", "HF7"}, [])
    p.gremien.loc[2, "Handlungsfelder"] = "Alle"
    assert network.fields_without_gremium(p) == []


def test_a_field_name_with_a_comma_is_one_field(base):
    p = make(base, {"G1": ["A"]}, gremium_rows={"G1": {"Handlungsfelder": "Ausbildung, Beruf, Arbeit; Wohnen"}})
    p.handlungsfelder = rows("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Ausbildung, Beruf, Arbeit"},
                                                 {"ID": "HF2", "Handlungsfeld": "Wohnen"},
                                                 {"ID": "HF3", "Handlungsfeld": "Gesundheit"}])
    assert network.fields_without_gremium(p) == [("HF3", "Gesundheit")]


# --- Doppelstrukturen -----------------------------------------------------------------------------

def test_two_gremien_sharing_seven_of_eight_members_are_a_candidate_doppelstruktur(base):
    shared = [f"A{i}" for i in range(7)]
    p = make(base, {"G1": shared + ["A7"], "G2": shared, "G3": ["A0", "A1", "B"], "G4": []},
             gremium_rows={"G1": {"Name": "AK Sprache und Schule"}, "G2": {"Name": "AK Bildung"}})
    found = network.doppelstrukturen(p, 0.75)
    assert len(found) == 1
    assert found.loc[0, "Befund"] == ("AK Sprache und Schule und AK Bildung teilen 7 von 8 Mitgliedern (88\u00a0%) – "
                                      "eine mögliche Doppelstruktur.")
    assert (found.loc[0, "gemeinsame Mitglieder"], found.loc[0, "Mitglieder zusammen"]) == (7, 8)
    assert network.doppelstrukturen(p, 0.9).empty
    assert len(network.doppelstrukturen(p, "0,75")) == 1
    assert len(network.doppelstrukturen(p, 0.2)) == 3  # G3: 2 of 9 with G1, 2 of 8 with G2; G4 has none
    assert any("teilen 7 von 8" in sentence for sentence in network.findings(p))


@pytest.mark.parametrize("threshold", [0, 1.5, "viel"])
def test_a_threshold_outside_zero_to_one_is_a_user_error(base, threshold):
    with pytest.raises(UserError, match="Schwelle"):
        network.doppelstrukturen(make(base, {"G1": ["A"]}), threshold)


# --- sectors and representation -------------------------------------------------------------------

def test_sector_mix_per_gremium_all_gremien_and_all_actors(base):
    p = make(base, {"G1": ["V", "W", "M"], "G2": ["V", "W"]},
             sectors={"V": "Verwaltung", "W": "Wohlfahrtsverband", "M": "Migrant*innenorganisation",
                      "M2": "Migrant*innenorganisation", "X": "Sportverein"})
    mix = network.sector_mix(p)
    assert list(mix.index) == ["Gremium G1", "Gremium G2", network.ALL_GREMIEN, network.ALL_ACTORS]
    assert mix.loc["Gremium G1", ["Verwaltung", "Wohlfahrtsverband", "Migrant*innenorganisation", "Mitglieder"]] \
        .tolist() == [1, 1, 1, 3]
    assert mix.loc[network.ALL_GREMIEN, "Mitglieder"] == 3
    assert mix.loc[network.ALL_ACTORS, "Migrant*innenorganisation"] == 2
    assert mix.loc[network.ALL_ACTORS, "Sportverein"] == 1  # a sector typed otherwise is kept, as its own column
    assert list(mix.columns[:len(plan.SEKTOREN)]) == list(plan.SEKTOREN)
    p.gremien.loc[3, "Name"] = "Gremium G1"  # two of one name: both kept, the second named with its ID
    assert list(network.sector_mix(p).index[:2]) == ["Gremium G1", "Gremium G1 (G2)"]
    assert list(network_figures.gremium_table(p).columns) == ["Sektor", "Gremium G1", "Gremium G1 (G2)"]


def test_representation_says_where_each_group_is_missing(base):
    p = make(base, {"G1": ["V", "W", "M"], "G2": ["V"]},
             sectors={"V": "Verwaltung", "W": "Kirche/Religion", "M": "Migrant*innenorganisation",
                      "M2": "Migrant*innenorganisation", "M3": "Migrant*innenorganisation"})
    civil, migrants, newcomers = network.representation(p)
    assert civil.represented and civil.sentence == (
        "Zivilgesellschaft (Wohlfahrtsverband, Ehrenamt/Verein, Kirche/Religion): in 1 von 2 Gremien vertreten, "
        "nicht in: Gremium G2.")
    assert migrants.represented and migrants.sentence.endswith(
        "2 von 3 eingetragenen Akteuren sitzen in keinem Gremium: Org M2, Org M3.")
    assert not newcomers.represented
    assert newcomers.sentence == ("Zugewanderte selbst (Sektor „Zugewanderte“): in keinem der 2 Gremien vertreten; "
                                  "im Blatt „Akteure“ ist kein solcher Akteur eingetragen; Beteiligungen sind nicht "
                                  "eingetragen.")


def test_zugewanderte_count_as_represented_by_participation(base):
    events = [{"Datum": "01.03.2026", "Format": "Workshop", "Zugewanderte beteiligt": "ja"},
              {"Datum": "01.04.2026", "Format": "Workshop", "Zugewanderte beteiligt": "nein"}]
    newcomers = network.representation(make(base, {"G1": ["V"]}, events=events))[2]
    assert newcomers.represented and newcomers.sentence.endswith("an 1 von 2 Beteiligungen waren Zugewanderte "
                                                                  "beteiligt.")
    assert network.representation(make(base, {"G1": ["Z"]}, sectors={"Z": "Zugewanderte"}))[2].represented


# --- Beteiligung ----------------------------------------------------------------------------------

def test_beteiligung_per_format_counts_participants_and_keeps_odd_numbers_out_of_the_sum(base):
    events = [{"Datum": "01.03.2026", "Format": "Workshop", "Teilnehmende (Zahl)": 20, "Zugewanderte beteiligt": "ja"},
              {"Datum": "02.03.2026", "Format": "Workshop", "Teilnehmende (Zahl)": 15},
              {"Datum": "03.03.2026", "Format": "Konferenz", "Teilnehmende (Zahl)": "ca. 80",
               "Zugewanderte beteiligt": "ja"},
              {"Datum": "04.03.2026", "Format": "Straßenfest", "Teilnehmende (Zahl)": 40}]
    table = network.beteiligung(make(base, {"G1": ["A"]}, events=events))
    assert list(table.index) == ["Konferenz", "Workshop", "Straßenfest", network.TOTAL]
    assert table.loc["Workshop"].tolist() == [2, 35, 0, 1, 50.0]
    assert table.loc[network.TOTAL].tolist() == [4, 75, 1, 2, 50.0]
    assert table.attrs["warnings"] == ["Blatt „Beteiligung“, Zeile 4: „ca. 80“ ist keine Teilnehmendenzahl; die "
                                       "Veranstaltung zählt, ihre Teilnehmenden nicht."]
    assert network.beteiligung_sentence(make(base, {"G1": ["A"]}, events=events)) == (
        "4 Beteiligungen (1 × Konferenz, 2 × Workshop, 1 × Straßenfest) mit zusammen 75 Teilnehmenden (bei 1 ohne "
        "Zahl); an 2 von 4 (50\u00a0%) waren Zugewanderte beteiligt.")
    assert network.beteiligung(make(base, {"G1": ["A"]})).empty


def test_findings_of_an_empty_network_are_sentences_not_errors(base):
    found = network.findings(make(base, {}))
    assert found[0] == "Eingetragen sind 0 Akteure und 0 Gremien mit 0 Mitgliedschaften."
    assert "Im Blatt „Beteiligung“ sind keine Beteiligungsformate eingetragen." in found
    assert network_figures.network_figure(make(base, {})) is None
    no_gremien = make(base, {}, sectors={"A": "Bildung"})
    assert list(network.isolated(no_gremien).index) == ["A"] and network.actors(no_gremien).loc["A", "Grad"] == 0
    assert network.sector_mix(no_gremien).loc[network.ALL_ACTORS, "Mitglieder"] == 1
    assert network_figures.network_figure(no_gremien) is not None


# --- pictures and tables --------------------------------------------------------------------------

def test_network_figure_is_german_deterministic_and_shows_isolated_actors(base):
    p = make(base, {"G1": ["V", "W", "M"], "G2": ["V", "W"]},
             sectors={"V": "Verwaltung", "W": "Wohlfahrtsverband", "M": "Migrant*innenorganisation",
                      "Z": "Zugewanderte"}, gremium_rows={"G1": {"Leitung": "V"}})
    fig = network_figures.network_figure(p)
    assert isinstance(fig, Figure)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Verwaltung", "Wohlfahrtsverband", "Migrant*innenorganisation", "Zugewanderte", "Gremium",
                      "Leitung"]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert network_figures.ALONE in texts and "Org Z" in texts and "Gremium G1" in texts
    assert charts.png(fig) == charts.png(network_figures.network_figure(p))
    projected = network_figures.network_figure(p, projected=True)
    assert "Gremium" not in [t.get_text() for t in projected.axes[0].get_legend().get_texts()]


def test_gremium_table_marks_roles_and_keeps_actors_in_no_gremium(base):
    p = make(base, {"G1": ["V", "W"], "G2": ["W"]}, sectors={"V": "Verwaltung", "W": "Wohlfahrtsverband",
                                                             "B": "Bildung"},
             gremium_rows={"G1": {"Leitung": "V"}})
    p.mitgliedschaften.loc[4, "Rolle"] = "Gast"  # W in G2
    table = network_figures.gremium_table(p)
    assert list(table.index) == ["Org V", "Org W", "Org B"]  # by sector as in the list, then name
    assert table.loc["Org V"].tolist() == ["Verwaltung", "L", ""]
    assert table.loc["Org W"].tolist() == ["Wohlfahrtsverband", "●", "G"]
    assert table.loc["Org B"].tolist() == ["Bildung", "", ""]
    assert table.attrs["note"] == network_figures.MARKS_NOTE


def test_akteursverzeichnis_names_fields_gemeinde_and_gremien(base):
    p = make(base, {"G1": ["b"]}, actors=[{"ID": "a", "Name": "Zentrum", "Sektor": "Bildung",
                                           "Handlungsfelder": "HF3, Schach", "Gemeinde (AGS)": "16099015"}])
    p.akteure.loc[2, "Gemeinde (AGS)"] = "16099001"
    p.sozialraeume = rows("sozialraeume", [{"Gemeinde (AGS)": "16099015", "Gemeinde": "Musterstadt",
                                            "Sozialraum": "Mitte"}])
    table = network_figures.akteursverzeichnis(p, {"16099001": "Adorf"})
    assert list(table.columns) == ["Name", "Sektor", "Handlungsfelder", "Gemeinde", "Gremien"]
    assert table.to_dict("records") == [
        {"Name": "Org b", "Sektor": "Bildung", "Handlungsfelder": "", "Gemeinde": "Adorf (16099001)",
         "Gremien": "Gremium G1"},
        {"Name": "Zentrum", "Sektor": "Bildung", "Handlungsfelder": "Spracherwerb und Bildung; Schach",
         "Gemeinde": "Musterstadt (16099015)", "Gremien": ""}]


def test_the_network_reads_a_saved_workbook(base, tmp_path):
    """Cells as Excel gives them back (ids typed as numbers come as floats): the same network."""
    p = make(base, {"1": ["10", "11"], "2": ["11", "12"]})
    p.gremien["ID"] = [1, 2]
    p.akteure["ID"] = [10, 11, 12]
    p.mitgliedschaften["Gremium-ID"] = [1, 1, 2, 2]
    p.mitgliedschaften["Akteur-ID"] = [10, 11, 11, 12]
    path = tmp_path / "plan.xlsx"
    plan.save_plan(p, plan.new_plan(path, "eisenach"))
    again = plan.load_plan(path)
    assert network.actors(again)["Grad"].to_dict() == {"10": 1, "11": 2, "12": 1}
