"""The Integrationswegweiser: only published offers, chapters in the course's order, the address annex, fixed texts
in six languages, translations with the German fallback marked, right to left in HTML, Word and PDF, „Stand“ on
every page, German user errors."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import zipfile

import docx
import pandas as pd
import pytest
from lxml import etree

from tests.conftest import _missing
from toolkit import plan
from toolkit.bestandsanalyse.languages import WEGWEISER_LANGUAGES
from toolkit.bestandsanalyse.wegweiser import build_booklet, run, write_wegweiser
from toolkit.bestandsanalyse.wegweiser.content import default_languages, languages_from_nationalities
from toolkit.bestandsanalyse.wegweiser.texts import CHAPTERS, EMERGENCY_NUMBERS, REST, TEXTS
from toolkit.config import DEMO_DATA_DIR
from toolkit.errors import UserError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = re.compile(r"[\u0600-\u06ff]")

LANGUAGE_COURSE = {
    "ID": "ANG1", "Titel": "Deutschkurs mit Kinderbetreuung", "Beschreibung": "Integrationskurs <b>vormittags</b>",
    "Träger": "VHS Musterland", "Sprache(n)": "Deutsch, Arabisch", "Wegweiser-Kapitel": "Sprache",
    "Gemeinde (AGS)": "16099015", "Adresse": "Markt 1, 99999 Musterstadt", "Kinderbetreuung": "ja",
    "Zugang nach Aufenthaltsstatus": "offen für alle", "Kontakt": "VHS Musterland, Servicebüro",
    "Telefon": "0361 123 456", "E-Mail": "info@vhs.example", "Website": "www.vhs.example",
    "Stand": dt.date(2026, 9, 1), "veröffentlichen": "ja", "Kosten für Teilnehmende": "20 € im Monat",
    "Titel_ar": "دورة اللغة الألمانية مع رعاية الأطفال", "Beschreibung_ar": "دورة اندماج صباحية",
}
COUNSELLING = {
    "ID": "ANG2", "Titel": "Migrationsberatung für Erwachsene", "Träger": "Caritas Musterland",
    "Wegweiser-Kapitel": "Beratung", "Adresse": "Kirchweg 2, 99999 Musterstadt", "Kontakt": "Frau Erika Beispiel",
    "Zugang nach Aufenthaltsstatus": "nicht für Gestattung/Duldung", "Stand": "15.10.2026", "veröffentlichen": "ja",
    "Kosten für Teilnehmende": "kostenlos",
}
SECRET = {"ID": "ANG3", "Titel": "Unveröffentlichtes Pilotprojekt", "Träger": "Geheimverein",
          "Wegweiser-Kapitel": "Arbeit", "Stand": dt.date(2027, 1, 1), "veröffentlichen": "nein"}
UNFILED = {"ID": "ANG4", "Titel": "Ankommen im Sportverein", "Träger": "Abenteuer-Sport e. V.",
           "veröffentlichen": "Ja "}
AUTHORITY = {"ID": "ANG5", "Titel": "Ausländerbehörde", "Träger": "Landratsamt Musterland",
             "Wegweiser-Kapitel": "Ankommen und Behörden", "Adresse": "Lindenallee 5, 99999 Musterstadt",
             "veröffentlichen": "ja", "Titel_uk": "Відомство у справах іноземців"}


def workbook(tmp_path, *rows) -> str:
    path = tmp_path / "planung.xlsx"
    plan.new_plan(path, "eisenach")
    p = plan.load_plan(path)
    columns = list(p.angebote.columns) + sorted({k for r in rows for k in r} - set(p.angebote.columns))
    p.angebote = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], index=range(2, 2 + len(rows)),
                              columns=columns, dtype=object)
    plan.save_plan(p, path)
    return str(path)


@pytest.fixture
def sample(tmp_path):
    return workbook(tmp_path, LANGUAGE_COURSE, COUNSELLING, SECRET, UNFILED, AUTHORITY)


def html_of(sample, tmp_path, languages=("uk", "ar"), **options) -> str:
    path, = write_wegweiser(sample, tmp_path / "out", languages=list(languages), formats=("html",), **options)
    assert "wegweiser" in path.name
    return path.read_text(encoding="utf-8")


# --- content --------------------------------------------------------------------------------------------------------

def test_only_published_offers_in_the_course_order_and_the_unfiled_ones_in_the_rest_chapter(sample):
    book = build_booklet(sample, languages=["uk", "ar"])
    titles = {key: [e.get("Titel") for e in entries] for key, entries in book.chapters}
    assert list(titles) == ["Ankommen und Behörden", "Sprache", "Beratung", REST, "Notrufe"]
    assert titles[REST] == ["Ankommen im Sportverein"]                  # „Ja “ counts as ja
    assert all("Unveröffentlicht" not in t for ts in titles.values() for t in ts)
    assert any("kein Wegweiser-Kapitel" in w and "Zeile 5" in w for w in book.warnings)
    assert "3 Einträge ohne Übersetzung ins Arabische" in " ".join(book.warnings)
    assert CHAPTERS.index(REST) == len(CHAPTERS) - 2 and CHAPTERS[-1] == "Notrufe"


def test_annex_is_alphabetical_numbered_and_every_entry_refers_to_its_number(sample):
    book = build_booklet(sample, languages=["uk"])
    assert [a.name for a in book.annex] == ["Abenteuer-Sport e. V.", "Caritas Musterland", "Landratsamt Musterland",
                                            "VHS Musterland"]
    assert [a.number for a in book.annex] == [1, 2, 3, 4]
    refs = {e.get("Titel"): e.address.number for _, entries in book.chapters for e in entries}
    assert refs == {"Ankommen im Sportverein": 1, "Migrationsberatung für Erwachsene": 2, "Ausländerbehörde": 3,
                    "Deutschkurs mit Kinderbetreuung": 4}


def test_a_contact_naming_a_person_is_not_printed_and_reported(sample, tmp_path):
    book = build_booklet(sample, languages=["uk"])
    assert any("Frau Erika Beispiel" in w and "Person" in w for w in book.warnings)
    page = html_of(sample, tmp_path)
    assert "Erika Beispiel" not in page
    assert "VHS Musterland, Servicebüro" in page


def test_stand_is_the_newest_of_the_printed_entries_or_the_given_date(sample):
    assert build_booklet(sample, languages=["uk"]).stand == dt.date(2026, 10, 15)   # not the unpublished 2027
    assert build_booklet(sample, languages=["uk"], stand=dt.date(2026, 12, 1)).stand == dt.date(2026, 12, 1)
    assert build_booklet(sample, languages=["uk"], stand="01.12.2026").stand == dt.date(2026, 12, 1)
    with pytest.raises(UserError, match="kein Datum"):
        build_booklet(sample, languages=["uk"], stand="Dezember")


def test_run_for_the_cli_takes_languages_as_text_and_prints_the_paths(sample, tmp_path, capsys, chromium):
    assert run(sample, str(tmp_path / "out"), sprachen="Ukrainisch, ar", stand="01.12.2026") == 0
    printed = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[1] for p in printed] == ["html", "pdf", "docx"]
    assert all("Integrationswegweiser_de-uk-ar" in p for p in printed)


def test_default_languages_follow_the_largest_nationalities():
    top = pd.DataFrame({"nationality": ["Polen", "Ukraine", "Afghanistan", "Syrien", "Irak", "Übrige"],
                        "value": [900, 300, 250, 200, 100, 50]})
    # Polish ships no fixed texts; Arabic = Syrien + Irak = 300 ties with Ukrainian, the shipped order decides
    assert languages_from_nationalities(top) == ("uk", "ar")
    assert languages_from_nationalities(top.iloc[:3]) == ("uk", "fa")
    assert default_languages(None, None) == ("en",)


def test_default_languages_of_the_demo_district_come_from_its_azr_table(tmp_path):
    chosen = default_languages(DEMO_DATA_DIR, "16099")
    assert len(chosen) == 2 and set(chosen) <= set(WEGWEISER_LANGUAGES) - {"de"}
    assert chosen[0] == "uk"


def test_fixed_texts_are_complete_in_every_wegweiser_language_with_the_nationwide_numbers():
    assert set(TEXTS) == set(WEGWEISER_LANGUAGES)
    german = TEXTS["de"]
    for code, texts in TEXTS.items():
        assert texts.keys() == german.keys(), code
        for key in ("chapters", "labels", "yes_no", "access"):
            assert texts[key].keys() == german[key].keys(), (code, key)
            assert all(v.strip() for v in texts[key].values()), (code, key)
        assert len(texts["emergency"]) == len(EMERGENCY_NUMBERS)
        assert "{n}" in texts["annex_ref"]
        if code != "de":
            assert texts["only_german"] != german["only_german"]
    numbers = dict(zip(german["emergency"], EMERGENCY_NUMBERS))
    assert numbers["Polizei"] == "110" and numbers["Feuerwehr und Rettungsdienst"] == "112"
    assert EMERGENCY_NUMBERS[2] == "116 117" and "Bereitschaftsdienst" in german["emergency"][2]
    assert EMERGENCY_NUMBERS[3] == "116 016" and "Gewalt gegen Frauen" in german["emergency"][3]


# --- user errors ----------------------------------------------------------------------------------------------------

def test_user_errors_are_german_and_nothing_is_written(sample, tmp_path):
    nothing = workbook(tmp_path / "leer", SECRET) if (tmp_path / "leer").mkdir() is None else None
    with pytest.raises(UserError, match="kein Angebot zur Veröffentlichung"):
        write_wegweiser(nothing, tmp_path / "a", languages=["uk"])
    with pytest.raises(UserError, match="„xx“ unbekannt"):
        write_wegweiser(sample, tmp_path / "b", languages=["xx"])
    with pytest.raises(UserError, match="keine übersetzten Wegweiser-Texte"):
        write_wegweiser(sample, tmp_path / "c", languages=["Türkisch"])
    with pytest.raises(UserError, match="höchstens 2"):
        write_wegweiser(sample, tmp_path / "d", languages=["uk", "ar", "fa"])
    blocked = tmp_path / "datei.txt"
    blocked.write_text("x")
    with pytest.raises(UserError, match="kann nicht geschrieben werden"):
        write_wegweiser(sample, blocked / "out", languages=["uk"])
    assert not any((tmp_path / name).exists() for name in "abcd")


# --- HTML -----------------------------------------------------------------------------------------------------------

def test_html_escapes_workbook_text_and_marks_untranslated_entries(sample, tmp_path):
    page = html_of(sample, tmp_path)
    assert "&lt;b&gt;vormittags&lt;/b&gt;" in page and "<b>vormittags" not in page
    assert "Unveröffentlicht" not in page and "Geheimverein" not in page
    assert "Відомство у справах іноземців" in page and "دورة اللغة الألمانية مع رعاية الأطفال" in page
    # the authority has Ukrainian but no Arabic title, the language course the reverse
    assert page.count(TEXTS["uk"]["only_german"]) == 3 and page.count(TEXTS["ar"]["only_german"]) == 3
    for number in EMERGENCY_NUMBERS:
        assert number in page
    assert "@bottom-left" in page and "Stand: 15.10.2026" in page


def test_html_right_to_left_columns_with_german_and_numbers_isolated(sample, tmp_path):
    page = html_of(sample, tmp_path, languages=("ar", "fa"))
    assert '<div lang="ar" dir="rtl">' in page and '<div lang="fa" dir="rtl">' in page
    assert '<div lang="de" dir="ltr">' in page
    arabic = [m for m in re.findall(r'<div lang="ar" dir="rtl">(.*?)</div>', page) if "Migrationsberatung" in m][0]
    assert '<span lang="de" dir="ltr">Migrationsberatung für Erwachsene</span>' in arabic
    course = [m for m in re.findall(r'<div lang="ar" dir="rtl">(.*?)</div>', page) if "دورة اندماج" in m][0]
    assert TEXTS["ar"]["only_german"] not in course                    # title and description are translated,
    assert '<span lang="de" dir="ltr">20 € im Monat</span>' in course  # the costs show German, isolated
    persian = [m for m in re.findall(r'<div lang="fa" dir="rtl">(.*?)</div>', page) if "116 117" in m][0]
    assert '<span class="number" dir="ltr">116 117</span>' in persian
    shared = re.findall(r'<p class="shared" lang="de" dir="ltr">(.*?)</p>', page)
    assert len(shared) == 4                                             # once per entry, not per language
    course = [line for line in shared if "VHS Musterland, Servicebüro" in line][0]
    assert '☎\u00a0<span dir="ltr">0361 123 456</span>' in course
    assert "size: A4 landscape" in page                                 # three columns side by side


# --- Word -----------------------------------------------------------------------------------------------------------

def test_word_right_to_left_by_hand_and_stand_in_the_footer(sample, tmp_path):
    path, = write_wegweiser(sample, tmp_path / "out", languages=["uk", "ar"], formats=("docx",))
    assert path.suffix == ".docx" and "wegweiser" in path.name
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        footers = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/footer"))
    texts = {"".join(t.text or "" for t in p.iter(f"{W}t")): p for p in body.iter(f"{W}p")}
    arabic = [p for text, p in texts.items() if ARABIC.match(text.lstrip("\u202a0123456789. "))]
    assert len(arabic) > 20
    for p in arabic:
        assert p.find(f"{W}pPr/{W}bidi") is not None
    for p in body.iter(f"{W}p"):
        runs = [r for r in p.iter(f"{W}r") if ARABIC.search("".join(t.text or "" for t in r.iter(f"{W}t")))]
        for r in runs:
            props = r.find(f"{W}rPr")
            assert props.find(f"{W}rtl") is not None
            assert props.find(f"{W}lang").get(f"{W}bidi") == "ar-SA"
            names = [c.tag.split("}")[1] for c in props]
            assert names.index("rtl") < names.index("lang")             # the schema's order, else Word complains
    german = texts["Kinderbetreuung: ja"]
    assert german.find(f"{W}pPr/{W}bidi") is None
    shared = [text for text in texts if text.startswith("VHS Musterland · Markt 1")]
    assert shared == ["VHS Musterland · Markt 1, 99999 Musterstadt · VHS Musterland, Servicebüro · ☎\u00a00361 123 456"
                      " · ✉\u00a0info@vhs.example · www.vhs.example"]
    assert texts[shared[0]].find(f"{W}pPr/{W}bidi") is None
    mixed = texts["Sprachen: Deutsch, العربية"]                          # the Arabic name is its own RTL run
    assert [r.find(f"{W}rPr/{W}rtl") is not None for r in mixed.iter(f"{W}r")] == [False, False, False, True]
    phone = [p for text, p in texts.items() if "116 117" in text and ARABIC.search(text)][0]
    assert "\u202a116 117\u202c" in "".join(t.text for t in phone.iter(f"{W}t"))
    assert "Unveröffentlicht" not in "".join(texts)
    assert b"Stand: 15.10.2026" in footers and b"PAGE" in footers
    document = docx.Document(path)
    normal = document.styles["Normal"].element.find(f"{W}rPr")
    assert normal.find(f"{W}szCs").get(f"{W}val") == normal.find(f"{W}sz").get(f"{W}val")   # Arabic not larger
    assert document.tables[0].rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert document.sections[0].page_width > document.sections[0].page_height


# --- PDF ------------------------------------------------------------------------------------------------------------

def test_pdf_has_stand_on_every_page_and_arabic_text(sample, tmp_path, chromium):
    paths = write_wegweiser(sample, tmp_path / "out", languages=["uk", "ar"])
    assert [p.suffix for p in paths] == [".html", ".pdf", ".docx"]
    pdf = paths[1]
    assert pdf.read_bytes().startswith(b"%PDF")
    html = paths[0].read_text(encoding="utf-8")
    assert 'dir="rtl"' in html                                          # what Chromium printed
    if shutil.which("pdftotext") is None:
        _missing("pdftotext fehlt: `make test` installiert das Debian-Paket poppler-utils (als root).")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 5
    assert all("Stand: 15.10.2026" in p for p in pages)
    letters = unicodedata.normalize("NFKC", text)
    assert "الهاتف" in letters and "Unveröffentlicht" not in letters


def test_word_persian_runs_carry_their_own_language(sample, tmp_path):
    path, = write_wegweiser(sample, tmp_path / "out", languages=["fa"], formats=("docx",))
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    persian = [r for r in body.iter(f"{W}r") if "زبان‌ها" in "".join(t.text or "" for t in r.iter(f"{W}t"))]
    assert persian and all(r.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "fa-IR" for r in persian)
    document = docx.Document(path)
    assert document.sections[0].page_width < document.sections[0].page_height     # two columns: portrait
