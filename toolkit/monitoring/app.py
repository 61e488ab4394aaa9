"""Stage 5's training app under Voila: enter a Sachstand for a measure, see its light computed as you type, save it
into the log of the planning workbook, and see the Ampel overview follow.

    app.form(stage)          # Voila: the app (returned, for tests); elsewhere nothing

„Speichern“ redraws the overview at once with the new row (from the plan in memory), then adds one dated row at
the end of the sheet „Sachstand“ (a log: nothing in it is changed or overwritten; the same report twice is kept
once), under the plan's lock, on the workbook as it is on disk then — so entries made meanwhile in Excel or another
browser tab stay — and redraws from the workbook as saved (a failed write puts the overview back). The file is the
working copy for the project's demo plan (`workspace.working_copy`); the previous file is kept as backup
(`plan.save_plan`). Widget input is only ever parsed as text, dates and whole numbers — never evaluated.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
import logging

import ipywidgets as widgets
from IPython.display import Markdown, display

from toolkit import fmt, markup, plan, workspace
from toolkit.apps import in_voila, show_failure
from toolkit.apps.fields import button, html_widget, option_label
from toolkit.errors import UserError
from toolkit.monitoring import ampel, sachstand, views
from toolkit.monitoring.stage import Stage

logger = logging.getLogger(__name__)

FAILED = "Das hat nicht geklappt. Bitte prüfen Sie Ihre Eingaben; hilft das nicht, laden Sie die Seite neu."
COMPUTED = "berechnet (nicht übersteuern)"
#: What the app writes into „Quelle“ of its rows (einlesen writes the file name there).
SOURCE = "Eingabe in der Trainings-App"


def form(stage: Stage) -> App | None:
    """Under Voila the Sachstand app (returned, for tests) with where it saves; elsewhere nothing."""
    if not in_voila():
        return None
    display(Markdown(workspace.location_note(stage.workbook.path)))
    made = App(stage)
    display(made.widget)
    return made


def _field(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(f"ikpe-feld-{name}")
    return widget


class App:
    """The Sachstand form (measure, Datum, Status, Fortschritt, Sachstand, nächster Schritt, Ampel by hand and
    why, reported by), the live light, and the overview of the lights per Handlungsfeld and per measure."""

    def __init__(self, stage: Stage):
        self.stage = stage
        self.path = stage.workbook.path
        self.redraws = 0
        self._updating = False
        common = {"style": {"description_width": "11em"}, "layout": widgets.Layout(width="95%")}

        def text(label, name, placeholder=""):
            return _field(widgets.Text(description=label, placeholder=placeholder, continuous_update=False, **common),
                          name)

        def area(label, name):
            return _field(widgets.Textarea(description=label, rows=3, continuous_update=False, **common), name)
        self.measure = _field(widgets.Dropdown(description="Maßnahme *", **common), "massnahme")
        self.measure.add_class("ikpe-auswahl")
        self.datum = text("Datum *", "datum", "TT.MM.JJJJ")
        statuses = [("", None)] + [(s, s) for s in plan.STATUS]
        self.status = _field(widgets.Dropdown(description="Status", options=statuses, **common), "status")
        self.fortschritt = text("Fortschritt (%)", "fortschritt", "ganze Zahl von 0 bis 100")
        self.sachstand = area("Sachstand", "sachstand")
        self.next_step = text("Nächster Schritt", "naechster-schritt")
        self.ampel = _field(widgets.Dropdown(description="Ampel von Hand", options=[(COMPUTED, None)] + [
            (light, light) for light in plan.AMPEL], **common), "ampel")
        self.reason = area("Ampel-Begründung", "ampel-begruendung")
        self.reporter = text("Gemeldet von", "gemeldet-von")
        self.inputs = (self.datum, self.status, self.fortschritt, self.sachstand, self.next_step, self.ampel,
                       self.reason, self.reporter)
        self.last = html_widget("ikpe-letzter-sachstand")
        self.live = html_widget("ikpe-ampel-live")
        self.message = html_widget("ikpe-meldung")
        self.save_button = button("Speichern", "success", "ikpe-speichern", self._guarded(self._save))
        self.overview = html_widget("ikpe-uebersicht")
        self.measures = html_widget("ikpe-massnahmen-ampel")
        self.drawn = html_widget("ikpe-gezeichnet")   # a counter, for tests and benchmarks: the redraw reached the page
        self.drawn.layout.display = "none"
        self.measure.observe(self._guarded(self._on_choose), names="value")
        for field in self.inputs:
            field.observe(self._guarded(self._show_live), names="value")
        entry = widgets.VBox([self.measure, *self.inputs, self.save_button], layout=widgets.Layout(width="58%"))
        side = widgets.VBox([self.last, self.live], layout=widgets.Layout(width="40%", padding="0 0 0 1em"))
        self.widget = widgets.VBox([
            self.message, widgets.HBox([entry, side]),   # under the notebook's heading „Sachstand eintragen“
            widgets.HTML("<h3>Ampel je Handlungsfeld</h3>"), self.overview,
            widgets.HTML("<h3>Ampel je Maßnahme</h3>"), self.measures, self.drawn])
        self._guarded(self._fill_choices)()
        self._guarded(self.redraw)()

    # --- callbacks -------------------------------------------------------------------------------

    def _guarded(self, handler):
        """Run a callback; a problem shows as a German sentence, never as a traceback."""
        def run(*args):
            if self._updating:
                return
            try:
                handler(*args)
            except Exception as error:  # noqa: BLE001 - a learner sees a sentence, the trainer the traceback in the log
                show_failure(error, self.message, logger, "der Monitoring-App", FAILED, str(self.path))
        return run

    def _on_choose(self, change=None) -> None:
        """A measure chosen: its last Sachstand beside the form, its status and Fortschritt as the start."""
        self.message.value = ""
        ident = self.measure.value
        latest = self.stage.latest
        row = latest.loc[ident] if ident in latest.index else None
        self._updating = True
        try:
            self.datum.value = fmt.date(self.stage.stichtag)
            status = plan.cell_text(row["Status"]) if row is not None else ""
            self.status.value = status if status in plan.STATUS else None
            done = row["Fortschritt (%)"] if row is not None else None
            self.fortschritt.value = str(int(done)) if plan.is_number(done) else ""
            for field in (self.sachstand, self.next_step, self.reason, self.reporter):
                field.value = ""
            self.ampel.value = None
        finally:
            self._updating = False
        self.last.value = self._last_html(ident, row)
        self._show_live()

    def _show_live(self, change=None) -> None:
        """The light the measure gets with this Sachstand, and its sentence."""
        ident = self.measure.value
        if not ident:
            self.live.value = ""
            return
        try:
            values, day = self._row()
        except UserError as error:
            self.live.value = f"<p class='ikpe-hinweis'><b>Noch nicht speicherbar:</b> {markup.html(error.message)}</p>"
            return
        candidate = copy.copy(self.stage.plan)
        sachstand.append(candidate, [values])
        light = ampel.measure_lights(candidate, day, self.stage.regeln).loc[ident]
        when = "" if day == self.stage.stichtag else f" (zum {fmt.date(day)}, dem Datum des Sachstands)"
        self.live.value = (f"<p><b>Ampel mit diesem Sachstand{when}:</b> "
                           f"{views.coloured_word(plan.cell_text(light['Ampel']))}</p>"
                           f"<p class='ikpe-ampel-satz'>{markup.html(plan.cell_text(light['Satz']))}</p>")

    def _save(self, button=None) -> None:
        """The overview shows the new light at once (from the plan in memory with the new row); then the row is
        written under the plan's lock into the workbook as it is on disk, and the overview follows the saved
        workbook (rows logged meanwhile in Excel included). If writing fails, the overview goes back and the
        message says why; the form keeps what was typed."""
        values, day = self._row()
        ident = values["Maßnahme-ID"]
        before = self.stage
        candidate = copy.copy(before.plan)
        sachstand.append(candidate, [values])
        self.stage = before.refreshed(candidate, max(day, before.stichtag))
        self.redraw()
        self._say(f"Der Sachstand zu „{html.escape(ident)}“ wird in die Planungsmappe geschrieben …")
        try:
            added, fresh = self._write(values)
            self.stage = before.refreshed(fresh, max(day, before.stichtag))
        except BaseException:
            self.stage = before
            self.redraw()
            raise
        self.redraw()
        self._fill_choices(keep=ident)
        self.last.value = self._last_html(ident, self.stage.latest.loc[ident])
        light = self.stage.lights.loc[ident]
        if not added:
            self._say(f"Dieser Sachstand zu „{html.escape(ident)}“ steht schon so im Protokoll; nichts wurde "
                      "hinzugefügt.")
            return
        moved = (f" Die Übersicht gilt jetzt zum {fmt.date(self.stage.stichtag)}, dem Datum dieses Sachstands."
                 if day > before.stichtag else "")
        self._say(f"Gespeichert: Sachstand zu „{html.escape(ident)}“ vom {fmt.date(day)} in "
                  f"{html.escape(str(self.path))} (vorige Fassung: {html.escape(plan.backup_path(self.path).name)}). "
                  f"Ampel: {views.coloured_word(plan.cell_text(light['Ampel']))}.{moved}")

    def _write(self, values: dict) -> tuple[int, plan.Plan]:
        """Add the row to the log of the workbook on disk (under its lock); (rows added, the plan as saved)."""
        ident = values["Maßnahme-ID"]
        with plan.locked(self.path):
            fresh = plan.load_plan(self.path)
            if ident not in sachstand.measure_ids(fresh):
                raise UserError(f"Die Maßnahme „{ident}“ steht nicht mehr in der Planungsmappe (inzwischen in Excel "
                                "gelöscht oder umbenannt?). Der Sachstand ist nicht gespeichert.", file=self.path,
                                hint="Laden Sie die Seite neu und wählen Sie die Maßnahme erneut.")
            added, _ = sachstand.append(fresh, [values])
            if added:
                plan.save_plan(fresh, self.path)
        return added, fresh

    # --- state ------------------------------------------------------------------------------------

    def _row(self) -> tuple[dict, dt.date]:
        """The form as a Sachstand row, and the day its light is judged on (the Stichtag, or the row's later
        Datum); what cannot be saved raises a German UserError."""
        ident = self.measure.value
        if not ident:
            raise UserError("Bitte wählen Sie eine Maßnahme.")
        try:
            day = plan.as_date(self.datum.value.strip())
        except ValueError:
            raise UserError(f"„{self.datum.value.strip()}“ ist kein Datum; erwartet wird TT.MM.JJJJ, z. B. "
                            f"{fmt.date(self.stage.stichtag)}.") from None
        done = self.fortschritt.value.strip()
        number = fmt.parse_number(done) if done else None
        if done and (number is None or not float(number).is_integer() or not 0 <= number <= 100):
            raise UserError(f"Fortschritt „{done}“: erwartet wird eine ganze Zahl von 0 bis 100 (Prozent).")
        light = self.ampel.value
        reason = self.reason.value.strip()
        if light and not reason:
            raise UserError("Die Ampel ist von Hand gesetzt: Bitte sagen Sie unter „Ampel-Begründung“, warum sie "
                            "von der berechneten abweicht.")
        values = {"Datum": day, "Maßnahme-ID": ident, "Status": self.status.value,
                  "Fortschritt (%)": int(number) if number is not None else None,
                  "Sachstand": self.sachstand.value.strip() or None, "Nächster Schritt": self.next_step.value.strip()
                  or None, "Ampel": light, "Ampel-Begründung": reason or None,
                  "Gemeldet von": self.reporter.value.strip() or None, "Quelle": SOURCE}
        return values, max(day, self.stage.stichtag)

    def _fill_choices(self, keep: str | None = None) -> None:
        lights = self.stage.lights
        titles = dict(zip(map(plan.cell_text, self.stage.plan.massnahmen["ID"]), self.stage.plan.massnahmen["Titel"]))
        options = [(f"{option_label(i, titles.get(i))} ({plan.cell_text(lights.at[i, 'Ampel'])})"
                    if i in lights.index else option_label(i, titles.get(i)), i)
                   for i in sachstand.measure_ids(self.stage.plan)]
        self._updating = True
        try:
            self.measure.options = [("– Maßnahme wählen –", None)] + options
            self.measure.value = keep if keep in dict((v, k) for k, v in options) else None
        finally:
            self._updating = False
        if keep is None:
            self._on_choose()

    def redraw(self) -> None:
        """The overview of the lights per Handlungsfeld and per measure, for the stage's plan (a widget sends only
        what changed); the counter goes up with every redraw."""
        self.overview.value, self.measures.value = views.overview_html(self.stage), views.measures_html(self.stage)
        self.redraws += 1
        self.drawn.value = f"<span data-n='{self.redraws}'>{self.redraws}</span>"

    def _last_html(self, ident: str | None, row) -> str:
        if not ident:
            return "<p><i>Wählen Sie links eine Maßnahme; hier steht dann ihr letzter Sachstand.</i></p>"
        if row is None or plan.is_empty(row["Datum"]):
            return (f"<p><b>Letzter Sachstand:</b> zu {html.escape(ident)} noch keiner (Status laut Maßnahmenblatt: "
                    f"{markup.html(plan.cell_text(row['Status']) if row is not None else '–')}).</p>")
        parts = [f"Status {plan.cell_text(row['Status']) or '–'}",
                 f"Fortschritt {fmt.exact(row['Fortschritt (%)'])} %" if plan.is_number(row["Fortschritt (%)"]) else "",
                 plan.cell_text(row["Sachstand"]), f"Nächster Schritt: {plan.cell_text(row['Nächster Schritt'])}"
                 if plan.cell_text(row["Nächster Schritt"]) else ""]
        return (f"<p><b>Letzter Sachstand ({fmt.date(row['Datum'])}):</b> "
                f"{markup.html('; '.join(p for p in parts if p))}</p>")

    def _say(self, text: str, error: bool = False) -> None:
        css = "ikpe-hinweis" if error else "ikpe-erfolg"
        self.message.value = f"<p class='{css}' style='color:{'#a40000' if error else '#1a6b1a'}'>{text}</p>"
