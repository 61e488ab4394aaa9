"""HTML and Markdown for what a user reads: escaping that shows text as typed, one table for notebook, handout
and export."""
from __future__ import annotations

import datetime as dt
import re

import mistune
import numpy as np
import pandas as pd
import pytest

from toolkit import markup
from toolkit.disclosure import check_published, suppress

RIGHT, LEFT = 'style="text-align:right"', 'style="text-align:left"'


def test_html_escapes_and_keeps_line_breaks():
    assert markup.html("<script>alert(1)</script> & Co\n2. Zeile") == \
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co<br>2. Zeile"
    assert markup.html(12.5) == "12.5" and markup.html("„a“ 'b'") == "„a“ &#x27;b&#x27;"


@pytest.mark.parametrize("typed", [
    "Ausländer*innen", "snake_case_name.csv", "<b>fett</b> & mehr", "[Link](https://example.org)", "`code`",
    "# keine Überschrift", "a | b", "~~nicht durchgestrichen~~", "500 $ bis 600 $", "\\Pfad\\zur\\Datei",
    "1. Zeile ist keine Liste", "- kein Spiegelstrich", "+ auch keiner", "---", "-5 Grad", "{Klammern}",
    "*Sternchen* und _Unterstrich_",
])
def test_md_shows_user_text_as_typed(typed):
    html = mistune.html(f"- {markup.md(typed)}")
    assert re.fullmatch(r"<ul>\n<li>(.*)</li>\n</ul>\n", html, re.S)[1] == markup.html(typed).replace("&#x27;", "'")
    assert mistune.html(markup.md(typed)) == f"<p>{markup.html(typed)}</p>\n"


def test_md_keeps_text_on_one_line():
    assert markup.md("  erste Zeile\n\n- zweite\tZeile  ") == "erste Zeile - zweite Zeile"
    assert markup.md("Ausländer*innen") == "Ausländer\\*innen"


def test_table_formats_escapes_and_keeps_secrets():
    frame = pd.DataFrame({"Einwohner": [12034.0, 530.0, np.nan], "Ausländer": [610.0, 2.0, 45.0]},
                         index=pd.Index(["Adorf <Stadt>", "Bedorf", "Cedorf"], name="Gemeinde"))
    html = markup.table(frame, caption="Gemeinden", notes=[None, "Quelle: eigene Berechnung"], row_headers=True,
                        decimals=0, empty=".")
    assert html.startswith('<table class="ikpe-tabelle"><caption style="text-align:left"><strong>Gemeinden</strong>'
                           f'</caption><thead><tr><th {LEFT}>Gemeinde</th><th {RIGHT}>Einwohner</th>')
    assert f'<th scope="row" {LEFT}>Adorf &lt;Stadt&gt;</th><td {RIGHT}>12.034</td>' in html
    assert f"<td {RIGHT}>.</td>" in html
    assert html.endswith(f'<tfoot><tr><td colspan="3" {LEFT}><small>Quelle: eigene Berechnung</small></td></tr>'
                         "</tfoot></table>")
    disclosed = suppress(frame[["Ausländer"]])
    published = markup.table(disclosed.table, caption="Ausländer", notes=[disclosed.note], row_headers=True)
    assert f'<tfoot><tr><td colspan="2" {LEFT}><small>{disclosed.note}</small>' in published
    assert check_published(published, disclosed) == []
    assert check_published(html, disclosed) == [
        "Feld „Bedorf / Ausländer“ ist geheim, veröffentlicht ist aber „2“.",
        "Feld „Cedorf / Ausländer“ ist geheim, veröffentlicht ist aber „45“."]


def test_table_right_aligns_columns_of_german_numbers_only():
    frame = pd.DataFrame({"ID": ["HF3-M1", "HF3-M2"], "Sachkosten": ["18.200\u00a0€", "–"],
                          "Anteil": ["6,2\u00a0%", "x"], "Veränderung": ["+4,5 Pp.", "-1.234"],
                          "Zeitraum": ["03/2026–12/2027", "ohne Zeitraum"], "leer": ["–", "–"], "geheim": [".", "."]})
    html = markup.table(frame, css="")
    head = re.findall(r"<th style=\"text-align:(\w+)\">", html)
    assert head == ["left", "right", "right", "right", "left", "left", "right"]
    assert html.startswith("<table><thead>") and "<th scope" not in html and "<caption" not in html
    assert "<tfoot>" not in html and "<colgroup>" not in html


def test_table_cells_in_german_with_widths_classes_and_bold_titles():
    frame = pd.DataFrame({"Maßnahme": ["Kita-Lotsinnen\nFamilien <begleiten>", None],
                          "Beginn": [dt.date(2026, 3, 1), pd.NaT], "Personal": [0.5, 12000]})
    html = markup.table(frame, widths={"Maßnahme": 3, "Beginn": 1, "Personal": 1}, css="katalog",
                        strong_first_line=["Maßnahme"])
    assert html.startswith('<table class="katalog"><colgroup><col style="width:60.0%"><col style="width:20.0%">')
    assert f"<td {LEFT}><strong>Kita-Lotsinnen</strong><br>Familien &lt;begleiten&gt;</td>" in html
    assert f"<td {LEFT}><strong>–</strong></td><td {LEFT}>–</td><td {RIGHT}>12.000</td>" in html
    assert f"<td {LEFT}>01.03.2026</td><td {RIGHT}>0,5</td>" in html
