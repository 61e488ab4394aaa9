"""Offer languages as learners write them, and the languages of a nationality."""
from toolkit.bestandsanalyse import languages


def test_a_cell_names_languages_in_any_common_spelling():
    assert languages.offer_languages("Deutsch, arabisch; Farsi / Ukrainisch") == {"de", "ar", "fa", "uk"}
    assert languages.offer_languages(None) == {"de"}
    assert languages.offer_languages("Klingonisch") == {"de"}
    assert languages.language("Dari").code == "fa" and languages.language("ar").rtl


def test_every_nationality_and_wegweiser_language_is_known():
    used = {code for codes in languages.NATIONALITY_LANGUAGES.values() for code in codes}
    assert used | set(languages.WEGWEISER_LANGUAGES) <= set(languages.LANGUAGES)
    assert {c for c, lang in languages.LANGUAGES.items() if lang.rtl} == {"ar", "fa", "ps"}
