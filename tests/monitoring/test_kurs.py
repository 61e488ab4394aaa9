"""Indicators against targets: the course of each Handlungsziel on hand-computed cases, in both directions."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit import plan
from toolkit.monitoring import kurs
from toolkit.monitoring.regeln import Regeln

F = "Ökonomische Situation und Arbeitsmarkt"
STICHTAG = dt.date(2026, 6, 30)


def goal(ident: str, indicator: str, base_year=2020, base=10.0, target=20.0, until=dt.date(2030, 12, 31), **more):
    return {"ID": ident, "Ebene": "Handlungsziel", "Handlungsfeld": F, "Zieltext": f"Ziel {ident}",
            "Indikator": indicator, "Basisjahr": base_year, "Basiswert": base, "Zielwert": target,
            "Zieldatum": until} | more


def make_plan(goals: list[dict], own: list[dict] | None = None) -> plan.Plan:
    """A plan in memory: the catalogue's indicators in „Indikatoren“ (Richtung as `new_plan` writes it) and
    `own` rows after them."""
    from toolkit import indicators
    from toolkit.plan.save import _frame
    sheets = {key: _frame([], sheet.headers) for key, sheet in plan.SHEETS.items()}
    sheets["handlungsfelder"] = _frame([["HF1", F, None]], plan.SHEETS["handlungsfelder"].headers)
    rows = [[i.id, i.name, i.unit, i.handlungsfeld, plan.RICHTUNG_OF[i.direction]] for i in indicators.catalogue()]
    rows += [[o.get(h) for h in plan.SHEETS["indikatoren"].headers] for o in own or []]
    sheets["indikatoren"] = _frame(rows, plan.SHEETS["indikatoren"].headers)
    sheets["ziele"] = _frame([[g.get(h) for h in plan.SHEETS["ziele"].headers] for g in goals],
                             plan.SHEETS["ziele"].headers)
    return plan.Plan(**sheets)


def series(values: dict[int, float], unit="%") -> pd.Series:
    s = pd.Series(list(values.values()), index=list(values.keys()), dtype=float)
    s.attrs = {"name": "Testreihe", "unit": unit, "source": "Test"}
    return s


def course_of(values: dict[int, float], indicator="beschaeftigungsquote_auslaender", regeln=None, **goal_cells):
    p = make_plan([goal("HZ1", indicator, **goal_cells)])
    return kurs.goal_course(p, {indicator: series(values)}, STICHTAG, regeln or Regeln()).loc["HZ1"]


# higher is better: baseline 10 (2020), target 20 by 31.12.2030 → path +1 per year, in 2025 the Sollwert is 15


@pytest.mark.parametrize(("actual", "expected"), [
    (15.0, "auf Kurs"),         # 100 % of the planned 5
    (14.5, "auf Kurs"),         # 90 % = 1 − tolerance: still auf Kurs
    (14.4, "gefährdet"),        # 88 %
    (12.5, "gefährdet"),        # 50 %: the lower bound of gefährdet
    (12.4, "nicht auf Kurs"),   # 48 %
    (9.0, "nicht auf Kurs"),    # the wrong way
    (21.0, "auf Kurs"),         # target already reached
])
def test_higher_is_better_by_share_of_planned_progress(actual, expected):
    row = course_of({2019: 9.0, 2020: 10.0, 2025: actual})
    assert (row["Istjahr"], row["Istwert"], row["Sollwert"]) == (2025, actual, 15.0)
    assert row["Kurs"] == expected
    assert row["Richtung"] == "höher ist besser"
    assert row["Satz"].startswith(expected[0].upper() + expected[1:] + ":")


@pytest.mark.parametrize(("actual", "expected"), [
    (10.0, "auf Kurs"),         # fell 5 of the planned 5 (15 → 5 by 2030, -1 per year)
    (10.5, "auf Kurs"),         # 90 %
    (11.0, "gefährdet"),        # 80 %
    (13.0, "nicht auf Kurs"),   # 40 %
    (16.0, "nicht auf Kurs"),   # rose: the wrong way for an unemployment rate
    (4.0, "auf Kurs"),          # below the target already
])
def test_falling_unemployment_rate_is_progress(actual, expected):
    row = course_of({2025: actual}, indicator="arbeitslosenquote_auslaender", base=15.0, target=5.0)
    assert row["Richtung"] == "niedriger ist besser"
    assert row["Sollwert"] == 10.0
    assert row["Kurs"] == expected


def test_the_sentence_says_values_path_and_share_in_german_formats():
    row = course_of({2025: 14.4})
    assert row["Satz"] == ("Gefährdet: 2025 lag der Wert bei 14,4\u00a0%, der Weg zum Ziel (10,0\u00a0% 2020 → "
                           "20,0\u00a0% bis 31.12.2030) sah 15,0\u00a0% vor: erreicht sind nur 88 % des bis 2025 "
                           "geplanten Fortschritts.")


def test_wrong_way_sentence_names_the_baseline():
    row = course_of({2025: 9.0})
    assert "schlechter als der Basiswert 10,0\u00a0% (2020)" in row["Satz"]


def test_tolerance_and_at_risk_come_from_the_rules():
    assert course_of({2025: 14.4}, regeln=Regeln(tolerance=15))["Kurs"] == "auf Kurs"            # 88 % ≥ 85 %
    assert course_of({2025: 12.5}, regeln=Regeln(at_risk=60))["Kurs"] == "nicht auf Kurs"        # 50 % < 60 %


def test_latest_year_after_the_baseline_up_to_the_stichtag_year_counts():
    # 2027 lies after the Stichtag's year and is not yet known; 2024 has no number (NaN)
    row = course_of({2020: 10.0, 2023: 13.0, 2024: float("nan"), 2027: 30.0})
    assert (row["Istjahr"], row["Sollwert"], row["Kurs"]) == (2023, 13.0, "auf Kurs")


def test_the_latest_year_counts_whatever_the_order_of_the_series():
    row = course_of({2023: 13.0, 2025: 15.0, 2021: 11.0})
    assert (row["Istjahr"], row["Istwert"]) == (2025, 15.0)


def test_year_at_or_after_the_target_year_compares_with_the_target():
    row = course_of({2026: 18.0}, until=dt.date(2025, 12, 31))
    assert row["Sollwert"] == 20.0
    assert row["Kurs"] == "gefährdet"       # 8 of 10 = 80 %


def test_no_value_after_the_baseline_is_keine_daten():
    row = course_of({2018: 8.0, 2020: 10.0})
    assert row["Kurs"] == "keine Daten"
    assert "nach dem Basisjahr 2020 noch keinen Wert" in row["Satz"]
    assert pd.isna(row["Istwert"]) or row["Istwert"] is None


@pytest.mark.parametrize(("cells", "words"), [
    ({"base": None}, "fehlt Basiswert"),
    ({"target": None, "until": None}, "fehlen Zielwert und Zieldatum"),
    ({"until": "irgendwann"}, "„irgendwann“ ist nicht lesbar"),
    ({"base_year": 2031}, "liegt nicht nach dem Basisjahr 2031"),
    ({"until": dt.date(9999, 12, 31)}, "Das Zieldatum 31.12.9999 ist unplausibel"),
    ({"until": dt.date(1, 1, 1)}, "Das Zieldatum 01.01.0001 ist unplausibel"),
])
def test_missing_or_unreadable_baseline_or_target_is_keine_daten_with_the_reason(cells, words):
    row = course_of({2025: 15.0}, **cells)
    assert row["Kurs"] == "keine Daten"
    assert words in row["Satz"]


def test_own_indicator_without_series_is_keine_daten_and_its_direction_comes_from_the_sheet():
    own = {"ID": "beirat_sitzungen", "Bezeichnung": "Sitzungen des Beirats", "Einheit": "Anzahl",
           "Richtung": "höher ist besser"}
    p = make_plan([goal("HZ1", "beirat_sitzungen", base=2, target=4)], own=[own])
    row = kurs.goal_course(p, {}, STICHTAG, Regeln()).loc["HZ1"]
    assert row["Kurs"] == "keine Daten"
    assert "eigener Indikator" in row["Satz"]
    assert (row["Richtung"], row["Bezeichnung"]) == ("höher ist besser", "Sitzungen des Beirats")


def test_empty_richtung_in_the_sheet_falls_back_to_the_catalogue():
    p = make_plan([goal("HZ1", "arbeitslosenquote_auslaender", base=15.0, target=15.0)])
    p.indikatoren["Richtung"] = None
    row = kurs.goal_course(p, {"arbeitslosenquote_auslaender": series({2025: 16.0})}, STICHTAG).loc["HZ1"]
    assert row["Richtung"] == "niedriger ist besser"
    assert row["Kurs"] == "nicht auf Kurs"      # hold 15: rose to 16


def test_descriptive_indicator_takes_its_way_from_the_target():
    # auslaenderanteil is „beschreibend“; target below baseline: falling is progress
    falling = course_of({2025: 10.0}, indicator="auslaenderanteil", base=15.0, target=5.0)
    rising = course_of({2025: 10.0}, indicator="auslaenderanteil", base=5.0, target=15.0)
    assert falling["Richtung"] == rising["Richtung"] == "beschreibend"
    assert falling["Kurs"] == rising["Kurs"] == "auf Kurs"
    assert course_of({2025: 16.0}, indicator="auslaenderanteil", base=15.0, target=5.0)["Kurs"] == "nicht auf Kurs"
    same = course_of({2025: 16.0}, indicator="auslaenderanteil", base=15.0, target=15.0)
    assert same["Kurs"] == "keine Daten"


def test_target_against_the_stated_direction_is_measured_toward_the_target_and_flagged():
    row = course_of({2025: 12.5}, indicator="arbeitslosenquote_auslaender", base=10.0, target=20.0)
    assert row["Kurs"] == "gefährdet"
    assert "Achtung" in row["Satz"]


def test_only_handlungsziele_with_an_indicator_in_plan_order():
    goals = [goal("HZ2", "beschaeftigungsquote_auslaender"), goal("HZ1", ""),
             goal("MZ1", "beschaeftigungsquote_auslaender", Ebene="Mittlerziel"),
             goal("HZ3", "arbeitslosenquote_auslaender")]
    table = kurs.goal_course(make_plan(goals), {}, STICHTAG, Regeln())
    assert list(table.index) == ["HZ2", "HZ3"]
    assert list(table.columns) == kurs.COLUMNS
    assert set(table["Kurs"]) <= set(kurs.KURS)


def test_cells_typed_as_text_are_read_as_the_sheet_shows_them():
    row = course_of({2025: 14.5}, base_year="2020", base="10,0", target="20", until="31.12.2030")
    assert (row["Basisjahr"], row["Basiswert"], row["Zielwert"], row["Zieldatum"]) == \
        (2020, 10.0, 20.0, dt.date(2030, 12, 31))
    assert row["Kurs"] == "auf Kurs"


def test_an_odd_richtung_in_the_sheet_is_kept_there_and_the_catalogue_decides():
    p = make_plan([goal("HZ1", "arbeitslosenquote_auslaender", base=15.0, target=5.0)])
    p.indikatoren.loc[p.indikatoren["ID"] == "arbeitslosenquote_auslaender", "Richtung"] = "runter"
    row = kurs.goal_course(p, {"arbeitslosenquote_auslaender": series({2025: 10.0})}, STICHTAG).loc["HZ1"]
    assert row["Richtung"] == "niedriger ist besser"
    assert "runter" in set(p.indikatoren["Richtung"])          # nothing a user typed is changed
    assert kurs.direction(p, "arbeitslosenquote_auslaender") == "niedriger ist besser"
    assert kurs.direction(p, "gibt_es_nicht") == "beschreibend"


def test_a_goal_without_id_is_named_by_its_row():
    p = make_plan([goal("", "beschaeftigungsquote_auslaender")])
    assert list(kurs.goal_course(p, {}, STICHTAG).index) == ["Zeile 2"]
