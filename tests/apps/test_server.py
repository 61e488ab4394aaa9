"""`ikpe apps`: Voila serves the notebooks as training apps; widgets work, errors stay friendly."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
FRIENDLY = "Hier ist leider etwas schiefgegangen."
#: A data problem as the toolkit reports it, raised in a notebook cell.
USER_ERROR = ("raise UserError('Die Spalte „Wert“ enthält „zwölf“ statt einer Zahl.', file='daten/mein-kreis/x.csv', "
              "row=7, column='Wert', hint='Die Datei neu herunterladen.')")

pytestmark = pytest.mark.slow  # browser tests carry their own mark: -m 'not browser' keeps the others


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(240):
        if server.poll() is not None:
            pytest.fail(f"Voila ist beendet: {log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail("Voila antwortet nicht")


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("log") / "voila.log"


@pytest.fixture(scope="module")
def apps_url(tmp_path_factory, server_log):
    """serve() on a free port; root holds notebooks/{widget,fehler,datenfehler}.ipynb and uebungen/kurz.ipynb."""
    import nbformat
    root = tmp_path_factory.mktemp("apps")
    for folder, name in [("notebooks", "widget.ipynb"), ("notebooks", "fehler.ipynb"), ("uebungen", "kurz.ipynb")]:
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(NOTEBOOKS / name, root / folder / name)
    cells = [nbformat.v4.new_code_cell(source) for source in (
        "import toolkit.apps\nprint('vorher')", f"from toolkit.errors import UserError\n{USER_ERROR}", "print('danach')")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=nbformat.read(NOTEBOOKS / "kurz.ipynb", as_version=4)
                                            .metadata), root / "notebooks" / "datenfehler.ipynb")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r})"],
                              stdout=server_log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/voila/render/notebooks"
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}/", server, server_log)
        for _ in range(240):  # both pooled kernels ready, so every test sees a preheated page
            if server_log.read_text().count("Kernel pool of") == 3:
                break
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.browser
def test_widget_reacts_and_source_is_hidden_and_nothing_is_fetched_from_outside(apps_url, browser):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{apps_url}/widget.ipynb")
    label = page.get_by_text("Doppelt: 4")
    label.wait_for(timeout=60_000)
    page.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Doppelt: 6").wait_for(timeout=30_000)
    assert "regler.observe" not in page.content()
    assert requested and [url for url in requested if not url.startswith(("http://127.0.0.1:", "data:"))] == []
    page.close()


@pytest.mark.browser
def test_failing_cell_shows_german_message_without_traceback(apps_url, browser):
    page = browser.new_page()
    page.goto(f"{apps_url}/fehler.ipynb")
    page.get_by_text(FRIENDLY).wait_for(timeout=60_000)
    text = page.locator("body").inner_text()
    for leak in ("ZeroDivisionError", "Traceback", "1 / 0", "There was an error"):
        assert leak not in text
    page.close()


@pytest.mark.browser
def test_a_data_problem_shows_the_clis_german_message_and_the_trainer_finds_the_traceback_in_the_log(
        apps_url, browser, server_log):
    page = browser.new_page()
    page.goto(f"{apps_url}/datenfehler.ipynb")
    page.get_by_text("So beheben Sie es: Die Datei neu herunterladen.").wait_for(timeout=60_000)
    text = page.locator("body").inner_text()
    assert ("Fehler: Datei „daten/mein-kreis/x.csv“, Zeile 7, Spalte „Wert“: Die Spalte „Wert“ enthält „zwölf“ "
            "statt einer Zahl.") in text
    assert "vorher" in text and "danach" not in text
    assert page.locator(".ikpe-fehler").evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    for leak in ("Traceback", "UserError", "raise ", "There was an error", FRIENDLY):
        assert leak not in text
    page.close()
    log = server_log.read_text()
    assert "Fehler in der App (die Meldung steht auf der Seite), für die Kursleitung:" in log
    assert "toolkit.errors.UserError: Datei „daten/mein-kreis/x.csv“, Zeile 7" in log and "Traceback" in log


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
        NOTEBOOKS / "kurz.ipynb", as_version=4).metadata)
    nbformat.write(waiting, tmp_path / "notebooks" / "warten.ipynb")
    log = tmp_path / "voila.log"
    command = f"from toolkit.apps import serve; serve(port={_free_port()}, root={str(tmp_path)!r})"
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
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "apps", "--port", str(_free_port()),
                           "--data", str(tmp_path / "fehlt"), "--district", "16063"], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "fehlt“: Datenordner nicht gefunden." in done.stderr


def test_the_page_shows_a_user_error_as_the_cli_prints_it_escaped():
    from toolkit.apps import user_error_html
    from toolkit.errors import UserError
    error = UserError("Spalte <Wert> fehlt.", file="a&b.csv", row=3, hint="Neu laden.")
    assert user_error_html(error) == ("<div class='ikpe-fehler'><p>Fehler: Datei „a&amp;b.csv“, Zeile 3: Spalte "
                                      "&lt;Wert&gt; fehlt.</p><p>So beheben Sie es: Neu laden.</p></div>")
