"""Module 4 Maßnahmenplanung: checks, catalogue, Gantt, budget, justification chain and the exports."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import docx
import openpyxl
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from matplotlib import dates as mdates

from toolkit import massnahmenplanung, plan
from toolkit.cli import main
from toolkit.config import DEMO_DATA_DIR
from toolkit.errors import UserError
from toolkit.massnahmenplanung import chains

F3, F6 = "Spracherwerb und Bildung", "Soziale Integration und Teilhabe"
TITLE_XSS = "<script>alert(1)</script> & Co"
GOALS = [
    {"ID": "LZ3", "Ebene": "Leitziel", "Handlungsfeld": F3, "Zieltext": "Alle Kinder lernen gut Deutsch."},
    {"ID": "MZ3.1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ3", "Handlungsfeld": F3,
     "Zieltext": "Mehr Kinder mit Migrationsgeschichte besuchen eine Kita."},
    {"ID": "HZ3.1.1", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "MZ3.1", "Handlungsfeld": F3,
     "Zieltext": "Die Kita-Quote ausländischer Kinder steigt bis Ende 2028 auf 60 %.",
     "Indikator": "kita_quote_herkunft", "Basisjahr": 2023, "Basiswert": 41.5, "Zielwert": 60,
     "Zieldatum": dt.date(2028, 12, 31),
     "Bedarf/Begründung": "Nur 41,5 % der ausländischen Kinder gehen in eine Kita."},
    {"ID": "LZ6", "Ebene": "Leitziel", "Handlungsfeld": F6, "Zieltext": "Alle können mitreden."},
    {"ID": "MZ6.1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ6", "Handlungsfeld": F6,
     "Zieltext": "Zugewanderte sind in Gremien vertreten."},
    {"ID": "HZ6.1.1", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "MZ6.1", "Handlungsfeld": F6,
     "Zieltext": "Ein Integrationsbeirat tagt ab 2027 viermal im Jahr.", "Indikator": "auslaender_anzahl",
     "Basisjahr": 2024, "Basiswert": 2, "Zielwert": 4, "Zieldatum": dt.date(2027, 12, 31),
     "Bedarf/Begründung": "Im Kreistag sitzt niemand mit eigener Zuwanderung."},
]
MEASURES = [
    {"ID": "HF3-M1", "Handlungsfeld": F3, "Ziel-ID(s)": "HZ3.1.1", "Titel": "Kita-Lotsinnen",
     "Beschreibung": "Lotsinnen begleiten Familien zur Anmeldung.", "Zielgruppe(n)": "Eltern",
     "Federführung": "Jugendamt", "Kooperationspartner": "Kita-Träger, VHS",
     "Beginn": dt.date(2026, 10, 1), "Ende": dt.date(2027, 3, 31),
     "Meilensteine": "10/2026 Auftakt; 15.01.2027 Fachtag",
     "Personal (VZÄ)": 0.5, "Sachkosten (€)": 18200, "Finanzierung": "ESF", "Priorität": "Schwerpunkt",
     "Wirkungsebene": 4, "Indikator": "kita_quote_herkunft", "Status": "begonnen",
     "Begründung": "Familien kennen das Anmeldeverfahren nicht."},
    {"ID": "HF3-M2", "Handlungsfeld": F3, "Ziel-ID(s)": "HZ3.1.1", "Titel": "Sprachkita-Fachtag",
     "Beginn": dt.date(2026, 1, 1), "Ende": dt.date(2026, 12, 31), "Sachkosten (€)": 10000,
     "Finanzierung": "Haushalt", "Priorität": "Quick Win", "Wirkungsebene": 1, "Status": "nicht begonnen",
     "Begründung": "Fachkräfte tauschen sich aus."},
    {"ID": "HF6-M1", "Handlungsfeld": F6, "Ziel-ID(s)": "HZ6.1.1", "Titel": TITLE_XSS,
     "Federführung": "=SUMME(A1)", "Zielgruppe(n)": "-Jugendliche", "Sachkosten (€)": 500, "Finanzierung": "Bund",
     "Priorität": "Quick Win", "Wirkungsebene": 2, "Status": "in Vorbereitung", "Begründung": "Beteiligung stärkt."},
]
CATALOGUE_HEADERS = ["ID", "Maßnahme", "Ziel(e)", "Zielgruppe(n)", "Federführung / Partner", "Zeitraum",
                     "Personal (VZÄ)", "Sachkosten", "Finanzierung", "Priorität", "Wirkungsebene", "Indikator",
                     "Status"]


def frame(columns, records: list[dict]) -> pd.DataFrame:
    return plan.save._frame([[r.get(c) for c in columns] for r in records], list(columns))


@pytest.fixture
def good(tmp_path) -> plan.Plan:
    """A new Eisenach plan (`source` = its file) with two Handlungsfelder, a full goal chain in
    each and three measures (one undated)."""
    p = plan.load_plan(plan.new_plan(tmp_path / "planung.xlsx", "eisenach"))
    p.ziele, p.massnahmen = frame(p.ziele.columns, GOALS), frame(p.massnahmen.columns, MEASURES)
    return p


def found(p: plan.Plan) -> list[tuple]:
    return [(f.sheet, f.row, f.column, f.severity, f.message) for f in massnahmenplanung.problems(p)]


# --- validation -----------------------------------------------------------------------------------

def test_the_example_plan_has_no_measure_problems(good):
    assert found(good) == []
    assert plan.check_plan(good) == []


def test_problems_take_measure_findings_of_check_plan_and_add_their_own(good):
    good.ziele.loc[6, "Übergeordnetes Ziel"] = None       # a goal problem: not a measure problem
    good.massnahmen.loc[2, "Ende"] = None                   # Beginn without Ende
    good.massnahmen.loc[3, "Beginn"] = None                 # Ende without Beginn
    good.massnahmen.loc[3, "Ziel-ID(s)"] = "HZ3.1.1, LZ6"
    good.massnahmen.loc[3, "Meilensteine"] = "06/2026 Start; im Herbst Fachtag"
    good.massnahmen.loc[4, "Ziel-ID(s)"] = "HZ9"
    good.massnahmen.loc[4, "Finanzierung"] = None
    good.massnahmen.loc[4, "Sachkosten (€)"] = "viel"
    assert found(good) == [
        ("Ziele", 7, "ID", "error", "Keine Maßnahme dient diesem Handlungsziel; tragen Sie seine ID bei mindestens "
                                    "einer Maßnahme unter „Ziel-ID(s)“ ein."),
        ("Maßnahmen", 2, "Ende", "warning", "Das Ende fehlt; in Zeitplan und Budget steht die Maßnahme unter "
                                            "„ohne Zeitraum“."),
        ("Maßnahmen", 3, "Handlungsfeld", "warning", "Die Maßnahme steht im Handlungsfeld „Spracherwerb und "
                                                     "Bildung“, ihr Ziel „LZ6“ im Handlungsfeld „Soziale "
                                                     "Integration und Teilhabe“."),
        ("Maßnahmen", 3, "Beginn", "error", "Das Ende ist eingetragen, der Beginn fehlt."),
        ("Maßnahmen", 3, "Meilensteine", "warning", "„im Herbst Fachtag“ ist kein lesbarer Meilenstein; erwartet "
                                                    "wird MM/JJJJ Text, mehrere getrennt durch „;“, z. B. „03/2026 "
                                                    "Auftakt; 09/2026 Fachtag“."),
        ("Maßnahmen", 4, "Ziel-ID(s)", "error", "Ein Ziel „HZ9“ gibt es im Blatt „Ziele“ nicht."),
        ("Maßnahmen", 4, "Sachkosten (€)", "error", "„viel“ ist keine Zahl; tragen Sie eine Zahl ohne Einheit ein "
                                                    "(Formeln werden nicht ausgewertet)."),
    ]
    assert ("Ziele", 6, "Übergeordnetes Ziel", "warning", "Dieses Mittlerziel hängt an keinem Leitziel.") \
        in [(f.sheet, f.row, f.column, f.severity, f.message) for f in plan.check_plan(good)]


def test_costs_without_funding_and_funding_outside_the_list(good):
    good.massnahmen.loc[4, "Finanzierung"] = None
    good.massnahmen.loc[3, "Finanzierung"] = "Spenden"
    assert found(good) == [
        ("Maßnahmen", 3, "Finanzierung", "error", "„Spenden“ steht nicht in der Liste; erlaubt: Haushalt, "
                                                  "Land/ThILIK, Bund, ESF, Drittmittel, Sonstige."),
        ("Maßnahmen", 4, "Finanzierung", "warning", "Sachkosten ohne Finanzierung; wählen Sie eine "
                                                    "Finanzierungsquelle aus der Liste."),
    ]


# --- tables ---------------------------------------------------------------------------------------

def test_catalogue_table_in_german_display_form(good):
    table = massnahmenplanung.catalogue_table(good)
    assert list(table.columns) == ["ID", "Handlungsfeld"] + CATALOGUE_HEADERS[1:]
    assert list(table.index) == [2, 3, 4]
    assert table.loc[2].to_dict() == {
        "ID": "HF3-M1", "Handlungsfeld": F3,
        "Maßnahme": "Kita-Lotsinnen\nLotsinnen begleiten Familien zur Anmeldung.",
        "Ziel(e)": "HZ3.1.1 Die Kita-Quote ausländischer Kinder steigt bis Ende 2028 auf 60 %.",
        "Zielgruppe(n)": "Eltern", "Federführung / Partner": "Jugendamt\nPartner: Kita-Träger, VHS",
        "Zeitraum": "10/2026–03/2027", "Personal (VZÄ)": "0,5", "Sachkosten": "18.200\u00a0€",
        "Finanzierung": "ESF", "Priorität": "Schwerpunkt",
        "Wirkungsebene": "4 – Bewusstsein/Fähigkeiten ändern sich (Outcome)",
        "Indikator": "Kita-Kinder ausländischer Herkunft je 100 ausländische Kinder unter 6 Jahren",
        "Status": "begonnen"}
    assert table.loc[4, "Zeitraum"] == "ohne Zeitraum" and table.loc[4, "Personal (VZÄ)"] == "–"


def test_catalogue_of_one_field_by_name_or_id(good):
    by_id = massnahmenplanung.catalogue_table(good, "HF3")
    assert list(by_id.columns) == CATALOGUE_HEADERS
    assert list(by_id["ID"]) == ["HF3-M1", "HF3-M2"]
    assert by_id.equals(massnahmenplanung.catalogue_table(good, F3))
    with pytest.raises(UserError, match="Ein Handlungsfeld „Wohnen“ gibt es im Blatt „Handlungsfelder“ nicht."):
        massnahmenplanung.catalogue_table(good, "Wohnen")


@pytest.mark.parametrize("start, end, expected", [
    (dt.date(2026, 3, 1), None, "ab 03/2026"),
    (None, "31.12.2027", "bis 12/2027"),
    ("Frühjahr", None, "ab Frühjahr"),
    (None, None, "ohne Zeitraum"),
])
def test_timespan_of_incomplete_periods(good, start, end, expected):
    good.massnahmen.loc[2, ["Beginn", "Ende"]] = [start, end]
    assert massnahmenplanung.catalogue_table(good).loc[2, "Zeitraum"] == expected


def test_overview_counts_every_field_by_priority(good):
    table = massnahmenplanung.overview(good)
    assert list(table.columns) == ["Schwerpunkt", "Quick Win", "Summe"]
    assert len(table) == 10 and table.index[-1] == "Summe"
    assert table.loc[F3].tolist() == [1, 1, 2]
    assert table.loc[F6].tolist() == [0, 1, 1]
    assert table.loc["Gesundheit und Prävention"].tolist() == [0, 0, 0]
    assert table.loc["Summe"].tolist() == [1, 2, 3]


# --- budget ---------------------------------------------------------------------------------------

def test_budget_spreads_costs_and_staff_over_the_years_by_days(good):
    table = massnahmenplanung.budget(good)
    assert list(table.columns) == ["2026", "2027", "ohne Zeitraum", "Summe"]
    assert list(table.index) == ["Haushalt", "Bund", "ESF", "Summe Sachkosten (€)", "Personal (VZÄ-Jahre)"]
    # HF3-M1: 01.10.2026–31.03.2027 = 92 + 90 days, 18.200 € → 9.200 € and 9.000 €
    assert table.loc["ESF"].tolist() == [9200.0, 9000.0, 0.0, 18200.0]
    assert table.loc["Haushalt"].tolist() == [10000.0, 0.0, 0.0, 10000.0]
    assert table.loc["Bund"].tolist() == [0.0, 0.0, 500.0, 500.0]
    assert table.loc["Summe Sachkosten (€)"].tolist() == [19200.0, 9000.0, 500.0, 28700.0]
    # 0,5 VZÄ for 92 of 365 days in 2026 and 90 of 365 days in 2027
    assert table.loc["Personal (VZÄ-Jahre)"].tolist() == pytest.approx(
        [0.5 * 92 / 365, 0.5 * 90 / 365, 0, 0.5 * 182 / 365])


def test_budget_without_funding_and_a_multi_year_measure(good):
    good.massnahmen.loc[3, ["Beginn", "Ende", "Finanzierung"]] = [dt.date(2026, 1, 1), dt.date(2028, 12, 31), None]
    table = massnahmenplanung.budget(good)
    assert list(table.index) == ["Bund", "ESF", "ohne Angabe", "Summe Sachkosten (€)", "Personal (VZÄ-Jahre)"]
    assert table.loc["ohne Angabe", ["2026", "2027", "2028"]].tolist() == pytest.approx(
        [10000 * 365 / 1096, 10000 * 365 / 1096, 10000 * 366 / 1096])
    assert table.loc["ohne Angabe", "Summe"] == pytest.approx(10000)


def test_budget_figure_stacks_funding_per_year_with_german_sums(good):
    ax = massnahmenplanung.budget_figure(good).axes[0]
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026", "2027", "ohne Zeitraum"]
    assert [t.get_text() for t in ax.texts] == ["19.200\u00a0€", "9.000\u00a0€", "500\u00a0€"]
    legend = ax.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["Haushalt", "Bund", "ESF"]
    assert "." in [t.get_text() for t in ax.get_yticklabels()][-1]


# --- Gantt ----------------------------------------------------------------------------------------

def test_gantt_groups_by_field_with_bars_milestones_and_undated_measures(good):
    fig = massnahmenplanung.gantt_figure(good)
    ax = fig.axes[0]
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        F3, "HF3-M1  Kita-Lotsinnen", "HF3-M2  Sprachkita-Fachtag", F6, f"HF6-M1  {TITLE_XSS}"]
    assert [t.get_fontweight() for t in ax.get_yticklabels()][::3] == ["bold", "bold"]
    bars = sorted((p.get_x(), p.get_width()) for p in ax.patches if p.get_height() < 0.9)
    assert bars == [(mdates.date2num(dt.date(2026, 1, 1)), 365), (mdates.date2num(dt.date(2026, 10, 1)), 182)]
    milestones = [tuple(xy) for c in ax.collections for xy in c.get_offsets()]
    assert milestones == [(mdates.date2num(dt.date(2026, 10, 1)), 1), (mdates.date2num(dt.date(2027, 1, 15)), 1)]
    assert [t.get_text().strip() for t in ax.texts] == ["ohne Zeitraum"]
    assert {t.get_text() for t in ax.get_xticklabels(minor=True)} == {"2026", "2027"}     # mid-year, top and bottom
    assert {t.get_text() for t in ax.get_xticklabels()} == {""}                          # 1 January: lines only
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Schwerpunkt", "Quick Win", "Meilenstein"]


def test_gantt_coloured_by_status_and_limited_to_one_field(good):
    fig = massnahmenplanung.gantt_figure(good, "HF3", colour_by="Status")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][0] == F3
    assert len(fig.axes[0].get_yticklabels()) == 3
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["nicht begonnen", "in Vorbereitung", "begonnen",
                                                                  "Meilenstein"]
    with pytest.raises(UserError, match="Färben nach „Ampel“ geht nicht; möglich: Priorität, Status."):
        massnahmenplanung.gantt_figure(good, colour_by="Ampel")


def test_gantt_of_thirty_measures_fits_a4_landscape(good):
    fields = list(good.handlungsfelder["Handlungsfeld"])
    many = [{**MEASURES[0], "ID": f"M{i}", "Handlungsfeld": fields[i % 9]} for i in range(30)]
    good.massnahmen = frame(good.massnahmen.columns, many)
    width, height = massnahmenplanung.gantt_figure(good).get_size_inches()
    assert width <= 29.7 / 2.54 - 1 and height <= 21.0 / 2.54 - 0.9      # within 12 mm margins
    assert len(massnahmenplanung.gantt_figure(good).axes[0].get_yticklabels()) == 39


def test_an_empty_plan_gives_figures_that_say_so(good):
    empty = plan.load_plan(good.source)
    assert massnahmenplanung.gantt_figure(empty).axes[0].texts[0].get_text() == "Keine Maßnahmen eingetragen."
    assert massnahmenplanung.budget_figure(empty).axes[0].texts[0].get_text() == "Keine Sachkosten eingetragen."


# --- justification --------------------------------------------------------------------------------

def test_justification_chain_from_data_to_measure(good):
    assert massnahmenplanung.justification(good, "HF3-M1") == """\
## Begründung der gewählten Maßnahme HF3-M1 „Kita-Lotsinnen“

**Daten**

- HZ3.1.1: Indikator „Kita-Kinder ausländischer Herkunft je 100 ausländische Kinder unter 6 Jahren“ \
(Einheit: %) – Basiswert 41,5\u00a0% im Jahr 2023; Zielwert 60\u00a0% bis 31.12.2028.

**Bedarf**

- HZ3.1.1: Nur 41,5 % der ausländischen Kinder gehen in eine Kita.

**Ziel**

- Handlungsziel HZ3.1.1: „Die Kita-Quote ausländischer Kinder steigt bis Ende 2028 auf 60 %.“ → Mittlerziel \
MZ3.1: „Mehr Kinder mit Migrationsgeschichte besuchen eine Kita.“ → Leitziel LZ3: „Alle Kinder lernen gut Deutsch.“

**Maßnahme**

- HF3-M1 „Kita-Lotsinnen“: Familien kennen das Anmeldeverfahren nicht.
- Wirkungsebene: 4 – Bewusstsein/Fähigkeiten ändern sich (Outcome)
- Indikator der Maßnahme: Kita-Kinder ausländischer Herkunft je 100 ausländische Kinder unter 6 Jahren
"""


def test_justification_hides_a_small_count_baseline_and_escapes_user_text(good):
    text = massnahmenplanung.justification(good, "HF6-M1")
    assert "Indikator „Ausländer\\*innen (Anzahl)“ (Einheit: Anzahl) – Basiswert . im Jahr 2024; Zielwert 4 bis " \
           "31.12.2027. Geheimhaltung: Nicht ausgewiesen sind 1 Feld mit einer Fallzahl unter 3 (primäre " \
           "Geheimhaltung). „.“ = geheim." in text
    assert "Basiswert 2" not in text
    assert "## Begründung der gewählten Maßnahme HF6-M1 „\\<script\\>alert(1)\\</script\\> \\& Co“" in text
    good.ziele.loc[7, "Basiswert"] = 3
    assert "Basiswert 3 im Jahr 2024" in massnahmenplanung.justification(good, "HF6-M1")


def test_justification_names_every_missing_link(good):
    good.ziele.loc[4, ["Indikator", "Bedarf/Begründung", "Übergeordnetes Ziel"]] = [None, None, "MZ9"]
    good.massnahmen.loc[2, ["Begründung", "Wirkungsebene", "Indikator"]] = [None, None, None]
    sections = massnahmenplanung.justification(good, "HF3-M1").split("\n\n")
    assert sections[2] == "- HZ3.1.1: Kein Indikator verknüpft – tragen Sie beim Ziel unter „Indikator“ die ID " \
                          "eines Indikators ein, damit Ausgangslage und Ziel messbar sind."
    assert sections[4] == "- HZ3.1.1: Kein Bedarf beschrieben – tragen Sie beim Ziel unter „Bedarf/Begründung“ " \
                          "den Befund aus Datenanalyse oder Bestandsaufnahme ein."
    assert sections[6].endswith("→ Ziel „MZ9“ fehlt im Blatt „Ziele“")
    assert sections[8] == "- HF3-M1 „Kita-Lotsinnen“: Keine Begründung eingetragen – tragen Sie unter „Begründung“ " \
                          "ein, warum diese Maßnahme das Ziel erreicht.\n- Wirkungsebene nicht angegeben – wählen " \
                          "Sie eine Stufe der Wirkungstreppe (1–7).\n"
    good.massnahmen.loc[2, "Ziel-ID(s)"] = None
    assert massnahmenplanung.justification(good,
                                           "HF3-M1").count("Kein Ziel verknüpft – tragen Sie bei der Maßnahme unter "
                                                        "„Ziel-ID(s)“ das Handlungsziel ein, dem sie dient.") == 3
    with pytest.raises(UserError, match="Eine Maßnahme „HF9-M9“ gibt es im Blatt „Maßnahmen“ nicht."):
        massnahmenplanung.justification(good, "HF9-M9")


def test_justification_names_the_gaps_of_the_bestandsanalyse_a_goal_cites(good):
    assert "**Lücke**" not in massnahmenplanung.justification(good, "HF3-M1")       # no gap cited: no section
    goal = good.ziele["ID"] == "HZ3.1.1"
    good.ziele.loc[goal, "Bedarf/Begründung"] = "Im Süden fehlt es (L-HF3-U6-Sued; L-HF3-F-Sued)."
    text = massnahmenplanung.justification(good, "HF3-M1")
    assert text.index("**Bedarf**") < text.index("**Lücke**") < text.index("**Ziel**")
    assert "- HZ3.1.1: Lücke L-HF3-U6-Sued der Bestandsanalyse" in text and "- HZ3.1.1: Lücke L-HF3-F-Sued der" in text


def test_with_the_gaps_of_the_bestandsanalyse_the_chain_gives_each_cited_gap_its_reason(good):
    """Daten → Lücke → Ziel → Maßnahme: given the analysis' gaps (ID → reason) the chain says why a cited gap is
    one, and names a cited ID the analysis does not have (any more); every entry point passes the gaps on."""
    goal = good.ziele["ID"] == "HZ3.1.1"
    good.ziele.loc[goal, "Bedarf/Begründung"] = "Im Süden fehlt es (L-HF3-U6-Sued; L-HF3-F-Alt)."
    reason = "Im Sozialraum Süd kein Angebot im Handlungsfeld „Sprache“ für „Kinder unter 6“ erreichbar; 35 Kinder."
    gaps = {"L-HF3-U6-Sued": reason, "L-HF1-ALLE-Nord": "anderes"}
    text = massnahmenplanung.justification(good, "HF3-M1", gaps)
    lines = text.split("**Lücke**\n\n")[1].split("\n\n")[0].splitlines()
    assert lines == [f"- HZ3.1.1: Lücke L-HF3-U6-Sued: {reason}",
                     "- HZ3.1.1: Eine Lücke L-HF3-F-Alt gibt es in der Bestandsanalyse (Modul 2) nicht oder nicht mehr "
                     "– prüfen Sie die ID beim Ziel unter „Bedarf/Begründung“ an der Lückenliste."]
    assert "anderes" not in text and "Begründung in ihrer Lückenliste" not in text
    assert massnahmenplanung.justifications(good, ["HF3-M1"], gaps) == [text]
    sections = dict(chains.chains(good, None, gaps)[0][1])
    assert sections["Lücke"] == [line[2:] for line in lines]
    assert "Begründung in ihrer Lückenliste" in massnahmenplanung.justification(good, "HF3-M1")   # no gaps: ID only


# --- exports --------------------------------------------------------------------------------------

def test_word_export_is_landscape_with_one_table_per_field_and_the_budget(good, tmp_path):
    path = massnahmenplanung.to_word(good, tmp_path / "katalog.docx", title="Maßnahmenkatalog Musterland")
    document = docx.Document(path)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == ["Maßnahmenkatalog Musterland", F3, F6, "Budget: Sachkosten und Personal je Jahr"]
    assert re.fullmatch(r"Stand: \d\d\.\d\d\.\d{4} – 3 Maßnahmen in 2 Handlungsfeldern", document.paragraphs[1].text)
    assert len(document.tables) == 2 + 1
    first, second, money = document.tables
    assert [c.text for c in first.rows[0].cells] == CATALOGUE_HEADERS
    assert first.rows[0]._tr.trPr.xpath("./w:tblHeader/@w:val") == ["true"]
    assert [c.text for c in first.columns[0].cells] == ["ID", "HF3-M1", "HF3-M2"]
    assert first.rows[1].cells[7].text == "18.200\u00a0€"
    assert second.rows[1].cells[1].text == TITLE_XSS
    assert [c.text for c in money.rows[0].cells] == ["Finanzierung", "2026", "2027", "ohne Zeitraum", "Summe"]
    assert [c.text for c in money.rows[4].cells] == ["Summe Sachkosten (€)", "19.200\u00a0€", "9.000\u00a0€",
                                                     "500\u00a0€", "28.700\u00a0€"]
    assert [c.text for c in money.rows[5].cells] == ["Personal (VZÄ-Jahre)", "0,13", "0,12", "–", "0,25"]
    widths = [c.width.cm for c in first.rows[0].cells]
    assert sum(widths) == pytest.approx(29.7 - 3, abs=0.01) and min(widths) > 1.2


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_export_is_self_contained_escaped_and_prints_landscape(good, tmp_path):
    text = massnahmenplanung.to_html(good, tmp_path / "katalog.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in text
    assert "<script" not in text.lower() and "alert(1)</script>" not in text
    assert not re.search(r"https?:|url\(", text, re.IGNORECASE)
    assert "@page { size: A4 landscape;" in text
    parser = Tags()
    parser.feed(text)
    tags = [t for t, _ in parser.tags]
    assert tags.count("table") == 1 + 2 + 1 + 1                      # overview, two fields, Zeitplan, budget
    assert tags.count("section") == 3                                # one justification chain per measure
    images = [a["src"] for t, a in parser.tags if t == "img"]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")          # the budget chart
    bars = [a["style"] for t, a in parser.tags if a.get("class") == "balken"]
    # Zeitplan 2026–2027 (730 days): HF3-M1 from 1 Oct 2026 (day 273) to 31 Mar 2027, HF3-M2 the year 2026;
    # milestones 10/2026 and 15.01.2027 (day 379)
    assert bars == ["left:37.397%;width:24.932%;border-color:#1f4e79",
                    "left:0.000%;width:50.000%;border-color:#c55a11"]
    assert [a["style"] for t, a in parser.tags if a.get("class") == "ms"] == ["left:37.397%", "left:51.918%"]
    assert "<td class='spur'><i>ohne Zeitraum</i></td>" in text
    assert not {t for t, _ in parser.tags} & {"link", "script", "iframe", "object"}
    assert "Jugendamt<br>Partner: Kita-Träger, VHS" in text
    assert "Basiswert . im Jahr 2024" in text and "Basiswert 2 " not in text


def test_excel_export_is_formatted_and_neutralises_formula_text(good, tmp_path):
    book = openpyxl.load_workbook(massnahmenplanung.to_excel(good, tmp_path / "katalog.xlsx"))
    assert book.sheetnames == ["Maßnahmenkatalog", "Budget", "Übersicht"]
    ws = book["Maßnahmenkatalog"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N4"
    header = [c.value for c in ws[1]]
    assert header == ["ID", "Handlungsfeld"] + CATALOGUE_HEADERS[1:]
    assert ws[1][0].font.bold
    rows = {r[0].value: {h: c for h, c in zip(header, r)} for r in ws.iter_rows(min_row=2)}
    assert list(rows) == ["HF3-M1", "HF3-M2", "HF6-M1"]
    lead, groups = rows["HF6-M1"]["Federführung / Partner"], rows["HF6-M1"]["Zielgruppe(n)"]
    assert (lead.value, lead.data_type, lead.quotePrefix) == ("=SUMME(A1)", "s", True)
    assert (groups.value, groups.quotePrefix) == ("-Jugendliche", True)
    costs = rows["HF3-M1"]["Sachkosten"]
    assert (costs.value, costs.number_format) == (18200, '#,##0 "€"')
    assert rows["HF3-M1"]["Personal (VZÄ)"].value == 0.5 and rows["HF6-M1"]["Personal (VZÄ)"].value == "–"
    money = book["Budget"]
    assert [c.value for c in money[1]] == ["Finanzierung", "2026", "2027", "ohne Zeitraum", "Summe"]
    assert [c.value for c in money[4]] == ["ESF", 9200, 9000, 0, 18200]
    assert money["B4"].number_format == '#,##0 "€"' and money["B6"].number_format == "0.00"
    assert [c.value for c in book["Übersicht"][11]] == ["Summe", 1, 2, 3]


def test_exports_make_a_missing_folder_and_refuse_a_file_as_folder(good, tmp_path):
    assert massnahmenplanung.to_word(good, tmp_path / "neu" / "katalog.docx").is_file()
    (tmp_path / "datei").write_text("")
    with pytest.raises(UserError, match="ist eine Datei, kein Ordner"):
        massnahmenplanung.to_word(good, tmp_path / "datei" / "katalog.docx")


# --- command line ---------------------------------------------------------------------------------

def test_cli_export_writes_the_files_asked_for(good, tmp_path, capsys):
    path = plan.save_plan(good, good.source)
    assert main(["plan", "export", str(path), "--word", str(tmp_path / "k.docx"),
                 "--html", str(tmp_path / "k.html")]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Geschrieben: {tmp_path / 'k.docx'}",
                                                    f"Geschrieben: {tmp_path / 'k.html'}"]
    assert len(docx.Document(tmp_path / "k.docx").tables) == 3
    assert main(["plan", "export", str(path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("planung_massnahmenkatalog.*")) == [
        "planung_massnahmenkatalog.docx", "planung_massnahmenkatalog.html", "planung_massnahmenkatalog.xlsx"]


@pytest.mark.parametrize("arguments, message", [
    (["--excel", "{plan}"], "Das Ziel ist die Planungsmappe selbst; sie würde überschrieben."),
    (["--word", "{dir}/k.pdf"], "Die Datei für „--word“ muss auf .docx enden."),
    (["--html", "{plan}/k.html"], "ist eine Datei, kein Ordner"),
])
def test_cli_export_user_errors_exit_2(good, tmp_path, capsys, arguments, message):
    path = plan.save_plan(good, good.source)
    arguments = [a.format(plan=path, dir=tmp_path) for a in arguments]
    assert main(["plan", "export", str(path), *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Datei „") and message in err and "Traceback" not in err
    assert plan.load_plan(path).massnahmen["ID"].tolist() == ["HF3-M1", "HF3-M2", "HF6-M1"]


def test_cli_export_of_a_missing_plan_exits_2(tmp_path, capsys):
    assert main(["plan", "export", str(tmp_path / "fehlt.xlsx")]) == 2
    assert "Die Datei gibt es nicht." in capsys.readouterr().err


# --- the demo district's plan ---------------------------------------------------------------------

def test_demo_plan_exports_every_field_and_budgets_every_euro(tmp_path):
    demo = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    costs = [c for c in demo.massnahmen["Sachkosten (€)"] if plan.is_number(c)]
    assert massnahmenplanung.budget(demo).loc["Summe Sachkosten (€)", "Summe"] == pytest.approx(sum(costs))
    fields = {plan.cell_text(f) for f in demo.massnahmen["Handlungsfeld"]}
    document = docx.Document(massnahmenplanung.to_word(demo, tmp_path / "katalog.docx"))
    assert len(document.tables) == len(fields) + 1
    assert sum(len(t.rows) - 1 for t in document.tables[:-1]) == len(demo.massnahmen)
    text = massnahmenplanung.to_html(demo, tmp_path / "katalog.html").read_text(encoding="utf-8")
    assert text.count("<section class='kette'>") == len(demo.massnahmen) and "https:" not in text


def test_next_id_counts_on_within_the_field():
    demo = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    assert [plan.next_measure_id(demo, f) for f in ("HF1", "Spracherwerb und Bildung", "Kultur", None)] == \
        ["HF1-M4", "HF3-M5", "", ""]
