"""The Ampel per measure, Handlungsziel and Handlungsfeld on hand-computed cases, one test per rule."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from toolkit import plan
from toolkit.monitoring import ampel, kurs
from toolkit.monitoring.regeln import Regeln
from toolkit.plan.save import _frame

F1, F2 = "Ökonomische Situation und Arbeitsmarkt", "Spracherwerb und Bildung"
STICHTAG = dt.date(2026, 6, 30)
D = dt.date


def measure(ident: str, begin=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), status="begonnen", field=F1, goals="HZ1",
            **more) -> dict:
    return {"ID": ident, "Handlungsfeld": field, "Ziel-ID(s)": goals, "Titel": f"Maßnahme {ident}",
            "Federführung": "Jobcenter", "Beginn": begin, "Ende": end, "Status": status} | more


def report(ident: str, when=dt.date(2026, 6, 1), status="begonnen", progress=None, **more) -> dict:
    return {"Datum": when, "Maßnahme-ID": ident, "Status": status, "Fortschritt (%)": progress} | more


def make_plan(measures: list[dict], reports: list[dict] = (), goals: list[dict] = ()) -> plan.Plan:
    sheets = {key: _frame([], sheet.headers) for key, sheet in plan.SHEETS.items()}
    sheets["handlungsfelder"] = _frame([["HF1", F1, None], ["HF2", F2, None]], plan.SHEETS["handlungsfelder"].headers)
    for key, records in (("massnahmen", measures), ("sachstand", reports), ("ziele", goals)):
        sheets[key] = _frame([[r.get(h) for h in plan.SHEETS[key].headers] for r in records],
                             plan.SHEETS[key].headers)
    return plan.Plan(**sheets)


def light_of(m: dict, *reports: dict, regeln: Regeln | None = None) -> pd.Series:
    return ampel.measure_lights(make_plan([m], list(reports)), STICHTAG, regeln or Regeln()).loc[m["ID"]]


# Beginn 01.01.2026, Ende 31.12.2026: 364 days; at 30.06.2026 180 of them passed = 49,45 % of the Laufzeit, so
# 49,45 % progress is due; gelb below 75 % of it (37,09 %), rot below 40 % of it (19,78 %)


@pytest.mark.parametrize(("progress", "expected", "share"), [
    (40, "grün", 80),
    (38, "grün", 76),
    (37, "gelb", 74),
    (20, "gelb", 40),
    (19, "rot", 38),
    (0, "rot", 0),
    (80, "grün", 161),      # ahead
])
def test_fortschritt_against_the_progress_due_by_the_elapsed_laufzeit(progress, expected, share):
    row = light_of(measure("M1"), report("M1", progress=progress))
    assert (row["berechnet"], row["Ampel"], row["überstimmt"]) == (expected, expected, False)
    assert f"{progress} % umgesetzt nach 49 % der Laufzeit" in row["Satz"]
    assert (f"das sind {share} % des Fälligen" in row["Satz"]) == (expected != "grün")


def test_lag_sentence_says_the_share_of_what_is_due():
    row = light_of(measure("M1"), report("M1", progress=19))
    assert row["Satz"] == "Rot: erst 19 % umgesetzt nach 49 % der Laufzeit, das sind 38 % des Fälligen."


def test_progress_is_judged_only_from_the_set_share_of_the_laufzeit():
    # 15.06.2026 → 31.12.2026: 15 of 199 days = 7,5 % of the Laufzeit, below 10 %: not judged
    early = light_of(measure("M1", begin=dt.date(2026, 6, 15)), report("M1", progress=0))
    assert early["berechnet"] == "grün"
    assert early["Satz"] == "Grün: begonnen; 0 % umgesetzt nach 8 % der Laufzeit; Sachstand vom 01.06.2026."
    assert light_of(measure("M1", begin=dt.date(2026, 6, 15)), report("M1", progress=0),
                    regeln=Regeln(lag_from=5))["berechnet"] == "rot"


def test_a_share_on_either_side_of_the_yellow_threshold():
    # Beginn 01.04.2026, Ende 30.08.2026: 151 days, 90 passed at 30.06.2026 → 59,6 % due
    row = light_of(measure("M1", begin=dt.date(2026, 4, 1), end=dt.date(2026, 8, 30)), report("M1", progress=45))
    assert row["berechnet"] == "grün"                   # 45 / 59,6 = 75,5 %
    row = light_of(measure("M1", begin=dt.date(2026, 4, 1), end=dt.date(2026, 8, 30)), report("M1", progress=44))
    assert row["berechnet"] == "gelb"                   # 73,8 %


@pytest.mark.parametrize(("begin", "expected", "days"), [
    (D(2026, 6, 29), "gelb", 1),
    (D(2026, 4, 1), "gelb", 90),        # not more than 90 days
    (D(2026, 3, 31), "rot", 91),
    (D(2026, 6, 30), "grün", 0),        # begins today: not yet overdue
])
def test_overdue_start(begin, expected, days):
    row = light_of(measure("M1", begin=begin, status="nicht begonnen"))
    assert row["berechnet"] == expected
    if days:
        assert f"noch nicht begonnen, obwohl der Beginn am {begin:%d.%m.%Y} schon {days} " in row["Satz"]


def test_in_vorbereitung_after_the_beginn_is_an_overdue_start_unless_the_rules_say_otherwise():
    m, r = measure("M1", begin=dt.date(2026, 3, 1)), report("M1", status="in Vorbereitung", progress=10)
    row = light_of(m, r)
    assert row["berechnet"] == "rot"                    # 121 days
    assert row["Satz"] == "Rot: noch in Vorbereitung, obwohl der Beginn am 01.03.2026 schon 121 Tage zurückliegt."
    only = Regeln(not_started=("nicht begonnen",))
    # judged by its progress instead: 10 % after 120 of 305 days (39 %) = 25 % of what is due
    assert light_of(m, r, regeln=only)["berechnet"] == "rot"
    assert "das sind 25 % des Fälligen" in light_of(m, r, regeln=only)["Satz"]


def test_overdue_start_counts_only_for_nicht_begonnen_and_uses_the_latest_report():
    started = light_of(measure("M1", begin=D(2026, 1, 1), status="nicht begonnen"),
                       report("M1", D(2026, 5, 1), status="nicht begonnen"),
                       report("M1", D(2026, 6, 1), status="begonnen", progress=45))
    assert started["berechnet"] == "grün"
    assert started["Status"] == "begonnen"


@pytest.mark.parametrize(("end", "status", "expected"), [
    (D(2026, 5, 31), "begonnen", "gelb"),           # 30 days after the Ende
    (D(2026, 3, 1), "fortlaufend", "rot"),          # 121 days
    (D(2026, 3, 1), "abgeschlossen", "grün"),
    (D(2026, 3, 1), "entfallen", "grau"),
])
def test_overdue_end_and_the_final_statuses(end, status, expected):
    row = light_of(measure("M1", begin=D(2025, 1, 1), end=end), report("M1", D(2026, 6, 1), status=status))
    assert row["berechnet"] == expected
    if expected in ("gelb", "rot"):
        assert f"obwohl das Ende am {end:%d.%m.%Y} schon" in row["Satz"]


def test_dropped_and_finished_sentences():
    assert light_of(measure("M1"), report("M1", status="entfallen"))["Satz"] == \
        "Grau: entfallen (Sachstand vom 01.06.2026)."
    assert light_of(measure("M1"), report("M1", status="abgeschlossen"))["Satz"] == \
        "Grün: abgeschlossen (Sachstand vom 01.06.2026)."


@pytest.mark.parametrize(("when", "expected"), [
    (D(2025, 12, 28), "gelb"),      # 184 days old: more than 183
    (D(2025, 12, 29), "grün"),      # 183 days
])
def test_sachstand_older_than_the_period(when, expected):
    row = light_of(measure("M1", begin=D(2025, 1, 1), end=D(2027, 12, 31)), report("M1", when))
    assert row["berechnet"] == expected
    if expected == "gelb":
        assert row["Satz"] == "Gelb: letzter Sachstand vom 28.12.2025, vor 184 Tagen."


def test_no_sachstand_since_the_beginn_takes_the_measures_own_status():
    row = light_of(measure("M1", begin=D(2025, 1, 1), end=D(2027, 12, 31), status="begonnen"))
    assert (row["Status"], row["Datum"], row["berechnet"]) == ("begonnen", None, "gelb")
    assert "kein Sachstand seit dem Beginn am 01.01.2025, vor 545 Tagen" in row["Satz"]


def test_a_measure_yet_to_begin_owes_no_sachstand():
    row = light_of(measure("M1", begin=D(2026, 10, 1), end=D(2027, 12, 31), status="nicht begonnen"))
    assert row["berechnet"] == "grün"
    assert row["Satz"] == "Grün: nicht begonnen; Beginn am 01.10.2026; noch kein Sachstand."


def test_worst_signal_wins_and_every_red_or_yellow_reason_is_named():
    # Ende passed 30 days ago (gelb) and the last report is 211 days old (gelb); 100 days late: rot
    row = light_of(measure("M1", begin=D(2025, 1, 1), end=D(2026, 3, 22)), report("M1", D(2025, 12, 1)))
    assert row["berechnet"] == "rot"
    assert "100 Tage zurückliegt" in row["Satz"] and "letzter Sachstand vom 01.12.2025" in row["Satz"]


def test_thresholds_come_from_the_rules():
    loose = Regeln(lag_yellow=60, lag_red=30, late_red=200, stale=400)
    assert light_of(measure("M1"), report("M1", progress=34), regeln=loose)["berechnet"] == "grün"   # 68 %
    assert light_of(measure("M1", begin=D(2026, 1, 1), status="nicht begonnen"), regeln=loose)["berechnet"] == "gelb"
    strict = Regeln(late_yellow=30)
    assert light_of(measure("M1", begin=D(2026, 6, 1), status="nicht begonnen"), regeln=strict)["berechnet"] == "grün"


def test_hand_set_ampel_overrides_with_its_reason():
    row = light_of(measure("M1", begin=D(2026, 1, 1), status="nicht begonnen"),
                   report("M1", status="nicht begonnen", Ampel="gelb",
                          **{"Ampel-Begründung": "Der Träger hat gewechselt, Start im August."}))
    assert (row["berechnet"], row["Ampel"], row["überstimmt"]) == ("rot", "gelb", True)
    assert row["Satz"] == "Gelb (von Hand gesetzt, berechnet wäre rot): Der Träger hat gewechselt, Start im August."


def test_hand_set_ampel_without_reason_says_so_and_an_odd_one_counts_not():
    plain = light_of(measure("M1"), report("M1", progress=45, Ampel="rot"))
    assert (plain["Ampel"], plain["überstimmt"]) == ("rot", True)
    assert "ohne Ampel-Begründung" in plain["Satz"]
    odd = light_of(measure("M1"), report("M1", progress=45, Ampel="blau"))
    assert (odd["Ampel"], odd["überstimmt"]) == ("grün", False)
    assert "„blau“" in odd["Satz"]


def test_odd_fortschritt_and_status_are_named_not_used():
    row = light_of(measure("M1"), report("M1", status="läuft", progress="viel"))
    assert row["berechnet"] == "grün"
    assert "„viel“ ist keine Zahl" in row["Satz"] and "„läuft“" in row["Satz"]
    assert row["Fortschritt (%)"] == "viel"          # kept as reported


def test_columns_index_and_plan_order():
    p = make_plan([measure("M2", field=F2), measure("M1", field="gibt es nicht")], [report("M1", progress=45)])
    table = ampel.measure_lights(p, STICHTAG, Regeln())
    assert list(table.index) == ["M2", "M1"]
    assert list(table.columns) == ampel.MEASURE_COLUMNS
    assert list(table["Handlungsfeld"]) == [F2, plan.NO_FIELD]
    assert table.loc["M1", "Datum"] == D(2026, 6, 1)


# --- roll-ups ---

GOALS = [{"ID": "HZ1", "Ebene": "Handlungsziel", "Handlungsfeld": F1, "Zieltext": "Eins",
          "Indikator": "arbeitslosenquote_auslaender"},
         {"ID": "HZ2", "Ebene": "Handlungsziel", "Handlungsfeld": F2, "Zieltext": "Zwei"},
         {"ID": "HZ3", "Ebene": "Handlungsziel", "Handlungsfeld": F2, "Zieltext": "Drei"},
         {"ID": "MZ1", "Ebene": "Mittlerziel", "Handlungsfeld": F1, "Zieltext": "Mitte"}]


def rolled(kurs_hz1: str, measure_lights: dict[str, tuple[str, str]]):
    """goal and field lights for measures with given lights (ID → (light, goals)) and HZ1's course."""
    p = make_plan([measure(i, goals=g, field=F1 if "HZ1" in g else F2) for i, (_, g) in measure_lights.items()],
                  goals=GOALS)
    lights = pd.DataFrame({"Handlungsfeld": [F1 if "HZ1" in g else F2 for _, g in measure_lights.values()],
                           "Ziel-ID(s)": [g for _, g in measure_lights.values()],
                           "Ampel": [light for light, _ in measure_lights.values()]},
                          index=list(measure_lights), dtype=object)
    course = pd.DataFrame({"Handlungsfeld": [F1], "Kurs": [kurs_hz1]}, index=pd.Index(["HZ1"], name="Ziel-ID"),
                          dtype=object)
    return ampel.goal_lights(p, course, lights, Regeln()), ampel.field_lights(p, course, lights, Regeln())


def test_goal_light_rolls_up_course_and_measures():
    # HZ1: gefährdet (gelb) + grün, grün, rot → rot 1 of 4 = 25 % < 50 %, gelb or rot 2 of 4 = 50 % ≥ 25 %: gelb
    goals, _ = rolled("gefährdet", {"M1": ("grün", "HZ1"), "M2": ("grün", "HZ1"), "M3": ("rot", "HZ1, HZ2"),
                                    "M4": ("grau", "HZ2")})
    assert goals.loc["HZ1", "Ampel"] == "gelb"
    assert goals.loc["HZ1", "Satz"] == "Gelb: Indikator gefährdet; 3 Maßnahmen – 2 grün, 1 rot."
    # HZ2: rot + grau (no signal) → rot 100 %
    assert goals.loc["HZ2", ["Ampel", "rot", "grau"]].tolist() == ["rot", 1, 1]
    # HZ3: nothing → grau
    assert goals.loc["HZ3", "Ampel"] == "grau"
    assert goals.loc["HZ3", "Satz"] == "Grau: ohne Indikator; keine Maßnahme."
    assert list(goals.index) == ["HZ1", "HZ2", "HZ3"]


@pytest.mark.parametrize(("course", "lights", "expected"), [
    ("auf Kurs", ("grün", "grün", "grün", "gelb"), "grün"),       # 1 of 5 = 20 % < 25 %
    ("auf Kurs", ("grün", "grün", "gelb"), "gelb"),               # 1 of 4 = 25 %
    ("nicht auf Kurs", ("grün", "rot", "grün"), "rot"),           # 2 of 4 = 50 %
    ("keine Daten", ("grün",), "grün"),                           # keine Daten is no signal
])
def test_rollup_shares(course, lights, expected):
    goals, _ = rolled(course, {f"M{i}": (light, "HZ1") for i, light in enumerate(lights)})
    assert goals.loc["HZ1", "Ampel"] == expected


def test_field_lights_count_measures_and_courses():
    _, fields = rolled("nicht auf Kurs", {"M1": ("grün", "HZ1"), "M2": ("grün", "HZ1"), "M3": ("gelb", "HZ2"),
                                          "M4": ("grau", "HZ2")})
    assert list(fields.index) == [F1, F2]
    assert fields.loc[F1, ["grün", "gelb", "rot", "grau", "Maßnahmen", "nicht auf Kurs"]].tolist() == [2, 0, 0, 0, 2, 1]
    assert fields.loc[F1, "Ampel"] == "gelb"            # rot 1 of 3 = 33 %: not rot; gelb or rot 33 % ≥ 25 %
    assert fields.loc[F1, "Satz"] == ("Gelb: 2 Maßnahmen – 2 grün; 1 Ziel mit Indikator – 1 nicht auf Kurs.")
    assert fields.loc[F2, "Ampel"] == "gelb"            # gelb 1 of 1 (grau no signal)


def test_measure_lights_feed_the_rollups_end_to_end():
    goals = [dict(GOALS[0], Basisjahr=2020, Basiswert=15.0, Zielwert=5.0, Zieldatum=D(2030, 12, 31))]
    p = make_plan([measure("M1"), measure("M2", begin=D(2026, 1, 1), status="nicht begonnen")],
                  [report("M1", progress=45)], goals=goals)
    values = pd.Series([14.0], index=[2025], dtype=float)           # planned 10, reached 1 of 5 = 20 %
    course = kurs.goal_course(p, {"arbeitslosenquote_auslaender": values}, STICHTAG)
    lights = ampel.measure_lights(p, STICHTAG)
    assert course.loc["HZ1", "Kurs"] == "nicht auf Kurs"
    assert lights["Ampel"].tolist() == ["grün", "rot"]
    assert ampel.goal_lights(p, course, lights).loc["HZ1", "Ampel"] == "rot"      # 2 of 3 rot
    assert ampel.field_lights(p, course, lights).loc[F1, "Ampel"] == "rot"


def test_rollups_name_a_course_without_data_and_take_a_repeated_goal_id_once():
    goals = [GOALS[0], dict(GOALS[0], Zieltext="Doppelt"), GOALS[1]]
    p = make_plan([measure("M1", goals="HZ1;HZ2"), measure("M2", field="HF2", goals="HZ2")],
                  [report("M1", progress=45), report("M2", progress=45)], goals=goals)
    lights = ampel.measure_lights(p, STICHTAG)
    course = kurs.goal_course(p, {}, STICHTAG)               # HZ1 twice, no data
    assert list(course.index) == ["HZ1", "HZ1"]
    goal_table = ampel.goal_lights(p, course, lights)
    assert list(goal_table.index) == ["HZ1", "HZ2"]
    assert goal_table.loc["HZ1", "Satz"] == "Grün: Indikator ohne Daten; 1 Maßnahme – 1 grün."
    assert goal_table.loc["HZ2", "grün"] == 2                # served by M1 (HZ1;HZ2) and M2
    fields = ampel.field_lights(p, course, lights)
    assert list(fields.index) == [F1, F2]                    # M2's field given by its ID HF2
    assert fields.loc[F1, "keine Daten"] == 1
    assert fields.loc[F1, "Satz"] == "Grün: 1 Maßnahme – 1 grün; 1 Ziel mit Indikator – 1 ohne Daten."


def test_odd_dates_are_left_out_of_the_rules_not_an_error():
    # Beginn after Ende: no Laufzeit to judge the progress by, the Ende passed 180 days ago: rot for that alone
    backwards = light_of(measure("M1", begin=dt.date(2026, 12, 1), end=dt.date(2026, 1, 1)),
                         report("M1", progress=0))
    assert backwards["berechnet"] == "rot"
    assert "Laufzeit" not in backwards["Satz"] and "Ende am 01.01.2026 schon 180 Tage" in backwards["Satz"]
    # an unreadable Ende: no overdue end and no Laufzeit; dates outside 1990–2100 count as none
    unreadable = light_of(measure("M1", end="bald"), report("M1", progress=45))
    assert unreadable["berechnet"] == "grün"
    year_9999 = light_of(measure("M1", begin=dt.date(1, 1, 1), end=dt.date(9999, 12, 31), status="nicht begonnen"))
    assert year_9999["berechnet"] == "grün"


def test_dates_and_numbers_typed_as_text_are_read():
    row = light_of(measure("M1", begin="01.01.2026", end="2026-12-31"), report("M1", progress="19"))
    assert row["berechnet"] == "rot"
    assert "19 % umgesetzt nach 49 % der Laufzeit" in row["Satz"]


def test_an_empty_plan_gives_empty_tables_with_their_columns():
    p = make_plan([])
    lights = ampel.measure_lights(p, STICHTAG)
    course = kurs.goal_course(p, {}, STICHTAG)
    assert lights.empty and list(lights.columns) == ampel.MEASURE_COLUMNS
    assert ampel.goal_lights(p, course, lights).empty
    fields = ampel.field_lights(p, course, lights)
    assert fields.empty and "Ampel" in fields.columns
