"""Tests that drive Debian's Chromium (Playwright) against a Voila server or a rendered handout.

Every test in this folder carries the marks `browser` and `slow`, set here once: `-m "not browser"` leaves
exactly these out, and no test elsewhere needs Chromium. Helpers for the planning apps of stages 3 and 4 under
Voila are imported by name (`from tests.browser.conftest import course_app`)."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port
from toolkit import config
from toolkit.apps import form
from toolkit.config import NOTEBOOKS_DIR, PROJECT_ROOT

HERE = Path(__file__).parent
#: Milliseconds the browser waits for the kernel (the machine is shared; nothing here measures speed).
WAIT = 90_000
ERROR_TEXTS = ("Traceback", "Error", "schiefgegangen", form.FAILED)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@contextlib.contextmanager
def course_app(tmp_path: Path, name: str):
    """`toolkit.apps.serve` on a root holding notebooks/<name> and datasets/ (linked), working copies in
    tmp_path/arbeit; yields the page URL and the working copy once the preheated kernel has made the copy,
    i.e. has run the notebook up to where it waits for a page request before reading the workbook."""
    root, log, port = tmp_path / "root", tmp_path / "voila.log", free_port()
    copy = tmp_path / "arbeit" / "16099" / "planung.xlsx"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(NOTEBOOKS_DIR / name, root / "notebooks")
    (root / "datasets").symlink_to(PROJECT_ROOT / "datasets")
    command = f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r})"
    server = subprocess.Popen([sys.executable, "-c", command],
                              stdout=log.open("w"), stderr=subprocess.STDOUT,
                              env={**os.environ, config.WORKDIR_ENV: str(tmp_path / "arbeit")})
    try:
        end = time.monotonic() + 300
        while not copy.exists():
            if server.poll() is not None or time.monotonic() > end:
                raise RuntimeError(f"Voila hat den Kernel nicht vorgewärmt: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/voila/render/notebooks/{name}", copy
    finally:
        server.terminate()
        server.wait(timeout=30)


def open_entry(page, url: str, ident: str) -> None:
    """Open the app and choose the entry `ident` in „Eintrag“."""
    page.goto(url)
    chooser = page.locator(".ikpe-auswahl select")
    chooser.wait_for(timeout=2 * WAIT)
    chooser.select_option(label=chooser.locator("option", has_text=f"{ident} – ").first.inner_text())


def field(page, name: str):
    return page.locator(f".ikpe-feld-{name}").locator("input, textarea, select").first


def error_texts(page) -> list[str]:
    text = page.locator("body").inner_text()
    return [word for word in ERROR_TEXTS if word in text]
