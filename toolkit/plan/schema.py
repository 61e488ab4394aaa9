"""The planning workbook's sheets and columns (German headers, kinds, validation lists), `Plan` and `Problem`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

EBENEN = ("Leitziel", "Mittlerziel", "Handlungsziel")
FINANZIERUNG = ("Haushalt", "Land/ThILIK", "Bund", "ESF", "Drittmittel", "Sonstige")
PRIORITAET = ("Schwerpunkt", "Quick Win")
STATUS = ("nicht begonnen", "in Vorbereitung", "begonnen", "fortlaufend", "abgeschlossen", "entfallen")
AMPEL = ("grün", "gelb", "rot", "grau")
#: Stage 5. Which way an indicator improves; „beschreibend“: neither, a goal's target says which way it should go.
RICHTUNG = ("höher ist besser", "niedriger ist besser", "beschreibend")
#: The catalogue's `direction` of an indicator as the sheet „Indikatoren“ writes it.
RICHTUNG_OF = dict(zip(("higher", "lower", "none"), RICHTUNG))
JA_NEIN = ("ja", "nein")
#: Stage 2's target groups: what an offer's „Zielgruppe(n)“ names and what the needs from the stage-1 data count.
ZIELGRUPPEN = ("alle Zugewanderten", "Kinder unter 6", "Kinder und Jugendliche 6–17", "Erwachsene 18–64",
               "Ältere ab 65", "Frauen", "Arbeitslose", "Geflüchtete (AsylbLG)")
#: Stage 2. Who may use an offer by residence status (federal rules change it, hence its own column).
ZUGANG = ("offen für alle", "nur mit Aufenthaltserlaubnis", "nicht für Gestattung/Duldung", "nur EU-Bürger*innen",
          "nur Ukraine §24", "eingeschränkt (siehe Beschreibung)")
#: The Integrationswegweiser's chapters, by life situation.
KAPITEL = ("Ankommen und Behörden", "Sprache", "Arbeit", "Wohnen", "Kinder und Schule", "Gesundheit", "Beratung",
           "Begegnung und Freizeit", "Notrufe")
SEKTOREN = ("Verwaltung", "Jobcenter/Agentur", "Wohlfahrtsverband", "Migrant*innenorganisation", "Bildung",
            "Gesundheit", "Wohnen", "Kirche/Religion", "Ehrenamt/Verein", "Wirtschaft", "Politik", "Zugewanderte")
GREMIUM_TYPEN = ("Steuerungsgruppe", "Arbeitskreis", "Integrationsbeirat", "Runder Tisch", "Netzwerk", "Sonstiges")
ROLLEN = ("Leitung", "Mitglied", "Gast")
BETEILIGUNG_FORMATE = ("Konferenz", "Workshop", "Befragung", "AK-Sitzung", "Bürgerdialog", "Sonstiges")
#: PHINEO Wirkungstreppe: Output 1–3, Outcome 4–6, Impact 7.
WIRKUNGSTREPPE = {1: "Aktivitäten finden wie geplant statt", 2: "Zielgruppen werden erreicht",
                  3: "Zielgruppen akzeptieren Angebote", 4: "Bewusstsein/Fähigkeiten ändern sich",
                  5: "Handeln ändert sich", 6: "Lebenslage ändert sich", 7: "Gesellschaft ändert sich"}
#: Handlungsfelder of published Thuringian concepts; None: those of the indicator catalogue (Eisenach's).
TEMPLATES = {
    "eisenach": None,
    "schmalkalden-meiningen": ("Arbeitsmarkt/Wirtschaft", "Wohnen", "Integration/Migration",
                               "Infrastruktur/Ländlicher Raum", "Gesundheit", "Bildung/Schule",
                               "Kinder und Familie"),
}
#: Rows of the Excel validation ranges (a plan rarely has more than a few hundred rows).
MAX_ROWS = 2000
DATE_FORMAT = "DD.MM.YYYY"
NEUTRALISE = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column of a plan sheet. kind: text, id, date, amount (number ≥ 0), number, whole
    (integer within `bounds`), choice (one of `choices`) or ref (the list named in `choices`)."""
    header: str
    width: int = 18
    kind: str = "text"
    choices: tuple = ()
    bounds: tuple[int, int] = (0, 0)
    required: bool = False
    added: bool = False     # came after the first course version: a workbook without it reads it empty, and
                            # its next save adds it, formatted, at the end of the sheet


@dataclass(frozen=True)
class Sheet:
    """One plan sheet; an `optional` sheet (added after the first course version) may be missing from a
    workbook: it reads as empty and is added, formatted, on the workbook's next save."""
    title: str
    columns: tuple[Column, ...]
    optional: bool = False

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


HF_REF, GOAL_REF, INDICATOR_REF = ("Handlungsfelder", "B"), ("Ziele", "A"), ("Indikatoren", "A")
MEASURE_REF = ("Maßnahmen", "A")
ACTOR_REF, GREMIUM_REF = ("Akteure", "A"), ("Gremien", "A")
SHEETS = {
    "handlungsfelder": Sheet("Handlungsfelder", (
        Column("ID", 8, "id"), Column("Handlungsfeld", 55, required=True), Column("Beschreibung", 60))),
    "ziele": Sheet("Ziele", (
        Column("ID", 10, "id"), Column("Ebene", 15, "choice", EBENEN, required=True),
        Column("Übergeordnetes Ziel", 12, "ref", GOAL_REF), Column("Handlungsfeld", 35, "ref", HF_REF, required=True),
        Column("Zieltext", 60, required=True), Column("Zielgruppe", 25),
        Column("Indikator", 25, "ref", INDICATOR_REF), Column("Basisjahr", 10, "whole", bounds=(1990, 2100)),
        Column("Basiswert", 11, "number"), Column("Zielwert", 11, "number"), Column("Zieldatum", 12, "date"),
        Column("Bedarf/Begründung", 50))),
    "indikatoren": Sheet("Indikatoren", (
        Column("ID", 28, "id"), Column("Bezeichnung", 55, required=True), Column("Einheit", 18),
        Column("Handlungsfeld", 40), Column("Richtung", 20, "choice", RICHTUNG, added=True))),
    "massnahmen": Sheet("Maßnahmen", (
        Column("ID", 10, "id"), Column("Handlungsfeld", 35, "ref", HF_REF, required=True),
        Column("Ziel-ID(s)", 12, required=True), Column("Titel", 40, required=True), Column("Beschreibung", 60),
        Column("Zielgruppe(n)", 25), Column("Federführung", 25), Column("Kooperationspartner", 30),
        Column("Beginn", 12, "date"), Column("Ende", 12, "date"), Column("Meilensteine", 40),
        Column("Personal (VZÄ)", 10, "amount"), Column("Sachkosten (€)", 12, "amount"),
        Column("Finanzierung", 15, "choice", FINANZIERUNG), Column("Priorität", 13, "choice", PRIORITAET),
        Column("Wirkungsebene", 10, "whole", bounds=(1, 7)), Column("Indikator", 25, "ref", INDICATOR_REF),
        Column("Status", 16, "choice", STATUS), Column("Begründung", 50))),
    # stage 5: the Sachstand log (dated rows, never overwritten; replaces the first version's „Status“ sheet, see
    # `workbook.OLD_STATUS`) and the plan's Fassung (version, validity) for the Fortschreibung
    "sachstand": Sheet("Sachstand", (
        Column("Datum", 12, "date", required=True), Column("Maßnahme-ID", 12, "ref", MEASURE_REF, required=True),
        Column("Status", 16, "choice", STATUS), Column("Fortschritt (%)", 11, "whole", bounds=(0, 100)),
        Column("Sachstand", 60), Column("Nächster Schritt", 40), Column("Ampel", 8, "choice", AMPEL),
        Column("Ampel-Begründung", 40), Column("Gemeldet von", 25), Column("Quelle", 25)), optional=True),
    "fassung": Sheet("Fassung", (
        Column("Version", 8, "whole", bounds=(1, 999), required=True), Column("Gültig ab", 12, "date"),
        Column("Gültig bis", 12, "date"), Column("Erstellt am", 12, "date"), Column("Vorgängerfassung", 40),
        Column("Beschluss", 40)), optional=True),
    # stage 2: offers, actors, Gremien, participation, Sozialräume
    "angebote": Sheet("Angebote", (
        Column("ID", 10, "id"), Column("Titel", 40, required=True), Column("Beschreibung", 60),
        Column("Träger", 30), Column("Handlungsfeld", 35, "ref", HF_REF), Column("Zielgruppe(n)", 30),
        Column("Sprache(n)", 25), Column("Wegweiser-Kapitel", 22, "choice", KAPITEL), Column("Gemeinde (AGS)", 12),
        Column("Adresse", 35), Column("aufsuchend/mobil", 10, "choice", JA_NEIN),
        Column("Erreichbarkeit (ÖPNV-Minuten)", 14), Column("Kosten für Teilnehmende", 18),
        Column("Kinderbetreuung", 10, "choice", JA_NEIN), Column("Zugang nach Aufenthaltsstatus", 28, "choice", ZUGANG),
        Column("Kapazität (Plätze)", 10, "whole", bounds=(0, 1_000_000)), Column("Auslastung/Nutzung", 18),
        Column("Laufzeit", 16), Column("Finanzierung", 15, "choice", FINANZIERUNG), Column("Kontakt", 35),
        Column("Telefon", 18), Column("E-Mail", 28), Column("Website", 28), Column("Stand", 12, "date"),
        Column("veröffentlichen", 10, "choice", JA_NEIN)), optional=True),
    "akteure": Sheet("Akteure", (
        Column("ID", 10, "id"), Column("Name", 45, required=True), Column("Sektor", 24, "choice", SEKTOREN),
        Column("Handlungsfelder", 35), Column("Gemeinde (AGS)", 12), Column("Kontakt", 35)), optional=True),
    "gremien": Sheet("Gremien", (
        Column("ID", 10, "id"), Column("Name", 45, required=True), Column("Typ", 18, "choice", GREMIUM_TYPEN),
        Column("Turnus", 16), Column("Handlungsfelder", 35), Column("Leitung", 12, "ref", ACTOR_REF)),
        optional=True),
    "mitgliedschaften": Sheet("Mitgliedschaften", (
        Column("Gremium-ID", 12, "ref", GREMIUM_REF, required=True),
        Column("Akteur-ID", 12, "ref", ACTOR_REF, required=True), Column("Rolle", 12, "choice", ROLLEN)),
        optional=True),
    "beteiligung": Sheet("Beteiligung", (
        Column("ID", 10, "id"), Column("Datum", 12, "date", required=True),
        Column("Format", 16, "choice", BETEILIGUNG_FORMATE, required=True), Column("Titel", 40),
        Column("Teilnehmende (Zahl)", 12, "whole", bounds=(0, 1_000_000)), Column("Beteiligte Gruppen", 40),
        Column("Zugewanderte beteiligt", 12, "choice", JA_NEIN), Column("Ergebnis", 60),
        Column("Bedarfe/Ziele", 25)), optional=True),
    "sozialraeume": Sheet("Sozialräume", (
        Column("Gemeinde (AGS)", 12, required=True), Column("Gemeinde", 35), Column("Sozialraum", 25, required=True),
        Column("ÖPNV-Minuten zur Kreisstadt", 14, "amount")),
        optional=True),
}
PROMPTS = {"Wirkungsebene": "PHINEO Wirkungstreppe – " + "; ".join(f"{k} {v}" for k, v in WIRKUNGSTREPPE.items()),
           "Ziel-ID(s)": "Eine oder mehrere Ziel-IDs aus dem Blatt „Ziele“, getrennt durch Komma.",
           "Zielgruppe(n)": "Eine oder mehrere Zielgruppen, getrennt durch Komma; in der Bestandsanalyse zählen: "
                            + ", ".join(ZIELGRUPPEN) + ".",
           "Sprache(n)": "Sprachen des Angebots, getrennt durch Komma, z. B. Deutsch, Arabisch, Ukrainisch.",
           "Gemeinde (AGS)": "Der achtstellige Gemeindeschlüssel, z. B. 16063001.",
           "Erreichbarkeit (ÖPNV-Minuten)": "Minuten mit Bus und Bahn von der Kreisstadt, oder ein kurzer Text.",
           "ÖPNV-Minuten zur Kreisstadt": "Fahrzeit mit Bus und Bahn von der Gemeinde zur Kreisstadt; die "
                                          "Bestandsanalyse rechnet damit, welche Angebote erreichbar sind.",
           "Handlungsfelder": "Ein oder mehrere Handlungsfelder, getrennt durch Komma.",
           "Kontakt": "Nur Organisationen, keine Privatpersonen.",
           "Bedarfe/Ziele": "IDs von Lücken (Bestandsanalyse) oder Zielen, getrennt durch Komma.",
           "Richtung": "Was ein Fortschritt ist: höher ist besser (z. B. Beschäftigungsquote), niedriger ist besser "
                       "(z. B. Arbeitslosenquote), beschreibend (der Zielwert sagt, wohin es gehen soll).",
           "Ampel": "Nur ausfüllen, um die berechnete Ampel zu überstimmen; dann die Ampel-Begründung angeben.",
           "Fortschritt (%)": "Wie weit die Maßnahme umgesetzt ist, 0 bis 100."}


def empty(key: str) -> pd.DataFrame:
    """An empty table of the sheet `key`, as a missing optional sheet reads."""
    return pd.DataFrame([], columns=SHEETS[key].headers, index=[], dtype=object)


@dataclass
class Plan:
    """The workbook's sheets as DataFrames (object columns, empty cells None, index = Excel row); `extra`
    holds the user's own sheets (columns without a header named by their letter), `source` the file read."""
    handlungsfelder: pd.DataFrame
    ziele: pd.DataFrame
    indikatoren: pd.DataFrame
    massnahmen: pd.DataFrame
    sachstand: pd.DataFrame = field(default_factory=lambda: empty("sachstand"))
    fassung: pd.DataFrame = field(default_factory=lambda: empty("fassung"))
    angebote: pd.DataFrame = field(default_factory=lambda: empty("angebote"))
    akteure: pd.DataFrame = field(default_factory=lambda: empty("akteure"))
    gremien: pd.DataFrame = field(default_factory=lambda: empty("gremien"))
    mitgliedschaften: pd.DataFrame = field(default_factory=lambda: empty("mitgliedschaften"))
    beteiligung: pd.DataFrame = field(default_factory=lambda: empty("beteiligung"))
    sozialraeume: pd.DataFrame = field(default_factory=lambda: empty("sozialraeume"))
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: Path | None = None


@dataclass(frozen=True)
class Problem:
    """One finding of `check_plan`; `row` is the Excel row number, `column` the German header."""
    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = [f"Blatt „{self.sheet}“"] + [f"Zeile {self.row}"] * bool(self.row) \
            + [f"Spalte „{self.column}“"] * bool(self.column)
        return f"{'Fehler' if self.severity == 'error' else 'Hinweis'} – {', '.join(where)}: {self.message}"
