"""Stage 2's sheets of the demo plan: complete, organisations only, the deliberate findings true in the sheets,
and a lossless round trip. The findings are stated in terms of the sheets (the shared reachability rule written
out here), not of the analysis functions, so they hold whatever the analysis does with them."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from toolkit import plan
from toolkit.bestandsanalyse.languages import offer_languages
from toolkit.config import DEMO_DATA_DIR
from toolkit.demo import bestand
from toolkit.demo import plan as demo_plan

COMMITTED = DEMO_DATA_DIR / demo_plan.FILE_NAME
STAGE_2 = ("sozialraeume", "akteure", "gremien", "mitgliedschaften", "angebote", "beteiligung")
KREISSTADT = "16099015"
LIMIT = 60
#: Nationwide numbers printed as they are (the Wegweiser must get them right); every other number is invented.
NATIONAL_PHONES = {"110", "112", "116 016", "116 117", "116 111", "0800 111 0 111", "0361 730 730"}
NATIONAL_SITES = {"www.hilfetelefon.de", "www.116117.de", "www.telefonseelsorge.de", "www.ggiz-erfurt.de",
                  "www.nummergegenkummer.de"}
FICTIONAL_PHONE = re.compile(r"03609 \d{3}-\d{1,3}")
FICTIONAL_MAIL = re.compile(r"([a-z-]+)@([a-z-]+)\.beispiel-musterland\.de")
FICTIONAL_SITE = re.compile(r"www\.[a-z-]+\.beispiel-musterland\.de")
PERSON = re.compile(r"\b(?:Frau|Herr|Hr\.|Fr\.|Dr\.|Prof\.)\s")
GAP_ID = re.compile(r"\bL-(HF\d+)-(ALLE|U6|J617|E1864|A65|F|AL|ASYL)-([A-Za-z0-9_]+|\d{8})\b")
CYRILLIC, ARABIC = re.compile(r"[\u0400-\u04ff]"), re.compile(r"[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def demo() -> plan.Plan:
    return plan.load_plan(COMMITTED)


@pytest.fixture(scope="module")
def minutes(demo) -> dict[str, float]:
    s = demo.sozialraeume
    return dict(zip(s["Gemeinde (AGS)"], s["ÖPNV-Minuten zur Kreisstadt"], strict=True))


def _room(demo, name: str) -> list[str]:
    s = demo.sozialraeume
    return list(s.loc[s["Sozialraum"] == name, "Gemeinde (AGS)"])


def _reaches(town: str, offer: pd.Series, minutes: dict, limit: int = LIMIT) -> bool:
    """The shared rule: in the Gemeinde, or aufsuchend/mobil, or minutes to the Kreisstadt + from there ≤ limit."""
    if offer["Gemeinde (AGS)"] == town or offer["aufsuchend/mobil"] == "ja":
        return True
    away = offer["Erreichbarkeit (ÖPNV-Minuten)"]
    return plan.is_number(away) and minutes[town] + away <= limit


def _groups(cell) -> set[str]:
    return {part.strip() for part in plan.cell_text(cell).split(",") if part.strip()}


def _field(demo, hf: str) -> str:
    h = demo.handlungsfelder
    return h.loc[h["ID"] == hf, "Handlungsfeld"].item()


def _slug(name: str) -> str:
    """The gap convention's Raum: ä→ae, ö→oe, ü→ue, ß→ss, every run of other characters → „_“."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        name = name.replace(a, b)
    return re.sub(r"[^A-Za-z0-9]+", "_", name)


# --- the sheets as committed ----------------------------------------------------------------------

def test_committed_sheets_are_what_the_generator_makes(demo):
    for key, expected in bestand.tables().items():
        found = getattr(demo, key)
        assert list(found.columns) == list(expected.columns), key
        pd.testing.assert_frame_equal(found.astype(str), expected.astype(str), check_dtype=False, obj=key)


def test_check_plan_finds_nothing_in_the_stage_2_sheets(demo):
    titles = {plan.SHEETS[key].title for key in STAGE_2}
    assert [str(p) for p in plan.check_plan(demo) if p.sheet in titles] == []


def test_five_sozialraeume_cover_the_25_gemeinden_and_the_south_is_far(demo):
    s = demo.sozialraeume
    assert sorted(s["Gemeinde (AGS)"]) == [f"16099{n:03d}" for n in range(1, 26)]
    assert set(s["Sozialraum"]) == {"Musterstadt", "Nord", "Ost", "Süd", "West"}
    assert s.loc[s["Gemeinde (AGS)"] == KREISSTADT, ["Sozialraum", "ÖPNV-Minuten zur Kreisstadt"]].values.tolist() \
        == [["Musterstadt", 0]]
    south = s.loc[s["Sozialraum"] == "Süd", "ÖPNV-Minuten zur Kreisstadt"]
    assert len(south) >= 5 and south.between(50, 80).all()
    assert (s.loc[s["Sozialraum"] != "Süd", "ÖPNV-Minuten zur Kreisstadt"] < south.min()).all()


def test_about_60_offers_covering_every_field_group_chapter_and_access_rule(demo):
    a = demo.angebote
    assert 55 <= len(a) <= 70 and a["ID"].is_unique
    assert set(a["Handlungsfeld"].dropna()) == set(demo.handlungsfelder["Handlungsfeld"])
    assert set().union(*a["Zielgruppe(n)"].map(_groups)) >= set(plan.ZIELGRUPPEN)
    assert set(a["Wegweiser-Kapitel"]) == set(plan.KAPITEL)
    assert set(a["Zugang nach Aufenthaltsstatus"]) == set(plan.ZUGANG)
    assert set(a["Finanzierung"].dropna()) == set(plan.FINANZIERUNG)
    assert set(a["Kinderbetreuung"]) == set(a["aufsuchend/mobil"]) == {"ja", "nein"}
    emergency = a[a["Wegweiser-Kapitel"] == "Notrufe"]
    assert emergency["Titel"].str.contains("Hilfetelefon").any() and len(emergency) >= 5
    for column in ("Träger", "Zielgruppe(n)", "Sprache(n)", "Kontakt", "Telefon", "Stand", "veröffentlichen"):
        assert a[column].notna().all(), column
    located = a[a["Wegweiser-Kapitel"] != "Notrufe"]
    assert located["Gemeinde (AGS)"].isin(demo.sozialraeume["Gemeinde (AGS)"]).all()
    assert located["Adresse"].notna().all() and located["Erreichbarkeit (ÖPNV-Minuten)"].notna().all()


def test_every_offer_counts_in_the_gap_analysis_with_a_field_its_groups_and_a_known_way_there(demo, minutes):
    """No offer the analysis would pass over with a hint: a Handlungsfeld, only target groups the needs count,
    and minutes as a number or „aufsuchend/mobil“ (the hotlines of „Notrufe“ reach every Gemeinde)."""
    a = demo.angebote
    assert a["Handlungsfeld"].notna().all()
    assert set().union(*a["Zielgruppe(n)"].map(_groups)) <= set(plan.ZIELGRUPPEN)
    for _, offer in a.iterrows():
        away = offer["Erreichbarkeit (ÖPNV-Minuten)"]
        assert plan.is_number(away) or (offer["aufsuchend/mobil"] == "ja" and plan.is_empty(away)), offer["ID"]
        assert any(_reaches(town, offer, minutes) for town in minutes), offer["ID"]


def test_most_offers_are_published_and_many_translated_in_the_right_script(demo):
    a = demo.angebote
    published = a[a["veröffentlichen"] == "ja"]
    assert 3 <= (a["veröffentlichen"] == "nein").sum() <= 6
    for lang, script in (("uk", CYRILLIC), ("ar", ARABIC)):
        title, text = published[f"Titel_{lang}"], published[f"Beschreibung_{lang}"]
        costs = published[f"Kosten für Teilnehmende_{lang}"]
        assert title.notna().sum() >= 40, lang
        assert (title.notna() == text.notna()).all() and (title.notna() == costs.notna()).all(), lang
        for cell in pd.concat([title, text, costs]).dropna():
            assert script.search(cell), (lang, cell)
        assert not a.loc[a["veröffentlichen"] == "nein", f"Titel_{lang}"].notna().any()
    untranslated = published["Titel_uk"].isna() & published["Titel_ar"].isna()
    assert 3 <= untranslated.sum() <= 12                           # some deliberately in German only


def test_actors_gremien_memberships_and_participation(demo):
    actors, boards, members, events = demo.akteure, demo.gremien, demo.mitgliedschaften, demo.beteiligung
    assert 33 <= len(actors) <= 37 and set(actors["Sektor"]) == set(plan.SEKTOREN)
    assert actors["Gemeinde (AGS)"].isin(demo.sozialraeume["Gemeinde (AGS)"]).all()
    assert len(boards) == 6
    assert sorted(boards["Typ"]) == ["Arbeitskreis"] * 4 + ["Integrationsbeirat", "Steuerungsgruppe"]
    assert {f"Arbeitskreis {n}" for n in ("Sprache und Schule", "Soziales und Gesundheit", "Arbeit und Beruf",
                                          "Freizeit und Kultur")} <= set(boards["Name"])
    for _, board in boards.iterrows():         # the Leitung sits in its Gremium as Leitung
        rows = members[members["Gremium-ID"] == board["ID"]]
        assert rows.loc[rows["Rolle"] == "Leitung", "Akteur-ID"].tolist() == [board["Leitung"]]
    assert not members.duplicated(["Gremium-ID", "Akteur-ID"]).any()
    covered = {f.strip() for cell in boards["Handlungsfelder"] for f in cell.split(",")}
    assert covered == set(demo.handlungsfelder["ID"])
    assert len(events) == 8 and events["Format"].nunique() >= 4
    assert set(events["Format"]) <= set(plan.BETEILIGUNG_FORMATE)
    assert set(events["Zugewanderte beteiligt"]) == {"ja", "nein"}


def test_participation_and_goals_cite_existing_goals_and_well_formed_gaps(demo):
    goals = set(demo.ziele["ID"])
    fields = set(demo.handlungsfelder["ID"])
    rooms = {_slug(name) for name in demo.sozialraeume["Sozialraum"]}
    cited = set()
    for cell in demo.beteiligung["Bedarfe/Ziele"]:
        for ref in plan.goal_ids(cell):
            assert ref in goals or GAP_ID.fullmatch(ref), ref
    for text in list(demo.beteiligung["Bedarfe/Ziele"]) + list(demo.ziele["Bedarf/Begründung"].dropna()):
        for gap in GAP_ID.finditer(text):
            assert gap[1] in fields and gap[3] in rooms, gap[0]
            cited.add(gap[0])
    assert {*bestand.GAP_IDS, bestand.HEALTH_GAP} <= cited
    for gap in (*bestand.GAP_IDS, bestand.HEALTH_GAP):
        assert demo.ziele["Bedarf/Begründung"].dropna().str.contains(gap).any(), gap


# --- the deliberate findings ----------------------------------------------------------------------

def test_no_language_course_with_childcare_is_reachable_from_the_south(demo, minutes):
    a = demo.angebote
    language = (a["Wegweiser-Kapitel"] == "Sprache") | (a["Handlungsfeld"] == _field(demo, "HF3"))
    courses = a[language & (a["Kinderbetreuung"] == "ja")]
    south = _room(demo, "Süd")
    assert len(courses) >= 2
    assert set(courses["Gemeinde (AGS)"]) <= set(_room(demo, "Musterstadt")) | set(_room(demo, "Nord"))
    for town in south:
        assert not [o["ID"] for _, o in courses.iterrows() if _reaches(town, o, minutes)], town
    assert all(_reaches(KREISSTADT, o, minutes) for _, o in courses.iterrows())        # not an empty finding
    assert any(_reaches(t, o, minutes) for t in south for _, o in a[language].iterrows())  # the south has some


@pytest.mark.parametrize("group", ["Frauen", "Kinder unter 6"])
def test_the_cited_gaps_hold_no_hf3_offer_for_the_group_reaches_the_south(demo, minutes, group):
    """L-HF3-F-Sued and L-HF3-U6-Sued: no offer of „Spracherwerb und Bildung“ naming the group (or all
    immigrants) reaches any Gemeinde of the Süden, whatever its access rule and language."""
    a = demo.angebote
    hf3 = a[(a["Handlungsfeld"] == _field(demo, "HF3"))
            & a["Zielgruppe(n)"].map(lambda cell: bool(_groups(cell) & {group, "alle Zugewanderten"}))]
    assert len(hf3) >= 2
    assert not [(t, o["ID"]) for t in _room(demo, "Süd") for _, o in hf3.iterrows() if _reaches(t, o, minutes)]


def test_no_health_offer_in_arabic(demo):
    a = demo.angebote
    health = a[(a["Handlungsfeld"] == _field(demo, "HF8")) | (a["Wegweiser-Kapitel"] == "Gesundheit")]
    assert len(health) >= 6
    assert not [o["ID"] for _, o in health.iterrows() if "ar" in offer_languages(o["Sprache(n)"])]
    assert a["Sprache(n)"].map(lambda cell: "ar" in offer_languages(cell)).sum() >= 5   # Arabic exists elsewhere


def test_two_arbeitskreise_have_nearly_the_same_members_and_no_other_pair(demo):
    members = demo.mitgliedschaften.groupby("Gremium-ID")["Akteur-ID"].agg(set)
    similar = {(a, b) for a in members.index for b in members.index
               if a < b and len(members[a] & members[b]) / len(members[a] | members[b]) > 0.5}
    assert similar == {bestand.TWINS}
    first, second = (members[g] for g in bestand.TWINS)
    assert len(first & second) / len(first | second) >= 0.75
    names = dict(zip(demo.gremien["ID"], demo.gremien["Name"], strict=True))
    assert {names[g] for g in bestand.TWINS} == {"Arbeitskreis Sprache und Schule", "Arbeitskreis Arbeit und Beruf"}


def test_migrant_organisations_sit_in_no_gremium(demo):
    actors, seated = demo.akteure, set(demo.mitgliedschaften["Akteur-ID"])
    organisations = actors.loc[actors["Sektor"] == "Migrant*innenorganisation", "ID"]
    assert len(organisations) >= 4 and not set(organisations) & seated
    immigrants = actors.loc[actors["Sektor"] == "Zugewanderte", "ID"]
    assert set(immigrants) & seated                                 # Zugewanderte themselves: as a guest


def test_readme_lists_the_sheets_and_every_finding_before_the_plan_section():
    readme = (DEMO_DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = bestand.readme_section()
    assert section in readme and readme.endswith(section + demo_plan.readme_section())
    for words in ("Im Süden ist kein Sprachkurs mit Kinderbetreuung erreichbar", "Kein Gesundheitsangebot auf "
                  "Arabisch", "Zwei Arbeitskreise mit fast denselben Mitgliedern",
                  "Migrant*innenorganisationen sitzen in keinem Gremium", *bestand.GAP_IDS):
        assert words in section, words


# --- organisations only, invented contacts --------------------------------------------------------

def test_contacts_are_organisations_with_invented_numbers_mails_and_websites(demo):
    a = demo.angebote
    for column in ("Kontakt", "Träger"):
        assert not a[column].str.contains(PERSON).any(), column
    assert not demo.akteure["Kontakt"].str.contains(PERSON).any()
    for phone in a["Telefon"]:
        assert phone in NATIONAL_PHONES or FICTIONAL_PHONE.fullmatch(phone), phone
    roles = set()
    for mail in a["E-Mail"].dropna():
        match = FICTIONAL_MAIL.fullmatch(mail)
        assert match, mail
        roles.add(match[1])
    assert not {r for r in roles if "." in r or r in {"vorname", "nachname"}}   # function addresses, no names
    for site in a["Website"].dropna():
        assert site in NATIONAL_SITES or FICTIONAL_SITE.fullmatch(site), site
    national = a[a["Telefon"].isin(NATIONAL_PHONES)]
    assert set(national["Wegweiser-Kapitel"]) == {"Notrufe"} and national["E-Mail"].isna().all()
    for contact in demo.akteure["Kontakt"]:
        assert re.search(r"Telefon 03609 \d{3}-\d{1,3}; [a-z-]+@[a-z-]+\.beispiel-musterland\.de$", contact), contact


# --- round trip and stable bytes ------------------------------------------------------------------

def test_round_trip_keeps_every_stage_2_cell_and_the_translation_columns(demo, tmp_path):
    copy = plan.save_plan(demo, tmp_path / "planung.xlsx")
    again = plan.load_plan(copy)
    for key in STAGE_2:
        pd.testing.assert_frame_equal(getattr(again, key), getattr(demo, key), obj=key)
    assert list(again.angebote.columns[-6:]) == list(bestand.TRANSLATIONS)


def _book(created: str) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Angebot"
    raw = io.BytesIO()
    book.save(raw)
    source, out = zipfile.ZipFile(raw), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:\w+[^>]*>)[^<]*", rb"\g<1>" + created.encode(), data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2001, 2, 3, 4, 5, 6)), data)
    return out.getvalue()


def test_pinned_save_time_makes_the_same_cells_the_same_bytes(tmp_path):
    """Two saves of the same cells at different times (document properties and zip dates) pin to equal bytes."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(_book("2024-01-01T10:00:00Z"))
    second.write_bytes(_book("2026-12-03T16:45:12Z"))
    assert first.read_bytes() != second.read_bytes()
    for path in (first, second):
        demo_plan.pin_save_time(path)
    assert first.read_bytes() == second.read_bytes()
    assert openpyxl.load_workbook(first).active["A1"].value == "Angebot"


def test_committed_workbook_carries_the_pinned_save_time():
    with zipfile.ZipFile(COMMITTED) as book:
        assert {info.date_time for info in book.infolist()} == {demo_plan.SAVED}
        core = book.read("docProps/core.xml").decode()
    assert core.count("2026-06-30T00:00:00Z") == 2


def test_the_generator_writes_the_committed_workbook_byte_for_byte(tmp_path):
    """`python -m toolkit.demo` is deterministic down to the bytes, and the committed planung.xlsx is its output
    (a change of content or formatting without regenerating the demo shows here)."""
    fresh = demo_plan.generate(tmp_path / demo_plan.FILE_NAME)
    assert fresh.read_bytes() == COMMITTED.read_bytes()
