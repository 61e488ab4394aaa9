"""`ikpe apps`: Voila serves the notebooks as training apps: culling and preheating, a German error for a busy
port or a missing data folder, Ctrl+C, the template found by plain voila; only course notebooks and worksheets
(solutions on request), at most so many apps at once, kernels without a page culled (HTTP against a started server)."""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import TEST_NOTEBOOKS, _wait_until_serving, free_port

pytestmark = pytest.mark.slow  # the pages in Chromium: tests/browser/test_apps.py


def test_voila_json_applies_culling_and_preheats_only_course_notebooks(apps_url, server_log):
    log = server_log.read_text()
    assert "Culling kernels with idle durations > 180 seconds at 60 second intervals" in log   # within 4 minutes
    assert "Culling kernels even with connected clients" not in log    # a page in use keeps its kernel
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


# --- what the server shows, how many apps it runs, and culling (issue 11) ----------------------------------------

def _material(root: Path) -> Path:
    """A course root as the checkout has it: course notebooks, worksheet and solution of a stage, and notebooks that
    are nobody's app (tests, build outputs)."""
    for folder, name in [("notebooks", "01_kurs.ipynb"), ("exercises/01_stufe", "aufgaben.ipynb"),
                         ("exercises/01_stufe", "loesung.ipynb"), ("tests/notebooks", "geheim.ipynb"),
                         ("build/musterland", "01_kurs.ipynb"), (".", "wurzel.ipynb")]:
        (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(TEST_NOTEBOOKS / "kurz.ipynb", root / folder / name)
    return root


def _start(root: Path, log: Path, **options) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r}, **{options!r})"
    server = subprocess.Popen([sys.executable, "-c", command], stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_until_serving(f"{url}/", server, log)
    for _ in range(240):   # the preheated kernel of notebooks/01_kurs.ipynb is ready
        if "Kernel pool of notebooks/01_kurs.ipynb is filled" in log.read_text():
            break
        time.sleep(0.5)
    return server, url


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def _get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode(), dict(answer.headers)


def _kernels(server: subprocess.Popen) -> int:
    """The kernel processes the server runs (what holds the memory)."""
    import psutil
    children = psutil.Process(server.pid).children(recursive=True)
    return sum("ipykernel" in " ".join(child.cmdline()) for child in children)


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """serve() on the course root above with room for two apps; voila.json's culling (minutes) as shipped."""
    folder = tmp_path_factory.mktemp("begrenzt")
    server, url = _start(_material(folder / "kurs"), folder / "voila.log", max_apps=2)
    yield server, url, folder / "voila.log"
    _stop(server)


@pytest.mark.parametrize("path", [
    "exercises/01_stufe/loesung.ipynb", "tests/notebooks/geheim.ipynb", "build/musterland/01_kurs.ipynb",
    "wurzel.ipynb", "notebooks/../tests/notebooks/geheim.ipynb", "notebooks/..%2Ftests/notebooks/geheim.ipynb",
    "exercises/01_stufe/../01_stufe/loesung.ipynb", "notebooks/fehlt.ipynb"])
def test_only_course_notebooks_and_worksheets_render_the_rest_is_a_german_not_found(capped, path):
    server, url, _ = capped
    before = _kernels(server)
    status, page, _ = _get(f"{url}/voila/render/{path}")
    assert status == 404
    assert "Diese Seite gibt es in den Trainings-Apps nicht." in page and "Zur Startseite" in page
    assert "print(" not in page and "Dateien im Datenordner" not in page
    assert _kernels(server) == before, "kein Kernel für eine Seite, die es nicht gibt"


def test_listings_name_only_what_may_be_shown(capped):
    import json
    _, url, _ = capped

    def names(path: str) -> list[str]:
        status, body, _ = _get(f"{url}/voila/api/contents/{path}")
        return sorted(entry["name"] for entry in json.loads(body)["content"]) if status == 200 else status
    assert names("") == ["exercises", "notebooks"]
    assert names("exercises") == ["01_stufe"]
    assert names("exercises/01_stufe") == ["aufgaben.ipynb"]
    assert names("tests") == names("build") == 404
    assert _get(f"{url}/voila/api/contents/exercises/01_stufe/loesung.ipynb")[0] == 404


def test_past_the_cap_a_german_page_asks_to_wait_and_the_kernels_stay_bounded(capped):
    server, url, log = capped
    pool = _kernels(server)
    pages = [_get(f"{url}/voila/render/{path}") for path in (
        "notebooks/01_kurs.ipynb", "exercises/01_stufe/aufgaben.ipynb", "exercises/01_stufe/aufgaben.ipynb",
        "notebooks/01_kurs.ipynb", "notebooks/01_kurs.ipynb")]
    assert [status for status, _, _ in pages] == [200, 200, 503, 503, 503]
    assert "Dateien im Datenordner" in pages[1][1]
    status, page, headers = pages[2]
    assert "Es laufen schon zu viele Apps – bitte kurz warten und die Seite dann neu laden." in page
    assert "2 Apps gleichzeitig Platz" in page and headers["Retry-After"] == "30"
    time.sleep(5)   # the pool refills what the first page took
    assert _kernels(server) <= 2 + pool
    assert "Höchstens 2 Apps gleichzeitig" in log.read_text()


def test_the_cap_follows_the_free_memory_by_default(monkeypatch):
    from toolkit.apps import server
    psutil = pytest.importorskip("psutil")
    monkeypatch.setattr(psutil, "virtual_memory", lambda: type("M", (), {"available": 4 * 2**30})())
    assert server.default_max_apps() == (3 * 2**30) // (300 * 2**20) == 10
    monkeypatch.setattr(psutil, "virtual_memory", lambda: type("M", (), {"available": 2**30})())
    assert server.default_max_apps() == 2


def test_solutions_only_when_the_trainer_asks_and_a_kernel_without_a_page_is_culled(tmp_path):
    """`ikpe apps --loesungen` shows the solutions; a page loaded without its websocket (a plain HTTP request, a link
    preview) leaves a kernel that is culled after the idle time, while a page that stays connected keeps its own."""
    import tornado.websocket
    from tornado.ioloop import IOLoop
    log = tmp_path / "voila.log"
    server, url = _start(_material(tmp_path / "kurs"), log, solutions=True, options=[
        "--MappingKernelManager.cull_idle_timeout=4", "--MappingKernelManager.cull_interval=1"])
    try:
        pool = _kernels(server)
        status, page, _ = _get(f"{url}/voila/render/exercises/01_stufe/loesung.ipynb")
        assert status == 200 and "Dateien im Datenordner" in page
        connected = re.search(r'"kernelId": "([0-9a-f-]+)"', _get(f"{url}/voila/render/notebooks/01_kurs.ipynb")[1])[1]

        async def watch() -> None:
            socket = await tornado.websocket.websocket_connect(url.replace("http", "ws")
                                                               + f"/api/kernels/{connected}/channels")
            for _ in range(60):
                if "Culling 'idle' kernel" in log.read_text() and _kernels(server) <= pool + 1:
                    break
                await asyncio.sleep(0.5)
            socket.close()
        IOLoop.current().run_sync(watch, timeout=90)
        text = log.read_text()
        assert "Culling kernels with idle durations > 4 seconds at 1 second intervals" in text
        assert "Culling kernels even with connected clients" not in text
        assert _kernels(server) == pool + 1        # the connected page's kernel, and the pool
        assert f"({connected}) with" not in text   # never culled while connected
    finally:
        _stop(server)


def test_a_missing_or_unreadable_file_shows_the_clis_german_message_and_a_fault_stays_general(tmp_path):
    """A data folder the app cannot read (a table missing, a broken link) is the user's to fix: the page shows the
    message `ikpe` would print, the server log the traceback; an OSError that is no user's (a bad descriptor) still
    ends in Voila's general sentence."""
    import nbformat
    metadata = nbformat.read(TEST_NOTEBOOKS / "kurz.ipynb", as_version=4).metadata
    (tmp_path / "kurs" / "notebooks").mkdir(parents=True)
    for name, source in [("01_kurs", "open('/nirgends/<tabelle>.csv')"), ("02_fehler", "import os\nos.close(987654)")]:
        cells = [nbformat.v4.new_code_cell("import toolkit.apps\nprint('vorher')"), nbformat.v4.new_code_cell(source)]
        nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=metadata),
                       tmp_path / "kurs" / "notebooks" / f"{name}.ipynb")
    log = tmp_path / "voila.log"
    server, url = _start(tmp_path / "kurs", log)
    try:
        status, page, _ = _get(f"{url}/voila/render/notebooks/01_kurs.ipynb")
        assert status == 200 and "vorher" in page
        assert ("Fehler: Datei \\u201e/nirgends/\\u0026lt;tabelle\\u0026gt;.csv\\u201c: Datei oder Ordner nicht "
                "gefunden.") in page   # escaped, inside the page's JSON
        assert "ikpe-fehler\\u0027" in page and "FileNotFoundError" not in page and "Errno" not in page
        status, page, _ = _get(f"{url}/voila/render/notebooks/02_fehler.ipynb")
        assert status == 200 and "ikpe-fehler\\u0027" not in page and "Bad file descriptor" not in page
    finally:
        _stop(server)
    text = log.read_text()
    assert "Fehler in der App (die Meldung steht auf der Seite): Datei „/nirgends/<tabelle>.csv“" in text
    assert "FileNotFoundError: [Errno 2]" in text
