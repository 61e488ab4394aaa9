"""Module 5 app: a Sachstand entered in the form shows its light at once, is added to the log of the workbook (never
changing a logged row, keeping what was logged meanwhile on disk), and the overview follows; what cannot be saved
is said in German and nothing is written. The notebook under Voila in Chromium: tests/browser/test_monitoring.py."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import DEMO_PLAN, digest
from toolkit import plan
from toolkit.config import DEMO_DATA_DIR, DEMO_STAND
from toolkit.monitoring import app as monitoring_app
from toolkit.monitoring import sachstand
from toolkit.monitoring.stage import prepare

MEASURE = "HF5-M3"


@pytest.fixture
def app(workbook, voila) -> monitoring_app.App:
    return monitoring_app.form(prepare(DEMO_DATA_DIR, "16099", workbook))


def _enter(app: monitoring_app.App, ident: str = MEASURE, **values) -> None:
    app.measure.value = ident
    for name, value in values.items():
        getattr(app, name).value = value


def _drawn(app: monitoring_app.App) -> int:
    return int(re.search(r"data-n='(\d+)'", app.drawn.value)[1])


def test_the_light_follows_the_form_and_a_save_adds_one_row_and_redraws_the_overview(app, workbook):
    before = plan.load_plan(workbook).sachstand
    _enter(app)
    assert app.datum.value == "30.06.2026"                       # the demo's Stichtag
    assert "Ampel mit diesem Sachstand" in app.live.value
    _enter(app, status="abgeschlossen", fortschritt="100", sachstand="Wegweiser gedruckt und verteilt",
           next_step="Nachdruck 2027", reporter="Integrationsmanagerin")
    live = app.live.value
    drawn = _drawn(app)
    app.save_button.click()
    assert "Gespeichert: Sachstand zu „HF5-M3“ vom 30.06.2026" in app.message.value
    log = plan.load_plan(workbook).sachstand
    assert len(log) == len(before) + 1
    assert log.iloc[:len(before)].equals(before)                 # nothing logged changes
    added = log.iloc[-1]
    assert [added["Datum"], added["Maßnahme-ID"], added["Status"], added["Fortschritt (%)"], added["Sachstand"],
            added["Nächster Schritt"], added["Ampel"], added["Gemeldet von"]] == [
        DEMO_STAND, MEASURE, "abgeschlossen", 100, "Wegweiser gedruckt und verteilt", "Nachdruck 2027", None,
        "Integrationsmanagerin"]
    assert len(plan.load_plan(plan.backup_path(workbook)).sachstand) == len(before)
    assert _drawn(app) > drawn
    light = app.stage.lights.loc[MEASURE]
    assert light["Status"] == "abgeschlossen" and light["Fortschritt (%)"] == 100
    assert f">{MEASURE}</td>" in app.measures.value
    row = app.measures.value.split(f">{MEASURE}</td>")[1].split("</tr>")[0]
    assert f"ikpe-ampel-{light['Ampel'].replace('ü', 'ue')}" in row and "abgeschlossen" in row
    assert re.search(r"Ampel mit diesem Sachstand:</b> <span class='ikpe-ampel", live)


def test_what_cannot_be_saved_is_said_in_german_and_nothing_is_written(app, workbook):
    original = digest(workbook)
    for field, value, said in (("fortschritt", "120", "Fortschritt „120“: erwartet wird eine ganze Zahl von 0 bis 100"),
                               ("fortschritt", "ein Drittel", "Fortschritt „ein Drittel“"),
                               ("datum", "31.02.2026", "„31.02.2026“ ist kein Datum")):
        _enter(app, fortschritt="", datum="30.06.2026")
        getattr(app, field).value = value
        assert "Noch nicht speicherbar" in app.live.value and said in app.live.value
        app.save_button.click()
        assert said in app.message.value and "Traceback" not in app.message.value
        assert digest(workbook) == original


def test_an_ampel_set_by_hand_needs_its_reason_and_then_overrides_the_computed_light(app, workbook):
    _enter(app, fortschritt="10")
    computed = re.search(r"ikpe-ampel-(\w+)", app.live.value)[1].replace("ue", "ü")
    other = next(light for light in plan.AMPEL if light != computed)
    _enter(app, fortschritt="10", ampel=other)
    original = digest(workbook)
    app.save_button.click()
    assert "Ampel-Begründung" in app.message.value and digest(workbook) == original
    app.reason.value = "Träger hat Personal gewechselt; Lage besser als die Zahlen"
    assert f"ikpe-ampel-{other.replace('ü', 'ue')}" in app.live.value and "Träger hat Personal" in app.live.value
    app.save_button.click()
    saved = plan.load_plan(workbook).sachstand.iloc[-1]
    assert saved["Ampel"] == other and saved["Ampel-Begründung"].startswith("Träger hat Personal")
    light = app.stage.lights.loc[MEASURE]
    assert [light["Ampel"], light["berechnet"], light["überstimmt"]] == [other, computed, True]


def test_a_row_logged_meanwhile_on_disk_stays_and_the_same_report_twice_is_kept_once(app, workbook):
    meanwhile = plan.load_plan(workbook)
    other = next(i for i in sachstand.measure_ids(meanwhile) if i != MEASURE)
    sachstand.append(meanwhile, [{"Datum": dt.date(2026, 6, 1), "Maßnahme-ID": other, "Status": "begonnen",
                                  "Sachstand": "In Excel eingetragen"}])
    plan.save_plan(meanwhile, workbook)
    _enter(app, fortschritt="40", sachstand="Entwurf beim Layout")
    app.save_button.click()
    log = plan.load_plan(workbook).sachstand
    assert list(log["Sachstand"].iloc[-2:]) == ["In Excel eingetragen", "Entwurf beim Layout"]
    app.save_button.click()
    assert "steht schon so im Protokoll" in app.message.value
    assert len(plan.load_plan(workbook).sachstand) == len(log)


def test_a_sachstand_after_the_stichtag_moves_the_overview_to_its_date(app, workbook):
    _enter(app, datum="15.09.2026", fortschritt="60")
    assert "zum 15.09.2026, dem Datum des Sachstands" in app.live.value
    app.save_button.click()
    assert app.stage.stichtag == dt.date(2026, 9, 15)
    assert "Die Übersicht gilt jetzt zum 15.09.2026" in app.message.value
    assert app.stage.latest.loc[MEASURE, "Datum"] == dt.date(2026, 9, 15)


def test_the_demo_plan_itself_is_never_written(workbook, voila, monkeypatch):
    original = digest(DEMO_PLAN)
    made = monitoring_app.form(prepare(DEMO_DATA_DIR, "16099"))
    assert made.path != DEMO_PLAN.resolve() and made.path.name == "planung.xlsx"
    _enter(made, fortschritt="30")
    made.save_button.click()
    assert "Gespeichert" in made.message.value and digest(DEMO_PLAN) == original


def test_outside_voila_there_is_no_form(monkeypatch, on_display):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    shown = []
    on_display(shown.append)
    assert monitoring_app.form(prepare(DEMO_DATA_DIR, "16099")) is None and shown == []


def test_the_overview_shows_the_new_light_before_the_workbook_is_written(app, workbook, monkeypatch):
    _enter(app, status="entfallen", sachstand="Vom Kreistag gestrichen")
    seen = {}
    write = app._write

    def watched(values):
        seen["measures"], seen["message"] = app.measures.value, app.message.value
        return write(values)
    monkeypatch.setattr(app, "_write", watched)
    app.save_button.click()
    row = seen["measures"].split(f">{MEASURE}</td>")[1].split("</tr>")[0]
    assert "entfallen" in row and "wird in die Planungsmappe geschrieben" in seen["message"]
    assert "Gespeichert" not in seen["message"]
    assert "Gespeichert:" in app.message.value and plan.load_plan(workbook).sachstand.iloc[-1]["Status"] == "entfallen"


def test_a_failed_write_puts_the_overview_back_and_says_why(app, workbook):
    meanwhile = plan.load_plan(workbook)
    meanwhile.massnahmen = meanwhile.massnahmen[meanwhile.massnahmen["ID"] != MEASURE]
    plan.save_plan(meanwhile, workbook)
    original, shown, lights = digest(workbook), app.measures.value, app.stage.lights.copy()
    _enter(app, status="abgeschlossen", fortschritt="100")
    app.save_button.click()
    assert "steht nicht mehr in der Planungsmappe" in app.message.value
    assert digest(workbook) == original
    assert app.measures.value == shown and app.stage.lights.equals(lights)
    assert app.status.value == "abgeschlossen" and app.fortschritt.value == "100"   # what was typed stays


def test_a_plan_without_measures_shows_the_app_with_nothing_to_choose(tmp_path, voila):
    path = plan.new_plan(tmp_path / "leer.xlsx", "eisenach")
    made = monitoring_app.form(prepare(DEMO_DATA_DIR, "16099", str(path)))
    assert [value for _, value in made.measure.options] == [None]
    assert "noch keine Maßnahmen" in made.overview.value and "noch keine Maßnahmen" in made.measures.value
    original = digest(path)
    made.save_button.click()
    assert "Bitte wählen Sie eine Maßnahme." in made.message.value and digest(path) == original
