"""Indicator catalogue and computation: real published figures, exact recomputation on the demo
district, status propagation, the Einbürgerungsquote's time shift, the Eisenach merge, compare
and change."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from toolkit import data, indicators
from toolkit.config import DEMO_DATA_DIR
from toolkit.data.markers import parse_cells
from toolkit.errors import UserError

POP = "12411-03-03-4"
FOREIGN, ALL = "Ausländer(innen) | Insgesamt", "Insgesamt | Insgesamt"
BA = "ba_arbeitsmarkt_staatsangehoerigkeit"
SCHOOL = "21111-02-06-4"


@pytest.fixture(scope="module")
def raw():
    """The demo tables as read, before the Gebietsstand merge."""
    return data.read_dir(DEMO_DATA_DIR)


@pytest.fixture(scope="module")
def demo(raw):
    return {code: indicators.gebietsstand(table) for code, table in raw.items()}


@pytest.fixture(scope="module")
def real(realdata):
    return indicators.load(realdata / "regionalstatistik")


def count(table, region, year, variable, age="Insgesamt"):
    """One raw count of a population-like table; the label as any vintage writes it (the demo may
    say „ausländisch“ where older files say „Ausländer(innen)“)."""
    rows = table[(table["region_code"] == region) & table["time"].str.startswith(str(year))
                 & (table["variable"].map(indicators.normalise) == indicators.normalise(variable))]
    if "age_group" in table:
        rows = rows[rows["age_group"] == age]
    assert len(rows) == 1
    return float(rows["value"].iloc[0])


def row(result, region, year):
    found = result[(result["region_code"] == region) & (result["year"] == year)]
    assert len(found) == 1, (region, year)
    return found.iloc[0]


def small_table(cells: dict[str, tuple[str, str]], year: int = 2020) -> dict[str, pd.DataFrame]:
    """A school-leaver table with one Kreis per entry: (ohne HSA, Insgesamt) as published cells."""
    records = [(region, f"Kreis {region}", str(year), f"Absolventen und Abgänger | {variable}", cell)
               for region, pair in cells.items()
               for variable, cell in zip(("ohne Hauptschulabschluss", "Insgesamt"), pair)]
    frame = pd.DataFrame(records, columns=["region_code", "region_name", "time", "variable", "cell"])
    frame["value"], frame["status"], _ = parse_cells(frame.pop("cell"))
    frame.attrs = {"table_code": SCHOOL, "title": "Absolventen", "source": "Test", "licence": "dl-de/by-2-0"}
    return {SCHOOL: frame}


# --- the catalogue ---------------------------------------------------------------------------

def test_catalogue_has_complete_german_entries_on_eisenachs_fields():
    catalogue = indicators.catalogue()
    assert len(catalogue) >= 15
    ids = [ind.id for ind in catalogue]
    assert len(set(ids)) == len(ids)
    fields = set(indicators.handlungsfelder())
    assert len(fields) == 9 and "Spracherwerb und Bildung" in fields
    for ind in catalogue:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.id)
        assert ind.name and ind.short and ind.definition and ind.numerator and ind.denominator
        assert ind.handlungsfeld in fields
        assert {"%": 100, "je 1.000 Einwohner": 1000, "Anzahl": 1}[ind.unit] == ind.factor
        assert set(ind.levels) <= {"Kreis", "Gemeinde"} and ind.levels
        assert all(isinstance(c, str) and c.endswith(".") for c in ind.caveats)
    assert indicators.get("einbuergerungsquote").intmk == "B2b"
    assert indicators.get("arbeitslosenquote_auslaender").intmk == "E5"


def test_caveats_stated_where_their_sources_are_used():
    for ind in indicators.catalogue():
        text = " ".join(ind.caveats)
        if "12521-0041" in ind.tables:
            assert "Vielfaches von 5" in text and "Ausländerzentralregister" in text, ind.id
        if POP in ind.tables:
            assert "Zensus 2022" in text, ind.id
        if BA in ind.tables:
            assert "anonymisiert" in text, ind.id
    assert any("über 100 %" in c for c in indicators.get("kita_quote_herkunft").caveats)
    assert any("nicht nach Staatsangehörigkeit" in c for c in indicators.get("schulabgaenger_ohne_hsa").caveats)
    assert any("Näherung" in c for c in indicators.get("beschaeftigungsquote_auslaender").caveats)
    assert indicators.get("arbeitslosenquote_auslaender").denominator.endswith("nicht veröffentlicht")


def test_unknown_indicator_lists_the_valid_ids():
    with pytest.raises(UserError) as error:
        indicators.get("auslaenderquote")
    assert error.value.message == "Einen Indikator „auslaenderquote“ gibt es nicht."
    assert "auslaenderanteil, auslaender_anzahl" in error.value.hint


# --- real published figures ------------------------------------------------------------------

def test_auslaenderanteil_from_the_real_2015_table(real):
    result = indicators.compute("auslaenderanteil", real)
    thueringen, erfurt = row(result, "16", 2015), row(result, "16051", 2015)
    assert (thueringen["numerator"], thueringen["denominator"]) == (83394, 2170714)
    assert thueringen["value"] == 83394 / 2170714 * 100
    assert round(thueringen["value"], 2) == 3.84
    assert (erfurt["numerator"], erfurt["denominator"], erfurt["status"]) == (12153, 210118, "")
    assert erfurt["value"] == 12153 / 210118 * 100
    assert (erfurt["level"], erfurt["time"], thueringen["level"]) == ("Kreis", "2015-12-31", "Land")
    assert result.attrs["indicator"] is indicators.get("auslaenderanteil")
    assert "Tabelle 12411-03-03-4" in result.attrs["sources"][0]
    assert "Datenlizenz Deutschland" in result.attrs["sources"][0]


def test_published_unemployment_rate_of_foreigners_is_taken_not_computed(real):
    result = indicators.compute("arbeitslosenquote_auslaender", real)
    published = {code: row(result, code, 2016)["value"] for code in ("16", "16051", "16052", "16053")}
    assert published == {"16": 22.0, "16051": 25.0, "16052": 31.9, "16053": 22.7}
    thueringen = row(result, "16", 2016)
    assert thueringen["numerator"] == 5651 and math.isnan(thueringen["denominator"])
    # Eisenach was still separate: the published Wartburgkreis rate is not the merged area's.
    assert (math.isnan(row(result, "16063", 2016)["value"]), row(result, "16063", 2016)["status"]) == (True, "x")
    assert "16056" not in set(result["region_code"])


def test_asylblg_per_thousand_from_real_counts(real):
    result = indicators.compute("asylblg_je_1000", real)
    thueringen = row(result, "16", 2015)
    assert (thueringen["numerator"], thueringen["denominator"]) == (28401, 2170714)
    assert thueringen["value"] == 28401 / 2170714 * 1000


def test_labels_match_across_spellings(real):
    """Another download may say "Ausländer" instead of "Ausländer(innen)" or change case."""
    renamed = real[POP].assign(variable=real[POP]["variable"].str.replace("Ausländer(innen)", "Ausländer*innen")
                               .str.replace("Insgesamt", "insgesamt"),
                               age_group=real[POP]["age_group"].str.replace("Insgesamt", "Insgesamt:"))
    renamed.attrs = real[POP].attrs
    result = indicators.compute("auslaenderanteil", {POP: renamed})
    assert row(result, "16", 2015)["value"] == 83394 / 2170714 * 100
    assert indicators.normalise("Arbeitslose | Ausländer | Ausländer") == "arbeitslose | ausländer"
    assert indicators.normalise("Arbeitslose | Insgesamt | Insgesamt") == "arbeitslose"


def test_eisenach_counts_are_added_before_the_rate_in_real_data(realdata, real):
    unmerged = data.read(realdata / "regionalstatistik" / "13211-02-05-4_00.csv")
    result = indicators.compute("auslaenderanteil_arbeitslose", real)
    wak = row(result, "16063", 2016)
    parts = [count(unmerged, code, 2016, v) for v in ("Arbeitslose | Ausländer", "Arbeitslose")
             for code in ("16063", "16056")]
    assert (wak["numerator"], wak["denominator"]) == (parts[0] + parts[1], parts[2] + parts[3])
    assert wak["value"] == (parts[0] + parts[1]) / (parts[2] + parts[3]) * 100


# --- demo district: exact recomputation ------------------------------------------------------

def test_gemeinde_share_recomputed_from_raw_counts(demo, raw):
    result = indicators.compute("auslaenderanteil", demo)
    gemeinden = raw["12411-03-03-5"]
    musterstadt = row(result, "16099015", 2024)
    foreign, total = count(gemeinden, "16099015", 2024, FOREIGN), count(gemeinden, "16099015", 2024, ALL)
    assert (musterstadt["numerator"], musterstadt["denominator"]) == (foreign, total)
    assert musterstadt["value"] == foreign / total * 100 and musterstadt["level"] == "Gemeinde"
    assert set(result["level"]) == {"Bund", "Land", "Kreis", "Gemeinde"}
    assert result.groupby(["region_code", "time"]).size().max() == 1


def test_age_share_sums_age_groups(demo, raw):
    result = indicators.compute("anteil_65plus_auslaender", demo)
    old = sum(count(raw[POP], "16099", 2024, FOREIGN, age) for age in indicators.group("ab_65"))
    kreis = row(result, "16099", 2024)
    assert (kreis["numerator"], kreis["denominator"]) == (old, count(raw[POP], "16099", 2024, FOREIGN))


def test_migration_balance_per_thousand(demo, raw):
    moves = raw["12711-05-02-4"]
    net = (count(moves, "16099", 2023, "Zuzüge über die Kreisgrenzen | Ausländer")
           - count(moves, "16099", 2023, "Fortzüge über die Kreisgrenzen | Ausländer"))
    kreis = row(indicators.compute("wanderungssaldo_auslaender", demo), "16099", 2023)
    assert kreis["numerator"] == net
    assert kreis["value"] == net / count(raw[POP], "16099", 2023, ALL) * 1000


def test_naturalisation_rate_uses_foreigners_of_the_previous_year(demo, raw):
    result = indicators.compute("einbuergerungsquote", demo)
    kreis = row(result, "16099", 2024)
    assert kreis["time"] == "2024"
    assert kreis["numerator"] == count(raw["12511-01-01-4"], "16099", 2024, "Eingebürgerte Ausländer | Insgesamt")
    assert kreis["denominator"] == count(raw[POP], "16099", 2023, FOREIGN)
    assert kreis["denominator"] != count(raw[POP], "16099", 2024, FOREIGN)
    assert kreis["value"] == kreis["numerator"] / kreis["denominator"] * 100
    assert result["year"].min() == 2015  # 2014 would need foreigners on 31.12.2013


def test_eisenach_merged_into_wartburgkreis_before_2021(demo, raw):
    result = indicators.compute("auslaenderanteil", demo)
    assert "16056" not in set(result["region_code"])
    before = row(result, "16063", 2015)
    foreign = [count(raw[POP], code, 2015, FOREIGN) for code in ("16063", "16056")]
    total = [count(raw[POP], code, 2015, ALL) for code in ("16063", "16056")]
    assert (before["numerator"], before["denominator"]) == (sum(foreign), sum(total))
    assert before["value"] == sum(foreign) / sum(total) * 100
    assert before["value"] != pytest.approx(np.mean([f / t * 100 for f, t in zip(foreign, total)]), abs=1e-9)
    after = row(result, "16063", 2023)
    assert after["numerator"] == count(raw[POP], "16063", 2023, FOREIGN) and after["status"] == ""
    published = indicators.compute("arbeitslosenquote_auslaender", demo)
    assert set(published.loc[(published["region_code"] == "16063") & (published["year"] <= 2020), "status"]) == {"x"}
    assert row(published, "16063", 2021)["value"] == count(
        raw["13211-02-05-4"], "16063", 2021, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer")


def test_azr_shares_use_the_published_total(demo, raw):
    azr = raw["12521-0041"]
    rows = azr[(azr["region_code"] == "16099") & (azr["time"] == "2024-12-31")
               & (azr["variable"] == "Geschlecht | Insgesamt")]  # GENESIS-Online CSV: Geschlecht in the header
    total = float(rows.loc[rows["category"] == "Insgesamt", "value"].iloc[0])
    eu = float(rows.loc[rows["category"].isin(indicators.group("eu_staaten")), "value"].sum())
    share, third = (row(indicators.compute(i, demo), "16099", 2024) for i in ("eu_anteil", "drittstaaten_anteil"))
    assert (share["numerator"], share["denominator"], share["status"]) == (eu, total, "e")
    assert (third["numerator"], third["denominator"]) == (total - eu, total)
    table = indicators.nationalities(demo, "16099", 2024, top=5)
    assert list(table["nationality"])[-1] == "Übrige" and len(table) == 6
    assert table["value"].iloc[:5].is_monotonic_decreasing
    assert table["value"].sum() == total and table.attrs["total"] == total
    assert table["share"].sum() == pytest.approx(100)
    eu = set(indicators.group("eu_staaten"))
    assert [flag == (name in eu) for name, flag in zip(table["nationality"][:5], table["eu"][:5])] == [True] * 5
    assert "≈" in table.attrs["note"]


def test_kita_quota_relative_to_foreign_children_of_the_previous_year(demo, raw):
    kreis = row(indicators.compute("kita_quote_herkunft", demo), "16099", 2024)
    children = sum(count(raw[POP], "16099", 2023, FOREIGN, age) for age in indicators.group("unter_6"))
    assert kreis["denominator"] == children and kreis["time"] == "2024-03-01"


# --- status propagation ----------------------------------------------------------------------

@pytest.mark.parametrize(("without", "total", "value", "status"), [
    ("12", "200", 6.0, ""),
    (".", "200", None, "."),        # a rate from a secret count is not a number
    ("12", "/", None, "/"),
    ("...", "200", None, "..."),
    ("-", "200", 0.0, ""),          # `-` is a true zero
    ("-", "-", None, "x"),          # 0/0 is not meaningful
    ("12 p", "200", 6.0, "p"),      # flags pass through
    ("12", "(200)", 6.0, "()"),
    ("12 p", "200 r", 6.0, "p"),
])
def test_rate_status_follows_its_counts(without, total, value, status):
    result = indicators.compute("schulabgaenger_ohne_hsa", small_table({"16099": (without, total)}))
    got = row(result, "16099", 2020)
    assert got["status"] == status
    assert (math.isnan(got["value"]) if value is None else got["value"] == value)


def test_secret_part_makes_a_sum_secret(demo):
    table = demo[POP].copy()
    foreign = table["variable"].map(indicators.normalise) == indicators.normalise(FOREIGN)
    hidden = ((table["region_code"] == "16099") & (table["time"] == "2024-12-31") & foreign
              & (table["age_group"] == "90 Jahre und mehr"))
    table.loc[hidden, ["value", "status"]] = [np.nan, "."]
    table.attrs = demo[POP].attrs
    kreis = row(indicators.compute("anteil_65plus_auslaender", {POP: table}), "16099", 2024)
    assert math.isnan(kreis["numerator"]) and math.isnan(kreis["value"]) and kreis["status"] == "."


# --- BA workbook (one sheet per year) --------------------------------------------------------

def test_elb_quota_by_nationality_for_gemeinden(demo, raw):
    ba = demo[BA]
    result = indicators.compute("elb_quote_auslaender", demo)
    assert sorted(set(result["year"])) == list(range(2015, 2025))  # 2014 would need 31.12.2013
    gemeinde = row(result, "16099015", 2024)
    elb = float(ba.loc[(ba["region_code"] == "16099015") & (ba["time"] == "2024")
                       & (ba["variable"].map(indicators.normalise)
                          == "erwerbsfähige leistungsberechtigte (sgb ii) | ausländer"), "value"].iloc[0])
    adults = sum(count(raw["12411-03-03-5"], "16099015", 2023, FOREIGN, age)
                 for age in indicators.group("15_bis_65"))
    assert (gemeinde["numerator"], gemeinde["denominator"]) == (elb, adults)
    assert gemeinde["value"] == elb / adults * 100


@pytest.mark.parametrize("indicator", ["elb_quote_deutsche", "auslaenderanteil_arbeitslose"])
def test_anonymised_ba_cell_gives_no_rate(demo, indicator):
    ba = demo[BA]
    spec = indicators.get(indicator).numerator_spec
    wanted = indicators.normalise(dict(spec.select)["variable"][0])
    secret = ba[(ba["status"] == "*") & (ba["variable"].map(indicators.normalise) == wanted)]
    result = indicators.compute(indicator, demo).set_index(["region_code", "year"])
    secret = secret[secret["time"].astype(int) >= result.index.get_level_values("year").min()]
    assert len(secret) > 0
    got = result.loc[list(zip(secret["region_code"], secret["time"].astype(int))), ["value", "status"]]
    assert set(got["status"]) == {"*"} and got["value"].isna().all()


# --- missing tables and variables ------------------------------------------------------------

def test_missing_table_names_code_and_variable(demo):
    tables = {code: t for code, t in demo.items() if code != "12511-01-01-4"}
    with pytest.raises(UserError) as error:
        indicators.compute("einbuergerungsquote", tables)
    assert error.value.message == (
        "Für den Indikator „Einbürgerungsquote“ fehlt die Tabelle 12511-01-01-4; gebraucht wird: "
        "Eingebürgerte Ausländer insgesamt im Jahr t (Tabelle 12511-01-01-4).")
    assert error.value.hint.startswith("So laden Sie sie herunter: Regionaldatenbank Deutschland "
                                       "(https://www.regionalstatistik.de): Tabelle 12511-01-01-4")
    assert indicators.get("einbuergerungsquote") not in indicators.available(tables)


def test_missing_variable_names_table_and_label(demo):
    table = demo[POP][demo[POP]["variable"].map(indicators.normalise) != indicators.normalise(FOREIGN)]
    table.attrs = demo[POP].attrs
    with pytest.raises(UserError) as error:
        indicators.compute("auslaenderanteil", {POP: table})
    assert error.value.message.startswith(
        "Tabelle 12411-03-03-4: Merkmal „Ausländer(innen) | Insgesamt“ fehlt "
        "(vorhanden: „Insgesamt | Insgesamt“")
    assert error.value.message.endswith("gebraucht für den Indikator „Ausländeranteil“.")
    assert error.value.file.endswith("12411-03-03-4.csv")


def test_available_from_population_table_only(demo):
    found = {ind.id for ind in indicators.available({POP: demo[POP]})}
    assert found == {"auslaenderanteil", "auslaender_anzahl", "anteil_unter18_auslaender", "anteil_unter18_deutsche",
                     "anteil_65plus_auslaender", "anteil_65plus_deutsche"}


# --- compare and change ----------------------------------------------------------------------

def test_compare_gemeinde_with_kreis_land_and_bund(demo):
    result = indicators.compute("auslaenderanteil", demo)
    table = indicators.compare(result, "16099015", 2024)
    assert list(table["region_code"]) == ["16099015", "16099", "16", "DG"]
    assert list(table["level"]) == ["Gemeinde", "Kreis", "Land", "Bund"]
    assert table.attrs["indicator"].id == "auslaenderanteil"
    azr = indicators.compare(indicators.compute("auslaenderanteil_azr", demo), "16099", 2024)
    assert list(azr["region_code"]) == ["16099"]  # the AZR table has no Land or Bund rows


def test_change_between_years(demo):
    result = indicators.compute("auslaenderanteil", demo)
    moved = indicators.change(result, 2015, 2024)
    kreis = moved[moved["region_code"] == "16099"].iloc[0]
    first, last = row(result, "16099", 2015)["value"], row(result, "16099", 2024)["value"]
    assert (kreis["value_from"], kreis["value_to"], kreis["change"]) == (first, last, last - first)
    assert kreis["status"] == "" and moved.attrs["change_unit"] == "Prozentpunkte"
    assert len(moved) == result["region_code"].nunique()


def test_change_keeps_the_marker_of_either_side():
    first = small_table({"16051": ("10", "100"), "16052": ("5 p", "50"), "16053": ("4", "40")}, 2019)
    second = small_table({"16051": (".", "100"), "16052": ("6", "50"), "16054": ("1", "10")}, 2020)
    both = {SCHOOL: pd.concat([first[SCHOOL], second[SCHOOL]], ignore_index=True)}
    moved = indicators.change(indicators.compute("schulabgaenger_ohne_hsa", both), 2019, 2020)
    moved = moved.set_index("region_code")
    assert (math.isnan(moved.loc["16051", "change"]), moved.loc["16051", "status"]) == (True, ".")
    assert moved.loc["16052", "change"] == pytest.approx(2.0) and moved.loc["16052", "status"] == "p"
    assert moved.loc["16053", "status"] == "x" and moved.loc["16054", "status"] == "x"
    assert math.isnan(moved.loc["16053", "change"]) and moved.loc["16054", "value_to"] == 10.0


# --- real labels of every vintage (figures read from the raw CSV rows by hand) ----------------
# 12511-01-01-4.csv     2016;16051;Erfurt;120;…   2016;16052;Gera;14;…   Wartburgkreis 20, Eisenach 23
# 12411-03-03-4_00.csv  31.12.2015 Insgesamt: Erfurt 210118 (Ausländer 12153), Gera 96011 (4627),
#                       Wartburgkreis 125655 (2950), Eisenach 42417 (2344)
# 12711-05-02-4_00.csv  2015 Ausländer(innen) Zuzüge/Fortzüge: Erfurt 5878/2167, Gera 4045/1516
# 13111-02-02-4_00.csv  30.06.2015 Insgesamt/Ausländer(innen): Erfurt 78137/3064, Gera 33655/607
# 21111-02-06-4.csv     2015 Insgesamt/ohne HSA: Erfurt 1501/137, Gera 647/57, Eisenach 386/33, WAK 826/54
# current/13211-02-05-4.csv  2023 Arbeitslose/ausländisch/ALQ ausländisch: Erfurt 6964/2114/17,7
# current/12411-0015_de.csv  31.12.2015: Erfurt 210118, Gera 96011
# 22221-01-01-4_00.csv  31.12.2015 Regelleistungsempfänger: Erfurt 1577, Gera 1103

def test_naturalisation_rate_from_the_real_2016_table(real):
    result = indicators.compute("einbuergerungsquote", real)
    assert (row(result, "16051", 2016)["numerator"], row(result, "16051", 2016)["denominator"]) == (120, 12153)
    assert row(result, "16051", 2016)["value"] == 120 / 12153 * 100
    assert row(result, "16052", 2016)["value"] == 14 / 4627 * 100
    merged = row(result, "16063", 2016)
    assert (merged["numerator"], merged["denominator"]) == (20 + 23, 2950 + 2344)


def test_migration_balance_of_foreigners_from_the_real_2015_table(real):
    """Nationality is a column of its own in the real file, part of the header path in the demo."""
    result = indicators.compute("wanderungssaldo_auslaender", real)
    assert row(result, "16051", 2015)["numerator"] == 5878 - 2167
    assert row(result, "16051", 2015)["value"] == (5878 - 2167) / 210118 * 1000
    assert row(result, "16052", 2015)["value"] == (4045 - 1516) / 96011 * 1000


def test_foreigners_share_of_employees_from_the_real_2015_table(real):
    result = indicators.compute("svb_auslaenderanteil", real)
    erfurt = row(result, "16051", 2015)
    assert (erfurt["numerator"], erfurt["denominator"], erfurt["time"]) == (3064, 78137, "2015-06-30")
    assert row(result, "16052", 2015)["value"] == 607 / 33655 * 100


def test_employment_rate_says_which_years_do_not_meet(real):
    """Employees up to 30.06.2015 need foreigners of 31.12.2014; the folder has 31.12.2015 only."""
    results, reasons = indicators.compute_all(real)
    assert "beschaeftigungsquote_auslaender" not in results
    reason = reasons["beschaeftigungsquote_auslaender"]
    assert reason.startswith("Zähler und Nenner haben kein gemeinsames Jahr")
    assert "Tabelle 13111-02-02-4 passt zu 2012–2015" in reason
    assert "Tabelle 12411-03-03-4 (Stichtag des Vorjahres) passt zu 2016" in reason


def test_school_leavers_without_hauptschulabschluss_from_the_real_table(real):
    result = indicators.compute("schulabgaenger_ohne_hsa", real)
    assert (row(result, "16051", 2015)["numerator"], row(result, "16051", 2015)["denominator"]) == (137, 1501)
    assert row(result, "16052", 2015)["value"] == 57 / 647 * 100
    assert row(result, "16063", 2015)["value"] == (54 + 33) / (826 + 386) * 100


def test_every_indicator_of_the_real_folder_is_computed_or_explained(real):
    results, reasons = indicators.compute_all(real)
    for wanted in ("einbuergerungsquote", "wanderungssaldo_auslaender", "svb_auslaenderanteil",
                   "schulabgaenger_ohne_hsa", "asylblg_je_1000", "auslaenderanteil_arbeitslose"):
        assert wanted in results, reasons.get(wanted)
    assert set(results) | set(reasons) == {ind.id for ind in indicators.catalogue()}
    assert "fehlt die Tabelle 12521-0041" in reasons["eu_anteil"]


def test_current_labels_auslaendisch_and_genesis_population(realdata):
    current = {code: indicators.gebietsstand(data.read(realdata / "current" / name))
               for code, name in (("13211-02-05-4", "13211-02-05-4.csv"), ("12411-0015", "12411-0015_de.csv"))}
    rate = row(indicators.compute("arbeitslosenquote_auslaender", current), "16051", 2023)
    assert (rate["value"], rate["numerator"]) == (17.7, 2114)
    share = row(indicators.compute("auslaenderanteil_arbeitslose", current), "16051", 2023)
    assert share["value"] == 2114 / 6964 * 100
    current["22221-01-01-4"] = data.read(realdata / "regionalstatistik" / "22221-01-01-4_00.csv")
    asylum = indicators.compute("asylblg_je_1000", current)
    assert (row(asylum, "16051", 2015)["numerator"], row(asylum, "16051", 2015)["denominator"]) == (1577, 210118)
    assert row(asylum, "16052", 2015)["value"] == 1103 / 96011 * 1000


def test_a_table_with_only_some_columns_is_not_taken_for_the_total(real):
    """A download with only the foreigners' column must not pass for „all unemployed“ (100 %)."""
    table = real["13211-02-05-4"]
    only = table[table["variable"] == "Arbeitslose | Ausländer"]
    only.attrs = table.attrs
    results, reasons = indicators.compute_all({"13211-02-05-4": only})
    assert "auslaenderanteil_arbeitslose" not in results
    assert reasons["auslaenderanteil_arbeitslose"].startswith(
        "Tabelle 13211-02-05-4: Merkmal „Arbeitslose“ fehlt (vorhanden: „Arbeitslose | Ausländer“)")


def test_reason_names_table_expected_label_and_labels_found(real):
    table = real["13111-02-02-4"]
    without = table[~table["variable"].str.contains("Ausländer")]
    without.attrs = table.attrs
    _, reasons = indicators.compute_all({**real, "13111-02-02-4": without})
    assert reasons["svb_auslaenderanteil"] == (
        "Tabelle 13111-02-02-4: Merkmal „Sozialversicherungspflichtig Beschäftigte am Wohnort | Ausländer“ fehlt "
        "(vorhanden: „Nationalität | Insgesamt | Geschlecht | Insgesamt“, "
        "„Nationalität | Insgesamt | Geschlecht | männlich“, "
        "„Nationalität | Insgesamt | Geschlecht | weiblich“) "
        "– gebraucht für den Indikator "
        "„Anteil der Ausländer*innen an den sozialversicherungspflichtig Beschäftigten“.")


def test_rate_published_as_dash_is_no_value():
    """Before 2009 no foreigners' rate was published („-“): no point at 0 %."""
    cells = [("16", "2008", "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", np.nan, "-"),
             ("16", "2009", "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", 21.5, ""),
             ("16", "2008", "Arbeitslose | Ausländer", 9000.0, ""),
             ("16", "2009", "Arbeitslose | Ausländer", 9100.0, "")]
    table = pd.DataFrame(cells, columns=["region_code", "time", "variable", "value", "status"])
    table.insert(1, "region_name", "Thüringen")
    table.attrs = {"units": {"Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer": "Prozent"}}
    result = indicators.compute("arbeitslosenquote_auslaender", {"13211-02-05-4": table})
    before = row(result, "16", 2008)
    assert math.isnan(before["value"]) and before["status"] == "-"
    assert row(result, "16", 2009)["value"] == 21.5


def test_merged_wartburgkreis_is_named_with_eisenach(realdata, real):
    raw_population = data.read(realdata / "regionalstatistik" / "12411-03-03-4_00.csv")
    assert count(raw_population, "16063", 2015, ALL) == 125655
    result = indicators.compute("auslaenderanteil", real)
    merged = row(result, "16063", 2015)
    assert merged["denominator"] == 125655 + 42417
    assert merged["region_name"] == indicators.MERGED_NAME == "Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021)"
    assert result.attrs["eisenach_merged"] == [2015]
    assert row(result, "16051", 2015)["region_name"].startswith("Erfurt")


def test_change_from_a_rate_published_as_dash_has_no_value():
    cells = [("16", str(year), "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", value, status)
             for year, value, status in ((2008, np.nan, "-"), (2009, 21.5, ""), (2010, 20.0, ""))]
    cells += [("16", str(year), "Arbeitslose | Ausländer", 9000.0, "") for year in (2008, 2009, 2010)]
    table = pd.DataFrame(cells, columns=["region_code", "time", "variable", "value", "status"])
    table.insert(1, "region_name", "Thüringen")
    result = indicators.compute("arbeitslosenquote_auslaender", {"13211-02-05-4": table})
    early = indicators.change(result, 2008, 2010).iloc[0]
    assert math.isnan(early["change"]) and early["status"] == "-"
    late = indicators.change(result, 2009, 2010).iloc[0]
    assert late["change"] == pytest.approx(-1.5) and late["status"] == ""


def test_older_header_words_und_zwar_and_insgesamt_suffix(realdata):
    """13211-01-03-4 (corpus, 2017/18) heads its columns „Arbeitslose insgesamt“ and
    „Arbeitslose | und zwar | Ausländer“; raw row 2016;16;Thüringen;77215;5651;…"""
    assert indicators.normalise("Arbeitslose insgesamt") == "arbeitslose"
    assert indicators.normalise("Arbeitslose | und zwar | Ausländer") == "arbeitslose | ausländer"
    older = data.read(realdata / "corpus" / "13211-01-03-4_00.csv")
    share = indicators.compute("auslaenderanteil_arbeitslose", {"13211-02-05-4": older})
    assert (row(share, "16", 2016)["numerator"], row(share, "16", 2016)["denominator"]) == (5651, 77215)


def _sex_as_key_column(online: pd.DataFrame) -> pd.DataFrame:
    """GENESIS-Online lets the user move Geschlecht into the rows: a second key column `category_2`."""
    moved = online.assign(category_2=online["variable"].str.removeprefix("Geschlecht | "), variable="Ausländer")
    moved = moved[["region_code", "region_name", "time", "category_2", "category", "variable", "value", "status"]]
    moved.attrs = online.attrs
    return moved


def test_nationalities_found_in_unnamed_key_columns(demo):
    """A GENESIS-Online CSV names its key columns only category, category_2; sex may be one of them."""
    assert "Geschlecht | männlich" in set(demo["12521-0041"]["variable"])  # the demo has it in the header
    azr = _sex_as_key_column(demo["12521-0041"])
    renamed = indicators.nationalities({**demo, "12521-0041": azr}, "16099", 2024, top=5)
    original = indicators.nationalities(demo, "16099", 2024, top=5)
    assert renamed.equals(original)
    share = row(indicators.compute("eu_anteil", {**demo, "12521-0041": azr}), "16099", 2024)
    assert share["value"] == row(indicators.compute("eu_anteil", demo), "16099", 2024)["value"]


def test_missing_nationality_message_lists_the_nationalities_of_a_genesis_online_csv(demo):
    """The selection names `staag6`; the GENESIS-Online CSV holds the nationalities in `category`."""
    azr = demo["12521-0041"]
    without_malta = azr[azr["category"] != "Malta"]
    without_malta.attrs = azr.attrs
    with pytest.raises(UserError) as error:
        indicators.compute("eu_anteil", {**demo, "12521-0041": without_malta})
    found = "Staatsangehörigkeit „Malta“ fehlt (vorhanden: Gruppe „Insgesamt“, „Ukraine“,"
    assert found in error.value.message
    assert "Merkmal „Geschlecht | Insgesamt“" in error.value.message


# ---- the nationality chart reads 12521-0041 by structure, from a flat file and from GENESIS-Online's CSV

AZR_ROWS = (("Insgesamt", 985, 520, 465), ("Ukraine", 400, 170, 230), ("Syrien", 250, 160, 90),
            ("Polen", 180, 95, 85), ("Malta", "-", "-", "-"))  # (nationality, Insgesamt, männlich, weiblich)


def _genesis_online_azr(folder, rows=AZR_ROWS, sexes=("Insgesamt", "männlich", "weiblich")) -> str:
    """12521-0041 as GENESIS-Online writes its CSV: Stichtag and Geschlecht captions above their rows,
    every value followed by its quality flag; one Kreis, one Stichtag."""
    def flagged(cells):
        return ";".join(f"{c};{'' if c == '-' else 'e'}" for c in cells)
    pad = ";" * (2 + 2 * len(sexes))  # 3 key columns, then a value and a flag per sex
    lines = ["\ufeffTabelle: 12521-0041"]
    lines += [title + pad for title in ("Ausländer: Kreise, Stichtag, Geschlecht, Staatsangehörigkeit",
                                        "Ausländerstatistik", "Ausländer (Anzahl)")]
    lines += [f";;;{caption}{pad[3:]}" for caption in ("Stichtag", "31.12.2024", "Geschlecht")]
    lines += [";;;" + ";;".join(sexes) + ";"]
    lines += [f"16066;Schmalkalden-Meiningen, Landkreis;{name};{flagged(cells[:len(sexes)])}" for name, *cells in rows]
    lines += ["__________", "Stand: 08.12.2025 / 10:00:00"]
    path = folder / "12521-0041_de.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return str(path)


def _flat_azr(folder) -> str:
    """The same numbers as a GENESIS flat file (new long layout, unzipped)."""
    head = ("statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
            "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
            "2_variable_attribute_code;2_variable_attribute_label;3_variable_code;3_variable_label;"
            "3_variable_attribute_code;3_variable_attribute_label;value;value_unit;value_variable_code;"
            "value_variable_label;value_q")
    lines = [head]
    for name, *cells in AZR_ROWS:
        for (code, sex), cell in zip((("", "Insgesamt"), ("GESM", "männlich"), ("GESW", "weiblich")), cells):
            lines.append(f"12521;Ausländerstatistik;STAG;Stichtag;2024-12-31;KREISE;Kreise und kreisfreie Städte;"
                         f"16066;Schmalkalden-Meiningen, Landkreis;GES;Geschlecht;{code};{sex};STAAG6;"
                         f"Staatsangehörigkeit;{'' if name == 'Insgesamt' else 'ST' + name[:3].upper()};{name};"
                         f"{cell};Anzahl;BEV027;Ausländer;{'' if cell == '-' else 'e'}")
    path = folder / "12521-0041_de_flat.csv"
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    return str(path)


@pytest.mark.parametrize("write", [_genesis_online_azr, _flat_azr], ids=["genesis-online-csv", "flatfile"])
def test_nationalities_from_both_azr_layouts(tmp_path, write):
    azr = data.read(write(tmp_path))
    table = indicators.nationalities({"12521-0041": azr}, "16066", 2024, top=2)
    # by hand from AZR_ROWS: both sexes, the two largest, the rest = 985 - 400 - 250
    assert list(table["nationality"]) == ["Ukraine", "Syrien", "Übrige"]
    assert list(table["value"]) == [400, 250, 335] and list(table["status"]) == ["e", "e", ""]
    assert list(table["eu"]) == [False, False, None] and table.attrs["total"] == 985
    assert table["share"].iloc[0] == pytest.approx(400 / 985 * 100)
    everyone = indicators.nationalities({"12521-0041": azr}, "16066", 2024)
    assert list(everyone["nationality"]) == ["Ukraine", "Syrien", "Polen", "Übrige"]  # Malta „-“ is no bar
    assert everyone["value"].iloc[-1] == 985 - 400 - 250 - 180


def test_nationalities_with_sex_as_a_key_column(tmp_path):
    moved = _sex_as_key_column(data.read(_genesis_online_azr(tmp_path)))
    table = indicators.nationalities({"12521-0041": moved}, "16066", 2024, top=2)
    assert list(table["value"]) == [400, 250, 335]


def test_azr_without_nationalities_or_sex_total_is_a_german_error_naming_the_file(tmp_path):
    only_total = data.read(_genesis_online_azr(tmp_path, rows=AZR_ROWS[:1]))
    with pytest.raises(UserError) as error:
        indicators.nationalities({"12521-0041": only_total}, "16066", 2024)
    assert error.value.file == only_total.attrs["file"]
    assert "nennt keine Staatsangehörigkeiten" in error.value.message and "„Polen“" in error.value.message
    assert "„Geschlecht | Insgesamt“" in error.value.message  # what was found instead
    (tmp_path / "by_sex").mkdir()
    by_sex = data.read(_genesis_online_azr(tmp_path / "by_sex", rows=[(n, m, w) for n, _, m, w in AZR_ROWS],
                                           sexes=("männlich", "weiblich")))
    with pytest.raises(UserError, match="kein Geschlecht „Insgesamt“") as error:
        indicators.nationalities({"12521-0041": by_sex}, "16066", 2024)
    assert error.value.file == by_sex.attrs["file"]
    with pytest.raises(UserError, match="keine Werte für 16099 im Jahr 2024"):
        indicators.nationalities({"12521-0041": by_sex}, "16099", 2024)
    online = data.read(_genesis_online_azr(tmp_path))
    twice = pd.concat([online, online], ignore_index=True)  # e.g. a further split the chart cannot add up
    twice.attrs = online.attrs
    with pytest.raises(UserError, match="nicht genau eine Zahl je Staatsangehörigkeit"):
        indicators.nationalities({"12521-0041": twice}, "16066", 2024)
