"""Needs from the data (`toolkit.bestandsanalyse.needs`): the target groups per Gemeinde and Sozialraum from a
tiny hand-written data folder and from Musterland, missing tables said in German, small counts hidden."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from toolkit import disclosure, plan
from toolkit.bestandsanalyse import needs
from toolkit.config import DEMO_DATA_DIR
from toolkit.plan.schema import ZIELGRUPPEN

ALLE, U6, J617, E1864, A65, FRAUEN, ARBEITSLOSE, ASYL = ZIELGRUPPEN
AGES = ["unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 10 Jahre", "10 bis unter 15 Jahre",
        "15 bis unter 18 Jahre", "18 bis unter 20 Jahre", "20 bis unter 25 Jahre", "25 bis unter 30 Jahre",
        "30 bis unter 35 Jahre", "35 bis unter 40 Jahre", "40 bis unter 45 Jahre", "45 bis unter 50 Jahre",
        "50 bis unter 55 Jahre", "55 bis unter 60 Jahre", "60 bis unter 65 Jahre", "65 bis unter 70 Jahre",
        "70 bis unter 75 Jahre", "75 bis unter 80 Jahre", "80 bis unter 85 Jahre", "85 bis unter 90 Jahre",
        "90 Jahre und mehr"]
#: Foreigners (women, men) per age group of the three Gemeinden of the Testkreis 16077, 31.12.2024.
FOREIGN = {
    "16077001": {"unter 3 Jahre": (10, 12), "3 bis unter 6 Jahre": (8, 9), "6 bis unter 10 Jahre": (15, 14),
                 "25 bis unter 30 Jahre": (60, 80), "40 bis unter 45 Jahre": (30, 41), "70 bis unter 75 Jahre": (6, 5)},
    "16077002": {"unter 3 Jahre": (1, 0), "25 bis unter 30 Jahre": (20, 25), "45 bis unter 50 Jahre": (9, 11),
                 "65 bis unter 70 Jahre": (3, 4)},
    "16077003": {"30 bis unter 35 Jahre": (1, 1)},
}
NAMES = {"16077": "Testkreis, Kreis", "16077001": "Adorf", "16077002": "Bdorf", "16077003": "Cdorf"}
HEAD = ("GENESIS-Tabelle: 12411-03-03-5\n"
        "Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität;;;;;;;;;;;;\n"
        "und Altersgruppen (21) - Stichtag 31.12. - (ab 2011);;;;;;;;;;;;\n"
        "regionale Tiefe: Gemeinden;;;;;;;;;;;;\n"
        "Fortschreibung des Bevölkerungsstandes;;;;;;;;;;;;\n"
        "Bevölkerungsstand (Anzahl);;;;;;;;;;;;\n"
        ";;;;Insgesamt;Insgesamt;Insgesamt;Deutsche;Deutsche;Deutsche;Ausländer(innen);Ausländer(innen);"
        "Ausländer(innen)\n"
        ";;;;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich\n")
FOOT = ('__________\n"© Statistische Ämter des Bundes und der Länder, Deutschland, 2025.\n'
        'Datenlizenz Deutschland - Namensnennung - Version 2.0."\nStand: 15.05.2025 / 10:00:00\n')


def _cell(n: int) -> str:
    return str(n) if n else "-"


def _line(date: str, code: str, age: str, women: int, men: int) -> str:
    germans_w, germans_m = 500, 480
    indent = "      " if len(code) == 5 else "        "
    cells = [germans_w + germans_m + women + men, germans_m + men, germans_w + women,
             germans_w + germans_m, germans_m, germans_w, women + men, men, women]
    return f"{date};{code};{indent}{NAMES[code]};{age};" + ";".join(_cell(c) for c in cells) + "\n"


def _population_file(path) -> None:
    lines = []
    for year in (2023, 2024):
        date = f"31.12.{year}"
        for code in ["16077", *FOREIGN]:
            parts = FOREIGN.values() if code == "16077" else [FOREIGN[code]]
            totals = [0, 0]
            for age in AGES:
                women = sum(p.get(age, (0, 0))[0] for p in parts)
                men = sum(p.get(age, (0, 0))[1] for p in parts)
                totals = [totals[0] + women, totals[1] + men]
                lines.append(_line(date, code, age, women, men))
            total = _line(date, code, "Insgesamt", *totals)
            # Germans are 980 per age group: the total row holds the sum over the 21 groups
            cells = total.split(";")
            germans = (500 * 21, 480 * 21)
            cells[4:] = [_cell(c) for c in (sum(germans) + sum(totals), germans[1] + totals[1], germans[0] + totals[0],
                                             sum(germans), germans[1], germans[0], sum(totals), totals[1], totals[0])]
            lines.append(";".join(cells) + "\n")
    path.write_bytes((HEAD + "".join(lines) + FOOT).encode("cp1252"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A data folder with only the Gemeinde population table of a made-up Testkreis (16077)."""
    folder = tmp_path_factory.mktemp("testkreis")
    _population_file(folder / "12411-03-03-5.csv")
    return folder


def _expected(code: str) -> dict[str, float]:
    rows = FOREIGN[code]

    def people(ages, sex=(0, 1)):
        return float(sum(rows.get(a, (0, 0))[s] for a in ages for s in sex))
    return {ALLE: people(AGES), U6: people(AGES[:2]), J617: people(AGES[2:5]), E1864: people(AGES[5:15]),
            A65: people(AGES[15:]), FRAUEN: people(AGES, (0,))}


def test_tiny_folder_counts_every_group_by_hand(tiny):
    found = needs.needs(tiny, "16077")
    assert found.level == "Gemeinde" and found.years[ALLE] == 2024
    for code in FOREIGN:
        for group, value in _expected(code).items():
            assert found.counts.at[code, group] == value, (code, group)
    assert found.kreis[ALLE] == sum(_expected(c)[ALLE] for c in FOREIGN)
    assert found.names["16077001"] == "Adorf"


def test_tiny_folder_without_tables_says_so_in_german(tiny):
    found = needs.needs(tiny, "16077")
    assert set(found.missing) == {ARBEITSLOSE, ASYL}
    assert all("„" in reason and "Tabelle" in reason for reason in found.missing.values())
    assert found.counts[ARBEITSLOSE].isna().all() and (found.table[ARBEITSLOSE] == "–").all()
    assert found.languages.empty
    assert any("12521-0041" in note and "nicht geprüft" in note for note in found.notes)


def test_tiny_folder_hides_small_counts_and_what_reveals_them(tiny):
    found = needs.needs(tiny, "16077")
    # Bdorf: one child under 6 — a primary cell; Cdorf: two adults — primary as well
    assert found.table.at["16077002", U6] == disclosure.MARKER
    assert found.table.at["16077003", ALLE] == disclosure.MARKER
    assert np.isnan(found.values.at["16077002", U6])
    # no hidden age group can be worked out from „alle Zugewanderten“ and the other age groups of its row
    for code in FOREIGN:
        row = found.values.loc[code, [U6, J617, E1864, A65]]
        if row.isna().sum() == 1:
            assert np.isnan(found.values.at[code, ALLE])
    # nor from the Kreis total and the other Gemeinden of its column
    for group in (ALLE, U6, J617, E1864, A65, FRAUEN):
        assert found.values[group].isna().sum() != 1
    assert found.disclosed and all(not disclosure.check_published(d.table, d) for d in found.disclosed)
    # counts keep the numbers for the computation; zeros are shown as „-“
    assert found.counts.at["16077002", U6] == 1
    assert found.table.at["16077003", U6] == "-"


def test_tiny_folder_earlier_year_and_unknown_district(tiny):
    assert needs.needs(tiny, "16077", year=2023).years[ALLE] == 2023
    with pytest.raises(needs.UserError, match="keine Zahlen für den Kreis 16078"):
        needs.needs(tiny, "16078")


def test_sozialraeume_sum_gemeinden_before_disclosure(tiny):
    workbook = _plan_with_sozialraeume({"16077001": "Nord", "16077002": "Süd-Ost", "16077003": "Süd-Ost"})
    found = needs.needs(tiny, "16077", plan=workbook)
    assert found.level == "Sozialraum" and list(found.counts.index) == ["Nord", "Süd-Ost"]
    south = {g: _expected("16077002")[g] + _expected("16077003")[g] for g in _expected("16077002")}
    for group, value in south.items():
        assert found.counts.at["Süd-Ost", group] == value
    assert found.gemeinden["16077003"] == "Süd-Ost"
    assert needs.raum_key("Süd-Ost") == "Sued_Ost"


def test_gemeinde_without_sozialraum_is_kept_and_named(tiny):
    found = needs.needs(tiny, "16077", plan=_plan_with_sozialraeume({"16077001": "Nord"}))
    assert needs.NO_SOZIALRAUM in found.counts.index
    assert any("ohne Sozialraum" in note and "16077002" in note for note in found.notes)


def test_secret_source_cell_keeps_the_sozialraum_sum_hidden():
    counts = pd.DataFrame({ALLE: [100.0, 50.0, 80.0], ARBEITSLOSE: [np.nan, 12.0, 9.0]},
                          index=["16077001", "16077002", "16077003"])
    status = pd.DataFrame({ARBEITSLOSE: ["*", "", ""]}, index=counts.index)
    mapping = _plan_with_sozialraeume({"16077001": "Nord", "16077002": "Nord", "16077003": "Süd"}).sozialraeume
    found = needs.needs_from_counts(counts, status=status, sozialraeume=mapping, district="16077",
                                    kreis=pd.Series({ALLE: 230.0, ARBEITSLOSE: 23.0}))
    assert found.table.at["Nord", ARBEITSLOSE] == disclosure.MARKER
    # Süd alone would give Nord away through the Kreis total: hidden too
    assert found.table.at["Süd", ARBEITSLOSE] == disclosure.MARKER


def _plan_with_sozialraeume(mapping: dict[str, str]) -> plan.Plan:
    rows = pd.DataFrame({"Gemeinde (AGS)": list(mapping), "Gemeinde": None, "Sozialraum": list(mapping.values()),
                         "ÖPNV-Minuten zur Kreisstadt": None}, dtype=object)
    rows.index = range(2, 2 + len(rows))
    empty = {k: plan.empty(k) for k in ("handlungsfelder", "ziele", "indikatoren", "massnahmen")}
    return plan.Plan(sozialraeume=rows, **empty)


@pytest.fixture(scope="module")
def musterland():
    return needs.needs(DEMO_DATA_DIR, "16099")


def test_musterland_gemeinden_match_the_kreis(musterland):
    assert musterland.level == "Gemeinde" and len(musterland.counts) == 25
    for group in (ALLE, U6, J617, E1864, A65, FRAUEN):
        assert musterland.counts[group].sum() == musterland.kreis[group], group
    # the age groups make up all foreigners
    ages = musterland.counts[[U6, J617, E1864, A65]].sum(axis=1)
    assert (ages == musterland.counts[ALLE]).all()
    assert musterland.counts.at["16099015", ALLE] > musterland.counts[ALLE].drop("16099015").max()


def test_musterland_unemployed_from_ba_with_secret_cells(musterland):
    assert musterland.years[ARBEITSLOSE] == 2024
    secret = musterland.counts[ARBEITSLOSE].isna()
    assert secret.any() and (musterland.table.loc[secret, ARBEITSLOSE] == disclosure.MARKER).all()


def test_musterland_asylblg_only_for_the_kreis(musterland):
    assert musterland.kreis[ASYL] > 0
    assert musterland.counts[ASYL].isna().all()
    assert ASYL in musterland.missing and "ganzen Kreis" in musterland.missing[ASYL]
    assert any("nur für den Kreis" in note and "nicht geschätzt" in note for note in musterland.notes)


def test_musterland_languages_from_the_azr(musterland):
    nations = list(musterland.languages["nationality"])
    assert nations[:2] == ["Ukraine", "Syrien"]
    assert (musterland.languages["share"] >= needs.LANGUAGE_MIN_SHARE).all()
    assert {"uk", "ar"} <= musterland.language_codes
    assert any("Ausländerzentralregister" in note for note in musterland.notes)


def test_musterland_hides_small_cells(musterland):
    small = (musterland.counts > 0) & (musterland.counts < musterland.threshold)
    assert small.to_numpy().any()
    assert (musterland.table.to_numpy()[small.to_numpy()] == disclosure.MARKER).all()


def test_copied_folder_without_ba_and_azr_still_works(tmp_path):
    for name in ("12411-03-03-4.csv", "12411-03-03-5.csv"):
        shutil.copy(DEMO_DATA_DIR / name, tmp_path / name)
    found = needs.needs(tmp_path, "16099")
    assert set(found.missing) == {ARBEITSLOSE, ASYL}
    assert found.counts[ALLE].sum() > 0 and found.languages.empty


def test_sozialraum_sum_never_gives_away_a_gemeinde_stage_1_hides():
    # stage 1 hides X (2 foreigners) and, as its complement, the smallest other Gemeinde Y; Nord = X + Z would
    # give X away as Nord minus Z, which stage 1 shows: Nord and Süd (holding Y) stay hidden
    counts = pd.DataFrame({ALLE: [2.0, 40.0, 50.0, 60.0]}, index=["16077001", "16077002", "16077003", "16077004"])
    stage1 = disclosure.suppress(counts[ALLE], 3)
    assert list(stage1.mask[stage1.mask].index) == ["16077001", "16077002"]
    mapping = _plan_with_sozialraeume({"16077001": "Nord", "16077003": "Nord", "16077002": "Süd",
                                       "16077004": "Süd"}).sozialraeume
    found = needs.needs_from_counts(counts, sozialraeume=mapping, district="16077")
    assert (found.table[ALLE] == disclosure.MARKER).all()
    assert needs.STAGE1_KEPT in found.notes
    # with both hidden Gemeinden in one Sozialraum its sum gives neither away: shown
    together = _plan_with_sozialraeume({"16077001": "Nord", "16077002": "Nord", "16077003": "Süd",
                                        "16077004": "Süd"}).sozialraeume
    shown = needs.needs_from_counts(counts, sozialraeume=together, district="16077")
    assert list(shown.table[ALLE]) == ["42", "110"]


def test_gemeinden_stage_1_hides_stay_hidden(musterland):
    from toolkit import datenanalyse
    district = datenanalyse.prepare(DEMO_DATA_DIR, "16099", 2024)
    checked = 0
    for indicator, columns in (("auslaender_anzahl", [ALLE]), ("anteil_65plus_auslaender", [A65]),
                               ("anteil_unter18_auslaender", [U6, J617]),
                               ("auslaenderanteil_arbeitslose", [ARBEITSLOSE])):
        rows = district.protected[indicator]
        rows = rows[(rows["year"] == 2024) & (rows["level"] == "Gemeinde")]
        hidden = rows.loc[rows["counted"].isna(), "region_code"]
        checked += len(hidden)
        for column in columns:
            assert musterland.values.loc[hidden, column].isna().all(), (indicator, column)
    assert checked >= 4


def test_folder_with_kreis_tables_only_gives_the_kreis_as_one_raum(tmp_path):
    from toolkit.bestandsanalyse import gaps
    shutil.copy(DEMO_DATA_DIR / "12411-03-03-4.csv", tmp_path / "12411-03-03-4.csv")
    found = needs.needs(tmp_path, "16099")
    assert found.level == "Kreis" and list(found.counts.index) == ["16099"]
    assert found.counts.at["16099", ALLE] == found.kreis[ALLE] > 0
    assert found.table.at["16099", ALLE] != disclosure.MARKER
    assert any("ganzen Kreis" in note and "12411-03-03-5" in note for note in found.notes)
    workbook = _plan_with_sozialraeume({})
    workbook.handlungsfelder = pd.DataFrame({"ID": ["HF1"], "Handlungsfeld": ["Sprache"], "Beschreibung": [None]},
                                            index=[2], dtype=object)
    matrix = gaps.gap_matrix(workbook, found)
    assert set(matrix.cells["gap_id"]) >= {"L-HF1-ALLE-16099"}
    assert matrix.cells.loc[matrix.cells["zielgruppe"] == ALLE, "reason"].iloc[0].startswith("Im Kreis kein Angebot")
