"""The Umsetzungsbericht: its tables against the workbook (every measure once with its latest status, the summary's
counts), what changed since the previous report on a constructed log, the Word file's heading styles and column
widths, an HTML file that fetches nothing and shows user text as typed, the PDF, and the CLI's German errors."""
from __future__ import annotations

import collections
import datetime as dt
import re
import shutil

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tests.conftest import CHROMIUM, DEMO_PLAN
from toolkit import cli, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND, DEMO_UPDATE_DIR
from toolkit.errors import UserError
from toolkit.konzept import page
from toolkit.konzept.model import Bullets, Table
from toolkit.monitoring import ampel, bericht, bericht_doc, regeln

EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
                      r"""|url\(\s*["']?\s*(?:https?:)?//|@import|<script|<link|<iframe|<object|<embed""", re.I)
D1, D2, LATER = dt.date(2025, 12, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30)
TYPED = "<script>alert(1)</script> & {PAGE} =SUMME(A1)"
#: The constructed log: two rounds and a row after the Stichtag; the same date twice (the lower row wins), a status
#: typed by hand that is not in the list, a light set by hand.
LOG = [
    (D1, "HF1-M1", "begonnen", 30, "Erste Sitzung", "Zweite Sitzung", None, None),
    (D1, "HF2-M1", "begonnen", 20, "Schulung geplant", None, None, None),
    (D1, "HF4-M1", "begonnen", 50, "Mentoring läuft", None, None, None),
    (D2, "HF1-M1", "fortlaufend", 60, "Tagt vierteljährlich", "Sitzung im Herbst", None, None),
    (D2, "HF2-M1", "abgeschlossen", 100, "Alle geschult", None, None, None),
    (D2, "HF3-M2", "begonnen", 10, "Zwei Lotsinnen gewonnen", "Schulung", None, None),
    (D2, "HF5-M3", "entfallen", None, "Ersetzt durch die Integreat-App", None, None, None),
    (D2, "HF6-M2", "begonnen", 40, "erste Meldung", None, None, None),
    (D2, "HF6-M2", "abgeschlossen", 100, "korrigierte Meldung", None, None, None),
    (D2, "HF8-M1", "pausiert", 20, "Träger sucht Personal", None, None, None),
    (D2, "HF9-M1", "begonnen", 30, "Börse online", None, "rot", "Träger insolvent"),
    (LATER, "HF1-M1", "abgeschlossen", 100, "nach dem Stichtag", None, None, None),
]


def log_table(rows) -> pd.DataFrame:
    headers = plan.SHEETS["sachstand"].headers
    frame = [dict(zip(["Datum", "Maßnahme-ID", "Status", "Fortschritt (%)", "Sachstand", "Nächster Schritt", "Ampel",
                       "Ampel-Begründung"], r)) for r in rows]
    return pd.DataFrame([[r.get(h) for h in headers] for r in frame], columns=headers,
                        index=range(2, 2 + len(frame)), dtype=object)


def expected_status(p: plan.Plan, stichtag: dt.date) -> dict[str, str]:
    """Each measure's status as the workbook says it, worked out here on its own: the last log row on or before the
    Stichtag by date, the lower Excel row on the same date; without one the measure's own status."""
    found = {}
    for ident, status in zip(p.massnahmen["ID"], p.massnahmen["Status"]):
        found.setdefault(plan.cell_text(ident), plan.cell_text(status) or "nicht begonnen")
    rows = sorted((plan.as_date(r["Datum"]), row, r) for row, r in p.sachstand.iterrows()
                  if plan.as_date(r["Datum"]) <= stichtag)
    for _, _, r in rows:
        found[r["Maßnahme-ID"]] = r["Status"]
    return found


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("bericht") / "planung.xlsx"
    shutil.copy(DEMO_PLAN, path)
    p = plan.load_plan(path)
    p.sachstand = log_table(LOG)
    p.massnahmen.loc[p.massnahmen.index[1], "Titel"] = TYPED          # HF1-M2
    plan.save_plan(p, path)
    return path


@pytest.fixture(scope="module")
def series():
    return zielfindung.district_series(DEMO_DATA_DIR, DEMO_DISTRICT)


@pytest.fixture(scope="module")
def facts(workbook, series):
    return bericht.gather(plan.load_plan(workbook), series, "Landkreis Musterland", D2)


@pytest.fixture(scope="module")
def doc(facts):
    return bericht_doc.document(facts)


@pytest.fixture(scope="module")
def written(workbook, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return {p.suffix: p for p in bericht.write_report(workbook, DEMO_DATA_DIR, DEMO_DISTRICT, "30.06.2026", out,
                                                      formats=("docx", "html"))}


def tables(doc, header=None, caption=None) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table) and (header is None or b.header == header)
            and (caption is None or b.caption == caption)]


# --- the tables against the workbook --------------------------------------------------------------------------

def test_every_measure_appears_once_with_its_latest_status(doc, workbook):
    p = plan.load_plan(workbook)
    rows = [row for t in tables(doc, bericht_doc.MEASURE_HEADER) for row in t.rows]
    ids = [row[0].split("\n")[0] for row in rows]
    assert sorted(ids) == sorted(plan.cell_text(i) for i in p.massnahmen["ID"])
    assert len(ids) == len(set(ids))
    shown = {row[0].split("\n")[0]: row[2].split("\n")[0] for row in rows}
    assert shown == expected_status(p, D2)
    assert shown["HF6-M2"] == "abgeschlossen" and shown["HF1-M1"] == "fortlaufend"   # lower row; not after Stichtag
    assert shown["HF8-M1"] == "pausiert"                                              # typed by hand, kept
    reports = {row[0].split("\n")[0]: row[3] for row in rows}
    assert reports["HF6-M2"] == "30.06.2026\nkorrigierte Meldung"
    assert reports["HF7-M1"] == bericht_doc.NO_REPORT
    progress = {row[0].split("\n")[0]: row[2] for row in rows}
    assert progress["HF1-M1"] == "fortlaufend\n60\u00a0% umgesetzt"                      # German percent


def test_each_table_holds_the_measures_of_its_handlungsfeld(doc, workbook):
    p = plan.load_plan(workbook)
    field_of = {plan.cell_text(i): plan.cell_text(f) for i, f in zip(p.massnahmen["ID"], p.massnahmen["Handlungsfeld"])}
    for t in tables(doc, bericht_doc.MEASURE_HEADER):
        name = re.fullmatch(r"Umsetzungsstand im Handlungsfeld „(.*)“", t.caption).group(1)
        assert {field_of[row[0].split("\n")[0]] for row in t.rows} == {name}


def test_summary_counts_equal_the_workbook(doc, facts, workbook):
    p = plan.load_plan(workbook)
    status = expected_status(p, D2)
    expected = collections.Counter((plan.cell_text(f), status[plan.cell_text(i)])
                                   for i, f in zip(p.massnahmen["ID"], p.massnahmen["Handlungsfeld"]))
    (table,) = tables(doc, caption="Maßnahmen nach Status je Handlungsfeld")
    assert table.header[1:7] == list(plan.STATUS) and "pausiert" in table.header and table.header[-1] == "Summe"
    for row in table.rows:
        values = dict(zip(table.header[1:], (int(v.replace(".", "")) for v in row[1:])))
        if row[0] == "Summe":
            assert values["Summe"] == len(p.massnahmen)
            assert all(values[s] == sum(n for (_, st), n in expected.items() if st == s) for s in table.header[1:-1])
        else:
            assert {s: n for s, n in values.items() if n and s != "Summe"} == \
                {st: n for (f, st), n in expected.items() if f == row[0]}
            assert values["Summe"] == sum(n for (f, _), n in expected.items() if f == row[0])
    (lights,) = tables(doc, caption="Maßnahmen nach Ampel und Handlungsziele nach Kurs je Handlungsfeld")
    total = dict(zip(lights.header, lights.rows[-1]))
    assert sum(int(total[a]) for a in plan.AMPEL) == len(p.massnahmen)
    assert int(total["Ziele mit Indikator"]) == len(facts.course)
    by_light = collections.Counter(plan.cell_text(v) for v in facts.lights["Ampel"])
    assert {a: int(total[a]) for a in plan.AMPEL} == {a: by_light.get(a, 0) for a in plan.AMPEL}


def test_the_light_set_by_hand_and_its_reason_are_shown(doc):
    row = next(r for t in tables(doc, bericht_doc.MEASURE_HEADER) for r in t.rows if r[0].startswith("HF9-M1"))
    assert row[5].startswith(f"{bericht_doc.DOT} rot\n") and "Träger insolvent" in row[5]


def test_each_goal_with_values_has_its_chart_with_its_sentence(doc, facts, series):
    from toolkit.konzept.model import Figure
    charts = {b.caption.split(" – ")[0]: b for b in doc.blocks if isinstance(b, Figure)}
    drawn = [i for i, row in facts.course.iterrows() if series.get(row["Indikator"], pd.Series()).notna().any()]
    assert drawn and list(charts) == drawn
    assert all(charts[i].source == facts.course.loc[i, "Satz"] and charts[i].png.startswith(b"\x89PNG") for i in drawn)
    (goals,) = tables(doc, bericht_doc.GOAL_HEADER)
    assert [row[0].split("\n")[0] for row in goals.rows] == list(facts.course.index)
    assert [row[6] for row in goals.rows] == list(facts.course["Kurs"])


# --- changes since the previous report ---------------------------------------------------------------------------

def small_plan(log) -> plan.Plan:
    def table(key, rows):
        headers = plan.SHEETS[key].headers
        return pd.DataFrame([[r.get(h) for h in headers] for r in rows], columns=headers,
                            index=range(2, 2 + len(rows)), dtype=object)
    measures = [{"ID": "M1", "Handlungsfeld": "Sprache", "Titel": "Sprachcafé", "Beginn": dt.date(2025, 1, 1),
                 "Ende": dt.date(2027, 12, 31)},
                {"ID": "M2", "Handlungsfeld": "Sprache", "Titel": "Lotsen", "Beginn": dt.date(2025, 1, 1),
                 "Ende": dt.date(2026, 12, 31)},
                {"ID": "M3", "Handlungsfeld": "Sprache", "Titel": "Beratung", "Status": "in Vorbereitung"}]
    return plan.Plan(handlungsfelder=table("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Sprache"}]),
                     ziele=plan.empty("ziele"), indikatoren=plan.empty("indikatoren"),
                     massnahmen=table("massnahmen", measures), sachstand=log_table(log))


TWO_DATES = [(D1, "M1", "begonnen", 20, "läuft an", None, None, None),
             (D1, "M2", "begonnen", 50, "läuft", None, None, None),
             (D2, "M1", "begonnen", 45, "läuft weiter", None, None, None),
             (D2, "M2", "abgeschlossen", 100, "fertig", None, None, None),
             (D2, "M3", "begonnen", 5, "Start", None, None, None)]


def test_the_previous_report_is_the_log_date_before_the_latest():
    assert bericht.previous_date(small_plan(TWO_DATES), D2) is not None
    assert bericht.previous_date(small_plan(TWO_DATES), D2) == D1
    assert bericht.previous_date(small_plan(TWO_DATES), dt.date(2026, 8, 1)) == D1     # Stichtag after the round
    assert bericht.previous_date(small_plan(TWO_DATES), dt.date(2026, 1, 15)) is None  # only one round before it
    assert bericht.previous_date(small_plan([]), D2) is None


def test_changes_on_a_two_date_log():
    p = small_plan(TWO_DATES)
    f = bericht.gather(p, {}, "Landkreis Musterland", D2)
    assert f.vorher == D1
    c = f.changes
    assert c.status.to_dict("index") == {"M2": {"Titel": "Lotsen", "vorher": "begonnen", "jetzt": "abgeschlossen"},
                                         "M3": {"Titel": "Beratung", "vorher": "in Vorbereitung", "jetzt": "begonnen"}}
    assert list(c.new["Maßnahme-ID"]) == ["M1", "M2", "M3"] and set(c.new["Datum"]) == {D2}
    r = regeln.load(None)
    before, now = ampel.measure_lights(p, D1, r), ampel.measure_lights(p, D2, r)
    changed = {i for i in now.index if before.loc[i, "Ampel"] != now.loc[i, "Ampel"]}
    assert set(c.ampel.index) == changed
    assert all(c.ampel.loc[i, "jetzt"] == now.loc[i, "Ampel"] for i in changed)
    doc = bericht_doc.document(f)
    (new,) = tables(doc, caption="Sachstandsmeldungen nach dem 31.12.2025 bis zum 30.06.2026")
    assert [row[1].split("\n")[0] for row in new.rows] == ["M1", "M2", "M3"]
    (status,) = tables(doc, caption="Maßnahmen mit geändertem Status")
    assert [row[1:] for row in status.rows] == [["begonnen", "abgeschlossen"], ["in Vorbereitung", "begonnen"]]


def test_an_earlier_vorher_takes_in_both_rounds_and_none_says_first_report():
    p = small_plan(TWO_DATES)
    f = bericht.gather(p, {}, "Landkreis Musterland", D2, vorher=dt.date(2025, 6, 30))
    assert len(f.changes.new) == len(TWO_DATES)
    assert f.changes.status.loc["M1", "jetzt"] == "begonnen" and f.changes.status.loc["M1", "vorher"] == \
        "nicht begonnen"
    first = bericht.gather(small_plan(TWO_DATES[:2]), {}, "Landkreis Musterland", D1)
    assert first.vorher is None and not len(first.changes.new)
    blocks = bericht_doc.changed(first)
    assert any("erste Bericht" in "".join(t for t, _ in b.runs) for b in blocks if hasattr(b, "runs"))


def test_vorher_on_or_after_the_stichtag_is_a_german_error():
    with pytest.raises(UserError, match="vor dem Stichtag"):
        bericht.gather(small_plan(TWO_DATES), {}, "Landkreis Musterland", D1, vorher=D2)


# --- odd workbooks ---------------------------------------------------------------------------------------------

def _sheet(key, rows):
    headers = plan.SHEETS[key].headers
    return pd.DataFrame([[r.get(h) for h in headers] for r in rows], columns=headers, index=range(2, 2 + len(rows)),
                        dtype=object)


def test_what_the_report_cannot_show_is_named_not_dropped_silently():
    measures = [{"ID": "M1", "Handlungsfeld": "Sprache", "Titel": "Sprachcafé"},
                {"ID": None, "Handlungsfeld": "Sprache", "Titel": "ohne ID"},
                {"ID": "M1", "Handlungsfeld": "Sprache", "Titel": "doppelt"},
                {"ID": "M2", "Handlungsfeld": "Gibt es nicht", "Titel": "Lotsen"},
                {"ID": "M3", "Handlungsfeld": "HF1", "Titel": "Feld per ID"}]
    log = log_table([(D1, "M1", "begonnen", 10, "läuft", None, None, None),
                     ("kein Datum", "M2", "begonnen", None, None, None, None, None),
                     (D2, "M9", "begonnen", 50, "wer ist das?", None, None, None)])
    p = plan.Plan(handlungsfelder=_sheet("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Sprache"}]),
                  ziele=plan.empty("ziele"), indikatoren=plan.empty("indikatoren"),
                  massnahmen=_sheet("massnahmen", measures), sachstand=log)
    f = bericht.gather(p, {}, "Landkreis Musterland", D2)
    said = " ".join(f.warnings)
    assert "Zeile 3: Maßnahme ohne ID" in said and "„M1“ steht in den Zeilen 2, 4" in said
    assert "Zeile 4: Eine Maßnahme „M9“" in said and "„kein Datum“ ist kein Datum" in said
    doc = bericht_doc.document(f)
    notes = [run for b in doc.blocks if isinstance(b, Bullets) for item in b.items for run, _ in item]
    assert all(w in notes for w in f.warnings)
    rows = {row[0].split("\n")[0]: t.caption.split("„")[1].rstrip("“")
            for t in tables(doc, bericht_doc.MEASURE_HEADER) for row in t.rows}
    assert rows == {"M1": "Sprache", "M3": "Sprache", "M2": plan.NO_FIELD}
    (status,) = tables(doc, caption="Maßnahmen nach Status je Handlungsfeld")
    assert status.rows[-1][0] == "Summe" and status.rows[-1][-1] == "3"


def test_a_plan_without_measures_goals_or_log_still_gives_a_report():
    p = plan.Plan(handlungsfelder=_sheet("handlungsfelder", [{"ID": "HF1", "Handlungsfeld": "Sprache"}]),
                  ziele=plan.empty("ziele"), indikatoren=plan.empty("indikatoren"), massnahmen=plan.empty("massnahmen"))
    f = bericht.gather(p, {}, "Stadt Erfurt", D2)
    html = page.render(bericht_doc.document(f))
    assert "Der Stadtrat nimmt den Umsetzungsbericht" in html and "Dies ist der erste Bericht" in html
    assert "Grundlage:" not in html
    assert "Kein Handlungsziel hat einen Indikator" in html


def test_the_cover_names_the_fassung_valid_on_the_stichtag():
    p = small_plan(TWO_DATES)
    p.fassung = _sheet("fassung", [
        {"Version": 1, "Gültig ab": dt.date(2021, 1, 1), "Gültig bis": dt.date(2025, 12, 31), "Beschluss": "KT 1/21"},
        {"Version": 2, "Gültig ab": dt.date(2026, 1, 1), "Gültig bis": dt.date(2030, 12, 31), "Beschluss": "KT 9/25"},
        {"Version": 3, "Gültig ab": dt.date(2031, 1, 1)}])
    shown = page.render(bericht_doc.document(bericht.gather(p, {}, "Landkreis Musterland", D2)))
    assert "Grundlage: Fassung 2 des Integrationskonzepts, gültig 01.01.2026 bis 31.12.2030; Beschluss: KT 9/25" \
        in shown


# --- the files ---------------------------------------------------------------------------------------------------

def test_file_names_say_umsetzungsbericht_kreis_and_stichtag(written):
    assert set(written) == {".docx", ".html"}
    assert all(p.name.lower().startswith("umsetzungsbericht_musterland_2026-06-30") for p in written.values())


def test_word_has_real_heading_styles_and_tables_with_widths(written):
    document = docx.Document(str(written[".docx"]))
    styles = collections.defaultdict(list)
    for paragraph in document.paragraphs:
        styles[paragraph.style.name].append(paragraph.text)
    assert styles["Title"] == ["Umsetzungsbericht"]
    assert {"Zusammenfassung", "Umsetzungsstand der Maßnahmen", "Ziele und Indikatoren",
            "Was sich seit dem letzten Bericht geändert hat", "Beschlussvorschlag"} <= set(styles["Heading 1"])
    assert "Organisatorische und fachliche Rahmenbedingungen" in styles["Heading 2"]
    assert any(t.startswith("Tabelle ") for t in styles["Caption"])
    assert len(document.tables) >= 9
    for table in document.tables:
        width = table._tbl.tblPr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) > 0
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(grid) == len(table.columns) and all(grid)
        assert abs(sum(grid) - int(width.get(qn("w:w")))) <= len(grid) * 2
        cell = table.rows[-1].cells[0]._tc.tcPr.find(qn("w:tcW"))
        assert cell is not None and int(cell.get(qn("w:w"))) > 0
    orientations = {s.orientation for s in document.sections}
    assert orientations == {WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE}


def test_word_shows_lights_in_colour_and_user_text_as_typed(written):
    document = docx.Document(str(written[".docx"]))
    runs = [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    red = [r for r in runs if r.text == f"{bericht_doc.DOT} rot"]
    assert red and all(str(r.font.color.rgb) == bericht.COLOURS["rot"] for r in red)
    texts = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    assert TYPED in texts
    assert {c.text.split()[0] for c in document.element.body.iter(qn("w:instrText"))} == {"SEQ", "TOC"}


def test_html_fetches_nothing_and_escapes_user_text(written):
    html = written[".html"].read_text(encoding="utf-8")
    assert not EXTERNAL.search(html)
    images = re.findall(r"<img [^>]*src='([^']{0,30})", html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {PAGE}" in html
    assert "Der Kreistag nimmt den Umsetzungsbericht zum Integrationskonzept mit dem Stichtag 30.06.2026 zur " \
           "Kenntnis." in html
    assert "Stichtag: </strong><strong>30.06.2026" in html
    assert "<span class='ampel-2'>\u25cf rot</span>" in html


def test_the_html_table_of_a_handlungsfeld_lists_its_measures(written, workbook):
    html = written[".html"].read_text(encoding="utf-8")
    section = html.split("Umsetzungsstand im Handlungsfeld „Aufgaben der Kommune“")[1].split("</table>")[0]
    p = plan.load_plan(workbook)
    ids = [plan.cell_text(i) for i, f in zip(p.massnahmen["ID"], p.massnahmen["Handlungsfeld"])
           if plan.cell_text(f) == "Aufgaben der Kommune"]
    assert re.findall(r"<strong>(HF\d-M\d+)</strong>", section) == ids


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium fehlt (apt-get install chromium)")
def test_the_command_writes_the_demos_report_as_word_html_and_chromiums_pdf(tmp_path, capsys):
    """The demo's own report, as `make demo` hands it out: its plan, its newer data, its Stichtag."""
    rc = cli.main(["monitoring", "bericht", str(DEMO_PLAN), "--data", str(DEMO_UPDATE_DIR), "--kreis", DEMO_DISTRICT,
                   "--stichtag", DEMO_STAND.isoformat(), "--out", str(tmp_path)])
    assert rc == 0
    written = {p.suffix: p for p in tmp_path.iterdir()}
    assert set(written) == {".docx", ".html", ".pdf"} and all("umsetzungsbericht" in p.name.lower()
                                                               for p in written.values())
    assert capsys.readouterr().out.count("Geschrieben: ") == 3
    data = written[".pdf"].read_bytes()
    assert data.startswith(b"%PDF")
    sizes = {(round(float(w)), round(float(h))) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)}
    assert sizes == {(595, 842), (842, 595)}
    html = written[".html"].read_text(encoding="utf-8")
    pages = {a: int(n) for a, n in re.findall(r"<span class='seite' data-ziel='([^']*)'>(\d+)</span>", html)}
    assert list(pages) == ["zusammenfassung", "massnahmen", "indikatoren", "aenderungen", "beschluss", "regeln"]
    assert pages["zusammenfassung"] == 2 and pages["massnahmen"] == 3                  # the summary is one page
    assert list(pages.values()) == sorted(pages.values())
    for goal, course in (("HZ4.1.1", "auf Kurs"), ("HZ4.2.1", "gefährdet"), ("HZ4.1.2", "nicht auf Kurs")):
        assert re.search(rf"<strong>{goal}</strong>.*?</td>(?:<td[^>]*>[^<]*</td>){{5}}<td[^>]*>{course}</td>", html)


def test_without_chromium_word_and_html_are_written_and_the_pdf_is_a_german_error(workbook, tmp_path, monkeypatch):
    from toolkit.reports import pdf
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "kein-chromium")
    with pytest.raises(UserError, match="Chromium"):
        bericht.write_report(workbook, DEMO_DATA_DIR, DEMO_DISTRICT, D2, tmp_path / "out")
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".html"]


# --- the command -------------------------------------------------------------------------------------------------

def test_a_bad_stichtag_exits_2_with_a_german_message(workbook, tmp_path, capsys):
    rc = cli.main(["monitoring", "bericht", str(workbook), "--data", str(DEMO_DATA_DIR), "--kreis", DEMO_DISTRICT,
                   "--stichtag", "31.02.2026", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 2 and "kein Datum" in err and "TT.MM.JJJJ" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_a_missing_data_folder_exits_2(workbook, tmp_path, capsys):
    rc = cli.main(["monitoring", "bericht", str(workbook), "--data", str(tmp_path / "fehlt"), "--kreis",
                   DEMO_DISTRICT, "--stichtag", "30.06.2026", "--out", str(tmp_path)])
    assert rc == 2 and "Datenordner" in capsys.readouterr().err
