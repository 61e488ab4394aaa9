"""The five SMART criteria of a Handlungsziel (spezifisch, messbar, erreichbar, relevant, terminiert) and the
place of Leitziele and Mittlerziele in the tree: one `Finding` each, with the rules at the constants.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from toolkit import fmt
from toolkit.bestandsanalyse.checks import GAP_ID
from toolkit.plan import EBENEN, Plan, as_date, cell_text, indicator, is_empty, is_number
from toolkit.zielfindung.baseline import _unknown

CRITERIA = {"S": "spezifisch", "M": "messbar", "A": "erreichbar", "R": "relevant", "T": "terminiert"}


@dataclass(frozen=True)
class Finding:
    """One result of the SMART check, German `message`; severity "ok", "info" (could not be checked
    automatically, the learner judges), "warning" or "error"; `ok` unless warning or error."""
    criterion: str
    ok: bool
    message: str
    severity: str = "ok"


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
    elif not indicator(plan, indicator_id):
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
    known = indicator(plan, indicator_id)
    return _finding("M", f"Indikator „{known.name}“: von "
                         f"{fmt.value(_number(goal, 'Basiswert'), known.unit)} ({_number(goal, 'Basisjahr')}) auf "
                         f"{fmt.value(_number(goal, 'Zielwert'), known.unit)}.")


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
    known = indicator(plan, indicator_id)
    unit = known.unit if known else values.attrs.get("unit", "")
    needed = (target - base) / ((until - dt.date(year, 12, 31)).days / 365.25)
    largest, since = changes.abs().max(), changes.index[0] - 1
    asked = f"Das Ziel verlangt {fmt.change(needed, unit)} je Jahr"
    if abs(needed) > largest:
        return _finding("A", f"{asked} – mehr als die größte Änderung eines einzelnen Jahres seit {since} "
                             f"({fmt.change(largest, unit, signed=False)}). Jedes Jahr ein Rekordjahr ist kaum "
                             "erreichbar: setzen Sie den Zielwert näher an den Basiswert oder das Zieldatum später.",
                        "warning")
    if ((changes > 0).all() or (changes < 0).all()) and needed * changes.iloc[0] < 0:
        went = "gestiegen" if changes.iloc[0] > 0 else "gesunken"
        return _finding("A", f"Der Wert ist seit {since} jedes Jahr {went}; {asked[0].lower()}{asked[1:]}, also die "
                             "Umkehr. Begründen Sie unter „Bedarf/Begründung“, wie die Maßnahmen die Entwicklung "
                             "umkehren, oder passen Sie den Zielwert an.", "warning")
    return _finding("A", f"{asked}; die größte Änderung eines einzelnen Jahres seit {since} war "
                         f"{fmt.change(largest, unit, signed=False)}.")


def _changes(values: pd.Series, year: int) -> pd.Series:
    """Changes between consecutive years with numbers, the last LOOKBACK up to `year`."""
    known = values[(values.index <= year) & values.notna()]
    steps = known.diff()[pd.Series(known.index, index=known.index).diff() == 1]
    return steps.iloc[-LOOKBACK:]


def _relevant(goal: Mapping, plan: Plan, gaps: Mapping[str, str] | None = None) -> Finding:
    """„Bedarf/Begründung“ filled; warning when the indicator belongs to another of the plan's
    Handlungsfelder than the goal (fields outside the plan's list are not compared). With the gaps of the
    Bestandsanalyse (`gaps`: ID → reason; None when there is none yet), a gap ID the text cites must be one of
    them, and the finding names what the cited gap says."""
    need = cell_text(goal.get("Bedarf/Begründung"))
    cited = list(dict.fromkeys(m[0] for m in GAP_ID.finditer(need))) if gaps is not None else []
    parts = [("warning", f"Die Lücke „{gid}“ gibt es in der Bestandsanalyse (Modul 2) nicht oder nicht mehr; "
                         "nehmen Sie eine ID aus ihrer Lückenliste.") for gid in cited if gid not in gaps]
    parts += [] if need else [
        ("error", "Die Begründung fehlt: tragen Sie unter „Bedarf/Begründung“ ein, welcher Befund der "
                  "Datenanalyse oder welche Lücke der Bestandsanalyse das Ziel begründet.")]
    known = indicator(plan, cell_text(goal.get("Indikator")))
    field, own = known and known.handlungsfeld, cell_text(goal.get("Handlungsfeld"))
    fields = {cell_text(v) for v in plan.handlungsfelder["Handlungsfeld"]}
    if field and own and field != own and field in fields:
        parts.append(("warning", f"Der Indikator „{known.name}“ gehört zum Handlungsfeld „{field}“, das Ziel zu "
                                 f"„{own}“: prüfen Sie, ob er misst, was das Ziel ändern will."))
    known = [f"Lücke {gid}: {gaps[gid]}" for gid in cited if gid in gaps]
    return _worst("R", parts, "Begründet mit " + "; ".join(known) if known else
                  "Bedarf/Begründung ist eingetragen; sie sollte auf einen Befund der Datenanalyse oder eine Lücke "
                  "der Bestandsanalyse verweisen.")


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
