"""Stage 2's app without a browser: the filters narrow offers list, heatmap and gap list by the gap matrix's own
rules; the forms for offers and actors check the edited row with stage 2's checks, save into the workbook (only that
row, with a backup), the analysis follows the saved workbook, and a second load sees the change. The notebook under
Voila in Chromium: tests/browser/test_bestandsanalyse.py."""
from __future__ import annotations

import copy
import dataclasses
import io
import shutil

import pandas as pd
import pytest

from tests.conftest import DEMO_PLAN, choose, digest, row_of
from toolkit import plan
from toolkit.bestandsanalyse import app as stage_app
from toolkit.bestandsanalyse import stage as stage_module
from toolkit.bestandsanalyse.languages import offer_languages
from toolkit.config import DEMO_DATA_DIR


@pytest.fixture(scope="module")
def demo() -> stage_module.Stage:
    return stage_module.prepare(DEMO_DATA_DIR, "16099", DEMO_PLAN)


@pytest.fixture
def app(demo, tmp_path, on_display) -> stage_app.App:
    """The app on a copy of the demo plan in tmp (the stage prepared once per module)."""
    path = tmp_path / "planung.xlsx"
    shutil.copy(DEMO_PLAN, path)
    mine = copy.copy(demo)
    mine.workbook = dataclasses.replace(demo.workbook, path=path)
    mine._matrices = {}
    on_display(lambda *_: None)
    return stage_app.App(mine)


def _table(html: str) -> pd.DataFrame:
    return pd.read_html(io.StringIO(html))[0] if "<table" in html else pd.DataFrame()


def _every_page(pager: stage_app.Pager) -> pd.DataFrame:
    """The rows of every page of a paged list, „weiter“ clicked until the last page (then back on the first)."""
    pages = [_table(pager.html.value)]
    while not pager.forward.disabled:
        pager.forward.click()
        pages.append(_table(pager.html.value))
    while pager.page:
        pager.back.click()
    return pd.concat(pages, ignore_index=True)


def offer_ids(app) -> list[str]:
    return list(_every_page(app.offer_pages).get("ID", []))


def gap_rows(app) -> pd.DataFrame:
    return _every_page(app.gap_pages)


def test_outside_voila_there_is_no_app(demo):
    assert stage_app.explore(demo) is None


def test_filters_narrow_offers_heatmap_and_gaps(app, demo):
    everything = offer_ids(app)
    assert len(everything) == len(demo.plan.angebote) and "65 von 65 Angeboten" in app.count.value
    first_picture, drawn = app.picture.value, app.redraws
    app.raum.value = "Süd"
    assert app.redraws == drawn + 1 and app.picture.value != first_picture
    south = offer_ids(app)
    offers = demo.plan.angebote.set_index("ID")
    mobile = [i for i in everything if plan.cell_text(offers.at[i, "aufsuchend/mobil"]) == "ja"]
    in_south = set(plan.load_plan(DEMO_PLAN).sozialraeume.query("Sozialraum == 'Süd'")["Gemeinde (AGS)"].map(str))
    local = [i for i in everything if plan.cell_text(offers.at[i, "Gemeinde (AGS)"]) in in_south]
    assert mobile and set(mobile) <= set(south) and set(local) & set(south) and len(south) < len(everything)
    assert "erreichbar aus Süd" in app.count.value
    assert "ANG01" not in south   # the Ausländerbehörde in Musterstadt: too far by bus from Süd
    gaps = gap_rows(app)
    assert len(gaps) and set(gaps["Raum"]) == {"Süd"} and gaps["Lücke"].str.endswith("-Sued").all()
    assert gaps["Lücke"].iloc[0] == "L-HF1-ALLE-Sued"

    app.handlungsfeld.value = "HF3"
    assert set(gap_rows(app)["Lücke"].str.slice(0, 6)) == {"L-HF3-"}
    assert {plan.cell_text(offers.at[i, "Handlungsfeld"]) for i in offer_ids(app)} == {"Spracherwerb und Bildung"}
    app.raum.value = ""   # only the Handlungsfeld: the heatmap shows its Räume, the list its gaps everywhere
    assert app.heatmap_key()[2:] == ("hf", "HF3")
    assert set(gap_rows(app)["Raum"]) == set(demo.matrix.gaps.query("handlungsfeld_id == 'HF3'")["raum_name"])

    app.handlungsfeld.value, app.zielgruppe.value = "", "Kinder unter 6"
    small = offer_ids(app)
    assert all(any(g in plan.cell_text(offers.at[i, "Zielgruppe(n)"]) for g in ("Kinder unter 6", "alle Zugewanderten"))
               for i in small)
    assert set(gap_rows(app)["Lücke"].str.split("-").str[2]) == {"U6"}


def test_language_and_status_filters_recount_the_gaps(app, demo):
    every_language = app.picture.value
    app.sprache.value = "ar"
    arabic = offer_ids(app)
    offers = demo.plan.angebote.set_index("ID")
    assert arabic and all("ar" in offer_languages(offers.at[i, "Sprache(n)"]) for i in arabic)
    in_arabic = demo.matrix_for(sprache="ar")
    assert len(in_arabic.gaps) > len(demo.matrix.gaps)   # fewer offers count: more gaps
    assert app.picture.value != every_language
    assert f"{len(in_arabic.gaps)} Lücken" in app.gap_list.value.replace(".", "")
    app.sprache.value, app.status.value = "", "Duldung"
    tolerated = offer_ids(app)
    assert not [i for i in tolerated if offers.at[i, "Zugang nach Aufenthaltsstatus"] in
                ("nur mit Aufenthaltserlaubnis", "nicht für Gestattung/Duldung")]
    assert len(tolerated) < len(demo.plan.angebote)
    assert demo.matrix_for(status="Duldung") is demo.matrix_for(status="Duldung")   # kept, not computed again


def test_offer_form_checks_the_row_saves_it_and_the_analysis_and_a_second_load_follow(app, demo):
    form = app.offer_form
    before = plan.load_plan(form.path)
    row = choose(form, "ANG01")
    assert "Erreichbar aus: Musterstadt" in form.feedback.value
    form.fields["Gemeinde (AGS)"].value = "16063001"
    assert "16063001" in form.check.value and "16099" in form.check.value   # not a Gemeinde of the Kreis
    form.fields["Gemeinde (AGS)"].value = "16099015"
    form.fields["Titel"].value = "Ausländerbehörde: Termine auch samstags"
    form.fields["aufsuchend/mobil"].value = "ja"
    assert "Erreichbar aus: Musterstadt, Nord, Ost, Süd, West" in form.feedback.value
    form.save_button.click()
    assert "Gespeichert: „ANG01“" in form.message.value
    after = plan.load_plan(form.path)
    assert after.angebote.at[row, "Titel"] == "Ausländerbehörde: Termine auch samstags"
    pd.testing.assert_frame_equal(after.angebote.drop(index=row), before.angebote.drop(index=row))
    pd.testing.assert_frame_equal(after.akteure, before.akteure)
    assert row_of(plan.backup_path(form.path), "ANG01", "angebote")["aufsuchend/mobil"] == "nein"
    app.raum.value = "Süd"   # the saved offer now reaches Süd: the analysis follows the saved workbook
    assert "ANG01" in offer_ids(app) and "Termine auch samstags" in app.offers.value

    second = stage_module.prepare(DEMO_DATA_DIR, "16099", form.path)   # a second load (another page) sees it
    assert row_of(second.workbook.path, "ANG01", "angebote")["Titel"] == "Ausländerbehörde: Termine auch samstags"
    assert second.offers.at[row, "raum:Süd"]
    assert digest(DEMO_PLAN) != digest(form.path)


def test_actor_form_adds_an_actor_with_stage_checks(app):
    form = app.actor_form
    form.chooser.value = "neu"
    form.fields["ID"].value = "AK99"
    form.fields["Name"].value = "Sprachcafé Süd e. V."
    form.fields["Kontakt"].value = "Frau Erika Muster"
    assert "„Frau Erika Muster“ sieht nach einer Privatperson aus" in form.check.value
    form.fields["Kontakt"].value = "info@sprachcafe.example"
    form.save_button.click()
    assert "Gespeichert: „AK99“" in form.message.value
    assert row_of(form.path, "AK99", "akteure")["Name"] == "Sprachcafé Süd e. V."


@pytest.mark.parametrize("filters", [{}, {"raum": "Süd"}, {"handlungsfeld": "HF3", "zielgruppe": "Frauen"},
                                     {"sprache": "uk", "status": "Duldung", "raum": "Nord"}])
def test_rows_rendered_once_are_the_rows_the_filters_leave(app, demo, filters):
    """The app joins rows rendered once instead of rendering each table anew: the same rows, in the same order, as
    `Stage.offers_table` and `Stage.gaps_table` give for the filters."""
    for name in ("handlungsfeld", "zielgruppe", "raum", "sprache", "status"):
        getattr(app, name).value = filters.get(name, "")
    assert offer_ids(app) == list(demo.offers_table(**filters)["ID"])
    expected = demo.gaps_table(**filters)
    assert (gap_rows(app)["Lücke"].tolist() if len(expected) else []) == expected["Lücke"].tolist()


def test_the_lists_come_in_pages_and_a_filter_change_starts_on_the_first(app, demo):
    """65 offers: 15 a page, „weiter“/„zurück“ turn it, the buttons stop at the ends; the rows of a page are the
    filters' rows from there; a filter change shows its first page; one page needs no buttons."""
    pager, per = app.offer_pages, stage_app.PER_PAGE
    everything = list(demo.offers_table()["ID"])
    assert len(everything) == 65 and per == 15
    assert list(_table(app.offers.value)["ID"]) == everything[:per]
    assert pager.back.disabled and not pager.forward.disabled and pager.widget.layout.display == "flex"
    assert "Seite 1 von 5 (Zeilen 1–15 von 65)" in app.offers.value
    pager.forward.click(), pager.forward.click()
    assert list(_table(app.offers.value)["ID"]) == everything[2 * per:3 * per] and "Seite 3 von 5" in app.offers.value
    for _ in range(5):
        pager.forward.click()
    assert pager.page == 4 and pager.forward.disabled and list(_table(app.offers.value)["ID"]) == everything[60:]
    assert "Zeilen 61–65 von 65" in app.offers.value
    pager.back.click()
    assert list(_table(app.offers.value)["ID"]) == everything[45:60]
    drawn = app.redraws
    app.handlungsfeld.value = "HF3"   # another filter: its first page
    field = list(demo.offers_table(handlungsfeld="HF3")["ID"])
    assert app.redraws == drawn + 1 and pager.page == 0 and list(_table(app.offers.value)["ID"]) == field[:per]
    app.raum.value, app.zielgruppe.value = "Süd", "Kinder unter 6"
    few = list(demo.offers_table(handlungsfeld="HF3", raum="Süd", zielgruppe="Kinder unter 6")["ID"])
    assert len(few) <= per and pager.widget.layout.display == "none" and offer_ids(app) == few
    assert "Seite" not in app.offers.value
    gaps = app.gap_pages
    app.handlungsfeld.value, app.raum.value, app.zielgruppe.value = "", "", ""
    assert len(_table(app.gap_list.value)) == per and f"{len(demo.matrix.gaps)} Lücken" in app.gap_list.value
    gaps.forward.click()
    assert list(_table(app.gap_list.value)["Lücke"]) == list(demo.gaps_table()["Lücke"][per:2 * per])


def test_the_heatmap_follows_the_zielgruppe(app, demo):
    """A chosen Zielgruppe shows its picture (Raum × Handlungsfeld), with or without a Raum; it goes with the
    language and status; cleared, the Raum's picture comes back."""
    app.raum.value = "Süd"
    south = app.picture.value
    app.zielgruppe.value = "Kinder unter 6"
    assert app.heatmap_key() == ("", "", "zg", "Kinder unter 6") and app.picture.value != south
    children = app.picture.value
    app.zielgruppe.value = "Frauen"
    assert app.picture.value not in (south, children)
    app.sprache.value = "ar"
    assert app.heatmap_key() == ("", "ar", "zg", "Frauen")
    app.sprache.value, app.zielgruppe.value = "", ""
    assert app.heatmap_key()[2:] == ("raum", "Süd") and app.picture.value == south
    ahead = app._ahead_keys()
    assert {("", "", "zg", "Frauen"), ("", "", "raum", "Nord"), ("", "", "hf", "HF3")} <= set(ahead)
    assert ("", "ar", "lücken", "") in ahead and ("Duldung", "", "lücken", "") in ahead


def test_a_saved_offer_in_a_new_language_becomes_a_choice_of_the_language_filter(app, demo):
    """The language filter's choices follow the saved workbook: an offer saved in Kurdish (no demo offer is) makes
    „Kurdisch“ a choice at once, the chosen language stays chosen, and the save redraws once."""
    assert "ku" not in [code for _, code in app.sprache.options]
    app.sprache.value = "ar"
    form = app.offer_form
    choose(form, "ANG01")
    form.fields["Sprache(n)"].value = "Deutsch, Kurdisch"
    drawn = app.redraws
    form.save_button.click()
    assert "Gespeichert: „ANG01“" in form.message.value
    assert ("Kurdisch", "ku") in app.sprache.options and app.sprache.value == "ar" and app.redraws == drawn + 1
    app.sprache.value = "ku"
    assert offer_ids(app) == ["ANG01"] and app.heatmap_key()[1] == "ku"
    choose(form, "ANG01")
    form.fields["Sprache(n)"].value = "Deutsch"
    form.save_button.click()   # the last Kurdish offer gone: the choice goes, the filter falls back to „alle“
    assert "ku" not in [code for _, code in app.sprache.options] and app.sprache.value == ""
    assert len(offer_ids(app)) == 65


def test_a_preheated_kernel_has_the_needs_counted_before_it_waits_for_its_page(voila, monkeypatch):
    """Under Voila `prepare` counts the needs before `workspace.prepare` (where a preheated kernel waits for its
    page), so the page does not wait for the stage-1 tables."""
    from pathlib import Path

    from toolkit import store
    store._MEMORY.pop((str(Path(DEMO_DATA_DIR)), "bestandsanalyse-needs"), None)
    seen = []
    real = stage_module.workspace.prepare

    def prepare(*args, **kwargs):
        seen.append((str(Path(DEMO_DATA_DIR)), "bestandsanalyse-needs") in store._MEMORY)
        return real(*args, **kwargs)
    monkeypatch.setattr(stage_module.workspace, "prepare", prepare)
    stage_module.prepare(DEMO_DATA_DIR, "16099")
    assert seen == [True]
