"""Shared code of the planning apps (stages 3 and 4): find the workbook, and a form for one row of a plan sheet.

    path = planung.working_copy(planung.plan_path(data_dir), district_code)   # never the committed demo file
    editor = planung.Editor(path, "ziele", title="Zieltext", feedback=smart_html)
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
import datetime as dt
import functools
import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, Markdown, display

from toolkit import config, fmt, indicators, plan
from toolkit.apps import in_voila
from toolkit.config import DATASETS_DIR, PLAN_NAME
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.store import computed

#: Handlungsfelder of the empty plan made for a data folder without one (`create_missing`).
NEW_PLAN_TEMPLATE = "eisenach"
NEW = "neu"
LONG_TEXTS = ("Zieltext", "Beschreibung", "Bedarf/Begründung", "Meilensteine", "Begründung")
FAILED = "Das hat nicht geklappt. Bitte prüfen Sie Ihre Eingaben; hilft das nicht, laden Sie die Seite neu."
CHANGED_ON_DISK = ("Dieser Eintrag wurde inzwischen in der Datei geändert (z. B. in Excel oder in einem anderen "
                   "Browser-Tab). Ihre Änderung ist nicht gespeichert, damit nichts verloren geht.")
#: A cell shown as a number (German format, maybe with € or %): right-aligned in the handout.
NUMBER = re.compile(r"[−+-]?[\d.]+(,\d+)?(\s?[€%])?")
SEVERITY = {"error": ("✗", "Fehler"), "warning": ("!", "Hinweis")}


# --- where the workbook lives ---------------------------------------------------------------------

def plan_path(data_dir: str | Path, plan_file: str | Path = "") -> Path:
    """The plan file: `plan_file` if given (relative to the working directory), else `data_dir`/planung.xlsx."""
    return Path(plan_file) if str(plan_file) else Path(data_dir) / PLAN_NAME


def working_copy(path: str | Path, district_code: str) -> Path:
    """The file the app may write: `path` itself, or for a file inside the project's datasets/ a copy in
    `config.workdir()`/<district_code>/, made once and never overwritten."""
    path = Path(path).resolve()
    if not path.is_relative_to(DATASETS_DIR.resolve()):
        return path
    target = config.workdir() / district_code / path.name
    if not target.exists():
        if not path.is_file():
            raise UserError("Die Planungsmappe gibt es nicht.", file=path,
                            hint="Legen Sie sie an: ikpe plan new <Datei> --handlungsfelder eisenach")
        target.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as original:
            plan.write_then_replace(target, lambda handle: shutil.copyfileobj(original, handle))
    return target


@dataclass
class Workbook:
    """The plan a stage notebook reports on and edits: under Voila the working copy, else the file itself."""
    path: Path
    plan: plan.Plan
    district_code: str
    district_name: str
    created: bool = False           # the toolkit has just created it, empty (see `create_missing`)

    def source_line(self) -> str:
        stand = dt.date.fromtimestamp(self.path.stat().st_mtime)
        return f"Planungsmappe {self.path.name}, Stand {fmt.date(stand)}"


def prepare(data_dir: str | Path, district_code: str | int, plan_file: str | Path = "") -> Workbook:
    """Find and load the district's plan (see `plan_path`, `working_copy`, `open_plan`); a data folder of the
    learner's own without one gets an empty plan, and the notebook says so. The code may be a number."""
    district_code = pad_code(district_code)
    name = district_name(data_dir, district_code)   # before `open_plan`: a preheated kernel has it ready
    path = plan_path(data_dir, plan_file)
    if in_voila():   # a UserError here reaches the page through toolkit.apps.show_user_errors_in_page
        path = working_copy(path, district_code)
    loaded, created = open_plan(path, create=not str(plan_file))
    if created:
        display(Markdown(created_note(path)))
    return Workbook(path, loaded, district_code, name, created)


def district_name(data_dir: str | Path, district_code: str) -> str:
    """The district's name as the data folder's indicator tables give it (else its code)."""
    for result in computed(str(Path(data_dir).resolve())).values():
        names = result.loc[result["region_code"] == district_code, "region_name"]
        if len(names):
            return str(names.iloc[0])
    return district_code


def open_plan(path: str | Path, create: bool = False) -> tuple[plan.Plan, bool]:
    """Load the plan (with `create`, made first if missing: see `create_missing`) and say whether this call
    created it; under Voila only once the page was requested (a preheated kernel runs the notebook before
    anyone opens it, and must neither show the workbook as it was back then nor create one unasked)."""
    if in_voila():
        _wait_for_page()
    created = create and create_missing(Path(path))
    return plan.load_plan(path), created


def create_missing(path: Path) -> bool:
    """Create an empty plan like `ikpe plan new <path> --handlungsfelder eisenach` where a folder of the learner's
    own has none; True if this call made it. Never inside the project's datasets/, never over an existing file
    (checked again under the plan's lock, so notebooks 03 and 04 running side by side make one plan)."""
    if path.exists() or not path.parent.is_dir() or path.resolve().is_relative_to(DATASETS_DIR.resolve()):
        return False
    try:
        with plan.locked(path):
            if path.exists():
                return False
            plan.new_plan(path, NEW_PLAN_TEMPLATE)
    except OSError as error:   # a read-only folder (course stick, network share)
        raise UserError("Im Datenordner liegt keine Planungsmappe, und hier lässt sich keine anlegen "
                        f"({error.strerror}).", file=path, hint="Legen Sie eine an einem Ort an, an dem Sie schreiben dürfen "
                                        "(ikpe plan new <Datei> --handlungsfelder eisenach), und geben Sie sie als "
                                        "plan_file an.") from None
    return True


def created_note(path: Path) -> str:
    """German Markdown: the toolkit has created an empty plan, and what to do with it."""
    fields = len(plan.template(NEW_PLAN_TEMPLATE))
    return (f"**Im Datenordner lag noch keine Planungsmappe. Der Werkzeugkasten hat eine leere angelegt:** "
            f"`{path}` – mit den {fields} Handlungsfeldern der Vorlage Eisenach und dem Indikatorenkatalog. Tragen Sie "
            "dort Ziele und Maßnahmen ein (in Excel oder in den Trainings-Apps der Stufen 3 und 4) und rechnen Sie "
            "das Notebook dann neu. Andere Handlungsfelder schreiben Sie ins Blatt „Handlungsfelder“.")


@functools.cache
def _wait_for_page() -> None:
    """Block a preheated kernel until its page is requested (Voila's `wait_for_request`; returns at
    once in a kernel started for a request). Cached: the request arrives only once per kernel."""
    from voila.utils import wait_for_request
    wait_for_request()


def location_note(path: Path) -> str:
    """German Markdown telling the learner which file the app writes."""
    return (f"Die App speichert in `{path}` (vorige Fassung: `{plan.backup_path(path).name}`). Sie können die "
            "Datei auch in Excel bearbeiten: nach dem Speichern in Excel hier „Neu laden“ klicken, vor dem Speichern "
            "in der App die Datei in Excel schließen. Der Bericht unter dem Formular zeigt den Stand beim Öffnen der "
            "Seite; laden Sie die Seite neu, um Ihre Änderungen auch dort zu sehen.")


# --- static report helpers ------------------------------------------------------------------------

def show_table(table: pd.DataFrame, absent: str) -> None:
    """A display table as HTML (text escaped, numbers in German format, a named index as
    first column), or the sentence `absent`."""
    if table is None or table.empty:
        display(Markdown(f"*{absent}*"))
        return
    shown = (table.reset_index() if table.index.name else table).map(_display_cell)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = "".join("<tr>" + "".join(f"<td class='zahl'>{c}</td>" if NUMBER.fullmatch(c) else f"<td>{c}</td>"
                                    for c in row) + "</tr>" for row in shown.itertuples(index=False))
    display(HTML(f"<table class='ikpe-tabelle ikpe-plan'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"))


def show_problems(problems: list[plan.Problem]) -> None:
    """The plan's problems as a German list, or a sentence saying there are none."""
    if not problems:
        display(Markdown("*Keine Fehler und keine Hinweise in diesem Teil der Planungsmappe.*"))
        return
    errors = sum(p.severity == "error" for p in problems)
    notes = len(problems) - errors
    display(Markdown(f"{errors} Fehler, {notes} Hinweis{'' if notes == 1 else 'e'}:\n\n"
                     + "\n".join(f"- {md(str(p))}" for p in problems)))


def _display_cell(value) -> str:
    """A cell as escaped HTML text: numbers and dates in German format, line breaks kept."""
    if plan.is_empty(value):
        return "–"
    if plan.is_number(value):
        return _number_text(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    return html.escape(str(value)).replace("\n", "<br>")


def md(text: str) -> str:
    """User text safe inside Markdown (shown as typed)."""
    return re.sub(r"([\\*_`\[\]<>])", r"\\\1", text)


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
        self.fields = {c.header: _field(c) for c in self.sheet.columns}
        self.chooser = widgets.Dropdown(description="Eintrag", layout=widgets.Layout(width="40em"),
                                        style={"description_width": "11em"})
        self.chooser.add_class("ikpe-auswahl")
        self.save_button = _button("Speichern", "success", "ikpe-speichern", self._guarded(self._save))
        self.delete_button = _button("Löschen", "danger", "ikpe-loeschen", self._guarded(self._ask_delete))
        self.reload_button = _button("Neu laden", "", "ikpe-neu-laden", self._guarded(self._reload))
        self.yes_button = _button("Ja, löschen", "danger", "ikpe-ja-loeschen", self._guarded(self._delete))
        self.cancel_button = _button("Abbrechen", "", "ikpe-abbrechen", self._guarded(self._cancel))
        self.question = widgets.HTML()
        self.confirm = widgets.HBox([self.question, self.yes_button, self.cancel_button],
                                    layout=widgets.Layout(display="none"))
        self.message = _html("ikpe-meldung")
        self.check = _html("ikpe-pruefung")
        self.feedback = _html("ikpe-rueckmeldung")
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
            except UserError as error:
                self._say(html.escape(str(error)).replace("\n", "<br>"), error=True)
            except Exception:  # noqa: BLE001 - a learner sees a sentence, never a traceback
                self._say(FAILED, error=True)
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

    def _save(self, _button):
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
            setattr(fresh, self.key, _with_row(table, row, values))
            plan.save_plan(fresh, self.path)
        self._load(row)
        errors = sum(p.severity == "error" for p in self.found)
        self._say(f"Gespeichert: „{html.escape(ident)}“ in {html.escape(str(self.path))} "
                  f"(vorige Fassung: {html.escape(plan.backup_path(self.path).name)})."
                  + (f" Der Eintrag hat noch {errors} Fehler – siehe „Prüfung“." if errors else ""))

    def _ask_delete(self, _button):
        if self.row is None:
            raise UserError("Ein neuer Eintrag ist noch nicht gespeichert; es gibt nichts zu löschen.")
        self.question.value = (f"<b>„{html.escape(plan.cell_text(self.original['ID']))}“ wirklich aus der "
                               "Planungsmappe löschen?</b>")
        self.confirm.layout.display = None

    def _delete(self, _button):
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

    def _cancel(self, _button):
        self.confirm.layout.display = "none"

    def _reload(self, _button):
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
                (_label(values["ID"], values[self.title]), r) for r, values in table.iterrows()]
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
                    field.options = _options(column, self.plan, value)
                field.value = _shown(column, value, field)
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
        setattr(candidate, self.key, _with_row(table, row, self._values()))
        self.found = [p for p in self.problems_of(candidate) if p.sheet == self.sheet.title and p.row == row]
        self.check.value = _problems_html(self.found)
        self.feedback.value = self.feedback_of(candidate, row) if self.feedback_of else ""

    def _values(self) -> dict:
        """The form as cells; a field left as it was shown keeps the cell's original value."""
        return {c.header: self.original[c.header] if self.fields[c.header].value == self.shown[c.header]
                else _cell(c, self.fields[c.header].value) for c in self.sheet.columns}

    def _locate(self, table: pd.DataFrame) -> int:
        """Row of the edited entry in a freshly read table; refuses when it changed on disk."""
        if self.row is None:
            return max(table.index, default=1) + 1
        same = [r for r in table.index if _row(table, r, self.sheet.headers) == self.original]
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


# --- form helpers ---------------------------------------------------------------------------------

def _field(column: plan.Column) -> widgets.Widget:
    """The input widget for a column: list → drop-down, goal ids → multi-select, long text → text area."""
    label = column.header + (" *" if column.required or column.kind == "id" else "")
    common = {"description": label, "style": {"description_width": "11em"}, "layout": widgets.Layout(width="95%")}
    if column.header == "Ziel-ID(s)":
        field = widgets.SelectMultiple(rows=5, tooltip="Mehrere Ziele mit Strg-Klick wählen", **common)
    elif column.kind in ("choice", "ref"):
        field = widgets.Dropdown(**common)
    elif column.header in LONG_TEXTS:
        field = widgets.Textarea(rows=3, continuous_update=False, **common)
    else:
        field = widgets.Text(continuous_update=False, placeholder=_placeholder(column), **common)
    name = column.header.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    field.add_class("ikpe-feld-" + re.sub(r"[^a-z0-9]+", "-", name).strip("-"))
    return field


def _placeholder(column: plan.Column) -> str:
    return {"date": "TT.MM.JJJJ", "number": "Zahl, z. B. 12,5", "amount": "Zahl ab 0, z. B. 1.500",
            "whole": f"ganze Zahl von {column.bounds[0]} bis {column.bounds[1]}"}.get(column.kind, "")


def _options(column: plan.Column, current: plan.Plan, value) -> list[tuple[str, str | None]]:
    """Choices of a list or reference column from the workbook; a value not among them (a mistake in
    the file) is kept as an extra choice, so opening and saving a row never changes it unnoticed."""
    if column.header == "Ziel-ID(s)" or column.choices == plan.GOAL_REF:
        found = [(plan.cell_text(i), _label(i, t)) for i, t in zip(current.ziele["ID"], current.ziele["Zieltext"])]
    elif column.choices == plan.HF_REF:
        found = [(plan.cell_text(n), plan.cell_text(n)) for n in current.handlungsfelder["Handlungsfeld"]]
    elif column.choices == plan.INDICATOR_REF:
        found = [(i.id, f"{i.id} – {i.name}") for i in indicators.catalogue()] + [
            (plan.cell_text(i), _label(i, n))
            for i, n in zip(current.indikatoren["ID"], current.indikatoren["Bezeichnung"])]
    else:
        found = [(c, c) for c in column.choices]
    known = dict(found)
    wanted = plan.goal_ids(value) if column.header == "Ziel-ID(s)" else [plan.cell_text(value)] * bool(plan.cell_text(value))
    options = [(label, key) for key, label in known.items() if key]
    options += [(f"{v} (nicht in der Liste)", v) for v in dict.fromkeys(wanted) if v not in known]
    return options if column.header == "Ziel-ID(s)" else [("", None)] + options


def _label(ident, text) -> str:
    text = plan.cell_text(text).replace("\n", " ")
    return f"{plan.cell_text(ident)} – {text[:70] + '…' if len(text) > 70 else text}" if text else plan.cell_text(ident)


def _shown(column: plan.Column, value, field: widgets.Widget):
    """A cell as the field shows it."""
    if isinstance(field, widgets.SelectMultiple):
        return tuple(dict.fromkeys(plan.goal_ids(value)))
    if isinstance(field, widgets.Dropdown):
        return plan.cell_text(value) or None
    if column.kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if column.kind == "whole" and plan.is_number(value) and float(value).is_integer():
        return str(int(value))                     # a year or a step: 2024, not 2.024
    if column.kind in ("number", "amount", "whole") and plan.is_number(value):
        return _number_text(value)
    return "" if plan.is_empty(value) else str(value)


def _cell(column: plan.Column, value):
    """A field's value as a cell: dates and numbers parsed, anything else kept as text (the check names it)."""
    if isinstance(value, tuple):
        return ", ".join(value) or None
    text = (value or "").strip()
    if not text:
        return None
    if column.kind == "date":
        try:
            return plan.as_date(text)
        except ValueError:
            return text
    if column.kind in ("number", "amount", "whole"):
        number = parse_number(text)
        return text if number is None else number
    return text


def parse_number(text: str) -> int | float | None:
    """German number text as a number: „1.500“ → 1500, „12,5“ → 12.5, „0.5“ → 0.5; None if it is none."""
    text = re.sub(r"[\s\u00a0€%]", "", text)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?(\d+([.,]\d*)?|[.,]\d+)", text):
        return None
    number = float(text.replace(",", "."))
    return int(number) if number.is_integer() and not re.search(r"[.,]", text) else number


def _number_text(value) -> str:
    """12.5 → „12,5“, 15000 → „15.000“ (read back by `parse_number`)."""
    decimals = 0 if float(value).is_integer() else len(f"{float(value):.10g}".partition(".")[2])
    return fmt.number(value, decimals)


def _with_row(table: pd.DataFrame, row: int, values: dict) -> pd.DataFrame:
    """A copy of `table` with `values` written into Excel row `row` (other columns of the row kept)."""
    result = table.copy()
    if row not in result.index:
        result = pd.concat([result, pd.DataFrame([{c: None for c in result.columns}], index=[row], dtype=object)])
    for header, value in values.items():
        result.at[row, header] = value
    return result


def _row(table: pd.DataFrame, row: int, headers: list[str]) -> dict:
    return {h: table.at[row, h] for h in headers}


def _problems_html(found: list[plan.Problem]) -> str:
    if not found:
        return "<p class='ikpe-ok'><b>Prüfung:</b> ✓ Keine Fehler in diesem Eintrag.</p>"
    items = "".join(f"<li>{SEVERITY[p.severity][0]} {SEVERITY[p.severity][1]}"
                    f"{' – „' + html.escape(p.column) + '“' if p.column else ''}: {html.escape(p.message)}</li>"
                    for p in found)
    return f"<p><b>Prüfung:</b></p><ul class='ikpe-probleme'>{items}</ul>"


def _button(text: str, style: str, css: str, handler) -> widgets.Button:
    button = widgets.Button(description=text, button_style=style)
    button.add_class(css)
    button.on_click(handler)
    return button


def _html(css: str) -> widgets.HTML:
    box = widgets.HTML()
    box.add_class(css)
    return box
