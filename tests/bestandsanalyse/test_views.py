"""Stage 2's static views on the demo district: the chapter „Bestands- und Bedarfsanalyse“ (needs per Raum, heatmaps,
quadrant, ranked gaps with IDs and reasons, rules) and „Netzwerk und Beteiligung“ (picture, findings, Gremium ×
actor table, Akteursverzeichnis, Beteiligung) are there, in German, and show no number the disclosure check hides;
an empty plan gives German sentences instead of empty tables."""
from __future__ import annotations

import re

import pytest
from IPython.display import HTML, Image, Markdown

from tests.conftest import DEMO_PLAN
from toolkit import plan
from toolkit.bestandsanalyse import stage as stage_module
from toolkit.bestandsanalyse import views
from toolkit.config import DEMO_DATA_DIR

ENGLISH = re.compile(r"\b(NaN|nan|None|True|False|Error|Traceback|Warning)\b")


@pytest.fixture(scope="module")
def demo() -> stage_module.Stage:
    return stage_module.prepare(DEMO_DATA_DIR, "16099", DEMO_PLAN)


@pytest.fixture
def shown(on_display):
    out: list = []
    on_display(out.append)
    return out


def texts(shown) -> str:
    return "\n".join(o.data for o in shown if isinstance(o, (HTML, Markdown)))


def test_needs_table_shows_published_figures_and_hides_what_stage_1_hides(demo, shown):
    views.show_needs(demo)
    table, notes = shown[0].data, texts(shown[1:])
    for raum in ("Musterstadt", "Nord", "Ost", "Süd", "West", "(Kreis)", "Sozialraum"):
        assert raum in table
    needs = demo.needs
    hidden = [(r, g) for r in needs.status.index for g in needs.status.columns if needs.status.at[r, g]]
    assert hidden, "the demo has hidden cells (Nord's and Ost's Arbeitslose)"
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    for raum, group in hidden:
        row = next(r for r in rows if f">{raum}<" in r)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        column = [g for g in needs.table.columns].index(group) + 1
        assert cells[column] == "."
        assert needs.table.at[raum, group] == "."
    assert "Geheimhaltung" in notes and "Ausländerzentralregister" in notes
    assert not ENGLISH.search(table + notes)


def test_gap_chapter_has_a_heatmap_per_raum_the_quadrant_and_the_ranked_gaps_with_ids_and_reasons(demo, shown):
    views.show_heatmaps(demo)
    assert sum(isinstance(o, Image) for o in shown) == len(demo.raeume) == 5
    assert [o.data for o in shown if isinstance(o, Markdown)] == [f"#### {n}" for n, _ in demo.raeume]
    del shown[:]
    views.show_quadrant(demo)
    assert isinstance(shown[0], Image)
    del shown[:]
    views.show_gaps(demo, top=10)
    text = texts(shown)
    first = demo.matrix.gaps.iloc[0]
    assert first["gap_id"] == "L-HF1-ALLE-Sued" and first["gap_id"] in text
    assert "Im Sozialraum Süd kein Angebot im Handlungsfeld" in text
    assert text.count("<tr>") == 11  # head and ten gaps
    assert f"… und {len(demo.matrix.gaps) - 10} weitere Lücken" in text
    assert re.search(r"Die Lückenmatrix hat 360 Zellen .* und \d+ Lücken: kein Angebot \d+", text)
    del shown[:]
    views.show_rules(demo)
    rules = texts(shown)
    assert "Erreichbar: in der Gemeinde" in rules and "höchstens 60 Minuten" in rules
    assert "Hinweise zu den Angeboten" in rules and "eingeschränkt" in rules
    assert not ENGLISH.search(text + rules)


def test_heatmaps_per_handlungsfeld_when_there_are_more_raeume_than_fields(demo, shown, monkeypatch):
    many = [(f"Raum {k}", demo.raeume[k % 5][1]) for k in range(12)]
    monkeypatch.setattr(stage_module.Stage, "raeume", property(lambda self: many))
    views.show_heatmaps(demo)
    headings = [o.data for o in shown if isinstance(o, Markdown)]
    assert headings[0] == "#### HF1 Organisatorische und fachliche Rahmenbedingungen"
    assert len(headings) == sum(isinstance(o, Image) for o in shown) == len(demo.matrix.handlungsfelder)


def test_network_chapter_has_picture_findings_tables_and_beteiligung(demo, shown):
    views.show_network(demo)
    assert isinstance(shown[0], Image)
    assert "Eingetragen sind 35 Akteure" in shown[1].data
    del shown[:]
    views.show_gremien(demo)
    table = shown[0].data
    assert "Akteur" in table and "Sektor" in table and "●" in table and "L = Leitung" in shown[1].data
    del shown[:]
    views.show_akteure(demo)
    directory = shown[0].data
    assert "Gremien" in directory and "Handlungsfelder" in directory
    assert re.search(r">Musterstadt[^<]*\(16099015\)<", directory)
    del shown[:]
    views.show_beteiligung(demo)
    assert "Insgesamt" in shown[0].data and "Anteil mit Zugewanderten" in shown[0].data
    assert re.search(r"\d+\s%", shown[0].data) and "Beteiligungen" in shown[1].data
    del shown[:]
    views.show_wegweiser_hint(demo)
    assert "ikpe wegweiser --plan" in shown[0].data and "--kreis 16099" in shown[0].data
    assert not ENGLISH.search(texts(shown))


def test_empty_plan_gives_german_sentences(demo, shown, tmp_path):
    path = plan.new_plan(tmp_path / "leer.xlsx", "eisenach")
    empty = stage_module.prepare(DEMO_DATA_DIR, "16099", path)
    assert empty.plan.angebote.empty and len(empty.matrix.gaps) > 0   # no offer at all: every cell with people
    for view in (views.show_heatmaps, views.show_network, views.show_gremien, views.show_akteure,
                 views.show_beteiligung, views.show_problems):
        view(empty)
    text = texts(shown)
    for sentence in (views.NO_OFFERS, views.NO_ACTORS, views.NO_GREMIEN, views.NO_BETEILIGUNG):
        assert sentence in text
    assert not ENGLISH.search(text)


def test_a_kreis_without_gemeinde_tables_is_one_row_not_two(demo, shown):
    """Needs for the Kreis only (no Gemeinde table): the Kreis is the one Raum, not also an extra total row."""
    import copy

    import pandas as pd

    from toolkit.bestandsanalyse.needs import needs_from_counts
    kreis = copy.copy(demo)
    kreis.needs = needs_from_counts(pd.DataFrame({"alle Zugewanderten": [5977.0]}, index=["16099"]),
                                    names={"16099": "Musterland"}, district="16099")
    assert kreis.needs.level == "Kreis"
    views.show_needs(kreis)
    rows = re.findall(r"<tr>(.*?)</tr>", shown[0].data)
    assert len(rows) == 2 and "Musterland" in rows[1] and "5.977" in rows[1]
