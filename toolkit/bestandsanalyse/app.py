"""Stage 2's training app under Voila: filters over the offers, the gap heatmap and the ranked gaps that follow them,
and the shared row editor for offers and actors (live checks of stage 2 for the edited row).

    app.explore(stage)      # Voila: the app (returned, for tests); elsewhere nothing

Filters: Handlungsfeld, Zielgruppe, Raum, Sprache, Aufenthaltsstatus. The offers list shows the offers the filters
leave (a Raum: those it reaches by the gap matrix's rule); the heatmap shows the chosen Raum (else the chosen
Handlungsfeld, else the first Raum) and the gap list the gaps in the chosen Handlungsfeld, Zielgruppe and Raum — both
for the offers in the chosen language and for people of the chosen status. A filter change redraws from what
`stage.Stage` precomputed (boolean columns per offer, gap matrices kept per language and status); heatmap pictures
are kept, and a background thread renders ahead the pictures of the other Räume and Handlungsfelder. After
„Speichern“ or „Löschen“ in a form the analysis is computed again from the saved workbook.
"""
from __future__ import annotations

import copy
import logging
import re

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from toolkit import charts, fmt, markup, plan, workspace
from toolkit.apps import in_voila, user_error_html
from toolkit.apps.ahead import Pictures
from toolkit.apps.form import Editor
from toolkit.bestandsanalyse import gaps
from toolkit.bestandsanalyse.checks import problems as stage_checks
from toolkit.bestandsanalyse.gap_figures import heatmap
from toolkit.bestandsanalyse.stage import ALL, Stage
from toolkit.cli import user_error
from toolkit.plan.schema import ZIELGRUPPEN

logger = logging.getLogger(__name__)

FAILED = "Diese Auswahl lässt sich nicht darstellen. Bitte wählen Sie andere Filter oder laden Sie die Seite neu."
NO_OFFERS = "Keine Angebote für diese Auswahl."
NO_GAPS = "Keine Lücken für diese Auswahl."
#: Gaps listed at once (the count says how many the filters leave).
GAPS_SHOWN = 30
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
        self.handlungsfeld = choice("Handlungsfeld", [(f"{i} {n}", i) for i, n in stage.matrix.handlungsfelder],
                                    "ikpe-filter-handlungsfeld")
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
        self.picture = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.picture.add_class("ikpe-heatmap")
        self.gap_list = widgets.HTML()
        self.gap_list.add_class("ikpe-luecken")
        self.drawn = widgets.HTML()   # a counter, for tests and benchmarks: the redraw has reached the page
        self.drawn.add_class("ikpe-gezeichnet")
        self.drawn.layout.display = "none"
        for box in self.filters:
            box.observe(self._guarded(self.redraw), names="value")
        self.offer_form = Editor(stage.workbook.path, "angebote", "Titel", problems=self._problems,
                                 feedback=self._offer_feedback, loaded=stage.plan)
        self.actor_form = Editor(stage.workbook.path, "akteure", "Name", problems=self._problems,
                                 loaded=stage.plan)
        for form in (self.offer_form, self.actor_form):
            form.message.observe(self._guarded(lambda form=form: self._saved(form)), names="value")
        heading = widgets.HTML
        analysis = widgets.VBox([
            widgets.HBox([widgets.VBox([self.handlungsfeld, self.zielgruppe, self.raum]),
                          widgets.VBox([self.sprache, self.status])]),
            self.message, heading("<h3>Angebote</h3>"), self.count, self.offers,
            heading("<h3>Lückenmatrix</h3>"), self.picture, heading("<h3>Lücken</h3>"), self.gap_list, self.drawn])
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

    def heatmap_key(self, raum: str | None = None, handlungsfeld: str | None = None) -> tuple:
        """(status, language, "raum"/"hf", which): the picture the filters ask for."""
        raum = self.raum.value if raum is None else raum
        handlungsfeld = self.handlungsfeld.value if handlungsfeld is None else handlungsfeld
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
                fixable = user_error(error)
                if fixable is None:
                    logger.exception("Fehler in der Bestandsanalyse-App (Filter %s)", self.chosen())
                    self.message.value = f"<p class='ikpe-hinweis'>{FAILED}</p>"
                else:
                    logger.warning("Eingabefehler in der Bestandsanalyse-App: %s", fixable, exc_info=True)
                    self.message.value = user_error_html(fixable)
            self.pictures.plan_ahead()
        return run

    def redraw(self) -> None:
        """Offers list, heatmap and gap list for the filters."""
        self.message.value = ""
        chosen = self.chosen()
        mask = self.stage.offer_mask(**chosen)
        shown_offers = int(mask.sum())
        total = len(self.stage.plan.angebote)
        where = (f" (erreichbar aus {markup.html(self.raum.label)} nach der Regel der Lückenmatrix: "
                 f"{markup.html(self.stage.matrix.notes[0])})" if self.raum.value else "")
        self.count.value = (f"<p><b>{fmt.number(shown_offers)} von {fmt.number(total)} Angeboten</b> passen zur "
                            f"Auswahl{where}.</p>")
        self.offers.value = self._offer_rows.html(mask) if shown_offers else f"<p><i>{NO_OFFERS}</i></p>"
        self.picture.value = self.pictures.get(self.heatmap_key())
        rows = self._gap_rows(chosen["status"], chosen["sprache"])
        keep = rows.mask(chosen["handlungsfeld"], chosen["zielgruppe"], chosen["raum"])
        found = int(keep.sum())
        head = (f"<p><b>{fmt.number(found)} Lücken</b> für diese Auswahl"
                + (f", die ersten {fmt.number(GAPS_SHOWN)}" if found > GAPS_SHOWN else "") + ":</p>")
        self.gap_list.value = head + rows.html(keep, GAPS_SHOWN) if found else f"<p><i>{NO_GAPS}</i></p>"
        self.redraws += 1
        self.drawn.value = f"<span data-n='{self.redraws}'>{self.redraws}</span>"

    def _saved(self, form: Editor) -> None:
        """After „Speichern“/„Löschen“: the analysis of the workbook as saved."""
        text = form.message.value
        if "Gespeichert:" not in text and "Gelöscht:" not in text:
            return
        self.stage = self.stage.refreshed(form.plan)
        self.pictures.clear()
        self._rows_of_offers()
        self.redraw()

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
        key = (status, sprache)
        found = self._gap_tables.get(key)
        if found is None:
            matrix = self.stage.matrix_for(status=status, sprache=sprache)
            found = Rows(matrix.ranked(), matrix.gaps[["handlungsfeld_id", "zielgruppe", "raum"]])
            self._gap_tables[key] = found
        return found

    # --- pictures --------------------------------------------------------------------------------

    def _render(self, key: tuple) -> bytes:
        status, sprache, kind, which = key
        matrix = self.stage.matrix_for(status=status, sprache=sprache)
        where = {"raum": which} if kind == "raum" else {"handlungsfeld": which}
        extra = []
        if sprache:
            extra.append(f"Gezählt sind nur Angebote auf {dict((c, n) for n, c in self.stage.languages)[sprache]}.")
        if status:
            extra.append(f"Alle Zielgruppen mit dem Aufenthaltsstatus „{status}“.")
        return charts.png(heatmap(matrix, note=" ".join(extra), **where))

    def _ahead_keys(self) -> list[tuple]:
        """Pictures of every Raum and Handlungsfeld for the chosen language and status."""
        keys = [self.heatmap_key(raum=key) for _, key in self.stage.raeume]
        return keys + [self.heatmap_key(raum=ALL, handlungsfeld=i) for i, _ in self.stage.matrix.handlungsfelder]


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

    def html(self, mask: np.ndarray, most: int | None = None) -> str:
        return self.head + "".join(self.rows[mask][:most]) + self.tail
