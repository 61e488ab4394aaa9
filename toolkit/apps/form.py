"""The form for one row of a plan sheet, shared by the planning apps (stages 3 and 4).

    editor = form.Editor(path, "ziele", title="Zieltext", feedback=smart_html)
    display(editor.widget)

The form is built from `plan.SHEETS`: drop-downs for list and reference columns (Handlungsfelder, goal
and indicator ids from the workbook), text fields for dates (TT.MM.JJJJ) and numbers (German format),
text areas for long texts. Every change shows the row's problems at once. „Speichern“ reloads the
workbook from disk and replaces only the edited row, so changes made meanwhile in Excel or in another
browser tab survive; a row changed on disk since it was loaded is not overwritten. Widget input is only
ever parsed as text, dates and numbers — never evaluated.
"""
from __future__ import annotations

import copy
import html
import logging
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from toolkit import plan
from toolkit.apps import show_failure
from toolkit.apps.fields import (
    button,
    cell_value,
    html_widget,
    option_label,
    options_for,
    problems_html,
    row_values,
    shown_value,
    widget_for,
    with_row,
)
from toolkit.errors import UserError

logger = logging.getLogger(__name__)

NEW = "neu"
FAILED = "Das hat nicht geklappt. Bitte prüfen Sie Ihre Eingaben; hilft das nicht, laden Sie die Seite neu."
CHANGED_ON_DISK = ("Dieser Eintrag wurde inzwischen in der Datei geändert (z. B. in Excel oder in einem anderen "
                   "Browser-Tab). Ihre Änderung ist nicht gespeichert, damit nichts verloren geht.")


# --- the form -------------------------------------------------------------------------------------

class Editor:
    """Form for one row of a plan sheet (`key` of `plan.SHEETS`): pick a row or „neu“, edit, see the
    problems of that row at once, save it into the workbook or delete it.

    `problems(plan)` lists the problems of a plan (default `plan.check_plan`); `feedback(plan, row)`
    returns stage-specific HTML for the edited row of the plan as it would be saved; `suggest_id(plan,
    values)` proposes the ID of a new entry (kept up to date while the learner has not typed one)."""

    def __init__(self, path: str | Path, key: str, title: str,
                 problems: Callable[[plan.Plan], list[plan.Problem]] = plan.check_plan,
                 feedback: Callable[[plan.Plan, int], str] | None = None, loaded: plan.Plan | None = None,
                 suggest_id: Callable[[plan.Plan, dict], str] | None = None):
        self.path, self.key, self.sheet, self.title = Path(path), key, plan.SHEETS[key], title
        self.problems_of, self.feedback_of, self.suggest_id = problems, feedback, suggest_id
        self.suggested = ""             # the ID last proposed for a new entry
        self.plan: plan.Plan | None = None
        self.row: int | None = None     # Excel row in the loaded plan, None for a new entry
        self.original: dict = {}        # its cells as loaded
        self.shown: dict = {}           # what the fields showed for them
        self.found: list[plan.Problem] = []  # problems of the row as edited
        self._updating = False
        self.fields = {c.header: widget_for(c) for c in self.sheet.columns}
        self.chooser = widgets.Dropdown(description="Eintrag", layout=widgets.Layout(width="40em"),
                                        style={"description_width": "11em"})
        self.chooser.add_class("ikpe-auswahl")
        self.save_button = button("Speichern", "success", "ikpe-speichern", self._guarded(self._save))
        self.delete_button = button("Löschen", "danger", "ikpe-loeschen", self._guarded(self._ask_delete))
        self.reload_button = button("Neu laden", "", "ikpe-neu-laden", self._guarded(self._reload))
        self.yes_button = button("Ja, löschen", "danger", "ikpe-ja-loeschen", self._guarded(self._delete))
        self.cancel_button = button("Abbrechen", "", "ikpe-abbrechen", self._guarded(self._cancel))
        self.question = widgets.HTML()
        self.confirm = widgets.HBox([self.question, self.yes_button, self.cancel_button],
                                    layout=widgets.Layout(display="none"))
        self.message = html_widget("ikpe-meldung")
        self.check = html_widget("ikpe-pruefung")
        self.feedback = html_widget("ikpe-rueckmeldung")
        self.chooser.observe(self._guarded(self._on_choose), names="value")
        for field in self.fields.values():
            field.observe(self._guarded(self._on_edit), names="value")
        form = widgets.VBox(list(self.fields.values()), layout=widgets.Layout(width="58%"))
        side = widgets.VBox([self.check, self.feedback], layout=widgets.Layout(width="40%", padding="0 0 0 1em"))
        buttons = [self.save_button, self.delete_button, self.reload_button]
        self.widget = widgets.VBox([widgets.HBox([self.chooser, *buttons]), self.confirm, self.message,
                                    widgets.HBox([form, side])])
        self._guarded(self._load)(None, loaded)

    # --- callbacks -----------------------------------------------------------------------------

    def _guarded(self, handler):
        """Run a callback; a problem shows as a German sentence, never as a traceback."""
        def run(*args):
            if self._updating:
                return
            try:
                handler(*args)
            except Exception as error:  # noqa: BLE001 - a learner sees a sentence, the trainer the traceback in the log
                show_failure(error, self.message, logger, f"Formular „{self.title}“", FAILED, str(self.path))
        return run

    def _on_choose(self, change):
        self.message.value = ""
        self._show_row(change["new"])

    def _on_edit(self, change):
        self._suggest()
        self._show_check()

    def _suggest(self) -> None:
        """Propose the ID of a new entry while the ID field is empty or still shows the last proposal."""
        field = self.fields["ID"]
        if self.row is not None or not self.suggest_id or field.value not in ("", self.suggested):
            return
        self.suggested = self.suggest_id(self.plan, self._values())
        self._updating = True
        try:
            field.value = self.suggested
        finally:
            self._updating = False

    def _save(self, button):
        values = self._values()
        ident = plan.cell_text(values["ID"])
        if not ident:
            raise UserError("Bitte tragen Sie eine ID ein; über sie finden Ziele und Maßnahmen zueinander.")
        with plan.locked(self.path):
            fresh = plan.load_plan(self.path)
            table = getattr(fresh, self.key)
            row = self._locate(table)
            taken = [r for r, v in table["ID"].items() if plan.cell_text(v) == ident and r != row]
            if taken:
                raise UserError(f"Die ID „{ident}“ steht schon in Zeile {taken[0]}; wählen Sie eine andere.")
            setattr(fresh, self.key, with_row(table, row, values))
            plan.save_plan(fresh, self.path)
        self._load(row)
        errors = sum(p.severity == "error" for p in self.found)
        self._say(f"Gespeichert: „{html.escape(ident)}“ in {html.escape(str(self.path))} "
                  f"(vorige Fassung: {html.escape(plan.backup_path(self.path).name)})."
                  + (f" Der Eintrag hat noch {errors} Fehler – siehe „Prüfung“." if errors else ""))

    def _ask_delete(self, button):
        if self.row is None:
            raise UserError("Ein neuer Eintrag ist noch nicht gespeichert; es gibt nichts zu löschen.")
        self.question.value = (f"<b>„{html.escape(plan.cell_text(self.original['ID']))}“ wirklich aus der "
                               "Planungsmappe löschen?</b>")
        self.confirm.layout.display = None

    def _delete(self, button):
        self.confirm.layout.display = "none"
        with plan.locked(self.path):
            fresh = plan.load_plan(self.path)
            table = getattr(fresh, self.key)
            setattr(fresh, self.key, table.drop(index=self._locate(table)))
            plan.save_plan(fresh, self.path)
        ident = plan.cell_text(self.original["ID"])
        self._load(None)
        self._say(f"Gelöscht: „{html.escape(ident)}“ (vorige Fassung: "
                  f"{html.escape(plan.backup_path(self.path).name)}).")

    def _cancel(self, button):
        self.confirm.layout.display = "none"

    def _reload(self, button):
        ident = plan.cell_text(self.original.get("ID"))
        self._load(None)
        table = getattr(self.plan, self.key)
        match = [r for r, v in table["ID"].items() if ident and plan.cell_text(v) == ident]
        if match:
            self.chooser.value = match[0]
        self._say(f"Neu geladen aus {html.escape(str(self.path))}.")

    # --- loading and showing -------------------------------------------------------------------

    def _load(self, row: int | None, loaded: plan.Plan | None = None) -> None:
        """(Re)read the workbook, refresh the choices and show `row` (None: a new entry)."""
        self.plan = loaded or plan.load_plan(self.path)
        table = getattr(self.plan, self.key)
        self._updating = True
        try:
            self.chooser.options = [("– neuer Eintrag –", NEW)] + [
                (option_label(values["ID"], values[self.title]), r) for r, values in table.iterrows()]
            self.chooser.value = row if row in table.index else NEW
        finally:
            self._updating = False
        self._show_row(self.chooser.value)

    def _show_row(self, choice) -> None:
        table = getattr(self.plan, self.key)
        self.row = None if choice == NEW else choice
        self.original = {h: None if self.row is None else table.at[self.row, h] for h in self.sheet.headers}
        self._updating = True
        try:
            for column in self.sheet.columns:
                field, value = self.fields[column.header], self.original[column.header]
                if isinstance(field, (widgets.Dropdown, widgets.SelectMultiple)):
                    field.options = options_for(column, self.plan, value)
                field.value = shown_value(column, value, field)
                self.shown[column.header] = field.value
        finally:
            self._updating = False
        self.confirm.layout.display = "none"
        self.suggested = ""
        self._suggest()
        self._show_check()

    def _show_check(self) -> None:
        """The edited row's problems and the stage's feedback, for the plan as it would be saved."""
        table = getattr(self.plan, self.key)
        row = self.row if self.row is not None else (max(table.index, default=1) + 1)
        candidate = copy.copy(self.plan)
        setattr(candidate, self.key, with_row(table, row, self._values()))
        self.found = [p for p in self.problems_of(candidate) if p.sheet == self.sheet.title and p.row == row]
        self.check.value = problems_html(self.found)
        self.feedback.value = self.feedback_of(candidate, row) if self.feedback_of else ""

    def _values(self) -> dict:
        """The form as cells; a field left as it was shown keeps the cell's original value."""
        return {c.header: self.original[c.header] if self.fields[c.header].value == self.shown[c.header]
                else cell_value(c, self.fields[c.header].value) for c in self.sheet.columns}

    def _locate(self, table: pd.DataFrame) -> int:
        """Row of the edited entry in a freshly read table; refuses when it changed on disk."""
        if self.row is None:
            return max(table.index, default=1) + 1
        same = [r for r in table.index if row_values(table, r, self.sheet.headers) == self.original]
        if self.row in same:
            return self.row
        if len(same) == 1:  # rows moved (inserted or deleted above it in Excel)
            return same[0]
        raise UserError(CHANGED_ON_DISK, file=self.path,
                        hint="Klicken Sie auf „Neu laden“, prüfen Sie den Eintrag und tragen Sie Ihre Änderung "
                             "erneut ein.")

    def _say(self, text: str, error: bool = False) -> None:
        css = "ikpe-hinweis" if error else "ikpe-erfolg"
        self.message.value = f"<p class='{css}' style='color:{'#a40000' if error else '#1a6b1a'}'>{text}</p>"
