"""Reading returned Sachstandsabfragen into the log: new rows added, repeats ignored, wrong rows reported by file,
row and column, nothing logged ever changed or lost — also not when the process is killed while saving."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.monitoring.test_abfrage import AMT, STICHTAG, VHS, make_plan
from toolkit import cli, plan
from toolkit.errors import UserError
from toolkit.monitoring import abfrage, einlesen, sachstand

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def planfile(tmp_path) -> Path:
    return make_plan(tmp_path / "planung.xlsx")


@pytest.fixture
def files(planfile, tmp_path) -> dict[str, Path]:
    """The Abfrage's files by Federführung („“: none)."""
    paths = abfrage.write_requests(planfile, STICHTAG, tmp_path / "abfrage")
    return dict(zip([VHS, AMT, ""], paths))


def fill(path: Path, cells: dict[str, object]) -> Path:
    """Fill in an Abfrage as a user does in Excel (cells by coordinate, e.g. „E7“) and save it."""
    book = openpyxl.load_workbook(path)
    for coordinate, value in cells.items():
        book[abfrage.SHEET][coordinate] = value
    book.save(path)
    return path


def frames(path: Path) -> dict[str, pd.DataFrame]:
    p = plan.load_plan(path)
    return {key: getattr(p, key) for key in plan.SHEETS}


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        pd.testing.assert_frame_equal(a[key], b[key], obj=key)


def test_round_trip_adds_the_answers_dated_the_stichtag(planfile, files):
    before = plan.load_plan(planfile).sachstand
    # row 7: HF1-M1 updated; row 8: HF2-M1 left as pre-filled (confirmed)
    fill(files[VHS], {"E7": "fortlaufend", "F7": 60, "G7": "Vier Kurse, 52 Teilnehmende", "H7": "=Kursplan 2027"})
    result = einlesen.read_answers(planfile, [files[VHS]])
    assert (result.added, result.ignored, result.problems, result.saved) == (2, 0, [], True)
    log = plan.load_plan(planfile).sachstand
    pd.testing.assert_frame_equal(log.loc[before.index], before)           # what was logged is unchanged
    new = log.loc[[4, 5]]
    assert list(new["Datum"]) == [STICHTAG, STICHTAG] and list(new["Maßnahme-ID"]) == ["HF1-M1", "HF2-M1"]
    assert list(new["Status"]) == ["fortlaufend", "in Vorbereitung"] and new.loc[4, "Fortschritt (%)"] == 60
    assert new.loc[4, "Nächster Schritt"] == "=Kursplan 2027"               # text, never a formula
    assert set(new["Gemeldet von"]) == {VHS} and set(new["Quelle"]) == {"Volkshochschule.xlsx"}
    latest = sachstand.latest(plan.load_plan(planfile), STICHTAG)
    assert latest.loc["HF1-M1", "Sachstand"] == "Vier Kurse, 52 Teilnehmende"
    assert plan.backup_path(planfile).exists()


def test_twice_the_same_file_changes_nothing(planfile, files):
    fill(files[VHS], {"E7": "fortlaufend", "F7": 60})
    assert einlesen.read_answers(planfile, [files[VHS], files[""]]).added == 3
    state, data = frames(planfile), planfile.read_bytes()
    backup = plan.backup_path(planfile).read_bytes()
    result = einlesen.read_answers(planfile, [files[VHS], files[""]])
    assert (result.added, result.ignored, result.saved) == (0, 3, False)
    assert_same(frames(planfile), state)
    assert planfile.read_bytes() == data and plan.backup_path(planfile).read_bytes() == backup
    # the same answers in a renamed copy are the same report, too
    copy = files[VHS].with_name("Kopie von Volkshochschule.xlsx")
    copy.write_bytes(files[VHS].read_bytes())
    assert einlesen.read_answers(planfile, [copy]).added == 0


def test_file_without_federfuehrung_is_reported_by_nobody(planfile, files):
    fill(files[""], {"G7": "Paten gesucht"})
    einlesen.read_answers(planfile, [files[""]])
    row = plan.load_plan(planfile).sachstand.iloc[-1]
    assert (row["Maßnahme-ID"], row["Gemeldet von"], row["Sachstand"]) == ("HF2-M2", None, "Paten gesucht")


def test_wrong_id_someone_elses_measure_and_bad_values_are_reported_the_rest_is_taken(planfile, files):
    path = fill(files[VHS], {"A7": "HF9-M9", "F8": 80,
                             "A9": "HF1-M2", "E9": "begonnen",           # the office's measure in the VHS file
                             "A10": "HF2-M2", "E10": "begonnen",         # a measure without Federführung
                             "A11": "HF2-M1", "E11": "erledigt", "F11": 150})
    result = einlesen.read_answers(planfile, [path])
    assert result.added == 1 and result.files[0].problems == 4
    found = {(f.file, f.row, f.column): f.message for f in result.problems}
    assert set(found) == {("Volkshochschule.xlsx", 7, "Maßnahme-ID"), ("Volkshochschule.xlsx", 9, "Maßnahme-ID"),
                          ("Volkshochschule.xlsx", 10, "Maßnahme-ID"), ("Volkshochschule.xlsx", 11, "Status"),
                          ("Volkshochschule.xlsx", 11, "Fortschritt (%)")}
    assert "„HF9-M9“ gibt es in der Planungsmappe nicht" in found[("Volkshochschule.xlsx", 7, "Maßnahme-ID")]
    assert f"Federführung „{AMT}“" in found[("Volkshochschule.xlsx", 9, "Maßnahme-ID")]
    assert "(keine eingetragen)" in found[("Volkshochschule.xlsx", 10, "Maßnahme-ID")]
    assert "„erledigt“ ist kein Status" in found[("Volkshochschule.xlsx", 11, "Status")]
    assert "„150“" in found[("Volkshochschule.xlsx", 11, "Fortschritt (%)")]
    text = str(result.problems[0])
    assert text.startswith("Datei „Volkshochschule.xlsx“, Zeile 7, Spalte „Maßnahme-ID“: ")
    log = plan.load_plan(planfile).sachstand
    assert list(log["Maßnahme-ID"]) == ["HF1-M1", "HF1-M1", "HF2-M1"] and log.iloc[-1]["Fortschritt (%)"] == 80


@pytest.mark.parametrize(("typed", "stored"), [("50", 50), ("50 %", 50), (0, 0), (100.0, 100), (12.5, None),
                                              ("12,5 %", None), (-1, None), ("viel", None), (True, None)])
def test_progress_a_whole_number_0_to_100_typed_as_text_or_number(planfile, files, typed, stored):
    result = einlesen.read_answers(planfile, [fill(files[AMT], {"F7": typed})])
    if stored is None:
        assert result.added == 0 and [(p.row, p.column) for p in result.problems] == [(7, "Fortschritt (%)")]
    else:
        assert plan.load_plan(planfile).sachstand.iloc[-1]["Fortschritt (%)"] == stored


def test_status_spelt_otherwise_is_the_listed_one_an_emptied_row_is_not_taken(planfile, files):
    path = fill(files[VHS], {"E7": " Abgeschlossen ", "E8": None, "F8": None, "G8": None, "H8": None})
    result = einlesen.read_answers(planfile, [path])
    assert (result.added, result.empty) == (1, 1)
    assert plan.load_plan(planfile).sachstand.iloc[-1]["Status"] == "abgeschlossen"


def test_a_file_that_is_no_abfrage_stops_before_anything_is_taken(planfile, files, tmp_path):
    state = frames(planfile)
    with pytest.raises(UserError) as error:
        einlesen.read_answers(planfile, [files[VHS], planfile])
    assert error.value.file == str(planfile) and "keine Sachstandsabfrage" in error.value.message
    book = openpyxl.load_workbook(files[AMT])
    book[abfrage.SHEET]["G6"] = "Bemerkung"
    broken = tmp_path / "kaputt.xlsx"
    book.save(broken)
    with pytest.raises(UserError) as error:
        einlesen.read_answers(planfile, [files[VHS], broken])
    assert error.value.file == str(broken) and "„Sachstand“" in error.value.message
    text = tmp_path / "notiz.xlsx"
    text.write_text("keine Mappe")
    with pytest.raises(UserError, match="keine lesbare Excel-Arbeitsmappe"):
        einlesen.read_answers(planfile, [text])
    assert_same(frames(planfile), state)


def test_cli_prints_counts_and_problems_in_german_and_exits_2(planfile, files, capsys):
    assert cli.main(["monitoring", "einlesen", str(planfile), str(files[VHS])]) == 0
    out = capsys.readouterr().out
    assert "Volkshochschule.xlsx (Federführung „Volkshochschule“, Stichtag 30.06.2026): 2 Zeilen neu" in out
    assert "Gespeichert:" in out and "planung.bak.xlsx" in out
    assert cli.main(["monitoring", "einlesen", str(planfile), str(files[VHS])]) == 0
    assert "2 schon vorhanden" in (out := capsys.readouterr().out) and "blieb unverändert" in out
    fill(files[AMT], {"A7": "HF1-M1"})
    assert cli.main(["monitoring", "einlesen", str(planfile), str(files[AMT])]) == 2
    out = capsys.readouterr().out
    assert "Nicht übernommen (1 Meldung)" in out
    assert "Datei „Amt_Büro_Integration.xlsx“, Zeile 7, Spalte „Maßnahme-ID“: Die Maßnahme HF1-M1 gehört" in out
    assert cli.main(["monitoring", "einlesen", str(planfile), str(planfile)]) == 2
    assert "keine Sachstandsabfrage" in capsys.readouterr().err


# --- kill -9 while saving -------------------------------------------------------------------------------

#: Runs `read_answers` with `os.replace` slowed down at one moment of the save (`phase`): before the backup is
#: swapped in, before the plan is, or right after the plan was. The test kills it there.
SLOW_SAVE = """
import os, pathlib, sys, time
marker, phase, plan_file, *answers = sys.argv[1:]
real = os.replace

def replace(src, dst, *args, **kwargs):
    name, plan_name = pathlib.Path(dst).name, pathlib.Path(plan_file).name
    if (phase == "backup" and name.endswith(".bak.xlsx")) or (phase == "plan" and name == plan_name):
        pathlib.Path(marker).write_text(phase)
        time.sleep(600)
    real(src, dst, *args, **kwargs)
    if phase == "after" and name == plan_name:
        pathlib.Path(marker).write_text(phase)
        time.sleep(600)

os.replace = replace
from toolkit.monitoring import einlesen
einlesen.read_answers(plan_file, answers)
"""


@pytest.mark.parametrize("phase", ["backup", "plan", "after"])
def test_kill_9_while_saving_loses_nothing(planfile, files, tmp_path, phase):
    plan.save_plan(plan.load_plan(planfile), planfile)        # a backup exists from an earlier save
    old, old_backup = frames(planfile), frames(plan.backup_path(planfile))
    fill(files[VHS], {"E7": "fortlaufend", "F7": 70})
    marker = tmp_path / "marker"
    process = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(marker), phase, str(planfile), str(files[VHS])],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300             # a guard against hanging, not a timing assertion
        while not marker.exists():
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    now = frames(planfile)
    if phase == "after":
        assert len(now["sachstand"]) == len(old["sachstand"]) + 2
        assert_same({k: v for k, v in now.items() if k != "sachstand"},
                    {k: v for k, v in old.items() if k != "sachstand"})
        pd.testing.assert_frame_equal(now["sachstand"].loc[old["sachstand"].index], old["sachstand"])
        assert_same(frames(plan.backup_path(planfile)), old)         # the backup is the version before
    else:
        assert_same(now, old)                                        # the plan is the old one, whole
        assert_same(frames(plan.backup_path(planfile)), old if phase == "plan" else old_backup)
    # the killed writer left its lock: once it is stale, reading the file again completes the import, once
    lock = planfile.with_name(f".~{planfile.name}.lock")
    assert lock.exists()
    past = time.time() - plan.STALE_LOCK - 5
    os.utime(lock, (past, past))
    result = einlesen.read_answers(planfile, [files[VHS]])
    assert result.added == (0 if phase == "after" else 2)
    log = frames(planfile)["sachstand"]
    assert list(log["Maßnahme-ID"]) == ["HF1-M1", "HF1-M1", "HF1-M1", "HF2-M1"]
    assert log.iloc[-2]["Fortschritt (%)"] == 70
    assert not lock.exists()


def test_missing_plan_is_a_german_error(files, tmp_path):
    with pytest.raises(UserError, match="Planungsmappe gibt es nicht") as error:
        einlesen.read_answers(tmp_path / "fehlt" / "planung.xlsx", [files[VHS]])
    assert error.value.file.endswith("planung.xlsx")


def test_a_row_without_id_is_reported_an_added_column_is_named(planfile, files, capsys):
    path = fill(files[VHS], {"J6": "Bemerkung", "J7": "Bitte Raum tauschen", "B9": "Neue Idee: Elterncafé"})
    result = einlesen.read_answers(planfile, [path])
    assert result.added == 2
    assert [(p.row, p.column) for p in result.problems] == [(9, "Maßnahme-ID")]
    assert [(n.row, n.column) for n in result.notes] == [(None, "Bemerkung")]
    assert cli.main(["monitoring", "einlesen", str(planfile), str(path)]) == 2
    assert "Hinweis – Datei „Volkshochschule.xlsx“, Spalte „Bemerkung“: Diese Spalte gehört nicht zur Abfrage" \
        in capsys.readouterr().out
