"""`--kreis alle`: every district in a process pool; one that fails is named with its reason and the others finish;
the Thüringen-Vergleich ranks the districts and writes text as text."""
from __future__ import annotations

import openpyxl
import pandas as pd

from toolkit import indicators
from toolkit.config import DEMO_DATA_DIR
from toolkit.konzept import batch, compare


def test_a_failing_district_is_named_and_the_others_finish(tmp_path, monkeypatch, capsys, caplog):
    kreise = pd.DataFrame({"ags": ["16098", "16099"], "name": ["Nirgendwo", "=Musterland"]})
    monkeypatch.setattr(batch, "thuringia_kreise", lambda: kreise)
    rc = batch.build_all(DEMO_DATA_DIR, tmp_path, formats=("html",), workers=2)
    assert rc == 1
    assert (tmp_path / "Integrationskonzept_Musterland.html").is_file()
    assert "1 von 2 Konzepten geschrieben" in capsys.readouterr().out
    failed = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(failed) == 1 and "Nirgendwo (16098)" in failed[0] and "16098" in failed[0]


def test_the_comparison_ranks_the_districts_with_land_and_bund(tmp_path):
    kreise = pd.DataFrame({"ags": ["16099"], "name": ["=Musterland"]})
    xlsx, html = compare.write_comparison(DEMO_DATA_DIR, kreise, tmp_path)
    sheet = openpyxl.load_workbook(xlsx)["Vergleich"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(row[4] == "=Musterland" and row[3] == 1 for row in rows)
    share = [row for row in rows if row[0] == indicators.get("auslaenderanteil").name]
    assert len(share) == 1 and isinstance(share[0][6], float) and isinstance(share[0][7], float)   # Land, Bund
    names = [c for row in sheet.iter_rows(min_row=2) for c in row if c.column_letter == "E"]
    assert all(c.data_type == "s" for c in names)                                  # never a formula
    text = html.read_text(encoding="utf-8")
    assert "Thüringen-Vergleich" in text and "<script" not in text
