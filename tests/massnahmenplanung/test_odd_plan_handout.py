"""Issue 11, class 2: ordinary content a learner types never stops notebook 04 or its handout — maths signs in a
title, dates far out (31.12.9999, 01.01.0001), an empty or misspelt Handlungsfeld. The notebook runs under papermill
on such a plan, the handout renders, and the check names each odd cell."""
from __future__ import annotations

import pytest

from tests.conftest import ODD_TITLE, odd_district
from toolkit import course, plan, reports
from toolkit.config import NOTEBOOKS_DIR


@pytest.mark.slow
def test_notebook_04_renders_its_handout_on_a_plan_with_odd_content(tmp_path):
    folder = odd_district(tmp_path / "kreis")

    notebook = next(nb for nb in course.course_notebooks() if nb.name.startswith("04_"))
    assert notebook.parent == NOTEBOOKS_DIR
    out = tmp_path / "build"
    assert course.run_notebooks([notebook], [folder], out, {"district_code": "16099"}) == []
    handout, = [p for p in reports.render_handouts(out) if p.name.startswith("04_")]
    html = handout.read_text(encoding="utf-8")
    assert ODD_TITLE in html and "Traceback" not in html

    found = {(p.row, p.column) for p in plan.check_plan(plan.load_plan(folder / "planung.xlsx"))}
    assert {(3, "Ende"), (4, "Beginn"), (5, "Handlungsfeld"), (6, "Handlungsfeld")} <= found
