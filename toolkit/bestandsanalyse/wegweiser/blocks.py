"""One entry of the Wegweiser as lines in one language, for the HTML and the Word renderer alike: the title, the
note „(nur auf Deutsch)“ where a translation is missing, the description and the labelled fields; and the entry's
organisation, address and contacts, which read the same in every language, once below the language columns
(„shared“: printed once, the entry stays short enough for two or three entries a page).

Each line knows the language of its text: a German text shown in an Arabic column is marked German (left to
right inside the right-to-left column), phone numbers, e-mail addresses and websites are „neutral“ (always left to
right, else a bidi renderer would print „0361 123 456“ as „456 123 0361“ in an Arabic column).
"""
from __future__ import annotations

from dataclasses import dataclass

from toolkit.bestandsanalyse.languages import LANGUAGES
from toolkit.bestandsanalyse.wegweiser.content import Address, Entry
from toolkit.bestandsanalyse.wegweiser.texts import EMERGENCY_NUMBERS, TEXTS

#: The language of a line's text when it is no language at all (phone, e-mail, website, emergency number).
NEUTRAL = ""


@dataclass(frozen=True)
class Line:
    kind: str        # title, note, text, field, languages (value: codes joined by „,“, each shown in its script)
    value: str
    lang: str        # code of the value's language, NEUTRAL for numbers and addresses of the web
    label: str = ""  # the field's label in the column's language


def rtl(code: str) -> bool:
    return bool(code) and LANGUAGES[code].rtl


def entry_lines(entry: Entry, code: str) -> list[Line]:
    """The entry in the column of language `code`."""
    texts = TEXTS[code]
    labels = texts["labels"]
    title, title_ok = entry.text("Titel", code)
    lines = [Line("title", title or "(ohne Titel)", code if title_ok else "de")]
    if not entry.translated(code):
        lines.append(Line("note", texts["only_german"], code))
    description, ok = entry.text("Beschreibung", code)
    if description:
        lines.append(Line("text", description, code if ok else "de"))
    lines.append(Line("languages", ",".join(entry.languages()), code, labels["languages"]))
    costs, ok = entry.text("Kosten für Teilnehmende", code)
    if costs:
        lines.append(Line("field", costs, code if ok else "de", labels["costs"]))
    for column, key, values in (("Kinderbetreuung", "childcare", "yes_no"),
                                ("Zugang nach Aufenthaltsstatus", "access", "access")):
        typed = entry.get(column)
        if typed:
            known = texts[values].get(typed)
            lines.append(Line("field", known or typed, code if known else "de", labels[key]))
    lines.append(Line("field", texts["annex_ref"].format(n=entry.address.number), code))
    return lines


#: Signs before the shared phone number and e-mail address, read in every language.
PHONE, MAIL = "☎", "✉"


def shared_lines(entry: Entry) -> list[Line]:
    """Träger (as the title), address, contact, phone, e-mail, website: once per entry, below the columns."""
    lines = [Line("title", entry.get("Träger"), "de")] if entry.get("Träger") else []
    lines += [Line("field", value, "de") for value in (entry.address.address, entry.contact) if value]
    lines += [Line("field", entry.get(column), NEUTRAL, sign) for column, sign in
              (("Telefon", PHONE), ("E-Mail", MAIL), ("Website", "")) if entry.get(column)]
    return lines


def language_parts(line: Line) -> list[tuple[str, str]]:
    """(native name, code) of a „languages“ line."""
    return [(LANGUAGES[c].native, c) for c in line.value.split(",")]


def emergency_lines(code: str) -> list[tuple[str, str]]:
    """(number, what it is in language `code`) of the chapter „Notrufe“."""
    return list(zip(EMERGENCY_NUMBERS, TEXTS[code]["emergency"]))


def address_lines(address: Address) -> list[Line]:
    """An annex entry (German labels: the annex is one list for every reader, addresses are written as in
    Germany)."""
    labels = TEXTS["de"]["labels"]
    lines = [Line("title", address.name, "de")]
    lines += [Line("field", value, "de") for value in (address.address, address.contact)
              if value and value != address.name]
    lines += [Line("field", value, NEUTRAL, labels[key]) for value, key in
              ((address.phone, "phone"), (address.email, "email"), (address.website, "website")) if value]
    return lines
