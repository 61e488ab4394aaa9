"""What the Wegweiser prints, in which order: the published offers of the sheet „Angebote“ by chapter, the
alphabetical address annex the entries refer to, the booklet's languages and its „Stand“.

Rules (shared by HTML, PDF and Word):
- Only rows with „veröffentlichen“ = ja are printed; every other row never appears.
- Chapters follow `plan.KAPITEL`. An offer without „Wegweiser-Kapitel“ or with a name not in the list goes to the
  rest chapter „Weitere Angebote“ (before „Notrufe“) and is reported: filing it under „Beratung“ would put a sports
  club among the counselling services. „Notrufe“ always holds the nationwide emergency numbers.
- Entries within a chapter are sorted by title, the annex by organisation (German alphabet, umlauts as their vowel).
  The annex holds each distinct organisation + address + contact once, numbered from 1.
- Contact is the organisation's only: a „Kontakt“ cell that names a person („Frau …“, „Herr …“) is left out and
  reported; telephone, e-mail and website are printed as typed.
- Translated texts come from the optional columns `<Spalte>_<code>` (`Titel_uk`, `Beschreibung_ar`,
  `Kosten für Teilnehmende_ar`); where title or description is missing the German text is shown and the entry
  marked „(nur auf Deutsch)“ in that language (untranslated costs show German, unmarked).
- „Stand“: the given date, else the newest „Stand“ of the printed entries, else today.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import pandas as pd

from toolkit.bestandsanalyse.languages import (
    LANGUAGES,
    NATIONALITY_LANGUAGES,
    WEGWEISER_LANGUAGES,
    language,
    offer_languages,
)
from toolkit.bestandsanalyse.wegweiser.texts import CHAPTERS, REST
from toolkit.errors import UserError
from toolkit.plan import KAPITEL, Plan, as_date, cell_text

logger = logging.getLogger(__name__)

#: Columns whose text an entry may carry per language (`Titel_uk` …); an entry without the first two in a
#: language is marked „(nur auf Deutsch)“ there, costs without translation show German without the mark.
TRANSLATABLE = ("Titel", "Beschreibung", "Kosten für Teilnehmende")
MARKED = TRANSLATABLE[:2]
#: The columns an annex address consists of.
ADDRESS_COLUMNS = ("Kontakt", "Adresse", "Telefon", "E-Mail", "Website")
#: How many languages beside German fit side by side on a page.
MAX_LANGUAGES = 2
#: Fallback when neither languages nor a data folder with the AZR table are given.
FALLBACK_LANGUAGES = ("en",)
#: Row numbers a warning lists at most.
SHOWN_ROWS = 12
PERSON = re.compile(r"^\s*(frau|herr|fr\.|hr\.|dr\.|prof\.)\s", re.IGNORECASE)
SORT_KEY = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "„": "", "“": "", "\"": ""})


@dataclass(frozen=True)
class Address:
    """One numbered entry of the address annex: organisation, address and contacts as typed."""
    number: int
    name: str
    address: str
    contact: str
    phone: str
    email: str
    website: str


@dataclass
class Entry:
    """One published offer: its sheet row (Excel row number `row`) and the annex entry it refers to."""
    row: int
    values: pd.Series
    address: Address
    contact: str            # the „Kontakt“ cell unless it names a person

    def get(self, column: str) -> str:
        return cell_text(self.values.get(column))

    def text(self, column: str, code: str) -> tuple[str, bool]:
        """The entry's `column` in language `code` and whether that is a translation (False: German shown)."""
        german = self.get(column)
        if code == "de":
            return german, True
        own = cell_text(self.values.get(f"{column}_{code}"))
        return (own, True) if own else (german, not german)

    def translated(self, code: str) -> bool:
        """Title and description given in `code` (or empty in German too)."""
        return all(self.text(column, code)[1] for column in MARKED)

    def languages(self) -> list[str]:
        """The offer's languages as codes, German first, then in the order typed."""
        codes = offer_languages(self.values.get("Sprache(n)"))
        return sorted(codes, key=lambda c: (c != "de", list(LANGUAGES).index(c)))


@dataclass
class Booklet:
    """Everything the renderers print."""
    languages: tuple[str, ...]                 # „de“ first
    stand: dt.date
    chapters: list[tuple[str, list[Entry]]]    # (chapter key of texts.CHAPTERS, entries), empty chapters left out
    annex: list[Address]
    district: str = ""
    warnings: list[str] = field(default_factory=list)


def check_languages(languages) -> tuple[str, ...]:
    """The languages beside German as codes: names or codes accepted („Arabisch“, „ar“); German is always there.
    Unknown, without translated fixed texts, or more than two → UserError."""
    codes: list[str] = []
    for name in languages:
        found = language(name)
        if found is None or found.code not in WEGWEISER_LANGUAGES:
            offered = ", ".join(f"{c} ({LANGUAGES[c].name})" for c in WEGWEISER_LANGUAGES)
            what = "unbekannt" if found is None else "hat keine übersetzten Wegweiser-Texte"
            raise UserError(f"Die Sprache „{name}“ {what}.", hint=f"Möglich sind: {offered}.")
        if found.code != "de" and found.code not in codes:
            codes.append(found.code)
    if len(codes) > MAX_LANGUAGES:
        raise UserError(f"Der Wegweiser zeigt neben Deutsch höchstens {MAX_LANGUAGES} Sprachen nebeneinander, "
                        f"gewählt sind {len(codes)}: {', '.join(codes)}.",
                        hint="Erstellen Sie für weitere Sprachen einen zweiten Wegweiser.")
    return ("de", *codes)


def languages_from_nationalities(top: pd.DataFrame, most: int = MAX_LANGUAGES) -> tuple[str, ...]:
    """The Wegweiser languages (besides German) read by most people of the district: each nationality of the AZR
    ranking (`indicators.nationalities`: columns nationality, value) counts for the first of its languages that
    the Wegweiser ships; the `most` languages with the largest sums, largest first."""
    counts: dict[str, float] = {}
    for name, value in zip(top["nationality"], pd.to_numeric(top["value"], errors="coerce")):
        shipped = [c for c in NATIONALITY_LANGUAGES.get(str(name).strip(), ()) if c in WEGWEISER_LANGUAGES
                   and c != "de"]
        if shipped and value == value and value > 0:
            counts[shipped[0]] = counts.get(shipped[0], 0) + float(value)
    ranked = sorted(counts, key=lambda c: (-counts[c], WEGWEISER_LANGUAGES.index(c)))
    return tuple(ranked[:most])


def default_languages(data_dir, kreis: str | None) -> tuple[str, ...]:
    """The languages from the district's largest nationalities (AZR table of `data_dir`, Kreis `kreis`, latest
    year); `FALLBACK_LANGUAGES` without a data folder or AZR table."""
    if data_dir is None or not kreis:
        logger.info("Wegweiser: keine Daten zu den Staatsangehörigkeiten, Sprache neben Deutsch: Englisch.")
        return FALLBACK_LANGUAGES
    from toolkit import indicators, store
    from toolkit.indicators.compare import AZR_TABLE
    tables = store.tables(str(data_dir))
    azr = tables.get(AZR_TABLE)
    years = [] if azr is None else sorted({int(str(t)[:4]) for t in azr.loc[azr["region_code"] == kreis, "time"]})
    if not years:
        logger.warning("Wegweiser: die Tabelle %s enthält nichts für %s, Sprache neben Deutsch: Englisch.",
                       AZR_TABLE, kreis)
        return FALLBACK_LANGUAGES
    chosen = languages_from_nationalities(indicators.nationalities(tables, kreis, years[-1], top=20))
    logger.info("Wegweiser-Sprachen aus den häufigsten Staatsangehörigkeiten %s: %s", years[-1], ", ".join(chosen))
    return chosen or FALLBACK_LANGUAGES


def district_of(plan: Plan) -> str | None:
    """The Kreis (5-digit AGS) most offers and Sozialräume name, None when none is given."""
    codes = [cell_text(v)[:5] for table, column in ((plan.angebote, "Gemeinde (AGS)"),
                                                    (plan.sozialraeume, "Gemeinde (AGS)"))
             for v in table.get(column, pd.Series(dtype=object)) if re.fullmatch(r"\d{8}", cell_text(v))]
    return max(set(codes), key=codes.count) if codes else None


def published(plan: Plan) -> pd.DataFrame:
    """The rows of „Angebote“ marked „veröffentlichen“ = ja (case and spaces ignored)."""
    offers = plan.angebote
    if offers.empty or "veröffentlichen" not in offers.columns:
        return offers.iloc[0:0]
    return offers[[cell_text(v).lower() == "ja" for v in offers["veröffentlichen"]]]


def booklet(plan: Plan, languages: tuple[str, ...], stand: dt.date | None = None, district: str = "") -> Booklet:
    """Select, check and order the published offers of `plan`; `languages` with „de“ first."""
    rows = published(plan)
    source = plan.source or "Planungsmappe"
    if rows.empty:
        raise UserError("Im Blatt „Angebote“ ist kein Angebot zur Veröffentlichung markiert; der Wegweiser wäre "
                        "leer.", file=source, column="veröffentlichen",
                        hint="Setzen Sie bei den Angeboten, die im Wegweiser stehen sollen, „veröffentlichen“ "
                             "auf „ja“.")
    warnings: list[str] = []
    prepared = []
    for row, values in rows.iterrows():
        title = cell_text(values.get("Titel")) or "(ohne Titel)"
        chapter = cell_text(values.get("Wegweiser-Kapitel"))
        if chapter not in KAPITEL:
            warnings.append(f"Zeile {row} („{title}“): " + (f"Wegweiser-Kapitel „{chapter}“ ist keines der Liste"
                            if chapter else "kein Wegweiser-Kapitel") + f" – steht unter „{REST}“.")
            chapter = REST
        contact = cell_text(values.get("Kontakt"))
        if PERSON.match(contact):
            warnings.append(f"Zeile {row} („{title}“): Kontakt „{contact}“ nennt eine Person; gedruckt werden nur "
                            "Kontakte von Organisationen – er fehlt im Wegweiser.")
            contact = ""
        prepared.append((row, values, chapter, contact))
    annex = _annex(prepared)
    entries = {key: [] for key in CHAPTERS}
    for row, values, chapter, contact in prepared:
        entries[chapter].append(Entry(row, values, annex[_address_key(values, contact)], contact))
    chapters = [(key, sorted(found, key=lambda e: _sort(e.get("Titel"))))
                for key, found in entries.items() if found or key == "Notrufe"]
    for code in languages[1:]:
        missing = sorted(e.row for _, found in chapters for e in found if not e.translated(code))
        if missing:
            listed = ", ".join(map(str, missing[:SHOWN_ROWS])) + (" …" if len(missing) > SHOWN_ROWS else "")
            warnings.append(f"{len(missing)} Einträge ohne Übersetzung ins {LANGUAGES[code].name}e (Spalten "
                            f"„Titel_{code}“, „Beschreibung_{code}“): auf Deutsch mit Hinweis; Zeilen {listed}.")
    for warning in warnings:
        logger.warning("Wegweiser: %s", warning)
    return Booklet(languages, stand or _newest_stand(rows, warnings) or dt.date.today(), chapters,
                   sorted(set(annex.values()), key=lambda a: a.number), district, warnings)


def _address_key(values: pd.Series, contact: str) -> tuple[str, ...]:
    name = cell_text(values.get("Träger")) or contact or cell_text(values.get("Titel"))
    return (name, contact, *(cell_text(values.get(c)) for c in ADDRESS_COLUMNS[1:]))


def _annex(prepared) -> dict[tuple[str, ...], Address]:
    keys = sorted({_address_key(values, contact) for _, values, _, contact in prepared},
                  key=lambda k: tuple(map(_sort, k)))
    return {key: Address(number, key[0], key[2], key[1], *key[3:]) for number, key in enumerate(keys, start=1)}


def _sort(text: str) -> str:
    return text.casefold().translate(SORT_KEY)


def _newest_stand(rows: pd.DataFrame, warnings: list[str]) -> dt.date | None:
    dates = []
    for row, value in rows.get("Stand", pd.Series(dtype=object)).items():
        if cell_text(value):
            try:
                dates.append(as_date(value))
            except ValueError:
                warnings.append(f"Zeile {row}: „Stand“ „{cell_text(value)}“ ist kein Datum (TT.MM.JJJJ) und zählt "
                                "nicht für den Stand des Wegweisers.")
    return max(dates, default=None)
