"""Shared by stage 2's tests: an empty plan of the Eisenach template and rows for its sheets."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit import plan


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> plan.Plan:
    """The Eisenach template (Handlungsfelder HF1–HF9), as Excel gives it back."""
    return plan.load_plan(plan.new_plan(tmp_path_factory.mktemp("plan") / "plan.xlsx", "eisenach"))


def rows(key: str, entries: list[dict]) -> pd.DataFrame:
    """A table of the sheet `key` with these entries (header → value), index = Excel row."""
    headers = plan.SHEETS[key].headers
    return pd.DataFrame([[e.get(h) for h in headers] for e in entries], columns=headers,
                        index=range(2, len(entries) + 2), dtype=object)
