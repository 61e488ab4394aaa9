"""The exercises of every course stage (exercises/NN_<stage>/), proved alike on the demo district Musterland: one
parameters cell of literals, a learner notebook that keeps no solution and fails exactly at its gaps, and a
solution that passes every check on changed data given through its parameters. What each stage expects is data
(`STAGES`); the expected answers and feedback of each stage's checks are tested in tests/<stage>/test_exercises.py.
That the committed aufgaben.ipynb is the generated one is proved by tests/exercises/test_exercises.py.

The solution runs and the gap runs start a kernel each.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import papermill
import pytest

from tests.conftest import DEMO_PLAN
from toolkit import exercises, plan
from toolkit.config import DEMO_DATA_DIR, EXERCISES_DIR


def _row(table, ident: str) -> int:
    return table.index[table["ID"] == ident][0]


def _datenanalyse_data(folder: Path) -> dict:
    """The three tables of stage 1, Musterstadt with 28 610 inhabitants in 2024 instead of 25 478."""
    for code in ("12411-03-03-5", "12411-03-03-4", "12511-01-01-4"):
        shutil.copy(DEMO_DATA_DIR / f"{code}.csv", folder)
    gemeinden = folder / "12411-03-03-5.csv"
    line = "31.12.2024;16099015;        Musterstadt, Stadt;Insgesamt;25478;"
    text = gemeinden.read_text(encoding="cp1252")
    assert text.count(line) == 1
    gemeinden.write_text(text.replace(line, line.replace("25478", "28610")), encoding="cp1252", newline="")
    return {"data_dir": str(folder)}


def _bestandsanalyse_plan(folder: Path) -> dict:
    """Musterstadt's and Nord's women lose their language offers with childcare, the Musterfeld course opens to
    everyone and a third member joins both Arbeitskreise."""
    changed = plan.load_plan(DEMO_PLAN)
    offers = changed.angebote
    for ident in ("ANG09", "ANG17"):
        offers.loc[_row(offers, ident), "Kinderbetreuung"] = "nein"
    offers.loc[_row(offers, "ANG12"), "Zugang nach Aufenthaltsstatus"] = "offen für alle"
    members = changed.mitgliedschaften
    members.loc[members.index.max() + 1] = {"Gremium-ID": "GRE3", "Akteur-ID": "AKT07", "Rolle": "Mitglied"}
    return {"planung": str(plan.save_plan(changed, shutil.copy(DEMO_PLAN, folder / "eigene_planung.xlsx")))}


def _zielfindung_plan(folder: Path) -> dict:
    changed = plan.load_plan(DEMO_PLAN)
    changed.ziele.loc[_row(changed.ziele, "HZ4.1.2"), "Zielwert"] = 20
    changed.ziele.loc[_row(changed.ziele, "HZ6.1.2"), "Zielwert"] = 8             # Einbürgerungsquote 2,6 → 8 %
    return {"planung": str(plan.save_plan(changed, shutil.copy(DEMO_PLAN, folder / "eigene_planung.xlsx")))}


def _massnahmenplanung_plan(folder: Path) -> dict:
    changed = plan.load_plan(DEMO_PLAN)
    changed.massnahmen.loc[_row(changed.massnahmen, "HF5-M1"), "Sachkosten (€)"] = 180000  # twice the Dolmetscherpool
    return {"planung": str(plan.save_plan(changed, shutil.copy(DEMO_PLAN, folder / "eigene_planung.xlsx")))}


_ALQ_TEXT = "Bis zum 31.12.2027 sinkt die Arbeitslosenquote der Ausländer*innen von 23,9 % (2024) auf {} %."


def _monitoring_plan(folder: Path) -> dict:
    """The goal at risk (HZ4.2.1, ELB-Quote 51,5 % in 2024) aims at 44 % instead of 45 % by the end of 2028, and the
    goal of the Kreistag's decision (HZ4.1.2) at 6 % instead of 5 %."""
    changed = plan.load_plan(DEMO_PLAN)
    changed.ziele.loc[_row(changed.ziele, "HZ4.2.1"), "Zielwert"] = 44
    changed.ziele.loc[_row(changed.ziele, "HZ4.1.2"), "Zielwert"] = 6
    return {"planung": str(plan.save_plan(changed, shutil.copy(DEMO_PLAN, folder / "eigene_planung.xlsx")))}


def _given_plan_keeps_its_version(parameters: dict) -> None:
    """The solution's Sachstand, Fortschreibung and Beschluss change its own copy, not the plan it was given (no
    archive beside it either)."""
    given = Path(parameters["planung"])
    assert [p.name for p in given.parent.glob("*Fassung*")] == []
    kept = plan.load_plan(given)
    assert kept.ziele.loc[_row(kept.ziele, "HZ4.1.2"), "Zielwert"] == 6
    assert kept.fassung.equals(plan.load_plan(DEMO_PLAN).fassung)
    assert len(kept.sachstand) == len(plan.load_plan(DEMO_PLAN).sachstand)


def _given_plan_keeps_the_end_of_hf5_m3(parameters: dict) -> None:
    """The solution fixes HF5-M3's end in its own copy, not in the plan it was given."""
    given = plan.load_plan(parameters["planung"]).massnahmen
    assert given.loc[_row(given, "HF5-M3"), "Ende"] == dt.date(2026, 6, 30)


@dataclass(frozen=True)
class Stage:
    folder: str                                 #: exercises/<folder>
    gap_cells: list[tuple[str, int]]            #: (cell id, gap number) of every gap in the learner notebook
    leaks: tuple[str, ...]                      #: solution code the learner notebook must not contain
    tasks: int                                  #: exercises NN-1 … NN-<tasks>
    given: Callable[[Path], dict]               #: writes changed input into a folder, returns the parameters
    printed: dict[str, str]                     #: what solution cells print on that input, exactly …
    printed_start: dict[str, str] = field(default_factory=dict)   #: … or at the start
    after: Callable[[dict], None] | None = None                   #: a check of the given input after the run

    @property
    def path(self) -> Path:
        return EXERCISES_DIR / self.folder

    @property
    def all_right(self) -> list[str]:
        return [f"Richtig! Aufgabe {self.folder[:2]}-{n} ist gelöst." for n in range(1, self.tasks + 1)]


STAGES = [
    Stage("01_datenanalyse",
          gap_cells=[("loesung-1", 1), ("loesung-1", 2), ("loesung-2", 1), ("loesung-2", 2), ("loesung-4", 1),
                     ("loesung-5", 1), ("loesung-5", 2), ("loesung-6", 1), ("loesung-6", 2), ("loesung-7", 1),
                     ("loesung-8", 1), ("loesung-9", 1), ("loesung-9", 2)],
          leaks=("Kleinmustern", "geheim oder unbekannt", "idxmax", "zahlen.sum", "teile.sum", "klein < 3", "offen()"),
          tasks=9, given=_datenanalyse_data,
          printed={"loesung-1": "Ausländeranteil in Musterstadt: 10,0\u00a0%\n"}),      # 2 861 of 28 610
    Stage("02_bestandsanalyse",
          gap_cells=[("loesung-1", 1), ("loesung-1", 2), ("loesung-2", 1), ("loesung-3", 1), ("loesung-3", 2),
                     ("loesung-5", 1)],
          leaks=('["offers"] == 0', "idxmax", "accessible(angebot", "mitglieder[a] & mitglieder[b]", "max(anteil",
                 '"Zielgruppe(n)": "Frauen', "01.06.2026", "offen()"),
          tasks=5, given=_bestandsanalyse_plan,
          # no language offer with childcare left for Musterstadt's 1 463 women; ANG12 open; GRE2/GRE3 share 9 of 10
          printed={"loesung-1": "L-HF3-F-Musterstadt – Im Sozialraum Musterstadt kein Angebot im Handlungsfeld "
                                "„Spracherwerb und Bildung“ mit Kinderbetreuung für „Frauen“ erreichbar; 1.463 "
                                "ausländische Frauen.\n",
                   "loesung-2": "Ja: ein Angebot „offen für alle“ steht Menschen mit Duldung offen.\n",
                   "loesung-3": "Arbeitskreis Sprache und Schule und Arbeitskreis Arbeit und Beruf – 90,0\u00a0% "
                                "gemeinsame Mitglieder\n",
                   "befunde-5": ""}),
    Stage("03_zielfindung",
          gap_cells=[("loesung-1", 1), ("loesung-2", 1), ("loesung-2", 2), ("loesung-3", 1)],
          leaks=("round(reihe", '"noetig"] =', "abs() >", "begegnung_teilnehmende\",", "800", "offen()"),
          tasks=3, given=_zielfindung_plan,
          printed={"loesung-1": "Basiswert 2024: 7,1\u00a0%\n"},
          printed_start={"vergleich-2": "HZ6.1.2 – Das Ziel verlangt +1,4 Prozentpunkte je Jahr"}),
    Stage("04_massnahmenplanung",
          gap_cells=[("loesung-1", 1), ("loesung-1", 2), ("loesung-2", 1), ("loesung-3", 1), ("loesung-3", 2)],
          leaks=("HZ8.1.2", "2027, 6, 30", "= 5000", 'loc["Land/ThILIK"', "idxmax()", "offen()"),
          tasks=4, given=_massnahmenplanung_plan,
          # Land/ThILIK 2027 of the demo (66 073 €) and the doubled Dolmetscherpool's 90 000 € × 365/1096
          printed={"loesung-3": "Land/ThILIK 2027: 96.046 € – größte Quelle: Land/ThILIK\n",
                   "speichern-2": "Keine Fehler mehr.\n"},
          after=_given_plan_keeps_the_end_of_hf5_m3),
    Stage("05_monitoring",
          gap_cells=[("loesung-1", 1), ("loesung-1", 2), ("loesung-2", 1), ("loesung-3", 1), ("loesung-3", 2),
                     ("aendern-5", 1), ("loesung-5", 1)],
          leaks=("meldung.row", "HF7-M2", '== "gefährdet"', 'ziel["Sollwert"]', "list(BESCHLUSS.values())",
                 "itertuples", "offen()"),
          tasks=5, given=_monitoring_plan,
          # HZ4.2.1: 50,45 % in 2025 against 51,5 − 7,5 / 4 = 49,625 % on the path to 44 %: 1,045 / 1,875 = 55,7 %;
          # the protocol entry of HZ4.1.2 then reads „6“ → „20“
          printed={"loesung-1": "Zeile 9: gemeint war HF7-M2\n",
                   "einlesen-2": "Zweites Einlesen – neu: 1, schon vorhanden: 3, Meldungen: 0\n",
                   "loesung-3": "HZ4.2.1: 55,7\u00a0% des bis 2025 geplanten Fortschritts\n",
                   "loesung-5": f"geändert | Ziele | HZ4.1.2 | Zieltext | {_ALQ_TEXT.format(5)} | "
                                f"{_ALQ_TEXT.format(20)}\ngeändert | Ziele | HZ4.1.2 | Zielwert | 6 | 20\n"},
          after=_given_plan_keeps_its_version),
]
by_folder = pytest.mark.parametrize("stage", STAGES, ids=[s.folder for s in STAGES])


@by_folder
def test_parameters_are_literals_and_the_learner_notebook_keeps_no_solution(stage):
    """One parameters cell of literals; the learner's code has gaps exactly in the gap cells and no leak."""
    solution, learner = (json.loads((stage.path / name).read_text(encoding="utf-8"))
                         for name in (exercises.SOLUTION_NOTEBOOK, exercises.LEARNER_NOTEBOOK))
    parameters = [c for c in solution["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in parameters] == ["parameter"]
    assignment = ast.parse("".join(parameters[0]["source"])).body
    assert assignment and {type(node.value) for node in assignment} == {ast.Constant}
    code = {c["id"]: "".join(c["source"]) for c in learner["cells"] if c["cell_type"] == "code"}
    assert [i for i, text in code.items() if "NotImplementedError" in text] == list(dict.fromkeys(
        cell for cell, _ in stage.gap_cells))
    assert [leak for leak in stage.leaks if leak in "".join(code.values())] == []


# --- running the notebooks (one kernel each) ----------------------------------------------------------------

@pytest.mark.slow
@by_folder
def test_solution_passes_every_check_on_the_data_given_as_parameter(stage, tmp_path):
    parameters = stage.given(tmp_path)
    done = papermill.execute_notebook(stage.path / exercises.SOLUTION_NOTEBOOK, tmp_path / exercises.SOLUTION_NOTEBOOK,
                                      parameters=parameters, cwd=stage.path, progress_bar=False)
    assert done.cells[-1].id == "alle-geloest" and done.cells[-1].execution_count is not None
    printed = {cell.id: "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
               for cell in done.cells if cell.cell_type == "code"}
    for cell, text in stage.printed.items():
        assert printed[cell] == text
    for cell, start in stage.printed_start.items():
        assert printed[cell].startswith(start)
    assert [line for i, text in printed.items() if i.startswith("pruefe-") for line in text.splitlines()] == \
        stage.all_right
    if stage.after:
        stage.after(parameters)


@pytest.mark.slow
@by_folder
def test_every_gap_fails_exactly_at_its_gap_and_every_check_passes_once_filled(stage):
    """Every gap of the learner notebook fails alone (cell id, gap number), nothing else fails, and every check
    prints „Richtig!“ once the gaps are filled."""
    learner = json.loads((stage.path / exercises.LEARNER_NOTEBOOK).read_text(encoding="utf-8"))
    learner_ids = [cell["id"] for cell in learner["cells"]]
    runs = exercises.run_gaps(stage.path)
    assert [(learner_ids[r.index], r.gap) for r in runs if r.error] == stage.gap_cells
    assert all(r.gap for r in runs if r.error) and all(r.error for r in runs if r.gap)
    assert {r.error for r in runs if r.gap} == {"NotImplementedError"}
    assert [line for r in runs for line in r.output.splitlines() if line.startswith("Richtig")] == stage.all_right
