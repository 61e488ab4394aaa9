"""Regions: AGS levels, the Thuringia registry, Eisenach's merger into the Wartburgkreis, vanished regions."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.data.conftest import TITLE, classic_text
from toolkit import data
from toolkit.data.boundaries import join_boundaries
from toolkit.errors import UserError

#: Unemployed by year, Eisenach a kreisfreie Stadt until 30 June 2021, `-` afterwards.
SERIES = classic_text(
    title=TITLE[:3] + ["Arbeitsmarktstatistik;;;", "Arbeitslose (Anzahl);;;"],
    header=[";;;Arbeitslose;Arbeitslose", ";;;;Ausländer"],
    rows=["2020;16056;Eisenach, krsfr. Stadt;1900;310", "2020;16063;Wartburgkreis;3100;.",
          "2021;16056;Eisenach, krsfr. Stadt;1800;300", "2021;16063;Wartburgkreis;3000;260",
          "2022;16056;Eisenach, krsfr. Stadt;-;-", "2022;16063;Wartburgkreis;4700;560",
          "2023;16056;Eisenach, krsfr. Stadt;-;-", "2023;16063;Wartburgkreis;4650;590",
          "2023;16;Thüringen;60000;12000"])


@pytest.fixture()
def series(tmp_path):
    path = tmp_path / "13211-eisenach.csv"
    path.write_text(SERIES, encoding="utf-8")
    return data.read(path)


@pytest.mark.parametrize("code, expected", [
    ("DG", "Bund"), ("16", "Land"), ("031", "Regierungsbezirk"), ("16063", "Kreis"), ("16063105", "Gemeinde"),
    ("160630000105", "Gemeinde"), ("160635003", "Gemeindeverband")])
def test_level_of_region_codes(code, expected):
    assert data.level(code) == expected


def test_level_refuses_numbers_that_are_no_codes():
    with pytest.raises(UserError, match="„1606“ ist kein amtlicher Regionalschlüssel"):
        data.level("1606")


def test_thuringia_registry_has_the_22_kreise_with_source():
    kreise = data.thuringia_kreise()
    assert len(kreise) == 22 and "16056" not in set(kreise["ags"])
    erfurt = kreise.set_index("ags").loc["16051"]
    assert (erfurt["name"], erfurt["type"], erfurt["nuts3"], erfurt["population_2023_12_31"]) == \
        ("Erfurt", "Kreisfreie Stadt", "DEG01", 215675)
    assert kreise.set_index("ags").loc["16063", "foreigners_azr_2023_12_31"] == 12115
    assert kreise["population_2023_12_31"].sum() == 2122335
    assert (kreise["type"] == "Kreisfreie Stadt").sum() == 5
    assert kreise.attrs["source"].startswith("Statistische Ämter des Bundes und der Länder; Thüringer Landesamt")


def test_merge_eisenach_sums_counts_and_combines_markers(series):
    merged = data.merge_eisenach(series)
    assert "16056" not in set(merged["region_code"])
    wak = merged[merged["region_code"] == "16063"].set_index(["time", "variable"])
    assert wak.loc[("2020", "Arbeitslose"), "value"] == 1900 + 3100
    assert wak.loc[("2021", "Arbeitslose | Ausländer"), "value"] == 300 + 260
    assert (wak.loc[("2022", "Arbeitslose"), "value"], wak.loc[("2022", "Arbeitslose"), "status"]) == (4700, "")
    hidden = wak.loc[("2020", "Arbeitslose | Ausländer")]
    assert math.isnan(hidden["value"]) and hidden["status"] == "."
    assert set(wak["region_name"]) == {"Wartburgkreis"}
    assert merged[merged["region_code"] == "16"]["value"].tolist() == [60000, 12000]
    assert merged.attrs["table_code"] == series.attrs["table_code"]


def test_merge_eisenach_refuses_rates_unless_told_all_are_counts(series):
    series.attrs["units"] = {**series.attrs["units"], "Arbeitslose": "Prozent"}
    with pytest.raises(UserError, match="keine Anzahl sind: „Arbeitslose“ \\(Prozent\\)"):
        data.merge_eisenach(series)
    assert data.merge_eisenach(series, assume_counts=True)["value"].notna().any()


def test_vanished_region_and_eisenach_hint_in_summary(series):
    gone = data.vanished_regions(series)
    assert gone.to_dict("records") == [{"region_code": "16056", "region_name": "Eisenach, krsfr. Stadt",
                                        "first": "2022", "last": "2023"}]
    text = data.summary(series)
    assert ("Eine Region hat zeitweise nur „-“ – vermutlich bestand das Gebiet da nicht (Gebietsreform), keine echte "
            "Null: 16056 Eisenach, krsfr. Stadt (2022 bis 2023).") in text
    assert "Die Zeitreihe reicht über den 1. Juli 2021: Eisenach (16056) gehört seitdem zum Wartburgkreis" in text


def test_join_boundaries_with_a_series_lists_areas_without_value():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    areas = pd.DataFrame({"region_code": ["16051", "16052"], "region_name": ["Erfurt", "Gera"],
                          "geometry": [square, square]})
    joined = join_boundaries(areas, pd.Series({"16051": 12.7, "16": 8.5}))
    assert joined.set_index("region_code")["value"].to_dict() == pytest.approx({"16051": 12.7, "16052": math.nan},
                                                                             nan_ok=True)
    assert joined.attrs["warnings"] == ["Ohne Wert in der Tabelle: 16052 Gera."]
