"""`ikpe apps` in Debian's Chromium: widgets work, the source stays hidden, nothing is fetched from outside, errors
stay friendly on the page and reach the trainer's log (the server on the test notebooks: tests/conftest.py)."""
from __future__ import annotations

FRIENDLY = "Hier ist leider etwas schiefgegangen."


def test_widget_reacts_and_source_is_hidden_and_nothing_is_fetched_from_outside(apps_url, browser):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{apps_url}/widget.ipynb")
    label = page.get_by_text("Doppelt: 4")
    label.wait_for(timeout=60_000)
    page.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Doppelt: 6").wait_for(timeout=30_000)
    assert "regler.observe" not in page.content()
    assert requested and [url for url in requested if not url.startswith(("http://127.0.0.1:", "data:"))] == []
    page.close()


def test_failing_cell_shows_german_message_without_traceback(apps_url, browser):
    page = browser.new_page()
    page.goto(f"{apps_url}/fehler.ipynb")
    page.get_by_text(FRIENDLY).wait_for(timeout=60_000)
    text = page.locator("body").inner_text()
    for leak in ("ZeroDivisionError", "Traceback", "1 / 0", "There was an error"):
        assert leak not in text
    page.close()


def test_a_data_problem_shows_the_clis_german_message_and_the_trainer_finds_the_traceback_in_the_log(
        apps_url, browser, server_log):
    page = browser.new_page()
    page.goto(f"{apps_url}/datenfehler.ipynb")
    page.get_by_text("So beheben Sie es: Die Datei neu herunterladen.").wait_for(timeout=60_000)
    text = page.locator("body").inner_text()
    assert ("Fehler: Datei „daten/mein-kreis/x.csv“, Zeile 7, Spalte „Wert“: Die Spalte „Wert“ enthält „zwölf“ "
            "statt einer Zahl.") in text
    assert "vorher" in text and "danach" not in text
    assert page.locator(".ikpe-fehler").evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    for leak in ("Traceback", "UserError", "raise ", "There was an error", FRIENDLY):
        assert leak not in text
    page.close()
    log = server_log.read_text()
    assert "Fehler in der App (die Meldung steht auf der Seite): Datei „daten/mein-kreis/x.csv“" in log
    assert "toolkit.errors.UserError: Datei „daten/mein-kreis/x.csv“, Zeile 7" in log and "Traceback" in log
