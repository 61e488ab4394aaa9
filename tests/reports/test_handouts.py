"""Handouts: code and parameters hidden, title block, images inline, nothing fetched online, German errors for a
missing Chromium or folder (the handouts built by the fixture `build` in tests/conftest.py; opened and printed
in Chromium: tests/browser/test_reports.py)."""
from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from toolkit import cli, reports
from toolkit.reports import pdf

GERMAN_DATE = r"\d{2}\.\d{2}\.\d{4}"


class _Fetches(HTMLParser):
    """Everything a browser would load for scripts and styles: src/href and CSS @import."""

    def __init__(self):
        super().__init__()
        self.urls, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", data)

    def handle_endtag(self, tag):
        self._in_style = False


@pytest.fixture(scope="module")
def bericht(build) -> str:
    return (build / "handouts" / "bericht.html").read_text(encoding="utf-8")


pytestmark = pytest.mark.slow


def test_one_handout_per_successful_notebook(build, caplog):
    assert sorted(p.name for p in (build / "handouts").iterdir()) == ["bericht.html", "kurz.html"]
    reports.render_handouts(build)
    assert "„fehler.ipynb“ ist mit einem Fehler abgebrochen – kein Handout." in caplog.text


def test_code_and_parameters_are_hidden_outputs_shown(bericht):
    assert "Datenordner: musterland, Jahr: 2023" in bericht
    assert "Dieser Bericht prüft die Handouts" in bericht
    for code in ("publish_meta(", "plt.subplots", "kreis = ", "jahr = 2023", "data_dir", "In&nbsp;[", "In [",
                 "application/vnd.ikpe.meta+json"):
        assert code not in bericht


def test_title_block_comes_from_publish_meta(bericht):
    header = re.search(r'<header class="title-block">(.*?)</header>', bericht, re.S)[1]
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in header.splitlines() if line.strip()]
    assert lines[0] == "Testkreis"
    assert lines[1] == "Bevölkerung im Überblick"
    assert re.fullmatch(f"Erstellt am {GERMAN_DATE}", lines[2])
    assert lines[3:] == ["Quelle: Statistisches Testamt, Tabelle 12411-01",
                         "Datenlizenz Deutschland – Namensnennung – Version 2.0"]


def test_title_block_falls_back_to_name_and_parameters(build):
    html = (build / "handouts" / "kurz.html").read_text(encoding="utf-8")
    assert '<p class="district">musterland</p>' in html
    assert "<h1>kurz</h1>" in html
    assert "Parameter: jahr = 2023" in html


def test_images_are_inline_png(bericht):
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', bericht)
    assert len(sources) == 1
    assert base64.b64decode(sources[0].removeprefix("data:image/png;base64,"))[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_is_fetched_from_the_internet(build):
    handouts = sorted((build / "handouts").glob("*.html"))
    assert [h.name for h in handouts] == ["bericht.html", "kurz.html"]  # not a loop over nothing
    for handout in handouts:
        parser = _Fetches()
        parser.feed(handout.read_text(encoding="utf-8"))
        assert not [u for u in parser.urls if "http" in u or u.startswith("//")], handout.name


def test_a4_print_css(bericht):
    assert re.search(r"@page\s*{[^}]*size:\s*A4", bericht)
    assert re.search(r"img, table[^{]*{[^}]*break-inside:\s*avoid", bericht)


def test_pdf_without_chromium_is_a_german_error(build, monkeypatch, capsys):
    monkeypatch.setattr(pdf, "CHROMIUM", Path("/nirgends/chromium"))
    assert cli.main(["handouts", str(build), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Für PDF-Handouts wird Chromium gebraucht, /nirgends/chromium fehlt.")
    assert "apt-get install chromium" in err


def test_missing_build_dir_is_a_german_error(tmp_path, capsys):
    assert cli.main(["handouts", str(tmp_path / "leer")]) == 2
    assert "Ordner mit gerechneten Notebooks nicht gefunden." in capsys.readouterr().err
