"""One Musterland concept written by the CLI for all tests of the folder (a build takes a while)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEMO_PLAN
from toolkit import cli
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT


@pytest.fixture(scope="session")
def written(tmp_path_factory) -> dict[str, Path]:
    """The CLI's Word, HTML (and, with Chromium, PDF) files of Musterland, by suffix; the CLI's exit code as 'rc'."""
    out = tmp_path_factory.mktemp("konzept")
    rc = cli.main(["konzept", "--data", str(DEMO_DATA_DIR), "--kreis", DEMO_DISTRICT, "--plan", str(DEMO_PLAN),
                   "--out", str(out)])
    files = {p.suffix: p for p in out.glob("Integrationskonzept_*")}
    return {"rc": rc, **files}
