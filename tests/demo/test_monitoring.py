"""Stage 5 of the demo district: the example plan's Sachstand rounds and Fassung, the newer data vintage
datasets/musterland_2026 (byte-stable, the years before unchanged, four goals moved as the README says) and the
Fortschreibung of the plan."""
from __future__ import annotations

import datetime as dt

import pytest

from toolkit import data, fmt, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.demo import azr, classic, excel, files, genesis_online, labour, monitoring, population
from toolkit.demo import plan as demo_plan
from toolkit.monitoring import ampel, fortschreibung, kurs, regeln, sachstand

ROUNDS = [dt.date(2025, 6, 30), dt.date(2025, 12, 31), DEMO_STAND]
#: The four goals the newer vintage moves, and their course at the Stichtag (README, „Neuer Datenstand“).
COURSES = {"HZ4.1.1": "auf Kurs", "HZ4.2.1": "gefährdet", "HZ4.1.2": "nicht auf Kurs", "HZ3.2.1": "keine Daten"}
#: The measures' lights at the Stichtag under the default rules (README, „Absichtliche Befunde im Sachstand“).
LIGHTS = {"rot": {"HF6-M1", "HF7-M1", "HF5-M1", "HF4-M1"}, "gelb": {"HF2-M2", "HF8-M1", "HF4-M3"},
          "grau": {"HF9-M4"}}
#: The Änderungsprotokoll of the Fortschreibung: (Änderung, Blatt, ID, Feld).
CHANGES = {("geändert", "Ziele", "HZ4.1.2", "Zieltext"), ("geändert", "Ziele", "HZ4.1.2", "Zielwert"),
           ("geändert", "Ziele", "HZ6.1.1", "Zieltext"), ("geändert", "Ziele", "HZ6.1.1", "Zieldatum"),
           ("neu", "Maßnahmen", "HF4-M5", ""), ("geändert", "Maßnahmen", "HF7-M1", "Federführung"),
           ("geändert", "Maßnahmen", "HF9-M4", "Status"), ("geändert", "Maßnahmen", "HF9-M4", "Begründung")}
README = (DEMO_DATA_DIR / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo() -> plan.Plan:
    return plan.load_plan(DEMO_DATA_DIR / demo_plan.FILE_NAME)


@pytest.fixture(scope="module")
def newer() -> plan.Plan:
    return plan.load_plan(monitoring.FORTSCHREIBUNG)


@pytest.fixture(scope="module")
def course(demo) -> dict:
    series = zielfindung.district_series(DEMO_UPDATE_DIR, DEMO_DISTRICT)
    return kurs.goal_course(demo, series, DEMO_STAND, regeln.Regeln())


# --- Sachstand and Fassung ---------------------------------------------------------------------------------------

def test_three_rounds_each_row_reported_by_the_measures_federfuehrung(demo):
    log = demo.sachstand
    assert sorted({plan.as_date(day) for day in log["Datum"]}) == ROUNDS == monitoring.rounds()
    assert list(log["Datum"].map(plan.as_date)) == sorted(log["Datum"].map(plan.as_date))   # a log, oldest first
    lead = dict(zip(demo.massnahmen["ID"], demo.massnahmen["Federführung"], strict=True))
    assert list(log["Gemeldet von"]) == [lead[m] for m in log["Maßnahme-ID"]]
    assert set(log["Status"]) <= set(plan.STATUS) and log["Fortschritt (%)"].between(0, 100).all()
    assert log["Sachstand"].notna().all() and log["Nächster Schritt"].notna().all()
    per_round = log.groupby(log["Datum"].map(plan.as_date)).size()
    assert list(per_round) == [8, 16, 31]
    assert "drei Sachstandsabfragen mit 55 Meldungen (30.06.2025: 8, 31.12.2025: 16, 30.06.2026: 31)" in \
        README.replace("\n  ", " ")
    assert not [p for p in plan.check_plan(demo) if p.sheet in ("Sachstand", "Fassung")]


def test_latest_sachstand_has_the_planted_mix(demo):
    latest = sachstand.latest(demo, DEMO_STAND)
    assert latest.loc["HF9-M4", "Status"] == "entfallen"
    assert latest.loc["HF8-M3", ["Status", "Fortschritt (%)"]].tolist() == ["abgeschlossen", 100]
    assert latest.loc["HF7-M1", "Datum"] == dt.date(2025, 6, 30)              # silent for a year
    overridden = latest[latest["Ampel"].notna()]
    assert list(overridden.index) == ["HF4-M3"] and overridden["Ampel-Begründung"].notna().all()
    late = latest.loc[["HF6-M1", "HF2-M2", "HF8-M1"]]
    starts = demo.massnahmen.set_index("ID").loc[late.index, "Beginn"].map(plan.as_date)
    assert (late["Status"] == "in Vorbereitung").all() and (starts < DEMO_STAND).all()
    assert set(latest.loc[latest["Datum"].isna()].index) == set()             # every measure reported once


def test_the_lights_are_those_the_readme_lists(demo):
    lights = ampel.measure_lights(demo, DEMO_STAND, regeln.Regeln())
    for light, measures in LIGHTS.items():
        assert set(lights.index[lights["Ampel"] == light]) == measures, light
    assert set(lights.index[lights["Ampel"] == "grün"]) == set(lights.index) - set().union(*LIGHTS.values())
    assert lights.loc["HF4-M3", ["berechnet", "überstimmt"]].tolist() == ["grün", True]
    table = README.split("Absichtliche Befunde im Sachstand")[1].split("Neuer Datenstand")[0]
    for light, measures in LIGHTS.items():
        for measure in measures:
            row = next(line for line in table.splitlines() if measure in line)
            assert row.endswith(f"| {light} |"), row


def test_fassung_version_1_with_the_kreistag_resolution(demo):
    assert demo.fassung.to_dict("records") == [
        {"Version": 1, "Gültig ab": dt.date(2025, 1, 1), "Gültig bis": dt.date(2029, 12, 31),
         "Erstellt am": dt.date(2025, 2, 14), "Vorgängerfassung": None,
         "Beschluss": "Kreistagsbeschluss 2025/017 vom 12.03.2025"}]


def test_the_plan_file_is_byte_stable(tmp_path):
    first = demo_plan.generate(tmp_path / "a" / demo_plan.FILE_NAME)
    second = demo_plan.generate(tmp_path / "b" / demo_plan.FILE_NAME)
    assert first.read_bytes() == second.read_bytes()


# --- the newer vintage -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("musterland_2026")
    return monitoring.generate_update(out), monitoring.write_fortschreibung(out=out / demo_plan.FILE_NAME)


def test_committed_vintage_and_fortschreibung_are_byte_identical_to_the_generator_output(generated):
    written, fortgeschrieben = generated
    assert sorted(p.name for p in [*written, fortgeschrieben]) == sorted(p.name for p in DEMO_UPDATE_DIR.iterdir())
    for path in [*written, fortgeschrieben]:
        assert path.read_bytes() == (DEMO_UPDATE_DIR / path.name).read_bytes(), path.name


def test_the_year_added_for_the_vintage_is_taken_back_even_after_an_error():
    """The writers' years and settings are extended only while the vintage is written: datasets/musterland, made in
    the same process, must not get 2025."""
    def settings() -> list:
        names = [(m, "YEARS") for m in (classic, population, labour, excel, azr, genesis_online)]
        names += [*monitoring.NEW_YEAR_SETTINGS, (classic, "STAND"), (genesis_online, "STAND"), (excel, "FIXED_TIME"),
                  (files, "FIXED_TIME")]
        return [getattr(module, name) for module, name in names]
    before = settings()
    with pytest.raises(RuntimeError), monitoring._one_year_on():
        assert classic.YEARS[-1] == monitoring.NEW_YEAR and labour.UNEMPLOYMENT_FOREIGN[-1] == 22.4
        raise RuntimeError
    assert settings() == before and classic.YEARS[-1] == 2024


def test_the_vintage_adds_2025_and_keeps_every_earlier_value():
    before, after = data.read_dir(DEMO_DATA_DIR), data.read_dir(DEMO_UPDATE_DIR)
    assert sorted(before) == sorted(after) and not after.skipped
    for code, table in after.items():
        years = table["time"].astype(str).str[:4].astype(int)
        old = table[years <= 2024].reset_index(drop=True)
        assert old.equals(before[code].reset_index(drop=True)), code
        assert years.max() == (2024 if code in monitoring.NOT_YET_PUBLISHED else 2025), code
    for code in monitoring.NOT_YET_PUBLISHED:    # not yet published: last year's download, unchanged
        assert (DEMO_UPDATE_DIR / f"{code}.csv").read_bytes() == (DEMO_DATA_DIR / f"{code}.csv").read_bytes()
    assert after["13211-02-05-4"].attrs["stand"] == "15.05.2026"


def test_the_vintage_moves_four_goals_as_the_readme_says(demo, course):
    assert course.loc[list(COURSES), "Kurs"].to_dict() == COURSES
    assert course.loc["HZ4.1.2", "Richtung"] == "niedriger ist besser"
    assert course.loc["HZ4.1.2", "Istwert"] > course.loc["HZ4.1.2", "Basiswert"]      # worse: it rose
    assert course.loc["HZ4.2.1", "Istwert"] < course.loc["HZ4.2.1", "Basiswert"]      # better, but too slowly
    table = README.split("Neuer Datenstand")[1].split("Fortschreibung `")[0]
    def shown(value, unit) -> str:
        return fmt.value(value, unit).replace("\xa0", " ")
    for goal, row in course.loc[list(COURSES)].iterrows():
        line = next(line for line in table.splitlines() if line.startswith(f"| {goal} |"))
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        assert cells[6] == row["Kurs"], goal
        assert cells[2] == shown(row["Basiswert"], row["Einheit"]), goal
        if row["Istwert"] is not None:
            assert cells[4] == shown(row["Istwert"], row["Einheit"]), goal
            assert cells[5] == shown(row["Sollwert"], row["Einheit"]), goal
    # with the first vintage, no goal has a value after its baseline yet: the newer one moves them
    first = kurs.goal_course(demo, zielfindung.district_series(DEMO_DATA_DIR, DEMO_DISTRICT), DEMO_STAND)
    assert set(first["Kurs"]) == {"keine Daten"}


# --- the Fortschreibung ------------------------------------------------------------------------------------------

def test_fortschreibung_changes_exactly_what_the_readme_lists(demo, newer):
    changes = fortschreibung.compare(demo, newer)
    assert set(zip(changes["Änderung"], changes["Blatt"], changes["ID"], changes["Feld"], strict=True)) == CHANGES
    assert len(changes) == len(CHANGES)
    section = README.split("**Fortschreibung `")[1]
    for _, _, ident, _ in CHANGES:
        assert ident in section, ident
    assert newer.sachstand.equals(demo.sachstand)                  # the log is carried over untouched
    assert not [p for p in plan.check_plan(newer) if p.sheet == "Sachstand"]


def test_fortschreibung_is_version_2_after_version_1(demo, newer):
    assert fortschreibung.current(newer) == (2, dt.date(2030, 1, 1), dt.date(2034, 12, 31))
    row = newer.fassung.iloc[-1]
    assert plan.as_date(row["Erstellt am"]) == DEMO_STAND
    assert row["Vorgängerfassung"] == "planung_Fassung-1_2025-2029.xlsx"
    assert newer.fassung.iloc[0].to_dict() == demo.fassung.iloc[0].to_dict()
    assert sorted(p.name for p in DEMO_DATA_DIR.glob("*.xlsx")) == [     # no archive left beside the example plan
        "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx", demo_plan.FILE_NAME]
