"""Stage 2's sheets of the demo plan: Sozialräume, Akteure, Gremien, Mitgliedschaften, Angebote, Beteiligung.

The content lives in `bestand.yaml` beside this module (short forms explained at its top); `tables()` turns it
into the sheets' DataFrames (index = Excel row, as `plan.load_plan` gives them), with the Handlungsfeld names of
the Eisenach template, full addresses, organisational phone numbers, e-mail addresses and websites, and the
translation columns (Titel, Beschreibung and Kosten für Teilnehmende in Ukrainian and Arabic: `TRANSLATIONS`) after
the sheet's own columns.
`toolkit.demo.plan.generate` writes them into planung.xlsx; `readme_section()` describes them and the
deliberate findings for the data folder's README.

The deliberate findings (`FINDINGS`, made true by the data and checked in tests/demo/test_bestand.py):
no language course with childcare reachable from the Süden; no health offer in Arabic; two Arbeitskreise
with nearly the same members; no migrant organisation in any Gremium.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pandas as pd
import yaml

from toolkit import plan
from toolkit.demo.figures import GEMEINDEN, KREISSTADT

CONTENT = Path(__file__).with_name("bestand.yaml")
TEMPLATE = "eisenach"
DISTRICT = KREISSTADT[:5]
#: The translated columns the demo fills (language codes of `toolkit.bestandsanalyse.languages`).
TRANSLATIONS = ("Titel_uk", "Beschreibung_uk", "Kosten für Teilnehmende_uk", "Titel_ar", "Beschreibung_ar",
                "Kosten für Teilnehmende_ar")
LANGUAGES = ("uk", "ar")
#: The reachability limit the findings are stated for (minutes by bus and train, as the shared rule's default).
LIMIT = 60
#: The Sozialraum without reachable language course with childcare, and the gap IDs it gives (stage 3 cites them).
SOUTH = "Süd"
GAP_IDS = ("L-HF3-F-Sued", "L-HF3-U6-Sued")
#: The gap of the missing Arabic health offers the plan cites (Kreisstadt, all immigrants; a language gap).
HEALTH_GAP = "L-HF8-ALLE-Musterstadt"
#: The two Arbeitskreise with nearly the same members.
TWINS = ("GRE2", "GRE3")


@functools.cache
def content() -> dict:
    """The stage-2 content as read from `bestand.yaml`."""
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def ags(number: int) -> str:
    """The 8-digit AGS of Gemeinde `number` (15 → 16099015)."""
    return f"{DISTRICT}{number:03d}"


def gemeinde_names() -> dict[str, str]:
    """AGS → the Gemeinde's name without „, Stadt“."""
    return {ags(int(n)): name.split(",")[0] for n, name, *_ in GEMEINDEN}


def fields() -> dict[str, str]:
    """HF1 … HF9 → the Handlungsfeld's name in the Eisenach template."""
    return {f"HF{i}": name for i, name in enumerate(plan.handlungsfelder_from(TEMPLATE), 1)}


def tables() -> dict[str, pd.DataFrame]:
    """The six stage-2 sheets of the demo plan, keyed like `plan.Plan`'s attributes."""
    return {"sozialraeume": _sozialraeume(), "akteure": _akteure(), "gremien": _gremien(),
            "mitgliedschaften": _mitgliedschaften(), "angebote": _angebote(), "beteiligung": _beteiligung()}


def add_to(p: plan.Plan) -> plan.Plan:
    """`p` with the stage-2 sheets of the demo filled in (the sheets it had are replaced)."""
    for key, table in tables().items():
        setattr(p, key, table)
    return p


# --- the sheets -----------------------------------------------------------------------------------

def _frame(rows: list[dict], sheet: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    headers = plan.SHEETS[sheet].headers + list(extra)
    unknown = {key for row in rows for key in row} - set(headers)
    if unknown:
        raise ValueError(f"{CONTENT.name}: unknown keys for sheet {sheet}: {sorted(unknown)}")
    return pd.DataFrame([[row.get(h) for h in headers] for row in rows], columns=headers,
                        index=range(2, 2 + len(rows)), dtype=object)


def minutes() -> dict[str, int]:
    """AGS → ÖPNV minutes to the Kreisstadt."""
    return {ags(n): m for towns in content()["sozialraeume"].values() for n, m in towns.items()}


def sozialraum() -> dict[str, str]:
    """AGS → Sozialraum."""
    return {ags(n): room for room, towns in content()["sozialraeume"].items() for n in towns}


def _sozialraeume() -> pd.DataFrame:
    names, rooms, times = gemeinde_names(), sozialraum(), minutes()
    rows = [{"Gemeinde (AGS)": code, "Gemeinde": names[code], "Sozialraum": rooms[code],
             "ÖPNV-Minuten zur Kreisstadt": times[code]} for code in sorted(names)]
    return _frame(rows, "sozialraeume")


def _actors() -> dict[str, dict]:
    """Actor ID → its row values and its contact parts (slug, phone, address)."""
    c = content()
    out = {}
    for ident, name, sector, hf, number, slug, phone, street in c["akteure"]:
        out[ident] = {"ID": ident, "Name": name, "Sektor": sector, "Handlungsfelder": hf,
                      "Gemeinde (AGS)": ags(number), "number": number, "slug": slug,
                      "phone": f"{c['vorwahl']} {phone}", "street": street}
    return out


def _email(role: str, slug: str) -> str:
    return f"{role}@{slug}.{content()['domain']}"


def _website(slug: str) -> str:
    return f"www.{slug}.{content()['domain']}"


def _address(street: str | None, number: int | None) -> str | None:
    if not street or number is None:
        return None
    postcode = content()["postleitzahl"].format(nummer=number)
    return f"{street}, {postcode} {gemeinde_names()[ags(number)]}"


def _akteure() -> pd.DataFrame:
    rows = [{**{k: a[k] for k in ("ID", "Name", "Sektor", "Handlungsfelder", "Gemeinde (AGS)")},
             "Kontakt": f"{_address(a['street'], a['number'])}; Telefon {a['phone']}; "
                        f"{_email('info', a['slug'])}"}
            for a in _actors().values()]
    return _frame(rows, "akteure")


def _gremien() -> pd.DataFrame:
    rows = [{"ID": g["ID"], "Name": g["Name"], "Typ": g["Typ"], "Turnus": g["Turnus"],
             "Handlungsfelder": g["Handlungsfelder"], "Leitung": g["Leitung"]} for g in content()["gremien"]]
    return _frame(rows, "gremien")


def _mitgliedschaften() -> pd.DataFrame:
    rows = []
    for g in content()["gremien"]:
        rows.append({"Gremium-ID": g["ID"], "Akteur-ID": g["Leitung"], "Rolle": "Leitung"})
        rows += [{"Gremium-ID": g["ID"], "Akteur-ID": a, "Rolle": "Mitglied"} for a in g["Mitglieder"]]
        rows += [{"Gremium-ID": g["ID"], "Akteur-ID": a, "Rolle": "Gast"} for a in g.get("Gäste", [])]
    return _frame(rows, "mitgliedschaften")


def _beteiligung() -> pd.DataFrame:
    rows = [{"ID": f"BET{i}", **event} for i, event in enumerate(content()["beteiligung"], 1)]
    return _frame(rows, "beteiligung")


def _angebote() -> pd.DataFrame:
    c, actors, names, times = content(), _actors(), fields(), minutes()
    rows = []
    for i, entry in enumerate(c["angebote"], 1):
        row = {"ID": f"ANG{i:02d}", **c["standard"], "Stand": c["stand"], **entry}
        number = row.pop("Gemeinde", None)
        row["Gemeinde (AGS)"] = ags(number) if number is not None else None
        row["Adresse"] = _address(row.get("Adresse"), number)
        if row.get("Handlungsfeld"):
            row["Handlungsfeld"] = names[row["Handlungsfeld"]]
        if "Erreichbarkeit (ÖPNV-Minuten)" not in row and number is not None:
            code = ags(number)
            row["Erreichbarkeit (ÖPNV-Minuten)"] = c["minuten_kreisstadt"] if code == KREISSTADT else times[code]
        actor = actors.get(row["Träger"])
        if actor:
            row["Träger"] = actor["Name"]
            row.setdefault("Kontakt", actor["Name"])
            row["Telefon"] = _phone(actor, row.get("Telefon"))
            row["E-Mail"] = _email(row.get("E-Mail", "info"), actor["slug"])
            row.setdefault("Website", _website(actor["slug"]))
        else:
            row.setdefault("Kontakt", row["Träger"])
        for k, lang in enumerate(LANGUAGES):
            if row.get(f"Titel_{lang}"):
                row[f"Kosten für Teilnehmende_{lang}"] = c["kosten"][row["Kosten für Teilnehmende"]][k]
        rows.append(row)
    return _frame(rows, "angebote", TRANSLATIONS)


def _phone(actor: dict, given: str | None) -> str:
    """The actor's number, another extension of it („31“), or another number of the actor („820-330“)."""
    if not given:
        return actor["phone"]
    given = str(given)
    if "-" in given:
        return f"{content()['vorwahl']} {given}"
    return re.sub(r"-\d+$", f"-{given}", actor["phone"])


# --- the findings ---------------------------------------------------------------------------------

def reaches(town: str, offer: pd.Series, times: dict[str, int], limit: int = LIMIT) -> bool:
    """The shared reachability rule: the offer is in `town`, or aufsuchend/mobil, or the town's minutes to the
    Kreisstadt plus the offer's minutes from there (a number; free text is unknown) stay within `limit`."""
    if offer["Gemeinde (AGS)"] == town or offer["aufsuchend/mobil"] == "ja":
        return True
    away = offer["Erreichbarkeit (ÖPNV-Minuten)"]
    return isinstance(away, (int, float)) and town in times and times[town] + away <= limit


def language_courses_with_childcare(offers: pd.DataFrame) -> pd.DataFrame:
    """Offers of the chapter „Sprache“ or the Handlungsfeld „Spracherwerb und Bildung“ with Kinderbetreuung."""
    language = (offers["Wegweiser-Kapitel"] == "Sprache") | (offers["Handlungsfeld"] == fields()["HF3"])
    return offers[language & (offers["Kinderbetreuung"] == "ja")]


def health_offers(offers: pd.DataFrame) -> pd.DataFrame:
    """Offers of the Handlungsfeld „Gesundheit und Prävention“ or the chapter „Gesundheit“."""
    return offers[(offers["Handlungsfeld"] == fields()["HF8"]) | (offers["Wegweiser-Kapitel"] == "Gesundheit")]


def overlap(memberships: pd.DataFrame, first: str, second: str) -> tuple[set, set]:
    """The members two Gremien share, and all members of either."""
    members = {g: set(memberships.loc[memberships["Gremium-ID"] == g, "Akteur-ID"]) for g in (first, second)}
    return members[first] & members[second], members[first] | members[second]


def readme_section() -> str:
    """The README section on stage 2's sheets and the deliberate findings (Markdown, German; ends with a blank
    line before the next section)."""
    t = tables()
    offers, actors, boards, members = t["angebote"], t["akteure"], t["gremien"], t["mitgliedschaften"]
    room_lines = "\n".join(f"  | {room} | {len(towns)} | {min(towns.values())}–{max(towns.values())} |"
                           for room, towns in content()["sozialraeume"].items())
    courses = language_courses_with_childcare(offers)
    names = gemeinde_names()
    course_lines = "\n".join(
        f"   | {row['ID']} | {row['Titel']} | {names[row['Gemeinde (AGS)']]} | {row['Erreichbarkeit (ÖPNV-Minuten)']} |"
        for _, row in courses.iterrows())
    south = t["sozialraeume"][t["sozialraeume"]["Sozialraum"] == SOUTH]["ÖPNV-Minuten zur Kreisstadt"]
    shared, union = overlap(members, *TWINS)
    board_names = dict(zip(boards["ID"], boards["Name"], strict=True))
    organisations = actors[actors["Sektor"] == "Migrant*innenorganisation"]
    seated = set(members["Akteur-ID"])
    isolated = actors[~actors["ID"].isin(seated)]
    others = isolated[isolated["Sektor"] != "Migrant*innenorganisation"]
    translated = offers[offers["veröffentlichen"] == "ja"]
    stand = content()["stand"]
    return content()["readme"].format(
        angebote=len(offers), veroeffentlicht=len(translated), nicht=int((offers["veröffentlichen"] == "nein").sum()),
        uk=int(translated["Titel_uk"].notna().sum()), ar=int(translated["Titel_ar"].notna().sum()),
        ohne=int((translated["Titel_uk"].isna() & translated["Titel_ar"].isna()).sum()),
        akteure=len(actors), sektoren=actors["Sektor"].nunique(), gremien=len(boards),
        mitgliedschaften=len(members), beteiligung=len(t["beteiligung"]),
        zugewanderte=int((t["beteiligung"]["Zugewanderte beteiligt"] == "ja").sum()),
        sozialraeume=room_lines, stand=f"{stand:%d.%m.%Y}" if isinstance(stand, dt.date) else stand,
        kurse=course_lines, sued_min=south.min(), sued_max=south.max(),
        kurs_min=min(v for v in courses["Erreichbarkeit (ÖPNV-Minuten)"]), limit=LIMIT,
        gesundheit=len(health_offers(offers)), gesundheit_luecke=HEALTH_GAP,
        ak1=board_names[TWINS[0]], ak2=board_names[TWINS[1]],
        gemeinsam=len(shared), zusammen=len(union),
        mo=", ".join(organisations["Name"]), mo_zahl=len(organisations),
        andere=", ".join(others["Name"]), luecken=", ".join(f"`{g}`" for g in GAP_IDS)) + "\n"
