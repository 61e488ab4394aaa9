"""Stage 5 prepared for notebook and app: which data, which Stichtag, which rules; the lights follow a changed plan;
the static chapter shows only tables, pictures and text, and an empty plan says so in every section."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from IPython.display import HTML, Image, Markdown

from tests.conftest import ODD_TITLE, odd_district
from toolkit import markup, plan, workspace
from toolkit.config import DEMO_DATA_DIR, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.errors import UserError
from toolkit.monitoring import sachstand, stage, views

MEASURE = "HF5-M3"


@pytest.fixture(scope="module")
def demo() -> stage.Stage:
    return stage.prepare(DEMO_DATA_DIR, "16099")


def test_the_demo_is_judged_on_its_stand_with_its_newer_data(demo):
    assert demo.stichtag == DEMO_STAND
    assert demo.series_dir == (DEMO_UPDATE_DIR if DEMO_UPDATE_DIR.is_dir() else DEMO_DATA_DIR)
    assert list(demo.lights.index) == sachstand.measure_ids(demo.plan)
    assert set(demo.course.index) <= set(demo.goals.index)
    assert demo.latest.index.equals(demo.lights.index)


@pytest.mark.parametrize("given, day", [("31.12.2025", dt.date(2025, 12, 31)), ("2025-12-31", dt.date(2025, 12, 31)),
                                        (dt.date(2027, 1, 1), dt.date(2027, 1, 1)), (" ", DEMO_STAND)])
def test_the_stichtag_is_given_as_date_or_text(given, day):
    assert stage.judgement_day(given, demo=True) == day


def test_without_a_stichtag_a_district_of_its_own_is_judged_today():
    assert stage.judgement_day("", demo=False) == dt.date.today()


def test_a_bad_stichtag_or_data_folder_is_a_german_user_error(tmp_path):
    with pytest.raises(UserError) as error:
        stage.judgement_day("31.06.2026")
    assert error.value.message.startswith("„31.06.2026“ ist kein gültiges Datum für den Stichtag")
    with pytest.raises(UserError) as error:
        stage.prepare(DEMO_DATA_DIR, "16099", neue_daten=tmp_path / "fehlt")
    assert error.value.message == "Den Datenordner mit den neuen Daten gibt es nicht."


def test_neue_daten_names_the_folder_of_the_series(tmp_path):
    folder = tmp_path / "neu"
    folder.mkdir()
    for table in DEMO_DATA_DIR.iterdir():
        if table.name != "planung.xlsx":
            (folder / table.name).symlink_to(table)
    made = stage.prepare(DEMO_DATA_DIR, "16099", neue_daten=str(folder), stichtag="31.12.2025")
    assert made.series_dir == folder and made.stichtag == dt.date(2025, 12, 31)
    assert set(made.series) >= {plan.cell_text(i) for i in made.course["Indikator"]} & set(made.series)


def test_the_rules_file_changes_the_lights(tmp_path, demo):
    rules = tmp_path / "regeln.yaml"
    rules.write_text("Sachstand veraltet nach (Tagen): 1\n", encoding="utf-8")
    made = stage.prepare(DEMO_DATA_DIR, "16099", regeln_file=str(rules))
    assert made.regeln.stale == 1 and demo.regeln.stale != 1


def test_refreshed_judges_a_new_plan_on_the_same_series(demo):
    changed = plan.load_plan(demo.workbook.path)
    sachstand.append(changed, [{"Datum": DEMO_STAND, "Maßnahme-ID": MEASURE, "Status": "entfallen",
                                "Sachstand": "Vom Kreistag gestrichen"}])
    later = demo.refreshed(changed)
    assert later.series is demo.series and later.stichtag == demo.stichtag
    assert later.latest.loc[MEASURE, "Status"] == "entfallen"
    assert later.lights.loc[MEASURE, "Status"] == "entfallen"
    assert demo.latest.loc[MEASURE, "Sachstand"] != "Vom Kreistag gestrichen"   # the old stage is unchanged
    assert demo.refreshed(changed, dt.date(2027, 1, 1)).stichtag == dt.date(2027, 1, 1)


def test_static_sections_show_only_tables_pictures_and_text(demo, monkeypatch, on_display):
    shown = []
    on_display(shown.append)
    for section in (views.show_stichtag, views.show_overview, views.show_measures, views.show_goals,
                    views.show_course, views.show_rules, views.show_warnings):
        section(demo)
    assert shown and all(type(x) in (HTML, Image, Markdown) for x in shown)
    text = "\n".join(str(x.data) for x in shown if not isinstance(x, Image))
    assert "Stichtag: 30.06.2026" in text
    assert MEASURE in text and "ikpe-ampel-" in text
    assert all(markup.html(plan.cell_text(s)) in text for s in demo.lights["Satz"])
    first_field = demo.lights["Handlungsfeld"].iloc[0]
    assert f"### {first_field}" in text.replace("\\", "")
    if not demo.course.empty:
        assert sum(isinstance(x, Image) for x in shown) == sum(
            plan.cell_text(i) in demo.series for i in demo.course["Indikator"])


def test_every_light_in_a_table_gets_its_coloured_dot_and_other_cells_stay_text():
    html = views.light_table(pd.DataFrame({"Ampel": ["grün", "rot"], "Satz": ["grün", "Rot: x"]}))
    assert html.count("ikpe-ampel-gruen") == 2 and html.count("ikpe-ampel-rot") == 1 and "Rot: x" in html


def test_an_empty_plan_says_so_in_every_section(tmp_path, on_display, monkeypatch):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    path = plan.new_plan(tmp_path / "planung.xlsx", "eisenach")
    made = stage.prepare(DEMO_DATA_DIR, "16099", plan_file=str(path))
    assert isinstance(made.workbook, workspace.Workbook) and made.lights.empty
    shown = []
    on_display(lambda item: shown.append(str(item.data)))
    views.show_overview(made), views.show_measures(made), views.show_course(made)
    assert views.NO_MEASURES in shown[0] and views.NO_MEASURES in shown[1] and views.NO_GOALS in shown[2]


def test_the_course_table_gives_years_as_years_and_values_with_their_unit(demo):
    table = views.course_table(demo)
    assert list(table.columns) == views.COURSE_COLUMNS and list(table.index) == list(demo.course.index)
    for ident, goal in demo.course.iterrows():
        if plan.is_number(goal["Basisjahr"]) and plan.is_number(goal["Basiswert"]):
            assert table.at[ident, "Basis"].endswith(f"({int(goal['Basisjahr'])})"), table.at[ident, "Basis"]
        if plan.is_number(goal["Istjahr"]) and plan.is_number(goal["Istwert"]):
            assert table.at[ident, "Ist"].endswith(f"({int(goal['Istjahr'])})")
    assert not table.map(lambda cell: bool(re.search(r"\(\d\.\d{3}\)", str(cell)))).any().any()


@pytest.mark.slow
def test_notebook_05_renders_its_handout_on_a_plan_with_odd_content(tmp_path):
    """Issue 11, class 2 for chapter 5: maths signs in a title, dates far out, a misspelt or empty Handlungsfeld,
    and a Sachstand log with a text for a date, a Fortschritt in words and a light that is none — the notebook runs
    under papermill, the handout renders and shows the title as typed."""
    from toolkit import course, reports
    odd = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    sachstand.append(odd, [
        {"Datum": "Ende Mai", "Maßnahme-ID": "HF1-M1", "Sachstand": "ohne Datum"},
        {"Datum": dt.date(2026, 5, 1), "Maßnahme-ID": "HF1-M2", "Fortschritt (%)": "ca. die Hälfte",
         "Ampel": "orange"},
        {"Datum": dt.date(1, 1, 1), "Maßnahme-ID": "HF2-M1", "Status": "begonnen"}])
    plan.save_plan(odd, tmp_path / "mit_sachstand.xlsx")
    folder = odd_district(tmp_path / "kreis", tmp_path / "mit_sachstand.xlsx")

    notebook = next(nb for nb in course.course_notebooks() if nb.name.startswith("05_"))
    out = tmp_path / "build"
    assert course.run_notebooks([notebook], [folder], out, {"district_code": "16099"}) == []
    handout, = [p for p in reports.render_handouts(out) if p.name.startswith("05_")]
    text = handout.read_text(encoding="utf-8")
    assert ODD_TITLE in text and "Traceback" not in text
    assert plan.NO_FIELD in text and "Ende Mai" in text        # the measures without a valid field; the odd date named
