"""Module 2 in Debian's Chromium: notebooks/02_bestandsanalyse.ipynb under Voila with a preheated kernel — the filters
redraw offers list and gap list, the offers come in pages, the heatmap follows the Zielgruppe, the offer form saves
into the working copy, a second tab (another kernel) sees the change, no error text, and the page fetches nothing
from outside the local server."""
from __future__ import annotations

from tests.browser.conftest import WAIT, course_app, error_texts, field
from tests.conftest import DEMO_PLAN, digest, row_of
from toolkit import plan

NEW_TITLE = "Ausländerbehörde: Termine auch samstags"


def _open_offer(page, url: str, ident: str) -> None:
    """Open the app, switch to the tab „Angebote bearbeiten“ and choose the offer `ident`."""
    page.goto(url, wait_until="commit")
    page.locator(".ikpe-filter-raum select").wait_for(timeout=2 * WAIT)
    page.get_by_text("Angebote bearbeiten", exact=True).click()
    chooser = page.locator(".ikpe-auswahl select").first
    chooser.wait_for(timeout=WAIT)
    chooser.select_option(label=chooser.locator("option", has_text=f"{ident} – ").first.inner_text())


def test_filters_redraw_an_offer_saves_and_a_second_tab_sees_it(tmp_path, browser):
    from playwright.sync_api import expect
    original = digest(DEMO_PLAN)
    with course_app(tmp_path, "02_bestandsanalyse.ipynb") as (url, copy):
        first = browser.new_page()
        requested: list[str] = []
        first.on("request", lambda request: requested.append(request.url))
        first.goto(url, wait_until="commit")
        first.locator(".ikpe-filter-raum select").wait_for(timeout=2 * WAIT)
        count = first.locator(".ikpe-angebote-zahl")
        expect(count).to_contain_text("65 von 65 Angeboten", timeout=WAIT)
        pages, offers = first.locator(".ikpe-angebote-seiten"), first.locator(".ikpe-angebote")   # 15 a page
        expect(offers).to_contain_text("Seite 1 von 5", timeout=WAIT)
        sixteenth = plan.cell_text(plan.load_plan(DEMO_PLAN).angebote["ID"].iloc[15])
        expect(first.locator(".ikpe-angebote")).not_to_contain_text(sixteenth, timeout=WAIT)
        pages.get_by_text("weiter").click()
        expect(offers).to_contain_text("Seite 2 von 5", timeout=WAIT)
        expect(first.locator(".ikpe-angebote")).to_contain_text(sixteenth, timeout=WAIT)
        picture = first.locator(".ikpe-heatmap").get_attribute("src")
        first.locator(".ikpe-filter-zielgruppe select").select_option(label="Frauen")   # the heatmap follows
        expect(first.locator(".ikpe-heatmap")).not_to_have_attribute("src", picture, timeout=WAIT)
        expect(offers).to_contain_text("Seite 1 von", timeout=WAIT)
        first.locator(".ikpe-filter-zielgruppe select").select_option(label="alle")
        first.locator(".ikpe-filter-raum select").select_option(label="Süd")
        expect(count).to_contain_text("erreichbar aus Süd", timeout=WAIT)
        expect(first.locator(".ikpe-luecken")).to_contain_text("L-HF1-ALLE-Sued", timeout=WAIT)
        expect(first.locator(".ikpe-angebote")).not_to_contain_text("ANG01", timeout=WAIT)
        first.locator(".ikpe-filter-sprache select").select_option(label="Arabisch")
        expect(count).not_to_contain_text("65 von", timeout=WAIT)
        assert first.locator(".ikpe-heatmap").get_attribute("src")

        first.get_by_text("Angebote bearbeiten", exact=True).click()
        chooser = first.locator(".ikpe-auswahl select").first
        chooser.select_option(label=chooser.locator("option", has_text="ANG01 – ").first.inner_text())
        title = field(first, "titel")
        expect(title).to_have_value("Ausländerbehörde: Aufenthaltstitel und Termine", timeout=WAIT)
        title.fill(NEW_TITLE)
        title.press("Enter")
        first.locator(".ikpe-speichern").first.click()
        first.locator(".ikpe-meldung", has_text="Gespeichert: „ANG01“").wait_for(timeout=WAIT)
        assert row_of(copy, "ANG01", "angebote")["Titel"] == NEW_TITLE
        assert digest(DEMO_PLAN) == original
        assert "Netzwerk und Beteiligung" in first.locator("body").inner_text() and not error_texts(first)
        local = ("http://127.0.0.1:", "data:", "blob:http://127.0.0.1:")   # blob: the heatmap widget's picture
        assert requested and [u for u in requested if not u.startswith(local)] == []

        second = browser.new_page()   # served by the kernel preheated while the first page was open
        _open_offer(second, url, "ANG01")
        expect(field(second, "titel")).to_have_value(NEW_TITLE, timeout=WAIT)
        assert not error_texts(second)
        first.close(), second.close()
