"""The whole course on a district folder of real downloads, as a user assembles it: every real Kreis table of
../shared/realdata (whole Germany, 2017/18 and 2025/26 vintages, unchanged) and the BKG Kreis map, for the
Wartburgkreis (16063, with Eisenach before 1 July 2021)."""
from __future__ import annotations

import html as htmlib
import re
import shutil

import pytest

from toolkit import datenanalyse as da
from toolkit import indicators
from toolkit.course import course_notebooks, run_notebooks
from toolkit.reports import render_handouts

pytestmark = pytest.mark.slow
KREIS = "16063"


@pytest.fixture(scope="module")
def course(realdata, tmp_path_factory):
    folder = tmp_path_factory.mktemp("daten") / "wartburgkreis"
    folder.mkdir()
    for source in [*(realdata / "regionalstatistik").iterdir(), *(realdata / "current").iterdir(),
                   realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson"]:
        shutil.copy(source, folder / source.name)
    out = tmp_path_factory.mktemp("build")
    failures = run_notebooks(course_notebooks(), [folder], out, {"district_code": KREIS})
    return folder, out, failures


def test_every_notebook_runs_on_real_downloads_and_renders_its_handout(course):
    folder, out, failures = course
    assert failures == []
    handouts = render_handouts(out)
    assert [h.name.split(".")[0] for h in handouts] == [nb.stem for nb in course_notebooks()]


def test_the_data_chapter_shows_every_indicator_the_tables_allow(course):
    folder, out, _ = course
    district = da.prepare(folder, KREIS, 2024)
    computed, reasons = indicators.compute_all(indicators.load(folder))
    shown = [i for i in computed if da.indicator_year(district, i) is not None]
    text = htmlib.unescape(re.sub(r"<[^>]+>", " ", (out / "handouts" / "01_datenanalyse.html").read_text("utf-8")))
    overview, _, missing = " ".join(text.split()).partition("Nicht berechnet werden konnte:")
    assert len(shown) >= 12
    for indicator_id in shown:
        assert indicators.get(indicator_id).short in overview, indicator_id
    for indicator_id in reasons:  # what does not compute is named with its reason
        assert indicators.get(indicator_id).name in missing, indicator_id
    assert "Zähler und Nenner haben kein gemeinsames Jahr" in missing  # employment rate: 2015 vs 2016


def test_the_handout_names_the_merged_area_and_keeps_published_figures(course):
    folder, out, _ = course
    text = (out / "handouts" / "01_datenanalyse.html").read_text("utf-8")
    assert "Wartburgkreis einschl. Eisenach" in text
    assert "168.072" in text  # 2015: published 16063 (125 655) + 16056 (42 417), labelled as merged
