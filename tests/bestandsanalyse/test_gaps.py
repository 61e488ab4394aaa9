"""The gap matrix (`toolkit.bestandsanalyse.gaps`) on small cases computed by hand: reachability (in the
Gemeinde, by ÖPNV minutes, mobile), access by residence status, the language of the group, places, ranking,
gap IDs, Sozialräume, and that a hidden count never shows in a sentence."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit import plan
from toolkit.bestandsanalyse import gaps, needs
from toolkit.errors import UserError
from toolkit.plan.schema import ZIELGRUPPEN, ZUGANG

ALLE, U6, J617, E1864, A65, FRAUEN, ARBEITSLOSE, ASYL = ZIELGRUPPEN
ADORF, BDORF, STADT = "16099001", "16099002", "16099015"
NAMES = {ADORF: "Adorf", BDORF: "Bdorf", STADT: "Musterstadt", "16099": "Musterland"}
#: ÖPNV minutes of each Gemeinde to the Kreisstadt.
TRAVEL = {ADORF: 45, BDORF: 55, STADT: 0}
SYRIEN_UKRAINE = pd.DataFrame({"nationality": ["Ukraine", "Syrien"], "value": [300.0, 200.0], "share": [30.0, 20.0],
                               "codes": [("uk", "ru"), ("ar", "ku")]})


def _sheet(key: str, rows: list[dict]) -> pd.DataFrame:
    headers = plan.SHEETS[key].headers
    frame = pd.DataFrame([{h: row.get(h) for h in headers} for row in rows], columns=headers, dtype=object)
    frame.index = range(2, 2 + len(frame))
    return frame


def offer(**cells) -> dict:
    """An offer of HF1 „Sprache“ for Erwachsene 18–64 in the Kreisstadt, open to all, in German and Arabic,
    Ukrainian — unless `cells` say otherwise (keys without spaces: see `KEYS`)."""
    row = {"ID": "A", "Titel": "Kurs", "Handlungsfeld": "Sprache", "Zielgruppe(n)": E1864,
           "Sprache(n)": "Deutsch, Arabisch, Ukrainisch", "Gemeinde (AGS)": STADT, "aufsuchend/mobil": "nein",
           "Zugang nach Aufenthaltsstatus": "offen für alle"}
    row.update({KEYS.get(k, k): v for k, v in cells.items()})
    return row


KEYS = {"hf": "Handlungsfeld", "gruppen": "Zielgruppe(n)", "sprachen": "Sprache(n)", "gemeinde": "Gemeinde (AGS)",
        "mobil": "aufsuchend/mobil", "minuten": "Erreichbarkeit (ÖPNV-Minuten)",
        "zugang": "Zugang nach Aufenthaltsstatus", "plaetze": "Kapazität (Plätze)", "kinder": "Kinderbetreuung"}


def make_plan(offers: list[dict], sozialraeume: dict[str, str] | None = None) -> plan.Plan:
    fields = _sheet("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Sprache"},
                                        {"ID": "HF2", "Handlungsfeld": "Gesundheit"}])
    raeume = _sheet("sozialraeume", [{"Gemeinde (AGS)": code, "Sozialraum": (sozialraeume or {}).get(code),
                                      "ÖPNV-Minuten zur Kreisstadt": minutes} for code, minutes in TRAVEL.items()])
    empty = {k: plan.empty(k) for k in ("ziele", "indikatoren", "massnahmen")}
    return plan.Plan(handlungsfelder=fields, angebote=_sheet("angebote", offers), sozialraeume=raeume, **empty)


def make_needs(workbook: plan.Plan | None = None, languages: pd.DataFrame | None = SYRIEN_UKRAINE,
               changes: dict | None = None) -> needs.Needs:
    """Adorf 100 foreigners (80 aged 18–64), Bdorf 50 (40), Musterstadt 400 (300); 30 AsylbLG in the Kreis."""
    counts = pd.DataFrame({ALLE: [100, 50, 400], U6: [10, 5, 50], J617: [5, 3, 30], E1864: [80, 40, 300],
                           A65: [5, 2, 20], FRAUEN: [40, 20, 200], ARBEITSLOSE: [10, 4, 30]},
                          index=[ADORF, BDORF, STADT], dtype=float)
    for (code, group), value in (changes or {}).items():
        counts.at[code, group] = value
    return needs.needs_from_counts(counts, names=NAMES, district="16099", languages=languages,
                                   kreis=pd.Series({**counts.sum(), ASYL: 30.0}),
                                   sozialraeume=None if workbook is None else workbook.sozialraeume)


def cell(matrix: gaps.GapMatrix, raum: str, group: str = E1864, field: str = "HF1") -> pd.Series:
    rows = matrix.cells[(matrix.cells["raum"] == raum) & (matrix.cells["zielgruppe"] == group)
                        & (matrix.cells["handlungsfeld_id"] == field)]
    assert len(rows) == 1
    return rows.iloc[0]


def offers_by_raum(matrix, group=E1864, field="HF1") -> dict[str, int]:
    return {raum: int(cell(matrix, raum, group, field)["offers"]) for raum in matrix.cells["raum"].unique()}


# --- reachability -------------------------------------------------------------------------------------------

def test_minutes_from_the_kreisstadt_add_to_the_gemeinde_minutes():
    # 10 minutes from the Kreisstadt: Adorf 45 + 10 = 55 ≤ 60 reaches it, Bdorf 55 + 10 = 65 does not
    workbook = make_plan([offer(minuten=10)])
    assert offers_by_raum(gaps.gap_matrix(workbook, make_needs())) == {ADORF: 1, BDORF: 0, STADT: 1}


def test_exactly_the_limit_is_reachable_and_the_limit_is_configurable():
    workbook = make_plan([offer(minuten=15)])           # Adorf 45 + 15 = 60, Bdorf 70
    assert offers_by_raum(gaps.gap_matrix(workbook, make_needs())) == {ADORF: 1, BDORF: 0, STADT: 1}
    wide = gaps.gap_matrix(workbook, make_needs(), gaps.Rules(minutes=70))
    assert offers_by_raum(wide) == {ADORF: 1, BDORF: 1, STADT: 1}


def test_free_text_minutes_are_unknown_and_reported():
    workbook = make_plan([offer(gemeinde=BDORF, minuten="nach Absprache")])
    matrix = gaps.gap_matrix(workbook, make_needs())
    assert offers_by_raum(matrix) == {ADORF: 0, BDORF: 1, STADT: 0}
    assert any("Zeile 2" in w and "nach Absprache" in w for w in matrix.warnings)


def test_negative_minutes_are_unknown():
    matrix = gaps.gap_matrix(make_plan([offer(gemeinde=ADORF, minuten=-5)]), make_needs())
    assert offers_by_raum(matrix) == {ADORF: 1, BDORF: 0, STADT: 0}
    assert any("Zeile 2" in w and "„-5“" in w for w in matrix.warnings)


def test_mobile_offer_reaches_every_gemeinde_and_german_minutes_are_read():
    matrix = gaps.gap_matrix(make_plan([offer(mobil="ja"), offer(gemeinde=ADORF, minuten="12,5")]), make_needs())
    # the second offer lies in Adorf, 12,5 minutes from the Kreisstadt: Musterstadt 0 + 12,5 reaches it too
    assert offers_by_raum(matrix) == {ADORF: 2, BDORF: 1, STADT: 2}


def test_offer_reached_from_nowhere_is_reported():
    matrix = gaps.gap_matrix(make_plan([offer(gemeinde="16088001")]), make_needs())
    assert offers_by_raum(matrix) == {ADORF: 0, BDORF: 0, STADT: 0}
    assert any("Zeile 2" in w and "von keiner Gemeinde" in w for w in matrix.warnings)


def test_offer_reach_names_per_offer_the_raeume_the_gap_matrix_counts_it_in():
    """The public „which Räume reach this offer“ reads each offer as the matrix does (rule 1 for the Räume, rule 3
    for the groups): what it says about an offer is what the matrix counts for it, row by row."""
    offers = [offer(ID="K", minuten=10), offer(ID="M", gemeinde=BDORF, mobil="ja", hf="Gesundheit", gruppen=""),
              offer(ID="F", gemeinde=BDORF, minuten="nach Absprache", gruppen=f"{FRAUEN}; Rentner", sprachen="")]
    workbook = make_plan(offers)
    found = gaps.offer_reach(workbook, make_needs())
    assert list(found.rows) == [2, 3, 4] and list(found.raeume.columns) == [ADORF, BDORF, STADT]
    assert [found.reached_from(r) for r in (2, 3, 4)] == [[ADORF, STADT], [ADORF, BDORF, STADT], [BDORF]]
    assert list(found.handlungsfeld) == ["HF1", "HF2", "HF1"]
    assert found.groups.loc[2].tolist() == [g == E1864 for g in ZIELGRUPPEN]
    assert found.groups.loc[3].all() and found.groups.loc[4].tolist() == [g == FRAUEN for g in ZIELGRUPPEN]
    assert found.languages == [{"de", "ar", "uk"}, {"de", "ar", "uk"}, {"de"}]   # an empty cell: German
    assert any("Rentner" in w for w in found.warnings) and any("nach Absprache" in w for w in found.warnings)
    matrix = gaps.gap_matrix(workbook, make_needs())
    for row, ident in zip(found.rows, ("K", "M", "F")):
        alone = make_plan([o for o in offers if o["ID"] == ident])
        one = gaps.gap_matrix(alone, make_needs())
        field = found.handlungsfeld[list(found.rows).index(row)]
        group = next(g for g in ZIELGRUPPEN[1:] if found.groups.at[row, g])
        assert [r for r, n in offers_by_raum(one, group, field).items() if n] == found.reached_from(row)
    assert offers_by_raum(matrix, FRAUEN, "HF1") == {ADORF: 0, BDORF: 1, STADT: 0}   # K is for 18–64 only
    empty = gaps.offer_reach(make_plan([]), make_needs())
    assert empty.raeume.shape == (0, 3) and empty.groups.shape == (0, len(ZIELGRUPPEN)) and empty.languages == []


def test_sozialraum_reaches_an_offer_when_most_of_its_people_do():
    # Nord = Adorf (100 foreigners) + Musterstadt (400): an offer only Musterstadt reaches covers 80 % of Nord,
    # one only Adorf reaches 20 % — below the half the rule asks for
    workbook = make_plan([offer(ID="S"), offer(ID="A", gemeinde=ADORF)],
                         sozialraeume={ADORF: "Nord", STADT: "Nord", BDORF: "Süd"})
    matrix = gaps.gap_matrix(workbook, make_needs(workbook))
    assert offers_by_raum(matrix) == {"Nord": 1, "Süd": 0}
    loose = gaps.gap_matrix(workbook, make_needs(workbook), gaps.Rules(reach_share=0.2))
    assert offers_by_raum(loose) == {"Nord": 2, "Süd": 0}
    assert cell(matrix, "Süd")["gap_id"] == "L-HF1-E1864-Sued"


# --- access by residence status -------------------------------------------------------------------------------

@pytest.mark.parametrize("zugang, admitted", [
    ("offen für alle", set(gaps.STATUS)),
    ("nur mit Aufenthaltserlaubnis", {"Niederlassungserlaubnis", "Aufenthaltserlaubnis", "Ukraine §24",
                                      "EU-Bürger*in"}),
    ("nicht für Gestattung/Duldung", set(gaps.STATUS) - {"Aufenthaltsgestattung", "Duldung"}),
    ("nur EU-Bürger*innen", {"EU-Bürger*in"}),
    ("nur Ukraine §24", {"Ukraine §24"}),
])
def test_accessible_by_status(zugang, admitted):
    assert {s for s in gaps.STATUS if gaps.accessible(zugang, s)} == admitted
    assert all(gaps.accessible(zugang, s) is False for s in set(gaps.STATUS) - admitted)


def test_accessible_for_a_person_with_duldung_in_german():
    assert gaps.accessible("nur mit Aufenthaltserlaubnis", "Duldung") is False
    assert gaps.accessible("offen für alle", "duldung") is True
    assert gaps.accessible("", "Gestattung") is True                       # empty cell: open for all
    assert gaps.accessible("eingeschränkt (siehe Beschreibung)", "Duldung") is None
    assert gaps.accessible("nur nach Rücksprache", "Duldung") is None      # not in the list: unclear
    assert gaps.access_reason("nur mit Aufenthaltserlaubnis", "Duldung").startswith("Nein")
    assert gaps.access_reason("eingeschränkt (siehe Beschreibung)", "Duldung").startswith("Unklar")
    with pytest.raises(UserError, match="Aufenthaltsstatus „Visum“"):
        gaps.accessible("offen für alle", "Visum")
    assert set(ZUGANG) == set(gaps.ADMITS)


def test_access_decides_which_groups_count_an_offer():
    workbook = make_plan([offer(gruppen=ALLE, zugang="nur mit Aufenthaltserlaubnis"),
                          offer(gruppen=ALLE, zugang="eingeschränkt (siehe Beschreibung)"),
                          offer(gruppen=ALLE, zugang="nur Ukraine §24")])
    matrix = gaps.gap_matrix(workbook, make_needs())
    adults, refugees = cell(matrix, STADT, E1864), cell(matrix, STADT, ASYL)
    assert (adults["offers"], adults["unclear"]) == (1, 1)
    assert (refugees["offers"], refugees["unclear"]) == (0, 1)
    assert refugees["kind"] == "kein Angebot"
    assert "im Kreis 30 Empfänger*innen von Asylbewerberleistungen" in refugees["reason"]
    assert any("Zeile 3" in w and "eingeschränkt" in w for w in matrix.warnings)


def test_target_groups_of_an_offer():
    workbook = make_plan([offer(gruppen="Frauen, Kinder unter 6"), offer(gruppen="Erwachsene 18-64"),
                          offer(gruppen=None), offer(gruppen="Senioren")])
    matrix = gaps.gap_matrix(workbook, make_needs())
    counts = {g: int(cell(matrix, STADT, g)["offers"]) for g in ZIELGRUPPEN}
    # „18-64“ with a hyphen is „18–64“; an empty cell counts for every group, „Senioren“ for none but
    # „alle Zugewanderten“, which counts every offer of the field
    assert counts == {ALLE: 4, U6: 2, J617: 1, E1864: 2, A65: 1, FRAUEN: 2, ARBEITSLOSE: 1, ASYL: 1}
    assert any("Zeile 4" in w and "ohne Zielgruppe" in w for w in matrix.warnings)
    assert any("Zeile 5" in w and "„Senioren“" in w for w in matrix.warnings)


# --- language, places, kinds ------------------------------------------------------------------------------------

def test_language_gap_names_the_nationality_without_an_offer_in_its_languages():
    matrix = gaps.gap_matrix(make_plan([offer(sprachen="Deutsch, Arabisch")]), make_needs())
    stadt = cell(matrix, STADT)
    assert stadt["kind"] == "keine passende Sprache"
    assert "Ukrainisch oder Russisch (Ukraine)" in stadt["reason"] and "Syrien" not in stadt["reason"]
    russian = gaps.gap_matrix(make_plan([offer(sprachen="Deutsch, Arabisch"), offer(sprachen="Russisch")]),
                              make_needs())
    assert cell(russian, STADT)["kind"] == ""


def test_without_languages_of_the_district_the_language_is_not_judged():
    matrix = gaps.gap_matrix(make_plan([offer(sprachen="Deutsch")]), make_needs(languages=None))
    assert cell(matrix, STADT)["kind"] == ""
    assert any("nicht geprüft" in note for note in matrix.notes)


def test_only_nationalities_above_the_language_share_need_their_language():
    # Syrians are 20 % of the foreigners: with the bar at 25 % only Ukrainians need their language
    workbook = make_plan([offer(sprachen="Deutsch, Ukrainisch")])
    assert cell(gaps.gap_matrix(workbook, make_needs()), STADT)["kind"] == "keine passende Sprache"
    assert cell(gaps.gap_matrix(workbook, make_needs(), gaps.Rules(language_share=25)), STADT)["kind"] == ""


def test_a_language_counts_where_its_speakers_are_a_meaningful_number_of_people():
    """Rule 4's bar: people of the group in the Raum × the nationality's share in the Kreis ≥ 50. Musterstadt's 300
    adults: 90 Ukrainians, 60 Syrians; Adorf's 80: 24 and 16 — too few for a language gap of their own; the Kreis's
    30 AsylbLG recipients (known only for the Kreis): 9 Ukrainians, 6 Syrians."""
    workbook = make_plan([offer(sprachen="Deutsch", minuten=10, gruppen=f"{E1864}, {ASYL}")])
    matrix = gaps.gap_matrix(workbook, make_needs())
    assert cell(matrix, STADT)["kind"] == "keine passende Sprache"
    assert "Ukrainisch oder Russisch (Ukraine), Arabisch oder Kurdisch (Syrien)" in cell(matrix, STADT)["reason"]
    assert cell(matrix, ADORF)["offers"] == 1 and cell(matrix, ADORF)["kind"] == ""
    assert cell(matrix, ADORF, ASYL)["kind"] == cell(matrix, STADT, ASYL)["kind"] == ""
    bar = gaps.gap_matrix(workbook, make_needs(), gaps.Rules(language_min_people=61))   # Syrians (60) drop out
    assert "Syrien" not in cell(bar, STADT)["reason"] and "(Ukraine)" in cell(bar, STADT)["reason"]
    every = gaps.gap_matrix(workbook, make_needs(), gaps.Rules(language_min_people=0))   # the rule before the bar
    assert cell(every, ADORF)["kind"] == cell(every, ADORF, ASYL)["kind"] == "keine passende Sprache"
    assert "mindestens 50 Menschen der Gruppe im Raum" in " ".join(matrix.notes)
    hidden = gaps.gap_matrix(workbook, make_needs(changes={(STADT, E1864): 1.0}))   # a count the disclosure hides
    assert cell(hidden, STADT)["need_text"] == "." and cell(hidden, STADT)["kind"] == ""


def test_places_per_person_when_every_offer_gives_places():
    # Musterstadt: 300 adults, 12 places → 25 per place > 20; Adorf: 80 adults → 6,7 per place
    matrix = gaps.gap_matrix(make_plan([offer(minuten=10, plaetze=12)]), make_needs())
    assert cell(matrix, STADT)["kind"] == "zu wenige Plätze"
    assert "25 Personen je Platz" in cell(matrix, STADT)["reason"]
    assert cell(matrix, ADORF)["kind"] == ""
    # one offer without places: people per offer instead (300 / 2 = 150 ≤ 500: no gap)
    mixed = gaps.gap_matrix(make_plan([offer(plaetze=12), offer()]), make_needs())
    assert cell(mixed, STADT)["kind"] == "" and cell(mixed, STADT)["people_per_offer"] == 150


def test_people_per_offer_threshold():
    matrix = gaps.gap_matrix(make_plan([offer()]), make_needs(), gaps.Rules(people_per_offer=250))
    assert cell(matrix, STADT)["kind"] == "zu wenige Angebote"
    assert "300 Personen je Angebot (1 Angebot" in cell(matrix, STADT)["reason"]


def test_childcare_filter_and_sentence():
    workbook = make_plan([offer(kinder="nein"), offer(gemeinde=BDORF, kinder="ja")],
                         sozialraeume={ADORF: "Nord", STADT: "Nord", BDORF: "Süd"})
    found = make_needs(workbook)
    matrix = gaps.gap_matrix(workbook, found, kinderbetreuung=True)
    nord = cell(matrix, "Nord")
    assert nord["offers"] == 0 and nord["kind"] == "kein Angebot"
    assert nord["reason"] == ("Im Sozialraum Nord kein Angebot im Handlungsfeld „Sprache“ mit Kinderbetreuung für "
                              "„Erwachsene 18–64“ erreichbar; 380 Ausländer*innen 18–64.")
    assert cell(matrix, "Süd")["offers"] == 1


def test_nobody_there_is_no_gap():
    matrix = gaps.gap_matrix(make_plan([]), make_needs(changes={(BDORF, A65): 0.0}))
    assert not cell(matrix, BDORF, A65)["gap"] and cell(matrix, ADORF, A65)["gap"]


# --- ranking, IDs, hidden counts -------------------------------------------------------------------------------

def test_ranking_kind_first_then_people():
    workbook = make_plan([offer(minuten=10, sprachen="Deutsch")])  # Adorf and Musterstadt: offer, no language
    matrix = gaps.gap_matrix(workbook, make_needs())
    ranked = matrix.gaps
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    kinds = ranked["kind"].map(gaps.KINDS.index).to_numpy()
    assert (np.diff(kinds) >= 0).all()
    first = ranked[ranked["kind"] == "kein Angebot"]
    # first what other Räume have: the language offer for adults (and so for „alle“) misses Bdorf only; then
    # 400 foreigners and 300 adults in Musterstadt without any health offer, 200 women (ties: field order)
    assert list(first["gap_id"][:6]) == ["L-HF1-ALLE-16099002", "L-HF1-E1864-16099002", "L-HF2-ALLE-16099015",
                                         "L-HF2-E1864-16099015", "L-HF1-F-16099015", "L-HF2-F-16099015"]
    assert first["offered_elsewhere"].tolist()[:3] == [True, True, False]
    nowhere = first[~first["offered_elsewhere"]]
    known = nowhere["need"].dropna().to_numpy()
    assert (np.diff(known) <= 0).all()
    # counts not published (hidden, or only for the Kreis) come after the known ones
    assert nowhere["need"].isna().to_numpy()[len(known):].all()
    language = ranked[ranked["kind"] == "keine passende Sprache"]   # Adorf: 100 × 30 % = 30 Ukrainians, below 50
    assert list(language["gap_id"]) == ["L-HF1-ALLE-16099015", "L-HF1-E1864-16099015"]
    table = matrix.ranked(top=5)
    assert list(table.columns[:3]) == ["Rang", "Lücke", "Handlungsfeld"] and len(table) == 5


def test_gap_ids_follow_the_shared_convention():
    assert needs.raum_key("Süd") == "Sued"
    assert needs.raum_key("Groß  Ärmel/Öd") == "Gross_Aermel_Oed"
    assert needs.raum_key(ADORF) == ADORF
    matrix = gaps.gap_matrix(make_plan([]), make_needs())
    ids = set(matrix.cells["gap_id"])
    assert {"L-HF2-U6-16099001", "L-HF1-ASYL-16099015", "L-HF2-AL-16099002", "L-HF1-F-16099001",
            "L-HF1-J617-16099001", "L-HF1-A65-16099001"} <= ids
    assert len(ids) == len(matrix.cells) == 2 * len(ZIELGRUPPEN) * 3


def test_hidden_count_never_shows_in_a_sentence_or_ratio():
    # Bdorf has 2 people aged 65+: hidden (threshold 3), and with it another cell of the age table
    found = make_needs()
    assert found.table.at[BDORF, A65] == "."
    matrix = gaps.gap_matrix(make_plan([offer(gruppen=A65, gemeinde=BDORF)]), found)
    bdorf = cell(matrix, BDORF, A65)
    assert np.isnan(bdorf["need"]) and np.isnan(bdorf["people_per_offer"])
    nowhere = cell(gaps.gap_matrix(make_plan([]), found), BDORF, A65)
    assert nowhere["kind"] == "kein Angebot" and "Zahl geheim gehalten" in nowhere["reason"]
    assert nowhere["reason"].endswith("erreichbar; Ausländer*innen ab 65: Zahl geheim gehalten.")


# --- quadrant and pivots --------------------------------------------------------------------------------------

def test_quadrant_against_the_medians():
    workbook = make_plan([offer(gemeinde=ADORF, gruppen=ALLE), offer(gemeinde=ADORF, gruppen=ALLE, hf="Gesundheit")])
    matrix = gaps.gap_matrix(workbook, make_needs())
    quad = gaps.quadrant(matrix).set_index("raum")
    assert quad.attrs["need_split"] == 100 and quad.attrs["offer_split"] == 0
    assert quad.at[STADT, "quadrant"] == "viele Menschen, wenige Angebote"
    assert quad.at[ADORF, "quadrant"] == "viele Menschen, viele Angebote"      # 100 is the median itself
    assert quad.at[BDORF, "quadrant"] == "wenige Menschen, wenige Angebote"
    assert quad.at[ADORF, "offers"] == 2 and quad.at[ADORF, "people_per_offer"] == 50
    assert gaps.quadrant(matrix, handlungsfeld="HF2").set_index("raum").at[ADORF, "offers"] == 1
    assert gaps.quadrant(matrix, ASYL).empty and len(gaps.quadrant(matrix, ASYL).attrs["left_out"]) == 3


def test_pivots_for_the_heatmaps():
    matrix = gaps.gap_matrix(make_plan([offer()]), make_needs())
    by_field = matrix.pivot(raum=STADT)
    assert list(by_field.index) == ["Sprache", "Gesundheit"] and list(by_field.columns) == list(ZIELGRUPPEN)
    assert by_field.at["Sprache", E1864] == 1
    by_raum = matrix.pivot(handlungsfeld="HF1")
    assert list(by_raum.index) == ["Adorf", "Bdorf", "Musterstadt"]
    with pytest.raises(UserError, match="Raum „Süd“"):
        matrix.pivot(raum="Süd")
    with pytest.raises(UserError):
        matrix.pivot()
    with pytest.raises(UserError):
        matrix.pivot(raum=STADT, zielgruppe=E1864)
    by_group = matrix.pivot(zielgruppe=E1864)   # one group: Raum × Handlungsfeld (IDs)
    assert list(by_group.index) == ["Adorf", "Bdorf", "Musterstadt"] and list(by_group.columns) == ["HF1", "HF2"]
    assert by_group["HF1"].tolist() == [0, 0, 1] and by_group["HF2"].tolist() == [0, 0, 0]
    assert matrix.pivot(zielgruppe=FRAUEN).to_numpy().sum() == 0                    # the offer is for 18–64 only
    assert matrix.pivot("gap", zielgruppe=E1864).at["Musterstadt", "HF1"] == bool(cell(matrix, STADT)["gap"])
    with pytest.raises(UserError, match="Zielgruppe „Rentner“"):
        matrix.pivot(zielgruppe="Rentner")


def test_unknown_handlungsfeld_is_reported_not_counted():
    matrix = gaps.gap_matrix(make_plan([offer(hf="Wohnen"), offer(hf=None)]), make_needs())
    assert matrix.cells["offers"].sum() == 0
    assert any("Zeile 2" in w and "„Wohnen“" in w for w in matrix.warnings)
    assert any("Zeile 3" in w and "ohne Handlungsfeld" in w for w in matrix.warnings)


# --- figures --------------------------------------------------------------------------------------------------

def test_heatmap_shows_the_counts_and_frames_the_gaps():
    from matplotlib.patches import Rectangle

    from toolkit import charts
    from toolkit.bestandsanalyse import gap_figures
    workbook = make_plan([offer(minuten=10, plaetze=12), offer(gemeinde=ADORF, gruppen=ALLE, hf="Gesundheit")],
                         sozialraeume={ADORF: "Nord", STADT: "Nord", BDORF: "Süd"})
    matrix = gaps.gap_matrix(workbook, make_needs(workbook))
    fig = gap_figures.heatmap(matrix, handlungsfeld="HF1")
    ax = fig.axes[0]
    offers = matrix.pivot(handlungsfeld="HF1")
    shown = [t.get_text() for t in ax.texts]
    assert len(shown) == offers.size and shown[3] == "1 P"          # Nord, Erwachsene 18–64: too few places
    frames = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(frames) == int(matrix.pivot("gap", handlungsfeld="HF1").to_numpy().sum())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Nord", "Süd"]
    assert "im Handlungsfeld „Sprache“" in " ".join(ax.get_title(loc="left").split())
    footer = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    assert footer.startswith("Quelle:") and "60 Minuten" in footer
    assert charts.png(fig)[:4] == b"\x89PNG"
    by_field = gap_figures.heatmap(matrix, raum="Nord")
    assert [t.get_text() for t in by_field.axes[0].get_yticklabels()] == ["Sprache", "Gesundheit"]
    by_group = gap_figures.heatmap(matrix, zielgruppe=E1864).axes[0]   # Räume × Handlungsfelder for one group
    assert [t.get_text() for t in by_group.get_yticklabels()] == ["Nord", "Süd"]
    assert [t.get_text().split("\n")[0] for t in by_group.get_xticklabels()] == ["HF1", "HF2"]
    assert [t.get_text() for t in by_group.texts][::2] == [shown[3], shown[3 + len(ZIELGRUPPEN)]]   # HF1 as above
    assert f"für „{E1864}“ je Raum und Handlungsfeld" in " ".join(by_group.get_title(loc="left").split())


def test_quadrant_scatter_leaves_out_hidden_counts_and_names_them():
    from toolkit.bestandsanalyse import gap_figures
    matrix = gaps.gap_matrix(make_plan([offer(gemeinde=ADORF, gruppen=ALLE)]), make_needs())
    fig = gap_figures.quadrant_scatter(matrix, A65)                     # Adorf and Bdorf: 65+ hidden
    ax = fig.axes[0]
    assert len(ax.collections[0].get_offsets()) == 1
    assert [t.get_text() for t in ax.texts if t.get_text() in NAMES.values()] == ["Musterstadt"]
    footer = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    assert "nicht gezeigt: Adorf, Bdorf" in footer
    everyone = gap_figures.quadrant_scatter(matrix)
    colours = everyone.axes[0].collections[0].get_facecolors()
    assert len(colours) == 3
    assert ax.get_xlabel() == "Personen: Ältere ab 65"


# --- Musterland ---------------------------------------------------------------------------------------------

def test_musterland_plan_and_data_give_a_matrix_with_citable_ids():
    from toolkit.config import DEMO_DATA_DIR
    workbook = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    found = needs.needs(DEMO_DATA_DIR, "16099", plan=workbook)
    matrix = gaps.gap_matrix(workbook, found)
    fields = len([n for n in workbook.handlungsfelder["Handlungsfeld"] if n])
    assert len(matrix.cells) == fields * len(ZIELGRUPPEN) * len(found.counts)
    codes = "|".join(needs.GROUP_CODES.values())
    assert matrix.cells["gap_id"].str.fullmatch(rf"L-HF\d+-({codes})-[A-Za-z0-9_]+").all()
    assert matrix.cells["gap_id"].is_unique
    assert (matrix.gaps["reason"].str.len() > 0).all()
    # a hidden count never appears in a sentence: the sentence quotes the published text
    hidden = matrix.gaps[matrix.gaps["need_text"] == "."]
    assert hidden["reason"].str.contains("Zahl geheim gehalten").all()
    report = gaps.text_report(matrix, top=5)
    assert report.startswith("Lückenmatrix:") and "Regeln:" in report and "   1. L-HF" in report


def test_gaps_the_demo_plan_cites_are_found_with_their_reason():
    """Daten → Lücke → Ziel: the gap IDs the demo's goals cite (datasets/musterland/README.md) are gaps here."""
    import re

    from toolkit.config import DEMO_DATA_DIR
    workbook = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    cited = {m for text in workbook.ziele["Bedarf/Begründung"].dropna() for m in re.findall(r"L-[\w-]+", str(text))}
    assert {"L-HF3-F-Sued", "L-HF3-U6-Sued", "L-HF8-ALLE-Musterstadt"} <= cited
    found = needs.needs(DEMO_DATA_DIR, "16099", plan=workbook)
    plain, childcare = (gaps.gap_matrix(workbook, found, kinderbetreuung=k).gaps.set_index("gap_id") for k in (0, 1))
    assert cited <= set(plain.index)
    assert plain.at["L-HF8-ALLE-Musterstadt", "kind"] == "keine passende Sprache"
    assert "Arabisch oder Kurdisch (Syrien)" in plain.at["L-HF8-ALLE-Musterstadt", "reason"]
    south = childcare.loc["L-HF3-F-Sued"]
    assert south["kind"] == "kein Angebot" and south["reason"].startswith(
        "Im Sozialraum Süd kein Angebot im Handlungsfeld „Spracherwerb und Bildung“ mit Kinderbetreuung")
