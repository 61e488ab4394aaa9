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


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


HF_REF, GOAL_REF, INDICATOR_REF = ("Handlungsfelder", "B"), ("Ziele", "A"), ("Indikatoren", "A")
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
        Column("Handlungsfeld", 40))),
    "massnahmen": Sheet("Maßnahmen", (
        Column("ID", 10, "id"), Column("Handlungsfeld", 35, "ref", HF_REF, required=True),
        Column("Ziel-ID(s)", 12, required=True), Column("Titel", 40, required=True), Column("Beschreibung", 60),
        Column("Zielgruppe(n)", 25), Column("Federführung", 25), Column("Kooperationspartner", 30),
        Column("Beginn", 12, "date"), Column("Ende", 12, "date"), Column("Meilensteine", 40),
        Column("Personal (VZÄ)", 10, "amount"), Column("Sachkosten (€)", 12, "amount"),
        Column("Finanzierung", 15, "choice", FINANZIERUNG), Column("Priorität", 13, "choice", PRIORITAET),
        Column("Wirkungsebene", 10, "whole", bounds=(1, 7)), Column("Indikator", 25, "ref", INDICATOR_REF),
        Column("Status", 16, "choice", STATUS), Column("Begründung", 50))),
    "status": Sheet("Status", (
        Column("Stichtag", 12, "date", required=True), Column("Ziel-/Maßnahmen-ID", 12, required=True),
        Column("Status", 16, "choice", STATUS), Column("Ampel", 8, "choice", AMPEL), Column("Istwert", 10, "number"),
        Column("Bemerkung", 50))),
}
PROMPTS = {"Wirkungsebene": "PHINEO Wirkungstreppe – " + "; ".join(f"{k} {v}" for k, v in WIRKUNGSTREPPE.items()),
           "Ziel-ID(s)": "Eine oder mehrere Ziel-IDs aus dem Blatt „Ziele“, getrennt durch Komma."}


@dataclass
class Plan:
    """The workbook's sheets as DataFrames (object columns, empty cells None, index = Excel row); `extra`
    holds the user's own sheets (columns without a header named by their letter), `source` the file read."""
    handlungsfelder: pd.DataFrame
    ziele: pd.DataFrame
    indikatoren: pd.DataFrame
    massnahmen: pd.DataFrame
    status: pd.DataFrame
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
