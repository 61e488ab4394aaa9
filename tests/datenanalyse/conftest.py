"""Fixtures of the stage 1 tests."""
from __future__ import annotations

import pytest

from toolkit import datenanalyse as da
from toolkit.config import DEMO_DATA_DIR


@pytest.fixture(scope="module")
def demo() -> da.District:
    """The demo district Musterland (16099) in 2024, prepared once per test module."""
    return da.prepare(DEMO_DATA_DIR, "16099", 2024)
