"""Module 3 in Debian's Chromium: the goal form of notebooks/03_zielfindung.ipynb under Voila with a preheated
kernel saves into the working copy, and a second tab (another kernel) sees the change."""
from __future__ import annotations

from tests.browser.conftest import WAIT, course_app, error_texts, field, open_entry
from tests.conftest import DEMO_PLAN, digest, row_of
from toolkit import plan


def test_goal_form_in_the_browser_saves_and_a_second_tab_sees_it(tmp_path, browser):
    from playwright.sync_api import expect
    original = digest(DEMO_PLAN)
    with course_app(tmp_path, "03_zielfindung.ipynb") as (url, copy):
        # edited in Excel after the kernel was preheated, before the page is opened: the page must show it
        excel = plan.load_plan(copy)
        excel.ziele.loc[excel.ziele["ID"] == "HZ6.2.1", "Bedarf/Begründung"] = "Nach dem Vorheizen in Excel geändert"
        plan.save_plan(excel, copy)
        first = browser.new_page()
        open_entry(first, url, "HZ6.2.1")
        expect(field(first, "bedarf-begruendung")).to_have_value("Nach dem Vorheizen in Excel geändert", timeout=WAIT)
        feedback = first.locator(".ikpe-rueckmeldung")
        feedback.get_by_text("Die Zielgruppe fehlt", exact=False).wait_for(timeout=WAIT)
        field(first, "zielgruppe").fill("neu zugewanderte Frauen")
        field(first, "zielgruppe").press("Enter")
        expect(feedback).not_to_contain_text("Die Zielgruppe fehlt", timeout=WAIT)
        first.locator(".ikpe-speichern").click()
        first.locator(".ikpe-meldung", has_text="Gespeichert: „HZ6.2.1“").wait_for(timeout=WAIT)
        assert row_of(copy, "HZ6.2.1")["Zielgruppe"] == "neu zugewanderte Frauen"
        assert row_of(plan.backup_path(copy), "HZ6.2.1")["Zielgruppe"] is None
        assert digest(DEMO_PLAN) == original
        assert "SMART-Prüfung der Handlungsziele" in first.locator("body").inner_text() and not error_texts(first)

        second = browser.new_page()   # served by the kernel preheated while the first page was open
        open_entry(second, url, "HZ6.2.1")
        expect(field(second, "zielgruppe")).to_have_value("neu zugewanderte Frauen", timeout=WAIT)
        assert "Die Zielgruppe fehlt" not in second.locator(".ikpe-rueckmeldung").inner_text()
        assert not error_texts(second)
        first.close(), second.close()
