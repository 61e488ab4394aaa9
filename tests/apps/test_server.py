"""`ikpe apps`: Voila serves the notebooks as training apps: culling and preheating, a German error for a busy
port or a missing data folder, Ctrl+C, the template found by plain voila."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TEST_NOTEBOOKS, free_port

pytestmark = pytest.mark.slow  # the pages in Chromium: tests/browser/test_apps.py


def test_voila_json_applies_culling_and_preheats_only_course_notebooks(apps_url, server_log):
    log = server_log.read_text()
    assert "Culling kernels with idle durations > 3600 seconds at 300 second intervals" in log
    assert "Culling kernels even with connected clients" in log
    assert set(re.findall(r"Kernel pool of (\S+) is filled with 1 kernel", log)) == {
        "notebooks/widget.ipynb", "notebooks/fehler.ipynb", "notebooks/datenfehler.ipynb"}


def test_port_in_use_is_a_german_error_not_another_port(apps_url):
    port = int(apps_url.split(":")[2].split("/")[0])
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "apps", "--port", str(port)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Fehler: Port {port} ist schon belegt")
    assert "Traceback" not in done.stderr


def test_ctrl_c_ends_the_server_with_one_german_line_even_with_a_kernel_waiting_for_its_page(tmp_path):
    """Ctrl+C in the terminal: SIGINT to the server's process group. A preheated kernel that waits for its page
    (as the planning notebooks do) used to log an English traceback while Voila logged „Stopping...“."""
    import nbformat
    (tmp_path / "notebooks").mkdir()
    waiting = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from voila.utils import wait_for_request\nwait_for_request()")], metadata=nbformat.read(
        TEST_NOTEBOOKS / "kurz.ipynb", as_version=4).metadata)
    nbformat.write(waiting, tmp_path / "notebooks" / "warten.ipynb")
    log = tmp_path / "voila.log"
    command = f"from toolkit.apps import serve; serve(port={free_port()}, root={str(tmp_path)!r})"
    server = subprocess.Popen([sys.executable, "-c", command], stdout=log.open("w"), stderr=subprocess.STDOUT,
                              start_new_session=True,  # its own group, as in a terminal; SIGINT not ignored
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for _ in range(240):
            if "Kernel pool of notebooks/warten.ipynb is filled" in log.read_text() or server.poll() is not None:
                break
            time.sleep(0.5)
        time.sleep(2)  # the pooled kernel is now inside wait_for_request
        before = len(log.read_text())
        os.killpg(server.pid, signal.SIGINT)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert log.read_text()[before:] == "Trainings-Apps beendet.\n"


def test_plain_voila_finds_the_training_template():
    """`make setup` links the template into the venv's share/jupyter, so `voila` without `ikpe apps` finds it."""
    from jupyter_core.paths import jupyter_path

    from toolkit.reports import JUPYTER_DATA_DIR
    found = [Path(p) for p in jupyter_path("voila", "templates", "ikpe") if Path(p, "index.html.j2").is_file()]
    assert found and found[0].resolve() == (JUPYTER_DATA_DIR / "voila" / "templates" / "ikpe").resolve()


def test_apps_show_the_district_given_to_ikpe_apps_and_papermill_keeps_its_parameters(monkeypatch):
    from toolkit import apps, config
    monkeypatch.setenv(config.DATA_ENV, "/daten/wartburgkreis")
    monkeypatch.setenv(config.DISTRICT_ENV, "16063")
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    assert apps.chosen("../datasets/musterland", "16099") == ("../datasets/musterland", "16099")
    assert apps.chosen("../datasets/musterland", 16099) == ("../datasets/musterland", "16099")
    assert apps.chosen("daten/pinneberg", 1056) == ("daten/pinneberg", "01056")
    monkeypatch.setenv("VOILA_APP_PORT", "8866")
    assert apps.chosen("../datasets/musterland", "16099") == ("/daten/wartburgkreis", "16063")


def test_ikpe_apps_refuses_a_missing_data_folder_in_german(tmp_path):
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "apps", "--port", str(free_port()),
                           "--data", str(tmp_path / "fehlt"), "--district", "16063"], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "fehlt“: Datenordner nicht gefunden." in done.stderr


def test_the_page_shows_a_user_error_as_the_cli_prints_it_escaped():
    from toolkit.apps import user_error_html
    from toolkit.errors import UserError
    error = UserError("Spalte <Wert> fehlt.", file="a&b.csv", row=3, hint="Neu laden.")
    assert user_error_html(error) == ("<div class='ikpe-fehler'><p>Fehler: Datei „a&amp;b.csv“, Zeile 3: Spalte "
                                      "&lt;Wert&gt; fehlt.</p><p>So beheben Sie es: Neu laden.</p></div>")
