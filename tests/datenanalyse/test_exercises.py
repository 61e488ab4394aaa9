"""Exercises of course stage 1 "Datenanalyse" (exercises/01_datenanalyse) on the demo district Musterland.

Expected answers and feedback are checked in-process against the demo figures and against changed data; two
tests start a kernel: the solution under papermill (on a changed copy of the data, through `data_dir`) and every
gap of the learner notebook in isolation. That the committed aufgaben.ipynb is the generated one is proved for
every stage by tests/test_exercises.py.
"""
from __future__ import annotations

import ast
import json
import shutil

import papermill
import pytest

from toolkit import data, exercises
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR

STAGE = EXERCISES_DIR / "01_datenanalyse"
CODES = ("12411-03-03-5", "12411-03-03-4", "12511-01-01-4")
GAP_CELLS = [("loesung-1", 1), ("loesung-1", 2), ("loesung-2", 1), ("loesung-2", 2), ("loesung-4", 1),
             ("loesung-5", 1), ("loesung-5", 2), ("loesung-6", 1), ("loesung-6", 2), ("loesung-7", 1),
             ("loesung-8", 1), ("loesung-9", 1), ("loesung-9", 2)]
ALL_RIGHT = [f"Richtig! Aufgabe 01-{n} ist gelöst." for n in range(1, 10)]
PRIMARY = {("Beispielsrode", "männlich"), ("Beispielsrode", "weiblich"), ("Kleinmustern", "männlich")}


@pytest.fixture(scope="module")
def tabellen() -> dict:
    """The tables the notebook reads, keyed by table code, as it passes them to `lade`."""
    return {code: data.read(DEMO_DATA_DIR / f"{code}.csv") for code in CODES}


def _sheet(tabellen: dict) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(STAGE), tabellen)


def _changed(tabellen: dict, code: str, region: str, time: str, variable: str, value: float,
             status: str = "") -> dict:
    """A copy of `tabellen` with one cell (age group Insgesamt where there is one) set to `value`/`status`."""
    table = tabellen[code].copy()
    cell = (table["region_name"] == region) & (table["time"] == time) & (table["variable"] == variable)
    if "age_group" in table:
        cell &= table["age_group"] == "Insgesamt"
    assert cell.sum() == 1
    table.loc[cell, ["value", "status"]] = [value, status]
    return {**tabellen, code: table}


def test_expected_answers_on_the_demo_district(tabellen):
    sheet = _sheet(tabellen)
    assert sheet.expected("01-1") == pytest.approx(100 * 2861 / 25478)            # 11,2 %
    assert sheet.expected("01-2") == "geheim oder unbekannt"                       # Amerika 2023: „.“
    assert sheet.expected("01-3") == "nichts vorhanden"                            # Australien 2023: „-“
    assert sheet.expected("01-4") == 87 - 29 - 9 - 44                              # Insgesamt − shown parts
    assert sheet.expected("01-5") == "Musterstadt, Stadt"                          # +2 071 persons
    assert sheet.expected("01-6") == "Wiesenmuster"                                # 2 → 36: +1 700 %
    assert sheet.expected("01-7") == PRIMARY
    assert sheet.expected("01-8") == {("Kleinmustern", "weiblich")}                # 5 − 2 would give it away
    assert sheet.expected("01-9") == pytest.approx(100 * (3094 + 5149) / (40925 + 118912))   # 5,2 %, not 5,9


def test_expected_answers_follow_the_data(tabellen):
    changed = _changed(tabellen, "12411-03-03-5", "Musterstadt, Stadt", "2024-12-31", "Insgesamt | Insgesamt", 28610)
    changed = _changed(changed, "12411-03-03-5", "Kleinmustern", "2024-12-31", "Ausländer(innen) | weiblich", 2)
    changed = _changed(changed, "12411-03-03-5", "Wiesenmuster", "2014-12-31", "Ausländer(innen) | Insgesamt", 30)
    changed = _changed(changed, "12511-01-01-4", "Musterland, Kreis", "2023", "Eingebürgerte Ausländer | Amerika",
                       0, "-")
    changed = _changed(changed, "12411-03-03-4", "Eisenach, krsfr. Stadt", "2020-12-31",
                       "ausländisch | Insgesamt", 1000)  # the Kreis table has the labels of 2025/26
    sheet = _sheet(changed)
    assert sheet.expected("01-1") == pytest.approx(10.0)
    assert sheet.expected("01-2") == "nichts vorhanden"
    assert sheet.expected("01-4") == 87 - 29 - 9 - 44 - 0                          # only „staatenlos“ still hidden
    assert sheet.expected("01-6") == "Fichtelgrund"                                # 4 → 31
    assert sheet.expected("01-7") == PRIMARY | {("Kleinmustern", "weiblich")}
    assert sheet.expected("01-8") == set()                                         # both parts hidden already
    assert sheet.expected("01-9") == pytest.approx(100 * (1000 + 5149) / (40925 + 118912))


def test_typical_mistakes_get_german_feedback_and_the_solution_after_three_tries(tabellen):
    sheet = _sheet(tabellen)
    as_zero = sheet.check("01-4", 0)
    assert as_zero.text.startswith("Noch nicht: Ihr Wert 0 ist zu klein. Tipp: Die Teile ohne Punkt addieren Sie")
    shares = [100 * 3094 / 40925, 100 * 5149 / 118912]
    assert "ist zu groß. Tipp: Erst die Anzahlen" in sheet.check("01-9", sum(shares) / 2).text
    assert sheet.check("01-2", "null").text.startswith("Noch nicht: Bitte antworten Sie mit einer dieser "
                                                       "Möglichkeiten: „nichts vorhanden“, „geheim oder unbekannt“")
    assert sheet.check("01-8", set()).text.startswith("Noch nicht: 1 Eintrag fehlt noch. Tipp: Ist in einer Zeile")
    too_many = sheet.check("01-7", PRIMARY | {("Kleinmustern", "weiblich")})
    assert too_many.text.startswith("Noch nicht: 1 Eintrag gehört nicht dazu.")
    for wrong in ("Wiesenmuster", "Musterfeld", "Musterstadt"):
        feedback = sheet.check("01-5", wrong)
    assert feedback.text.endswith("Ergebnis: „Musterstadt, Stadt“")
    assert sheet.check("01-5", "musterstadt,  Stadt") and sheet.check("01-2", "Geheim oder unbekannt")
    assert sheet.unsolved() == ["01-1", "01-3", "01-4", "01-6", "01-7", "01-8", "01-9"]


def test_parameters_are_literals_and_the_learner_notebook_keeps_no_solution():
    leaks = ("Kleinmustern", "geheim oder unbekannt", "idxmax", "zahlen.sum", "teile.sum", "klein < 3", "offen()")
    assert_parameters_literal_and_no_leaks(STAGE, GAP_CELLS, leaks)


def assert_parameters_literal_and_no_leaks(stage, gap_cells: list[tuple[str, int]], leaks: tuple[str, ...]) -> None:
    """One parameters cell of literals; the learner's code has gaps exactly in `gap_cells` and none of `leaks`
    (also for the other stages' tests)."""
    solution, learner = (json.loads((stage / name).read_text(encoding="utf-8"))
                         for name in (exercises.SOLUTION_NOTEBOOK, exercises.LEARNER_NOTEBOOK))
    parameters = [c for c in solution["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in parameters] == ["parameter"]
    assignment = ast.parse("".join(parameters[0]["source"])).body
    assert assignment and {type(node.value) for node in assignment} == {ast.Constant}
    code = {c["id"]: "".join(c["source"]) for c in learner["cells"] if c["cell_type"] == "code"}
    assert [i for i, text in code.items() if "NotImplementedError" in text] == list(dict.fromkeys(
        cell for cell, _ in gap_cells))
    assert [leak for leak in leaks if leak in "".join(code.values())] == []


# --- running the notebooks (one kernel each) ----------------------------------------------------------------

@pytest.mark.slow
def test_solution_passes_every_check_on_data_from_the_data_dir_parameter(tmp_path):
    for code in CODES:
        shutil.copy(DEMO_DATA_DIR / f"{code}.csv", tmp_path)
    gemeinden = tmp_path / "12411-03-03-5.csv"
    line = "31.12.2024;16099015;        Musterstadt, Stadt;Insgesamt;25478;"
    text = gemeinden.read_text(encoding="cp1252")
    assert text.count(line) == 1
    gemeinden.write_text(text.replace(line, line.replace("25478", "28610")), encoding="cp1252", newline="")
    printed = solution_output(STAGE, tmp_path, {"data_dir": str(tmp_path)})
    assert printed["loesung-1"] == "Ausländeranteil in Musterstadt: 10,0\u00a0%\n"   # 2 861 of 28 610
    assert [line for i, text in printed.items() if i.startswith("pruefe-") for line in text.splitlines()] == ALL_RIGHT


def solution_output(stage, out_dir, parameters: dict) -> dict[str, str]:
    """Run the solution notebook of `stage` under papermill (also for the other stages' tests): what each code cell
    printed, by cell id; the hidden last cell („alle-geloest“) must have run."""
    done = papermill.execute_notebook(stage / exercises.SOLUTION_NOTEBOOK, out_dir / exercises.SOLUTION_NOTEBOOK,
                                      parameters=parameters, cwd=stage, progress_bar=False)
    assert done.cells[-1].id == "alle-geloest" and done.cells[-1].execution_count is not None
    return {cell.id: "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            for cell in done.cells if cell.cell_type == "code"}


@pytest.mark.slow
def test_every_gap_fails_exactly_at_its_gap_and_every_check_passes_once_filled():
    assert_gaps_fail_exactly(STAGE, GAP_CELLS, ALL_RIGHT)


def assert_gaps_fail_exactly(stage, gap_cells: list[tuple[str, int]], all_right: list[str]) -> None:
    """Every gap of the learner notebook of `stage` fails alone (cell id, gap number), nothing else fails, and
    every check prints `all_right` once the gaps are filled (also for the other stages' tests)."""
    learner = json.loads((stage / exercises.LEARNER_NOTEBOOK).read_text(encoding="utf-8"))
    learner_ids = [cell["id"] for cell in learner["cells"]]
    runs = exercises.run_gaps(stage)
    assert [(learner_ids[r.index], r.gap) for r in runs if r.error] == gap_cells
    assert all(r.gap for r in runs if r.error) and all(r.error for r in runs if r.gap)
    assert {r.error for r in runs if r.gap} == {"NotImplementedError"}
    assert [line for r in runs for line in r.output.splitlines() if line.startswith("Richtig")] == all_right
