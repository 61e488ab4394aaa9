"""Module 3 app and the shared plan form: fields built from plan.SHEETS, SMART feedback on every change,
saving that replaces only the edited row (changes made meanwhile on disk survive, a row changed on disk is
not overwritten), deletion with confirmation, German errors, the working copy of the demo plan. The notebook
under Voila in Chromium: tests/browser/test_zielfindung.py."""
from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from tests.conftest import DEMO_PLAN, choose, digest, row_of
from toolkit import fmt, plan, show, workspace, zielfindung
from toolkit.apps import form
from toolkit.config import DEMO_DATA_DIR, PROJECT_ROOT
from toolkit.errors import UserError
from toolkit.zielfindung import app as goals_app
from toolkit.zielfindung import views


@pytest.fixture
def app(workbook, voila) -> form.Editor:
    return goals_app.form(zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024, workbook))


# --- the form ------------------------------------------------------------------------------------

def test_fields_follow_the_sheet_with_lists_from_the_workbook(app):
    assert list(app.fields) == plan.SHEETS["ziele"].headers
    choose(app, "HZ3.1.1")
    hf = [label for label, _ in app.fields["Handlungsfeld"].options]
    assert hf[0] == "" and hf[1:] == list(plan.load_plan(app.path).handlungsfelder["Handlungsfeld"])
    assert any(label.startswith("MZ3.1 – Kinder aus zugewanderten Familien") for label,
               _ in app.fields["Übergeordnetes Ziel"].options)
    assert app.fields["Übergeordnetes Ziel"].value == "MZ3.1"
    assert app.fields["Zieldatum"].value == "01.03.2029" and app.fields["Basiswert"].value == "86,2"
    assert app.fields["Basisjahr"].value == "2024"
    assert "auslaenderanteil – Ausländeranteil" in [label for label, _ in app.fields["Indikator"].options]


def test_smart_feedback_changes_with_the_form_and_save_replaces_only_that_row(app, workbook):
    before = plan.load_plan(workbook)
    row = choose(app, "HZ6.2.1")
    assert "✗ <b>spezifisch</b>: Die Zielgruppe fehlt" in app.feedback.value
    app.fields["Zielgruppe"].value = "neu zugewanderte Frauen"
    assert "Die Zielgruppe fehlt" not in app.feedback.value
    app.fields["Indikator"].value = "auslaenderanteil"
    assert ("<i>Aus den Daten:</i> Basiswert 6,2\u00a0% (2024) aus „Ausländeranteil“ – noch nicht in der Mappe: "
            "übernehmen Sie ihn in „Basiswert“ und „Basisjahr“, wenn er passt.") in app.feedback.value
    assert "aus „Ausländeranteil“ eingetragen" not in app.feedback.value and app.fields["Basiswert"].value == ""
    app.fields["Basisjahr"].value = "abc"
    assert "„abc“ ist keine ganze Zahl von 1990 bis 2100." in app.check.value
    app.fields["Basisjahr"].value, app.fields["Basiswert"].value = "2024", "1.234,5"
    app.fields["Zielwert"].value, app.fields["Zieldatum"].value = "0,5", "30.06.2029"
    assert "Keine Fehler in diesem Eintrag" in app.check.value
    app.save_button.click()
    assert app.message.value.count("Gespeichert: „HZ6.2.1“") == 1 and str(workbook) in app.message.value
    after = plan.load_plan(workbook)
    changed = ["Zielgruppe", "Indikator", "Basisjahr", "Basiswert", "Zielwert", "Zieldatum"]
    assert after.ziele.loc[row, changed].tolist() == \
        ["neu zugewanderte Frauen", "auslaenderanteil", 2024, 1234.5, 0.5, dt.date(2029, 6, 30)]
    pd.testing.assert_frame_equal(after.ziele.drop(index=row), before.ziele.drop(index=row))
    pd.testing.assert_frame_equal(after.massnahmen, before.massnahmen)
    assert plan.load_plan(plan.backup_path(workbook)).ziele.loc[row, "Zielgruppe"] is None
    assert app.chooser.value == row and app.fields["Basiswert"].value == "1.234,5"


def test_saving_an_untouched_row_changes_no_cell(app, workbook, tmp_path):
    broken = plan.load_plan(workbook)
    broken.ziele.loc[broken.ziele.index[0], ["Handlungsfeld", "Basisjahr", "Basiswert"]] = ["Wohnen", "2024", "ca. 5"]
    broken.ziele["Eigene Spalte"] = "bleibt"
    plan.save_plan(broken, workbook)
    app.reload_button.click()
    choose(app, "LZ1")
    assert app.fields["Handlungsfeld"].options[-1] == ("Wohnen (nicht in der Liste)", "Wohnen")
    assert app.fields["Basiswert"].value == "ca. 5" and app.fields["Basisjahr"].value == "2024"
    assert "„Wohnen“ steht nicht im Blatt „Handlungsfelder“." in app.check.value
    before = plan.load_plan(workbook)
    app.save_button.click()
    after = plan.load_plan(workbook)
    for key in plan.SHEETS:
        pd.testing.assert_frame_equal(getattr(after, key), getattr(before, key))


def test_changes_made_meanwhile_on_disk_survive_and_a_changed_row_is_not_overwritten(app, workbook):
    choose(app, "HZ6.2.1")
    app.fields["Zielgruppe"].value = "Neuzugewanderte"
    excel = plan.load_plan(workbook)                     # meanwhile in Excel: another goal changes
    other = excel.ziele.index[excel.ziele["ID"] == "HZ1.1.1"][0]
    excel.ziele.loc[other, "Zielwert"] = 30
    plan.save_plan(excel, workbook)
    app.save_button.click()
    assert row_of(workbook, "HZ6.2.1")["Zielgruppe"] == "Neuzugewanderte"
    assert row_of(workbook, "HZ1.1.1")["Zielwert"] == 30

    excel = plan.load_plan(workbook)                     # a row above is deleted in Excel: the goal moves up
    plan.save_plan(plan.Plan(**{**vars(excel), "ziele": excel.ziele.drop(index=2)}), workbook)
    app.fields["Zielgruppe"].value = "Neuzugewanderte Frauen"
    app.save_button.click()
    assert row_of(workbook, "HZ6.2.1")["Zielgruppe"] == "Neuzugewanderte Frauen" and "LZ1" not in \
        set(plan.load_plan(workbook).ziele["ID"])

    excel = plan.load_plan(workbook)                     # now the same goal is changed in Excel
    excel.ziele.loc[excel.ziele["ID"] == "HZ6.2.1", "Zieltext"] = "In Excel geändert"
    plan.save_plan(excel, workbook)
    app.fields["Zielgruppe"].value = "aus der App"
    app.save_button.click()
    assert form.CHANGED_ON_DISK in app.message.value and "„Neu laden“" in app.message.value
    assert row_of(workbook, "HZ6.2.1")[["Zieltext", "Zielgruppe"]].tolist() == \
        ["In Excel geändert", "Neuzugewanderte Frauen"]
    app.reload_button.click()
    assert app.fields["Zieltext"].value == "In Excel geändert" and "Neu geladen" in app.message.value


def test_a_new_goal_needs_a_free_id_and_is_appended(app, workbook):
    count = len(plan.load_plan(workbook).ziele)
    app.chooser.value = form.NEW
    assert app.fields["ID"].value == "" and "Die ID fehlt." in app.check.value
    app.save_button.click()
    assert "Bitte tragen Sie eine ID ein" in app.message.value
    app.fields["ID"].value, app.fields["Ebene"].value = "HZ6.2.1", "Handlungsziel"
    app.fields["Übergeordnetes Ziel"].value = "MZ6.2"
    app.fields["Handlungsfeld"].value = "Soziale Integration und Teilhabe"
    app.fields["Zieltext"].value = "Bis 2028 besuchen 300 Zugewanderte ein Sprachcafé."
    app.save_button.click()
    assert "Die ID „HZ6.2.1“ steht schon in Zeile 33; wählen Sie eine andere." in app.message.value
    assert len(plan.load_plan(workbook).ziele) == count
    app.fields["ID"].value = "HZ6.2.2"
    app.save_button.click()
    saved = plan.load_plan(workbook).ziele
    assert len(saved) == count + 1 and saved.iloc[-1][["ID", "Übergeordnetes Ziel"]].tolist() == ["HZ6.2.2", "MZ6.2"]
    assert app.chooser.value == saved.index[-1]


def test_a_new_goal_gets_its_id_proposed_until_the_learner_types_one(app):
    app.chooser.value = form.NEW
    app.fields["Ebene"].value, app.fields["Übergeordnetes Ziel"].value = "Handlungsziel", "MZ6.2"
    assert app.fields["ID"].value == "HZ6.2.2"                      # HZ6.2.1 exists
    app.fields["Übergeordnetes Ziel"].value = "MZ3.1"
    assert app.fields["ID"].value == "HZ3.1.3"
    app.fields["ID"].value = "Sprachcafé-Ziel"
    app.fields["Übergeordnetes Ziel"].value = "MZ6.2"
    assert app.fields["ID"].value == "Sprachcafé-Ziel"


def test_delete_asks_first(app, workbook):
    choose(app, "HZ6.2.1")
    app.delete_button.click()
    assert app.confirm.layout.display is None
    assert "„HZ6.2.1“ wirklich aus der Planungsmappe löschen?" in app.question.value
    app.cancel_button.click()
    assert app.confirm.layout.display == "none" and "HZ6.2.1" in set(plan.load_plan(workbook).ziele["ID"])
    app.delete_button.click()
    app.yes_button.click()
    assert "HZ6.2.1" not in set(plan.load_plan(workbook).ziele["ID"]) and "Gelöscht: „HZ6.2.1“" in app.message.value
    assert app.chooser.value == form.NEW


def test_problems_show_as_german_sentences(app, workbook, monkeypatch):
    choose(app, "HZ6.2.1")
    workbook.unlink()
    app.save_button.click()
    assert "Die Datei gibt es nicht." in app.message.value
    monkeypatch.setattr(zielfindung.app, "smart", lambda *args, **kwargs: 1 / 0)
    app.fields["Zielgruppe"].value = "Familien"
    assert form.FAILED in app.message.value and "ZeroDivision" not in app.message.value + app.feedback.value


@pytest.mark.parametrize("text, number", [("1.500", 1500), ("12,5", 12.5), ("1.234,56", 1234.56), ("0.5", 0.5),
                                          ("2024", 2024), ("15 000 €", 15000), ("-3", -3), ("ca. 5", None),
                                          ("1,2,3", None), ("__import__('os')", None)])
def test_numbers_are_read_the_german_way_and_never_evaluated(text, number):
    assert fmt.parse_number(text) == number


# --- where the app writes ------------------------------------------------------------------------

def test_the_demo_plan_is_edited_in_a_working_copy(voila, tmp_path):
    original = digest(DEMO_PLAN)
    stage = zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024)
    copy = tmp_path / "arbeit" / "16099" / "planung.xlsx"
    assert stage.workbook.path == copy and digest(copy) == original
    editor = goals_app.form(stage)
    assert str(copy) in voila[0].data and "planung.bak.xlsx" in voila[0].data
    choose(editor, "HZ6.2.1")
    editor.fields["Zielgruppe"].value = "Familien"
    editor.save_button.click()
    assert digest(DEMO_PLAN) == original and row_of(copy, "HZ6.2.1")["Zielgruppe"] == "Familien"
    assert zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024).workbook.path == copy  # made once, never overwritten
    assert row_of(copy, "HZ6.2.1")["Zielgruppe"] == "Familien"


def test_a_plan_outside_datasets_is_edited_in_place_and_a_missing_one_is_named(workbook, voila, monkeypatch, tmp_path):
    assert workspace.working_copy(workbook, "16099") == workbook.resolve()
    with pytest.raises(UserError) as error:
        workspace.working_copy(PROJECT_ROOT / "datasets" / "fehlt" / "planung.xlsx", "16099")
    assert error.value.message == "Die Planungsmappe gibt es nicht." and "ikpe plan new" in error.value.hint
    (tmp_path / "leer").mkdir()
    with pytest.raises(UserError) as error:   # under Voila the kernel's UserError handler puts it on the page
        workspace.prepare(tmp_path / "leer", "16099", tmp_path / "leer" / "meine-planung.xlsx")
    assert error.value.message == "Die Datei gibt es nicht."
    assert not (tmp_path / "leer" / "meine-planung.xlsx").exists()


@pytest.mark.parametrize("under_voila", [False, True])
def test_an_own_folder_without_plan_gets_an_empty_one_once_and_a_saved_plan_is_never_replaced(
        monkeypatch, tmp_path, under_voila, on_display):
    from toolkit import massnahmenplanung
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    if under_voila:
        monkeypatch.setenv("VOILA_SERVER_URL", "/")
    else:
        monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
        monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(lambda item: shown.append(item.data))
    folder = tmp_path / "mein-kreis"
    folder.mkdir()
    made = workspace.prepare(folder, 16099)
    assert made.created and made.path == folder / "planung.xlsx" and made.district_code == "16099"
    assert len(made.plan.handlungsfelder) == 9 and made.plan.ziele.empty and made.plan.massnahmen.empty
    assert shown == [workspace.created_note(made.path)]
    assert "Der Werkzeugkasten hat eine leere angelegt:** `" + str(made.path) + "` – mit den 9 Handlungsfeldern" \
        in shown[0]
    show.problems(massnahmenplanung.problems(made.plan))
    assert "noch keine Maßnahmen" in shown[1] and "vollständig" not in shown[1]
    again = workspace.prepare(folder, "16099")
    assert not again.created and len(shown) == 2
    shutil.copy(DEMO_PLAN, folder / "planung.xlsx")     # the learner's own plan, e.g. saved from Excel
    before = digest(folder / "planung.xlsx")
    assert not workspace.prepare(folder, "16099").created and digest(folder / "planung.xlsx") == before
    assert not workspace.create_missing(folder / "planung.xlsx") and digest(folder / "planung.xlsx") == before


def test_a_read_only_folder_without_plan_is_a_german_error(monkeypatch, tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    def read_only(*args):
        raise PermissionError(13, "Keine Berechtigung")
    monkeypatch.setattr(plan, "new_plan", read_only)
    with pytest.raises(UserError) as error:
        workspace.create_missing(folder / "planung.xlsx")
    assert error.value.message == ("Im Datenordner liegt keine Planungsmappe, und hier lässt sich keine anlegen "
                                   "(Keine Berechtigung).")
    assert "ikpe plan new" in error.value.hint and not (folder / "planung.xlsx").exists()


def test_outside_voila_the_report_is_static(monkeypatch, on_display):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(shown.append)
    stage = zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024)
    assert stage.workbook.path == DEMO_PLAN
    assert goals_app.form(stage) is None and shown == []
    lines, licence = zielfindung.sources(stage)
    assert lines[0].startswith("Planungsmappe planung.xlsx, Stand ") and "Tabelle 13211-02-05-4" in " ".join(lines)
    assert licence == "Datenlizenz Deutschland – Namensnennung – Version 2.0"


# --- nothing a user entered disappears from the handout ---------------------------------------------

def test_goals_without_valid_field_are_drawn_under_their_own_heading_and_named_by_the_check(monkeypatch, tmp_path,
                                                                                          capsys, on_display):
    """LZ2 (misspelt) takes its whole tree along, HZ5.1.1 (empty) hangs under MZ5.1: every goal stays in view."""
    from matplotlib.text import Text
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    p = plan.load_plan(DEMO_PLAN)
    rows = {i: r for r, i in p.ziele["ID"].items()}
    p.ziele.loc[rows["LZ2"], "Handlungsfeld"] = "Sprachförderung und Bildng"
    p.ziele.loc[rows["HZ5.1.1"], "Handlungsfeld"] = None
    path = plan.save_plan(p, tmp_path / "planung.xlsx")
    shown = []
    on_display(lambda item: shown.append(str(item.data)))
    monkeypatch.setattr(show, "figure", lambda fig, absent: shown.append(
        "\n".join(t.get_text() for t in fig.findobj(Text))))
    stage = zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024, path)
    views.show_trees(stage)
    trees = "\n".join(shown)
    assert [i for i in p.ziele["ID"] if f"{i}:" not in trees] == []
    assert f"### {zielfindung.NO_FIELD}" in shown
    shown.clear()
    views.show_smart(stage)
    hz = [i for i, e in zip(p.ziele["ID"], p.ziele["Ebene"]) if e == "Handlungsziel"]
    assert [i for i in hz if i not in shown[0]] == []
    found = {(q.sheet, q.row, q.column): q.message for q in plan.check_plan(stage.workbook.plan)}
    assert found[("Ziele", rows["LZ2"], "Handlungsfeld")] == \
        "„Sprachförderung und Bildng“ steht nicht im Blatt „Handlungsfelder“."
    assert found[("Ziele", rows["HZ5.1.1"], "Handlungsfeld")] == "Pflichtangabe fehlt."
    from toolkit.cli import main
    assert main(["plan", "check", str(path)]) == 2
    out = capsys.readouterr().out
    for ident in ("LZ2", "HZ5.1.1"):
        assert f"Fehler – Blatt „Ziele“, Zeile {rows[ident]}, Spalte „Handlungsfeld“" in out
