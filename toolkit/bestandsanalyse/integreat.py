"""Import offers from an Integreat region's locations JSON into the sheet „Angebote“.

Integreat (digitalfabrik/integreat-cms) publishes a region's places at
`https://cms.integreat-app.de/api/v3/<region>/<sprache>/locations/` — a JSON list, one object per place
(`transform_poi_translation` in `integreat_cms/api/v3/locations.py`): `title`, `excerpt` (text) and `content`
(HTML), `last_updated` (ISO date-time), `website`, `email`, `phone_number` (and `contacts`, a list of objects with
`area_of_responsibility`, `name`, `email`, `phone_number`, `website`), `category` (`{"id", "name", …}` or null),
`opening_hours` (null or seven days Monday first: `{"allDay", "closed", "appointmentOnly", "timeSlots": [{"start",
"end"}]}`), `temporarily_closed`, `available_languages` (`{code: {"id", "url", "path"}}`), `organization`
(`{"name", …}` or null) and `location` (`{"address", "town", "postcode", "country", "latitude", "longitude", …}`).
The file is read as downloaded; no network.

How a place becomes a row (nothing existing is changed; the workbook is saved atomically with a backup):
- Titel ← title; Beschreibung ← excerpt (or content without tags), „Vorübergehend geschlossen“ and the opening
  hours in German appended; Träger ← organization.name; Adresse ← „address, postcode town“; Gemeinde (AGS) ← the
  Gemeinde of the sheet „Sozialräume“ whose name is the town (else empty); Telefon, E-Mail, Website ← the place's,
  else its first contact's; Wegweiser-Kapitel ← from the category's name where it clearly names one; Stand ←
  last_updated's date; „veröffentlichen“ ← nein: a person checks an imported row before the Wegweiser prints it.
- Kontakt stays empty: Integreat's contacts are often people, the Wegweiser prints organisations only.
- Sprache(n) stays empty: `available_languages` are the languages of the Integreat page, not of the offer.
- A place is already there when a row has the same title and address (case, spaces, punctuation and „Straße/Str.“
  ignored); it is counted, not touched. New IDs follow the sheet's prefix (`plan.next_id`), „ANG“ in an empty sheet.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from toolkit import plan as plans
from toolkit.errors import UserError
from toolkit.fmt import number
from toolkit.plan import cell_text

__all__ = ["import_locations", "offers_from_locations", "read_locations", "run", "ID_PREFIX"]

ID_PREFIX = "ANG"
DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
#: Words in an Integreat category name → the Wegweiser chapter (first match wins).
CATEGORY_CHAPTERS = (
    (("notruf", "notfall", "polizei"), "Notrufe"),
    (("behörde", "amt", "verwaltung", "rathaus"), "Ankommen und Behörden"),
    (("sprach", "deutschkurs", "integrationskurs"), "Sprache"),
    (("arbeit", "beruf", "job", "ausbildung"), "Arbeit"),
    (("wohn", "unterkunft"), "Wohnen"),
    (("kita", "kinder", "schule", "jugend", "familie"), "Kinder und Schule"),
    (("gesundheit", "arzt", "ärzt", "klinik", "krankenhaus", "apotheke"), "Gesundheit"),
    (("beratung",), "Beratung"),
    (("freizeit", "kultur", "sport", "begegnung", "treff", "café", "cafe", "religion"), "Begegnung und Freizeit"),
)
TAG = re.compile(r"<[^>]+>")


def read_locations(path: str | Path) -> list:
    """The JSON list of a locations download; malformed JSON → UserError with line and column."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"Die Datei kann nicht gelesen werden ({error.strerror or error}).", file=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"Die Datei ist nicht in UTF-8 kodiert (Byte {error.start + 1}); Integreat liefert UTF-8.",
                        file=path, hint="Laden Sie die Orte erneut von der Integreat-Schnittstelle herunter, ohne "
                                        "die Datei in einem Editor umzuspeichern.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"Die Datei ist kein gültiges JSON: {error.msg} (Zeichen {error.pos + 1}).", file=path,
                        row=error.lineno, column=error.colno,
                        hint="Laden Sie die Orte erneut herunter (…/api/v3/<region>/de/locations/); die Datei "
                             "wurde vielleicht nur zum Teil gespeichert.") from None
    if not isinstance(data, list):
        raise UserError(f"Erwartet wird eine Liste von Orten (Integreat-Schnittstelle v3 „locations“), die Datei "
                        f"enthält {'ein Objekt' if isinstance(data, dict) else 'einen einzelnen Wert'}.",
                        file=path, hint="Laden Sie die Adresse …/api/v3/<region>/de/locations/ herunter.")
    return data


def offers_from_locations(locations: list, gemeinden: dict[str, str] | None = None) -> tuple[list[dict], int]:
    """Rows for the sheet „Angebote“ (German headers, no ID yet) and how many entries had no title."""
    gemeinden = {k.casefold(): v for k, v in (gemeinden or {}).items()}
    rows, untitled = [], 0
    for item in locations:
        if not isinstance(item, dict) or not _text(item.get("title")):
            untitled += 1
            continue
        place = item.get("location") if isinstance(item.get("location"), dict) else {}
        organisation = item.get("organization") if isinstance(item.get("organization"), dict) else {}
        contact = next((c for c in item.get("contacts") or [] if isinstance(c, dict)), {})
        town = _text(place.get("town"))
        street = _text(place.get("address"))
        where = " ".join(p for p in (_text(place.get("postcode")), town) if p)
        rows.append({
            "Titel": _text(item["title"]),
            "Beschreibung": _description(item),
            "Träger": _text(organisation.get("name")),
            "Wegweiser-Kapitel": _chapter(item.get("category")),
            "Gemeinde (AGS)": gemeinden.get(town.casefold(), "") if town else "",
            "Adresse": ", ".join(p for p in (street, where) if p),
            "Telefon": _text(item.get("phone_number")) or _text(contact.get("phone_number")),
            "E-Mail": _text(item.get("email")) or _text(contact.get("email")),
            "Website": _text(item.get("website")) or _text(contact.get("website")),
            "Stand": _date(item.get("last_updated")),
            "veröffentlichen": "nein",
        })
    return rows, untitled


def import_locations(plan_path: str | Path, json_path: str | Path) -> str:
    """Add the places of an Integreat locations JSON that are not yet in „Angebote“; a German summary."""
    locations = read_locations(json_path)
    with plans.locked(plan_path):
        p = plans.load_plan(plan_path)
        rows, untitled = offers_from_locations(locations, _gemeinden(p))
        offers = p.angebote
        seen = {_key(t, a) for t, a in zip(offers.get("Titel", ()), offers.get("Adresse", ()))}
        new, known = [], 0
        prefix = _prefix(offers.get("ID", ()))
        ids = list(offers.get("ID", ()))
        for row in rows:
            key = _key(row["Titel"], row["Adresse"])
            if key in seen:
                known += 1
                continue
            seen.add(key)
            row["ID"] = plans.next_id(ids, prefix)
            ids.append(row["ID"])
            new.append(row)
        if new:
            start = int(offers.index.max()) + 1 if len(offers) else 2
            added = pd.DataFrame([{c: r.get(c) or None for c in offers.columns} for r in new],
                                 index=range(start, start + len(new)), columns=offers.columns, dtype=object)
            p.angebote = pd.concat([offers.astype(object), added]) if len(offers) else added
            plans.save_plan(p, plan_path)
    return _summary(len(locations), new, known, untitled)


def run(plan: str, json_file: str) -> int:
    """For the CLI (`ikpe angebote integreat --plan planung.xlsx --json orte.json`): import, print the summary;
    exit code 0. User errors propagate as UserError (the CLI prints them, exit 2)."""
    print(import_locations(plan, json_file))
    return 0


def _summary(read: int, new: list[dict], known: int, untitled: int) -> str:
    parts = [f"{number(read)} Orte aus Integreat gelesen: {number(len(new))} neu im Blatt „Angebote“"]
    if new:
        parts[0] += f" ({new[0]['ID']}" + (f" bis {new[-1]['ID']}" if len(new) > 1 else "") + ")"
    parts.append(f"{number(known)} schon vorhanden (gleicher Titel und gleiche Adresse, nicht verändert)")
    if untitled:
        parts.append(f"{number(untitled)} ohne Titel übersprungen")
    text = ", ".join(parts) + "."
    if new:
        unfiled = sum(not r["Wegweiser-Kapitel"] for r in new)
        text += (" Die neuen Zeilen stehen auf „veröffentlichen“ = nein: prüfen Sie sie und ergänzen Sie Sprache(n), "
                 "Zielgruppe(n), Zugang nach Aufenthaltsstatus und Kontakt, bevor der Wegweiser sie druckt.")
        if unfiled:
            text += f" {number(unfiled)} davon ohne Wegweiser-Kapitel (Kategorie nicht eindeutig)."
    return text


def _gemeinden(p) -> dict[str, str]:
    """Gemeinde name → AGS from the sheet „Sozialräume“."""
    table = p.sozialraeume
    if table.empty or "Gemeinde" not in table.columns:
        return {}
    return {cell_text(n): cell_text(a) for n, a in zip(table["Gemeinde"], table["Gemeinde (AGS)"]) if cell_text(n)}


def _prefix(ids) -> str:
    """The prefix most IDs of the sheet use („ANG“ for ANG1, ANG7), `ID_PREFIX` in an empty sheet."""
    found = Counter(m[1] for v in ids if (m := re.fullmatch(r"(.*?\D)\d+", cell_text(v))))
    return found.most_common(1)[0][0] if found else ID_PREFIX


def _key(title, address) -> tuple[str, str]:
    def norm(value) -> str:
        text = cell_text(value).casefold().replace("straße", "str").replace("strasse", "str")
        return re.sub(r"[\W_]+", "", text)
    return norm(title), norm(address)


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return re.sub(r"\s+", " ", html.unescape(str(value))).strip()


def _description(item: dict) -> str:
    text = _text(item.get("excerpt")) or _text(TAG.sub(" ", str(item.get("content") or "")))
    extra = []
    if item.get("temporarily_closed"):
        extra.append("Vorübergehend geschlossen (laut Integreat).")
    hours = _opening_hours(item.get("opening_hours"))
    if hours:
        extra.append(f"Öffnungszeiten: {hours}.")
    return " ".join(p for p in (text, *extra) if p)


def _opening_hours(days) -> str:
    if not isinstance(days, list):
        return ""
    parts = []
    for name, day in zip(DAYS, days):
        if not isinstance(day, dict) or day.get("closed"):
            continue
        if day.get("allDay"):
            when = "ganztägig"
        else:
            slots = [s for s in day.get("timeSlots") or [] if isinstance(s, dict) and s.get("start") and s.get("end")]
            when = ", ".join(f"{_text(s['start'])[:5]}–{_text(s['end'])[:5]}" for s in slots)
        if day.get("appointmentOnly"):
            when = f"{when} nach Vereinbarung".strip()
        if when:
            parts.append(f"{name} {when}")
    return "; ".join(parts)


def _chapter(category) -> str:
    name = _text(category.get("name")).casefold() if isinstance(category, dict) else ""
    return next((chapter for words, chapter in CATEGORY_CHAPTERS if any(w in name for w in words)), "") if name else ""


def _date(value) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00")).date() if _text(value) else None
    except ValueError:
        return None
