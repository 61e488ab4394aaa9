"""`ikpe …` speaks German all the way: help pages, usage, argparse's own errors and every user error (exit code 2)."""
from __future__ import annotations

import argparse
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import cli

#: argparse's English, as it would appear without the translation.
ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "the following", "required",
           "invalid", "expected", "unrecognized", "choose from")


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of the parser (ikpe plan new, …), including ones added later."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            named = {id(sub): (name, sub) for name, sub in reversed(action.choices.items())}  # not aliases
            for name, sub in reversed(named.values()):
                found += _commands(sub, prefix + (name,))
    return found


def _run(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(list(argv))
    out = capsys.readouterr()
    return done.value.code, out.out + out.err


def test_every_help_page_is_german(capsys):
    commands = _commands(cli.build_parser())
    assert ("plan", "check") in commands and len(commands) > 8
    for command in commands:
        code, text = _run(capsys, *command, "--help")
        assert code == 0 and text.startswith(f"Aufruf: ikpe {' '.join(command)}".rstrip())
        assert "Optionen:" in text and "-h, --help  " in text and "diese Hilfe anzeigen und beenden" in text
        assert [word for word in ENGLISH if word in text] == [], command


@pytest.mark.parametrize("argv, message", [
    ([], "ikpe: Fehler: Diese Angaben fehlen: BEFEHL"),
    (["run"], "ikpe run: Fehler: Diese Angaben fehlen: --data, --out"),
    (["run", "--data"], "ikpe run: Fehler: --data: Hier fehlt der Wert."),
    (["gibtsnicht"], "ikpe: Fehler: BEFEHL: 'gibtsnicht' gibt es nicht (möglich: 'demo', 'run',"),
    (["apps", "--port", "acht"], "ikpe apps: Fehler: --port: „acht“ ist keine Portnummer; erwartet wird eine "
                                 "ganze Zahl von 1 bis 65535 wie 8866."),
    (["read", "a.csv", "--to", "xlsx"], "ikpe read: Fehler: --to: 'xlsx' gibt es nicht (möglich: 'csv')"),
    (["handouts", "build", "--farbig"], "ikpe: Fehler: Unbekannte Angaben: --farbig"),
])
def test_argparse_errors_are_german_and_exit_2(capsys, argv, message):
    code, text = _run(capsys, *argv)
    assert code == 2
    assert text.startswith("Aufruf: ikpe") and message in text
    assert [word for word in ENGLISH if word in text] == []


def test_argparse_is_english_again_outside_the_cli(capsys):
    assert _run(capsys, "--help")[0] == 0
    parser = argparse.ArgumentParser(prog="andere")
    assert "options:" in parser.format_help() and "usage: andere" in parser.format_help()


# --- user errors: German, with the place, exit code 2, never a traceback (issue 11) -----------------------------

NOTEBOOKS = Path(__file__).parent / "notebooks"
#: English that would mean a message came through untranslated (Python's, argparse's, nbformat's).
LEAKS = ("Traceback", "Error", "errno", "No such file", "Permission denied", "not permitted", "File exists",
         "Not a directory", "does not appear", "usage:", "invalid")


@pytest.fixture
def read_only(tmp_path) -> Path:
    """A folder nobody may write into: as root (chmod does not stop root) a folder of sysfs."""
    if os.geteuid() == 0:
        return Path("/sys/kernel")
    folder = tmp_path / "schreibgeschuetzt"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.fixture
def cases(tmp_path, read_only) -> dict[str, Path]:
    """Files and folders as a user gets them wrong: a file where a folder belongs, a damaged notebook in a build
    folder, a build folder whose handouts place is a file, a notebook that stops on a data problem."""
    import nbformat

    from tests.conftest import USER_ERROR
    (tmp_path / "datei.txt").write_text("kein Ordner")
    for name, text in [("abgeschnitten", '{"cells": [\n  {"cell_type": "code",'), ("leer", ""),
                       ("liste", "[]"), ("version", '{"cells": [], "nbformat": 99, "metadata": {}}')]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "01_datenanalyse.ipynb").write_text(text)
    (tmp_path / "gebaut").mkdir()
    shutil.copy(NOTEBOOKS / "kurz.ipynb", tmp_path / "gebaut" / "kurz.ipynb")
    (tmp_path / "gebaut" / "handouts").write_text("kein Ordner")
    metadata = nbformat.read(NOTEBOOKS / "kurz.ipynb", as_version=4).metadata
    nbformat.write(nbformat.v4.new_notebook(metadata=metadata, cells=[nbformat.v4.new_code_cell("print('vorher')"),
                                                                      nbformat.v4.new_code_cell(
        f"from toolkit.errors import UserError\n{USER_ERROR}")]), tmp_path / "datenfehler.ipynb")
    return {"tmp": tmp_path, "read_only": read_only}


DEMO = "datasets/musterland"
PLAN = f"{DEMO}/planung.xlsx"
KURZ = str(NOTEBOOKS / "kurz.ipynb")
USER_ERRORS = [  # (argv with {tmp} and {read_only}, what the message says)
    (["apps", "--port", "99999"], "--port: „99999“ ist keine Portnummer; erwartet wird eine ganze Zahl von 1 bis"),
    (["apps", "--port", "0"], "„0“ ist keine Portnummer"),
    (["apps", "--max-apps", "0"], "--max-apps: „0“ ist keine Anzahl"),
    (["apps", "--data", "{tmp}/nirgends"], "nirgends“: Datenordner nicht gefunden."),
    (["plan", "check", PLAN, "--data", "{tmp}/nirgends"], "nirgends“: Den Datenordner gibt es nicht."),
    (["konzept", "--data", "{tmp}/nirgends", "--kreis", "16099", "--out", "{tmp}/k"], "nirgends“ gibt es nicht."),
    (["daten", "prüfen", "{tmp}/nirgends", "--kreis", "16099"], "nirgends“: Den Datenordner gibt es nicht."),
    (["run", KURZ, "--data", "{tmp}/nirgends", "--out", "{tmp}/b"], "nirgends“: Datenordner nicht gefunden."),
    (["run", "notebooks/01_datenanalyse.ipynb", "--data", DEMO, "--out", "{tmp}/b", "-p", "reference_year=zwanzig"],
     "Parameter „reference_year“ des Notebooks „01_datenanalyse.ipynb“: erwartet wird eine ganze Zahl, nicht "
     "„zwanzig“."),
    (["run", "{tmp}/abgeschnitten/01_datenanalyse.ipynb", "--data", DEMO, "--out", "{tmp}/b"],
     "01_datenanalyse.ipynb“, Zeile 2: Die Datei ist kein lesbares Notebook"),
    (["run", "{tmp}/liste/01_datenanalyse.ipynb", "--data", DEMO, "--out", "{tmp}/b"], "kein lesbares Notebook"),
    (["run", "{tmp}/version/01_datenanalyse.ipynb", "--data", DEMO, "--out", "{tmp}/b"], "kein lesbares Notebook"),
    (["run", KURZ, "--data", DEMO, "--out", "{tmp}/datei.txt"], "datei.txt“: Das ist eine Datei, kein Ordner"),
    (["run", KURZ, "--data", DEMO, "--out", "{tmp}/datei.txt/b"], "datei.txt“: Das ist eine Datei, kein Ordner"),
    (["run", KURZ, "--data", DEMO, "--out", "{read_only}/ikpe"], "In diesen Ordner lässt sich nichts schreiben"),
    (["handouts", "{tmp}/abgeschnitten"], "01_datenanalyse.ipynb“, Zeile 2: Die Datei ist kein lesbares Notebook"),
    (["handouts", "{tmp}/leer"], "01_datenanalyse.ipynb“, Zeile 1: Die Datei ist kein lesbares Notebook"),
    (["handouts", "{tmp}/gebaut"], "handouts“: Das ist eine Datei, kein Ordner; hierhin sollen die Handouts."),
    (["handouts", "{tmp}/datei.txt"], "datei.txt“: Ordner mit gerechneten Notebooks nicht gefunden."),
    (["plan", "new", "{tmp}/datei.txt/planung.xlsx", "--handlungsfelder", "eisenach"],
     "ist eine Datei, kein Ordner"),
    (["plan", "export", PLAN, "--html", "{tmp}/datei.txt/k.html"], "k.html“"),
    (["konzept", "--data", DEMO, "--kreis", "16099", "--out", "{tmp}/datei.txt"],
     "datei.txt“: Hier liegt eine Datei, wo ein Ordner hin soll."),
    (["read", "{tmp}/nirgends.csv"], "nirgends.csv“"),
    pytest.param(["run", "{tmp}/datenfehler.ipynb", "--data", DEMO, "--out", "{tmp}/b"],
                 "Notebook „datenfehler.ipynb“ (Daten: musterland) ist in Zelle 2 abgebrochen: Datei "
                 "„daten/mein-kreis/x.csv“, Zeile 7, Spalte „Wert“: Die Spalte „Wert“ enthält „zwölf“ statt einer "
                 "Zahl.\nSo beheben Sie es: Die Datei neu herunterladen.", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("argv, message", USER_ERRORS)
def test_every_user_error_is_german_names_its_place_and_exits_2(capsys, cases, monkeypatch, argv, message):
    monkeypatch.chdir(Path(__file__).parents[1])   # the demo paths above are relative to the checkout
    argv = [arg.format(**cases) for arg in argv]
    try:
        code = cli.main(argv)
    except SystemExit as done:   # argparse
        code = done.code
    out = capsys.readouterr()
    assert code == 2, out
    assert "Fehler: " in out.err and message.format(**cases) in out.err
    assert [word for word in LEAKS if word in out.err] == [], out.err


def _shell(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[1])


def test_a_reader_that_stops_early_ends_ikpe_quietly(realdata):
    """`ikpe read … --to csv | head -1`: head closes the pipe after one line; ikpe stops without a word."""
    table = realdata / "regionalstatistik" / "12411-01-01-4.csv"
    done = _shell(f"set -o pipefail; {sys.executable} -m toolkit.cli read {table} --to csv | head -1")
    assert done.stdout == "region_code,region_name,time,variable,value,status\n"
    assert done.stderr == ""
    assert done.returncode == 1


def test_a_full_disk_under_the_output_is_a_german_error(realdata):
    table = realdata / "regionalstatistik" / "12411-01-01-4.csv"
    done = _shell(f"{sys.executable} -m toolkit.cli read {table} --to csv > /dev/full")
    assert done.returncode == 2
    assert done.stderr == ("Fehler: Der Datenträger ist voll.\n"
                           "So beheben Sie es: Platz schaffen oder einen anderen Zielordner wählen.\n")


@pytest.mark.parametrize("error, message, place", [
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "{tmp}/fehlt.csv"),
     "Datei oder Ordner nicht gefunden.", "{tmp}/fehlt.csv"),
    (PermissionError(errno.EACCES, "Permission denied", "{tmp}/.~planung.x1y2.tmp"),
     "Keine Berechtigung für diese Datei oder diesen Ordner.", "{tmp}"),       # a helper's temp name: its folder
    (PermissionError(errno.EACCES, "Permission denied", "{tmp}/datei.txt"),
     "Keine Berechtigung für diese Datei oder diesen Ordner.", "{tmp}/datei.txt"),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory", "{tmp}/datei.txt/a/b.xlsx"),
     "Das ist eine Datei, kein Ordner.", "{tmp}/datei.txt"),               # the file in the way, not the path
    (OSError(errno.ENOSPC, "No space left on device"), "Der Datenträger ist voll.", None),
    (OSError(errno.EROFS, "Read-only file system", "{tmp}/neu/x.html"), "Der Ordner ist schreibgeschützt.",
     "{tmp}"),
])
def test_file_system_errors_a_user_can_fix_become_german_user_errors(cases, error, message, place):
    if error.filename:
        error.filename = error.filename.format(**cases)
    translated = cli.user_error(error)
    assert translated.message == message and translated.hint
    assert translated.file == (place.format(**cases) if place else None)


def test_a_fault_of_the_toolkit_is_not_dressed_up_as_a_user_error():
    assert cli.user_error(ValueError("bug")) is None
    assert cli.user_error(OSError(errno.EBADF, "Bad file descriptor")) is None
