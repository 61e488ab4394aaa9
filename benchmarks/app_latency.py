"""Training app of module 1 in Debian's Chromium: cold start and redraw latency, one run.

Cold start: a fresh page of the Voila app (preheated kernel, as `ikpe apps` serves it) until the
first control is visible — three times, each after the pool is filled again; the median counts.
Updates, once the server and its kernels are idle (the app has rendered ahead, as while a trainer
talks): choosing every indicator once until the chart image has changed, then the Gebiet control
through Gemeinden. Median of each. Goals: ≤ 1.5 s cold, ≤ 150 ms per update.

    python benchmarks/app_latency.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from test_apps import _free_port  # noqa: E402
from test_datenanalyse_app import indicator_select, serve_course, wait_for_pool, wait_until_quiet  # noqa: E402

CHANGED = "old => { const img = document.querySelector('img.widget-image'); return img && img.src !== old; }"
COLD_STARTS = 3
FILLED = "Kernel pool of notebooks/01_datenanalyse.ipynb is filled"


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


def _cold_start(browser, url: str):
    """(seconds until the first control is visible, the page)."""
    page = browser.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    indicator_select(page).wait_for(state="visible", timeout=60_000)
    return time.perf_counter() - start, page


def _refilled(server: subprocess.Popen, log: Path, times: int) -> None:
    """Until Voila has filled the pool `times` times and the new kernel has run the notebook."""
    while log.read_text().count(FILLED) < times and server.poll() is None:
        time.sleep(0.5)
    wait_until_quiet(server)


def main() -> None:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        port, log = _free_port(), Path(tmp) / "voila.log"
        server = serve_course(Path(tmp) / "root", port, log)
        url = f"http://127.0.0.1:{port}/voila/render/notebooks/01_datenanalyse.ipynb"
        try:
            wait_for_pool(server, log)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                cold = []
                for n in range(COLD_STARTS):
                    _refilled(server, log, n + 1)
                    seconds, page = _cold_start(browser, url)
                    cold.append(seconds)
                    if n < COLD_STARTS - 1:
                        page.close()
                page.locator("img.widget-image").first.wait_for(timeout=30_000)
                _refilled(server, log, COLD_STARTS + 1)
                select = indicator_select(page)
                labels = select.locator("option").all_inner_texts()
                indicators = _changes(page, select, labels[1:] + labels[:1])
                region = page.locator(".widget-dropdown", has_text="Gebiet").locator("select")
                gemeinden = _changes(page, region, region.locator("option").all_inner_texts()[1:12])
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Kaltstart: {', '.join(f'{s:.2f}' for s in cold)} s")
    print(f"Indikatorwechsel: {len(indicators)} Messungen, Median {statistics.median(indicators):.0f} ms, "
          f"max {max(indicators):.0f} ms")
    print(f"Gemeindewechsel: {len(gemeinden)} Messungen, Median {statistics.median(gemeinden):.0f} ms, "
          f"max {max(gemeinden):.0f} ms")
    print(f"RESULT app_gemeinde_ms {statistics.median(gemeinden):.0f}")
    print(f"RESULT app_first_widget_s {statistics.median(cold):.2f}")
    print(f"RESULT app_update_ms {statistics.median(indicators):.0f}")


if __name__ == "__main__":
    main()
