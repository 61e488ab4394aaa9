"""Stage 2's checks beside `plan.check_plan` (which checks kinds, lists and references of every sheet):
Gemeindeschlüssel, contacts of private persons, the Stand of published offers, offers without Handlungsfeld or
Zielgruppe, Zielgruppen the needs do not count, memberships listed twice, Gremien without members, Handlungsfelder
of actors and Gremien the sheet does not have, and what a Beteiligung's „Bedarfe/Ziele“ cites.

    checks.problems(plan)                                        # check_plan's on stage 2's sheets + these
    checks.problems(plan, kreis="16099", data_dir="datasets/musterland")   # Gemeinden of the district too
    checks.stage_problems(plan)                                  # only these (for `ikpe plan check`)

Nothing here changes the workbook; every finding is a `plan.Problem` naming sheet, row and column.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from toolkit.bestandsanalyse.gaps import target_groups
from toolkit.bestandsanalyse.needs import GROUP_CODES
from toolkit.bestandsanalyse.network import fields_named, graph, members
from toolkit.plan import (
    SHEETS,
    ZIELGRUPPEN,
    Plan,
    Problem,
    as_date,
    cell_text,
    check_plan,
    goal_ids,
    ordered,
)

STAGE_SHEETS = tuple(SHEETS[key].title for key in
                     ("angebote", "akteure", "gremien", "mitgliedschaften", "beteiligung", "sozialraeume"))
#: The sheets and columns that hold a Gemeindeschlüssel.
AGS_COLUMNS = (("angebote", "Gemeinde (AGS)"), ("akteure", "Gemeinde (AGS)"), ("sozialraeume", "Gemeinde (AGS)"))
#: The sheets and columns whose contact may be printed (Wegweiser, Akteursverzeichnis): organisations only.
CONTACT_COLUMNS = (("angebote", "Kontakt"), ("angebote", "E-Mail"), ("akteure", "Kontakt"))
#: A Stand older than this many days makes a published offer a Hinweis.
STALE_DAYS = 365
#: A gap's ID: L-<Handlungsfeld-ID>-<Zielgruppe code>-<Raum> (Sozialraum in ASCII with „_“, or an 8-digit AGS).
GAP_ID = re.compile(r"L-(?P<field>[^\s,;]+?)-(?P<group>" + "|".join(GROUP_CODES.values())
                    + r")-(?P<area>[A-Za-z0-9_]+)")
#: A form of address before a person's name („Frau Müller“, „Hr. Meier“; not „Frauenzentrum“), or a cell that starts
#: with one or with a title („Dr. Ahmadi“: the Wegweiser leaves such a contact out); a doctor's „Praxis Dr. …“ is an
#: organisation here.
PERSON = re.compile(r"(?i:^\s*(?:frau|herrn?|fr\.|hr\.|dr\.|prof\.)\s)|(?<![\w-])(?:(?:Frau|Herrn?)\s+|(?:Fr|Hr)\.\s*)"
                    r"[A-ZÄÖÜ]")
#: Local parts of an organisation's mail address („info@“, „integration.beratung@“ …): words of functions, not names.
FUNCTION_WORDS = {
    "info", "kontakt", "contact", "mail", "post", "poststelle", "office", "buero", "büro", "team", "service",
    "sekretariat", "verwaltung", "zentrale", "anmeldung", "beratung", "migrationsberatung", "integration",
    "migration", "auslaenderbehoerde", "ausländerbehörde", "jmd", "mbe", "kita", "schule", "jobcenter", "sozialamt",
    "jugendamt", "gesundheitsamt", "landratsamt", "stadt", "gemeinde", "kreis", "verein", "projekt", "netzwerk",
    "ehrenamt", "kurs", "kurse", "sprachkurs", "vhs", "presse", "bildung", "familie", "frauen", "jugend", "hilfe",
    "leitung", "geschaeftsstelle", "geschäftsstelle", "anfragen", "termine", "fachdienst", "koordination", "de",
}


# --- all problems ---------------------------------------------------------------------------------

def problems(plan: Plan, *, kreis: str | None = None, data_dir: str | Path | None = None,
             gemeinden: Iterable[str] | None = None, today: dt.date | None = None) -> list[Problem]:
    """`plan.check_plan`'s findings on stage 2's sheets and `stage_problems`, in the workbook's order."""
    generic = [p for p in check_plan(plan) if p.sheet in STAGE_SHEETS]
    return ordered(generic + stage_problems(plan, kreis=kreis, data_dir=data_dir, gemeinden=gemeinden, today=today))


def stage_problems(plan: Plan, *, kreis: str | None = None, data_dir: str | Path | None = None,
                   gemeinden: Iterable[str] | None = None, today: dt.date | None = None) -> list[Problem]:
    """Stage 2's own findings. With `kreis` (5-digit Kreisschlüssel) every AGS must lie in the district; with
    `gemeinden` (8-digit codes) or `data_dir` (a data folder: the Gemeinden its tables hold for `kreis`) it must be
    one of them. `today` (default: today) dates the Stand."""
    if data_dir is not None and gemeinden is None and kreis:
        gemeinden = district_gemeinden(data_dir, kreis)
    found = ags_problems(plan, kreis, gemeinden) + contact_problems(plan) + stand_problems(plan, today)
    found += offer_problems(plan) + membership_problems(plan) + field_problems(plan) + beteiligung_problems(plan)
    return ordered(found)


def district_gemeinden(data_dir: str | Path, kreis: str) -> set[str]:
    """The 8-digit codes of the Gemeinden of Kreis `kreis` that the folder's tables hold (cached by `store`)."""
    from toolkit import store  # reading a data folder is needed only here
    tables = store.tables(str(Path(data_dir).resolve()))
    return {code for table in tables.values() if "region_code" in table
            for code in table["region_code"].astype(str).unique() if len(code) == 8 and code.startswith(kreis)}


# --- Gemeinden ------------------------------------------------------------------------------------

def ags_problems(plan: Plan, kreis: str | None = None, gemeinden: Iterable[str] | None = None) -> list[Problem]:
    """A Gemeindeschlüssel that is not 8 digits (error), or not in Kreis `kreis` / not one of `gemeinden` (Hinweis:
    an offer may lie beyond the district's border)."""
    known = set(gemeinden) if gemeinden is not None else None
    found = []
    for key, column in AGS_COLUMNS:
        title = SHEETS[key].title
        for row, value in getattr(plan, key)[column].items():
            code = cell_text(value)
            if not code:
                continue
            if not re.fullmatch(r"\d{8}", code):
                hint = (" Geben Sie die Zelle als Text ein (mit Apostroph davor), damit Excel die führende Null "
                        "behält." if re.fullmatch(r"\d{7}", code) and not isinstance(value, str)
                        and (kreis or "0").startswith("0") else "")
                found.append(Problem(title, row, column, f"„{code}“ ist kein Gemeindeschlüssel; erwartet werden "
                                     f"8 Ziffern, z. B. 16063001.{hint}"))
            elif kreis and not code.startswith(kreis):
                found.append(Problem(title, row, column, f"Die Gemeinde {code} liegt nicht im Kreis {kreis}; "
                                     "prüfen Sie den Schlüssel (ein Angebot jenseits der Kreisgrenze darf bleiben).",
                                     "warning"))
            elif known is not None and code not in known:
                found.append(Problem(title, row, column, f"Eine Gemeinde {code} gibt es in den Daten des Kreises "
                                     "nicht; prüfen Sie den Schlüssel (nach einer Gebietsreform gilt der neue).",
                                     "warning"))
    return found


# --- contacts -------------------------------------------------------------------------------------

def looks_private(contact) -> bool:
    """A contact that names a person: „Frau …“, „Herr …“, or a mail address like vorname.nachname@ or
    a.nachname@ (words of a function such as info@ or integration.beratung@ do not count)."""
    text = cell_text(contact)
    if PERSON.search(text):
        return True
    for local in re.findall(r"([\w.+-]+)@[\w-]+\.[\w.-]+", text):
        parts = [p for p in re.split(r"[._-]", local.casefold()) if p]
        if len(parts) == 2 and all(p.isalpha() for p in parts) and not FUNCTION_WORDS & set(parts):
            return True
    return False


def contact_problems(plan: Plan) -> list[Problem]:
    """Hinweis „nur Organisationen“ on a contact that names a private person: the Wegweiser and the
    Akteursverzeichnis print it."""
    return [Problem(SHEETS[key].title, row, column, f"„{cell_text(value)}“ sieht nach einer Privatperson aus; "
                    "eingetragen werden nur Organisationen, z. B. „Migrationsberatung, info@träger.de“, denn der "
                    "Kontakt wird gedruckt.", "warning")
            for key, column in CONTACT_COLUMNS for row, value in getattr(plan, key)[column].items()
            if looks_private(value)]


# --- offers ---------------------------------------------------------------------------------------

def stand_problems(plan: Plan, today: dt.date | None = None) -> list[Problem]:
    """Hinweis on an offer marked „veröffentlichen“ = ja without Stand or with a Stand older than a year (an
    unreadable Stand is `check_plan`'s error)."""
    today = today or dt.date.today()
    found = []
    for row, offer in plan.angebote.iterrows():
        if cell_text(offer["veröffentlichen"]).casefold() != "ja":
            continue
        if not cell_text(offer["Stand"]):
            found.append(Problem("Angebote", row, "Stand", "Das Angebot soll in den Wegweiser, hat aber keinen "
                                 "Stand; tragen Sie ein, wann die Angaben zuletzt geprüft wurden.", "warning"))
            continue
        try:
            stand = as_date(offer["Stand"])
        except ValueError:
            continue
        if (today - stand).days > STALE_DAYS:
            found.append(Problem("Angebote", row, "Stand", f"Der Stand {stand:%d.%m.%Y} ist älter als ein Jahr; "
                                 "prüfen Sie die Angaben, bevor das Angebot in den Wegweiser geht.", "warning"))
    return found


def offer_problems(plan: Plan) -> list[Problem]:
    """Hinweise on an offer without Handlungsfeld (the gap matrix counts it in no field) or Zielgruppe (counted for
    everyone), and on a Zielgruppe the needs do not count (naming the allowed ones)."""
    found = []
    for row, offer in plan.angebote.iterrows():
        if not cell_text(offer["Handlungsfeld"]):
            found.append(Problem("Angebote", row, "Handlungsfeld", "Das Angebot hat kein Handlungsfeld; in der "
                                 "Lückenanalyse zählt es so in keinem Feld.", "warning"))
        known, unknown = target_groups(offer["Zielgruppe(n)"])
        if not known and not unknown:
            found.append(Problem("Angebote", row, "Zielgruppe(n)", "Das Angebot hat keine Zielgruppe; die "
                                 f"Lückenanalyse zählt es für „{ZIELGRUPPEN[0]}“. Tragen Sie ein, für wen es ist; "
                                 f"erlaubt: {', '.join(ZIELGRUPPEN)}.", "warning"))
        for part in unknown:
            found.append(Problem("Angebote", row, "Zielgruppe(n)", f"„{part}“ ist keine Zielgruppe der "
                                 f"Bedarfsanalyse; erlaubt (getrennt durch Komma): {', '.join(ZIELGRUPPEN)}.",
                                 "warning"))
    return found


# --- Gremien --------------------------------------------------------------------------------------

def membership_problems(plan: Plan) -> list[Problem]:
    """A membership listed twice (Hinweis at the repeat: it counts once) and a Gremium without members."""
    found, seen = [], {}
    for row, entry in plan.mitgliedschaften.iterrows():
        pair = cell_text(entry["Gremium-ID"]), cell_text(entry["Akteur-ID"])
        if all(pair) and pair in seen:
            found.append(Problem("Mitgliedschaften", row, "Akteur-ID", f"„{pair[1]}“ steht schon in Zeile "
                                 f"{seen[pair]} als Mitglied von „{pair[0]}“; die Mitgliedschaft zählt einmal.",
                                 "warning"))
        seen.setdefault(pair, row)
    people = members(graph(plan))
    for row, gremium in plan.gremien.iterrows():
        ident = cell_text(gremium["ID"])
        if ident and not people.get(ident):
            found.append(Problem("Gremien", row, "ID", f"Das Gremium „{ident}“ hat keine Mitglieder; tragen Sie sie "
                                 "im Blatt „Mitgliedschaften“ ein.", "warning"))
    return found


def field_problems(plan: Plan) -> list[Problem]:
    """Hinweis on a „Handlungsfelder“ cell of an actor or Gremium naming a field the sheet does not have."""
    found = []
    for key in ("akteure", "gremien"):
        for row, cell in getattr(plan, key)["Handlungsfelder"].items():
            for part in fields_named(plan, cell)[1]:
                found.append(Problem(SHEETS[key].title, row, "Handlungsfelder", f"„{part}“ ist kein Handlungsfeld "
                                     "des Blatts „Handlungsfelder“; nennen Sie es mit ID oder Namen (oder „alle“).",
                                     "warning"))
    return found


# --- Beteiligung ----------------------------------------------------------------------------------

def beteiligung_problems(plan: Plan) -> list[Problem]:
    """Hinweis on a „Bedarfe/Ziele“ entry that is neither a goal of the sheet „Ziele“ nor shaped like a gap ID
    (`GAP_ID`, e.g. L-HF3-U6-Sued), or a gap ID whose Handlungsfeld the sheet does not have."""
    goals = {cell_text(v) for v in plan.ziele["ID"]}
    fields = {cell_text(v) for v in plan.handlungsfelder["ID"]}
    found = []
    for row, cell in plan.beteiligung["Bedarfe/Ziele"].items():
        for ident in goal_ids(cell):
            gap = GAP_ID.fullmatch(ident)
            if ident in goals or (gap and gap["field"] in fields):
                continue
            message = (f"„{ident}“ sieht aus wie eine Lücke, doch ein Handlungsfeld „{gap['field']}“ gibt es im "
                       "Blatt „Handlungsfelder“ nicht." if gap else
                       f"„{ident}“ ist weder ein Ziel des Blatts „Ziele“ noch eine Lücken-ID wie L-HF3-U6-Sued "
                       f"(L-Handlungsfeld-Zielgruppe-Raum; Zielgruppen: {', '.join(GROUP_CODES.values())}).")
            found.append(Problem("Beteiligung", row, "Bedarfe/Ziele", message, "warning"))
    return found
