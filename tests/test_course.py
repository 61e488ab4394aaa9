"""The course runner: parameters, placement of outputs, parallel kernels, failures by name and cell."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit import course, konzept
from toolkit.errors import UserError

NOTEBOOKS = Path(__file__).parent / "notebooks"


def _outputs(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _ikpe(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *map(str, args)], capture_output=True, text=True)


@pytest.fixture
def data_dirs(tmp_path) -> list[Path]:
    dirs = [tmp_path / "nordkreis", tmp_path / "suedkreis"]
    for n, d in enumerate(dirs, start=1):
        d.mkdir()
        for i in range(n):
            (d / f"tabelle{i}.csv").write_text("a;b\n")
    return dirs


def test_course_notebooks_are_the_numbered_ones_in_order(tmp_path):
    for name in ["02_netzwerk.ipynb", "01_datenanalyse.ipynb", "entwurf.ipynb", "1_alt.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in course.course_notebooks(tmp_path)] == ["01_datenanalyse.ipynb", "02_netzwerk.ipynb"]


def test_parameters_are_kept_as_text_until_a_notebook_says_their_type():
    assert course.parse_parameters(["jahr=2023", "kreis=16063", 'ort="Bad Salzungen"', "leer="]) == {
        "jahr": "2023", "kreis": "16063", "ort": '"Bad Salzungen"', "leer": ""}


@pytest.mark.parametrize("item", ["jahr", "2jahr=5", "=5"])
def test_a_parameter_without_name_and_value_is_a_user_error(item):
    with pytest.raises(UserError) as error:
        course.parse_parameters([item])
    assert error.value.message == f"Parameter „{item}“ hat nicht die Form NAME=WERT."


def _parameters_cell(tmp_path, source: str) -> Path:
    notebook = tmp_path / "parameter.ipynb"
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})
    nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata=nbformat.read(
        NOTEBOOKS / "kurz.ipynb", as_version=4).metadata), notebook)
    return notebook


def test_each_value_takes_the_type_of_the_notebooks_own_default(tmp_path):
    notebook = _parameters_cell(tmp_path, 'district_code = "16099"\nreference_year = 2024\nshare = 0.5\n'
                                          'karte = True\ncodes = ["16"]\ntyped: int = 3\n')
    declared = {notebook: course.notebook_parameters(notebook)}
    given = {"district_code": "01001", "reference_year": "2023", "share": "0,25", "karte": "nein",
             "codes": "16063", "typed": "7"}
    assert course.notebook_arguments(declared, given)[notebook] == {
        "district_code": "01001", "reference_year": 2023, "share": 0.25, "karte": False, "codes": 16063, "typed": 7}
    numbers = {"district_code": 16063, "reference_year": 2023, 'share': 1}
    assert course.notebook_arguments(declared, numbers)[notebook] == {
        "district_code": "16063", "reference_year": 2023, "share": 1.0}
    assert course.notebook_arguments(declared, {"district_code": '"16063"'})[notebook] == {"district_code": "16063"}


@pytest.mark.parametrize("name, value, expected", [
    ("reference_year", "2023,5", "erwartet wird eine ganze Zahl, nicht „2023,5“."),
    ("reference_year", 2023.5, "erwartet wird eine ganze Zahl, nicht „2023.5“."),
    ("share", "viel", "erwartet wird eine Zahl, nicht „viel“."),
    ("karte", "vielleicht", "erwartet wird True oder False, nicht „vielleicht“."),
])
def test_a_value_that_does_not_fit_names_parameter_and_notebook(tmp_path, name, value, expected):
    notebook = _parameters_cell(tmp_path, "reference_year = 2024\nshare = 0.5\nkarte = True\n")
    with pytest.raises(UserError) as error:
        course.notebook_arguments({notebook: course.notebook_parameters(notebook)}, {name: value})
    assert error.value.message == f"Parameter „{name}“ des Notebooks „parameter.ipynb“: {expected}"
    assert f"-p {name}=" in error.value.hint


def test_each_notebook_gets_only_its_own_parameters_and_an_unknown_name_lists_the_valid_ones():
    declared = {nb: course.notebook_parameters(nb) for nb in course.course_notebooks()}
    given = course.notebook_arguments(declared, {"district_code": "16063", "reference_year": "2022"})
    assert {nb.name: args for nb, args in given.items()} == {
        "01_datenanalyse.ipynb": {"district_code": "16063", "reference_year": 2022},
        "02_bestandsanalyse.ipynb": {"district_code": "16063", "reference_year": 2022},
        "03_zielfindung.ipynb": {"district_code": "16063", "reference_year": 2022},
        "04_massnahmenplanung.ipynb": {"district_code": "16063"}, "05_monitoring.ipynb": {"district_code": "16063"}}
    with pytest.raises(UserError) as error:
        course.notebook_arguments(declared, {"kreis": "16063", "district_code": "16063"})
    assert error.value.message == "Kein Notebook hat den Parameter „kreis“."
    assert error.value.hint.startswith("Möglich sind: boundaries, comparison_region, data_dir, disclosure_threshold,")


@pytest.mark.slow
def test_two_notebooks_on_two_data_dirs_run_in_parallel_and_land_per_data_dir(tmp_path, data_dirs):
    out = tmp_path / "build"
    here = Path.cwd()
    failures = course.run_notebooks([NOTEBOOKS / "bericht.ipynb", NOTEBOOKS / "kurz.ipynb"], data_dirs, out,
                                    parameters={"jahr": 2023})
    assert failures == []
    assert Path.cwd() == here      # overlapping papermill runs (cwd=) leave this process where it was
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")) == [
        "nordkreis/bericht.ipynb", "nordkreis/kurz.ipynb", "suedkreis/bericht.ipynb", "suedkreis/kurz.ipynb"]
    assert "Dateien im Datenordner nordkreis: 1" in _outputs(out / "nordkreis" / "kurz.ipynb")
    assert "Dateien im Datenordner suedkreis: 2" in _outputs(out / "suedkreis" / "kurz.ipynb")
    assert "Datenordner: suedkreis, Jahr: 2023" in _outputs(out / "suedkreis" / "bericht.ipynb")
    spans = sorted((nb.metadata.papermill.start_time, nb.metadata.papermill.end_time)
                   for nb in (nbformat.read(p, as_version=4) for p in out.rglob("*.ipynb")))
    assert any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:])), "keine zwei Kernel gleichzeitig"


@pytest.mark.slow
def test_one_data_dir_writes_beside_and_keeps_parameter_tags(tmp_path, data_dirs):
    out = tmp_path / "build"
    assert course.run_notebooks([NOTEBOOKS / "kurz.ipynb"], data_dirs[:1], out) == []
    cells = nbformat.read(out / "kurz.ipynb", as_version=4).cells
    assert [c.metadata.get("tags") for c in cells[:2]] == [["parameters"], ["injected-parameters"]]
    assert f'data_dir = "{data_dirs[0]}"' in cells[1].source


@pytest.mark.slow
def test_cli_parameters_arrive_and_a_failure_is_named_by_cell_while_others_finish(tmp_path, data_dirs):
    out = tmp_path / "build"
    done = _ikpe("run", NOTEBOOKS / "fehler.ipynb", NOTEBOOKS / "bericht.ipynb", "--data", data_dirs[0],
                 "--out", out, "-p", "jahr=2031")
    assert done.returncode == 1
    assert ("Fehler: Notebook „fehler.ipynb“ (Daten: nordkreis) ist in Zelle 2 abgebrochen: "
            "ZeroDivisionError: division by zero") in done.stderr
    assert "1 von 2 Notebooks fehlerfrei gerechnet." in done.stderr
    assert "Traceback" not in done.stderr
    assert "Passed unknown parameter" not in done.stderr  # fehler.ipynb has no „jahr“ and does not get it
    assert "Datenordner: nordkreis, Jahr: 2031" in _outputs(out / "bericht.ipynb")


@pytest.mark.parametrize("args, message", [
    (["run", NOTEBOOKS / "fehlt.ipynb", "--data", "."], "fehlt.ipynb“: Notebook nicht gefunden."),
    (["run", NOTEBOOKS / "kurz.ipynb", "--data", "gibt-es-nicht"], "gibt-es-nicht“: Datenordner nicht gefunden."),
    (["run", NOTEBOOKS / "kurz.ipynb", "--data", ".", "-p", "jahr"], "Parameter „jahr“ hat nicht die Form"),
    (["run", NOTEBOOKS / "bericht.ipynb", "--data", ".", "-p", "jahr=zwei"],
     "Parameter „jahr“ des Notebooks „bericht.ipynb“: erwartet wird eine ganze Zahl, nicht „zwei“."),
    (["run", NOTEBOOKS / "kurz.ipynb", "--data", ".", "-p", "farbe=rot"],
     "Kein Notebook hat den Parameter „farbe“.\nSo beheben Sie es: Möglich sind: data_dir, jahr."),
])
def test_cli_user_errors_exit_2_without_traceback(tmp_path, args, message):
    done = _ikpe(*args, "--out", tmp_path / "build")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_dead_kernel_is_reported_and_the_run_goes_on(tmp_path, data_dirs):
    crash = tmp_path / "absturz.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os\nos._exit(1)")],
                                            metadata=nbformat.read(NOTEBOOKS / "kurz.ipynb", as_version=4).metadata),
                   crash)
    failures = course.run_notebooks([crash, NOTEBOOKS / "kurz.ipynb"], data_dirs[:1], tmp_path / "build")
    assert [str(f) for f in failures] == [
        "Notebook „absturz.ipynb“ (Daten: nordkreis) ist beim Ausführen abgebrochen: DeadKernelError: Kernel died"]
    assert "Dateien im Datenordner nordkreis: 1" in _outputs(tmp_path / "build" / "kurz.ipynb")


@pytest.mark.slow
def test_demo_runs_the_whole_course_and_writes_every_handout(tmp_path):
    """`make demo`: every course notebook on Musterland, a handout per notebook, the Maßnahmenkatalog in Word
    and HTML — and the committed demo data stay untouched."""
    import docx

    from toolkit.config import DEMO_DATA_DIR
    before = {p.name: p.stat().st_mtime_ns for p in DEMO_DATA_DIR.iterdir()}
    done = _ikpe("demo", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    handouts = tmp_path / "handouts"
    expected = {f"{nb.stem}.html" for nb in course.course_notebooks()}
    expected |= {"massnahmenkatalog_musterland.docx", "massnahmenkatalog_musterland.html"}
    expected |= {f"Integrationswegweiser_de-uk-ar.{suffix}" for suffix in konzept.formats()}
    expected |= {f"Umsetzungsbericht_Musterland_2026-06-30.{suffix}" for suffix in konzept.formats()}
    expected |= {"aenderungsprotokoll_musterland.html", "aenderungsprotokoll_musterland.docx"}
    assert {p.name for p in handouts.iterdir()} == expected
    assert all(f"Handout: {handouts / name}" in done.stdout for name in expected)
    catalogue = docx.Document(handouts / "massnahmenkatalog_musterland.docx")
    cells = (cell.text for table in catalogue.tables for row in table.rows for cell in row.cells)
    assert "Mietschulung" in "".join(cells)
    assert {p.name: p.stat().st_mtime_ns for p in DEMO_DATA_DIR.iterdir()} == before
    assert not re.search(r"WARNING|ERROR|Traceback", done.stderr)


@pytest.mark.slow
def test_planning_notebooks_on_an_own_folder_without_plan_make_one_and_say_so(tmp_path):
    """03 and 04 run side by side on a folder of tables without planung.xlsx: one empty plan, named in the
    output, and an empty plan reported as empty (not as „vollständig“)."""
    from toolkit import plan
    from toolkit.config import DEMO_DATA_DIR
    folder = tmp_path / "mein-kreis"
    folder.mkdir()
    for table in DEMO_DATA_DIR.iterdir():
        if table.name != "planung.xlsx":
            (folder / table.name).symlink_to(table)
    notebooks = [nb for nb in course.course_notebooks() if nb.name[:2] in ("03", "04")]
    assert course.run_notebooks(notebooks, [folder], tmp_path / "build", {"district_code": 16099}) == []
    made = plan.load_plan(folder / "planung.xlsx")
    assert len(made.handlungsfelder) == 9 and made.ziele.empty and made.massnahmen.empty
    texts = {nb.name: str([c.outputs for c in nbformat.read(tmp_path / "build" / nb.name, as_version=4).cells
                           if c.cell_type == "code"]) for nb in notebooks}
    assert sum("Der Werkzeugkasten hat eine leere angelegt" in text for text in texts.values()) == 1
    assert "Die Planungsmappe enthält noch keine Ziele. Tragen Sie" in texts["03_zielfindung.ipynb"]
    assert "Die Planungsmappe enthält noch keine Maßnahmen. Tragen Sie" in texts["04_massnahmenplanung.ipynb"]
    assert not any("vollständig" in text for text in texts.values())


def test_outputs_are_absolute_even_for_a_relative_out_folder(tmp_path, monkeypatch):
    """papermill's cwd= changes the process's directory while a kernel runs: with two kernels at once a
    relative output path would point into the other notebook's folder (README: --out build/mein-kreis)."""
    monkeypatch.chdir(tmp_path)
    names = ["kurz.ipynb", "bericht.ipynb"]
    jobs = course._jobs([NOTEBOOKS / name for name in names], [tmp_path], Path("build/mein-kreis"), {})
    assert [job.output for job in jobs] == [tmp_path / "build" / "mein-kreis" / name for name in names]


@pytest.mark.slow
def test_notebook_03_judges_target_dates_against_the_parameter_heute(tmp_path):
    """`-p heute=…` reaches the SMART check T of notebook 03 and the handout names the day; without it the demo is
    judged on its plan's Stand (tests/demo/test_plan.py)."""
    from toolkit.config import DEMO_DATA_DIR
    notebook = next(nb for nb in course.course_notebooks() if nb.name.startswith("03"))
    assert course.run_notebooks([notebook], [DEMO_DATA_DIR], tmp_path, {"heute": "30.06.2028"}) == []
    text = str([c.outputs for c in nbformat.read(tmp_path / notebook.name, as_version=4).cells
                if c.cell_type == "code"])
    assert "Stichtag der Prüfung „terminiert“: 30.06.2028" in text
    assert "liegt in der Vergangenheit (Stichtag der Prüfung: 30.06.2028)" in text


@pytest.mark.parametrize("text, row", [('{"cells": [\n  {"cell_type": "code",', 2), ("", 1), ("[]", None),
                                        ('{"cells": 5, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', None),
                                        ('{"cells": [], "nbformat": 99, "metadata": {}}', None), ("\x00\xff", None)])
def test_a_damaged_notebook_is_a_german_error_naming_it(tmp_path, text, row):
    notebook = tmp_path / "kaputt.ipynb"
    notebook.write_bytes(text.encode("latin-1"))
    for read in (course.read_notebook, course.notebook_parameters):
        with pytest.raises(UserError) as error:
            read(notebook)
        assert error.value.file == str(notebook) and error.value.row == row
        assert error.value.message.startswith("Die Datei ist kein lesbares Notebook")


def test_the_output_folder_is_checked_before_any_work(tmp_path):
    (tmp_path / "datei").write_text("x")
    assert course.writable_folder(tmp_path / "neu" / "ordner") == tmp_path / "neu" / "ordner"
    assert (tmp_path / "neu" / "ordner").is_dir() and list((tmp_path / "neu" / "ordner").iterdir()) == []
    for target in (tmp_path / "datei", tmp_path / "datei" / "unten"):
        with pytest.raises(UserError) as error:
            course.writable_folder(target)
        assert error.value.file == str(tmp_path / "datei")
        assert error.value.message == "Das ist eine Datei, kein Ordner; hierhin sollen die Ergebnisse."
    with pytest.raises(UserError) as error:
        course.writable_folder(Path("/sys/kernel/ikpe") if os.geteuid() == 0 else Path("/proc/ikpe"))
    assert error.value.message.startswith("In diesen Ordner lässt sich nichts schreiben")


@pytest.mark.slow
def test_a_data_problem_inside_a_notebook_is_reported_as_its_german_message(tmp_path, data_dirs):
    """A `UserError` ending a cell is the user's to fix: its message as the CLI prints it, marked as such (ikpe run
    exits 2 then), and the cell counted as the user counts it — also without a parameters cell."""
    from tests.conftest import USER_ERROR
    notebook = tmp_path / "datenfehler.ipynb"
    nbformat.write(nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS / "kurz.ipynb", as_version=4).metadata,
                                            cells=[nbformat.v4.new_code_cell("print('vorher')"),
                                                   nbformat.v4.new_code_cell(f"from toolkit.errors import UserError\n"
                                                                             f"{USER_ERROR}")]), notebook)
    failures = course.run_notebooks([notebook, NOTEBOOKS / "fehler.ipynb"], data_dirs[:1], tmp_path / "build")
    assert [(f.notebook.name, f.cell, f.user_error) for f in failures] == [
        ("datenfehler.ipynb", 2, True), ("fehler.ipynb", 2, False)]
    assert failures[0].error == ("Datei „daten/mein-kreis/x.csv“, Zeile 7, Spalte „Wert“: Die Spalte „Wert“ enthält "
                                 "„zwölf“ statt einer Zahl.\nSo beheben Sie es: Die Datei neu herunterladen.")
    assert failures[1].error == "ZeroDivisionError: division by zero"
