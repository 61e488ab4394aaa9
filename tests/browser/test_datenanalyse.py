"""Module 1 in Debian's Chromium: notebooks/01_datenanalyse.ipynb under Voila with a preheated kernel reacts to a
control change without error text."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import free_port
from toolkit.config import NOTEBOOKS_DIR, PROJECT_ROOT

ERROR_TEXTS = ("Traceback", "Error", "schiefgegangen")


def serve_course(root: Path, port: int, log: Path) -> subprocess.Popen:
    """`toolkit.apps.serve` on `root` holding notebooks/01_datenanalyse.ipynb and datasets/ (linked)."""
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    shutil.copy(NOTEBOOKS_DIR / "01_datenanalyse.ipynb", root / "notebooks")
    if not (root / "datasets").exists():
        (root / "datasets").symlink_to(PROJECT_ROOT / "datasets")
    command = f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r})"
    return subprocess.Popen([sys.executable, "-c", command], stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_for_pool(server: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    """Until the preheated kernel has run the notebook: Voila logs the filled pool as soon as the
    kernel starts, so wait further until the server and its kernel use no more CPU for 3 s."""
    end = time.monotonic() + timeout
    while "Kernel pool of notebooks/01_datenanalyse.ipynb is filled" not in log.read_text():
        if server.poll() is not None or time.monotonic() > end:
            raise RuntimeError(f"Voila hat den Kernel nicht vorgewärmt: {log.read_text()[-2000:]}")
        time.sleep(0.5)
    wait_until_quiet(server, end - time.monotonic())


def wait_until_quiet(server: subprocess.Popen, timeout: float = 240) -> None:
    """Until the server and its kernels have used no CPU for 3 s (or `timeout` seconds passed)."""
    end = time.monotonic() + timeout
    used, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 3 and time.monotonic() < end:
        time.sleep(0.5)
        now = _cpu_ticks(server.pid)
        if now != used:
            used, quiet_since = now, time.monotonic()


def _cpu_ticks(root: int) -> int:
    """CPU ticks (user + system) of a process and all its descendants, from /proc."""
    parents, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    family, grew = {root}, True
    while grew:
        grown = family | {pid for pid, parent in parents.items() if parent in family}
        grew, family = grown != family, grown
    return sum(ticks.get(pid, 0) for pid in family)


def indicator_select(page):
    return page.locator(".widget-dropdown", has_text="Indikator").locator("select")


def chart_src(page) -> str:
    return page.locator("img.widget-image").first.get_attribute("src")


def test_app_in_the_browser_reacts_without_error_text(tmp_path, browser):
    port, log = free_port(), tmp_path / "voila.log"
    server = serve_course(tmp_path / "root", port, log)
    try:
        wait_for_pool(server, log)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/voila/render/notebooks/01_datenanalyse.ipynb")
        indicator_select(page).wait_for(timeout=60_000)
        page.locator("img.widget-image").first.wait_for(timeout=30_000)
        before = chart_src(page)
        indicator_select(page).select_option(label="Einbürgerungsquote")
        page.wait_for_function("old => document.querySelector('img.widget-image').src !== old", arg=before,
                               timeout=30_000)
        text = page.locator("body").inner_text()
        assert "Wer lebt im Kreis" in text and "Einbürgerungsquote 2024" in text
        assert not [word for word in ERROR_TEXTS if word in text]
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
