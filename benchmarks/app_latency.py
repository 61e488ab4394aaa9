"""Training app of module 1 in Debian's Chromium: cold start and redraw latency, one run.

Cold start: a fresh page of the Voila app (preheated kernel, as `ikpe apps` serves it) until the
first control is visible. Update: choosing another indicator until the chart image has changed —
first every indicator once (each may be rendered ahead by the app's background thread), then the
Gebiet control through Gemeinden (chart rendered on demand). Median of each. Goals: ≤ 1.5 s cold,
≤ 150 ms per update.

    python benchmarks/app_latency.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolkit import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from test_apps import _free_port  # noqa: E402
from test_datenanalyse_app import indicator_select, serve_course, wait_for_pool  # noqa: E402

CHANGED = "old => { const img = document.querySelector('img.widget-image'); return img && img.src !== old; }"


def _changes(page, select, labels: list[str]) -> list[float]:
    """Milliseconds from choosing each label until the chart image is another one."""
    times = []
    for label in labels:
        before = page.locator("img.widget-image").first.get_attribute("src")
        start = time.perf_counter()
        select.select_option(label=label)
        page.wait_for_function(CHANGED, arg=before, timeout=30_000, polling="raf")
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        port, log = _free_port(), Path(tmp) / "voila.log"
        server = serve_course(Path(tmp) / "root", port, log)
        try:
            wait_for_pool(server, log)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/voila/render/notebooks/01_datenanalyse.ipynb", wait_until="commit")
                indicator_select(page).wait_for(state="visible", timeout=60_000)
                first_widget = time.perf_counter() - start
                page.locator("img.widget-image").first.wait_for(timeout=30_000)
                time.sleep(10)  # let the app render the other indicators ahead, as while a trainer talks
                select = indicator_select(page)
                labels = [o for o in select.locator("option").all_inner_texts()]
                indicators = _changes(page, select, labels[1:] + labels[:1])
                region = page.locator(".widget-dropdown", has_text="Gebiet").locator("select")
                gemeinden = region.locator("option").all_inner_texts()[1:12]
                regions = _changes(page, region, gemeinden)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Indikatorwechsel: {len(indicators)} Messungen, Median {statistics.median(indicators):.0f} ms, "
          f"max {max(indicators):.0f} ms")
    print(f"Gebietswechsel (Grafik neu gezeichnet): {len(regions)} Messungen, Median {statistics.median(regions):.0f} ms")
    print(f"RESULT app_region_update_ms {statistics.median(regions):.0f}")
    print(f"RESULT app_first_widget_s {first_widget:.2f}")
    print(f"RESULT app_update_ms {statistics.median(indicators):.0f}")


if __name__ == "__main__":
    main()
