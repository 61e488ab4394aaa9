"""Module 3 "Zielfindung": baselines from the data analysis, SMART check and pictures of the goals.

    series = goals.district_series("datasets/musterland", "16099")   # indicator id -> values by year
    p = plan.load_plan("datasets/musterland/planung.xlsx")
    for line in goals.fill_baselines(p, series, 2024): print(line)
    goals.smart_table(p, series)                                         # ✓ / – / ! / ✗ per Handlungsziel
    goals.tree_figure(p, "Spracherwerb und Bildung")

Goals live in the sheet „Ziele“ of the planning workbook (`toolkit.plan`): Leitziel → Mittlerziel →
Handlungsziel per Handlungsfeld, the parent's ID in „Übergeordnetes Ziel“.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from toolkit import charts, fmt, indicators, store
from toolkit.config import DEMO_STAND
from toolkit.data.markers import explain
from toolkit.data.regions import pad_code
from toolkit.errors import UserError
from toolkit.plan import EBENEN, Plan, Problem, as_date, cell_text, field_id, is_empty, is_number
from toolkit.plan import next_id as next_plan_id

CRITERIA = {"S": "spezifisch", "M": "messbar", "A": "erreichbar", "R": "relevant", "T": "terminiert"}


@dataclass(frozen=True)
class Finding:
    """One result of the SMART check, German `message`; severity "ok", "info" (could not be checked
    automatically, the learner judges), "warning" or "error"; `ok` unless warning or error."""
    criterion: str
    ok: bool
    message: str
    severity: str = "ok"


# --- data ----------------------------------------------------------------------------------------

def district_series(data_dir: str | Path, district_code: str) -> dict[str, pd.Series]:
    """Every catalogue indicator the folder allows, as the district's values by year (int index,
    float values, NaN where the source gave no number). attrs: name, unit, source and status
    (year -> marker as published). The code may be a number (16063; 1001 means 01001)."""
    district_code = pad_code(district_code)
    results = store.computed(str(Path(data_dir).resolve()))
    found = {}
    for indicator_id, result in results.items():
        rows = result[result["region_code"] == district_code].drop_duplicates("year", keep="last")
        if rows.empty:
            continue
        values = pd.Series(rows["value"].to_numpy(float), index=rows["year"].astype(int).to_numpy(),
                           name=indicator_id)
        ind = result.attrs["indicator"]
        values.attrs = {"name": ind.name, "unit": ind.unit, "source": result.attrs.get("source", ""),
                        "status": dict(zip(values.index, rows["status"]))}
        found[indicator_id] = values
    if not found:
        raise UserError(f"Für den Kreis {district_code} enthält der Datenordner keine Indikatorwerte.",
                        file=Path(data_dir), hint="Prüfen Sie den Kreisschlüssel, z. B. „16063“ für den "
                                                  "Wartburgkreis, und ob die Tabellen im Ordner liegen.")
    return found


def unavailable(data_dir: str | Path, district_code: str | int) -> dict[str, str]:
    """Why each catalogue indicator has no values for the district, in German (which table is missing,
    which label or years did not fit): what `fill_baselines` says instead of a guess."""
    return store.unavailable(str(Path(data_dir).resolve()), pad_code(district_code))


#: How a line of `fill_baselines` ends: the report's copy of the plan is filled; the form only proposes.
ENTERED = "eingetragen"
PROPOSED = "– noch nicht in der Mappe: übernehmen Sie ihn in „Basiswert“ und „Basisjahr“, wenn er passt"


def fill_baselines(plan: Plan, series: Mapping[str, pd.Series], year: int,
                   reasons: Mapping[str, str] | None = None, done: str = ENTERED) -> list[str]:
    """Fill the empty Basiswert (and Basisjahr) of every goal with an indicator, in place.

    The year is the goal's own Basisjahr when one is entered, else `year`; when that year has no
    number, the latest earlier year with one is taken. Rates get 1 decimal, counts none. Returns one
    German line per goal: what was filled, or why nothing could be (`reasons`: see `unavailable`)."""
    lines = []
    for row, goal in plan.ziele.iterrows():
        indicator_id = cell_text(goal["Indikator"])
        if not indicator_id or not is_empty(goal["Basiswert"]):
            continue
        wanted = int(goal["Basisjahr"]) if is_number(goal["Basisjahr"]) else year
        where = f"Zeile {row} ({cell_text(goal['ID']) or 'ohne ID'})"
        values = series.get(indicator_id)
        if values is None:
            lines.append(f"{where}: {_not_computable(indicator_id, plan, reasons or {})}")
            continue
        known = values[(values.index <= wanted) & values.notna()]
        if known.empty:
            lines.append(f"{where}: Für „{values.attrs['name']}“ gibt es bis {wanted} keine Zahl "
                         f"({_why_missing(values, wanted)}). Tragen Sie einen Basiswert aus einer anderen "
                         "Quelle ein oder wählen Sie ein späteres Basisjahr.")
            continue
        found_year = int(known.index[-1])
        value = _rounded(known.iloc[-1], values.attrs["unit"])
        plan.ziele.loc[row, ["Basisjahr", "Basiswert"]] = [found_year, value]
        note = "" if found_year == wanted else \
            f" Für {wanted} gibt es keine Zahl ({_why_missing(values, wanted)}); genommen ist {found_year}."
        lines.append(f"{where}: Basiswert {_with_unit(value, values.attrs['unit'])} ({found_year}) "
                     f"aus „{values.attrs['name']}“ {done}.{note}")
    return lines


def _not_computable(indicator_id: str, plan: Plan, reasons: Mapping[str, str]) -> str:
    yourself = "Tragen Sie Basisjahr und Basiswert selbst ein."
    if indicator_id in reasons:
        return f"{reasons[indicator_id]} {yourself}"
    if indicator_id in {i.id for i in indicators.catalogue()}:
        return f"Der Indikator „{indicator_id}“ lässt sich aus dem Datenordner nicht berechnen. {yourself}"
    if _indicator_meta(plan, indicator_id):
        return f"„{indicator_id}“ ist ein eigener Indikator; für ihn gibt es keine Zahlen im Datenordner. {yourself}"
    return _unknown(indicator_id)


def _unknown(indicator_id: str) -> str:
    return (f"Den Indikator „{indicator_id}“ gibt es weder im Katalog noch im Blatt „Indikatoren“; wählen Sie "
            "eine Kennung aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an.")


def _indicator_rows(plan: Plan) -> dict[str, pd.Series]:
    """The rows of the sheet „Indikatoren“ by ID."""
    return {cell_text(r["ID"]): r for _, r in plan.indikatoren.iterrows() if cell_text(r["ID"])}


def _indicator_meta(plan: Plan, indicator_id: str) -> dict | None:
    """name, unit and Handlungsfeld of an indicator: its row in „Indikatoren“, else the catalogue."""
    row = _indicator_rows(plan).get(indicator_id)
    if row is not None:
        return {"name": cell_text(row["Bezeichnung"]) or indicator_id, "unit": cell_text(row["Einheit"]),
                "handlungsfeld": cell_text(row["Handlungsfeld"])}
    found = {i.id: i for i in indicators.catalogue()}.get(indicator_id)
    return found and {"name": found.name, "unit": found.unit, "handlungsfeld": found.handlungsfeld}


def _why_missing(values: pd.Series, year: int) -> str:
    marker = values.attrs.get("status", {}).get(year)
    if marker:
        return f"{year}: „{marker}“ – {explain(marker)}"
    return f"{year} ist nicht in den Daten"


def _rounded(value: float, unit: str) -> float | int:
    return int(round(value)) if unit == "Anzahl" else round(float(value), 1)


def _with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A value in German format with its unit: „6,2 %“, „2,5 je 1.000 Einwohner“, „5.977“."""
    decimals = (0 if unit == "Anzahl" else 1) if decimals is None else decimals
    if unit == "%":
        return fmt.percent(value, decimals)
    text = fmt.number(value, decimals)
    return text if unit in ("Anzahl", "", None) or (isinstance(value, float) and math.isnan(value)) \
        else f"{text} {unit}"


# --- SMART check ---------------------------------------------------------------------------------

#: S: a Zieltext needs at least this many words …
MIN_WORDS = 6
#: … and a number or a noun (a capitalised word) that is neither a function word at the start of the
#: sentence, nor one of these catch-all nouns, nor a word of the Zielgruppe.
GENERIC_NOUNS = frozenset({
    "integration", "teilhabe", "situation", "lage", "lebenslage", "lebenssituation", "zusammenarbeit",
    "zusammenhalt", "vernetzung", "verbesserung", "förderung", "stärkung", "unterstützung", "entwicklung",
    "angebot", "angebote", "maßnahme", "maßnahmen", "bereich", "bereiche", "landkreis", "kreis", "stadt",
    "gemeinde", "kommune", "region", "menschen", "zusammenleben", "miteinander", "bevölkerung", "ziel",
    "ziele", "qualität", "akzeptanz"})
FUNCTION_WORDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "bis", "im",
    "in", "mit", "für", "zum", "zur", "von", "vom", "auf", "an", "am", "bei", "durch", "alle", "allen", "wir",
    "es", "sie", "jede", "jeder", "jedes", "mehr", "weniger", "und", "oder", "nach", "über", "unter", "um",
    "zu", "als", "ab", "seit", "pro", "je", "mindestens", "höchstens"})
#: Verbs that say a direction but not what changes; named in the feedback when no object is found.
VAGUE_VERBS = ("verbessern", "verbessert", "stärken", "gestärkt", "fördern", "gefördert", "unterstützen",
               "unterstützt", "ausbauen", "ausgebaut", "optimieren", "optimiert", "weiterentwickeln",
               "weiterentwickelt", "entwickeln", "entwickelt", "intensivieren", "intensiviert", "sensibilisieren",
               "sensibilisiert", "erleichtern", "erleichtert", "ermöglichen", "ermöglicht", "gestalten")
#: A: the annual changes of the last LOOKBACK years up to the Basisjahr are the yardstick (at least
#: MIN_CHANGES of them): a target that needs more per year than the largest of them, i.e. a record
#: year every year until the Zieldatum, is implausible.
LOOKBACK, MIN_CHANGES = 5, 3
#: Criterion of the findings for Leitziele and Mittlerziele: their place in the tree.
POSITION = "E"
SYMBOLS = {"ok": "✓", "info": "–", "warning": "!", "error": "✗"}
EXAMPLE_DATE = "31.12.2027"


def current_date() -> dt.date:
    """Today's date, the default „heute“ of the date checks (tests set the clock here)."""
    return dt.date.today()


def reference_date(heute: str | dt.date | None = "", demo: bool = False) -> dt.date:
    """„Heute“ of the SMART check T: `heute` when given (a date, TT.MM.JJJJ or JJJJ-MM-TT), else for the demo plan
    its Stand (`DEMO_STAND`, so its planted flaws stay the same whatever the date), else today."""
    if isinstance(heute, dt.date) or cell_text(heute):
        try:
            return as_date(heute)
        except ValueError:
            raise UserError(f"„{cell_text(heute)}“ ist kein gültiges Datum für „heute“; erwartet wird TT.MM.JJJJ oder "
                            "JJJJ-MM-TT, z. B. 30.06.2026.",
                            hint="Geben Sie den Stichtag der Prüfung als Datum an oder lassen Sie „heute“ leer "
                                 "(dann gilt das heutige Datum).") from None
    return DEMO_STAND if demo else current_date()


def smart(goal: Mapping[str, object], plan: Plan, series: Mapping[str, pd.Series] | None = None,
          today: dt.date | None = None) -> list[Finding]:
    """The SMART check of one goal (Ziele headers → values: a sheet row or a form's values).

    A Handlungsziel gets five findings S, M, A, R, T. Leitziele and Mittlerziele are not SMART by
    nature: they get findings with criterion `POSITION` (why SMART does not apply, whether goals
    hang below them). The rules are described at the constants above and in each `_check_*`."""
    ebene = cell_text(goal.get("Ebene"))
    if ebene == "Handlungsziel":
        today = today or current_date()
        return [_spezifisch(goal), _messbar(goal, plan), _erreichbar(goal, plan, series),
                _relevant(goal, plan), _terminiert(goal, today)]
    if ebene in ("Leitziel", "Mittlerziel"):
        return _position(goal, plan, ebene)
    what = f"„{ebene}“ ist keine Ebene" if ebene else "Die Ebene fehlt"
    return [_finding(POSITION, f"{what}; wählen Sie Leitziel, Mittlerziel oder Handlungsziel.", "error")]


def smart_table(plan: Plan, series: Mapping[str, pd.Series] | None = None,
                today: dt.date | None = None) -> pd.DataFrame:
    """One row per Handlungsziel (index = Excel row): ID, Handlungsfeld, Zieltext, ✓ / – / ! / ✗ per
    criterion and the „Hinweise“ of every criterion with a warning or error."""
    rows = {}
    for row, goal in plan.ziele.iterrows():
        if cell_text(goal["Ebene"]) != "Handlungsziel":
            continue
        findings = smart(goal, plan, series, today)
        rows[row] = {"ID": cell_text(goal["ID"]), "Handlungsfeld": cell_text(goal["Handlungsfeld"]),
                     "Zieltext": cell_text(goal["Zieltext"]),
                     **{CRITERIA[f.criterion]: SYMBOLS[f.severity] for f in findings},
                     "Hinweise": "\n".join(f"{CRITERIA[f.criterion]}: {f.message}" for f in findings if not f.ok)}
    columns = ["ID", "Handlungsfeld", "Zieltext", *CRITERIA.values(), "Hinweise"]
    return pd.DataFrame(list(rows.values()), index=list(rows), columns=columns)


#: The column of the sheet „Ziele“ a criterion's problem is reported at.
CRITERION_COLUMNS = {"S": "Zieltext", "M": "Indikator", "A": "Zielwert", "R": "Bedarf/Begründung", "T": "Zieldatum"}


def problems(plan: Plan, series: Mapping[str, pd.Series] | None = None,
             today: dt.date | None = None) -> list[Problem]:
    """The SMART findings of every Handlungsziel that are warnings or errors, as plan problems
    (sheet „Ziele“, its row, the column of the criterion), for `ikpe plan check`."""
    return [Problem("Ziele", row, CRITERION_COLUMNS[f.criterion], f"SMART ({CRITERIA[f.criterion]}): {f.message}",
                    f.severity)
            for row, goal in plan.ziele.iterrows() if cell_text(goal["Ebene"]) == "Handlungsziel"
            for f in smart(goal, plan, series, today) if f.severity in ("warning", "error")]


def _finding(criterion: str, message: str, severity: str = "ok") -> Finding:
    return Finding(criterion, severity in ("ok", "info"), message, severity)


def _worst(criterion: str, parts: list[tuple[str, str]], fine: str) -> Finding:
    """One finding from (severity, sentence) parts; `fine` when there are none."""
    if not parts:
        return _finding(criterion, fine)
    severity = "error" if any(s == "error" for s, _ in parts) else "warning"
    return _finding(criterion, " ".join(text for _, text in parts), severity)


def _spezifisch(goal: Mapping) -> Finding:
    """Zielgruppe named; Zieltext of MIN_WORDS words or more that names a number or a concrete noun."""
    group, text = cell_text(goal.get("Zielgruppe")), cell_text(goal.get("Zieltext"))
    parts = [] if group else [("error", "Die Zielgruppe fehlt: tragen Sie unter „Zielgruppe“ ein, wen das Ziel "
                                        "erreichen soll, z. B. „neu zugewanderte Frauen“.")]
    words = re.findall(r"\w[\w-]*", text)
    if len(words) < MIN_WORDS:
        parts.append(("error", f"Der Zieltext hat {len(words)} Wörter; beschreiben Sie in einem ganzen Satz, was "
                               f"sich bei wem ändern soll (mindestens {MIN_WORDS} Wörter)."))
    elif not re.search(r"\d", text) and not _objects(words, group):
        vague = next((w for w in words if w.lower() in VAGUE_VERBS), None)
        start = f"„{vague}“ allein sagt nicht" if vague else "Der Zieltext sagt nicht"
        parts.append(("error", f"{start}, was sich ändern soll: nennen Sie den Gegenstand (z. B. Abschlüsse im "
                               "Integrationskurs, Ausbildungsverträge, Kita-Plätze) oder eine Zahl."))
    return _worst("S", parts, f"Zielgruppe („{group}“) und Gegenstand der Änderung sind benannt.")


def _objects(words: list[str], group: str) -> list[str]:
    """Nouns of the Zieltext that name what changes (see GENERIC_NOUNS)."""
    stems = {w.lower()[:5] for w in re.findall(r"\w+", group) if len(w) >= 4}
    return [w for i, w in enumerate(words) if w[0].isupper() and w.lower() not in GENERIC_NOUNS
            and not (i == 0 and w.lower() in FUNCTION_WORDS) and w.lower()[:5] not in stems]


def _messbar(goal: Mapping, plan: Plan) -> Finding:
    """An indicator known to the plan, Basisjahr a year, Basiswert and Zielwert numbers."""
    indicator_id = cell_text(goal.get("Indikator"))
    parts = []
    if not indicator_id:
        parts.append(("error", "Kein Indikator verknüpft: wählen Sie unter „Indikator“ eine Kennung aus dem Blatt "
                               "„Indikatoren“ (aus dem Katalog oder eine eigene Zeile)."))
    elif not _indicator_meta(plan, indicator_id):
        parts.append(("error", _unknown(indicator_id)))
    missing = [h for h in ("Basisjahr", "Basiswert", "Zielwert") if is_empty(goal.get(h))]
    if missing:
        parts.append(("error", f"Es {'fehlt' if len(missing) == 1 else 'fehlen'}: {', '.join(missing)}; ein "
                               "messbares Ziel nennt Ausgangs- und Zielwert als Zahlen ohne Einheit."))
    parts += [("error", f"„{cell_text(goal.get(h))}“ unter „{h}“ ist keine {kind}.")
              for h, kind in (("Basisjahr", "Jahreszahl"), ("Basiswert", "Zahl"), ("Zielwert", "Zahl"))
              if h not in missing and _number(goal, h) is None]
    if parts:
        return _worst("M", parts, "")
    unit = _indicator_meta(plan, indicator_id)["unit"]
    return _finding("M", f"Indikator „{_indicator_meta(plan, indicator_id)['name']}“: von "
                         f"{_with_unit(_number(goal, 'Basiswert'), unit)} ({_number(goal, 'Basisjahr')}) auf "
                         f"{_with_unit(_number(goal, 'Zielwert'), unit)}.")


def _number(goal: Mapping, header: str) -> float | int | None:
    """A number cell as number (Basisjahr: a whole year as int), None when it is none."""
    value = goal.get(header)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(,\d+)?", value.strip()):
        value = float(value.strip().replace(",", "."))
    if not is_number(value):
        return None
    if header == "Basisjahr":
        return int(value) if float(value).is_integer() and 1900 <= value <= 2100 else None
    return value


def _date(goal: Mapping) -> dt.date | None:
    try:
        return None if is_empty(goal.get("Zieldatum")) else as_date(goal.get("Zieldatum"))
    except ValueError:
        return None


def _erreichbar(goal: Mapping, plan: Plan, series: Mapping[str, pd.Series] | None) -> Finding:
    """Change needed per year (Zielwert − Basiswert over the years from the end of the Basisjahr to the
    Zieldatum) against the annual changes of the indicator's last LOOKBACK years up to the Basisjahr:
    warning when it needs more than the largest of them, or when it goes against a steady trend (every
    one of those changes in the same direction)."""
    base, target, year, until = (_number(goal, "Basiswert"), _number(goal, "Zielwert"),
                                 _number(goal, "Basisjahr"), _date(goal))
    if None in (base, target, year, until) or until.year <= year:
        return _finding("A", "Die Erreichbarkeit lässt sich erst prüfen, wenn Basisjahr, Basiswert, Zielwert und "
                             "ein Zieldatum nach dem Basisjahr eingetragen sind.", "info")
    indicator_id = cell_text(goal.get("Indikator"))
    values = (series or {}).get(indicator_id)
    changes = _changes(values, year) if values is not None else pd.Series(dtype=float)
    if len(changes) < MIN_CHANGES:
        return _finding("A", f"Nicht geprüft: für „{indicator_id}“ fehlt eine Zeitreihe mit mindestens "
                             f"{MIN_CHANGES + 1} aufeinanderfolgenden Jahren bis {year}. Vergleichen Sie die nötige "
                             "Änderung selbst mit der bisherigen Entwicklung.", "info")
    unit = (_indicator_meta(plan, indicator_id) or {"unit": values.attrs.get("unit", "")})["unit"]
    needed = (target - base) / ((until - dt.date(year, 12, 31)).days / 365.25)
    largest, since = changes.abs().max(), changes.index[0] - 1
    asked = f"Das Ziel verlangt {_change(needed, unit)} je Jahr"
    if abs(needed) > largest:
        return _finding("A", f"{asked} – mehr als die größte Änderung eines einzelnen Jahres seit {since} "
                             f"({_change(largest, unit, signed=False)}). Jedes Jahr ein Rekordjahr ist kaum "
                             "erreichbar: setzen Sie den Zielwert näher an den Basiswert oder das Zieldatum später.",
                        "warning")
    if ((changes > 0).all() or (changes < 0).all()) and needed * changes.iloc[0] < 0:
        went = "gestiegen" if changes.iloc[0] > 0 else "gesunken"
        return _finding("A", f"Der Wert ist seit {since} jedes Jahr {went}; {asked[0].lower()}{asked[1:]}, also die "
                             "Umkehr. Begründen Sie unter „Bedarf/Begründung“, wie die Maßnahmen die Entwicklung "
                             "umkehren, oder passen Sie den Zielwert an.", "warning")
    return _finding("A", f"{asked}; die größte Änderung eines einzelnen Jahres seit {since} war "
                         f"{_change(largest, unit, signed=False)}.")


def _changes(values: pd.Series, year: int) -> pd.Series:
    """Changes between consecutive years with numbers, the last LOOKBACK up to `year`."""
    known = values[(values.index <= year) & values.notna()]
    steps = known.diff()[pd.Series(known.index, index=known.index).diff() == 1]
    return steps.iloc[-LOOKBACK:]


def _change(value: float, unit: str, signed: bool = True) -> str:
    """„+0,4 Prozentpunkte“, „−12“, „0,3 je 1.000 Einwohner“."""
    sign = ("+" if value > 0 else "−" if value < 0 else "±") if signed else ""
    text = sign + fmt.number(abs(value), 0 if unit == "Anzahl" else 1)
    suffix = {"%": " Prozentpunkte", "Anzahl": "", "": ""}.get(unit, f" {unit}")
    return text + suffix


def _relevant(goal: Mapping, plan: Plan) -> Finding:
    """„Bedarf/Begründung“ filled; warning when the indicator belongs to another of the plan's
    Handlungsfelder than the goal (fields outside the plan's list are not compared)."""
    parts = [] if cell_text(goal.get("Bedarf/Begründung")) else [
        ("error", "Die Begründung fehlt: tragen Sie unter „Bedarf/Begründung“ ein, welcher Befund der "
                  "Datenanalyse oder welche Lücke der Bestandsanalyse das Ziel begründet.")]
    meta = _indicator_meta(plan, cell_text(goal.get("Indikator"))) or {}
    field, own = meta.get("handlungsfeld"), cell_text(goal.get("Handlungsfeld"))
    fields = {cell_text(v) for v in plan.handlungsfelder["Handlungsfeld"]}
    if field and own and field != own and field in fields:
        parts.append(("warning", f"Der Indikator „{meta['name']}“ gehört zum Handlungsfeld „{field}“, das Ziel zu "
                                 f"„{own}“: prüfen Sie, ob er misst, was das Ziel ändern will."))
    return _worst("R", parts, "Bedarf/Begründung ist eingetragen; sie sollte auf einen Befund der Datenanalyse "
                              "oder eine Lücke der Bestandsanalyse verweisen.")


def _terminiert(goal: Mapping, today: dt.date) -> Finding:
    """Zieldatum a valid date, in a year after the Basisjahr, not before `today`."""
    cell, until, year = goal.get("Zieldatum"), _date(goal), _number(goal, "Basisjahr")
    if is_empty(cell):
        return _finding("T", "Das Zieldatum fehlt: tragen Sie ein, bis wann das Ziel erreicht sein soll "
                             f"(TT.MM.JJJJ, z. B. {EXAMPLE_DATE}).", "error")
    if until is None:
        return _finding("T", f"„{cell_text(cell)}“ ist kein gültiges Datum; erwartet wird TT.MM.JJJJ, z. B. "
                             f"{EXAMPLE_DATE}.", "error")
    if year is not None and until.year <= year:
        return _finding("T", f"Das Zieldatum {fmt.date(until)} liegt nicht nach dem Basisjahr {year}; wählen Sie "
                             f"ein Datum nach {year}.", "error")
    if until < today:
        return _finding("T", f"Das Zieldatum {fmt.date(until)} liegt in der Vergangenheit (Stichtag der Prüfung: "
                             f"{fmt.date(today)}); wählen Sie ein späteres Datum.", "error")
    return _finding("T", f"Das Ziel soll bis {fmt.date(until)} erreicht sein.")


def _position(goal: Mapping, plan: Plan, ebene: str) -> list[Finding]:
    """Leitziel/Mittlerziel: SMART applies to the Handlungsziele below; are there goals below?"""
    below = EBENEN[EBENEN.index(ebene) + 1]
    own = cell_text(goal.get("ID"))
    children = [cell_text(i) for i, p in zip(plan.ziele["ID"], plan.ziele["Übergeordnetes Ziel"])
                if own and cell_text(p) == own]
    nature = ("beschreibt die Grundausrichtung" if ebene == "Leitziel"
              else "konkretisiert einen Teil des Leitziels")
    about = _finding(POSITION, f"Die SMART-Prüfung gilt für Handlungsziele. Ein {ebene} {nature}; messbar und "
                               "terminiert sind die Handlungsziele darunter.")
    if children:
        return [about, _finding(POSITION, f"Darunter: {', '.join(children)}.")]
    return [about, _finding(POSITION, f"Unter diesem {ebene} steht noch kein {below}; tragen Sie beim {below} "
                                      f"„{own or 'ID'}“ unter „Übergeordnetes Ziel“ ein.", "warning")]


# --- tree ----------------------------------------------------------------------------------------

def next_id(plan: Plan, ebene, parent, handlungsfeld) -> str:
    """A suggestion for a new goal's ID after the course's scheme: Leitziel „LZ3“ in HF3, Mittlerziel
    „MZ3.2“ under LZ3, Handlungsziel „HZ3.2.1“ under MZ3.2; „“ where the scheme does not fit."""
    ids = plan.ziele["ID"]
    level = cell_text(ebene)
    if level == "Leitziel":
        number = re.fullmatch(r"HF(\d+)", field_id(plan, handlungsfeld))
        taken = {cell_text(i) for i in ids}
        return f"LZ{number[1]}" if number and f"LZ{number[1]}" not in taken else ""
    stem = re.fullmatch(r"[LM]Z([\d.]+)", cell_text(parent))
    prefix = {"Mittlerziel": "MZ", "Handlungsziel": "HZ"}.get(level)
    return next_plan_id(ids, f"{prefix}{stem[1]}.") if stem and prefix else ""


def tree(plan: Plan) -> nx.DiGraph:
    """The goals as a graph: an edge from „Übergeordnetes Ziel“ to the goal; node attributes ebene,
    text, handlungsfeld and row (Excel row). Goals without ID are named by their row, a repeated ID
    gets its row added. A parent that does not exist gives no edge (the goal is drawn on its own);
    a circle of parents is a UserError naming the row."""
    graph = nx.DiGraph()
    parents = {}
    for row, goal in plan.ziele.iterrows():
        key = cell_text(goal["ID"]) or f"Zeile {row}"
        key = f"{key} (Zeile {row})" if key in graph else key
        graph.add_node(key, ebene=cell_text(goal["Ebene"]), text=cell_text(goal["Zieltext"]),
                       handlungsfeld=cell_text(goal["Handlungsfeld"]), row=row)
        parents[key] = cell_text(goal["Übergeordnetes Ziel"])
    graph.add_edges_from((parent, key) for key, parent in parents.items() if parent in graph)
    try:
        circle = [edge[0] for edge in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:
        return graph
    raise UserError(f"Im Blatt „Ziele“ bilden die Ziele {' → '.join(circle + circle[:1])} über „Übergeordnetes "
                    "Ziel“ einen Kreis; ein Ziel kann nicht (auch nicht über Umwege) über sich selbst stehen.",
                    file=plan.source, row=graph.nodes[circle[0]]["row"], column="Übergeordnetes Ziel",
                    hint="Tragen Sie bei jedem Ziel das Ziel der Ebene darüber ein: Handlungsziel → "
                         "Mittlerziel → Leitziel; ein Leitziel hat keines.")


#: Tree picture, in inches: A4 width, one column per Ebene (Handlungsziele have the most text).
BOX_WIDTHS, COLUMN_GAP, MARGIN, PAD, GAP = (1.75, 1.95, 2.7), 0.15, 0.15, 0.05, 0.08
FONT_SIZE, MAX_LINES = 7, 6
#: Characters per inch of box width at FONT_SIZE (DejaVu Sans, mixed text, with some room).
CHARS_PER_INCH = 72 / (FONT_SIZE * 0.6)
LINE_SPACING = 1.1
LINE = FONT_SIZE * LINE_SPACING / 72
HEADER, PANEL_HEADER = 0.3, 0.32
LEVEL_STYLE = {"Leitziel": ("#1f4e79", "white"), "Mittlerziel": ("#9dc3e6", "black"),
               "Handlungsziel": ("#deebf7", "black")}
OTHER_STYLE = ("#eeeeee", "black")
#: The panel (and handout section) of goals whose Handlungsfeld is empty or not in the sheet „Handlungsfelder“.
NO_FIELD = "ohne gültiges Handlungsfeld"
FAILED = "#c00000"


def tree_figure(plan: Plan, handlungsfeld: str | None = None, series: Mapping[str, pd.Series] | None = None,
                today: dt.date | None = None) -> Figure:
    """The goal tree, left to right (Leitziel | Mittlerziel | Handlungsziel), one panel per Handlungsfeld
    (or only `handlungsfeld`: name or ID such as „HF3“, or `NO_FIELD`), A4 width; the height grows with the goals (the
    demo plan's 44 goals: about 17 inches, so print it per Handlungsfeld). Handlungsziele with a SMART
    error are framed red and list the failed criteria; goals without a parent goal are framed dashed."""
    graph = tree(plan)
    fields = _panels(plan, graph, handlungsfeld)
    layout, height = [], HEADER
    for field, roots in fields.items():
        layout.append(("field", field, height))
        height += PANEL_HEADER
        for root in roots:
            height = _place(graph, root, height, layout) + 2 * GAP
    fig = Figure(figsize=(charts.WIDTH, height + HEADER), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, charts.WIDTH)
    ax.set_ylim(height + HEADER, 0)
    ax.axis("off")
    for level, name in enumerate(EBENEN):
        ax.text(_left(level), HEADER / 2, name, fontsize=9, fontweight="bold", va="center")
    ax.text(MARGIN, height + HEADER / 2, "Rot umrandet: Handlungsziel besteht die SMART-Prüfung nicht (✗ mit den "
            "Kriterien); gestrichelt: Ziel ohne übergeordnetes Ziel.", fontsize=FONT_SIZE, va="center",
            color="#404040")
    if not fields:
        ax.text(MARGIN, HEADER + PANEL_HEADER, "Noch keine Ziele eingetragen.", fontsize=9)
    positions = {}
    for kind, key, top in layout:
        if kind == "field":
            ax.text(MARGIN, top + PANEL_HEADER / 2, key, fontsize=9, fontweight="bold", color="#1f4e79",
                    va="center")
            ax.axhline(top + PANEL_HEADER - 0.04, color="#bfbfbf", linewidth=0.6)
        else:
            positions[key] = _draw_goal(ax, graph, key, top, plan, series, today)
    for parent, child in graph.edges:
        if parent in positions and child in positions:
            (_, px, py), (cx, _, cy) = positions[parent], positions[child]
            middle = (px + cx) / 2
            ax.plot([px, middle, middle, cx], [py, py, cy, cy], color="#7f7f7f", linewidth=0.8,
                    gid="edge")
    return fig


def tree_fields(plan: Plan) -> list[str]:
    """The panels of the goal trees in the plan's order: each Handlungsfeld of the sheet with a root goal, then
    `NO_FIELD` when a root goal's Handlungsfeld is empty or not in the sheet (so no goal drops out of view)."""
    panels = _panels(plan, tree(plan), None)
    return [f for f in panels if panels[f]]


def _panels(plan: Plan, graph: nx.DiGraph, handlungsfeld: str | None) -> dict[str, list[str]]:
    """Handlungsfeld (or `NO_FIELD`) → its root goals (sorted by row), in the plan's order; a subtree follows
    its root."""
    names = dict(zip(map(cell_text, plan.handlungsfelder["ID"]), map(cell_text, plan.handlungsfelder["Handlungsfeld"])))
    roots = sorted((n for n in graph if graph.in_degree(n) == 0), key=lambda n: graph.nodes[n]["row"])
    valid = set(names.values()) - {""}
    field = {r: graph.nodes[r]["handlungsfeld"] if graph.nodes[r]["handlungsfeld"] in valid else NO_FIELD
             for r in roots}
    fields = {f: [r for r in roots if field[r] == f] for f in [*names.values(), NO_FIELD] if f}
    if handlungsfeld is not None:
        wanted = names.get(handlungsfeld, handlungsfeld)
        if wanted not in fields:
            raise UserError(f"Ein Handlungsfeld „{handlungsfeld}“ gibt es im Blatt „Handlungsfelder“ nicht.",
                            file=plan.source, hint=f"Möglich sind: {', '.join(names.values())} "
                                                   f"(oder ihre IDs {', '.join(names)}).")
        return {wanted: fields[wanted]}
    return {f: r for f, r in fields.items() if r}


def _place(graph: nx.DiGraph, node: str, top: float, layout: list) -> float:
    """Lay out `node` and its subtree from `top`: children stacked, the node centred beside them;
    returns the bottom."""
    children = sorted(graph.successors(node), key=lambda n: graph.nodes[n]["row"])
    own, slot = _box_height(graph, node), _slot(graph, node)
    layout.append(("goal", node, top + (slot - own) / 2))
    below = top + (slot - _stack(graph, children)) / 2
    for child in children:
        below = _place(graph, child, below, layout) + GAP
    return top + slot


def _slot(graph: nx.DiGraph, node: str) -> float:
    """Height of a goal with everything below it."""
    return max(_box_height(graph, node), _stack(graph, list(graph.successors(node))))


def _stack(graph: nx.DiGraph, nodes: list[str]) -> float:
    return sum(_slot(graph, n) for n in nodes) + GAP * max(len(nodes) - 1, 0)


def _level(graph: nx.DiGraph, node: str) -> int:
    """Column of a goal: its Ebene, or its depth in the tree when the Ebene is not valid."""
    ebene = graph.nodes[node]["ebene"]
    return EBENEN.index(ebene) if ebene in EBENEN else min(len(nx.ancestors(graph, node)), 2)


def _box_lines(graph: nx.DiGraph, node: str) -> list[str]:
    """The goal's „ID: Zieltext“ wrapped to its box, at most MAX_LINES (the last one cut with …)."""
    text, width = graph.nodes[node]["text"], int(BOX_WIDTHS[_level(graph, node)] * CHARS_PER_INCH)
    lines = textwrap.wrap(f"{node}: {text}" if text else node, width)
    return lines[:MAX_LINES - 1] + [lines[MAX_LINES - 1][:width - 1] + "…"] if len(lines) > MAX_LINES else lines


def _box_height(graph: nx.DiGraph, node: str) -> float:
    return len(_box_lines(graph, node)) * LINE + 2 * PAD


def _left(level: int) -> float:
    return MARGIN + sum(BOX_WIDTHS[:level]) + level * COLUMN_GAP


def _draw_goal(ax, graph: nx.DiGraph, node: str, top: float, plan: Plan, series,
               today) -> tuple[float, float, float]:
    """One goal box; returns (left edge, right edge, vertical centre)."""
    attrs = graph.nodes[node]
    level = _level(graph, node)
    face, ink = LEVEL_STYLE.get(attrs["ebene"], OTHER_STYLE)
    failed = [f.criterion for f in smart(plan.ziele.loc[attrs["row"]], plan, series, today)
              if f.severity == "error" and f.criterion in CRITERIA] if attrs["ebene"] == "Handlungsziel" else []
    orphan = graph.in_degree(node) == 0 and attrs["ebene"] != "Leitziel"
    height, left, width = _box_height(graph, node), _left(level), BOX_WIDTHS[level]
    ax.add_patch(FancyBboxPatch((left, top), width, height, boxstyle="round,pad=0,rounding_size=0.04",
                                facecolor=face, edgecolor=FAILED if failed else "#595959",
                                linewidth=1.8 if failed else 0.6, linestyle="--" if orphan else "-", gid="goal"))
    ax.text(left + PAD, top + PAD, "\n".join(_box_lines(graph, node)), fontsize=FONT_SIZE, color=ink, va="top",
            linespacing=LINE_SPACING)
    if failed:
        ax.text(left + width - PAD, top + height - PAD, "✗ " + " ".join(failed), fontsize=FONT_SIZE,
                color=FAILED, fontweight="bold", ha="right", va="bottom", gid="smart-failed",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    return left, left + width, top + height / 2


# --- target --------------------------------------------------------------------------------------

def target_figure(goal: Mapping[str, object], series: Mapping[str, pd.Series]) -> Figure:
    """The goal's indicator over the years with the baseline (Basisjahr, Basiswert), the target (Zieldatum,
    Zielwert) and a dashed line between them; what is missing of the three is said under the chart."""
    indicator_id = cell_text(goal.get("Indikator"))
    row = goal.name if isinstance(goal, pd.Series) and isinstance(goal.name, int) else None
    if not indicator_id or indicator_id not in series:
        raise UserError(f"Für „{indicator_id}“ gibt es keine Zeitreihe aus dem Datenordner." if indicator_id
                        else "Das Ziel hat keinen Indikator.", row=row, column="Indikator",
                        hint="Wählen Sie einen Indikator aus dem Katalog, den der Datenordner enthält; eigene "
                             "Indikatoren haben keine Zeitreihe.")
    values = series[indicator_id]
    unit = values.attrs.get("unit", "")
    base, target, year, until = (_number(goal, "Basiswert"), _number(goal, "Zielwert"),
                                 _number(goal, "Basisjahr"), _date(goal))
    fig = Figure(figsize=(charts.WIDTH, 4.2), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    ax.plot(values.index, values.to_numpy(float), marker="o", color=charts.HIGHLIGHT, linewidth=2.2,
            label=values.attrs.get("name", indicator_id), gid="series")
    points = {}
    if base is not None and year is not None:
        points["baseline"] = (year, base)
        ax.plot([year], [base], "o", markersize=10, markerfacecolor="white", markeredgewidth=2,
                color=charts.COMPARISON[0], label=f"Basiswert {year}: {_with_unit(base, unit)}", gid="baseline")
    if target is not None and until is not None:
        points["target"] = (until.year - 1 + until.timetuple().tm_yday / (366 if until.year % 4 == 0 else 365),
                            target)
        ax.plot(*zip(points["target"]), "D", markersize=8, color=charts.COMPARISON[0],
                label=f"Zielwert {fmt.date(until)}: {_with_unit(target, unit)}", gid="target")
    if len(points) == 2:
        ax.plot(*zip(points["baseline"], points["target"]), "--", color=charts.COMPARISON[0], linewidth=1.4,
                gid="path")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    ax.yaxis.set_major_formatter(charts.GermanFormatter(percent=unit == "%"))
    ax.set_ylabel("Prozent" if unit == "%" else unit)
    ax.legend(frameon=False, fontsize=8, loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    missing = [label for label, key in (("Basiswert und Basisjahr", "baseline"), ("Zielwert und Zieldatum", "target"))
               if key not in points]
    note = f"Es fehlen {' sowie '.join(missing)} im Blatt „Ziele“." if missing else None
    title = f"{cell_text(goal.get('ID'))}: {values.attrs.get('name', indicator_id)}"
    ax.set_title("\n".join(textwrap.wrap(title, 70)), loc="left", fontsize=11, fontweight="bold")
    return charts.finish(fig, ax, None, charts.source_line({}, values.attrs.get("source")), note)
