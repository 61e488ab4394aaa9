"""Goals (module 3): baselines from the demo district, SMART check with exact German feedback, tree, figures."""
from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.text import Text

from toolkit import data, plan, zielfindung
from toolkit.config import DEMO_DATA_DIR
from toolkit.errors import UserError

DISTRICT = "16099"


def make_plan(tmp_path, rows: list[dict], own_indicators: list[dict] = ()) -> plan.Plan:
    """A plan on the Eisenach template with these goals (Ziele headers → values), saved and read back
    so the cells are what Excel gives."""
    path = plan.new_plan(tmp_path / "plan.xlsx", "eisenach")
    p = plan.load_plan(path)
    p.ziele = _rows(rows, "ziele")
    p.indikatoren = pd.concat([p.indikatoren, _rows(own_indicators, "indikatoren")]) if own_indicators \
        else p.indikatoren
    p.indikatoren.index = range(2, len(p.indikatoren) + 2)
    plan.save_plan(p, path)
    return plan.load_plan(path)


def _rows(rows, key: str) -> pd.DataFrame:
    headers = plan.SHEETS[key].headers
    return pd.DataFrame([[r.get(h) for h in headers] for r in rows], columns=headers,
                        index=range(2, len(rows) + 2), dtype=object)


@pytest.fixture(scope="module")
def series():
    return zielfindung.district_series(DEMO_DATA_DIR, DISTRICT)


def goal(**values) -> dict:
    return {"ID": "HZ1.1.1", "Ebene": "Handlungsziel", "Handlungsfeld": "Aufgaben der Kommune", **values}


# --- district_series, fill_baselines -------------------------------------------------------------

def test_district_series_holds_the_districts_own_values_by_year(series):
    share = series["auslaenderanteil"]
    assert share.index.dtype == "int64" and share.dtype == "float64"
    assert list(share.index) == list(range(2014, 2025))
    assert share.attrs["unit"] == "%" and share.attrs["name"] == "Ausländeranteil"
    assert series["auslaender_anzahl"][2024] == 5977
    assert len(series) == 21


def test_district_series_takes_the_code_as_a_number_too(series):
    as_number = zielfindung.district_series(DEMO_DATA_DIR, 16099)
    assert as_number.keys() == series.keys()
    assert as_number["auslaender_anzahl"].equals(series["auslaender_anzahl"])


def test_district_series_for_an_unknown_district_is_a_user_error():
    with pytest.raises(UserError, match="Für den Kreis 16999 enthält der Datenordner keine Indikatorwerte"):
        zielfindung.district_series(DEMO_DATA_DIR, "16999")


def test_fill_baselines_takes_the_value_of_the_demo_district(tmp_path, series):
    raw = data.read(DEMO_DATA_DIR / "12411-03-03-4.csv")
    rows = raw[(raw["region_code"] == DISTRICT) & (raw["time"] == "2024-12-31") & (raw["age_group"] == "Insgesamt")]
    by_variable = rows.set_index("variable")["value"]
    foreign = by_variable["ausländisch | Insgesamt"]  # the demo's 2025/26 label
    expected = round(foreign / by_variable["Insgesamt | Insgesamt"] * 100, 1)
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil"), goal(ID="HZ1.1.2", Indikator="auslaender_anzahl")])
    lines = zielfindung.fill_baselines(p, series, 2024)
    assert expected == 6.2
    assert p.ziele.loc[2, "Basisjahr"] == 2024 and p.ziele.loc[2, "Basiswert"] == expected
    assert p.ziele.loc[3, "Basiswert"] == 5977
    assert lines == ["Zeile 2 (HZ1.1.1): Basiswert 6,2\u00a0% (2024) aus „Ausländeranteil“ eingetragen.",
                     "Zeile 3 (HZ1.1.2): Basiswert 5.977 (2024) aus „Ausländer*innen (Anzahl)“ eingetragen."]


def test_fill_baselines_keeps_entered_values_and_uses_an_entered_basisjahr(tmp_path, series):
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil", Basisjahr=2024, Basiswert=7),
                             goal(ID="HZ1.1.2", Indikator="auslaenderanteil", Basisjahr=2020),
                             goal(ID="HZ1.1.3")])
    lines = zielfindung.fill_baselines(p, series, 2024)
    assert p.ziele.loc[2, "Basiswert"] == 7
    assert p.ziele.loc[3, "Basisjahr"] == 2020 and p.ziele.loc[3, "Basiswert"] == 4.0
    assert lines == ["Zeile 3 (HZ1.1.2): Basiswert 4,0\u00a0% (2020) aus „Ausländeranteil“ eingetragen."]


def test_fill_baselines_falls_back_to_the_last_year_with_a_number(tmp_path, series):
    secret = series["auslaenderanteil"].copy()
    secret[2024] = float("nan")
    secret.attrs = {**series["auslaenderanteil"].attrs, "status": {2024: "."}}
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil")])
    lines = zielfindung.fill_baselines(p, {"auslaenderanteil": secret}, 2024)
    assert p.ziele.loc[2, "Basisjahr"] == 2023 and p.ziele.loc[2, "Basiswert"] == 5.9
    assert lines == ["Zeile 2 (HZ1.1.1): Basiswert 5,9\u00a0% (2023) aus „Ausländeranteil“ eingetragen. "
                     "Für 2024 gibt es keine Zahl (2024: „.“ – Zahlenwert unbekannt oder geheimzuhalten); "
                     "genommen ist 2023."]


def test_fill_baselines_says_what_could_not_be_filled(tmp_path, series):
    secret = pd.Series([float("nan")], index=[2024], name="auslaenderanteil")
    secret.attrs = {"name": "Ausländeranteil", "unit": "%", "status": {2024: "."}}
    p = make_plan(tmp_path, [goal(Indikator="auslaenderanteil"), goal(ID="HZ1.1.2", Indikator="sprachkurse"),
                             goal(ID="HZ1.1.3", Indikator="gibtsnicht"), goal(ID="HZ1.1.4", Indikator="eu_anteil"),
                             goal(ID="HZ1.1.5", Indikator="drittstaaten_anteil")],
                  own_indicators=[{"ID": "sprachkurse", "Bezeichnung": "Abschlüsse Integrationskurs",
                                   "Einheit": "Anzahl"}])
    reasons = {"eu_anteil": "Für den Indikator „EU-Anteil“ fehlt die Tabelle 12521-0041."}
    lines = zielfindung.fill_baselines(p, {"auslaenderanteil": secret}, 2024, reasons)
    assert plan.is_empty(p.ziele.loc[2, "Basiswert"]) and plan.is_empty(p.ziele.loc[3, "Basiswert"])
    assert lines == [
        "Zeile 2 (HZ1.1.1): Für „Ausländeranteil“ gibt es bis 2024 keine Zahl (2024: „.“ – Zahlenwert unbekannt "
        "oder geheimzuhalten). Tragen Sie einen Basiswert aus einer anderen Quelle ein oder wählen Sie ein "
        "späteres Basisjahr.",
        "Zeile 3 (HZ1.1.2): „sprachkurse“ ist ein eigener Indikator; für ihn gibt es keine Zahlen im Datenordner. "
        "Tragen Sie Basisjahr und Basiswert selbst ein.",
        "Zeile 4 (HZ1.1.3): Den Indikator „gibtsnicht“ gibt es weder im Katalog noch im Blatt „Indikatoren“; "
        "wählen Sie eine Kennung aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an.",
        "Zeile 5 (HZ1.1.4): Für den Indikator „EU-Anteil“ fehlt die Tabelle 12521-0041. Tragen Sie Basisjahr und "
        "Basiswert selbst ein.",
        "Zeile 6 (HZ1.1.5): Der Indikator „drittstaaten_anteil“ lässt sich aus dem Datenordner nicht berechnen. "
        "Tragen Sie Basisjahr und Basiswert selbst ein."]


def test_unavailable_names_the_table_that_is_missing_and_not_one_that_is_there(tmp_path):
    folder = tmp_path / "ohne-azr"
    folder.mkdir()
    for table in DEMO_DATA_DIR.iterdir():
        if table.suffix == ".csv" and not table.name.startswith("12521"):
            (folder / table.name).symlink_to(table)
    reasons = zielfindung.unavailable(folder, 16099)
    assert "eu_anteil" in reasons and "12521-0041" in reasons["eu_anteil"]
    assert "auslaenderanteil" not in reasons and "auslaenderanteil" in zielfindung.district_series(folder, "16099")


# --- SMART ---------------------------------------------------------------------------------------

TODAY = pd.Timestamp("2025-09-01").date()
GOOD = goal(Zieltext="Bis Ende 2027 steigt der Ausländeranteil unter den Beschäftigten der Kreisverwaltung auf 8 %.",
            Zielgruppe="Zugewanderte Bewerber*innen", Indikator="auslaenderanteil", Basisjahr=2024, Basiswert=6.2,
            Zielwert=7, Zieldatum=pd.Timestamp("2027-12-31").date(),
            **{"Bedarf/Begründung": "Datenanalyse: der Ausländeranteil stieg seit 2014 von 1,7 % auf 6,2 %."})


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> plan.Plan:
    return make_plan(tmp_path_factory.mktemp("blank"), [])


def findings(blank, series=None, **changes) -> dict[str, zielfindung.Finding]:
    return {f.criterion: f for f in zielfindung.smart({**GOOD, **changes}, blank, series, TODAY)}


def test_a_good_handlungsziel_passes_all_five_criteria(blank, series):
    result = findings(blank, series)
    assert list(result) == ["S", "M", "A", "R", "T"] and all(f.ok and f.severity == "ok" for f in result.values())
    assert result["M"].message == "Indikator „Ausländeranteil“: von 6,2\u00a0% (2024) auf 7,0\u00a0%."
    assert result["A"].message == ("Das Ziel verlangt +0,3 Prozentpunkte je Jahr; die größte Änderung eines "
                                   "einzelnen Jahres seit 2019 war 1,3 Prozentpunkte.")
    assert result["T"].message == "Das Ziel soll bis 31.12.2027 erreicht sein."


def test_s_names_what_is_missing(blank):
    assert findings(blank, Zielgruppe=None)["S"] == zielfindung.Finding(
        "S", False, "Die Zielgruppe fehlt: tragen Sie unter „Zielgruppe“ ein, wen das Ziel erreichen soll, z. B. "
                    "„neu zugewanderte Frauen“.", "error")
    assert findings(blank, Zieltext="Integration verbessern")["S"].message == (
        "Der Zieltext hat 2 Wörter; beschreiben Sie in einem ganzen Satz, was sich bei wem ändern soll "
        "(mindestens 6 Wörter).")
    vague = findings(blank, Zielgruppe="Geflüchtete",
                     Zieltext="Die Teilhabe von Geflüchteten im Landkreis weiter verbessern und stärken")["S"]
    assert vague.severity == "error" and vague.message == (
        "„verbessern“ allein sagt nicht, was sich ändern soll: nennen Sie den Gegenstand (z. B. Abschlüsse im "
        "Integrationskurs, Ausbildungsverträge, Kita-Plätze) oder eine Zahl.")
    concrete = findings(blank, Zielgruppe="Geflüchtete",
                        Zieltext="Geflüchtete im Landkreis verbessern ihre Deutschkenntnisse im Integrationskurs")
    assert concrete["S"].ok


def test_m_names_every_missing_part(blank):
    result = findings(blank, Indikator=None, Basiswert=None, Zielwert="viel")["M"]
    assert result == zielfindung.Finding("M", False, (
        "Kein Indikator verknüpft: wählen Sie unter „Indikator“ eine Kennung aus dem Blatt „Indikatoren“ (aus dem "
        "Katalog oder eine eigene Zeile). Es fehlt: Basiswert; ein messbares Ziel nennt Ausgangs- und Zielwert als "
        "Zahlen ohne Einheit. „viel“ unter „Zielwert“ ist keine Zahl."), "error")
    assert findings(blank, Indikator="gibtsnicht")["M"].message == (
        "Den Indikator „gibtsnicht“ gibt es weder im Katalog noch im Blatt „Indikatoren“; wählen Sie eine Kennung "
        "aus der Liste oder legen Sie ihn im Blatt „Indikatoren“ an.")


def test_a_warns_on_an_implausible_target(blank, series):
    result = findings(blank, series, Zielwert=15)["A"]
    assert result == zielfindung.Finding("A", False, (
        "Das Ziel verlangt +2,9 Prozentpunkte je Jahr – mehr als die größte Änderung eines einzelnen Jahres seit "
        "2019 (1,3 Prozentpunkte). Jedes Jahr ein Rekordjahr ist kaum erreichbar: setzen Sie den Zielwert näher "
        "an den Basiswert oder das Zieldatum später."), "warning")


def test_a_warns_against_a_steady_trend_and_is_left_to_the_learner_without_series(blank, series):
    assert findings(blank, series, Zielwert=6)["A"].message == (
        "Der Wert ist seit 2019 jedes Jahr gestiegen; das Ziel verlangt −0,1 Prozentpunkte je Jahr, also die "
        "Umkehr. Begründen Sie unter „Bedarf/Begründung“, wie die Maßnahmen die Entwicklung umkehren, oder passen "
        "Sie den Zielwert an.")
    unchecked = findings(blank, None)["A"]
    assert (unchecked.severity, unchecked.ok) == ("info", True) and unchecked.message == (
        "Nicht geprüft: für „auslaenderanteil“ fehlt eine Zeitreihe mit mindestens 4 aufeinanderfolgenden Jahren "
        "bis 2024. Vergleichen Sie die nötige Änderung selbst mit der bisherigen Entwicklung.")


def test_r_needs_a_reason_and_warns_about_another_fields_indicator(blank):
    assert findings(blank, **{"Bedarf/Begründung": None})["R"].message == (
        "Die Begründung fehlt: tragen Sie unter „Bedarf/Begründung“ ein, welcher Befund der Datenanalyse oder "
        "welche Lücke der Bestandsanalyse das Ziel begründet.")
    other = findings(blank, Indikator="elb_quote_auslaender")["R"]
    assert other == zielfindung.Finding("R", False, (
        "Der Indikator „ELB-Quote der Ausländer*innen (SGB II)“ gehört zum Handlungsfeld „Ökonomische Situation und "
        "Arbeitsmarkt“, das Ziel zu „Aufgaben der Kommune“: prüfen Sie, ob er misst, was das Ziel ändern will."),
        "warning")


def test_r_reads_the_gap_ids_a_reason_cites_against_the_bestandsanalyse(blank):
    gaps = {"L-HF3-U6-Sued": "Im Sozialraum Süd kein Angebot für „Kinder unter 6“ erreichbar."}
    reason = {"Bedarf/Begründung": "Kita-Quote sinkt; im Süden fehlt ein Angebot (Lücke L-HF3-U6-Sued, L-HF3-U6-Nord)."}

    def r(gaps):
        return next(f for f in zielfindung.smart({**GOOD, **reason}, blank, None, TODAY, gaps) if f.criterion == "R")
    assert r(None).ok                                       # no Bestandsanalyse yet: IDs are not judged
    cited = r(gaps)
    assert (cited.severity, cited.message) == ("warning", (
        "Die Lücke „L-HF3-U6-Nord“ gibt es in der Bestandsanalyse (Modul 2) nicht oder nicht mehr; nehmen Sie eine "
        "ID aus ihrer Lückenliste."))
    gaps["L-HF3-U6-Nord"] = "Im Sozialraum Nord kein Angebot."
    assert r(gaps) == zielfindung.Finding("R", True, "Begründet mit Lücke L-HF3-U6-Sued: Im Sozialraum Süd kein "
                                          "Angebot für „Kinder unter 6“ erreichbar.; Lücke L-HF3-U6-Nord: Im "
                                          "Sozialraum Nord kein Angebot.")


def test_the_demo_goals_cite_gaps_the_demo_bestandsanalyse_finds():
    stage = zielfindung.prepare(DEMO_DATA_DIR, "16099", 2024)
    table = zielfindung.smart_table(stage.plan, stage.series, stage.today, stage.gaps)
    cited = [h for h in table["Hinweise"] if "Lücke" in h]
    assert stage.gaps and not cited                 # every cited gap exists: R is fine, no Hinweis about it
    r = {g: f.message for _, goal in stage.plan.ziele.iterrows() if goal["ID"] in ("HZ3.1.1", "HZ8.1.1")
         for f in zielfindung.smart(goal, stage.plan, stage.series, stage.today, stage.gaps) if f.criterion == "R"
         for g in [goal["ID"]]}
    assert r["HZ3.1.1"].startswith("Begründet mit Lücke L-HF3-U6-Sued: Im Sozialraum Süd")
    assert r["HZ8.1.1"].startswith("Begründet mit Lücke L-HF8-ALLE-Musterstadt: ")


@pytest.mark.parametrize(("zieldatum", "message"), [
    (None, "Das Zieldatum fehlt: tragen Sie ein, bis wann das Ziel erreicht sein soll (TT.MM.JJJJ, z. B. "
           "31.12.2027)."),
    ("31.02.2027", "„31.02.2027“ ist kein gültiges Datum; erwartet wird TT.MM.JJJJ, z. B. 31.12.2027."),
    ("31.12.2024", "Das Zieldatum 31.12.2024 liegt nicht nach dem Basisjahr 2024; wählen Sie ein Datum nach 2024."),
])
def test_t_names_the_problem_of_the_date(blank, zieldatum, message):
    assert findings(blank, Zieldatum=zieldatum)["T"] == zielfindung.Finding("T", False, message, "error")


def test_t_rejects_a_date_in_the_past(blank):
    result = findings(blank, Basisjahr=2020, Zieldatum="2025-06-30")["T"]
    assert result.message == ("Das Zieldatum 30.06.2025 liegt in der Vergangenheit (Stichtag der Prüfung: 01.09.2025); "
                              "wählen Sie ein späteres Datum.")


def test_leitziel_and_mittlerziel_get_their_place_in_the_tree(tmp_path):
    p = make_plan(tmp_path, [{"ID": "LZ1", "Ebene": "Leitziel", "Handlungsfeld": "Aufgaben der Kommune",
                              "Zieltext": "Willkommenskultur"},
                             {"ID": "MZ1.1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ1",
                              "Handlungsfeld": "Aufgaben der Kommune", "Zieltext": "Verwaltung geöffnet"}])
    leit, mittler = (zielfindung.smart(p.ziele.loc[row], p) for row in (2, 3))
    assert [f.criterion for f in leit] == [zielfindung.POSITION] * 2
    assert leit[0].message.startswith("Die SMART-Prüfung gilt für Handlungsziele. Ein Leitziel beschreibt")
    assert leit[1] == zielfindung.Finding("E", True, "Darunter: MZ1.1.", "ok")
    assert mittler[1] == zielfindung.Finding("E", False, (
        "Unter diesem Mittlerziel steht noch kein Handlungsziel; tragen Sie beim Handlungsziel „MZ1.1“ unter "
        "„Übergeordnetes Ziel“ ein."), "warning")
    assert zielfindung.smart({"Ebene": "Oberziel"}, p)[0].message == (
        "„Oberziel“ ist keine Ebene; wählen Sie Leitziel, Mittlerziel oder Handlungsziel.")


def test_smart_table_has_one_row_per_handlungsziel(tmp_path, series):
    p = make_plan(tmp_path, [{"ID": "LZ1", "Ebene": "Leitziel", "Handlungsfeld": "Aufgaben der Kommune",
                              "Zieltext": "Willkommenskultur"}, GOOD, {**GOOD, "ID": "HZ1.1.2", "Zielgruppe": None}])
    table = zielfindung.smart_table(p, series, TODAY)
    assert list(table.columns) == ["ID", "Handlungsfeld", "Zieltext", "spezifisch", "messbar", "erreichbar",
                                   "relevant", "terminiert", "Hinweise"]
    assert list(table.index) == [3, 4]
    assert table.loc[3, ["spezifisch", "messbar", "erreichbar", "relevant", "terminiert"]].tolist() == ["✓"] * 5
    assert table.loc[4, "spezifisch"] == "✗" and table.loc[4, "Hinweise"].startswith("spezifisch: Die Zielgruppe")
    unchecked = zielfindung.smart_table(p, None, TODAY).loc[3]
    assert unchecked["erreichbar"] == "–" and unchecked["Hinweise"] == ""


# --- tree and figures ----------------------------------------------------------------------------

def tree_rows(*extra: dict) -> list[dict]:
    field = {"Handlungsfeld": "Aufgaben der Kommune"}
    return [{"ID": "LZ2", "Ebene": "Leitziel", "Zieltext": "Willkommenskultur in der Verwaltung", **field},
            {"ID": "MZ2.1", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "LZ2", "Zieltext": "Verwaltung geöffnet",
             **field},
            {**GOOD, "ID": "HZ2.1.1", "Übergeordnetes Ziel": "MZ2.1"},
            {**GOOD, "ID": "HZ2.1.2", "Übergeordnetes Ziel": "MZ2.1", "Zielgruppe": None}, *extra]


def test_tree_is_a_graph_of_the_goals(tmp_path):
    graph = zielfindung.tree(make_plan(tmp_path, tree_rows()))
    assert sorted(graph.edges) == [("LZ2", "MZ2.1"), ("MZ2.1", "HZ2.1.1"), ("MZ2.1", "HZ2.1.2")]
    assert graph.nodes["MZ2.1"] == {"ebene": "Mittlerziel", "text": "Verwaltung geöffnet",
                                    "handlungsfeld": "Aufgaben der Kommune", "row": 3}


def test_tree_keeps_orphans_and_goals_without_or_with_repeated_id(tmp_path):
    p = make_plan(tmp_path, tree_rows({"ID": "HZ9.9.9", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "MZ9.9",
                                       "Handlungsfeld": "Aufgaben der Kommune", "Zieltext": "verwaist"},
                                      {"Ebene": "Mittlerziel", "Handlungsfeld": "Aufgaben der Kommune",
                                       "Zieltext": "ohne ID"},
                                      {"ID": "LZ2", "Ebene": "Leitziel", "Handlungsfeld": "Wohnen",
                                       "Zieltext": "doppelt"}))
    graph = zielfindung.tree(p)
    assert graph.in_degree("HZ9.9.9") == 0 and "Zeile 7" in graph and graph.nodes["LZ2 (Zeile 8)"]["text"] == "doppelt"
    fig = zielfindung.tree_figure(p)
    boxes = [a for a in fig.axes[0].patches if a.get_gid() == "goal"]
    assert len(boxes) == 7
    assert sum(b.get_linestyle() == "--" for b in boxes) == 2          # the orphan and the Mittlerziel without ID


def test_a_circle_of_parents_is_a_user_error_naming_the_row(tmp_path):
    p = make_plan(tmp_path, tree_rows({"ID": "MZ2.2", "Ebene": "Mittlerziel", "Übergeordnetes Ziel": "HZ2.2.1",
                                       "Handlungsfeld": "Aufgaben der Kommune", "Zieltext": "a"},
                                      {"ID": "HZ2.2.1", "Ebene": "Handlungsziel", "Übergeordnetes Ziel": "MZ2.2",
                                       "Handlungsfeld": "Aufgaben der Kommune", "Zieltext": "b"}))
    with pytest.raises(UserError) as raised:
        zielfindung.tree_figure(p)
    assert raised.value.row == 6 and raised.value.column == "Übergeordnetes Ziel"
    assert raised.value.message == ("Im Blatt „Ziele“ bilden die Ziele MZ2.2 → HZ2.2.1 → MZ2.2 über „Übergeordnetes "
                                    "Ziel“ einen Kreis; ein Ziel kann nicht (auch nicht über Umwege) über sich "
                                    "selbst stehen.")


def test_tree_figure_draws_a_box_per_goal_a_line_per_link_and_marks_smart_failures(tmp_path):
    p = make_plan(tmp_path, tree_rows({"ID": "LZ3", "Ebene": "Leitziel", "Handlungsfeld": "Spracherwerb und Bildung",
                                       "Zieltext": "Bildungschancen"}))
    ax = zielfindung.tree_figure(p, today=TODAY).axes[0]
    assert len([a for a in ax.patches if a.get_gid() == "goal"]) == 5
    assert len([line for line in ax.lines if line.get_gid() == "edge"]) == 3
    assert [t.get_text() for t in ax.texts if t.get_gid() == "smart-failed"] == ["✗ S"]
    panels = [t.get_text() for t in ax.texts
              if t.get_fontweight() == "bold" and t.get_text() not in plan.EBENEN and not t.get_gid()]
    assert panels == ["Aufgaben der Kommune", "Spracherwerb und Bildung"]
    only = zielfindung.tree_figure(p, "HF3").axes[0]
    assert len([a for a in only.patches if a.get_gid() == "goal"]) == 1
    with pytest.raises(UserError, match="Ein Handlungsfeld „HF99“ gibt es im Blatt „Handlungsfelder“ nicht"):
        zielfindung.tree_figure(p, "HF99")


def footer(fig) -> str:
    return "".join(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "footer")


def test_target_figure_marks_baseline_and_target(series):
    ax = zielfindung.target_figure(pd.Series(GOOD, name=5), series).axes[0]
    lines = {line.get_gid(): line for line in ax.lines}
    assert set(lines) == {"series", "baseline", "target", "path"}
    assert list(lines["series"].get_xdata()) == list(range(2014, 2025))
    assert list(lines["path"].get_xydata()[:, 1]) == [6.2, 7]
    assert lines["path"].get_xdata()[1] == 2027.0 and lines["path"].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == ["Basiswert 2024: 6,2\u00a0%",
                                                                        "Zielwert 31.12.2027: 7,0\u00a0%"]
    assert ax.get_ylabel() == "Prozent" and "Tabelle 12411-03-03-4" in footer(ax.figure)


def test_target_figure_without_target_or_indicator(series):
    ax = zielfindung.target_figure({**GOOD, "Zielwert": None}, series).axes[0]
    assert {line.get_gid() for line in ax.lines} == {"series", "baseline"}
    assert "Es fehlen Zielwert und Zieldatum im Blatt „Ziele“." in footer(ax.figure)
    with pytest.raises(UserError) as raised:
        zielfindung.target_figure(pd.Series({**GOOD, "Indikator": "netzwerk_mitglieder"}, name=7), series)
    assert raised.value.row == 7
    assert raised.value.message == "Für „netzwerk_mitglieder“ gibt es keine Zeitreihe aus dem Datenordner."


@pytest.mark.parametrize("ebene, parent, field, expected", [
    ("Leitziel", None, "HF3", ""),                               # LZ3 exists
    ("Leitziel", None, "Spracherwerb und Bildung", ""),
    ("Mittlerziel", "LZ3", None, "MZ3.3"),
    ("Handlungsziel", "MZ3.1", None, "HZ3.1.3"),
    ("Handlungsziel", "Ziel A", None, ""),                       # a parent outside the scheme: no proposal
    (None, "MZ3.1", None, ""),
])
def test_next_id_follows_the_course_scheme(ebene, parent, field, expected):
    demo = plan.load_plan(DEMO_DATA_DIR / "planung.xlsx")
    assert plan.next_goal_id(demo, ebene, parent, field) == expected
    demo.ziele = demo.ziele[demo.ziele["ID"] != "LZ3"]
    assert plan.next_goal_id(demo, "Leitziel", None, "HF3") == "LZ3"
