"""The `toolkit` logger: a failing app callback shows the learner one German sentence and logs its traceback for
the trainer; the CLI prints plain German lines; under Voila the lines go to the server log, never into the page."""
from __future__ import annotations

import io
import logging
import sys
import types

import pytest

from toolkit import log
from toolkit.errors import UserError


def _boom(*args):
    raise ZeroDivisionError("division by zero")


def _traceback_logged(caplog, logger: str, level: int, kind: type) -> logging.LogRecord:
    records = [r for r in caplog.records if r.name == logger and r.levelno == level]
    assert len(records) == 1, caplog.records
    record = records[0]
    assert record.exc_info and record.exc_info[0] is kind
    assert "Traceback" in logging.Formatter().format(record)
    return record


@pytest.fixture
def editor(tmp_path):
    from toolkit import plan
    from toolkit.apps.form import Editor
    return Editor(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"), "ziele", title="Zieltext")


def test_a_failing_form_callback_logs_its_traceback_and_shows_only_german(editor, caplog):
    from toolkit.apps.form import FAILED
    with caplog.at_level(logging.INFO, logger="toolkit"):
        editor._guarded(_boom)(None)
    _traceback_logged(caplog, "toolkit.apps.form", logging.ERROR, ZeroDivisionError)
    assert FAILED in editor.message.value
    assert "ZeroDivision" not in editor.message.value and "Traceback" not in editor.message.value


def test_a_user_error_in_the_form_shows_its_message_and_is_logged_for_the_trainer(editor, caplog):
    def wrong(*args):
        raise UserError("Bitte tragen Sie eine ID ein.", hint="Zum Beispiel HF1-Z1.")
    with caplog.at_level(logging.INFO, logger="toolkit"):
        editor._guarded(wrong)(None)
    _traceback_logged(caplog, "toolkit.apps.form", logging.WARNING, UserError)
    assert ("<p>Fehler: Bitte tragen Sie eine ID ein.</p><p>So beheben Sie es: Zum Beispiel HF1-Z1.</p>"
            in editor.message.value)                                     # as the CLI prints it, as every app shows it
    assert "Traceback" not in editor.message.value


def test_a_failing_callback_of_the_datenanalyse_app_logs_its_traceback_and_shows_only_german(caplog):
    from toolkit.datenanalyse.app import FAILED, App
    value = types.SimpleNamespace
    app = value(_updating=False, message=value(value=""), pictures=value(stop_ahead=dict, plan_ahead=dict),
                indicator=value(value="bevoelkerung"), region=value(value="16099"), year=value(value=2024),
                comparison=value(value="16"))
    with caplog.at_level(logging.INFO, logger="toolkit"):
        App._guarded(app, _boom)({"new": "x"})
    record = _traceback_logged(caplog, "toolkit.datenanalyse.app", logging.ERROR, ZeroDivisionError)
    assert "bevoelkerung" in record.getMessage()
    assert FAILED in app.message.value and "ikpe-hinweis" in app.message.value


def test_a_user_error_ending_a_cell_under_voila_is_shown_in_german_and_logged(monkeypatch, caplog, capsys):
    import IPython.display

    from toolkit import apps
    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    try:
        raise UserError("Spalte fehlt.", file="daten.csv", column="Jahr")
    except UserError as error:
        with caplog.at_level(logging.INFO, logger="toolkit"):
            assert apps._show_user_error(None, UserError, error, error.__traceback__) == []
    _traceback_logged(caplog, "toolkit.apps", logging.ERROR, UserError)
    assert "Fehler: Datei „daten.csv“, Spalte „Jahr“: Spalte fehlt." in shown[0].data
    assert capsys.readouterr().err == ""   # the kernel's sys.stderr would land in the page


@pytest.fixture
def server_log(monkeypatch):
    """`log.to_server_log()` writing into a buffer in place of the kernel's real stderr; undone afterwards."""
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", buffer)
    level, propagate, handlers = log.logger.level, log.logger.propagate, list(log.logger.handlers)
    log.to_server_log()
    log.to_server_log()   # once per process
    yield buffer
    log.logger.handlers[:] = handlers
    log.logger.setLevel(level)
    log.logger.propagate = propagate


def test_under_voila_lines_and_tracebacks_go_to_the_server_log_not_the_page(server_log, capsys):
    logging.getLogger("toolkit.apps.form").info("Gespeichert.")
    try:
        _boom()
    except ZeroDivisionError:
        logging.getLogger("toolkit.apps.form").exception("Fehler im Formular")
    text = server_log.getvalue()
    assert text.count("Gespeichert.") == 1 and text.count("Fehler im Formular") == 1
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: division by zero" in text
    assert capsys.readouterr() == ("", "")


def test_the_console_shows_plain_german_lines_and_no_tracebacks(capsys, monkeypatch):
    monkeypatch.delenv("IKPE_LOG", raising=False)
    with log.to_console():
        logging.getLogger("toolkit.course").info("Kurs gerechnet.")
        logging.getLogger("toolkit.course").debug("nur mit IKPE_LOG=debug")
        try:
            _boom()
        except ZeroDivisionError:
            logging.getLogger("toolkit.course").error("Fehler: Notebook abgebrochen.", exc_info=True)
    logging.getLogger("toolkit.course").error("nach dem CLI-Aufruf nicht mehr auf der Konsole")
    assert capsys.readouterr() == ("Kurs gerechnet.\n", "Fehler: Notebook abgebrochen.\n")


def test_ikpe_log_debug_shows_debug_lines_and_tracebacks(capsys, monkeypatch):
    monkeypatch.setenv("IKPE_LOG", "debug")
    with log.to_console():
        logging.getLogger("toolkit.course").debug("Kernel gestartet")
        try:
            _boom()
        except ZeroDivisionError:
            logging.getLogger("toolkit.course").error("Fehler: Notebook abgebrochen.", exc_info=True)
    out, err = capsys.readouterr()
    assert out == "Kernel gestartet\n"
    assert err.startswith("Fehler: Notebook abgebrochen.\nTraceback") and "ZeroDivisionError" in err


def test_cli_user_errors_are_logged_with_their_traceback_but_print_only_german(tmp_path, capsys, caplog):
    from toolkit import cli
    with caplog.at_level(logging.INFO, logger="toolkit"):
        assert cli.main(["plan", "check", str(tmp_path / "fehlt.xlsx")]) == 2
    _traceback_logged(caplog, "toolkit.cli", logging.ERROR, UserError)
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "Traceback" not in err
