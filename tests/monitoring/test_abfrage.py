"""The Sachstandsabfrage: one protected workbook per Federführung with its measures and their last Sachstand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from toolkit import cli, plan
from toolkit.errors import UserError
from toolkit.monitoring import abfrage

STICHTAG = dt.date(2026, 6, 30)
VHS, AMT = "Volkshochschule", "Amt / Büro: Integration*"


def make_plan(path: Path) -> Path:
    """A plan of five measures: two of the Volkshochschule (one written with a trailing space), one of an office
    whose name has characters Windows forbids in file names, one without Federführung, one without ID; a Sachstand
    log with a row before and one after the Stichtag."""
    plan.new_plan(path, "eisenach")
    p = plan.load_plan(path)
    hf1, hf2 = list(p.handlungsfelder["Handlungsfeld"])[:2]
    measures = [
        {"ID": "HF1-M1", "Handlungsfeld": hf1, "Titel": "Sprachcafé", "Federführung": VHS,
         "Beginn": dt.date(2025, 1, 1), "Ende": dt.date(2026, 12, 31)},
        {"ID": "HF1-M2", "Handlungsfeld": hf1, "Titel": "Lotsenprojekt", "Federführung": AMT},
        {"ID": "HF2-M1", "Handlungsfeld": "HF2", "Titel": "Beratung", "Federführung": VHS + " ",
         "Status": "in Vorbereitung"},
        {"ID": "HF2-M2", "Handlungsfeld": hf2, "Titel": "Patenschaften"},
        {"ID": None, "Handlungsfeld": hf2, "Titel": "Idee ohne ID", "Federführung": VHS},
    ]
    headers = plan.SHEETS["massnahmen"].headers
    p.massnahmen = pd.DataFrame([[m.get(h) for h in headers] for m in measures], columns=headers,
                                index=range(2, 2 + len(measures)), dtype=object)
    log = [{"Datum": dt.date(2025, 12, 31), "Maßnahme-ID": "HF1-M1", "Status": "begonnen", "Fortschritt (%)": 30,
            "Sachstand": "Zwei Kurse laufen", "Nächster Schritt": "Kurs 3 planen", "Gemeldet von": VHS},
           {"Datum": dt.date(2026, 9, 30), "Maßnahme-ID": "HF1-M1", "Status": "abgeschlossen",
            "Fortschritt (%)": 100, "Sachstand": "nach dem Stichtag"}]
    headers = plan.SHEETS["sachstand"].headers
    p.sachstand = pd.DataFrame([[r.get(h) for h in headers] for r in log], columns=headers, index=[2, 3],
                               dtype=object)
    plan.save_plan(p, path)
    return path


@pytest.fixture
def planfile(tmp_path) -> Path:
    return make_plan(tmp_path / "planung.xlsx")


def table(path: Path) -> list[list]:
    ws = openpyxl.load_workbook(path)[abfrage.SHEET]
    return [list(r) for r in ws.iter_rows(min_row=abfrage.HEADER_ROW, values_only=True)]


def test_one_workbook_per_federfuehrung_with_just_its_measures(planfile, tmp_path):
    files = abfrage.write_requests(planfile, STICHTAG, tmp_path / "out")
    assert [f.name for f in files] == ["Volkshochschule.xlsx", "Amt_Büro_Integration.xlsx", "ohne_Federführung.xlsx"]
    rows = table(files[0])
    assert rows[0] == list(abfrage.HEADERS)
    assert [r[0] for r in rows[1:]] == ["HF1-M1", "HF2-M1"]          # the row without ID cannot be asked
    # the last Sachstand up to the Stichtag, not the one after it; a measure without report: its own status
    assert rows[1][3:8] == ["01.01.2025 – 31.12.2026", "begonnen", 30, "Zwei Kurse laufen", "Kurs 3 planen"]
    assert rows[1][8].date() == dt.date(2025, 12, 31)                    # when that was reported
    assert rows[2][4:] == ["in Vorbereitung", None, None, None, None]
    assert rows[2][2] == plan.load_plan(planfile).handlungsfelder["Handlungsfeld"].iloc[1]   # the name, not „HF2“
    assert [r[0] for r in table(files[1])[1:]] == ["HF1-M2"]
    assert [r[0] for r in table(files[2])[1:]] == ["HF2-M2"]


def test_workbook_has_stichtag_lists_frozen_header_protection_and_guide(planfile, tmp_path):
    path = abfrage.write_requests(planfile, STICHTAG, tmp_path)[0]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [abfrage.SHEET, abfrage.GUIDE]
    ws = book[abfrage.SHEET]
    assert (ws["A2"].value, ws["B2"].value) == ("Federführung", VHS)
    assert ws["A3"].value == "Stichtag" and ws["B3"].value.date() == STICHTAG
    assert ws.freeze_panes == "C7"
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["E7:E8"].type == "list" and "abgeschlossen" in rules["E7:E8"].formula1
    assert (rules["F7:F8"].type, rules["F7:F8"].formula1, rules["F7:F8"].formula2) == ("whole", "0", "100")
    assert ws.protection.sheet and not ws.protection.password
    for row in (7, 8):
        assert all(ws.cell(row, c).protection.locked for c in (1, 2, 3, 4, 9))      # ID … Zeitraum, date read-only
        assert not any(ws.cell(row, c).protection.locked for c in range(5, 9))      # the answers open
    guide = " ".join(str(c.value) for c in book[abfrage.GUIDE]["A"] if c.value)
    assert "30.06.2026" in guide and "Fortschritt (%)" in guide and "nicht begonnen" in guide


def test_default_folder_beside_the_plan(planfile):
    files = abfrage.write_requests(planfile, STICHTAG)
    assert {f.parent for f in files} == {planfile.parent / "sachstandsabfrage_2026-06-30"}


@pytest.mark.parametrize(("name", "stem"), [
    ("Amt / Büro: Integration*", "Amt_Büro_Integration"), ("CON", "CON_"), ("lpt1", "lpt1_"),
    ("  Jobcenter.  ", "Jobcenter"), ("???", "Federführung"), ("Caritas " * 20, ("Caritas_" * 8)[:60].rstrip("_")),
])
def test_file_stem_is_safe_for_windows(name, stem):
    assert abfrage.file_stem(name) == stem
    assert not set(stem) & set('<>:"/\\|?* ')


def test_file_names_stay_distinct():
    names = abfrage.file_names(["A/B", "A:B", "a b", "", "ohne Federführung"])
    assert names["A/B"] == "A_B" and names["A:B"] == "A_B_2" and names["a b"] == "a_b_3"
    assert names[""] == "ohne_Federführung" and names["ohne Federführung"] == "ohne_Federführung_2"


def test_an_untouched_earlier_abfrage_is_replaced_a_filled_one_is_not(planfile, tmp_path):
    out = tmp_path / "out"
    files = abfrage.write_requests(planfile, STICHTAG, out)
    assert abfrage.write_requests(planfile, STICHTAG, out) == files      # same answers: replaced, nothing lost
    book = openpyxl.load_workbook(files[1])
    book[abfrage.SHEET]["G7"] = "Wir haben begonnen."
    book.save(files[1])
    before = {f: f.read_bytes() for f in files}
    with pytest.raises(UserError) as error:
        abfrage.write_requests(planfile, STICHTAG, out)
    assert error.value.file == str(files[1]) and "nicht überschrieben" in error.value.message
    assert {f: f.read_bytes() for f in files} == before                  # nothing written, not even the others


def test_plan_without_measures_is_a_german_error(tmp_path):
    path = plan.new_plan(tmp_path / "leer.xlsx", "eisenach")
    with pytest.raises(UserError, match="keine Maßnahmen"):
        abfrage.write_requests(path, STICHTAG, tmp_path / "out")


def test_cli_names_the_files_and_the_measures_without_federfuehrung(planfile, tmp_path, capsys):
    assert cli.main(["monitoring", "abfrage", str(planfile), "--stichtag", "30.06.2026",
                     "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "3 Mappen" in out and "Volkshochschule.xlsx: Volkshochschule, 2 Maßnahmen" in out
    assert "Ohne Federführung (Mappe ohne_Federführung.xlsx): HF2-M2 Patenschaften" in out


def test_cli_bad_stichtag_exits_2_in_german(planfile, capsys):
    assert cli.main(["monitoring", "abfrage", str(planfile), "--stichtag", "31.02.2026"]) == 2
    assert "„31.02.2026“ ist kein Datum" in capsys.readouterr().err


def test_odd_values_of_the_log_are_not_prefilled_but_kept_in_the_plan(planfile, tmp_path):
    p = plan.load_plan(planfile)
    p.sachstand.loc[4] = {"Datum": dt.date(2026, 1, 15), "Maßnahme-ID": "HF1-M2", "Status": "läuft",
                          "Fortschritt (%)": 150, "Sachstand": "weit voraus"}
    p.sachstand.loc[5] = {"Datum": dt.date(2026, 1, 15), "Maßnahme-ID": "HF2-M2", "Status": "Begonnen",
                          "Fortschritt (%)": 12.5}
    plan.save_plan(p, planfile)
    files = abfrage.write_requests(planfile, STICHTAG, tmp_path / "out")
    assert table(files[1])[1][4:8] == [None, None, "weit voraus", None]
    assert table(files[2])[1][4:6] == ["begonnen", None]                # the listed spelling
    log = plan.load_plan(planfile).sachstand
    assert list(log["Status"])[-2:] == ["läuft", "Begonnen"] and list(log["Fortschritt (%)"])[-2:] == [150, 12.5]


def test_cli_names_measures_without_id(planfile, tmp_path, capsys):
    assert cli.main(["monitoring", "abfrage", str(planfile), "--stichtag", "2026-06-30",
                     "--out", str(tmp_path / "out")]) == 0
    assert "Nicht abgefragt, weil die Maßnahme-ID fehlt (Blatt „Maßnahmen“): Zeile 6 „Idee ohne ID“" \
        in capsys.readouterr().out
