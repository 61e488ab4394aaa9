"""What users type into a plan never stops stage 4: implausible dates are check findings with sheet, row and column,
while the catalogue, the Zeitplan, the budget, the exports and notebook 04's sections still come out for everything
else; user text in charts is drawn as typed; a plan of thousands of measures exports page by page."""
from __future__ import annotations

import datetime as dt
import warnings

import pytest
from matplotlib.text import Text

from tests.massnahmenplanung.test_massnahmenplanung import GOALS, MEASURES, frame
from toolkit import charts, massnahmenplanung, plan, show, workspace
from toolkit.cli import main
from toolkit.massnahmenplanung import views

F3 = GOALS[0]["Handlungsfeld"]
#: Ende 31.12.9999 („open-ended“), Beginn 01.01.0001 (an emptied Excel date), a milestone in year 1, a misspelt
#: and an empty Handlungsfeld.
ODD = [
    {**MEASURES[0], "ID": "HF3-M7", "Titel": "Dauerangebot", "Ende": dt.date(9999, 12, 31),
     "Meilensteine": "01/0001 Start; 03/2027 Fachtag"},
    {**MEASURES[1], "ID": "HF3-M8", "Titel": "Altlast", "Beginn": dt.date(1, 1, 1)},
    {**MEASURES[1], "ID": "HF3-M9", "Titel": "Vertippt", "Handlungsfeld": "Sprache und Bildng"},
    {**MEASURES[1], "ID": "HF3-M10", "Titel": "Ohne Feld", "Handlungsfeld": None},
]


@pytest.fixture
def odd(tmp_path) -> plan.Plan:
    """A plan with the three good measures and the odd ones, saved (the file is what `ikpe` reads)."""
    p = plan.load_plan(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"))
    p.ziele = frame(p.ziele.columns, [*GOALS[:2], {**GOALS[2], "Zieldatum": dt.date(9999, 12, 31)}, *GOALS[3:]])
    p.massnahmen = frame(p.massnahmen.columns, MEASURES + ODD)
    plan.save_plan(p, p.source)
    return plan.load_plan(p.source)


def _row(p: plan.Plan, ident: str) -> int:
    return next(r for r, i in p.massnahmen["ID"].items() if plan.cell_text(i) == ident)


def test_a_date_outside_1990_to_2100_is_a_finding_with_its_cell(odd, capsys):
    found = {(p.sheet, p.row, p.column): p for p in plan.check_plan(odd)}
    for sheet, row, column, date in [("Maßnahmen", _row(odd, "HF3-M7"), "Ende", "31.12.9999"),
                                     ("Maßnahmen", _row(odd, "HF3-M8"), "Beginn", "01.01.0001"),
                                     ("Ziele", 4, "Zieldatum", "31.12.9999")]:
        problem = found[(sheet, row, column)]
        assert problem.severity == "error" and f"Das Datum {date} ist unplausibel" in problem.message
        assert "zwischen 1990 und 2100" in problem.message
    milestones = [p.message for p in massnahmenplanung.problems(odd) if p.column == "Meilensteine"]
    assert milestones == ["„01/0001 Start“: Das Jahr 1 ist unplausibel (erwartet 1990 bis 2100); der Meilenstein "
                          "wird nicht gezeichnet."]
    assert main(["plan", "check", str(odd.source), "--heute", "01.06.2026"]) == 2
    out = capsys.readouterr().out
    assert f"Fehler – Blatt „Maßnahmen“, Zeile {_row(odd, 'HF3-M7')}, Spalte „Ende“: Das Datum 31.12.9999" in out
    assert f"Zeile {_row(odd, 'HF3-M9')}, Spalte „Handlungsfeld“: „Sprache und Bildng“ steht nicht" in out
    assert f"Zeile {_row(odd, 'HF3-M10')}, Spalte „Handlungsfeld“: Pflichtangabe fehlt." in out


@pytest.mark.timeout(120)
def test_timeline_and_budget_leave_implausible_dates_out_and_say_so(odd):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = massnahmenplanung.gantt_figure(odd)
        charts.png(fig)
        money = massnahmenplanung.budget(odd)
    assert not [w for w in caught if "matplotlib" in w.filename], [str(w.message) for w in caught]
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    assert right - left == (dt.date(2028, 1, 1) - dt.date(2026, 1, 1)).days       # 2026–2027, not millennia
    notes = [t.get_text().strip() for t in ax.texts]
    assert "10/2026–12/9999 – Datum unplausibel, nicht gezeichnet" in notes
    assert [c for c in money.columns] == ["2026", "2027", "ohne Zeitraum", "Summe"]
    assert money.loc["Summe Sachkosten (€)", "Summe"] == pytest.approx(18200 + 10000 + 500 + 18200 + 3 * 10000)


@pytest.mark.timeout(180)
def test_every_export_still_runs_for_everything_else(odd, tmp_path, capsys):
    targets = {kind: tmp_path / f"katalog{suffix}" for kind, (suffix, _) in massnahmenplanung.EXPORTS.items()}
    assert main(["plan", "export", str(odd.source), *[a for kind, path in targets.items()
                                                      for a in (f"--{kind}", str(path))]]) == 0
    assert "Traceback" not in capsys.readouterr().err
    page = targets["html"].read_text(encoding="utf-8")
    assert page.count("Datum unplausibel, nicht gezeichnet") == 2
    assert f"<h2>{massnahmenplanung.NO_FIELD}</h2>" in page and "Sprache und Bildng" in page
    assert all(path.stat().st_size for path in targets.values())


def test_notebook_04_sections_render_such_a_plan(odd, monkeypatch, on_display):
    """The calls of notebooks/04_massnahmenplanung.ipynb in its order, each picture rendered as for the handout."""
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    shown = []
    on_display(shown.append)
    monkeypatch.setattr(show, "figure", lambda fig, absent: shown.append(charts.png(fig)))
    workbook = workspace.Workbook(odd.source, odd, "16099", "Musterland")
    for section in (views.show_overview, views.show_catalogue, views.show_gantt, views.show_budget,
                    views.show_problems):
        section(workbook)
    views.show_justifications(workbook, "")
    text = "\n".join(str(getattr(item, "data", "")) for item in shown)
    assert all(ident in text for ident in ("HF3-M7", "HF3-M8", "HF3-M9", "HF3-M10"))
    assert "unplausibel" in text and sum(isinstance(item, bytes) for item in shown) == 2      # Zeitplan, budget


USER_TEXT = ["$x$", "$", "Kosten: 5 $ pro Kopf und 3 $ Fahrgeld", r"\frac{a}{b}", r"$\frac{a}{b}$", "_^{}",
             r"$_^{}$", r"$\alpha$ & $\beta"]


@pytest.mark.parametrize("title", USER_TEXT)
def test_user_text_in_the_stage_4_charts_is_drawn_as_typed(good_plan, title):
    good_plan.massnahmen.loc[good_plan.massnahmen.index[0], "Titel"] = title
    good_plan.massnahmen.loc[good_plan.massnahmen.index[1], "Finanzierung"] = title
    for figures in ([massnahmenplanung.gantt_figure(good_plan)], massnahmenplanung.gantt_pages(good_plan, rows=3),
                    [massnahmenplanung.budget_figure(good_plan)]):
        for fig in figures:
            charts.png(fig)                                               # mathtext would raise or draw a formula
        texts = [t for fig in figures for t in fig.findobj(Text) if title in t.get_text()]
        assert texts and not any(t.get_parse_math() for t in texts)


@pytest.fixture
def good_plan(tmp_path) -> plan.Plan:
    p = plan.load_plan(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"))
    p.ziele, p.massnahmen = frame(p.ziele.columns, GOALS), frame(p.massnahmen.columns, MEASURES)
    return p


def test_the_zeitplan_of_many_measures_comes_in_a4_pages_on_one_time_axis(good_plan):
    fields = list(good_plan.handlungsfelder["Handlungsfeld"])
    many = [{**MEASURES[0], "ID": f"M{i}", "Handlungsfeld": fields[i % 2]} for i in range(100)]
    good_plan.massnahmen = frame(good_plan.massnahmen.columns, many)
    pages = massnahmenplanung.gantt_pages(good_plan)
    labels = [[t.get_text() for t in page.axes[0].get_yticklabels()] for page in pages]
    assert [len(page) for page in labels] == [41, 41, 22]           # 2 headings, 2 repeated, 100 measures
    assert [page[0][:20] for page in labels] == [field[:20] for field in (fields[0], fields[0], fields[1])]
    assert [page[0].endswith(" (Fortsetzung)") for page in labels] == [False, True, True]
    assert sum(label.startswith("M") for page in labels for label in page) == 100
    assert len({page.axes[0].get_xlim() for page in pages}) == 1
    width, height = pages[0].get_size_inches()
    assert width <= 29.7 / 2.54 - 1 and height <= 21.0 / 2.54 - 0.9
    assert pages[0].axes[0].get_title(loc="left").endswith("(Seite 1 von 3)")
