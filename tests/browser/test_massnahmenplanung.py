"""Module 4 in Debian's Chromium: the measure form of notebooks/04_massnahmenplanung.ipynb under Voila saves into
the working copy, and a second tab (another kernel) sees the change."""
from __future__ import annotations

import datetime as dt

from tests.browser.conftest import WAIT, course_app, error_texts, field, open_entry
from tests.conftest import DEMO_PLAN, digest, row_of
from toolkit import plan

ENDS_EARLY = "Das Ende (30.06.2026) liegt vor dem Beginn (01.09.2026)."


def test_measure_form_in_the_browser_saves_and_a_second_tab_sees_it(tmp_path, browser):
    from playwright.sync_api import expect
    original = digest(DEMO_PLAN)
    with course_app(tmp_path, "04_massnahmenplanung.ipynb") as (url, copy):
        first = browser.new_page()
        open_entry(first, url, "HF5-M3")
        first.locator(".ikpe-pruefung", has_text=ENDS_EARLY).wait_for(timeout=WAIT)
        first.locator(".ikpe-rueckmeldung", has_text="Begründung der gewählten Maßnahme HF5-M3").wait_for(timeout=WAIT)
        field(first, "ende").fill("31.12.2027")
        field(first, "ende").press("Enter")
        first.locator(".ikpe-pruefung", has_text="Keine Fehler in diesem Eintrag").wait_for(timeout=WAIT)
        first.locator(".ikpe-speichern").click()
        first.locator(".ikpe-meldung", has_text="Gespeichert: „HF5-M3“").wait_for(timeout=WAIT)
        assert row_of(copy, "HF5-M3", "massnahmen")["Ende"] == dt.date(2027, 12, 31)
        assert row_of(plan.backup_path(copy), "HF5-M3", "massnahmen")["Ende"] == dt.date(2026, 6, 30)
        assert digest(DEMO_PLAN) == original
        assert "Begründung der gewählten Maßnahmen" in first.locator("body").inner_text() and not error_texts(first)

        second = browser.new_page()
        open_entry(second, url, "HF5-M3")
        expect(field(second, "ende")).to_have_value("31.12.2027", timeout=WAIT)
        expect(second.locator(".ikpe-pruefung")).not_to_contain_text(ENDS_EARLY, timeout=WAIT)
        assert not error_texts(second)
        first.close(), second.close()
