"""Charts and maps: German formats, source lines, gaps for missing values, classed maps."""
from __future__ import annotations

import json
import math

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.path import Path
from matplotlib.text import Text

from toolkit import charts, indicators
from toolkit.errors import UserError

ATTRS = {"source": "Statistische Ämter des Bundes und der Länder", "table_code": "12411-03-03-4",
         "stand": "2024-03-15", "licence": "dl-de/by-2-0", "title": "Bevölkerung"}
SOURCE = ("Quelle: Statistische Ämter des Bundes und der Länder, Tabelle 12411-03-03-4, "
          "Stand 15.03.2024; dl-de/by-2-0")


def load_geojson(path) -> pd.DataFrame:
    """Boundaries in the shape toolkit.data.read_boundaries returns."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    frame = pd.DataFrame([{"region_code": f["properties"]["ags"], "region_name": f["properties"]["name"],
                           "geometry": f["geometry"]} for f in features])
    frame.attrs = {"crs": "EPSG:4326", "source": "© GeoBasis-DE / BKG 2021 (Daten verändert)"}
    return frame


@pytest.fixture(scope="module")
def kreise(realdata) -> pd.DataFrame:
    return load_geojson(realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson")


def footer(fig) -> str:
    return fig._supxlabel.get_text()


def tick_texts(fig, axis="y") -> list[str]:
    fig.draw_without_rendering()
    ax = fig.axes[0]
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [label.get_text() for label in labels]


def series_table() -> pd.DataFrame:
    rows = [{"region_name": name, "time": f"{year}-12-31", "value": value}
            for name, values in [("Landkreis Musterland", [2100, 2400, np.nan, 3100]),
                                 ("Thüringen", [83394, 95000, 110000, 125000])]
            for year, value in zip(range(2015, 2019), values)]
    table = pd.DataFrame(rows)
    table.attrs = dict(ATTRS)
    return table


def test_source_line_from_attrs_and_explicit():
    assert charts.source_line(ATTRS) == SOURCE
    assert charts.source_line({}, "eigene Berechnung") == "Quelle: eigene Berechnung"
    assert charts.source_line({"licence": "dl-de/by-2-0"}) == "dl-de/by-2-0"


def test_time_series_german_ticks_gap_for_missing_and_source_line():
    fig = charts.time_series(series_table(), note="Geheimhaltung geprüft.")
    assert "125.000" in tick_texts(fig) and "0" in tick_texts(fig)
    assert tick_texts(fig, "x") == ["2015", "2016", "2017", "2018"]
    district, land = fig.axes[0].get_lines()
    assert district.get_label() == "Landkreis Musterland"
    assert np.isnan(district.get_ydata()[2]), "a missing value is a gap, never a zero"
    assert district.get_linewidth() > land.get_linewidth()
    assert footer(fig) == SOURCE + "\nGeheimhaltung geprüft."


def test_time_series_percent_ticks_and_unfiltered_table_error():
    table = series_table().assign(value=lambda d: d.value / 1e4)
    assert any(text.endswith("\u00a0%") and "," in text for text in tick_texts(
        charts.time_series(table, percent=True)))
    with pytest.raises(UserError) as error:
        charts.time_series(pd.concat([series_table(), series_table()]))
    assert str(error.value) == (
        "Mehrere Werte je Zeit und Region: die Tabelle enthält noch weitere Merkmale.\n"
        "So beheben Sie es: Vorher auf genau eine Variable, ein Jahr und ein Merkmal filtern.")


def test_figures_stay_out_of_pyplot():
    import matplotlib.pyplot as plt
    charts.time_series(series_table())
    assert plt.get_fignums() == []


def pyramid_table() -> pd.DataFrame:
    ages = ["unter 18", "18 bis unter 30", "30 bis unter 65", "65 und mehr"]
    table = pd.DataFrame({"age_group": ages * 2, "nationality": ["Deutsche"] * 4 + ["Ausländer"] * 4,
                          "value": [150, 100, 500, 250, 30, 40, 30, np.nan]})
    table.attrs = dict(ATTRS)
    return table


def test_age_pyramid_sides_shares_and_hidden_group():
    fig = charts.age_pyramid(pyramid_table(), note="Geheimhaltung: 1 Feld.")
    ax = fig.axes[0]
    bars = ax.patches
    left = [bar.get_width() for bar in bars[:4]]
    right = [bar.get_width() for bar in bars[4:]]
    assert left == pytest.approx([-15, -10, -50, -25])
    assert right[:3] == pytest.approx([30, 40, 30]) and math.isnan(right[3])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(pyramid_table().age_group[:4])
    assert ". geheim" in [t.get_text() for t in ax.texts]
    ticks = tick_texts(fig, "x")
    assert "20\u00a0%" in ticks and not any(t.startswith("-") or t.startswith("−") for t in ticks)
    assert footer(fig).endswith("Geheimhaltung: 1 Feld.")


def test_nationality_bars_top_rest_and_eu_colours():
    table = pd.DataFrame({"nationality": ["Insgesamt", "Ukraine", "Polen", "Syrien", "Rumänien", "Irak"],
                          "value": [1000, 400, 200, np.nan, 150, 100]})
    table.attrs = dict(ATTRS)
    fig = charts.nationality_bars(table, top=3, total="Insgesamt")
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["Ukraine", "Polen", "Rumänien", "Übrige"]
    assert [bar.get_y() for bar in ax.patches] == sorted((bar.get_y() for bar in ax.patches), reverse=True)
    widths = {name: bar.get_width() for name, bar in zip(names, ax.patches)}
    assert widths == {"Ukraine": 400, "Polen": 200, "Rumänien": 150, "Übrige": 250}
    colours = {name: mcolors.to_hex(bar.get_facecolor()) for name, bar in zip(names, ax.patches)}
    assert colours == {"Ukraine": charts.NON_EU, "Polen": charts.EU, "Rumänien": charts.EU,
                       "Übrige": charts.GREY}
    assert " 400" in [t.get_text() for t in ax.texts]
    assert footer(fig) == SOURCE


def test_choropleth_of_kreise_classes_hatching_and_legend(kreise):
    values = pd.Series(np.linspace(2.0, 12.5, len(kreise)), index=kreise.region_code, name="Anteil")
    values.attrs = dict(ATTRS)
    values["16054"] = np.nan  # Suhl: suppressed
    fig = charts.choropleth(kreise, values, classes=4, percent=True, labels=True)
    ax = fig.axes[0]
    filled, hatched = ax.collections
    assert len(filled.get_paths()) == 21 and len(hatched.get_paths()) == 1
    assert hatched.get_hatch() == "////"
    colours = [mcolors.to_hex(c) for c in filled.get_facecolors()]
    assert len(set(colours)) == 4
    known = values.drop("16054").to_numpy()
    classes = np.searchsorted(np.quantile(known, [0.25, 0.5, 0.75]), known, side="right")
    assert all((colours[i] == colours[j]) == (classes[i] == classes[j])
               for i in range(21) for j in range(21))
    darkness = [sum(mcolors.to_rgb(c)) for c in colours]
    assert np.corrcoef(known, darkness)[0, 1] < -0.9, "higher values are darker"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0].startswith("2,0\u00a0% – ") and legend[-1] == charts.NO_DATA
    assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians(50.9)), rel=0.02)
    assert "Suhl" in [t.get_text() for t in ax.texts]
    assert footer(fig) == SOURCE + "\nKarte: © GeoBasis-DE / BKG 2021 (Daten verändert)"


def test_choropleth_holes_stay_holes(kreise):
    """Weimar lies inside Weimarer Land: without Weimar the hole shows the white page."""
    without_weimar = kreise[kreise.region_name != "Weimar"]
    weimarer_land = kreise.set_index("region_name").geometry["Weimarer Land"]
    fig = charts.choropleth(without_weimar, pd.Series(1.0, index=kreise.region_code), classes=1)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    def colour_at(lon_lat):
        x, y = fig.axes[0].transData.transform(lon_lat)
        return mcolors.to_hex(pixels[int(fig.bbox.height - y), int(x)] / 255)
    hole = np.asarray(weimarer_land["coordinates"][1])[:-1].mean(axis=0)
    land = mcolors.to_hex(fig.axes[0].collections[0].get_facecolors()[0])
    assert colour_at(hole) == "#ffffff"
    assert colour_at(charts._label_point(charts._path(weimarer_land), 1.6)) == land


def test_choropleth_of_631_gemeinden_equal_intervals(realdata):
    gemeinden = load_geojson(realdata / "geo" / "thueringen_gemeinden_2021-01-01.geojson")
    values = pd.Series(np.arange(len(gemeinden), dtype=float), index=gemeinden.region_code)
    fig = charts.choropleth(gemeinden, values, scheme="equal", classes=5, source="Test",
                            labels=["16051000", "16053000"])
    assert [t.get_text() for t in fig.axes[0].texts] == ["Erfurt", "Jena"]
    paths = fig.axes[0].collections[0].get_paths()
    assert len(fig.axes[0].collections) == 1 and len(paths) == 631
    multipart = sum(1 for g in gemeinden.geometry if g["type"] == "MultiPolygon")
    assert sum((p.codes == Path.MOVETO).sum() > 1 for p in paths) >= multipart
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["0 – 126", "126 – 252", "252 – 378", "378 – 504", "504 – 630"]


def test_choropleth_rejects_points_in_german(kreise):
    points = kreise.head(1).assign(geometry=[{"type": "Point", "coordinates": [11.0, 51.0]}])
    with pytest.raises(UserError, match="Geometrietyp „Point“ kann nicht als Fläche"):
        charts.choropleth(points, pd.Series({"16051": 1.0}))


def test_nationality_bars_without_total_sums_the_other_listed_nationalities():
    table = pd.DataFrame({"nationality": ["Ukraine", "Polen", "Syrien", "Rumänien", "Irak"],
                          "value": [400, 200, np.nan, 150, 100]})
    fig = charts.nationality_bars(table, top=2, source="Quelle")
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    widths = {name: bar.get_width() for name, bar in zip(names, ax.patches)}
    assert widths == {"Ukraine": 400, "Polen": 200, "Übrige": 250}


LONG_SOURCE = "Quelle: " + "; ".join(
    f"Statistisches Landesamt Thüringen, Tabelle 12411-0{i}-03-4, Stand 31.12.20{i:02d}, "
    "https://statistik.thueringen.de/datenbank/TabAnzeige.asp?tabelle=gt001649" for i in range(1, 25))


@pytest.mark.parametrize("chart", ["time_series", "choropleth"])
def test_a_very_long_source_line_is_printed_whole_inside_the_figure(chart, kreise):
    def draw(source: str):
        if chart == "time_series":
            fig = charts.time_series(series_table(), source=source, note="Geheimhaltung geprüft.")
        else:
            values = pd.Series(np.linspace(2.0, 12.5, len(kreise)), index=kreise.region_code, name="Anteil")
            fig = charts.choropleth(kreise, values, source=source)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return fig, canvas.get_renderer()

    fig, renderer = draw(LONG_SOURCE)
    text = fig._supxlabel
    rendered = " ".join(t.get_text() for t in fig.findobj(Text) if t.get_visible()).split()
    assert set(LONG_SOURCE.split()) <= set(rendered)
    assert text.get_text().count("\n") >= 10
    box, page = text.get_window_extent(renderer), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    short, short_renderer = draw("Quelle: eigene Berechnung")
    assert fig.get_figheight() > short.get_figheight() + 1
    chart_box = fig.axes[0].get_window_extent(renderer)
    assert chart_box.height == pytest.approx(short.axes[0].get_window_extent(short_renderer).height, abs=2)
    assert chart_box.y0 > box.y1, "the chart stays above its footer"


def test_eu_colours_come_from_the_indicator_catalogue():
    eu = indicators.group("eu_staaten")
    table = pd.DataFrame({"nationality": [*eu, "Türkei", "Schweiz"], "value": np.arange(len(eu) + 2, 0, -1.0)})
    ax = charts.nationality_bars(table, top=len(eu) + 2, source="Quelle").axes[0]
    colours = {t.get_text(): mcolors.to_hex(bar.get_facecolor()) for t, bar in zip(ax.get_yticklabels(), ax.patches)}
    assert colours == {**dict.fromkeys(eu, charts.EU), "Türkei": charts.NON_EU, "Schweiz": charts.NON_EU}


def test_a_line_without_any_value_is_named_in_the_note_not_drawn():
    """Before 2009 no foreigners' unemployment rate was published: Thüringen has no point, not 0 %."""
    table = series_table()
    table.loc[table["region_name"] == "Thüringen", "value"] = np.nan
    fig = charts.time_series(table, percent=True, note="Geheimhaltung geprüft.")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["Landkreis Musterland"]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Landkreis Musterland"]
    assert footer(fig).endswith(f"{charts.NO_LINE}: Thüringen. Geheimhaltung geprüft.")
    assert not any((np.nan_to_num(line.get_ydata(), nan=1) == 0).any() for line in lines)


def test_a_chart_without_any_value_has_no_legend_but_says_why():
    table = series_table().assign(value=np.nan)
    fig = charts.time_series(table)
    assert fig.axes[0].get_lines() == [] and fig.axes[0].get_legend() is None
    assert footer(fig).endswith(f"{charts.NO_LINE}: Landkreis Musterland, Thüringen.")


# --- user text is plain text ------------------------------------------------------------------------

#: What users type that matplotlib's mathtext would read as a formula or refuse ($_^{}$ raises when drawn).
USER_TEXT = ["$x$", "$", "5 $ und 3 $", r"\frac{a}{b}", r"$\frac{a}{b}$", "_^{}", r"$_^{}$"]


def test_every_module_that_draws_imports_charts_which_switches_mathtext_off():
    """`text.parse_math` is read when a text is made: every module making figures imports `toolkit.charts`
    (which sets it), so no figure of the project reads user text as math."""
    import ast

    from toolkit.config import PROJECT_ROOT
    drawing = []
    for path in sorted((PROJECT_ROOT / "toolkit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | \
            {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "toolkit"
                 for a in n.names}
        if any(m.startswith("matplotlib") for m in imported) and path.name != "charts.py":
            drawing.append(path.relative_to(PROJECT_ROOT))
            assert "charts" in names or "toolkit.charts" in imported, f"{path} draws without toolkit.charts"
    assert len(drawing) >= 5
    import matplotlib
    assert matplotlib.rcParams["text.parse_math"] is False


@pytest.mark.parametrize("text", USER_TEXT)
def test_user_text_in_titles_labels_and_footers_is_drawn_as_typed(text):
    data = pd.DataFrame({"region_name": [text, text, "Thüringen", "Thüringen"], "time": [2022, 2023, 2022, 2023],
                         "value": [1.0, 2.0, 3.0, 4.0]})
    figures = [charts.time_series(data, title=text, ylabel=text, source=text, note=text),
               charts.nationality_bars(pd.DataFrame({"nationality": [text, "Polen"], "value": [5.0, 3.0]}),
                                       title=text, eu=["Polen"])]
    for fig in figures:
        FigureCanvasAgg(fig).print_png(__import__("io").BytesIO())        # mathtext would raise here ($_^{}$)
        texts = [t for t in fig.findobj(Text) if text in t.get_text()]
        assert texts and not any(t.get_parse_math() for t in texts)


@pytest.mark.parametrize("text", USER_TEXT)
def test_user_text_in_the_goal_tree_is_drawn_as_typed(tmp_path, text):
    from toolkit import plan, zielfindung
    p = plan.load_plan(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"))
    field = plan.cell_text(p.handlungsfelder["Handlungsfeld"].iloc[0])
    p.ziele = plan.save._frame([["LZ1", "Leitziel", None, field, f"Ziel {text}"]], list(p.ziele.columns[:5]))
    p.ziele = p.ziele.reindex(columns=plan.SHEETS["ziele"].headers)
    fig = zielfindung.tree_figure(p)
    charts.png(fig)
    texts = [t for t in fig.findobj(Text) if text in t.get_text()]
    assert texts and not any(t.get_parse_math() for t in texts)


def test_a_goal_with_an_implausible_target_date_is_drawn_without_it_and_says_so():
    import datetime as dt

    from toolkit import zielfindung
    series = pd.Series([40.0, 41.5, 43.0], index=[2021, 2022, 2023])
    series.attrs = {"unit": "%", "name": "Kita-Quote", "source": "Quelle: Test"}
    goal = pd.Series({"ID": "HZ1", "Indikator": "kita", "Basisjahr": 2023, "Basiswert": 43.0, "Zielwert": 60,
                      "Zieldatum": dt.date(9999, 12, 31)})
    fig = zielfindung.target_figure(goal, {"kita": series})
    charts.png(fig)
    assert fig.axes[0].get_xlim()[1] < 2100
    assert "Das Zieldatum 31.12.9999 ist unplausibel und nicht gezeichnet." in footer(fig)
