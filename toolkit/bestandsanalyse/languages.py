"""Languages of stage 2: the languages an offer is given in (German names, as learners type them in the sheet
„Angebote“), the languages the Integrationswegweiser ships its fixed texts in, and which languages the people of a
nationality are likely to read — for the gap matrix („an offer in a language of the group“) and for the
Wegweiser's default languages (from the district's largest nationalities in the AZR table)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str            # ISO 639-1; also the suffix of translated columns, e.g. „Beschreibung_uk“
    name: str            # German name, as in the sheet „Angebote“, column „Sprache(n)“
    native: str          # the language's own name, for the Wegweiser's headings
    rtl: bool = False    # written right to left


LANGUAGES = {language.code: language for language in (
    Language("de", "Deutsch", "Deutsch"),
    Language("en", "Englisch", "English"),
    Language("uk", "Ukrainisch", "Українська"),
    Language("ar", "Arabisch", "العربية", rtl=True),
    Language("ru", "Russisch", "Русский"),
    Language("fa", "Persisch", "فارسی", rtl=True),
    Language("tr", "Türkisch", "Türkçe"),
    Language("pl", "Polnisch", "Polski"),
    Language("ro", "Rumänisch", "Română"),
    Language("bg", "Bulgarisch", "Български"),
    Language("vi", "Vietnamesisch", "Tiếng Việt"),
    Language("ti", "Tigrinya", "ትግርኛ"),
    Language("so", "Somali", "Soomaali"),
    Language("ku", "Kurdisch", "Kurdî"),
    Language("ps", "Paschtu", "پښتو", rtl=True),
    Language("fr", "Französisch", "Français"),
    Language("es", "Spanisch", "Español"),
    Language("it", "Italienisch", "Italiano"),
    Language("hu", "Ungarisch", "Magyar"),
    Language("cs", "Tschechisch", "Čeština"),
    Language("sr", "Serbisch", "Српски"),
    Language("sq", "Albanisch", "Shqip"),
    Language("hi", "Hindi", "हिन्दी"),
    Language("zh", "Chinesisch", "中文"),
)}
#: Other names learners write for a language („Dari“ is read as Persian, „Farsi“ too).
ALIASES = {"farsi": "fa", "dari": "fa", "kurmandschi": "ku", "sorani": "ku", "englisch": "en", "english": "en"}

#: Languages most people of a nationality (as the AZR names it) read, most common first. A nationality not
#: listed is understood in German and English only.
NATIONALITY_LANGUAGES = {
    "Ukraine": ("uk", "ru"), "Syrien": ("ar", "ku"), "Afghanistan": ("fa", "ps"), "Irak": ("ar", "ku"),
    "Iran": ("fa",), "Türkei": ("tr", "ku"), "Russische Föderation": ("ru",), "Russland": ("ru",),
    "Polen": ("pl",), "Rumänien": ("ro",), "Bulgarien": ("bg",), "Vietnam": ("vi",), "Eritrea": ("ti",),
    "Somalia": ("so",), "Ungarn": ("hu",), "Tschechien": ("cs",), "Serbien": ("sr",), "Kosovo": ("sq",),
    "Albanien": ("sq",), "Indien": ("hi", "en"), "China": ("zh",), "Italien": ("it",), "Spanien": ("es",),
    "Frankreich": ("fr",), "Libanon": ("ar",), "Ägypten": ("ar",), "Marokko": ("ar", "fr"), "Tunesien": ("ar", "fr"),
    "Jordanien": ("ar",), "Libyen": ("ar",), "Jemen": ("ar",), "Sudan": ("ar",), "Belarus": ("ru",),
    "Kasachstan": ("ru",), "Moldau": ("ro", "ru"), "Georgien": ("ru",), "Armenien": ("ru",), "Aserbaidschan": ("ru",),
    "Pakistan": ("en",), "Nigeria": ("en",), "Ghana": ("en",), "Kamerun": ("fr", "en"),
}
#: Languages whose fixed Wegweiser texts (chapter titles, headings, notes) ship translated.
WEGWEISER_LANGUAGES = ("de", "en", "uk", "ar", "ru", "fa")


def language(name: str) -> Language | None:
    """The language a learner named in a cell („Arabisch“, „arabisch“, „ar“, „Farsi“); None if unknown."""
    key = str(name).strip().lower()
    code = ALIASES.get(key) or next((c for c, lang in LANGUAGES.items()
                                     if key in (c, lang.name.lower(), lang.native.lower())), None)
    return LANGUAGES.get(code) if code else None


def offer_languages(cell) -> set[str]:
    """The language codes of a cell „Sprache(n)“ (comma, semicolon or slash between names); German when empty."""
    names = [part for chunk in str(cell or "").replace(";", ",").replace("/", ",").split(",")
             if (part := chunk.strip())]
    return {lang.code for name in names if (lang := language(name))} or {"de"}
