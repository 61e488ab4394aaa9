"""Module 1 training app: controls redraw chart, table and map; problems show German text; a second run reads
from the cache. The notebook under Voila in Chromium: tests/browser/test_datenanalyse.py."""
from __future__ import annotations

import shutil
import time

import pytest

from toolkit import charts, config, store
from toolkit import datenanalyse as da
from toolkit.config import DEMO_DATA_DIR
from toolkit.datenanalyse import app, views
from toolkit.errors import UserError


@pytest.fixture
def voila_env(monkeypatch):
    monkeypatch.setenv("VOILA_SERVER_URL", "/")


def test_outside_voila_the_views_are_static_images_and_html(demo, monkeypatch, on_display):
    from IPython.display import HTML, Image
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(shown.append)
    assert app.explore(demo) is None
    assert [type(x) for x in shown] == [Image, HTML, Image]  # time series, comparison table, map
    assert "Ausländeranteil 2024" in shown[1].data


def test_controls_redraw_what_depends_on_them(demo, voila_env):
    explorer = app.App(demo)
    chart, table, picture = bytes(explorer.chart.value), explorer.table.value, bytes(explorer.map.value)
    assert chart.startswith(b"\x89PNG") and picture.startswith(b"\x89PNG") and "Ausländeranteil 2024" in table
    explorer.year.value = 2019
    assert bytes(explorer.chart.value) == chart and bytes(explorer.map.value) != picture
    assert "Ausländeranteil 2019" in explorer.table.value
    explorer.region.value = "16099015"
    assert bytes(explorer.chart.value) != chart and "Musterstadt, Stadt" in explorer.table.value
    explorer.indicator.value = "einbuergerungsquote"  # Kreis only: no map, a German hint instead
    assert explorer.map.layout.display == "none" and views.NO_MAP in explorer.message.value
    assert explorer.year.value == 2019 and explorer.message.value.count("<p") == 1


def test_a_failing_redraw_shows_german_text(demo, voila_env, monkeypatch):
    explorer = app.App(demo)
    monkeypatch.setattr(da, "time_series_figure", lambda *a, **k: 1 / 0)
    explorer.comparison.value = ()
    assert app.FAILED in explorer.message.value
    assert "ZeroDivision" not in explorer.message.value


def test_a_data_problem_shows_the_whole_german_message_escaped(demo, voila_env, monkeypatch):
    explorer = app.App(demo)

    def broken(*args, **kwargs):
        raise UserError("Spalte <b>„x“</b> fehlt.", file="a&b.csv", row=3, hint="Neu laden.")
    monkeypatch.setattr(da, "time_series_figure", broken)
    explorer.comparison.value = ()
    assert "Datei „a&amp;b.csv“, Zeile 3: Spalte &lt;b&gt;„x“&lt;/b&gt; fehlt." in explorer.message.value
    assert "So beheben Sie es: Neu laden." in explorer.message.value and "<b>" not in explorer.message.value


def test_gemeinden_are_rendered_ahead_and_fast_clicks_end_on_the_last_choice(demo, voila_env, monkeypatch):
    explorer = app.App(demo)
    codes = list(demo.gemeinden["region_code"])
    keys = [explorer._chart_key(region=code) for code in codes] + [explorer._table_key(region=code) for code in codes]
    end = time.monotonic() + 120
    while not all(key in explorer.pictures for key in keys) and time.monotonic() < end:
        time.sleep(0.2)
    expected = charts.png(da.time_series_figure(demo, da.POPULATION, codes[5], explorer.comparison.value))
    monkeypatch.setattr(da, "time_series_figure", lambda *a, **k: 1 / 0)  # drawn now: FAILED in the message
    for code in codes[:6]:  # one click after the other, no waiting
        explorer.region.value = code
    assert bytes(explorer.chart.value) == expected and explorer.message.value == ""
    assert f"{demo.region_name(codes[5])}</th>" in explorer.table.value


def test_a_second_run_reads_nothing_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    folder = tmp_path / "daten"
    shutil.copytree(DEMO_DATA_DIR, folder)
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_MEMORY", {})
    first = da.comparison_table(da.prepare(folder, "16099", 2024), da.POPULATION, "16099015", 2024)
    assert "25.478" in first and len(list((tmp_path / "cache" / "store").glob("*.pickle"))) == 3
    monkeypatch.setattr(store, "_MEMORY", {})  # a new kernel: tables, indicators, disclosed values from disk
    load = store.indicators.load
    monkeypatch.setattr(store.indicators, "load", lambda folder: pytest.fail("read again although unchanged"))
    assert da.comparison_table(da.prepare(folder, "16099", 2024), da.POPULATION, "16099015", 2024) == first
    for name in (".~planung.xlsx.lock", "planung_massnahmenkatalog.xlsx",   # saving, exporting the plan, or
                 "planung_Fassung-1_2025-2029.xlsx"):                       # its Fortschreibung (the old Fassung)
        (folder / name).touch()                                             # leaves the statistics alone
    assert da.comparison_table(da.prepare(folder, "16099", 2024), da.POPULATION, "16099015", 2024) == first
    monkeypatch.setattr(store.indicators, "load", load)
    gemeinden = folder / "12411-03-03-5.csv"  # same size, new time: Musterstadt 28 610 instead of 25 478
    line = "31.12.2024;16099015;        Musterstadt, Stadt;Insgesamt;25478;"
    gemeinden.write_text(gemeinden.read_text(encoding="cp1252").replace(line, line.replace("25478", "28610")),
                         encoding="cp1252", newline="")
    changed = da.comparison_table(da.prepare(folder, "16099", 2024), da.POPULATION, "16099015", 2024)
    assert "28.610" in changed and "25.478" not in changed
