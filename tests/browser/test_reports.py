"""Handouts in Debian's Chromium: the page opens without network, and Chromium prints it as PDF (the handouts built
by the fixture `build` in tests/conftest.py)."""
from __future__ import annotations

import re

from toolkit import reports


def test_handout_opens_in_a_browser_without_network(build, browser):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    page.goto((build / "handouts" / "bericht.html").as_uri())
    assert page.get_by_role("heading", name="Bevölkerung im Überblick").is_visible()
    assert page.get_by_text("Datenordner: musterland, Jahr: 2023").is_visible()
    assert page.locator("img").evaluate("img => img.complete && img.naturalWidth") > 100
    assert page.locator("table td", has_text="B-Stadt").is_visible()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()


def test_pdf_is_printed_with_chromium(build, chromium):
    written = reports.render_handouts(build, pdf=True)
    assert build / "handouts" / "bericht.pdf" in written
    assert (build / "handouts" / "bericht.pdf").read_bytes()[:5] == b"%PDF-"
