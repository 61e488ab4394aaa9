"""German numbers, values with units, changes, dates and table cells as the user reads them; number text read back."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from toolkit import fmt

NBSP = "\u00a0"


@pytest.mark.parametrize("value, decimals, expected", [
    (83394, 0, "83.394"), (6.75, 1, "6,8"), (-1234.5, 1, "-1.234,5"), (0.0, 2, "0,00"),
    (1234567.891, 2, "1.234.567,89"),
    (None, 0, "–"), (np.nan, 1, "–"), (np.int64(5977), 0, "5.977"),
])
def test_number_has_german_separators(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_percent_euro_and_empty():
    assert fmt.percent(12.66) == f"12,7{NBSP}%" and fmt.percent(5, 0) == f"5{NBSP}%"
    assert fmt.euro(18200) == f"18.200{NBSP}€" and fmt.euro(499.6) == f"500{NBSP}€"
    assert fmt.percent(np.nan) == fmt.euro(None) == "–" and fmt.percent(np.nan, empty=".") == "."


@pytest.mark.parametrize("value, most, expected", [
    (12.5, None, "12,5"), (15000, None, "15.000"), (0.25, None, "0,25"), (1.0, None, "1"),
    (0.125, 2, "0,12"), (0.5, 2, "0,5"), (1.999, 2, "2"), (1000.0, 2, "1.000"),
])
def test_exact_keeps_the_decimals_a_number_has(value, most, expected):
    assert fmt.exact(value, most) == expected


@pytest.mark.parametrize("text", ["12,5", "15.000", "0,25", "1.234.567,5", "-3"])
def test_exact_is_read_back_by_parse_number(text):
    assert fmt.exact(fmt.parse_number(text)) == text


@pytest.mark.parametrize("value, unit, decimals, expected", [
    (6.24, "%", None, f"6,2{NBSP}%"), (2.46, "je 1.000 Einwohner", None, "2,5 je 1.000 Einwohner"),
    (5977, "Anzahl", None, "5.977"), (4.0, "", None, "4,0"), (3.25, "Stunden", 2, "3,25 Stunden"),
    (np.nan, "je 1.000 Einwohner", None, "–"), (5977.4, None, 0, "5.977"),
])
def test_value_with_its_unit(value, unit, decimals, expected):
    assert fmt.value(value, unit, decimals) == expected


def test_value_without_its_unit_for_a_column_named_by_it():
    assert fmt.value(2.46, "je 1.000 Einwohner", with_unit=False) == "2,5"
    assert fmt.places("Anzahl") == 0 and fmt.places("%") == fmt.places("je 1.000 Einwohner") == 1


@pytest.mark.parametrize("value, unit, expected", [
    (0.43, "%", "+0,4 Prozentpunkte"), (-12, "Anzahl", "−12"), (0, "%", "±0,0 Prozentpunkte"),
    (0.3, "je 1.000 Einwohner", "+0,3 je 1.000 Einwohner"), (2.0, "", "+2,0"), (np.nan, "%", "–"),
])
def test_change_in_a_sentence(value, unit, expected):
    assert fmt.change(value, unit) == expected


def test_change_unsigned_for_a_size():
    assert fmt.change(-1.26, "%", signed=False) == "1,3 Prozentpunkte"


@pytest.mark.parametrize("value, unit, expected", [
    (4.49, "%", "+4,5 Pp."), (-0.04, "%", "0,0 Pp."), (-1234.0, "Anzahl", "-1.234"),
    (0.26, "je 1.000 Einwohner", "+0,3"),
    (np.nan, "Anzahl", "–"),
])
def test_short_change_beside_the_values(value, unit, expected):
    assert fmt.change(value, unit, short=True) == expected


def test_date_from_date_datetime_and_iso_text():
    assert fmt.date(dt.date(2023, 12, 31)) == fmt.date(dt.datetime(2023, 12, 31, 8)) == "31.12.2023"
    assert fmt.date("2024-03-15") == fmt.date("2024-03-15T00:00:00") == "15.03.2024"


@pytest.mark.parametrize("cell, expected", [
    (None, "–"), (np.nan, "–"), (pd.NaT, "–"), (pd.NA, "–"), (12000, "12.000"), (0.5, "0,5"),
    (dt.date(2026, 3, 1), "01.03.2026"), (pd.Timestamp("2026-03-01"), "01.03.2026"), ("HF3-M1", "HF3-M1"),
    ("", ""), (True, "True"),
])
def test_text_of_any_cell(cell, expected):
    assert fmt.text(cell) == expected


def test_text_with_decimals_and_a_marker_for_missing():
    assert fmt.text(12034.4, 0) == "12.034" and fmt.text(np.nan, 0, empty=".") == "." and fmt.text("x", 2) == "x"


def test_is_empty_and_is_number():
    assert all(map(fmt.is_empty, [None, np.nan, pd.NaT, pd.NA])) and not any(map(fmt.is_empty, ["", 0, "nan"]))
    assert fmt.is_number(3) and fmt.is_number(0.5) and not fmt.is_number(True)
    assert not fmt.is_number(np.nan) and not fmt.is_number("3")


@pytest.mark.parametrize("text, expected", [
    ("1.500", 1500), ("12,5", 12.5), ("0.5", 0.5), ("1.234.567,89", 1234567.89), ("-3", -3), ("18.200 €", 18200),
    ("12,5 %", 12.5), (",5", 0.5), ("3", 3), ("3,0", 3.0), ("", None), ("ca. 500", None), ("1,2,3", None),
])
def test_parse_number_reads_german_number_text(text, expected):
    parsed = fmt.parse_number(text)
    assert parsed == expected and type(parsed) is type(expected)
