"""Module 4 app: the measures form shows the validation of `massnahmenplanung.problems` and the justification chain
of the edited measure at once, keeps what it cannot read, saves German numbers, dates and several goal ids;
the static report sections. The notebook under Voila in Chromium: tests/browser/test_massnahmenplanung.py."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_PLAN, choose
from toolkit import markup, massnahmenplanung, plan, show, workspace
from toolkit.apps import form
from toolkit.config import DEMO_DATA_DIR
from toolkit.massnahmenplanung import app as measures_app
from toolkit.massnahmenplanung import views

ENDS_EARLY = "Das Ende (30.06.2026) liegt vor dem Beginn (01.09.2026)."


@pytest.fixture
def app(workbook, monkeypatch, on_display) -> form.Editor:
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    on_display(lambda *args: None)
    return measures_app.form(workspace.prepare(DEMO_DATA_DIR, "16099", workbook))


def test_validation_and_justification_follow_the_form(app, workbook):
    row = choose(app, "HF5-M3")
    assert ENDS_EARLY in app.check.value
    assert "Begründung der gewählten Maßnahme HF5-M3 „Integrationswegweiser Musterland" in app.feedback.value
    assert app.fields["Ziel-ID(s)"].value == ("HZ5.1.2",) and app.fields["Sachkosten (€)"].value == "6.500"
    app.fields["Ende"].value = "31.12.2027"
    assert ENDS_EARLY not in app.check.value and "Keine Fehler in diesem Eintrag" in app.check.value
    app.fields["Ziel-ID(s)"].value = ("HZ5.1.1", "HZ5.1.2")
    assert "Handlungsziel HZ5.1.1" in app.feedback.value
    app.fields["Finanzierung"].value = None
    assert "Sachkosten ohne Finanzierung" in app.check.value    # a rule of massnahmenplanung.problems, not plan
    app.fields["Finanzierung"].value, app.fields["Sachkosten (€)"].value = "ESF", "7.250,50"
    app.save_button.click()
    saved = plan.load_plan(workbook).massnahmen.loc[row]
    assert [saved["Ende"], saved["Ziel-ID(s)"], saved["Sachkosten (€)"], saved["Finanzierung"], saved["Beginn"]] == \
        [dt.date(2027, 12, 31), "HZ5.1.1, HZ5.1.2", 7250.5, "ESF", dt.date(2026, 9, 1)]
    assert plan.load_plan(plan.backup_path(workbook)).massnahmen.loc[row, "Ende"] == dt.date(2026, 6, 30)


def test_what_the_form_cannot_read_is_kept_and_named(app, workbook):
    choose(app, "HF8-M2")
    assert ("HZ8.1.3 (nicht in der Liste)", "HZ8.1.3") in app.fields["Ziel-ID(s)"].options
    assert app.fields["Ziel-ID(s)"].value == ("HZ8.1.3",)
    assert "Ein Ziel „HZ8.1.3“ gibt es im Blatt „Ziele“ nicht." in app.check.value
    row = choose(app, "HF6-M3")
    assert app.fields["Sachkosten (€)"].value == "ca. 5000" and "„ca. 5000“ ist keine Zahl" in app.check.value
    app.fields["Titel"].value = "Interkulturelle Woche im ganzen Landkreis"
    app.save_button.click()
    assert plan.load_plan(workbook).massnahmen.loc[row, ["Titel", "Sachkosten (€)"]].tolist() == \
        ["Interkulturelle Woche im ganzen Landkreis", "ca. 5000"]
    app.fields["Sachkosten (€)"].value = "5.000"
    assert "keine Zahl" not in app.check.value
    app.save_button.click()
    assert plan.load_plan(workbook).massnahmen.loc[row, "Sachkosten (€)"] == 5000


def test_a_new_measure_explains_its_justification_once_it_has_an_id(app):
    app.chooser.value = form.NEW
    assert "Mit einer ID zeigt sich hier die Begründung der Maßnahme." in app.feedback.value
    app.fields["ID"].value, app.fields["Ziel-ID(s)"].value = "HF6-M9", ("HZ6.1.1",)
    assert "Handlungsziel HZ6.1.1" in app.feedback.value


def test_form_and_handout_give_a_cited_gap_its_reason_from_the_bestandsanalyse(workbook, monkeypatch, on_display):
    """Daten → Lücke → Ziel → Maßnahme in the app and the handout: the demo's HZ3.1.1 cites L-HF3-U6-Sued; with the
    gaps of the district's Bestandsanalyse (zielfindung.known_gaps) the chain of HF3-M2 says what is missing where."""
    from toolkit import zielfindung
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    shown = []
    on_display(shown.append)
    loaded = workspace.prepare(DEMO_DATA_DIR, "16099", workbook)
    gaps = zielfindung.known_gaps(DEMO_DATA_DIR, "16099", loaded.plan)
    reason = gaps["L-HF3-U6-Sued"]
    assert "Süd" in reason and "Kinder" in reason
    editor = measures_app.form(loaded, gaps)
    choose(editor, "HF3-M2")
    assert f"HZ3.1.1: Lücke L-HF3-U6-Sued: {markup.html(reason)}" in editor.feedback.value
    plain = measures_app.form(loaded)   # without the gaps the ID alone, as before
    choose(plain, "HF3-M2")
    assert "Lücke L-HF3-U6-Sued der Bestandsanalyse" in plain.feedback.value and reason not in plain.feedback.value
    shown.clear()
    monkeypatch.delenv("VOILA_SERVER_URL")
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    views.show_justifications(loaded, "HF3-M2", gaps)
    assert len(shown) == 1 and f"- HZ3.1.1: Lücke L-HF3-U6-Sued: {markup.md(reason)}" in shown[0].data


def test_a_new_measure_gets_the_next_id_of_its_field(app):
    app.chooser.value = form.NEW
    assert app.fields["ID"].value == ""
    app.fields["Handlungsfeld"].value = "Spracherwerb und Bildung"
    assert app.fields["ID"].value == "HF3-M5"                       # HF3-M1 … HF3-M4 exist
    app.fields["Handlungsfeld"].value = "Gesundheit und Prävention"
    assert app.fields["ID"].value == "HF8-M4"


def test_static_sections_show_only_images_tables_and_text(monkeypatch, on_display):
    from IPython.display import HTML, Image, Markdown
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(shown.append)
    workbook = workspace.prepare(DEMO_DATA_DIR, "16099")
    assert workbook.path == DEMO_PLAN and workbook.district_name == "Musterland, Kreis"
    assert measures_app.form(workbook) is None and shown == []
    views.show_budget(workbook)
    assert [type(x) for x in shown] == [HTML, Image] and "190.000\u00a0€" in shown[0].data  # Land/ThILIK in all years
    shown.clear()
    views.show_justifications(workbook, "HF1-M1, HF5-M3")
    assert [type(x) for x in shown] == [Markdown, Markdown] and "HF5-M3" in shown[1].data
    shown.clear()
    views.show_catalogue(workbook)
    assert [type(x) for x in shown] == [Markdown, HTML] * 9 and "Netzwerk-Arbeitskreis Integration" in shown[1].data


def test_an_empty_plan_says_in_every_section_that_it_has_no_measures_yet(monkeypatch, tmp_path, on_display):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(lambda item: shown.append(item.data))
    workbook = workspace.Workbook(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"),
                                plan.load_plan(tmp_path / "planung.xlsx"), "16099", "Musterland")
    for section in (views.show_overview, views.show_catalogue, views.show_gantt, views.show_budget,
                    views.show_justifications):
        section(workbook)
    assert shown == [f"*{views.NO_MEASURES}*"] * 5
    shown.clear()
    views.show_problems(workbook)
    assert shown == ["0 Fehler, 1 Hinweis:\n\n- Hinweis – Blatt „Maßnahmen“: "
                     + markup.md(plan.EMPTY_SHEETS["massnahmen"])]
    assert massnahmenplanung.problems(workbook.plan)[0].severity == "warning"


# --- nothing a user entered disappears from the handout ---------------------------------------------

MISSPELT = "Sprache und Bildng"


@pytest.fixture
def misspelt(tmp_path) -> workspace.Workbook:
    """The demo plan with HF3-M2's Handlungsfeld misspelt and HF7-M1's left empty, saved by the plan helpers."""
    p = plan.load_plan(DEMO_PLAN)
    rows = {i: r for r, i in p.massnahmen["ID"].items()}
    p.massnahmen.loc[rows["HF3-M2"], "Handlungsfeld"] = MISSPELT
    p.massnahmen.loc[rows["HF7-M1"], "Handlungsfeld"] = None
    path = plan.save_plan(p, tmp_path / "planung.xlsx")
    return workspace.Workbook(path, plan.load_plan(path), "16099", "Musterland, Kreis")


def _texts(item) -> str:
    """What a displayed item shows: Markdown/HTML text, or every text of a matplotlib figure."""
    if hasattr(item, "findobj"):
        from matplotlib.text import Text
        return "\n".join(t.get_text() for t in item.findobj(Text))
    return str(item.data)


def test_a_measure_without_valid_field_is_shown_under_its_own_heading_and_named_by_the_check(misspelt, monkeypatch,
                                                                                          capsys, on_display):
    on_display(lambda item: shown.append(_texts(item)))
    monkeypatch.setattr(show, "figure", lambda fig, absent: shown.append(_texts(fig)))
    ids = [plan.cell_text(i) for i in misspelt.plan.massnahmen["ID"]]
    assert len(ids) == 32
    for section in (views.show_catalogue, views.show_gantt):
        shown = []
        section(misspelt)
        text = "\n".join(shown)
        assert [i for i in ids if i not in text] == [], section.__name__
        assert massnahmenplanung.NO_FIELD in text, section.__name__
    shown = []
    views.show_catalogue(misspelt)
    heading = shown.index(f"### {massnahmenplanung.NO_FIELD}")
    assert "HF3-M2" in shown[heading + 1] and MISSPELT in shown[heading + 1] and "HF7-M1" in shown[heading + 1]
    counts = massnahmenplanung.overview(misspelt.plan)
    assert counts.loc[massnahmenplanung.NO_FIELD, "Summe"] == 2 and counts.loc["Summe", "Summe"] == 32
    assert MISSPELT not in counts.index and "" not in counts.index
    found = [(p.sheet, p.row, p.column, p.message) for p in massnahmenplanung.problems(misspelt.plan)]
    rows = {plan.cell_text(i): r for r, i in misspelt.plan.massnahmen["ID"].items()}
    assert ("Maßnahmen", rows["HF3-M2"], "Handlungsfeld", f"„{MISSPELT}“ steht nicht im Blatt „Handlungsfelder“.") \
        in found
    assert ("Maßnahmen", rows["HF7-M1"], "Handlungsfeld", "Pflichtangabe fehlt.") in found
    from toolkit.cli import main
    assert main(["plan", "check", str(misspelt.path)]) == 2
    out = capsys.readouterr().out
    for ident in ("HF3-M2", "HF7-M1"):
        assert f"Fehler – Blatt „Maßnahmen“, Zeile {rows[ident]}, Spalte „Handlungsfeld“" in out


def test_the_exports_keep_measures_without_valid_field_under_the_same_heading(misspelt, tmp_path):
    import docx

    page = massnahmenplanung.to_html(misspelt.plan, tmp_path / "katalog.html").read_text(encoding="utf-8")
    assert f"<h2>{massnahmenplanung.NO_FIELD}</h2>" in page and MISSPELT in page
    assert "32 Maßnahmen in 9 Handlungsfeldern" in page
    word = docx.Document(massnahmenplanung.to_word(misspelt.plan, tmp_path / "katalog.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2] == massnahmenplanung.NO_FIELD
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert {"HF3-M2", "HF7-M1"} <= cells
