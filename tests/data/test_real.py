"""toolkit.data on every real official file in ../shared/realdata, with figures read from those files."""
from __future__ import annotations

import io
import math
import subprocess
import sys

import pandas as pd
import pytest

from toolkit import data
from toolkit.data.boundaries import join_boundaries, read_boundaries
from toolkit.errors import UserError

CONTRACT = ["region_code", "region_name", "time"]


def cell(table: pd.DataFrame, **where) -> pd.Series:
    """The one row matching all conditions."""
    mask = pd.Series(True, index=table.index)
    for column, wanted in where.items():
        mask &= table[column] == wanted
    rows = table[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


@pytest.fixture(scope="module")
def population(realdata):
    return data.read(realdata / "regionalstatistik" / "12411-03-03-4_00.csv")


@pytest.fixture(scope="module")
def unemployed(realdata):
    return data.read(realdata / "regionalstatistik" / "13211-02-05-4_00.csv")


def test_population_by_nationality_and_age_matches_published_figures(population):
    total = dict(time="2015-12-31", age_group="Insgesamt")
    assert cell(population, region_code="16", variable="Ausländer(innen) | Insgesamt", **total).value == 83394
    assert cell(population, region_code="16", variable="Insgesamt | Insgesamt", **total).value == 2170714
    assert cell(population, region_code="16051", variable="Ausländer(innen) | Insgesamt", **total).value == 12153
    assert cell(population, region_code="16051", variable="Insgesamt | Insgesamt", **total).value == 210118
    assert cell(population, region_code="16056", variable="Ausländer(innen) | Insgesamt", **total).value == 2344
    assert cell(population, region_code="16063", variable="Insgesamt | Insgesamt", **total).value == 125655


def test_population_table_shape_names_and_metadata(population):
    assert list(population.columns) == CONTRACT + ["age_group", "variable", "value", "status"]
    assert population["age_group"].nunique() == 22  # 21 groups + Insgesamt
    assert population["variable"].nunique() == 9
    assert cell(population, region_code="16051", time="2015-12-31", age_group="unter 3 Jahre",
                variable="Deutsche | weiblich").region_name == "Erfurt, krsfr. Stadt"
    attrs = population.attrs
    assert attrs["table_code"] == "12411-03-03-4"
    assert attrs["title"].startswith("Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität")
    assert attrs["stand"] == "10.10.2017"
    assert attrs["licence"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert attrs["units"]["Ausländer(innen) | Insgesamt"] == "Anzahl"


def test_cp1252_original_download_with_stichtag_in_header(realdata):
    table = data.read(realdata / "regionalstatistik" / "12411-01-01-4.csv")
    assert set(table["time"]) == {"2015-12-31"}
    assert set(table["variable"]) == {"Insgesamt", "männlich", "weiblich"}
    thuringia = table[table["region_code"] == "16"].set_index("variable")["value"]
    assert thuringia.to_dict() == {"Insgesamt": 2170714, "männlich": 1075139, "weiblich": 1095575}
    assert cell(table, region_code="DG", variable="Insgesamt").value == 82175684
    assert cell(table, region_code="01001", variable="Insgesamt").region_name == "Flensburg, Kreisfreie Stadt"
    assert cell(table, region_code="16068", variable="weiblich").region_name == "Sömmerda, Kreis"
    goettingen = cell(table, region_code="03159", variable="Insgesamt")
    assert (goettingen.value, goettingen.status) == (0.0, "-")
    assert table.attrs["stand"] == "14.12.2017"
    assert "Gebietsstand" in table.attrs["notes"][0]


def test_unemployment_markers_rates_and_counts(unemployed):
    assert unemployed["status"].value_counts().to_dict() == {"": 79411, "-": 25807, ".": 4190}
    assert cell(unemployed, region_code="16", time="2016", variable="Arbeitslose").value == 77215
    rate = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
    assert cell(unemployed, region_code="16", time="2016", variable=rate).value == pytest.approx(6.7)
    assert cell(unemployed, region_code="16056", time="2016", variable="Arbeitslose").value == 1692
    secret = cell(unemployed, region_code="031", time="2016", variable=rate)
    assert math.isnan(secret.value) and secret.status == "."
    dash = cell(unemployed, region_code="16056", time="2008", variable=f"{rate} | Männer")
    assert math.isnan(dash.value) and dash.status == "-"  # „-“ in a rate: none published, not 0 %
    foreigners = cell(unemployed, region_code="16", time="2008", variable=f"{rate} | Ausländer")
    assert math.isnan(foreigners.value) and foreigners.status == "-"  # no foreigners' rate before 2009
    assert cell(unemployed, region_code="16", time="2009", variable=f"{rate} | Ausländer").value > 0
    assert unemployed.attrs["units"][rate] == "Prozent"
    assert unemployed.attrs["units"]["Arbeitslose | Ausländer"] == "Anzahl"
    assert cell(unemployed, region_code="03241001", time="2016", variable="Arbeitslose").region_name == \
        "Hannover, Landeshauptstadt"


def test_unemployment_recognises_regions_that_did_not_exist(unemployed):
    gone = data.vanished_regions(unemployed).set_index("region_code")
    assert gone.loc["03159", ["first", "last"]].tolist() == ["2001", "2016"]
    assert gone.loc["03156", ["first", "last"]].tolist() == ["2016", "2016"]
    assert "16056" not in gone.index


def test_asylum_seekers_several_stichtage(realdata):
    table = data.read(realdata / "regionalstatistik" / "22221-01-01-4_00.csv")
    assert sorted(table["time"].unique()) == [f"{y}-12-31" for y in range(2010, 2016)]
    assert cell(table, region_code="16", time="2015-12-31", variable="Regelleistungsempfänger").value == 28401
    assert cell(table, region_code="16056", time="2015-12-31", variable="Regelleistungsempfänger").value == 536
    hidden = cell(table, region_code="06434", time="2015-12-31",
                  variable="Regelleistungsempfänger | laufende Hilfe zum Lebensunterhalt")
    assert math.isnan(hidden.value) and hidden.status == "."


def test_new_ffcsv_zip_culture(realdata):
    table = data.read(realdata / "genesis-ffcsv" / "21611-0002_de_flat.zip")
    assert table.attrs["table_code"] == "21611-0002" and table.attrs["title"] == "Kulturstatistik"
    screens = cell(table, region_code="DG", time="2004", variable="Leinwände")
    assert (screens.value, screens.status) == (4870, "e")
    assert cell(table, time="2004", variable="Bruttoeinnahmen aus dem Filmbesuch").value == pytest.approx(892.9)
    assert table.attrs["units"]["Bruttoeinnahmen aus dem Filmbesuch"] == "Mill. EUR"
    assert set(table["region_name"]) == {"Deutschland"}


def test_new_ffcsv_zip_prices_with_nested_categories(realdata):
    table = data.read(realdata / "genesis-ffcsv" / "61111-0003_de_flat.zip")
    assert table["status"].value_counts().to_dict() == {"e": 2178, "()": 14, ".": 8, "-": 5}
    flights = cell(table, time="2021", cc13a="Personenbeförderung im Luftverkehr")
    assert (flights.value, flights.status) == (pytest.approx(102.4), "()")
    rent = cell(table, time="2019", cc13a="Unterstellte Nettokaltmiete (CC13-0421)")
    assert (rent.value, rent.status) == (0.0, "-")
    assert table.attrs["dimension_labels"]["cc13a"].startswith("Verwendungszwecke des Individualkonsums")


def test_old_ffcsv_wide_layout(realdata):
    table = data.read(realdata / "genesis-ffcsv" / "61111-0001_de_flat.csv")
    index = cell(table, time="1991", variable="Verbraucherpreisindex (2020=100)")
    assert (index.value, index.status) == (pytest.approx(61.9), "e")
    change = cell(table, time="1991", variable="Verbraucherpreisindex (CH0004)")
    assert math.isnan(change.value) and change.status == "."
    assert cell(table, time="1992", variable="Verbraucherpreisindex (CH0004)").value == pytest.approx(5.0)
    assert len(table) == 66


def test_read_dir_reads_every_statistics_file_and_skips_others(realdata, tmp_path):
    for folder in ("regionalstatistik", "genesis-ffcsv"):
        for file in (realdata / folder).iterdir():
            (tmp_path / file.name).symlink_to(file)
    (tmp_path / "README.md").write_text("Notizen", encoding="utf-8")
    (tmp_path / "kreise.geojson").symlink_to(realdata / "geo" / "thueringen_kreise_2021-01-01.geojson")
    tables = data.read_dir(tmp_path)
    assert sorted(tables) == ["12411-01-01-4", "12411-03-03-4", "12511-01-01-4", "12711-05-02-4", "13111-02-02-4",
                              "13211-02-05-4", "21111-02-06-4", "21611-0002", "22221-01-01-4", "61111-0001",
                              "61111-0003"]
    assert tables.skipped == []


def test_summary_is_german_and_complete(population, unemployed):
    text = data.summary(population)
    assert text.splitlines()[0].startswith("Tabelle 12411-03-03-4: Bevölkerungsstand")
    assert "Stand: 10.10.2017" in text
    assert "Regionen: 526 (1 Bund, 16 Länder, 35 Regierungsbezirke, 471 Kreise, 3 Gemeinden)" in text
    assert "Zeit: 31.12.2015" in text
    assert "Merkmal „age_group“: unter 3 Jahre" in text
    assert "„-“ 15.251-mal: nichts vorhanden (genau null)" in text
    text = data.summary(unemployed)
    assert "Zeiten: 2001 bis 2016 (16 Zeitpunkte)" in text
    assert "„.“ 4.190-mal: Zahlenwert unbekannt oder geheimzuhalten" in text
    assert "03159 Göttingen, Landkreis (2001 bis 2016)" in text


def test_write_csv_keeps_codes_as_text_and_markers(realdata):
    table = data.read(realdata / "regionalstatistik" / "13211-02-05-4_00.csv")
    out = io.StringIO()
    data.write_csv(table[table["region_code"].isin(["01001", "031"]) & (table["time"] == "2016")], out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "region_code,region_name,time,variable,value,status"
    assert lines[1] == "01001,\"Flensburg, Kreisfreie Stadt\",2016,Arbeitslose,4495,"
    assert "031,\"Braunschweig, Stat. Region\",2016,Arbeitslosenquote bez. auf alle zivile Erwerbsp.,,." in lines
    assert "01001,\"Flensburg, Kreisfreie Stadt\",2016,Arbeitslosenquote bez. abh. zivile Erwerbspers.,9.9," in lines
    assert "01001,\"Flensburg, Kreisfreie Stadt\",2016,Arbeitslosenquote bez. auf alle zivile Erwerbsp.,9," in lines


def test_cli_read_prints_summary_and_csv(realdata):
    path = realdata / "regionalstatistik" / "12411-01-01-4.csv"
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "read", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "Tabelle 12411-01-01-4" in done.stdout
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "read", str(path), "--to", "csv"],
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert "16,Thüringen,2015-12-31,Insgesamt,2170714," in done.stdout.splitlines()


@pytest.mark.parametrize("name, count, crs", [
    ("thueringen_kreise_2021-01-01.geojson", 23, "EPSG:4326"),
    ("thueringen_kreise_ab_2021-07-01.geojson", 22, "EPSG:4326"),
    ("thueringen_gemeinden_2021-01-01.geojson", 631, "EPSG:4326"),
    ("bkg-vg5000-2021/VG5000_KRS.shp", 401, "EPSG:31467"),
])
def test_boundaries_read_with_codes_as_text(realdata, name, count, crs):
    areas = read_boundaries(realdata / "geo" / name)
    assert len(areas) == count and areas["region_code"].is_unique
    assert list(areas.columns) == ["region_code", "region_name", "geometry"]
    assert areas.attrs["crs"] == crs
    assert set(areas["geometry"].map(lambda g: g["type"])) <= {"Polygon", "MultiPolygon"}
    assert areas["region_code"].str.fullmatch(r"\d{5}|\d{8}").all()


def test_boundaries_before_and_after_eisenach_merger(realdata):
    before = read_boundaries(realdata / "geo" / "thueringen_kreise_2021-01-01.geojson")
    after = read_boundaries(realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson")
    assert set(before["region_code"]) - set(after["region_code"]) == {"16056"}
    assert set(after["region_code"]) == set(data.thuringia_kreise()["ags"])
    shp = read_boundaries(realdata / "geo" / "bkg-vg5000-2021" / "VG5000_KRS.shp")
    assert shp.set_index("region_code").loc["01001", "region_name"] == "Flensburg"
    x, y = shp.set_index("region_code").loc["16051", "geometry"]["coordinates"][0][0][:2]
    assert 3_600_000 < x < 3_700_000 and 5_600_000 < y < 5_700_000  # Gauß-Krüger zone 3, metres
    gemeinden = read_boundaries(realdata / "geo" / "thueringen_gemeinden_2021-01-01.geojson")
    assert gemeinden.set_index("region_code").loc["16051000", "region_name"] == "Erfurt"


def test_join_boundaries_with_real_table(realdata):
    table = data.read(realdata / "regionalstatistik" / "12411-01-01-4.csv")
    total = table[table["variable"] == "Insgesamt"]
    joined = join_boundaries(read_boundaries(realdata / "geo" / "thueringen_kreise_2021-01-01.geojson"), total)
    assert len(joined) == 23 and joined.attrs["warnings"] == []
    assert joined.set_index("region_code").loc["16051", "value"] == 210118
    with pytest.raises(UserError) as error:
        join_boundaries(read_boundaries(realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson"), total)
    assert "Für eine Region der Tabelle gibt es keine Fläche in der Karte: 16056 Eisenach, krsfr. Stadt." \
        in str(error.value)
    merged = data.merge_eisenach(total)
    joined = join_boundaries(read_boundaries(realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson"), merged)
    assert joined.set_index("region_code").loc["16063", "value"] == 125655 + 42417


def test_genesis_online_csv_with_a_quality_flag_beside_every_value(realdata):
    """current/12411-0015_de.csv (Stand 08.12.2025): `16063;Wartburgkreis;144677;e;…`, times in a header row
    under the caption „Stichtag“; Eisenach `-;` from 2021 on."""
    table = data.read(realdata / "current" / "12411-0015_de.csv")
    assert (table.attrs["table_code"], table.attrs["stand"]) == ("12411-0015", "08.12.2025")
    assert table.attrs["warnings"] == []
    assert set(table["variable"]) == {"Bevölkerungsstand"} and table.attrs["units"] == {"Bevölkerungsstand": "Anzahl"}
    assert tuple(cell(table, region_code="16063", time="2024-12-31")[["value", "status"]]) == (154957, "e")
    assert cell(table, region_code="16063", time="2015-12-31").value == 125655
    assert cell(table, region_code="16056", time="2015-12-31").value == 42417
    assert tuple(cell(table, region_code="16056", time="2021-12-31")[["value", "status"]]) == (0, "-")
    assert table["time"].nunique() == 25 and table["region_code"].nunique() == 476  # data lines 7–482


def test_current_regionaldatenbank_layout_and_labels(realdata):
    """current/13211-02-05-4.csv (Stand 09.07.2026): `Tabelle:` in line 1, the depth on a line of its own,
    „ausländisch“; line `2023;16063;      Wartburgkreis;4475;986;…;20,2;5,7`."""
    table = data.read(realdata / "current" / "13211-02-05-4.csv")
    assert table.attrs["title"] == ("Arbeitslose nach ausgewählten Personengruppen sowie Arbeitslosenquoten - "
                                    "Jahresdurchschnitt - (ab 2009)")
    assert (table.attrs["statistic"], table.attrs["stand"]) == ("Arbeitsmarktstatistik der Bundesagentur für Arbeit",
                                                                "09.07.2026")
    assert cell(table, region_code="16063", time="2023", variable="Arbeitslose | ausländisch").value == 986
    rate = "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | ausländisch"
    assert cell(table, region_code="16063", time="2023", variable=rate).value == pytest.approx(20.2)
    assert table.attrs["units"][rate] == "Prozent"


def test_gemeinde_keys_of_every_length_the_regionaldatenbank_writes(realdata):
    """corpus/12111-01-01-5_00.csv: `0713101;        Adenau, Verbandsgem.`, `0713100007;        Bad Neuenahr-
    Ahrweiler, verbandsfr. Gemeinde`, `03151401002;        Barwedel;1025;…`."""
    table = data.read(realdata / "corpus" / "12111-01-01-5_00.csv")
    assert table.attrs["warnings"] == []
    assert cell(table, region_code="03151401002", variable="Bevölkerung | Insgesamt | Insgesamt").value == 1025
    assert list(data.levels(pd.Series(["0713101", "0713100007", "03151401002", "03151401"]))) == [
        "Gemeindeverband", "Gemeinde", "Gemeinde", "Gemeinde"]


@pytest.mark.parametrize("name, row, example", [
    ("13111-09-01-4_00.csv", dict(region_code="01051", time="2015-06-30", category="männlich",
                                  variable="Pendlersaldo (über die Kreisgrenze)"), -3608),
    ("21111-02-06-4.csv", None, None),
    ("41312-01-01-4_00.csv", dict(region_code="08111", time="2015-11-03", variable="Tiere | Tierarten | Milchkühe"),
     ".g"),
])
def test_balances_corrections_and_combined_markers_are_kept_and_said_once(realdata, name, row, example):
    folder = "regionalstatistik" if name.startswith("21111") else "corpus"
    table = data.read(realdata / folder / name)
    [warning] = table.attrs["warnings"]
    assert warning.split(" ", 2)[1] in ("negative", "Zellen") and "übernommen" in warning
    if isinstance(example, str):
        assert cell(table, **row).status == example and math.isnan(cell(table, **row).value)
    elif example is not None:
        assert cell(table, **row).value == example
