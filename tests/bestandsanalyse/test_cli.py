"""Stage 2 on the command line: `ikpe bestand luecken|netzwerk|integreat`, `ikpe wegweiser`, and `ikpe plan check`
with stage 2's findings and the gaps goals cite."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO_PLAN
from toolkit.cli import main
from toolkit.config import DEMO_DATA_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "integreat_locations.json"


@pytest.fixture
def workbook(tmp_path) -> Path:
    return Path(shutil.copy(DEMO_PLAN, tmp_path / "planung.xlsx"))


def test_luecken_prints_the_ranked_gaps_with_ids_and_the_rules(workbook, capsys):
    assert main(["bestand", "luecken", str(workbook), "--data", str(DEMO_DATA_DIR), "--kreis", "16099",
                 "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lückenmatrix: 360 Zellen") and "   1. L-HF" in out and "   4. " not in out
    assert "Erreichbar: in der Gemeinde, aufsuchend/mobil" in out


def test_netzwerk_prints_the_findings_and_refuses_a_threshold_that_is_no_share(workbook, capsys):
    assert main(["bestand", "netzwerk", str(workbook), "--schwelle", "0,8"]) == 0
    out = capsys.readouterr().out
    assert "- Arbeitskreis Sprache und Schule und Arbeitskreis Arbeit und Beruf teilen 8 von 10 Mitgliedern" in out
    assert main(["bestand", "netzwerk", str(workbook), "--schwelle", "zwei"]) == 2
    assert "„zwei“ ist keine Zahl" in capsys.readouterr().err


def test_integreat_adds_the_new_places_once(workbook, capsys):
    assert main(["bestand", "integreat", str(workbook), "--json", str(FIXTURE)]) == 0
    first = capsys.readouterr().out
    assert main(["bestand", "integreat", str(workbook), "--json", str(FIXTURE)]) == 0
    second = capsys.readouterr().out
    assert " neu im Blatt „Angebote“" in first and "0 neu im Blatt „Angebote“" in second


def test_wegweiser_writes_html_pdf_and_word_in_the_districts_languages(workbook, tmp_path, capsys):
    assert main(["wegweiser", "--plan", str(workbook), "--out", str(tmp_path / "out"), "--data", str(DEMO_DATA_DIR),
                 "--kreis", "16099"]) == 0
    written = [line for line in capsys.readouterr().out.splitlines() if line.startswith(str(tmp_path))]
    assert [Path(p).name for p in written] == [f"Integrationswegweiser_de-uk-ar.{s}" for s in ("html", "pdf", "docx")]
    assert main(["wegweiser", "--plan", str(workbook), "--out", str(tmp_path / "out"), "--sprachen", "xx"]) == 2


def test_plan_check_with_data_judges_cited_gaps_and_stage_2_sheets(workbook, capsys):
    import openpyxl
    book = openpyxl.load_workbook(workbook)
    offers = book["Angebote"]
    column = [c.value for c in offers[1]].index("Gemeinde (AGS)") + 1
    offers.cell(2, column, "1609901")                                          # seven digits
    goals = book["Ziele"]
    reason = [c.value for c in goals[1]].index("Bedarf/Begründung") + 1
    row = next(r for r in range(2, goals.max_row + 1) if "L-HF3-U6-Sued" in str(goals.cell(r, reason).value))
    goals.cell(row, reason, goals.cell(row, reason).value.replace("L-HF3-U6-Sued", "L-HF3-U6-Nirgendwo"))
    book.save(workbook)
    assert main(["plan", "check", str(workbook), "--data", str(DEMO_DATA_DIR), "--district", "16099"]) == 2
    out = capsys.readouterr().out
    assert f"Blatt „Ziele“, Zeile {row}, Spalte „Bedarf/Begründung“: SMART (relevant): Die Lücke " \
           "„L-HF3-U6-Nirgendwo“ gibt es in der Bestandsanalyse (Modul 2) nicht" in out
    assert "Blatt „Angebote“, Zeile 2, Spalte „Gemeinde (AGS)“" in out
