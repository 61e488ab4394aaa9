"""Shared fixtures: project paths, the real data beside the project, Debian's Chromium."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from toolkit.config import PROJECT_ROOT

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
