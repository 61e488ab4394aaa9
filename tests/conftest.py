"""Shared fixtures and helpers: project paths, the real data beside the project, Debian's Chromium, what the
toolkit displays, the demo planning workbook and its forms, a Voila server on the test notebooks, handouts.

Fixtures reach every test below; plain helpers are imported by name (`from tests.conftest import choose`), so
that no test file imports from another one. Browser helpers live in tests/browser/conftest.py."""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from toolkit.config import DEMO_DATA_DIR, PROJECT_ROOT

#: The small notebooks the server and handout tests run (widget, fehler, kurz, bericht).
TEST_NOTEBOOKS = Path(__file__).parent / "notebooks"
DEMO_PLAN = DEMO_DATA_DIR / "planung.xlsx"

CHROMIUM = Path("/usr/bin/chromium")
#: Flags that keep Chromium quiet on a machine without internet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(reason: str):
    """Under CI a missing prerequisite fails loudly; on a laptop it skips with the reason."""
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def realdata() -> Path:
    """`../shared/realdata`: real official files, read-only, never copied into the project."""
    path = PROJECT_ROOT.parent / "shared" / "realdata"
    if not path.is_dir():
        _missing(f"Echte Testdaten fehlen: {path} (shared/ neben dem Projekt erwartet)")
    return path


@pytest.fixture(scope="session")
def facts_dir() -> Path:
    path = PROJECT_ROOT.parent / "shared" / "facts"
    if not path.is_dir():
        _missing(f"Veröffentlichte Zahlen fehlen: {path}")
    return path


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Path to Debian's Chromium; `make test` installs it when it runs as root."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        _missing("Chromium fehlt (/usr/bin/chromium). Installieren: apt-get install chromium "
                 "(make test tut das als root automatisch).")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    """A headless Playwright Chromium driving Debian's binary (Playwright never downloads one)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def on_display(monkeypatch):
    """`on_display(handler)`: everything any toolkit module shows with IPython's `display` goes to `handler`
    instead (the stages display from several modules: views, app, workspace, show)."""
    import IPython.display

    def redirect(handler) -> None:
        for name, module in list(sys.modules.items()):
            if name.startswith("toolkit") and getattr(module, "display", None) in (IPython.display.display, *patched):
                monkeypatch.setattr(module, "display", handler)
        patched.append(handler)
    patched: list = []
    return redirect


# --- the planning workbook and its forms (stages 3 and 4) -------------------------------------------

@pytest.fixture
def workbook(tmp_path) -> Path:
    """A copy of the demo plan in tmp."""
    path = tmp_path / "planung.xlsx"
    shutil.copy(DEMO_PLAN, path)
    return path


@pytest.fixture
def voila(monkeypatch, tmp_path, on_display):
    """A kernel as Voila starts it (not preheated), with the working folder in tmp; returns what is displayed."""
    from toolkit import config
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv(config.WORKDIR_ENV, str(tmp_path / "arbeit"))
    shown = []
    on_display(shown.append)
    return shown


#: A measure title with maths signs matplotlib would read as TeX (issue 11, class 2).
ODD_TITLE = r"Sprachkurs $x$ für \frac{1}{2} der Eltern_^{}"


def odd_district(folder: Path, workbook: Path = DEMO_PLAN) -> Path:
    """A copy of the demo district in `folder` (tables linked) whose planning workbook (`workbook`'s sheets) has
    what learners type (issue 11, class 2): maths signs in a measure's title (row 2), dates far out (Ende
    31.12.9999 in row 3, Beginn 01.01.0001 in row 4), a misspelt (row 5) and an empty Handlungsfeld (row 6)."""
    import datetime as dt

    import openpyxl
    folder.mkdir(parents=True, exist_ok=True)
    for table in DEMO_DATA_DIR.iterdir():
        if table.name != "planung.xlsx":
            (folder / table.name).symlink_to(table)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Maßnahmen"]
    column = {c.value: c.column for c in sheet[1]}
    sheet.cell(2, column["Titel"], ODD_TITLE)
    sheet.cell(3, column["Ende"], dt.datetime(9999, 12, 31))
    sheet.cell(4, column["Beginn"], dt.datetime(1, 1, 1))
    sheet.cell(5, column["Handlungsfeld"], "Gesundheit und Präventon")            # misspelt
    sheet.cell(6, column["Handlungsfeld"]).value = None
    book.save(folder / "planung.xlsx")
    return folder


def choose(editor, ident: str) -> int:
    """Choose the entry `ident` in the form's „Eintrag“; returns its row."""
    editor.chooser.value = next(row for label, row in editor.chooser.options if label.split(" – ")[0] == ident)
    return editor.chooser.value


def row_of(path: Path, ident: str, sheet: str = "ziele"):
    """The row of `ident` in `sheet` of the plan at `path`, as a pandas Series."""
    from toolkit import plan
    table = getattr(plan.load_plan(path), sheet)
    return table[table["ID"] == ident].iloc[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- a Voila server on the test notebooks (tests/apps, tests/browser) -------------------------------

#: A data problem as the toolkit reports it, raised in a notebook cell.
USER_ERROR = ("raise UserError('Die Spalte „Wert“ enthält „zwölf“ statt einer Zahl.', file='daten/mein-kreis/x.csv', "
              "row=7, column='Wert', hint='Die Datei neu herunterladen.')")


def free_port() -> int:
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
        shutil.copy(TEST_NOTEBOOKS / name, root / folder / name)
    cells = [nbformat.v4.new_code_cell(source) for source in (
        "import toolkit.apps\nprint('vorher')", f"from toolkit.errors import UserError\n{USER_ERROR}",
        "print('danach')")]
    metadata = nbformat.read(TEST_NOTEBOOKS / "kurz.ipynb", as_version=4).metadata
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=metadata), root / "notebooks" / "datenfehler.ipynb")
    port = free_port()
    command = f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r})"
    server = subprocess.Popen([sys.executable, "-c", command], stdout=server_log.open("w"), stderr=subprocess.STDOUT)
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


# --- handouts (tests/reports, tests/browser) ---------------------------------------------------------

@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """The three test notebooks run on a data directory `musterland`, then rendered."""
    from toolkit import course, reports
    root = tmp_path_factory.mktemp("handouts")
    (root / "musterland").mkdir()
    out = root / "build"
    course.run_notebooks([TEST_NOTEBOOKS / n for n in ("bericht.ipynb", "kurz.ipynb", "fehler.ipynb")],
                         [root / "musterland"], out, parameters={"jahr": 2023})
    reports.render_handouts(out)
    return out
