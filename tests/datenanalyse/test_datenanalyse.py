"""Module 1 report: figures from the demo and real files, disclosure of Gemeinde values, the
notebook run by papermill on demo and real data, and its handout (no leaks, no widgets, offline)."""
from __future__ import annotations

import re
import shutil

import numpy as np
import pytest

from toolkit import datenanalyse as da
from toolkit import disclosure, indicators
from toolkit.config import DEMO_DATA_DIR, NOTEBOOKS_DIR
from toolkit.course import run_notebooks
from toolkit.errors import UserError

NOTEBOOK = NOTEBOOKS_DIR / "01_datenanalyse.ipynb"
REAL_FILES = ["12411-03-03-4_00.csv", "13211-02-05-4_00.csv", "22221-01-01-4_00.csv", "12411-01-01-4.csv"]
KREISE_MAP = "thueringen_kreise_ab_2021-07-01.geojson"


@pytest.fixture(scope="module")
def real_dir(realdata, tmp_path_factory):
    """A district folder as a learner assembles it: four Regionalstatistik files and the Kreis map."""
    folder = tmp_path_factory.mktemp("erfurt")
    for name in REAL_FILES:
        shutil.copy(realdata / "regionalstatistik" / name, folder / name)
    shutil.copy(realdata / "geo" / KREISE_MAP, folder / KREISE_MAP)
    return folder


def test_key_facts_of_the_demo_district(demo):
    facts = da.key_facts(demo)
    assert "**Einwohner\\*innen am 31.12.2024:** 96.144" in facts
    assert "5.977 (Ausländeranteil **6,2\u00a0%**)" in facts
    assert "Thüringen 8,2\u00a0%, Deutschland 14,9\u00a0%" in facts
    assert "**Veränderung seit 2014:** Ausländeranteil +4,5 Pp." in facts
    assert demo.map_level == "Gemeinde" and len(demo.gemeinden) == 25


def test_real_district_falls_back_to_its_year_and_draws_the_kreis_map(real_dir):
    erfurt = da.prepare(real_dir, "16051", 2016)
    assert (erfurt.year, erfurt.map_level, erfurt.name) == (2015, "Kreis", "Erfurt, krsfr. Stadt")
    assert erfurt.notes == ["Für 2016 liegen keine Bevölkerungszahlen vor; der Bericht zeigt 2015."]
    facts = da.key_facts(erfurt)
    assert "210.118" in facts and "12.153 (Ausländeranteil **5,8\u00a0%**)" in facts
    assert "Thüringen 3,8\u00a0%" in facts and "nur das Jahr 2015" in facts
    assert da.gemeinde_table(erfurt) is None and da.nationality_figure(erfurt) is None
    assert da.map_figure(erfurt, "auslaenderanteil", 2015) is not None
    # Thüringen 83 394 Ausländer of 2 170 714 (README of the real files)
    table = da.comparison_table(erfurt, "auslaenderanteil", None, 2015)
    assert "83.394" in table and "2.170.714" in table


def test_a_district_code_given_as_a_number_is_read_as_text(demo):
    district = da.prepare(DEMO_DATA_DIR, 16099, 2024, comparison_region=16)
    assert (district.code, district.comparison, district.name) == ("16099", ("16", "DG"), demo.name)


def test_unknown_district_is_a_german_user_error(demo):
    with pytest.raises(UserError, match="Einen Kreis mit dem Schlüssel 16999 gibt es in Thüringen nicht"):
        da.prepare(DEMO_DATA_DIR, "16999", 2024)
    with pytest.raises(UserError) as error:
        da.prepare(DEMO_DATA_DIR, "16056", 2024)
    assert "Eisenach gehört seit dem 1. Juli 2021 zum Wartburgkreis" in error.value.message
    assert error.value.hint.startswith("Verwenden Sie 16063")


# --- a real whole-Germany folder for the Wartburgkreis (Eisenach still separate in 2015/16) ---------

@pytest.fixture(scope="module")
def wartburgkreis(realdata, tmp_path_factory):
    folder = tmp_path_factory.mktemp("wartburgkreis")
    for source in (realdata / "regionalstatistik").glob("*.csv"):
        shutil.copy(source, folder / source.name)
    return da.prepare(folder, "16063", 2016)


def test_merged_area_is_named_wherever_it_is_shown(wartburgkreis):
    """The published Wartburgkreis row has 125.655 inhabitants (31.12.2015), Eisenach 42.417."""
    assert wartburgkreis.name == "Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021)"
    facts = da.key_facts(wartburgkreis)
    assert "**Einwohner\\*innen am 31.12.2015:** 168.072" in facts
    assert ("Summe der veröffentlichten Werte von Wartburgkreis (16063) und Eisenach (16056)" in facts
            and "für 2015" in facts)
    overview = da.overview_table(wartburgkreis)
    assert "Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021)" in overview
    assert "Summe der veröffentlichten Werte" in overview
    table = da.comparison_table(wartburgkreis, "auslaenderanteil", None, 2015)
    assert "168.072" in table and "Wartburgkreis einschl. Eisenach" in table and "für 2015 Summe" in table
    pyramid = da.age_pyramid_figure(wartburgkreis)._supxlabel.get_text().replace("\n", " ")
    assert "Wartburgkreis einschl. Eisenach (Gebietsstand 1.7.2021): für 2015 Summe" in pyramid


def test_published_rate_of_the_merged_area_says_why_it_is_x(wartburgkreis):
    table = da.comparison_table(wartburgkreis, "arbeitslosenquote_auslaender", None, 2016)
    assert re.search(r"Gebietsstand 1\.7\.2021\)</th><td[^>]*>x</td>", table)
    assert "„x“ beim Wartburgkreis vor dem 1.7.2021: Diese Quote ist veröffentlicht, nicht berechnet" in table
    assert "„x“ beim Wartburgkreis vor dem 1.7.2021" in da.overview_table(wartburgkreis)
    fig = da.time_series_figure(wartburgkreis, "arbeitslosenquote_auslaender")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["Thüringen", "Deutschland"]  # the merged area has no published rate to draw
    footer = fig._supxlabel.get_text().replace("\n", " ")  # the source line and notes under the chart
    assert "Ohne Wert im gezeigten Zeitraum, daher ohne Linie: Wartburgkreis einschl. Eisenach" in footer


def test_indicators_not_computed_are_listed_with_their_reason(wartburgkreis):
    text = da.missing_text(wartburgkreis)
    assert "- **Tabelle 12521-0041 fehlt** – für Ausländeranteil laut Ausländerzentralregister" in text
    assert "GENESIS-Online des Statistischen Bundesamts" in text and "Flatfile-CSV" in text
    assert ("- **Beschäftigungsquote der Ausländer\\*innen:** Zähler und Nenner haben kein gemeinsames Jahr: "
            "Tabelle 13111-02-02-4 passt zu 2012–2015") in text
    # naturalisations start in 2016, the population in 2015: shown with their year, not left out
    assert re.search(r"Einbürgerungsquote \(2016\)</th><td[^>]*>0,8\u00a0%</td>", da.overview_table(wartburgkreis))
    ids = wartburgkreis.indicator_ids()
    for found in ("einbuergerungsquote", "wanderungssaldo_auslaender", "svb_auslaenderanteil",
                  "schulabgaenger_ohne_hsa"):
        assert found in ids and found not in wartburgkreis.unavailable
    assert set(ids) | set(wartburgkreis.unavailable) == {ind.id for ind in indicators.catalogue()}


def test_gemeinde_table_hides_small_and_recoverable_counts(demo):
    strict = da.prepare(DEMO_DATA_DIR, "16099", 2024, threshold=5)
    html, parts = da.gemeinde_table(strict)
    foreign, share, german, jobless = parts
    # Beispielsrode has 4 Ausländer*innen: hidden, and a second Gemeinde so the Kreis sum cannot reveal it
    assert foreign.table["Beispielsrode"] == "."
    assert (foreign.table == ".").sum() >= 2 and foreign.table["Musterland, Kreis"] == "5.977"
    assert share.table.loc["Beispielsrode"] == "."
    # … and its Deutsche, which Bevölkerung − Deutsche would turn into the hidden count
    assert german.table["Beispielsrode"] == "." and (german.table == ".").sum() == (foreign.table == ".").sum()
    # BA anonymised (*) Arbeitslose in Fichtelgrund, Kleinmustern, Mustereck stay hidden
    assert {"Fichtelgrund", "Kleinmustern", "Mustereck"} <= set(jobless.table[jobless.table == "."].index)
    assert all(disclosure.check_published(html, part) == [] for part in parts)
    assert "Geheimhaltung" in html


def test_map_hides_the_same_gemeinden_as_the_table():
    strict = da.prepare(DEMO_DATA_DIR, "16099", 2024, threshold=5)
    _, (foreign, *_rest) = da.gemeinde_table(strict)
    shown = da.shown(strict, "auslaenderanteil")
    on_map = shown[(shown["year"] == 2024) & (shown["level"] == "Gemeinde")]
    hidden_on_map = set(on_map.loc[on_map["shown"].isna(), "region_name"])
    assert hidden_on_map == set(foreign.table.index[foreign.table == "."])


def test_kreis_values_are_published_unchanged(demo):
    rows = da.shown(demo, "arbeitslosenquote_auslaender")
    kreis = rows[rows["region_code"] == "16099"]
    assert np.allclose(kreis["shown"], kreis["value"], equal_nan=True)


def test_handlungsfelder_text_compares_cautiously(demo):
    text = da.handlungsfelder_text(demo)
    assert "**Aufgaben der Kommune**" in text
    assert ("- Ausländeranteil 2024: 6,2\u00a0% – deutlich unter Thüringen (8,2\u00a0%). Seit 2014 gestiegen "
            "(+4,5 Pp.).") in text
    assert "keine Ursachen" in text


def test_overview_lists_every_indicator_with_comparison(demo):
    html = da.overview_table(demo)
    assert len(re.findall(r"<tr><th scope=\"row\"", html)) == len(demo.indicator_ids()) == 21
    assert "Veränderung seit 2014" in html and "Thüringen" in html and "Deutschland" in html


@pytest.mark.slow
def test_notebook_runs_on_demo_and_its_handout_is_clean(tmp_path, demo):
    from toolkit.reports import render_handouts
    assert run_notebooks([NOTEBOOK], [DEMO_DATA_DIR], tmp_path) == []
    html = render_handouts(tmp_path)[0].read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert "widget-area" not in html and "jupyter-widgets" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    body = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    assert "Traceback" not in body and "Error" not in body
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in body
    for heading in ("Das Wichtigste in Kürze", "Die Gemeinden", "Was bedeutet das für die Handlungsfelder?",
                    "Quellen und Lizenz"):
        assert heading in html
    assert html.count("<img") == 4  # time series, map, age pyramid, nationalities
    _, parts = da.gemeinde_table(demo)
    assert all(disclosure.check_published(html, part) == [] for part in parts)


@pytest.mark.slow
def test_notebook_runs_unchanged_on_real_files(tmp_path, real_dir):
    from toolkit.reports import render_handouts
    assert run_notebooks([NOTEBOOK], [real_dir], tmp_path, {"district_code": "16051", "reference_year": 2016}) == []
    html = render_handouts(tmp_path)[0].read_text(encoding="utf-8")
    assert "Erfurt, krsfr. Stadt" in html and "Kreise in Thüringen" not in html  # map title is inside the PNG
    assert "Für die Gemeinden liegen im Datenordner keine Zahlen vor" in html
    assert "Für die Staatsangehörigkeiten fehlt die AZR-Tabelle 12521-0041" in html
    assert "Für 2016 liegen keine Bevölkerungszahlen vor; der Bericht zeigt 2015." in html
    # what is missing, with reason and recipe, instead of „Fehlt ein Indikator, fehlt seine Tabelle“
    assert "Nicht berechnet werden konnte" in html and "fehlt seine Tabelle" not in html
    assert "Tabelle 12511-01-01-4 fehlt</strong> – für Einbürgerungsquote" in html


def test_a_rate_published_as_dash_is_shown_as_no_value():
    assert da.value_text(np.nan, "%", "-") == "–"  # not „-“ (nichts vorhanden) and never „0,0 %“
    assert da.value_text(np.nan, "%", ".") == "."
    assert da.value_text(0.0, "%", "") == "0,0\u00a0%"
