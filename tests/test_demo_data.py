"""Demo district Musterland: reproducible, in the real formats, and internally consistent."""
from __future__ import annotations

import json
import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from toolkit import DEMO_DATA_DIR, data
from toolkit.demo_data import generate

TOTAL = "Insgesamt | Insgesamt"
FOREIGN = "Ausländer(innen) | Insgesamt"
GERMAN = "Deutsche | Insgesamt"
GEMEINDEN = [f"16099{n:03d}" for n in range(1, 26)]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return data.read_dir(DEMO_DATA_DIR)


def _wide(table: pd.DataFrame, **filters) -> pd.DataFrame:
    for column, value in filters.items():
        table = table[table[column] == value]
    return table.pivot_table(index=["region_code", "time"], columns="variable", values="value", aggfunc="first")


def test_committed_files_are_byte_identical_to_the_generator_output(tmp_path):
    written = generate(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in DEMO_DATA_DIR.iterdir())
    for path in written:
        assert path.read_bytes() == (DEMO_DATA_DIR / path.name).read_bytes(), path.name


def test_classic_files_look_like_regionalstatistik_downloads():
    for path in sorted(DEMO_DATA_DIR.glob("*.csv")):
        raw = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # Windows-1252 umlauts, as in an original download
        lines = raw.decode("cp1252").split("\n")
        assert lines[0] == f"GENESIS-Tabelle: {path.stem}"
        assert "__________" in lines and "DEMO-DATEN" in raw.decode("cp1252")
        assert re.fullmatch(r"Stand: \d{2}\.\d{2}\.\d{4} / \d{2}:\d{2}:\d{2}", lines[-1])
        assert any(re.match(r"\S+;\d{5};      \S", line) for line in lines)  # Kreis names indented by 6


def test_musterland_population_is_about_100000_and_the_gemeinden_add_up(tables):
    kreise = _wide(tables["12411-03-03-4"], age_group="Insgesamt")
    gemeinden = _wide(tables["12411-03-03-5"], age_group="Insgesamt")
    musterland = kreise.loc["16099"]
    assert musterland[TOTAL].between(95_000, 100_000).all()
    summed = gemeinden.drop(index="16099", level=0).groupby(level="time").sum()
    pd.testing.assert_frame_equal(summed, gemeinden.loc["16099"], check_names=False)
    pd.testing.assert_frame_equal(gemeinden.loc["16099"], musterland, check_names=False)
    assert (kreise[GERMAN] + kreise[FOREIGN] == kreise[TOTAL]).all()
    share = musterland[FOREIGN] / musterland[TOTAL]
    assert share["2014-12-31"] < 0.025 < 0.05 < share["2024-12-31"] < 0.08
    assert gemeinden.loc["16099022", FOREIGN].min() == 0  # a village of 230 people
    assert gemeinden.loc["16099015", TOTAL].between(24_000, 27_000).all()  # Kreisstadt Musterstadt


def test_age_groups_add_up_to_the_total(tables):
    table = tables["12411-03-03-5"]
    ages = table[table.age_group != "Insgesamt"].groupby(["region_code", "time", "variable"]).value.sum()
    total = table[table.age_group == "Insgesamt"].set_index(["region_code", "time", "variable"]).value
    pd.testing.assert_series_equal(ages, total.reindex(ages.index), check_names=False)


def test_published_population_2023_is_carried_over(tables, facts_dir):
    facts = pd.read_csv(facts_dir / "thueringen_kreise.csv", dtype={"ags": str})
    kreise = _wide(tables["12411-03-03-4"], age_group="Insgesamt")
    shown = kreise.xs("2023-12-31", level="time")[TOTAL]
    for ags, population in zip(facts.ags, facts.population_2023_12_31):
        assert shown[ags] == population, ags


def test_eisenach_is_a_dash_from_2021_and_counted_in_the_wartburgkreis(tables):
    checked = 0
    for code, table in tables.items():
        eisenach = table[table.region_code == "16056"]
        if eisenach.empty:  # Gemeinde and BA tables: Musterland and Thüringen only
            continue
        checked += 1
        late = eisenach.time.str[:4] >= "2021"
        assert (eisenach[late].status == "-").all(), code
        assert eisenach[~late].value.notna().any(), code
    assert checked == 9  # eight Kreis CSVs and the AZR flat file
    azr = _wide(tables["12521-0041"], sex="Insgesamt", staag6="Insgesamt")["Ausländer"]
    assert azr["16063", "2021-12-31"] > azr["16063", "2020-12-31"] + 0.8 * azr["16056", "2020-12-31"]


def test_markers_are_where_the_real_tables_have_them(tables):
    statuses = {code: set(t.status) for code, t in tables.items()}
    assert {".", "-"} <= statuses["12511-01-01-4"]
    assert {".", "-"} <= statuses["22221-01-01-4"]
    assert "x" in statuses["21111-02-06-4"]
    assert "*" in statuses["ba_arbeitsmarkt_staatsangehoerigkeit"]
    asylum = tables["22221-01-01-4"]
    hidden = asylum[asylum.status == "."]
    assert hidden.region_code.str.len().eq(5).all()  # never the Land or Germany
    per_row = hidden.groupby(["region_code", "time"]).size()
    assert (per_row >= 2).all()  # a lone secret cell could be recomputed from the total


def test_azr_file_is_a_new_layout_flatfile_rounded_to_five(tables, facts_dir):
    with zipfile.ZipFile(DEMO_DATA_DIR / "12521-0041_de_flat.zip") as archive:
        (member,) = archive.infolist()
        head = archive.read(member)[:200]
    assert head.startswith(b"\xef\xbb\xbfstatistics_code;statistics_label;time_code;")
    azr = tables["12521-0041"]
    numbers = azr.value[azr.status == "e"]
    assert (numbers % 5 == 0).all()
    totals = _wide(azr, sex="Insgesamt", staag6="Insgesamt")["Ausländer"].unstack("time")
    facts = pd.read_csv(facts_dir / "thueringen_kreise.csv", dtype={"ags": str}).set_index("ags")
    for column, time in (("foreigners_azr_2023_12_31", "2023-12-31"), ("foreigners_azr_2024_12_31", "2024-12-31")):
        published = facts[column].dropna()
        kreise = published.drop(index="16")
        assert (totals.loc[kreise.index, time] == kreise).all()
        assert abs(totals[time].drop(index=["16099", "16056"]).sum() - published["16"]) <= 5 * 22


def test_nationalities_follow_thuringia_and_jump_in_2015_and_2022(tables):
    azr = tables["12521-0041"]
    both = azr[(azr.sex == "Insgesamt") & (azr.region_code != "16099")]
    land = both.groupby(["staag6", "time"]).value.sum()
    for nationality, published in (("Ukraine", 36_590), ("Syrien", 23_095), ("Polen", 15_395)):
        assert abs(land[nationality, "2024-12-31"] - published) <= 5 * 22
    by_nationality = azr[(azr.region_code == "16099") & (azr.sex == "Insgesamt")].pivot(
        index="time", columns="staag6", values="value")
    assert by_nationality["Syrien"]["2015-12-31"] > 5 * by_nationality["Syrien"]["2014-12-31"]
    assert by_nationality["Ukraine"]["2022-12-31"] > 5 * by_nationality["Ukraine"]["2021-12-31"]
    ranked = by_nationality.drop(columns="Insgesamt").loc["2024-12-31"].sort_values(ascending=False)
    assert list(ranked.index[:3]) == ["Ukraine", "Syrien", "Polen"]


@pytest.mark.parametrize("year", ["2014", "2024"])
def test_ba_workbook_gemeinden_add_up_and_match_13211(tables, year):
    ba = tables["ba_arbeitsmarkt_staatsangehoerigkeit"]
    ba = ba[ba["time"] == year]  # one sheet per year
    wide = ba.pivot(index="region_code", columns="variable", values="value")
    status = ba.pivot(index="region_code", columns="variable", values="status")
    open_columns = [c for c in wide.columns if (status.loc[GEMEINDEN, c] != "*").all()]
    assert open_columns
    for column in open_columns:
        assert wide.loc[GEMEINDEN, column].sum() == wide.loc["16099", column], column
    unemployed = _wide(tables["13211-02-05-4"]).loc["16099", year]
    alo = {part: next(c for c in wide.columns if c.startswith("Arbeitslose |") and part in c)
           for part in ("Insgesamt", "Ausländer")}
    assert wide.loc["16099", alo["Insgesamt"]] == unemployed["Arbeitslose"]
    assert wide.loc["16099", alo["Ausländer"]] == unemployed["Arbeitslose | Ausländer"]
    rate = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
    assert unemployed[f"{rate} | Ausländer"] > 2 * unemployed[rate]  # foreigners' rate far above the total


def test_boundaries_tile_the_kreis_without_gaps_or_overlaps():
    gemeinden = json.loads((DEMO_DATA_DIR / "musterland_gemeinden.geojson").read_text(encoding="utf-8"))
    kreis = json.loads((DEMO_DATA_DIR / "musterland_kreis.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["ags"] for f in gemeinden["features"]) == GEMEINDEN
    assert kreis["features"][0]["properties"]["ags"] == "16099"

    def area(feature: dict) -> float:
        ring = np.array(feature["geometry"]["coordinates"][0])
        assert (ring[0] == ring[-1]).all()
        x, y = ring[:, 0], ring[:, 1]
        return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))  # positive: counter-clockwise

    areas = [area(f) for f in gemeinden["features"]]
    assert min(areas) > 0
    assert sum(areas) == pytest.approx(area(kreis["features"][0]), rel=1e-9)
    outline = np.array(kreis["features"][0]["geometry"]["coordinates"][0])
    assert (outline.min(axis=0) > [9.9, 50.2]).all() and (outline.max(axis=0) < [12.6, 51.6]).all()
    width_km = (outline[:, 0].max() - outline[:, 0].min()) * 111.32 * np.cos(np.radians(50.7))
    assert 40 < width_km < 65


def test_readme_describes_every_file():
    readme = (DEMO_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in DEMO_DATA_DIR.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme
    assert "erfunden" in readme and "Datenlizenz Deutschland" in readme
