"""The planning workbook: layout in Excel, lossless round trip, safe saving, the check rules."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import openpyxl
import pandas as pd
import pytest

from toolkit import indicators, plan
from toolkit.cli import main
from toolkit.errors import UserError

FIELD = "Spracherwerb und Bildung"
GOALS = [
    {"ID": "L1", "Ebene": "Leitziel", "Handlungsfeld": FIELD, "Zieltext": "Alle Kinder lernen gut Deutsch."},
    {"ID": "M1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "L1", "Handlungsfeld": FIELD,
     "Zieltext": "Mehr Kinder mit Migrationsgeschichte besuchen eine Kita."},
    {"ID": "H1", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "M1", "Handlungsfeld": FIELD,
     "Zieltext": "Die Kita-Quote ausländischer Kinder unter 6 steigt bis Ende 2028 auf 60 %.",
     "Indikator": "auslaenderanteil", "Basisjahr": 2023, "Basiswert": 41.5, "Zielwert": 60,
     "Zieldatum": dt.date(2028, 12, 31)},
]
MEASURES = [
    {"ID": "MA1", "Handlungsfeld": FIELD, "Ziel-ID(s)": "H1", "Titel": "Kita-Lotsinnen",
     "Beginn": dt.date(2026, 1, 1), "Ende": dt.date(2027, 12, 31), "Personal (VZÄ)": 0.5,
     "Sachkosten (€)": 12000, "Finanzierung": "ESF", "Priorität": "Schwerpunkt", "Wirkungsebene": 2,
     "Status": "in Vorbereitung"},
]


def rows(table: pd.DataFrame, records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([[r.get(c) for c in table.columns] for r in records], columns=table.columns,
                        index=range(2, len(records) + 2), dtype=object)


@pytest.fixture
def path(tmp_path):
    return plan.new_plan(tmp_path / "plan.xlsx", "eisenach")


@pytest.fixture
def good(path) -> plan.Plan:
    """A small clean plan: Leitziel → Mittlerziel → Handlungsziel with one measure."""
    p = plan.load_plan(path)
    p.ziele, p.massnahmen = rows(p.ziele, GOALS), rows(p.massnahmen, MEASURES)
    return p


def findings(p: plan.Plan) -> list[tuple]:
    return [(f.sheet, f.row, f.column, f.severity, f.message) for f in plan.check_plan(p)]


# --- the new workbook in Excel ----------------------------------------------------------------------

def test_new_plan_has_german_sheets_frozen_headers_and_excel_lists(path):
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Handlungsfelder", "Ziele", "Indikatoren", "Maßnahmen", "Sachstand", "Fassung",
                               "Angebote", "Akteure", "Gremien", "Mitgliedschaften", "Beteiligung", "Sozialräume"]
    goals, measures = book["Ziele"], book["Maßnahmen"]
    assert [c.value for c in goals[1]] == ["ID", "Ebene", "Übergeordnetes Ziel", "Handlungsfeld", "Zieltext",
                                           "Zielgruppe", "Indikator", "Basisjahr", "Basiswert", "Zielwert",
                                           "Zieldatum", "Bedarf/Begründung"]
    assert [c.value for c in measures[1]][11:16] == ["Personal (VZÄ)", "Sachkosten (€)", "Finanzierung",
                                                     "Priorität", "Wirkungsebene"]
    assert all(book[s].freeze_panes == "A2" for s in book.sheetnames)
    assert goals.column_dimensions["E"].width == 60
    rules = {str(dv.sqref): dv for dv in goals.data_validations.dataValidation}
    assert rules["B2:B2000"].formula1 == '"Leitziel,Mittlerziel,Handlungsziel"'
    assert rules["D2:D2000"].formula1 == "'Handlungsfelder'!$B$2:$B$2000"
    assert rules["G2:G2000"].formula1 == "'Indikatoren'!$A$2:$A$2000"
    rules = {str(dv.sqref): dv for dv in measures.data_validations.dataValidation}
    assert rules["N2:N2000"].formula1 == '"Haushalt,Land/ThILIK,Bund,ESF,Drittmittel,Sonstige"'
    assert rules["O2:O2000"].formula1 == '"Schwerpunkt,Quick Win"'
    assert (rules["P2:P2000"].type, rules["P2:P2000"].formula1, rules["P2:P2000"].formula2) == ("whole", "1", "7")
    assert rules["P2:P2000"].prompt.startswith("PHINEO Wirkungstreppe – 1 Aktivitäten finden wie geplant statt;")
    assert rules["C2:C2000"].type is None and rules["C2:C2000"].prompt.startswith("Eine oder mehrere Ziel-IDs")


def test_new_plan_carries_template_fields_and_the_indicator_catalogue(path, tmp_path):
    p = plan.load_plan(path)
    assert p.handlungsfelder["Handlungsfeld"].tolist()[::4] == [
        "Organisatorische und fachliche Rahmenbedingungen", "Beratung und Unterstützung",
        "Stärkung des zivilgesellschaftlichen Engagements"]
    assert p.handlungsfelder["ID"].tolist()[-1] == "HF9"
    assert p.indikatoren["ID"].tolist() == [i.id for i in indicators.catalogue()]
    assert p.indikatoren.loc[2, "Einheit"] == indicators.catalogue()[0].unit
    assert p.indikatoren.set_index("ID").loc["arbeitslosenquote_auslaender", "Richtung"] == "niedriger ist besser"
    assert p.ziele.empty and p.massnahmen.empty and p.sachstand.empty
    assert [(f.sheet, f.row, f.severity, f.message[:48]) for f in plan.check_plan(p)] == [
        ("Ziele", None, "warning", "Die Planungsmappe enthält noch keine Ziele. Trag"),
        ("Maßnahmen", None, "warning", "Die Planungsmappe enthält noch keine Maßnahmen. ")]
    other = plan.load_plan(plan.new_plan(tmp_path / "sm.xlsx", "Schmalkalden-Meiningen"))
    assert other.handlungsfelder["Handlungsfeld"].tolist() == [
        "Arbeitsmarkt/Wirtschaft", "Wohnen", "Integration/Migration", "Infrastruktur/Ländlicher Raum",
        "Gesundheit", "Bildung/Schule", "Kinder und Familie"]


def test_new_plan_never_overwrites_and_says_what_to_do_with_an_empty_one(path, good, tmp_path):
    before = path.read_bytes()
    with pytest.raises(UserError, match="Die Datei gibt es schon; sie wird nicht überschrieben") as error:
        plan.new_plan(path, "schmalkalden-meiningen")
    assert path.read_bytes() == before
    assert error.value.hint.startswith("Die Mappe enthält noch keine Ziele und Maßnahmen: Tragen Sie andere "
                                       "Handlungsfelder direkt im Blatt „Handlungsfelder“ ein")
    plan.save_plan(good, path)
    before = path.read_bytes()
    with pytest.raises(UserError) as error:
        plan.new_plan(path, "eisenach")
    assert path.read_bytes() == before
    assert error.value.hint == "Wählen Sie einen neuen Dateinamen oder löschen Sie die alte Datei selbst."
    (tmp_path / "notiz.xlsx").write_text("keine Mappe")
    with pytest.raises(UserError) as error:
        plan.new_plan(tmp_path / "notiz.xlsx", "eisenach")
    assert error.value.hint == "Wählen Sie einen neuen Dateinamen oder löschen Sie die alte Datei selbst."


def test_own_handlungsfelder_from_text_csv_and_excel(tmp_path):
    (tmp_path / "hf.txt").write_text("Wohnen\n\nArbeit und Ausbildung\n", encoding="utf-8")
    (tmp_path / "hf.csv").write_bytes("Handlungsfeld;Bemerkung\nWohnen;neu\nGesundheit und Prävention;\n"
                                      .encode("cp1252"))
    book = openpyxl.Workbook()
    for name in ("Handlungsfeld", "Sprache, Bildung", "Teilhabe"):
        book.active.append([name])
    book.save(tmp_path / "hf.xlsx")
    assert plan.handlungsfelder_from(tmp_path / "hf.txt") == ["Wohnen", "Arbeit und Ausbildung"]
    assert plan.handlungsfelder_from(tmp_path / "hf.csv") == ["Wohnen", "Gesundheit und Prävention"]
    assert plan.handlungsfelder_from(tmp_path / "hf.xlsx") == ["Sprache, Bildung", "Teilhabe"]
    p = plan.load_plan(plan.new_plan(tmp_path / "plan.xlsx", tmp_path / "hf.xlsx"))
    assert p.handlungsfelder.values.tolist() == [["HF1", "Sprache, Bildung", None], ["HF2", "Teilhabe", None]]


@pytest.mark.parametrize("content, message", [
    ("Wohnen\nArbeit\nWohnen\n", "Die Handlungsfelder stehen doppelt: Wohnen."),
    ("Handlungsfeld\n\n", "Die Datei enthält keine Handlungsfelder."),
])
def test_own_handlungsfelder_file_errors(tmp_path, content, message):
    (tmp_path / "hf.txt").write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as error:
        plan.handlungsfelder_from(tmp_path / "hf.txt")
    assert str(error.value).startswith(f"Datei „{tmp_path / 'hf.txt'}“: {message}")


def test_unknown_template_names_the_templates(tmp_path):
    with pytest.raises(UserError, match=r"Weder eine Vorlage \(eisenach, schmalkalden-meiningen\)"):
        plan.new_plan(tmp_path / "plan.xlsx", "erfurt")
    assert not (tmp_path / "plan.xlsx").exists()


# --- round trip and saving --------------------------------------------------------------------------

def test_round_trip_keeps_umlauts_line_breaks_dates_empty_cells_and_user_additions(good, path):
    good.massnahmen.loc[2, "Beschreibung"] = "Lotsinnen begleiten Familien\nzur Anmeldung – auch für Großeltern."
    plan.save_plan(good, path)
    book = openpyxl.load_workbook(path)              # the user works in Excel: a column, a sheet, a formula
    book["Maßnahmen"]["T1"], book["Maßnahmen"]["T2"] = "Ansprechpartnerin", "Frau Öztürk"
    own = book.create_sheet("Notizen")
    own.append(["Thema", "Summe"])
    own.append(["Budget", "=SUM(Maßnahmen!M2:M10)", "ohne Überschrift"])
    own["A2"].font = openpyxl.styles.Font(bold=True)
    book.save(path)

    first = plan.load_plan(path)
    plan.save_plan(first, path)
    second = plan.load_plan(path)
    for key in plan.SHEETS:
        pd.testing.assert_frame_equal(getattr(first, key), getattr(second, key))
    measure = second.massnahmen.loc[2]
    assert measure["Beschreibung"] == "Lotsinnen begleiten Familien\nzur Anmeldung – auch für Großeltern."
    assert (measure["Beginn"], measure["Kooperationspartner"]) == (dt.date(2026, 1, 1), None)
    assert measure["Ansprechpartnerin"] == "Frau Öztürk"
    assert second.ziele.loc[4, "Zieldatum"] == dt.date(2028, 12, 31)
    assert second.extra["Notizen"].to_dict("list") == {"Thema": ["Budget"], "Summe": ["=SUM(Maßnahmen!M2:M10)"],
                                                       "C": ["ohne Überschrift"]}
    copy = plan.save_plan(second, path.with_name("kopie.xlsx"))
    for book in (openpyxl.load_workbook(path), openpyxl.load_workbook(copy)):
        assert book["Notizen"]["B2"].data_type == "f" and book["Notizen"]["A2"].font.b
    assert book["Maßnahmen"]["I2"].number_format == "DD.MM.YYYY"
    assert len(book["Maßnahmen"].data_validations.dataValidation) == 12    # all of the new workbook


def test_saving_keeps_the_previous_version_as_backup(good, path):
    before = path.read_bytes()
    plan.save_plan(good, path)
    assert plan.backup_path(path).name == "plan.bak.xlsx"
    assert plan.backup_path(path).read_bytes() == before
    assert plan.load_plan(path).ziele["ID"].tolist() == ["L1", "M1", "H1"]
    assert sorted(f.name for f in path.parent.iterdir()) == ["plan.bak.xlsx", "plan.xlsx"]


def test_saving_keeps_the_file_permissions(good, path):
    """Temporary files are private (0600); a saved plan must stay readable for the colleagues it was before."""
    path.chmod(0o664)
    plan.save_plan(good, path)
    assert path.stat().st_mode & 0o777 == 0o664
    new = plan.save_plan(good, path.with_name("neu.xlsx"))
    umask = os.umask(0o022)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask


def test_two_writers_at_once_keep_both_changes(good, path):
    """Two browser tabs (two kernels) saving at the same moment: with the lock every change survives."""
    def add(prefix: str) -> None:
        for n in range(4):
            with plan.locked(path):
                fresh = plan.load_plan(path)
                fresh.sachstand.loc[len(fresh.sachstand) + 2] = {"Datum": dt.date(2026, 12, 31),
                                                           "Maßnahme-ID": "MA1", "Sachstand": f"{prefix}{n}"}
                plan.save_plan(fresh, path)
    writers = [threading.Thread(target=add, args=(prefix,)) for prefix in "ab"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert sorted(plan.load_plan(path).sachstand["Sachstand"]) == ["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"]
    assert not list(path.parent.glob(".~*"))


def test_two_writers_taking_over_a_stale_lock_never_hold_it_together(path, monkeypatch):
    """Both see the crashed writer's lock as stale; the one that looked last must not delete the lock the
    other has just made (check and delete widened here by a pause in the age check)."""
    lock = path.with_name(f".~{path.name}.lock")
    lock.touch()
    old = lock.stat().st_mtime - plan.STALE_LOCK - 1
    os.utime(lock, (old, old))
    age = plan.lock._lock_age
    monkeypatch.setattr(plan.lock, "_lock_age", lambda file: (age(file), time.sleep(0.2))[0])
    inside, most = [], []

    def write() -> None:
        with plan.locked(path, wait=5):
            inside.append(1)
            most.append(len(inside))
            time.sleep(0.5)
            inside.pop()
    writers = [threading.Thread(target=write) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert most == [1, 1] and not list(path.parent.glob(".~*"))


def test_a_held_lock_is_a_german_error_and_a_stale_one_is_taken_over(path):
    lock = path.with_name(f".~{path.name}.lock")
    lock.touch()
    with pytest.raises(UserError, match="wird gerade an anderer Stelle gespeichert"):
        with plan.locked(path, wait=0.2):
            pass
    old = lock.stat().st_mtime - plan.STALE_LOCK - 1
    os.utime(lock, (old, old))
    with plan.locked(path, wait=0.2):
        assert lock.exists()
    assert not lock.exists()


def test_fewer_rows_and_dropped_columns_leave_no_stale_cells(good, path):
    good.massnahmen["Notiz"] = "alt"
    plan.save_plan(good, path)
    good.ziele = good.ziele.loc[[2]]
    good.massnahmen = good.massnahmen.drop(columns="Notiz")
    plan.save_plan(good, path)
    again = plan.load_plan(path)
    assert again.ziele["ID"].tolist() == ["L1"] and "Notiz" not in again.massnahmen.columns


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x.example\",\"klick\")", "+49 3691 123", "-5 Plätze",
                                  "@verwaltung"])
def test_text_that_looks_like_a_formula_is_stored_as_text(good, path, text):
    good.massnahmen.loc[2, "Meilensteine"] = text
    plan.save_plan(good, path)
    cell = openpyxl.load_workbook(path)["Maßnahmen"]["K2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert plan.load_plan(path).massnahmen.loc[2, "Meilensteine"] == text


@pytest.mark.parametrize("kill_at_fsync", [1, 2], ids=["while writing the backup", "while writing the plan"])
def test_a_process_killed_mid_save_leaves_the_file_intact(good, path, kill_at_fsync):
    plan.save_plan(good, path)
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, signal
        from toolkit import plan
        p = plan.load_plan({str(path)!r})
        p.massnahmen = p.massnahmen.iloc[[0] * 3000]
        p.massnahmen.index = range(2, 3002)
        calls, real = [], os.fsync
        def fsync(fd):
            calls.append(fd)
            if len(calls) == {kill_at_fsync}:
                os.kill(os.getpid(), signal.SIGKILL)
            real(fd)
        os.fsync = fsync
        plan.save_plan(p, {str(path)!r})
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert path.read_bytes() == before
    assert plan.load_plan(path).massnahmen["ID"].tolist() == ["MA1"]


def test_a_crash_between_write_and_replace_leaves_the_file_and_no_temp(good, path, monkeypatch):
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError("Datenträger voll")
    monkeypatch.setattr(plan.save.os, "replace", crash)
    with pytest.raises(OSError):
        plan.save_plan(good, path)
    assert path.read_bytes() == before
    assert sorted(f.name for f in path.parent.iterdir()) == ["plan.xlsx"]


def test_a_file_locked_by_excel_is_a_user_error(good, path, monkeypatch):
    before = path.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(plan.save.os, "replace", locked)
    with pytest.raises(UserError, match="Die Datei kann nicht gespeichert werden: Zugriff verweigert.\n"
                                        "So beheben Sie es: Schließen Sie die Datei in Excel"):
        plan.save_plan(good, path)
    assert path.read_bytes() == before


# --- errors a user can cause ------------------------------------------------------------------------

def _edit(path, change):
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


@pytest.mark.parametrize("change, message", [
    (lambda b: b.remove(b["Maßnahmen"]), "Das Blatt „Maßnahmen“ fehlt."),
    (lambda b: b["Ziele"].cell(1, 5, "Ziel"), "Zeile 1, Spalte „Zieltext“: Im Blatt „Ziele“ fehlt die Spalte "
                                              "„Zieltext“ in der Kopfzeile."),
    (lambda b: b["Maßnahmen"].cell(5, 25, "ohne Kopf"), "Zeile 1, Spalte „Y“: Im Blatt „Maßnahmen“ hat die "
                                                        "Spalte Y Werte, aber keine Überschrift."),
    (lambda b: b["Ziele"].cell(1, 13, "Zielgruppe"), "Zeile 1, Spalte „Zielgruppe“: Im Blatt „Ziele“ steht die "
                                                     "Überschrift „Zielgruppe“ zweimal."),
])
def test_broken_workbooks_are_named_precisely(path, change, message):
    _edit(path, change)
    with pytest.raises(UserError) as error:
        plan.load_plan(path)
    assert str(error.value).startswith(f"Datei „{path}“, {message}" if "Zeile" in message
                                       else f"Datei „{path}“: {message}")


def test_missing_file_and_not_an_excel_file(tmp_path):
    with pytest.raises(UserError, match="Die Datei gibt es nicht"):
        plan.load_plan(tmp_path / "fehlt.xlsx")
    (tmp_path / "liste.xlsx").write_text("ID;Titel\n", encoding="utf-8")
    with pytest.raises(UserError, match="keine lesbare Excel-Arbeitsmappe"):
        plan.load_plan(tmp_path / "liste.xlsx")


# --- check rules ------------------------------------------------------------------------------------

def test_the_example_plan_is_clean(good):
    assert findings(good) == []


@pytest.mark.parametrize("sheet, row, column, value, expected", [
    ("ziele", 3, "ID", None, ("Ziele", 3, "ID", "error", "Die ID fehlt.")),
    ("ziele", 3, "ID", "L1", ("Ziele", 3, "ID", "error",
                              "Die ID „L1“ steht schon in Zeile 2; jede ID darf nur einmal vorkommen.")),
    ("ziele", 2, "Zieltext", " ", ("Ziele", 2, "Zieltext", "error", "Pflichtangabe fehlt.")),
    ("ziele", 2, "Ebene", "Oberziel", ("Ziele", 2, "Ebene", "error", "„Oberziel“ steht nicht in der Liste; "
                                       "erlaubt: Leitziel, Mittlerziel, Handlungsziel.")),
    ("ziele", 2, "Handlungsfeld", "Wohnen", ("Ziele", 2, "Handlungsfeld", "error",
                                             "„Wohnen“ steht nicht im Blatt „Handlungsfelder“.")),
    ("ziele", 3, "Übergeordnetes Ziel", "L9", ("Ziele", 3, "Übergeordnetes Ziel", "error",
                                               "„L9“ steht nicht im Blatt „Ziele“.")),
    ("ziele", 4, "Indikator", "kitaquote", ("Ziele", 4, "Indikator", "error",
                                            "„kitaquote“ steht nicht im Blatt „Indikatoren“.")),
    ("ziele", 4, "Basisjahr", 23, ("Ziele", 4, "Basisjahr", "error", "„23“ ist keine ganze Zahl von 1990 bis 2100.")),
    ("ziele", 4, "Zielwert", "60 %", ("Ziele", 4, "Zielwert", "error", "„60 %“ ist keine Zahl; tragen Sie eine "
                                      "Zahl ohne Einheit ein (Formeln werden nicht ausgewertet).")),
    ("ziele", 4, "Zieldatum", "Ende 2028", ("Ziele", 4, "Zieldatum", "error", "„Ende 2028“ ist kein gültiges "
                                            "Datum; erwartet wird TT.MM.JJJJ, z. B. 01.03.2026.")),
    ("massnahmen", 2, "Sachkosten (€)", -100, ("Maßnahmen", 2, "Sachkosten (€)", "error",
                                               "-100 ist negativ; erwartet wird eine Zahl ab 0.")),
    ("massnahmen", 2, "Personal (VZÄ)", "halbe Stelle", ("Maßnahmen", 2, "Personal (VZÄ)", "error",
                                                         "„halbe Stelle“ ist keine Zahl; tragen Sie eine Zahl "
                                                         "ohne Einheit ein (Formeln werden nicht ausgewertet).")),
    ("massnahmen", 2, "Finanzierung", "Spenden", ("Maßnahmen", 2, "Finanzierung", "error", "„Spenden“ steht nicht "
                                                  "in der Liste; erlaubt: Haushalt, Land/ThILIK, Bund, ESF, "
                                                  "Drittmittel, Sonstige.")),
    ("massnahmen", 2, "Priorität", "hoch", ("Maßnahmen", 2, "Priorität", "error",
                                            "„hoch“ steht nicht in der Liste; erlaubt: Schwerpunkt, Quick Win.")),
    ("massnahmen", 2, "Wirkungsebene", 8, ("Maßnahmen", 2, "Wirkungsebene", "error",
                                           "„8“ ist keine ganze Zahl von 1 bis 7.")),
    ("massnahmen", 2, "Status", "läuft", ("Maßnahmen", 2, "Status", "error", "„läuft“ steht nicht in der Liste; "
                                          "erlaubt: nicht begonnen, in Vorbereitung, begonnen, fortlaufend, "
                                          "abgeschlossen, entfallen.")),
    ("massnahmen", 2, "Ende", dt.date(2025, 6, 30), ("Maßnahmen", 2, "Ende", "error",
                                                     "Das Ende (30.06.2025) liegt vor dem Beginn (01.01.2026).")),
    ("massnahmen", 2, "Ziel-ID(s)", "H1, H7", ("Maßnahmen", 2, "Ziel-ID(s)", "error",
                                               "Ein Ziel „H7“ gibt es im Blatt „Ziele“ nicht.")),
    ("massnahmen", 2, "Ziel-ID(s)", "M1", ("Ziele", 4, "ID", "error", "Keine Maßnahme dient diesem Handlungsziel; "
                                           "tragen Sie seine ID bei mindestens einer Maßnahme unter „Ziel-ID(s)“ "
                                           "ein.")),
])
def test_each_rule_names_sheet_row_and_column(good, sheet, row, column, value, expected):
    getattr(good, sheet).loc[row, column] = value
    assert expected in findings(good)


def test_sachstand_rows_name_a_measure_of_the_plan_and_why_a_light_was_set_by_hand(good):
    rows = [{"Maßnahme-ID": "HF9-M9", "Status": "begonnen"}, {"Maßnahme-ID": "H1", "Status": "begonnen"},
            {"Maßnahme-ID": good.massnahmen.loc[2, "ID"], "Fortschritt (%)": 120, "Ampel": "grün"}]
    good.sachstand = pd.DataFrame([{"Datum": dt.date(2026, 12, 31), **r} for r in rows], index=[2, 3, 4], dtype=object,
                                  columns=good.sachstand.columns)
    assert [p[:4] for p in findings(good) if p[0] == "Sachstand"] == [
        ("Sachstand", 2, "Maßnahme-ID", "error"), ("Sachstand", 3, "Maßnahme-ID", "warning"),
        ("Sachstand", 4, "Fortschritt (%)", "error"), ("Sachstand", 4, "Ampel-Begründung", "warning")]


def test_goal_hierarchy_rules(good):
    good.ziele.loc[2, "Übergeordnetes Ziel"] = "M1"
    good.ziele.loc[3, "Übergeordnetes Ziel"] = None
    good.ziele.loc[4, "Übergeordnetes Ziel"] = "L1"
    good.massnahmen.loc[2, "Ziel-ID(s)"] = "H1; M1"
    assert findings(good) == [
        ("Ziele", 2, "Übergeordnetes Ziel", "error", "Ein Leitziel hat kein übergeordnetes Ziel."),
        ("Ziele", 3, "Übergeordnetes Ziel", "warning", "Dieses Mittlerziel hängt an keinem Leitziel."),
        ("Ziele", 4, "Übergeordnetes Ziel", "error", "„L1“ ist ein Leitziel; ein Handlungsziel gehört unter ein "
                                                     "Mittlerziel."),
    ]
    good.massnahmen.loc[2, "Ziel-ID(s)"] = "M1"
    assert ("Maßnahmen", 2, "Ziel-ID(s)", "warning", "Die Maßnahme dient keinem Handlungsziel; Maßnahmen setzen "
            "Handlungsziele um.") in findings(good)


def test_dates_as_german_text_and_own_indicators_are_accepted(good):
    good.massnahmen.loc[2, "Beginn"] = "01.02.2026"
    good.ziele.loc[4, "Indikator"] = "kitaquote"
    good.indikatoren.loc[99] = ["kitaquote", "Kita-Quote ausländischer Kinder", "%", FIELD, "höher ist besser"]
    assert findings(good) == []


# --- command line -----------------------------------------------------------------------------------

def test_cli_new_and_check(tmp_path, good, path, capsys):
    assert main(["plan", "new", str(tmp_path / "neu.xlsx"), "--handlungsfelder", "schmalkalden-meiningen"]) == 0
    assert main(["plan", "check", str(tmp_path / "neu.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Hinweis – Blatt „Ziele“: Die Planungsmappe enthält noch keine Ziele. Tragen Sie je Handlungsfeld ein "
        "Leitziel ein, darunter Mittler- und Handlungsziele – in Excel oder in der Trainings-App „Zielfindung“ "
        "(Stufe 3).",
        "Hinweis – Blatt „Maßnahmen“: Die Planungsmappe enthält noch keine Maßnahmen. Tragen Sie ein, was die "
        "Handlungsziele umsetzen soll – in Excel oder in der Trainings-App „Maßnahmenplanung“ (Stufe 4).",
        "0 Fehler, 2 Hinweise."]
    good.ziele.loc[3, "Übergeordnetes Ziel"] = None
    plan.save_plan(good, path)
    assert main(["plan", "check", str(path)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "Hinweis – Blatt „Ziele“, Zeile 3, Spalte „Übergeordnetes Ziel“: Dieses Mittlerziel hängt an keinem Leitziel.",
        "Fehler – Blatt „Ziele“, Zeile 4, Spalte „Zieltext“: SMART (spezifisch): Die Zielgruppe fehlt: tragen Sie "
        "unter „Zielgruppe“ ein, wen das Ziel erreichen soll, z. B. „neu zugewanderte Frauen“.",
        "Fehler – Blatt „Ziele“, Zeile 4, Spalte „Bedarf/Begründung“: SMART (relevant): Die Begründung fehlt: tragen "
        "Sie unter „Bedarf/Begründung“ ein, welcher Befund der Datenanalyse oder welche Lücke der Bestandsanalyse "
        "das Ziel begründet. Der Indikator „Ausländeranteil“ gehört zum Handlungsfeld „Aufgaben der Kommune“, das "
        "Ziel zu „Spracherwerb und Bildung“: prüfen Sie, ob er misst, was das Ziel ändern will.",
        "2 Fehler, 1 Hinweis."]
    good.ziele.loc[4, ["Zielgruppe", "Indikator", "Bedarf/Begründung"]] = [
        "Kinder unter 6 mit Migrationsgeschichte", "kita_quote_herkunft", "Kita-Quote deutlich unter der Thüringens"]
    plan.save_plan(good, path)
    assert main(["plan", "check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 Fehler, 1 Hinweis."
    good.massnahmen.loc[2, "Sachkosten (€)"] = "=1000*12"
    plan.save_plan(good, path)
    assert main(["plan", "check", str(path)]) == 2
    assert "Fehler – Blatt „Maßnahmen“, Zeile 2, Spalte „Sachkosten (€)“: „=1000*12“ ist keine Zahl" \
        in capsys.readouterr().out
    assert main(["plan", "check", str(tmp_path / "fehlt.xlsx")]) == 2
    assert "Fehler: Datei „" in capsys.readouterr().err
