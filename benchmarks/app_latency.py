"""Training apps of modules 1, 2 and 5 in Debian's Chromium: cold start and redraw latency, one run.

Module 1. Cold start: a fresh page of the Voila app (preheated kernel, as `ikpe apps` serves it) until the
first control is visible — three times, each after the pool is filled again; the median counts.
Updates, once the server and its kernels are idle (the app has rendered ahead, as while a trainer
talks): choosing every indicator once until the chart image has changed, then the Gebiet control
through Gemeinden. Median of each. Goals: ≤ 1.5 s cold, ≤ 150 ms per update.

Module 2 (notebooks/02_bestandsanalyse.ipynb on the demo): the first page from a preheated kernel until the app
has drawn (printed, not a RESULT); then, once the page is idle: every Raum, every
Handlungsfeld, then Sprache and Zielgruppe — each filter change until the app has redrawn offers list,
heatmap and gap list (its hidden counter `.ikpe-gezeichnet` has gone up). Median; goal ≤ 150 ms.

Module 5 (notebooks/05_monitoring.ipynb on the demo, working copy in a temporary folder): once the page is idle,
a Sachstand (a new Fortschritt) for one measure after another is saved („Speichern“) until the app has redrawn the
Ampel overview (its hidden counter `.ikpe-gezeichnet` has gone up). The app redraws before it writes the workbook
(read under its lock, row added, written with backup); the time until its message „Gespeichert“ is printed
beside it. Median; goal ≤ 150 ms.

    python benchmarks/app_latency.py            # all
    python benchmarks/app_latency.py 02         # module 2 only (05: module 5 only)
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT))
from tests.browser.test_datenanalyse import (  # noqa: E402
    indicator_select,
    serve_course,
    wait_for_pool,
    wait_until_quiet,
)
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.conftest import free_port as _free_port  # noqa: E402

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
    chosen = sys.argv[1:] or ["01", "02", "05"]
    if "01" in chosen:
        module_1()
    if "02" in chosen:
        module_2()
    if "05" in chosen:
        module_5()


def module_1() -> None:
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


# --- module 2 ----------------------------------------------------------------------------------------

STAGE_2 = "02_bestandsanalyse.ipynb"
DRAWN = "old => { const n = document.querySelector('.ikpe-gezeichnet span'); return n && n.dataset.n !== old; }"


def _redraws(page, select, labels: list[str]) -> list[float]:
    """Milliseconds from choosing each label until the app's redraw counter has gone up."""
    times = []
    for label in labels:
        before = page.locator(".ikpe-gezeichnet span").get_attribute("data-n")
        start = time.perf_counter()
        select.select_option(label=label)
        page.wait_for_function(DRAWN, arg=before, timeout=30_000, polling="raf")
        times.append((time.perf_counter() - start) * 1000)
    return times


def _serve_one(tmp: str, name: str) -> tuple[subprocess.Popen, int]:
    """`ikpe apps` on a root holding only notebooks/`name` (and datasets/, linked), working copies in tmp; returns
    once the preheated kernel has run the notebook up to where it waits for a page."""
    import os
    import shutil

    from toolkit import config
    root, log, port = Path(tmp) / "root", Path(tmp) / "voila.log", _free_port()
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "notebooks" / name, root / "notebooks")
    (root / "datasets").symlink_to(PROJECT_ROOT / "datasets")
    command = f"from toolkit.apps import serve; serve(port={port}, root={str(root)!r})"
    server = subprocess.Popen([sys.executable, "-c", command], stdout=log.open("w"), stderr=subprocess.STDOUT,
                              env={**os.environ, config.WORKDIR_ENV: str(Path(tmp) / "arbeit")})
    try:
        while f"Kernel pool of notebooks/{name} is filled" not in log.read_text():
            if server.poll() is not None:
                raise RuntimeError(log.read_text()[-2000:])
            time.sleep(0.5)
        wait_until_quiet(server)
    except BaseException:
        server.terminate()
        raise
    return server, port


def module_2() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server, port = _serve_one(tmp, STAGE_2)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/voila/render/notebooks/{STAGE_2}", wait_until="commit")
                page.locator(".ikpe-gezeichnet span").wait_for(state="attached", timeout=300_000)
                first = time.perf_counter() - start
                wait_until_quiet(server)   # the app has rendered the other heatmaps ahead
                times = []
                for css, picks in ((".ikpe-filter-raum", None), (".ikpe-filter-handlungsfeld", None),
                                   (".ikpe-filter-sprache", ["Arabisch", "Ukrainisch", "alle"]),
                                   (".ikpe-filter-zielgruppe", ["Kinder unter 6", "Frauen", "alle"])):
                    select = page.locator(f"{css} select")
                    labels = picks or select.locator("option").all_inner_texts()[1:] + ["alle"]
                    times += _redraws(page, select, labels)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Modul 2: erste Auswertung nach {first:.1f} s; Filterwechsel: {len(times)} Messungen, Median "
          f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms")
    print(f"RESULT app02_update_ms {statistics.median(times):.0f}")


# --- module 5 ----------------------------------------------------------------------------------------

STAGE_5 = "05_monitoring.ipynb"
SAVES = 8


def module_5() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server, port = _serve_one(tmp, STAGE_5)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/voila/render/notebooks/{STAGE_5}", wait_until="commit")
                page.locator(".ikpe-gezeichnet span").wait_for(state="attached", timeout=300_000)
                first = time.perf_counter() - start
                wait_until_quiet(server)
                chooser = page.locator(".ikpe-auswahl select")
                measures = chooser.locator("option").all_inner_texts()[1:]
                text = page.locator(".ikpe-feld-sachstand textarea")
                done = page.locator(".ikpe-feld-fortschritt input")
                message = page.locator(".ikpe-meldung")
                times, saved = [], []
                for n, label in enumerate((measures * SAVES)[:SAVES]):
                    chooser.select_option(label=label)
                    done.fill(str(3 + 7 * n))    # a Fortschritt the overview shows
                    text.fill(f"Messung {n}: Sachstand aus dem Benchmark")
                    text.press("Tab")   # the fields hand their values to the kernel before the click
                    wait_until_quiet(server)
                    before = page.locator(".ikpe-gezeichnet span").get_attribute("data-n")
                    start = time.perf_counter()
                    page.locator(".ikpe-speichern").click()
                    page.wait_for_function(DRAWN, arg=before, timeout=60_000, polling="raf")
                    times.append((time.perf_counter() - start) * 1000)
                    message.filter(has_text=re.compile("^Gespeichert: ")).wait_for(timeout=60_000)
                    saved.append((time.perf_counter() - start) * 1000)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Modul 5: erste Seite nach {first:.1f} s; Sachstand speichern bis zur neuen Übersicht: {len(times)} "
          f"Messungen, Median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms; "
          f"bis „Gespeichert“ (Planungsmappe geschrieben): Median {statistics.median(saved):.0f} ms")
    print(f"RESULT app05_update_ms {statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
