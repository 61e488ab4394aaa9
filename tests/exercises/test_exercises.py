"""The exercise mechanism, proved on the sample in tests/exercises_sample (five Gemeinden, four exercises).

Answer checks and feedback run in-process; three tests start a kernel: the solution under papermill, the
learner notebook under papermill, and every gap in isolation.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest

from toolkit import exercises
from toolkit.cli import main
from toolkit.config import PROJECT_ROOT
from toolkit.errors import UserError
from toolkit.exercises import mismatch

SAMPLE = PROJECT_ROOT / "tests" / "exercises_sample"
SOLUTION = SAMPLE / exercises.SOLUTION_NOTEBOOK
LEARNER = SAMPLE / exercises.LEARNER_NOTEBOOK
HINT_S1 = "Teilen Sie die Zahl der Ausländer durch die Bevölkerung und nehmen Sie das Ergebnis mal 100."


@pytest.fixture
def tabelle() -> pd.DataFrame:
    """The sample's tidy table, read as its notebook reads it."""
    return pd.read_csv(SAMPLE / "gemeinden.csv", dtype={"region_code": str}, keep_default_na=False,
                       na_values={"value": [""]})


@pytest.fixture
def sheet(tabelle) -> exercises.Aufgabenblatt:
    return exercises.Aufgabenblatt(exercises.load_checks(SAMPLE), tabelle)


def _stage(tmp_path, *sources):
    """An exercise folder whose solution notebook has a markdown cell and then one code cell per source."""
    cells = [nbformat.v4.new_markdown_cell("# Test", id="titel")]
    cells += [nbformat.v4.new_code_cell(src, id=f"zelle-{i}") for i, src in enumerate(sources, 2)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / exercises.SOLUTION_NOTEBOOK)
    return tmp_path


# --- answer checks ------------------------------------------------------------------------------------------

def test_numbers_within_tolerance_and_german_reasons():
    assert mismatch(10.72, 10.7242, tolerance=0.05) is None
    assert mismatch(np.float64(10.7), 10.7242, tolerance=0.05) is None
    assert mismatch(12.5, 10.7242, tolerance=0.05) == "Ihr Wert 12,50 ist zu groß."
    assert mismatch(1077, 2310) == "Ihr Wert 1.077 ist zu klein."
    assert mismatch(float("nan"), 2310) == "Ihr Ergebnis ist keine Zahl (NaN) – fehlt ein Wert in der Rechnung?"
    assert mismatch("10,7", 10.7242, 0.05) == (
        "Erwartet wird eine Zahl, Sie haben Text angegeben. Schreiben Sie die Zahl ohne Anführungszeichen "
        "und mit Punkt statt Komma, z. B. 12.5.")
    assert mismatch(None, 10.7) == "Sie haben noch keine Antwort angegeben."


def test_text_is_normalised_and_choices_are_enforced():
    assert mismatch("  cestadt ", "Cestadt") is None
    assert mismatch("Aheim", "Cestadt") == "„Aheim“ ist nicht die gesuchte Antwort."
    choices = ("nichts vorhanden", "geheim oder unbekannt")
    assert mismatch("Geheim  oder unbekannt", "geheim oder unbekannt", choices=choices) is None
    assert mismatch("vielleicht", "geheim oder unbekannt", choices=choices) == (
        "Bitte antworten Sie mit einer dieser Möglichkeiten: „nichts vorhanden“, „geheim oder unbekannt“.")
    assert mismatch(".", ".") is None and mismatch("-", ".") == "„-“ ist nicht die gesuchte Antwort."


def test_sets_ignore_order_and_lists_do_not():
    wanted = {"Dehausen", "Efeld"}
    assert mismatch(["efeld", "Dehausen"], wanted) is None
    assert mismatch(["Efeld"], wanted) == "1 Eintrag fehlt noch."
    assert mismatch(["Efeld", "Aheim", "Bedorf"], wanted) == "1 Eintrag fehlt noch; 2 Einträge gehören nicht dazu."
    assert mismatch([("16099004", "Ausländer")], {("16099004", "Ausländer")}) is None
    assert mismatch(["B", "A"], ["A", "B"]) == "Die Einträge stimmen, aber die Reihenfolge nicht."
    assert mismatch(["A"], ["A", "B"]) == "Erwartet werden 2 Einträge, Ihre Liste hat 1."
    assert mismatch("Dehausen", wanted) == "Erwartet wird eine Menge, Sie haben Text angegeben."


def test_tables_compare_columns_rows_index_and_values():
    expected = pd.DataFrame({"region_name": ["Aheim", "Bedorf"], "anteil": [7.8776, 5.12]})
    assert mismatch(expected.assign(anteil=[7.88, 5.12]), expected, tolerance=0.05) is None
    assert mismatch(expected[["anteil"]], expected) == "Es fehlen Spalten: „region_name“."
    assert mismatch(expected.assign(x=1), expected) == "Diese Spalten gehören nicht dazu: „x“."
    assert mismatch(expected.head(1), expected) == "Ihr Ergebnis hat 1 Zeilen, erwartet sind 2."
    assert mismatch(expected.iloc[::-1], expected).startswith("Die Zeilen sind anders beschriftet oder sortiert")
    assert mismatch(expected.assign(anteil=[7.9, 6.0]), expected, tolerance=0.05) == (
        "Die Werte weichen ab in Spalte „anteil“.")
    assert mismatch(expected["anteil"].round(2), expected["anteil"], tolerance=0.05) is None
    assert mismatch(7.88, expected) == "Erwartet wird eine Tabelle (DataFrame), Sie haben eine Zahl angegeben."


# --- feedback -----------------------------------------------------------------------------------------------

def test_feedback_gives_the_hint_first_and_the_solution_after_three_wrong_tries(sheet):
    first, second = sheet.check("S-1", 50.0), sheet.check("S-1", 5)
    assert first.text == f"Noch nicht: Ihr Wert 50 ist zu groß. Tipp: {HINT_S1}"
    assert second.text == f"Noch nicht: Ihr Wert 5 ist zu klein. Tipp: {HINT_S1}"
    assert not first and "Lösung" not in second.text
    third = sheet.check("S-1", "10,7")
    assert third.text.startswith("Noch nicht: Erwartet wird eine Zahl")
    assert third.text.endswith("Lösung zu Aufgabe S-1 (Ausländeranteil in Cestadt in Prozent): anteil = 100 * "
                               "Ausländer / Bevölkerung für die Zeilen von Cestadt.\nErgebnis: 10,72")
    right = sheet.check("S-1", 10.72)
    assert right and right.text == "Richtig! Aufgabe S-1 ist gelöst."
    assert sheet.unsolved() == ["S-2", "S-3", "S-4"]


def test_hint_and_solution_on_request(sheet):
    assert sheet.hint("S-2").text == ("Tipp zu Aufgabe S-2 (Gemeinde mit dem höchsten Ausländeranteil): Berechnen "
                                      "Sie den Anteil für jede Gemeinde und sortieren Sie absteigend.")
    assert sheet.solution("S-3").text.endswith("Ergebnis: „Dehausen“, „Efeld“")


def test_expected_answers_are_computed_from_the_data(tabelle):
    changed = tabelle.copy()
    changed.loc[(changed["region_name"] == "Cestadt") & (changed["variable"] == "Ausländer"), "value"] = 1077
    changed.loc[(changed["region_name"] == "Dehausen") & (changed["variable"] == "Ausländer"), "value"] = 30
    sheet = exercises.Aufgabenblatt(exercises.load_checks(SAMPLE), changed)
    changed["value"] = 0.0  # later changes in the notebook do not move the targets
    assert sheet.expected("S-1") == pytest.approx(5.0)
    assert sheet.expected("S-2") == "Aheim"
    assert sheet.expected("S-3") == {"Efeld"}


def test_notebook_functions_print_and_explain_mistakes_in_german(tabelle, capsys, monkeypatch):
    monkeypatch.setattr(exercises.sheets, "_sheet", None)
    with pytest.raises(UserError, match="Es sind noch keine Aufgaben geladen.") as error:
        exercises.pruefe("S-1", 10.7)
    assert "lade(…)" in str(error.value)
    assert repr(exercises.lade(SAMPLE, daten=tabelle)) == "4 Aufgaben geladen: S-1, S-2, S-3, S-4"
    assert exercises.pruefe("S-3", ["Efeld", "Dehausen"])
    assert exercises.offen() == ["S-1", "S-2", "S-4"]
    assert capsys.readouterr().out == "Richtig! Aufgabe S-3 ist gelöst.\n"
    unknown = "Eine Aufgabe „S-9“ gibt es hier nicht. Vorhanden: „S-1“, „S-2“, „S-3“, „S-4“."
    with pytest.raises(UserError, match=unknown):
        exercises.pruefe("S-9", 1)


def test_duplicate_exercise_ids_are_refused():
    aufgaben = exercises.load_checks(SAMPLE)
    with pytest.raises(UserError, match="Die Aufgabe „S-1“ ist doppelt definiert."):
        exercises.Aufgabenblatt(aufgaben + aufgaben[:1])


# --- generating learner notebooks ---------------------------------------------------------------------------

def test_committed_learner_notebook_is_generated_and_generation_is_idempotent(tmp_path):
    text = exercises.learner_notebook(SAMPLE)
    assert LEARNER.read_text(encoding="utf-8") == text == exercises.learner_notebook(SAMPLE)
    shutil.copy(SOLUTION, tmp_path)
    assert exercises.write_learner_notebook(tmp_path) is True
    assert exercises.write_learner_notebook(tmp_path) is False
    assert (tmp_path / exercises.LEARNER_NOTEBOOK).read_bytes() == LEARNER.read_bytes()


def test_learner_notebook_hides_solutions_and_hidden_tests_and_keeps_cell_ids():
    solution, learner = (json.loads(p.read_text(encoding="utf-8")) for p in (SOLUTION, LEARNER))
    assert [c["id"] for c in learner["cells"]] == [c["id"] for c in solution["cells"]][:-1]  # hidden cell gone
    text = {c["id"]: "".join(c["source"]) for c in learner["cells"]}
    assert "###" not in "".join(text.values()) and "offen()" not in text["laden"] + text["pruefe-3"]
    assert text["loesung-3"] == ("# IHRE LÖSUNG HIER\nraise NotImplementedError(\"Aufgabe noch nicht gelöst: "
                                 "Ersetzen Sie diese Zeile durch Ihre Lösung.\")")
    assert text["loesung-2"].startswith("def anteile_berechnen(tabelle):\n    # IHRE LÖSUNG HIER\n    raise")
    assert "pivot_table" not in text["loesung-2"] and "sort_values" not in text["loesung-2"]
    assert text["deutung"].endswith("Kreistag?\n\n_Ihre Antwort hier_")
    assert all(c["outputs"] == [] for c in learner["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("stage", exercises.stage_dirs(), ids=lambda stage: stage.name)
def test_every_course_stage_commits_its_generated_learner_notebook_and_loadable_checks(stage):
    assert (stage / exercises.LEARNER_NOTEBOOK).read_text(encoding="utf-8") == exercises.learner_notebook(stage), (
        "aufgaben.ipynb ist veraltet: ikpe exercises ausführen")
    assert exercises.Aufgabenblatt(exercises.load_checks(stage)).aufgaben


def test_hidden_tests_vanish_and_the_rest_of_their_cell_stays(tmp_path):
    stage = _stage(tmp_path, "### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
                   'pruefe("A-1", x)\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS\nx')
    cells = nbformat.reads(exercises.learner_notebook(stage), as_version=4).cells
    assert [c.id for c in cells] == ["titel", "zelle-2", "zelle-3"]
    assert cells[2].source == 'pruefe("A-1", x)\nx'


def test_stage_dirs_are_the_folders_with_a_solution(tmp_path):
    for name in ("02_b", "01_a", "03_ohne"):
        (tmp_path / name).mkdir()
    for name in ("02_b", "01_a"):
        shutil.copy(SOLUTION, tmp_path / name)
    assert exercises.stage_dirs(tmp_path) == [tmp_path / "01_a", tmp_path / "02_b"]


def test_cli_generates_then_reports_unchanged(tmp_path, capsys):
    shutil.copy(SOLUTION, tmp_path)
    target = tmp_path / exercises.LEARNER_NOTEBOOK
    assert main(["exercises", str(tmp_path)]) == 0
    assert main(["exercises", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"Erzeugt: {target}\nUnverändert: {target}\n"
    assert target.read_bytes() == LEARNER.read_bytes()


UNCLOSED = "x = 1\n### BEGIN SOLUTION\ny = 2"
MARKER_MISTAKES = [
    (UNCLOSED, "Zelle 2 (Code, id „zelle-2“), Zeile 2 der Zelle: „### BEGIN SOLUTION“ wird nicht mit "
               "„### END SOLUTION“ geschlossen."),
    ("### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n### END SOLUTION",
     "Zelle 2 (Code, id „zelle-2“), Zeile 2 der Zelle: „### BEGIN HIDDEN TESTS“ steht im noch offenen Block "
     "„### BEGIN SOLUTION“ aus Zeile 1 (verschachtelt)."),
    ("y = 2\n### END SOLUTION", "Zelle 2 (Code, id „zelle-2“), Zeile 2 der Zelle: „### END SOLUTION“ ohne "
                                "vorheriges „### BEGIN SOLUTION“."),
    ("### BEGIN SOLUTION\ny = 2\n### END HIDDEN TESTS",
     "Zelle 2 (Code, id „zelle-2“), Zeile 3 der Zelle: „### END HIDDEN TESTS“ ohne vorheriges "
     "„### BEGIN HIDDEN TESTS“."),
    ("y = 2", "Das Lösungsnotebook enthält keine Lücke."),
]


@pytest.mark.parametrize(("source", "message"), MARKER_MISTAKES)
def test_cli_names_file_and_cell_of_unbalanced_markers(tmp_path, capsys, source, message):
    stage = _stage(tmp_path, source)
    assert main(["exercises", str(stage)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Fehler: Datei „{stage / exercises.SOLUTION_NOTEBOOK}“: ")
    assert f"{message}\nSo beheben Sie es: " in err
    assert not (stage / exercises.LEARNER_NOTEBOOK).exists()


def test_cli_marker_error_exits_2_without_traceback(tmp_path):
    stage = _stage(tmp_path, UNCLOSED)
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "exercises", str(stage)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"Datei „{stage / exercises.SOLUTION_NOTEBOOK}“: Zelle 2 (Code" in done.stderr


# --- running the notebooks (one kernel each) ----------------------------------------------------------------

def _printed(cell) -> list[str]:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").splitlines()


@pytest.mark.slow
def test_solution_runs_under_papermill_and_passes_every_check(tmp_path):
    done = papermill.execute_notebook(SOLUTION, tmp_path / "loesung.ipynb", cwd=SAMPLE, progress_bar=False)
    checks = [cell for cell in done.cells if cell.cell_type == "code" and "pruefe(" in cell.source]
    assert [line for cell in checks for line in _printed(cell)] == [
        "Richtig! Aufgabe S-1 ist gelöst.", "Richtig! Aufgabe S-4 ist gelöst.",
        "Richtig! Aufgabe S-2 ist gelöst.", "Richtig! Aufgabe S-3 ist gelöst."]
    assert all({o.output_type for o in cell.outputs} == {"stream"} for cell in checks)  # printed once, not echoed
    assert done.cells[-1].id == "alle-geloest" and done.cells[-1].execution_count is not None


@pytest.mark.slow
def test_learner_notebook_stops_at_its_first_gap_under_papermill(tmp_path):
    out = tmp_path / "aufgaben.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(LEARNER, out, cwd=SAMPLE, progress_bar=False)
    assert error.value.ename == "NotImplementedError"
    assert "Aufgabe noch nicht gelöst" in error.value.evalue
    cells = nbformat.read(out, as_version=4).cells
    failed = [c.id for c in cells if any(o.output_type == "error" for o in c.get("outputs", []))]
    assert failed == ["loesung-1"]
    after = cells[[c.get("id") for c in cells].index("loesung-1") + 1:]
    assert all(c.get("execution_count") is None for c in after if c.cell_type == "code")


@pytest.mark.slow
def test_every_gap_fails_in_isolation_and_nothing_else_fails():
    runs = exercises.run_gaps(SAMPLE)
    assert [(r.index, r.gap) for r in runs if r.error] == [(r.index, r.gap) for r in runs if r.gap]
    assert [(r.index, r.gap) for r in runs if r.gap] == [(4, 1), (7, 1), (7, 2), (10, 1)]
    assert {r.error for r in runs if r.gap} == {"NotImplementedError"}
    printed = [line for r in runs for line in r.output.splitlines()]
    assert printed == ["Richtig! Aufgabe S-1 ist gelöst.", "Richtig! Aufgabe S-4 ist gelöst.",
                       "Richtig! Aufgabe S-2 ist gelöst.", "Richtig! Aufgabe S-3 ist gelöst."]
