"""The Sachstand log: the latest report per measure and appending reports without changing what is logged."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit import plan
from toolkit.monitoring import sachstand


def _table(key: str, rows: list[dict], start: int = 2) -> pd.DataFrame:
    headers = plan.SHEETS[key].headers
    return pd.DataFrame([[row.get(h) for h in headers] for row in rows], columns=headers,
                        index=range(start, start + len(rows)), dtype=object)


def small_plan(log: list[dict], measures=None) -> plan.Plan:
    """A plan of three measures (M3 with its own status) and the Sachstand rows `log` (from Excel row 2)."""
    measures = measures or [{"ID": "HF1-M1", "Titel": "Sprachcafé"}, {"ID": "HF1-M2", "Titel": "Lotsen"},
                            {"ID": "HF2-M1", "Titel": "Beratung", "Status": "in Vorbereitung"}]
    return plan.Plan(handlungsfelder=_table("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Sprache"}]),
                     ziele=plan.empty("ziele"), indikatoren=plan.empty("indikatoren"),
                     massnahmen=_table("massnahmen", measures), sachstand=_table("sachstand", log))


def row(date, ident, status=None, progress=None, text=None, **more) -> dict:
    return {"Datum": date, "Maßnahme-ID": ident, "Status": status, "Fortschritt (%)": progress, "Sachstand": text,
            **more}


D1, D2, D3 = dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)


def test_no_rows_every_measure_in_plan_order_with_its_own_status():
    stand = sachstand.latest(small_plan([]))
    assert list(stand.index) == ["HF1-M1", "HF1-M2", "HF2-M1"]
    assert list(stand.columns) == list(sachstand.COLUMNS)
    assert list(stand["Status"]) == ["nicht begonnen", "nicht begonnen", "in Vorbereitung"]
    assert stand["Datum"].isna().all() and stand["Fortschritt (%)"].isna().all()


def test_last_row_by_date_not_by_sheet_order():
    p = small_plan([row(D2, "HF1-M1", "begonnen", 40, "läuft"), row(D1, "HF1-M1", "in Vorbereitung", 10, "geplant"),
                    row(D1, "HF2-M1", "begonnen", 5, "Start")])
    stand = sachstand.latest(p)
    assert stand.loc["HF1-M1", "Datum"] == D2 and stand.loc["HF1-M1", "Fortschritt (%)"] == 40
    assert stand.loc["HF1-M2", "Status"] == "nicht begonnen" and stand.loc["HF1-M2", "Datum"] is None
    assert stand.loc["HF2-M1", "Sachstand"] == "Start"


def test_same_date_twice_the_lower_excel_row_wins():
    p = small_plan([row(D2, "HF1-M1", "begonnen", 30, "erste Meldung"),
                    row(D1, "HF1-M2", "begonnen", 10, "x"),
                    row("31.03.2026", "HF1-M1", "begonnen", 35, "korrigiert")])
    assert sachstand.latest(p).loc["HF1-M1", "Sachstand"] == "korrigiert"
    # the same in the other order of the rows: again the lower row
    p = small_plan([row(D2, "HF1-M1", "begonnen", 35, "korrigiert"), row(D2, "HF1-M1", "begonnen", 30, "erste")])
    assert sachstand.latest(p).loc["HF1-M1", "Sachstand"] == "erste"


def test_stichtag_cuts_off_later_rows_and_keeps_its_own_day():
    p = small_plan([row(D1, "HF1-M1", "in Vorbereitung", 10), row(D2, "HF1-M1", "begonnen", 40),
                    row(D3, "HF1-M1", "abgeschlossen", 100), row(D3, "HF2-M1", "begonnen", 20)])
    assert sachstand.latest(p, D2).loc["HF1-M1", "Status"] == "begonnen"
    assert sachstand.latest(p, D3).loc["HF1-M1", "Status"] == "abgeschlossen"
    before = sachstand.latest(p, dt.date(2025, 1, 1))
    assert before.loc["HF1-M1", "Datum"] is None and before.loc["HF1-M1", "Status"] == "nicht begonnen"
    assert before.loc["HF2-M1", "Status"] == "in Vorbereitung"       # its own status before any report


def test_empty_status_keeps_the_one_reported_before_and_undated_rows_are_named():
    p = small_plan([row(D1, "HF1-M1", "begonnen", 10), row(D2, "HF1-M1", None, 50, "weiter"),
                    row("irgendwann", "HF1-M2", "abgeschlossen", 100), row(D1, "unbekannt", "begonnen")])
    stand = sachstand.latest(p)
    assert stand.loc["HF1-M1", "Status"] == "begonnen" and stand.loc["HF1-M1", "Fortschritt (%)"] == 50
    assert stand.loc["HF1-M2", "Status"] == "nicht begonnen"
    assert "unbekannt" not in stand.index
    assert any("Zeile 4" in w and "irgendwann" in w for w in stand.attrs["warnings"])


def test_append_adds_at_the_end_and_ignores_repeats():
    p = small_plan([row(D1, "HF1-M1", "begonnen", 10, "läuft", **{"Gemeldet von": "Amt"})])
    before = p.sachstand.copy()
    added, ignored = sachstand.append(p, [
        row(D1, "HF1-M1", "begonnen", 10.0, " läuft ", **{"Gemeldet von": "jemand", "Quelle": "a.xlsx"}),  # repeat
        row("31.03.2026", "HF1-M1", "begonnen", 40, "weiter", **{"Quelle": "a.xlsx"}),
        row(D2, "HF1-M1", "begonnen", 40, "weiter"),                                                    # repeat
        row(D2, "HF1-M2", "abgeschlossen", 100.0, "fertig")])
    assert (added, ignored) == (2, 2)
    pd.testing.assert_frame_equal(p.sachstand.loc[before.index], before)
    assert list(p.sachstand.index) == [2, 3, 4]
    assert p.sachstand.loc[3, "Datum"] == D2 and p.sachstand.loc[3, "Quelle"] == "a.xlsx"
    assert p.sachstand.loc[4, "Fortschritt (%)"] == 100 and isinstance(p.sachstand.loc[4, "Fortschritt (%)"], int)
    assert sachstand.append(p, [row(D2, "HF1-M2", "abgeschlossen", 100, "fertig")]) == (0, 1)


def test_a_changed_field_is_a_new_report():
    p = small_plan([row(D1, "HF1-M1", "begonnen", 10, "läuft")])
    assert sachstand.append(p, [row(D1, "HF1-M1", "begonnen", 11, "läuft")]) == (1, 0)
    assert sachstand.append(p, [row(D1, "HF1-M1", "begonnen", 10, "läuft", Ampel="rot")]) == (1, 0)
    assert sachstand.latest(p).loc["HF1-M1", "Ampel"] == "rot"


def test_append_to_empty_log_and_keeps_extra_columns(tmp_path):
    path = plan.new_plan(tmp_path / "plan.xlsx", "eisenach")
    p = plan.load_plan(path)
    p.massnahmen = _table("massnahmen", [{"ID": "HF1-M1", "Handlungsfeld": "HF1", "Ziel-ID(s)": "HZ1", "Titel": "A"}])
    assert sachstand.append(p, pd.DataFrame([row(D3, "HF1-M1", "begonnen", 20, "=Start")])) == (1, 0)
    plan.save_plan(p, path)
    again = plan.load_plan(path)
    assert again.sachstand.loc[2, "Sachstand"] == "=Start" and again.sachstand.loc[2, "Datum"] == D3
    assert sachstand.latest(again, D3).loc["HF1-M1", "Fortschritt (%)"] == 20


@pytest.mark.parametrize("stichtag", [None, D3])
def test_duplicate_measure_ids_give_one_row(stichtag):
    p = small_plan([row(D1, "HF1-M1", "begonnen")], measures=[{"ID": "HF1-M1"}, {"ID": "HF1-M1"}, {"ID": None}])
    assert list(sachstand.latest(p, stichtag).index) == ["HF1-M1"]
