"""The apps' callbacks (the shared form of stages 3 and 4, the Datenanalyse app): what the learner can fix shows as
the CLI's German message (a UserError, a file gone, no rights, a full disk), escaped; anything else as the app's
general sentence; the trainer finds the traceback in the log either way."""
from __future__ import annotations

import errno
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from toolkit.apps import form
from toolkit.datenanalyse import app as datenanalyse_app
from toolkit.errors import UserError

CASES = [
    (UserError("Die ID <A1> gibt es schon.", file="planung.xlsx", row=4), "Datei „planung.xlsx“, Zeile 4: Die ID "
                                                                        "&lt;A1&gt; gibt es schon.", logging.WARNING),
    (PermissionError(errno.EACCES, "Permission denied", __file__),   # a file open in Excel on Windows
     f"Datei „{__file__}“: Keine Berechtigung für diese Datei oder diesen Ordner.", logging.WARNING),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/daten/12411-03-03-4.csv"),
     "Datei „/daten/12411-03-03-4.csv“: Datei oder Ordner nicht gefunden.", logging.WARNING),
    (OSError(errno.ENOSPC, "No space left on device"), "Der Datenträger ist voll.", logging.WARNING),
    (ZeroDivisionError("division by zero"), None, logging.ERROR),
    (OSError(errno.EBADF, "Bad file descriptor"), None, logging.ERROR),
]


def _raising(error):
    def handler(*args):
        raise error
    return handler


@pytest.mark.parametrize("error, shown, level", CASES)
def test_the_form_shows_what_the_learner_can_fix_as_the_cli_prints_it(caplog, error, shown, level):
    editor = SimpleNamespace(_updating=False, path=Path("planung.xlsx"), title="Ziele",
                             message=SimpleNamespace(value=""))
    editor._say = lambda text, error=False: form.Editor._say(editor, text, error)
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        form.Editor._guarded(editor, _raising(error))(None)
    assert (shown or form.FAILED) in editor.message.value
    assert "Errno" not in editor.message.value and "Error" not in editor.message.value
    assert [record.levelno for record in caplog.records] == [level] and caplog.records[0].exc_info


@pytest.mark.parametrize("error, shown, level", CASES)
def test_the_datenanalyse_app_shows_what_the_learner_can_fix_as_the_cli_prints_it(caplog, error, shown, level):
    controls = {name: SimpleNamespace(value="x") for name in ("indicator", "region", "year", "comparison")}
    app = SimpleNamespace(_updating=False, message=SimpleNamespace(value=""),
                          pictures=SimpleNamespace(stop_ahead=dict, plan_ahead=dict), **controls)
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        datenanalyse_app.App._guarded(app, _raising(error))(None)
    assert (f"Fehler: {shown}" if shown else datenanalyse_app.FAILED) in app.message.value
    assert "Errno" not in app.message.value and "Error" not in app.message.value
    assert [record.levelno for record in caplog.records] == [level] and caplog.records[0].exc_info
