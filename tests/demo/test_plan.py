"""The demo plan of Landkreis Musterland: reproducible, complete, and flawed in exactly the planted places."""
from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from toolkit import indicators, massnahmenplanung, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, DEMO_STAND
from toolkit.demo import plan as demo_plan

COMMITTED = DEMO_DATA_DIR / demo_plan.FILE_NAME
STAND = DEMO_STAND
#: (sheet, Excel row, column) of every problem `check_plan` must find, all errors.
PLANTED_CHECK = {
    ("Ziele", 41, "ID"): "Keine Maßnahme dient diesem Handlungsziel; tragen Sie seine ID bei mindestens einer "
                         "Maßnahme unter „Ziel-ID(s)“ ein.",
    ("Maßnahmen", 19, "Ende"): "Das Ende (30.06.2026) liegt vor dem Beginn (01.09.2026).",
    ("Maßnahmen", 22, "Sachkosten (€)"): "„ca. 5000“ ist keine Zahl; tragen Sie eine Zahl ohne Einheit ein "
                                         "(Formeln werden nicht ausgewertet).",
    ("Maßnahmen", 28, "Ziel-ID(s)"): "Ein Ziel „HZ8.1.3“ gibt es im Blatt „Ziele“ nicht.",
}
#: Baselines the generator fills from the demo data (indicator values 2024, one decimal).
BASELINES = {"HZ3.1.1": 86.2, "HZ3.2.1": 7.1, "HZ4.1.1": 45.4, "HZ4.1.2": 23.9, "HZ4.2.1": 51.5, "HZ6.1.2": 2.6}
MILESTONES = re.compile(r"\d{2}/\d{4} [^;]+(; \d{2}/\d{4} [^;]+)*")


@pytest.fixture(scope="module")
def demo() -> plan.Plan:
    return plan.load_plan(COMMITTED)


@pytest.fixture(scope="module")
def series() -> dict:
    return zielfindung.district_series(DEMO_DATA_DIR, demo_plan.DISTRICT)


def _cells(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_committed_workbook_has_the_cell_values_the_generator_writes(tmp_path):
    fresh = demo_plan.generate(tmp_path / demo_plan.FILE_NAME)
    assert _cells(fresh) == _cells(COMMITTED)
    assert sorted(p.name for p in tmp_path.iterdir()) == [demo_plan.FILE_NAME]   # no backup, no temp file


def test_nine_eisenach_fields_each_with_a_leitziel_one_or_two_mittlerziele_and_up_to_three_handlungsziele(demo):
    assert list(demo.handlungsfelder["Handlungsfeld"]) == plan.template("eisenach")
    assert demo.handlungsfelder["Beschreibung"].notna().all()
    levels = demo.ziele.groupby("Handlungsfeld")["Ebene"].value_counts().unstack()
    assert len(levels) == 9
    assert (levels["Leitziel"] == 1).all()
    assert levels["Mittlerziel"].between(1, 2).all()
    assert levels["Handlungsziel"].between(1, 3).all()
    assert levels.sum().to_dict() == {"Handlungsziel": 22, "Leitziel": 9, "Mittlerziel": 13}
    assert len(demo.massnahmen) == 32


def test_every_measure_fills_every_column_in_the_agreed_forms(demo):
    m = demo.massnahmen
    assert m.notna().all().all()
    assert list(m["ID"]) == [f"HF{n}-M{k}" for n, count in enumerate((3, 4, 4, 4, 3, 4, 3, 3, 4), 1)
                             for k in range(1, count + 1)]
    assert m["Meilensteine"].map(MILESTONES.fullmatch).all()
    years = [m[column].map(lambda cell: plan.as_date(cell).year) for column in ("Beginn", "Ende")]
    assert all(y.between(2026, 2029).all() for y in years)
    assert set(m["Finanzierung"]) <= set(plan.FINANZIERUNG) and set(m["Priorität"]) == set(plan.PRIORITAET)
    assert set(m["Status"]) <= set(plan.STATUS) and m["Wirkungsebene"].between(1, 7).all()
    assert set(m["Finanzierung"]) == {"Haushalt", "Land/ThILIK", "Bund", "ESF", "Drittmittel"}


def test_check_plan_finds_exactly_the_planted_errors(demo):
    found = {(p.sheet, p.row, p.column): (p.message, p.severity) for p in plan.check_plan(demo)}
    assert found == {where: (message, "error") for where, message in PLANTED_CHECK.items()}


def test_measures_validation_finds_the_same_and_nothing_more(demo):
    assert massnahmenplanung.problems(demo) == plan.check_plan(demo)


def test_ikpe_plan_check_reports_every_planted_flaw(capsys):
    """The command line joins the workbook check, the measure check and SMART (with the data: also A)."""
    from toolkit.cli import main
    assert main(["plan", "check", str(COMMITTED), "--data", str(DEMO_DATA_DIR)]) == 2
    reported = {line.split(":")[0] for line in capsys.readouterr().out.splitlines()}
    for flaw in demo_plan.flaws():
        kind = "Hinweis" if "Hinweis" in flaw["check"] else "Fehler"
        assert f"{kind} – Blatt „{flaw['sheet']}“, Zeile {flaw['row']}, Spalte „{flaw['column']}“" in reported


def test_smart_check_fails_exactly_the_vague_goal_and_the_goal_without_date(demo, series):
    errors = {(row, f.criterion) for row, goal in demo.ziele.iterrows() if goal["Ebene"] == "Handlungsziel"
              for f in zielfindung.smart(goal, demo, series, STAND) if f.severity == "error"}
    assert errors == {(33, "S"), (33, "M"), (37, "T")}
    assert demo.ziele.loc[33, "Zieltext"] == "Das Zusammenleben im Landkreis soll verbessert werden."
    assert demo.ziele.loc[[33, 37], "ID"].tolist() == ["HZ6.2.1", "HZ7.1.2"]


def test_attainability_warns_only_about_the_implausible_target(demo, series):
    """Goals on a catalogue indicator can be compared with the past: only HZ4.1.2 asks too much (23,9 % → 5 %)."""
    with_series = demo.ziele[demo.ziele["Indikator"].isin(series.keys())]
    warned = {row for row, goal in with_series.iterrows()
              if next(f for f in zielfindung.smart(goal, demo, series, STAND) if f.criterion == "A").severity != "ok"}
    assert warned == {21}
    assert demo.ziele.loc[21, ["ID", "Basiswert", "Zielwert"]].tolist() == ["HZ4.1.2", 23.9, 5]


def test_every_other_handlungsziel_is_specific_measurable_relevant_and_timed(demo, series):
    for row, goal in demo.ziele[demo.ziele["Ebene"] == "Handlungsziel"].iterrows():
        if row in (33, 37):
            continue
        findings = {f.criterion: f for f in zielfindung.smart(goal, demo, series, STAND)}
        assert all(findings[c].ok for c in "SMRT"), (goal["ID"], findings)


def test_every_goal_id_of_a_measure_exists_except_the_planted_typo(demo):
    known = set(demo.ziele["ID"])
    unknown = {m["ID"]: set(plan.goal_ids(m["Ziel-ID(s)"])) - known for _, m in demo.massnahmen.iterrows()}
    assert {k: v for k, v in unknown.items() if v} == {"HF8-M2": {"HZ8.1.3"}}
    levels = dict(zip(demo.ziele["ID"], demo.ziele["Ebene"], strict=True))
    assert {levels.get(g, "Handlungsziel") for cell in demo.massnahmen["Ziel-ID(s)"] for g in plan.goal_ids(cell)} \
        == {"Handlungsziel"}


def test_baselines_are_the_demo_data_values(demo, series):
    catalogue = {i.id for i in indicators.catalogue()}
    filled = demo.ziele[demo.ziele["Indikator"].isin(catalogue)]
    assert dict(zip(filled["ID"], filled["Basiswert"], strict=True)) == BASELINES
    assert set(filled["Basisjahr"]) == {2024}
    for _, goal in filled.iterrows():
        assert goal["Basiswert"] == round(series[goal["Indikator"]][2024], 1)
    own = demo.ziele[demo.ziele["Indikator"].notna() & ~demo.ziele["Indikator"].isin(catalogue)]
    assert len(own) == 15 and set(own["Basisjahr"]) == {2024} and own["Basiswert"].notna().all()
    assert set(own["Indikator"]) <= set(demo.indikatoren["ID"])


def test_readme_lists_every_planted_flaw_with_sheet_row_and_column():
    readme = (DEMO_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert readme.endswith(demo_plan.readme_section())
    rows = {(f["sheet"], f["row"], f["column"], f["id"]) for f in demo_plan.flaws()}
    assert rows == {("Ziele", 21, "Zielwert", "HZ4.1.2"), ("Ziele", 33, "Zieltext", "HZ6.2.1"),
                    ("Ziele", 37, "Zieldatum", "HZ7.1.2"), ("Ziele", 41, "ID", "HZ8.1.2"),
                    ("Maßnahmen", 19, "Ende", "HF5-M3"), ("Maßnahmen", 22, "Sachkosten (€)", "HF6-M3"),
                    ("Maßnahmen", 28, "Ziel-ID(s)", "HF8-M2")}
    assert {(s, r, c) for s, r, c, _ in rows} >= set(PLANTED_CHECK)
    for sheet, row, column, goal_id in rows:
        assert f"| {sheet} | {row} | {column} | {goal_id} |" in readme


# --- the demo does not go stale -------------------------------------------------------------------

LATER = dt.date(2028, 6, 30)


def _reported(out: str) -> set[tuple]:
    """(sheet, row, column) of every line `ikpe plan check` prints."""
    return {m.groups() for m in re.finditer(r"Blatt „(.+?)“, Zeile (\d+), Spalte „(.+?)“", out)}


def _planted() -> set[tuple]:
    """Where the planted flaws are reported: their cells, and HZ6.2.1's missing indicator (SMART M)."""
    return {(f["sheet"], str(f["row"]), f["column"]) for f in demo_plan.flaws()} | {("Ziele", "33", "Indikator")}


@pytest.mark.parametrize("args", [[], ["--data", str(DEMO_DATA_DIR)]])
def test_the_demo_plan_check_finds_exactly_the_planted_flaws_whatever_today_is(monkeypatch, capsys, args):
    from toolkit.cli import main
    monkeypatch.setattr(zielfindung.checks, "current_date", lambda: LATER)
    assert main(["plan", "check", str(COMMITTED), *args]) == 2
    out = capsys.readouterr().out
    assert "Vergangenheit" not in out
    assert _reported(out) == _planted() - ({("Ziele", "21", "Zielwert")} if not args else set())


def test_heute_of_plan_check_is_a_parameter(monkeypatch, capsys):
    from toolkit.cli import main
    assert main(["plan", "check", str(COMMITTED), "--heute", "2028-06-30"]) == 2
    out = capsys.readouterr().out
    dated = {row for sheet, row, column in _reported(out) if column == "Zieldatum"}
    assert len(dated) == 14 and "37" in dated     # 13 target dates before the date given, one missing
    assert out.count("liegt in der Vergangenheit (Stichtag der Prüfung: 30.06.2028)") == 13
    assert main(["plan", "check", str(COMMITTED), "--heute", "30.6.28"]) == 2
    assert "„30.6.28“ ist kein gültiges Datum für „heute“" in capsys.readouterr().err


def test_reference_date_is_the_date_given_else_the_demo_stand_else_today(monkeypatch):
    monkeypatch.setattr(zielfindung.checks, "current_date", lambda: LATER)
    assert zielfindung.reference_date("") == LATER and zielfindung.reference_date("", demo=True) == STAND
    assert zielfindung.reference_date("01.03.2027", demo=True) == zielfindung.reference_date("2027-03-01") \
        == dt.date(2027, 3, 1)


def test_stage_3_judges_the_demo_plan_on_its_stand_and_an_own_date_when_given(monkeypatch):
    from toolkit.zielfindung import app
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    monkeypatch.setattr(zielfindung.checks, "current_date", lambda: LATER)
    stage = zielfindung.prepare(DEMO_DATA_DIR, demo_plan.DISTRICT, 2024)
    assert stage.today == STAND
    failed = zielfindung.smart_table(stage.plan, stage.series, stage.today)["terminiert"]
    assert failed[failed == zielfindung.SYMBOLS["error"]].index.tolist() == [37]
    assert stage.plan.ziele.loc[8, "Zieldatum"] < LATER and "Vergangenheit" not in app.smart_html(stage, stage.plan, 8)
    assert zielfindung.prepare(DEMO_DATA_DIR, demo_plan.DISTRICT, 2024, heute="30.06.2028").today == LATER
