"""Module 5 in Debian's Chromium: the Sachstand form of notebooks/05_monitoring.ipynb under Voila with a preheated
kernel adds a row to the log of the working copy, the overview shows the new light, a second tab (another kernel)
sees it, no error text, and the page fetches nothing from outside the local server."""
from __future__ import annotations

import re

from tests.browser.conftest import WAIT, course_app, error_texts, field
from tests.conftest import DEMO_PLAN, digest
from toolkit import plan

MEASURE = "HF5-M3"
REASON = "Druckerei insolvent, Auslieferung offen"


def _choose(page, url: str) -> str:
    """Open the app, choose MEASURE; returns the light its option shows."""
    page.goto(url, wait_until="commit")
    chooser = page.locator(".ikpe-auswahl select")
    chooser.wait_for(timeout=2 * WAIT)
    label = chooser.locator("option", has_text=f"{MEASURE} – ").first.inner_text()
    chooser.select_option(label=label)
    return re.search(r"\((grün|gelb|rot|grau)\)$", label)[1]


def _row(page):
    """MEASURE's row in the app's table of the lights per measure."""
    return page.locator(".ikpe-massnahmen-ampel tr", has=page.locator("td", has_text=re.compile(f"^{MEASURE}$")))


def test_a_sachstand_saves_the_overview_shows_its_light_and_a_second_tab_sees_it(tmp_path, browser):
    from playwright.sync_api import expect
    original = digest(DEMO_PLAN)
    with course_app(tmp_path, "05_monitoring.ipynb") as (url, copy):
        logged = len(plan.load_plan(copy).sachstand)
        first = browser.new_page()
        requested: list[str] = []
        first.on("request", lambda request: requested.append(request.url))
        before = _choose(first, url)
        light = next(a for a in ("rot", "gelb", "grün") if a != before)
        slug = light.replace("ü", "ue")
        expect(first.locator(".ikpe-ampel-live")).to_contain_text("Ampel mit diesem Sachstand", timeout=WAIT)
        expect(field(first, "datum")).to_have_value("30.06.2026", timeout=WAIT)
        field(first, "fortschritt").fill("35")
        field(first, "fortschritt").press("Enter")
        field(first, "sachstand").fill("Auflage gedruckt, Auslieferung verzögert")
        field(first, "ampel").select_option(label=light)
        expect(first.locator(".ikpe-ampel-live")).to_contain_text("Noch nicht speicherbar", timeout=WAIT)
        field(first, "ampel-begruendung").fill(REASON)
        field(first, "ampel-begruendung").press("Tab")
        expect(first.locator(f".ikpe-ampel-live .ikpe-ampel-{slug}")).to_be_visible(timeout=WAIT)
        first.locator(".ikpe-speichern").click()
        saved = re.compile(f"^Gespeichert: Sachstand zu „{MEASURE}“")   # a str would match case-insensitively
        first.locator(".ikpe-meldung", has_text=saved).wait_for(timeout=WAIT)
        expect(_row(first).locator(f".ikpe-ampel-{slug}")).to_have_count(1, timeout=WAIT)
        log = plan.load_plan(copy).sachstand
        assert len(log) == logged + 1
        assert log.iloc[-1][["Maßnahme-ID", "Fortschritt (%)", "Ampel", "Ampel-Begründung"]].tolist() == \
            [MEASURE, 35, light, REASON]
        assert digest(DEMO_PLAN) == original
        assert "Nach welchen Regeln die Ampeln stehen" in first.locator("body").inner_text()
        assert not error_texts(first)
        local = ("http://127.0.0.1:", "data:", "blob:http://127.0.0.1:")
        assert requested and [u for u in requested if not u.startswith(local)] == []

        second = browser.new_page()   # served by the kernel preheated while the first page was open
        assert _choose(second, url) == light
        expect(_row(second).locator(f".ikpe-ampel-{slug}")).to_have_count(1, timeout=WAIT)
        expect(second.locator(".ikpe-letzter-sachstand")).to_contain_text("Auslieferung verzögert", timeout=WAIT)
        assert not error_texts(second)
        first.close(), second.close()
