"""Stage 5 Fortschreibung: a new version of the plan (old one archived read-only) and the Änderungsprotokoll of two
versions, on constructed plan pairs."""
from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT

from toolkit import plan
from toolkit.cli import main
from toolkit.errors import UserError
from toolkit.monitoring import fortschreibung as fs

F3, F6 = "Spracherwerb und Bildung", "Soziale Integration und Teilhabe"
TODAY = dt.date(2026, 6, 30)
GOALS = [
    {"ID": "LZ3", "Ebene": "Leitziel", "Handlungsfeld": F3, "Zieltext": "Alle Kinder lernen gut Deutsch."},
    {"ID": "MZ3.1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ3", "Handlungsfeld": F3,
     "Zieltext": "Mehr Kinder mit Migrationsgeschichte besuchen eine Kita."},
    {"ID": "HZ3.1.1", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "MZ3.1", "Handlungsfeld": F3,
     "Zieltext": "Die Kita-Quote ausländischer Kinder steigt bis Ende 2028 auf 60 %.", "Zielgruppe": "Kinder",
     "Indikator": "kita_quote_herkunft", "Basisjahr": 2023, "Basiswert": 41.5, "Zielwert": 60,
     "Zieldatum": dt.date(2028, 12, 31), "Bedarf/Begründung": "Nur 41,5 % gehen in eine Kita."},
    {"ID": "LZ6", "Ebene": "Leitziel", "Handlungsfeld": F6, "Zieltext": "Alle können mitreden."},
]
MEASURES = [
    {"ID": "HF3-M1", "Handlungsfeld": F3, "Ziel-ID(s)": "HZ3.1.1", "Titel": "Kita-Lotsinnen",
     "Beschreibung": "Lotsinnen begleiten Familien zur Anmeldung.", "Zielgruppe(n)": "Eltern",
     "Federführung": "Jugendamt", "Kooperationspartner": "Kita-Träger", "Beginn": dt.date(2026, 10, 1),
     "Ende": dt.date(2027, 3, 31), "Meilensteine": "15.01.2027 Fachtag", "Personal (VZÄ)": 0.5,
     "Sachkosten (€)": 18200, "Finanzierung": "ESF", "Priorität": "Schwerpunkt", "Wirkungsebene": 4,
     "Indikator": "kita_quote_herkunft", "Status": "begonnen", "Begründung": "Familien kennen es nicht."},
    {"ID": "HF3-M2", "Handlungsfeld": F3, "Ziel-ID(s)": "HZ3.1.1", "Titel": "<b>Sprachkita</b> & Fachtag",
     "Beginn": dt.date(2026, 1, 1), "Ende": dt.date(2026, 12, 31), "Sachkosten (€)": 10000,
     "Status": "nicht begonnen"},
]
#: A changed value for every column of „Ziele“ and „Maßnahmen“ (of the goal HZ3.1.1 / the measure HF3-M1).
GOAL_CHANGES = {"Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ3", "Handlungsfeld": F6,
                "Zieltext": "Die Kita-Quote steigt auf 65 %.", "Zielgruppe": "Familien",
                "Indikator": "auslaender_anzahl",
                "Basisjahr": 2024, "Basiswert": 43, "Zielwert": 65.5, "Zieldatum": dt.date(2029, 12, 31),
                "Bedarf/Begründung": "Neu begründet."}
MEASURE_CHANGES = {"Handlungsfeld": F6, "Ziel-ID(s)": "HZ3.1.1, LZ6", "Titel": "Kita-Lotsen",
                   "Beschreibung": "Anders.", "Zielgruppe(n)": "Väter", "Federführung": "Sozialamt",
                   "Kooperationspartner": "VHS", "Beginn": dt.date(2027, 1, 1), "Ende": dt.date(2028, 3, 31),
                   "Meilensteine": "03/2027 Auftakt", "Personal (VZÄ)": 0.75, "Sachkosten (€)": 21000,
                   "Finanzierung": "Haushalt", "Priorität": "Quick Win", "Wirkungsebene": 5,
                   "Indikator": "auslaender_anzahl", "Status": "entfallen", "Begründung": "Neu."}


def frame(columns, records: list[dict]) -> pd.DataFrame:
    return plan.save._frame([[r.get(c) for c in columns] for r in records], list(columns))


_BUILT: dict[str, bytes] = {}


def build(path, fassung: list[dict] | None = None) -> plan.Plan:
    """A saved Eisenach plan with goals, measures, a Sachstand row and the given Fassung rows; the loaded plan (made
    once per Fassung, then copied: saving a new workbook takes a while)."""
    key = repr(fassung)
    if key in _BUILT:
        path.write_bytes(_BUILT[key])
        return plan.load_plan(path)
    p = plan.load_plan(plan.new_plan(path, "eisenach"))
    p.ziele, p.massnahmen = frame(p.ziele.columns, GOALS), frame(p.massnahmen.columns, MEASURES)
    p.sachstand = frame(p.sachstand.columns, [{"Datum": dt.date(2026, 6, 30), "Maßnahme-ID": "HF3-M1",
                                                "Status": "begonnen", "Fortschritt (%)": 20, "Sachstand": "läuft"}])
    p.fassung = frame(p.fassung.columns, fassung or [])
    plan.save_plan(p, path)
    path.with_name(f"{path.stem}.bak{path.suffix}").unlink()
    _BUILT[key] = path.read_bytes()
    return plan.load_plan(path)


V1 = [{"Version": 1, "Gültig ab": dt.date(2025, 1, 1), "Gültig bis": dt.date(2029, 12, 31),
       "Erstellt am": dt.date(2024, 11, 5), "Beschluss": "KT-2024/17"}]


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "planung.xlsx"
    build(path, V1)
    return path


# --- fortschreiben --------------------------------------------------------------------------------

def test_fortschreiben_archives_the_old_version_read_only_and_adds_a_fassung_row(workbook):
    before = workbook.read_bytes()
    assert fs.fortschreiben(workbook, 2034, today=TODAY) == workbook
    archive = workbook.with_name("planung_Fassung-1_2025-2029.xlsx")
    assert archive.read_bytes() == before                                  # unchanged copy
    assert stat.S_IMODE(archive.stat().st_mode) & 0o222 == 0               # read-only for everyone
    new, old = plan.load_plan(workbook), plan.load_plan(archive)
    assert new.fassung.to_dict("records") == [
        {**V1[0], "Vorgängerfassung": None},
        {"Version": 2, "Gültig ab": dt.date(2030, 1, 1), "Gültig bis": dt.date(2034, 12, 31), "Erstellt am": TODAY,
         "Vorgängerfassung": archive.name, "Beschluss": None}]
    assert fs.compare(old, new).empty                                        # goals and measures stay
    pd.testing.assert_frame_equal(new.sachstand, old.sachstand)
    assert fs.current(new) == (2, dt.date(2030, 1, 1), dt.date(2034, 12, 31))


def test_a_workbook_without_fassung_counts_as_version_1_and_starts_today(tmp_path):
    path = tmp_path / "planung.xlsx"
    build(path)
    fs.fortschreiben(path, 2030, today=TODAY)
    archive = tmp_path / "planung_Fassung-1.xlsx"
    assert archive.is_file()
    rows = plan.load_plan(path).fassung.to_dict("records")
    assert [r["Version"] for r in rows] == [1, 2]
    assert (rows[1]["Gültig ab"], rows[1]["Gültig bis"], rows[1]["Vorgängerfassung"]) == \
        (TODAY, dt.date(2030, 12, 31), archive.name)


def test_a_second_fortschreibung_archives_version_2_and_names_it(workbook):
    fs.fortschreiben(workbook, 2034, today=TODAY)
    fs.fortschreiben(workbook, 2039, today=TODAY)
    archive = workbook.with_name("planung_Fassung-2_2030-2034.xlsx")
    assert plan.load_plan(archive).fassung["Version"].tolist() == [1, 2]
    rows = plan.load_plan(workbook).fassung.to_dict("records")
    assert (rows[-1]["Version"], rows[-1]["Gültig ab"], rows[-1]["Vorgängerfassung"]) == \
        (3, dt.date(2035, 1, 1), archive.name)


def test_a_year_only_validity_cell_counts_as_its_last_day(tmp_path):
    path = tmp_path / "planung.xlsx"
    build(path, [{"Version": 1, "Gültig ab": 2025, "Gültig bis": "2029"}])
    fs.fortschreiben(path, 2031, today=TODAY)
    assert plan.load_plan(path).fassung.iloc[-1]["Gültig ab"] == dt.date(2030, 1, 1)
    assert (tmp_path / "planung_Fassung-1_2025-2029.xlsx").is_file()


@pytest.mark.parametrize("year", [2029, 2020, 1500, 12345])
def test_a_year_before_the_new_validity_is_refused_and_nothing_is_written(workbook, year):
    before = sorted(os.listdir(workbook.parent)), workbook.read_bytes()
    with pytest.raises(UserError) as error:
        fs.fortschreiben(workbook, year, today=TODAY)
    assert "Jahr" in str(error.value)
    assert (sorted(os.listdir(workbook.parent)), workbook.read_bytes()) == before


def test_an_existing_archive_is_not_overwritten(workbook):
    archive = workbook.with_name("planung_Fassung-1_2025-2029.xlsx")
    archive.write_bytes(b"eine andere Datei")
    before = workbook.read_bytes()
    with pytest.raises(UserError, match="schon archiviert"):
        fs.fortschreiben(workbook, 2034, today=TODAY)
    assert archive.read_bytes() == b"eine andere Datei" and workbook.read_bytes() == before


def test_an_archive_left_by_a_broken_off_attempt_is_used_and_made_read_only(workbook):
    archive = workbook.with_name("planung_Fassung-1_2025-2029.xlsx")
    archive.write_bytes(workbook.read_bytes())              # cut off after the copy, before chmod and save
    fs.fortschreiben(workbook, 2034, today=TODAY)
    assert plan.load_plan(workbook).fassung["Version"].tolist() == [1, 2]
    assert stat.S_IMODE(archive.stat().st_mode) & 0o222 == 0


def test_fortschreiben_holds_the_lock_of_the_plan_and_of_a_new_file(workbook, monkeypatch):
    from contextlib import contextmanager
    held = []

    @contextmanager
    def recording(path, wait=10.0):
        held.append(Path(path).name)
        yield
    monkeypatch.setattr(fs, "locked", recording)
    fs.fortschreiben(workbook, 2034, today=TODAY)
    fs.fortschreiben(workbook, 2039, out=workbook.with_name("neu.xlsx"), today=TODAY)
    assert held == ["planung.xlsx", "planung.xlsx", "neu.xlsx"]


def test_a_failed_save_leaves_the_plan_and_no_archive(workbook, monkeypatch):
    before = sorted(os.listdir(workbook.parent)), workbook.read_bytes()

    def full_disk(*args):
        raise UserError("Der Datenträger ist voll.")
    monkeypatch.setattr(fs, "save_plan", full_disk)
    with pytest.raises(UserError, match="voll"):
        fs.fortschreiben(workbook, 2034, today=TODAY)
    assert (sorted(os.listdir(workbook.parent)), workbook.read_bytes()) == before


def test_an_archived_read_only_version_is_not_written_into(workbook):
    fs.fortschreiben(workbook, 2034, today=TODAY)
    archive = workbook.with_name("planung_Fassung-1_2025-2029.xlsx")
    with pytest.raises(UserError, match="schreibgeschützt"):
        fs.fortschreiben(archive, 2036, today=TODAY)


def test_out_writes_the_new_version_elsewhere_and_never_over_a_file(workbook):
    before = workbook.read_bytes()
    out = workbook.with_name("planung_2030.xlsx")
    assert fs.fortschreiben(workbook, 2034, out=out, today=TODAY) == out
    assert workbook.read_bytes() == before
    assert plan.load_plan(out).fassung.iloc[-1]["Vorgängerfassung"] == "planung_Fassung-1_2025-2029.xlsx"
    with pytest.raises(UserError, match="gibt es schon"):
        fs.fortschreiben(workbook, 2035, out=out, today=TODAY)
    elsewhere = workbook.parent / "neu" / "planung.xlsx"                    # the archive named as seen from there
    fs.fortschreiben(out, 2039, out=elsewhere, today=TODAY)
    named = plan.load_plan(elsewhere).fassung.iloc[-1]["Vorgängerfassung"]
    assert named == "../planung_2030_Fassung-2_2030-2034.xlsx" and (elsewhere.parent / named).is_file()
    (workbook.parent / "datei").write_text("x")
    with pytest.raises(UserError, match="ließ sich nicht anlegen"):                # no traceback for a bad folder
        fs.fortschreiben(elsewhere, 2044, out=workbook.parent / "datei" / "p.xlsx", today=TODAY)


def test_own_sheets_and_columns_survive_the_fortschreibung(workbook):
    import openpyxl
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Notizen")["A1"] = "=1+1"
    book["Maßnahmen"].cell(1, 30, "Haushaltsstelle")
    book["Maßnahmen"].cell(2, 30, "1.2.3")
    book.save(workbook)
    fs.fortschreiben(workbook, 2034, today=TODAY)
    book = openpyxl.load_workbook(workbook)
    assert book["Notizen"]["A1"].value == "=1+1"
    assert plan.load_plan(workbook).massnahmen["Haushaltsstelle"].tolist() == ["1.2.3", None]


# --- compare --------------------------------------------------------------------------------------

@pytest.fixture
def pair(tmp_path) -> tuple[plan.Plan, plan.Plan]:
    old = build(tmp_path / "alt.xlsx", V1)
    return old, plan.load_plan(tmp_path / "alt.xlsx")


def _row(p: plan.Plan, sheet: str, ident: str) -> int:
    table = getattr(p, sheet)
    return table.index[table["ID"] == ident][0]


def test_an_unchanged_plan_has_no_changes(pair):
    changes = fs.compare(*pair)
    assert changes.empty and list(changes.columns) == fs.COLUMNS
    assert fs.summary(changes).startswith("Keine Änderungen")


def test_added_and_removed_goals_and_measures(pair):
    old, new = pair
    new.ziele.loc[99] = [GOALS[2].get(c) for c in new.ziele.columns]
    new.ziele.loc[99, ["ID", "Zieltext"]] = ["HZ3.1.2", "Mehr Eltern kennen die Kita."]
    new.massnahmen = new.massnahmen.drop(_row(new, "massnahmen", "HF3-M2"))
    changes = fs.compare(old, new)
    assert changes.values.tolist() == [
        ["neu", "Ziele", "HZ3.1.2", "Mehr Eltern kennen die Kita.", "", "",
         "Handlungsziel; Zielwert 60 bis 31.12.2028; Indikator kita_quote_herkunft"],
        ["entfallen", "Maßnahmen", "HF3-M2", "<b>Sprachkita</b> & Fachtag", "",
         "Zeitraum 01.01.2026–31.12.2026; Sachkosten 10.000 €; Status nicht begonnen", ""]]
    assert fs.summary(changes) == "1 Ziel neu; 1 Maßnahme entfallen."
    new.massnahmen.loc[_row(new, "massnahmen", "HF3-M1"), "ID"] = "HF3-M9"       # renumbered: gone and new
    assert fs.compare(old, new)[["Änderung", "ID", "alt", "neu"]].values.tolist()[1:] == [
        ["neu", "HF3-M9", "", "Federführung Jugendamt; Zeitraum 01.10.2026–31.03.2027; Sachkosten 18.200 €; "
                              "Status begonnen"],
        ["entfallen", "HF3-M1", "Federführung Jugendamt; Zeitraum 01.10.2026–31.03.2027; Sachkosten 18.200 €; "
                                "Status begonnen", ""],
        ["entfallen", "HF3-M2", "Zeitraum 01.01.2026–31.12.2026; Sachkosten 10.000 €; Status nicht begonnen", ""]]


def test_the_changes_below_cover_every_column_of_the_sheets():
    assert list(GOAL_CHANGES) == plan.SHEETS["ziele"].headers[1:]
    assert list(MEASURE_CHANGES) == plan.SHEETS["massnahmen"].headers[1:]


@pytest.mark.parametrize(("sheet", "ident", "column", "value"),
                         [("ziele", "HZ3.1.1", c, v) for c, v in GOAL_CHANGES.items()]
                         + [("massnahmen", "HF3-M1", c, v) for c, v in MEASURE_CHANGES.items()])
def test_every_column_of_goals_and_measures_is_compared(pair, sheet, ident, column, value):
    old, new = pair
    table = getattr(new, sheet)
    was = table.loc[_row(new, sheet, ident), column]
    table.loc[_row(new, sheet, ident), column] = value
    changes = fs.compare(old, new)
    title = {"Zieltext": value, "Titel": value}.get(column, table.loc[_row(new, sheet, ident),
                                                                        "Zieltext" if sheet == "ziele" else "Titel"])
    kind = {c.header: c.kind for c in plan.SHEETS[sheet].columns}[column]
    assert changes.values.tolist() == [["geändert", plan.SHEETS[sheet].title, ident, title, column,
                                        fs.shown(was, kind), fs.shown(value, kind)]]


def test_values_are_shown_in_german(pair):
    old, new = pair
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), ["Basisjahr", "Basiswert", "Zielwert", "Zieldatum"]] = \
        [2024, 1234.5, 65.25, dt.date(2030, 6, 30)]
    new.massnahmen.loc[_row(new, "massnahmen", "HF3-M1"), ["Sachkosten (€)", "Ende"]] = [21000, None]
    changes = fs.compare(old, new).set_index("Feld")[["alt", "neu"]]
    assert changes.to_dict("index") == {
        "Basisjahr": {"alt": "2023", "neu": "2024"}, "Basiswert": {"alt": "41,5", "neu": "1.234,5"},
        "Zielwert": {"alt": "60", "neu": "65,25"}, "Zieldatum": {"alt": "31.12.2028", "neu": "30.06.2030"},
        "Sachkosten (€)": {"alt": "18.200", "neu": "21.000"}, "Ende": {"alt": "31.03.2027", "neu": ""}}


def test_equal_values_of_another_type_are_no_change(pair):
    old, new = pair
    goal, measure = _row(new, "ziele", "HZ3.1.1"), _row(new, "massnahmen", "HF3-M1")
    new.ziele.loc[goal, ["Zielwert", "Basiswert", "Basisjahr"]] = [60.0, "41,5", 2023.0]
    new.ziele.loc[goal, "Zieldatum"] = dt.datetime(2028, 12, 31)
    new.ziele.loc[goal, "Zieltext"] = "  Die Kita-Quote ausländischer Kinder steigt  bis Ende 2028 auf 60 %. "
    new.massnahmen.loc[measure, ["Beginn", "Ende", "Sachkosten (€)", "Wirkungsebene"]] = \
        [pd.Timestamp(2026, 10, 1), "31.03.2027", "18.200", 4.0]
    new.massnahmen.loc[measure, "Kooperationspartner"] = "Kita-Träger"
    new.massnahmen.loc[_row(new, "massnahmen", "HF3-M2"), "Beschreibung"] = ""        # None before
    assert fs.compare(old, new).empty


def test_near_values_that_differ_are_changes(pair):
    old, new = pair
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), "Zieldatum"] = dt.datetime(2028, 12, 31, 10, 30)
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), "Zielwert"] = 60.001
    new.massnahmen.loc[_row(new, "massnahmen", "HF3-M1"), "Status"] = "Begonnen"
    changes = fs.compare(old, new)
    assert changes[["Feld", "alt", "neu"]].values.tolist() == [
        ["Zielwert", "60", "60,001"], ["Zieldatum", "31.12.2028", "31.12.2028 10:30"],
        ["Status", "begonnen", "Begonnen"]]


def test_handlungsfelder_and_own_columns_are_compared(pair):
    old, new = pair
    field = new.handlungsfelder.index[new.handlungsfelder["Handlungsfeld"] == F6][0]
    new.handlungsfelder.loc[field, "Handlungsfeld"] = "Teilhabe"
    new.massnahmen["Haushaltsstelle"] = None
    new.massnahmen.loc[_row(new, "massnahmen", "HF3-M2"), "Haushaltsstelle"] = "4711"
    changes = fs.compare(old, new)
    assert changes.values.tolist() == [
        ["geändert", "Handlungsfelder", new.handlungsfelder.loc[field, "ID"], "Teilhabe", "Handlungsfeld", F6,
         "Teilhabe"],
        ["geändert", "Maßnahmen", "HF3-M2", "<b>Sprachkita</b> & Fachtag", "Haushaltsstelle", "", "4711"]]


def test_rows_without_id_match_by_title_and_a_doubled_id_by_occurrence(pair):
    old, new = pair
    for p in (old, new):
        p.massnahmen.loc[50] = [None] * len(p.massnahmen.columns)
        p.massnahmen.loc[50, ["Titel", "Status"]] = ["Ohne Nummer", "begonnen"]
        p.massnahmen.loc[51] = p.massnahmen.loc[_row(p, "massnahmen", "HF3-M1")]
        p.massnahmen.loc[51, "Titel"] = "Doppelt"
    new.massnahmen.loc[50, "Status"] = "abgeschlossen"
    new.massnahmen.loc[51, "Sachkosten (€)"] = 1
    changes = fs.compare(old, new)
    assert changes[["ID", "Titel", "Feld", "neu"]].values.tolist() == [
        ["", "Ohne Nummer", "Status", "abgeschlossen"], ["HF3-M1", "Doppelt", "Sachkosten (€)", "1"]]


def test_the_versions_compared_are_named(workbook):
    fs.fortschreiben(workbook, 2034, today=TODAY)
    changes = fs.compare(plan.load_plan(workbook.with_name("planung_Fassung-1_2025-2029.xlsx")),
                         plan.load_plan(workbook))
    assert changes.attrs == {"alt": "Fassung 1 (gültig 01.01.2025 bis 31.12.2029), planung_Fassung-1_2025-2029.xlsx",
                             "neu": "Fassung 2 (gültig 01.01.2030 bis 31.12.2034), planung.xlsx"}


# --- the protocol -----------------------------------------------------------------------------------

def test_the_protocol_in_word_and_html_holds_the_table(pair, tmp_path):
    old, new = pair
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), ["Zielwert", "Zieldatum"]] = [65, dt.date(2029, 12, 31)]
    new.massnahmen = new.massnahmen.drop(_row(new, "massnahmen", "HF3-M2"))
    changes = fs.compare(old, new)
    paths = fs.write_protocol(changes, tmp_path / "out", "Änderungsprotokoll 2030", stand=TODAY)
    assert [p.name for p in paths] == ["aenderungsprotokoll.html", "aenderungsprotokoll.docx"]
    table = docx.Document(paths[1]).tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["Änderung", "Blatt", "ID", "Titel", "Feld", "bisher", "neu"],
                     ["geändert", "Ziele", "HZ3.1.1", GOALS[2]["Zieltext"], "Zielwert", "60", "65"],
                     ["", "", "", "", "Zieldatum", "31.12.2028", "31.12.2029"],
                     ["entfallen", "Maßnahmen", "HF3-M2", "<b>Sprachkita</b> & Fachtag", "",
                      "Zeitraum 01.01.2026–31.12.2026; Sachkosten 10.000 €; Status nicht begonnen", ""]]
    page = paths[0].read_text(encoding="utf-8")
    assert "&lt;b&gt;Sprachkita&lt;/b&gt; &amp; Fachtag" in page and "<b>Sprachkita" not in page
    assert "30.06.2026" in page and "1 Ziel geändert" in page and "1 Maßnahme entfallen" in page


def test_the_protocol_has_no_empty_first_page_and_keeps_its_page_numbers(pair, tmp_path):
    old, new = pair
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), "Zielwert"] = 65
    html, word = fs.write_protocol(fs.compare(old, new), tmp_path, "Änderungsprotokoll")
    document = docx.Document(word)
    assert [(s.orientation, s.footer.paragraphs[0].text) for s in document.sections] == \
        [(WD_ORIENT.LANDSCAPE, "Änderungsprotokoll – Seite 1")]
    assert document.paragraphs[0].text == "Änderungsprotokoll"
    page = html.read_text(encoding="utf-8")
    assert "<section class='hoch'>" not in page and page.count("<section") == 1


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").is_file(), reason="DejaVu Sans is what Chromium prints with")
def test_no_word_of_the_html_table_is_broken_inside(pair, tmp_path):
    """Every word of a cell fits its column (width minus padding and borders) in the font Chromium prints with:
    „Maßnahmen“ in the column „Blatt“ did not."""
    from html.parser import HTMLParser

    from PIL import ImageFont
    old, new = pair
    new.massnahmen = new.massnahmen.drop(_row(new, "massnahmen", "HF3-M2"))
    new.ziele.loc[_row(new, "ziele", "HZ3.1.1"), "Zielwert"] = 65
    page = fs.write_protocol(fs.compare(old, new), tmp_path, "Änderungsprotokoll")[0].read_text(encoding="utf-8")

    class Cells(HTMLParser):
        widths, cells, tag, size = [], [], None, 0.0

        def handle_starttag(self, tag, attrs):
            style = dict(attrs).get("style") or ""
            if tag == "col":
                self.widths.append(float(style.removeprefix("width:").removesuffix("cm")))
            if tag == "table":
                self.size = float(style.split("font-size:")[1].removesuffix("pt"))
            if tag in ("td", "th"):
                self.tag, self.cells = tag, self.cells + [[tag, ""]]

        def handle_data(self, data):
            if self.tag and self.cells:
                self.cells[-1][1] += data

        def handle_endtag(self, tag):
            self.tag = None if tag in ("td", "th") else self.tag
    parser = Cells()
    parser.feed(page)
    fonts = {kind: ImageFont.truetype(str(DEJAVU / name), 100) for kind, name in
             (("td", "DejaVuSans.ttf"), ("th", "DejaVuSans-Bold.ttf"))}
    borders_and_padding = 2 * 0.19 + 2 * 2.54 / 96
    too_wide = [(word, column) for i, (kind, text) in enumerate(parser.cells)
                for column in [i % len(parser.widths)] for word in text.split()
                if fonts[kind].getlength(word) / 100 * parser.size / 72 * 2.54
                > parser.widths[column] - borders_and_padding]
    assert len(parser.cells) == 3 * len(parser.widths) and too_wide == []


def test_an_empty_protocol_says_so_without_a_table(pair, tmp_path):
    paths = fs.write_protocol(fs.compare(*pair), tmp_path, "Änderungsprotokoll")
    assert docx.Document(paths[1]).tables == []
    assert "Keine Änderungen" in paths[0].read_text(encoding="utf-8")


def test_a_protocol_that_cannot_be_written_is_a_german_error(pair, tmp_path):
    (tmp_path / "datei").write_text("x")
    with pytest.raises(UserError, match="kein Ordner"):
        fs.write_protocol(fs.compare(*pair), tmp_path / "datei", "Änderungsprotokoll")


# --- the command line ---------------------------------------------------------------------------------

def test_cli_fortschreiben_and_vergleichen(workbook, capsys):
    assert main(["plan", "fortschreiben", str(workbook), "--bis", "2034"]) == 0
    out = capsys.readouterr().out
    assert "Neue Fassung 2 (gültig 01.01.2030 bis 31.12.2034)" in out and \
        f"schreibgeschützt in {workbook.with_name('planung_Fassung-1_2025-2029.xlsx')}." in out
    p = plan.load_plan(workbook)
    p.ziele.loc[_row(p, "ziele", "HZ3.1.1"), "Zielwert"] = 62.5
    plan.save_plan(p, workbook)
    archive = workbook.with_name("planung_Fassung-1_2025-2029.xlsx")
    out_dir = workbook.parent / "protokoll"
    assert main(["plan", "vergleichen", str(archive), str(workbook), "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert "Zielwert: bisher „60“, neu „62,5“" in out
    assert sorted(p.name for p in out_dir.iterdir()) == ["aenderungsprotokoll.docx", "aenderungsprotokoll.html"]


def test_cli_with_out_in_another_folder_names_the_archive_where_it_is(workbook, capsys):
    out = workbook.parent / "2030" / "planung.xlsx"
    assert main(["plan", "fortschreiben", str(workbook), "--bis", "2034", "--out", str(out)]) == 0
    archive = workbook.parent / "planung_Fassung-1_2025-2029.xlsx"
    assert f"ikpe plan vergleichen {archive} {out}“" in capsys.readouterr().out
    assert main(["plan", "vergleichen", str(archive), str(out)]) == 0
    assert "Keine Änderungen" in capsys.readouterr().out


def test_cli_refuses_a_year_before_the_validity_with_exit_2(workbook, capsys):
    assert main(["plan", "fortschreiben", str(workbook), "--bis", "2028"]) == 2
    assert "2028" in capsys.readouterr().err
