"""Stage 2's training app under Voila: filters over the offers, the gap heatmap and the ranked gaps that follow them,
and the shared row editor for offers and actors (live checks of stage 2 for the edited row).

    app.explore(stage)      # Voila: the app (returned, for tests); elsewhere nothing

Filters: Handlungsfeld, Zielgruppe, Raum, Sprache, Aufenthaltsstatus. The offers list shows the offers the filters
leave (a Raum: those it reaches by the gap matrix's rule), `PER_PAGE` rows a page with page buttons; the heatmap
shows the chosen Zielgruppe (Raum × Handlungsfeld), else the chosen Raum, else the chosen Handlungsfeld, else the
first Raum, and the gap list (paged too) the gaps in the chosen Handlungsfeld, Zielgruppe and Raum — both for the
offers in the chosen language and for people of the chosen status. A filter change redraws from what `stage.Stage`
precomputed (boolean columns per offer, gap matrices kept per language and status) and from tables rendered once;
heatmap pictures are kept, and a background thread (`toolkit.apps.ahead.Pictures`) renders ahead the pictures one
filter change away (other Räume, Handlungsfelder, Zielgruppen), then the gap tables of the other languages and
statuses. After „Speichern“, „Löschen“ or „Neu laden“ in a form the analysis is computed again from the saved
workbook, and the choices of the filters (a new language, a new Handlungsfeld) follow it.
"""
from __future__ import annotations

import copy
import logging
import re

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from toolkit import charts, fmt, markup, plan, workspace
from toolkit.apps import in_voila, show_failure
from toolkit.apps.ahead import Pictures
from toolkit.apps.form import Editor
from toolkit.bestandsanalyse import gaps
from toolkit.bestandsanalyse.checks import problems as stage_checks
from toolkit.bestandsanalyse.gap_figures import heatmap
from toolkit.bestandsanalyse.stage import ALL, Stage
from toolkit.plan.schema import ZIELGRUPPEN

logger = logging.getLogger(__name__)

FAILED = "Diese Auswahl lässt sich nicht darstellen. Bitte wählen Sie andere Filter oder laden Sie die Seite neu."
NO_OFFERS = "Keine Angebote für diese Auswahl."
NO_GAPS = "Keine Lücken für diese Auswahl."
#: Rows of the offers list and of the gap list on one page (page buttons below each; the count says how many
#: the filters leave). A short page reaches the browser and is laid out fast.
PER_PAGE = 15
#: Heatmap pictures kept per app.
CACHE_SIZE = 200
EVERY = "alle"


def explore(stage: Stage) -> App | None:
    """Under Voila the app (returned, for tests) with where the forms save; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(workspace.location_note(stage.workbook.path)))
    app = App(stage)
    display(app.widget)
    return app


class App:
    """Filters, offers list, heatmap, gap list, and the forms „Angebote“ and „Akteure“ in tabs."""

    def __init__(self, stage: Stage):
        import ipywidgets as widgets  # only the app needs it
        self.stage = stage
        self.pictures = Pictures(self._render, self._ahead_keys, CACHE_SIZE)
        self.redraws = 0
        style, layout = {"description_width": "9em"}, widgets.Layout(width="30em")

        def choice(label: str, options, css: str):
            box = widgets.Dropdown(description=label, options=[(EVERY, ALL), *options], value=ALL, style=style,
                                   layout=layout)
            box.add_class(css)
            return box
        self.handlungsfeld = choice("Handlungsfeld", _field_options(stage), "ikpe-filter-handlungsfeld")
        self.zielgruppe = choice("Zielgruppe", [(g, g) for g in ZIELGRUPPEN], "ikpe-filter-zielgruppe")
        self.raum = choice("Raum", stage.raeume, "ikpe-filter-raum")
        self.sprache = choice("Sprache", stage.languages, "ikpe-filter-sprache")
        self.status = choice("Aufenthaltsstatus", [(s, s) for s in gaps.STATUS], "ikpe-filter-status")
        self.filters = (self.handlungsfeld, self.zielgruppe, self.raum, self.sprache, self.status)
        self.message = widgets.HTML()
        self.count = widgets.HTML()
        self.count.add_class("ikpe-angebote-zahl")
        self.offers = widgets.HTML()
        self.offers.add_class("ikpe-angebote")
        self.offer_pages = Pager(self.offers, "ikpe-angebote-seiten", self._guarded)
        self.picture = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.picture.add_class("ikpe-heatmap")
        self.gap_list = widgets.HTML()
        self.gap_list.add_class("ikpe-luecken")
        self.gap_pages = Pager(self.gap_list, "ikpe-luecken-seiten", self._guarded)
        self._quiet = False   # True while the app itself changes the filters' choices
        self.drawn = widgets.HTML()   # a counter, for tests and benchmarks: the redraw has reached the page
        self.drawn.add_class("ikpe-gezeichnet")
        self.drawn.layout.display = "none"
        for box in self.filters:
            box.observe(self._guarded(self._filtered), names="value")
        self.offer_form = Editor(stage.workbook.path, "angebote", "Titel", problems=self._problems,
                                 feedback=self._offer_feedback, loaded=stage.plan)
        self.actor_form = Editor(stage.workbook.path, "akteure", "Name", problems=self._problems,
                                 loaded=stage.plan)
        self._read = {}   # per form the plan it had when the analysis last followed it
        for form in (self.offer_form, self.actor_form):
            self._read[form] = form.plan
            for clicked in (form.save_button, form.yes_button, form.reload_button):   # after the form's own
                clicked.on_click(lambda _, form=form: self._guarded(lambda: self._saved(form))())
        heading = widgets.HTML
        analysis = widgets.VBox([
            widgets.HBox([widgets.VBox([self.handlungsfeld, self.zielgruppe, self.raum]),
                          widgets.VBox([self.sprache, self.status])]),
            self.message, heading("<h3>Angebote</h3>"), self.count, self.offers, self.offer_pages.widget,
            heading("<h3>Lückenmatrix</h3>"), self.picture, heading("<h3>Lücken</h3>"), self.gap_list,
            self.gap_pages.widget, self.drawn])
        self.tabs = widgets.Tab(children=[analysis, self.offer_form.widget, self.actor_form.widget])
        for k, title in enumerate(("Bestand und Lücken", "Angebote bearbeiten", "Akteure bearbeiten")):
            self.tabs.set_title(k, title)
        self.widget = self.tabs
        self._rows_of_offers()
        self.redraw()
        charts.hold_lock_at_exit()
        self.pictures.start()

    # --- state -----------------------------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        """The filters as keyword arguments of `Stage.offers_table` / `Stage.gaps_table`."""
        return {"handlungsfeld": self.handlungsfeld.value, "zielgruppe": self.zielgruppe.value,
                "raum": self.raum.value, "sprache": self.sprache.value, "status": self.status.value}

    def heatmap_key(self, raum: str | None = None, handlungsfeld: str | None = None,
                    zielgruppe: str | None = None) -> tuple:
        """(status, language, "zg"/"raum"/"hf", which): the picture the filters ask for — the chosen Zielgruppe's,
        else the chosen Raum's, else the chosen Handlungsfeld's, else the first Raum's."""
        raum = self.raum.value if raum is None else raum
        handlungsfeld = self.handlungsfeld.value if handlungsfeld is None else handlungsfeld
        zielgruppe = self.zielgruppe.value if zielgruppe is None else zielgruppe
        if zielgruppe:
            return self.status.value, self.sprache.value, "zg", zielgruppe
        if not raum and handlungsfeld:
            return self.status.value, self.sprache.value, "hf", handlungsfeld
        return self.status.value, self.sprache.value, "raum", raum or self.stage.raeume[0][1]

    # --- callbacks -----------------------------------------------------------------------------

    def _guarded(self, handler):
        """Run a callback; a problem shows as a German sentence, never as a traceback."""
        def run(change=None):
            self.pictures.stop_ahead()  # the thread rendering ahead stops before its next picture
            try:
                handler()
            except Exception as error:  # noqa: BLE001 - a learner sees a sentence, the trainer the traceback in the log
                show_failure(error, self.message, logger, "der Bestandsanalyse-App", FAILED, f"Filter {self.chosen()}")
            self.pictures.plan_ahead()
        return run

    def _filtered(self) -> None:
        if not self._quiet:
            self.redraw()

    def redraw(self) -> None:
        """Offers list, heatmap and gap list for the filters (each list on its first page)."""
        self.message.value = ""
        chosen = self.chosen()
        mask = self.stage.offer_mask(**chosen)
        shown_offers = int(mask.sum())
        total = len(self.stage.plan.angebote)
        where = (f" (erreichbar aus {markup.html(self.raum.label)} nach der Regel der Lückenmatrix: "
                 f"{markup.html(self.stage.matrix.notes[0])})" if self.raum.value else "")
        self.count.value = (f"<p><b>{fmt.number(shown_offers)} von {fmt.number(total)} Angeboten</b> passen zur "
                            f"Auswahl{where}.</p>")
        self.offer_pages.show(self._offer_rows, mask, "", NO_OFFERS)
        self.picture.value = self.pictures.get(self.heatmap_key())
        rows = self._gap_rows(chosen["status"], chosen["sprache"])
        keep = rows.mask(chosen["handlungsfeld"], chosen["zielgruppe"], chosen["raum"])
        found = int(keep.sum())
        self.gap_pages.show(rows, keep, f"<p><b>{fmt.number(found)} Lücken</b> für diese Auswahl:</p>", NO_GAPS)
        self.redraws += 1
        self.drawn.value = f"<span data-n='{self.redraws}'>{self.redraws}</span>"

    def _saved(self, form: Editor) -> None:
        """After „Speichern“, „Löschen“ or „Neu laden“ in a form: when the form has read the workbook again (the
        save went through), the analysis of the workbook as saved — also when the same row is saved twice."""
        if form.plan is self._read[form]:
            return
        self._read[form] = form.plan
        fresh = self.stage.refreshed(form.plan)
        with charts.FIGURE_LOCK:   # a picture or table the thread is making of the old stage is kept, then dropped
            self.stage = fresh
            self.pictures.clear()
            self._rows_of_offers()
        self._refresh_choices()
        self.redraw()

    def _refresh_choices(self) -> None:
        """The choices of the filters that come from the workbook (languages of the offers, Handlungsfelder) as
        the saved workbook has them; a choice that is gone falls back to „alle“. No redraw of its own."""
        for box, options in ((self.sprache, self.stage.languages), (self.handlungsfeld, _field_options(self.stage))):
            options = [(EVERY, ALL), *options]
            if list(box.options) == options:
                continue
            keep = box.value if box.value in {value for _, value in options} else ALL
            self._quiet = True
            try:
                box.options = options
                box.value = keep
            finally:
                self._quiet = False

    def _problems(self, candidate: plan.Plan) -> list[plan.Problem]:
        """check_plan's findings and stage 2's own (Gemeinden of the district, Stand of offers)."""
        return stage_checks(candidate, kreis=self.stage.workbook.district_code,
                            gemeinden=self.stage.needs.gemeinden.index, today=self.stage.today)

    def _offer_feedback(self, candidate: plan.Plan, row: int) -> str:
        """Which Räume reach the offer and which residence statuses it is open to, by the gap matrix's rules."""
        single = copy.copy(candidate)
        single.angebote = candidate.angebote.loc[[row]]
        index = self.stage.offer_columns(single)
        if index.empty:
            return ""
        offer = index.iloc[0]
        reached = [name for name, key in self.stage.raeume if offer[f"raum:{key}"]]
        open_to = [s for s in gaps.STATUS if offer[f"status:{s}"]]
        field = offer["field"] or "–"
        return ("<p><b>In der Lückenmatrix:</b></p><ul class='ikpe-einordnung'>"
                f"<li>Handlungsfeld: {markup.html(field)}</li>"
                f"<li>Erreichbar aus: {markup.html(', '.join(reached) or 'keinem Raum')}</li>"
                f"<li>Offen für: {markup.html(', '.join(open_to) or 'niemanden')}</li></ul>")

    # --- tables, rendered once -------------------------------------------------------------------

    def _rows_of_offers(self) -> None:
        self._offer_rows = Rows(self.stage.offers_table().reset_index())
        self._gap_tables: dict = {}

    def _gap_rows(self, status: str, sprache: str) -> Rows:
        """The ranked gaps of `Stage.matrix_for(status, sprache)` as rendered rows, made once per choice."""
        key, tables, stage = (status, sprache), self._gap_tables, self.stage   # a save meanwhile replaces both
        found = tables.get(key)
        if found is None:
            matrix = stage.matrix_for(status=status, sprache=sprache)
            found = Rows(matrix.ranked(), matrix.gaps[["handlungsfeld_id", "zielgruppe", "raum"]])
            tables[key] = found
        return found

    # --- pictures --------------------------------------------------------------------------------

    def _render(self, key: tuple) -> bytes | str:
        """A heatmap picture, or (kind "lücken") the gap table of a language and status rendered once (its head
        is kept as the picture; the rows stay with the app)."""
        status, sprache, kind, which = key
        if kind == "lücken":
            return self._gap_rows(status, sprache).head
        matrix = self.stage.matrix_for(status=status, sprache=sprache)
        where = {{"raum": "raum", "hf": "handlungsfeld", "zg": "zielgruppe"}[kind]: which}
        extra = []
        if sprache:
            extra.append(f"Gezählt sind nur Angebote auf {dict((c, n) for n, c in self.stage.languages)[sprache]}.")
        if status:
            extra.append(f"Alle Zielgruppen mit dem Aufenthaltsstatus „{status}“.")
        return charts.png(heatmap(matrix, note=" ".join(extra), **where))

    def _ahead_keys(self) -> list[tuple]:
        """What one filter change away needs, for the chosen language and status: the pictures of every Raum,
        Handlungsfeld and Zielgruppe; then the gap tables (with their gap matrices) of every other language and
        status."""
        status, sprache = self.status.value, self.sprache.value
        keys = [self.heatmap_key(raum=key) for _, key in self.stage.raeume]
        keys += [self.heatmap_key(raum=ALL, handlungsfeld=i) for i, _ in self.stage.matrix.handlungsfelder]
        keys += [self.heatmap_key(zielgruppe=g) for g in (ALL, *ZIELGRUPPEN)]
        keys += [(status, code, "lücken", "") for _, code in [("", ALL), *self.stage.languages] if code != sprache]
        keys += [(s, sprache, "lücken", "") for s in (ALL, *gaps.STATUS) if s != status]
        return list(dict.fromkeys(keys))


def _field_options(stage: Stage) -> list[tuple[str, str]]:
    return [(f"{i} {n}", i) for i, n in stage.matrix.handlungsfelder]


class Pager:
    """A list of rows (`Rows`) shown `PER_PAGE` at a time in an HTML widget, „Seite 2 von 5 …“ under the table,
    „zurück“/„weiter“ buttons below (hidden while one page holds everything). `show` starts at the first page. One
    widget message per page shown (the buttons change only at the ends)."""

    def __init__(self, html, css: str, guarded):
        import ipywidgets as widgets
        self.html, self.page = html, 0
        self._rows, self._mask, self._head, self._empty = None, np.zeros(0, dtype=bool), "", ""
        self.back = widgets.Button(description="◀ zurück", layout=widgets.Layout(width="8em"))
        self.forward = widgets.Button(description="weiter ▶", layout=widgets.Layout(width="8em"))
        self.back.on_click(guarded(lambda: self.turn(-1)))
        self.forward.on_click(guarded(lambda: self.turn(1)))
        self.widget = widgets.HBox([self.back, self.forward])
        self.widget.add_class(css)

    @property
    def pages(self) -> int:
        return max(1, -(-int(self._mask.sum()) // PER_PAGE))

    def show(self, rows: Rows, mask: np.ndarray, head: str, empty: str) -> None:
        """The rows `mask` keeps, from the first page; `head` above the table, `empty` (German) when none."""
        self._rows, self._mask, self._head, self._empty, self.page = rows, mask, head, empty, 0
        self._draw()

    def turn(self, step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._draw()

    def _draw(self) -> None:
        found, pages = int(self._mask.sum()), self.pages
        start = self.page * PER_PAGE
        where = (f"<p class='ikpe-seite'>Seite {fmt.number(self.page + 1)} von {fmt.number(pages)} (Zeilen "
                 f"{fmt.number(start + 1)}–{fmt.number(min(start + PER_PAGE, found))} von {fmt.number(found)})</p>"
                 if pages > 1 else "")
        self.html.value = (self._head + self._rows.html(self._mask, start, start + PER_PAGE) + where if found
                           else f"<p><i>{self._empty}</i></p>")
        self.back.disabled, self.forward.disabled = self.page == 0, self.page >= pages - 1
        self.widget.layout.display = "flex" if pages > 1 else "none"


class Rows:
    """A table rendered once (`markup.table`), shown for any subset of its rows by joining their HTML."""

    def __init__(self, frame: pd.DataFrame, keys: pd.DataFrame | None = None):
        text = markup.table(frame, css="ikpe-tabelle ikpe-plan")
        start, end = text.index("<tbody>") + len("<tbody>"), text.rindex("</tbody>")
        self.head, self.tail = text[:start], text[end:]
        self.rows = np.array(re.findall(r"<tr>.*?</tr>", text[start:end], flags=re.S), dtype=object)
        self.keys = {c: keys[c].to_numpy(dtype=object) for c in keys.columns} if keys is not None else {}

    def mask(self, handlungsfeld: str, zielgruppe: str, raum: str) -> np.ndarray:
        keep = np.ones(len(self.rows), dtype=bool)
        for column, value in (("handlungsfeld_id", handlungsfeld), ("zielgruppe", zielgruppe), ("raum", raum)):
            if value:
                keep &= self.keys[column] == value
        return keep

    def html(self, mask: np.ndarray, start: int = 0, stop: int | None = None) -> str:
        """The table of the rows `mask` keeps, from the `start`-th to before the `stop`-th of them."""
        return self.head + "".join(self.rows[mask][start:stop]) + self.tail
