"""The concept's chapter „Umsetzung, Monitoring und Fortschreibung“ from stage 5 (reporting, rules, the goals'
indicators with direction and course, the state of implementation, the Fassung) and the Änderungsprotokoll of a
Fortschreibung in the annex — built from the workbook, never a placeholder while a workbook is given."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from toolkit import plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.konzept import later, monitoring
from toolkit.konzept.model import Bullets, Heading, Orientation, Paragraph, Table
from toolkit.monitoring import fortschreibung, kurs, regeln

PERIOD = (2025, 2029)


@pytest.fixture(scope="module")
def demo() -> plan.Plan:
    return plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")


@pytest.fixture(scope="module")
def series() -> dict:
    return zielfindung.district_series(DEMO_UPDATE_DIR, DEMO_DISTRICT)


def words(blocks: list) -> str:
    return "\n".join("".join(run for run, _ in b.runs) for b in blocks if isinstance(b, Paragraph))


def headings(blocks: list) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Heading)]


def tables(blocks: list) -> dict[str, Table]:
    return {t.caption: t for t in blocks if isinstance(t, Table)}


def test_the_chapter_comes_from_the_workbook_and_the_newest_data(demo, series):
    blocks = monitoring.chapter(demo, series, DEMO_STAND, PERIOD)
    assert headings(blocks) == ["Umsetzung, Monitoring und Fortschreibung", "Berichtsweg", "Ampel und Kurs",
                                "Indikatoren der Handlungsziele", "Stand der Umsetzung", "Fortschreibung"]
    text = words(blocks)
    assert "Dieser Teil fehlt noch." not in text
    assert "Sachstände zum 30.06.2025, 31.12.2025 und 30.06.2026" in text
    assert "gilt vom 01.01.2025 bis zum 31.12.2029" in text
    rules = next(b for b in blocks if isinstance(b, Bullets))
    assert len(rules.items) == len(regeln.describe(regeln.load(None)))
    course = kurs.goal_course(demo, series, DEMO_STAND, regeln.load(None))
    goals = tables(blocks)["Indikatoren der Handlungsziele mit Richtung und Kurs"]
    assert [row[0] for row in goals.rows] == list(course.index)
    shown = {row[0]: (row[2], row[6]) for row in goals.rows}
    assert shown["HZ4.1.2"] == ("niedriger ist besser", "nicht auf Kurs")      # falling unemployment is progress
    assert shown["HZ4.1.1"][1] == "auf Kurs" and shown["HZ4.2.1"][1] == "gefährdet"
    assert shown["HZ3.2.1"] == ("niedriger ist besser", "keine Daten")


def test_the_state_of_implementation_counts_every_measure_once(demo, series):
    state = tables(monitoring.chapter(demo, series, DEMO_STAND, PERIOD))["Maßnahmen nach Ampel je Handlungsfeld"]
    total = state.rows[-1]
    assert total[0] == "Summe" and sum(int(n) for n in total[1:5]) == len(demo.massnahmen)


def test_without_a_sachstand_the_chapter_still_sets_out_reporting_and_rules(demo, series):
    fresh = plan.Plan(**{**vars(demo), "sachstand": plan.empty("sachstand"), "fassung": plan.empty("fassung")})
    blocks = monitoring.chapter(fresh, series, DEMO_STAND, PERIOD)
    assert "Stand der Umsetzung" not in headings(blocks)
    text = words(blocks)
    assert "Ein Sachstand ist noch nicht gemeldet" in text and "Das Konzept gilt für 2025–2029." in text


def test_without_a_workbook_the_chapter_says_what_fills_it():
    text = words(later.monitoring(DEMO_STAND))
    assert "Dieser Teil fehlt noch." in text and "--plan planung.xlsx" in text and "05_monitoring" in text


def test_a_first_fassung_has_no_protocol_yet(demo):
    blocks = monitoring.protocol(demo)
    assert headings(blocks) == ["Änderungsprotokoll"] and "Erste Fassung" in words(blocks)


def test_a_fortschreibung_lists_its_changes_against_the_fassung_before(tmp_path):
    shutil.copy(DEMO_UPDATE_DIR / "planung.xlsx", tmp_path / "planung.xlsx")
    newer = plan.load_plan(tmp_path / "planung.xlsx")
    archive = fortschreibung.archive_name(tmp_path / "planung.xlsx", 1, dt.date(2025, 1, 1), dt.date(2029, 12, 31))
    missing = monitoring.protocol(newer)
    assert f"Die Vorgängerfassung „{archive}“" in words(missing) and not tables(missing)
    shutil.copy(DEMO_DATA_DIR / "planung.xlsx", tmp_path / archive)
    blocks = monitoring.protocol(newer)
    changes = fortschreibung.compare(plan.load_plan(tmp_path / archive), newer)
    table = tables(blocks)["Änderungen an Handlungsfeldern, Zielen und Maßnahmen"]
    assert len(table.rows) == len(changes) > 0
    assert {(r[0], r[2]) for r in table.rows if r[0]} == {(r["Änderung"], r["ID"]) for _, r in changes.iterrows()}
    assert isinstance(blocks[0], Orientation) and blocks[0].landscape          # the wide table in landscape


def test_the_cover_takes_validity_and_resolution_from_the_fassung(demo):
    from toolkit.konzept import front
    assert front.period(demo, DEMO_STAND) == (2025, 2029)
    assert "Kreistagsbeschluss 2025/017 vom 12.03.2025" in words([front._resolution(demo)])
    fresh = plan.Plan(**{**vars(demo), "fassung": plan.empty("fassung")})
    assert "[bitte ausfüllen]" in words([front._resolution(fresh)])
