"""The indicator chart of a goal: series, baseline, path to the target, tolerance band, Sollwert and the starts of
the measures that serve the goal, in German."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from toolkit import charts, plan
from toolkit.monitoring import figures, kurs
from toolkit.monitoring.regeln import Regeln
from toolkit.plan.save import _frame

F = "Ökonomische Situation und Arbeitsmarkt"
STICHTAG = dt.date(2026, 6, 30)
GOAL = {"ID": "HZ1", "Ebene": "Handlungsziel", "Handlungsfeld": F, "Zieltext": "Weniger Arbeitslose",
        "Indikator": "arbeitslosenquote_auslaender", "Basisjahr": 2021, "Basiswert": 15.0, "Zielwert": 9.0,
        "Zieldatum": dt.date(2027, 12, 31)}
MEASURES = [{"ID": "M2", "Ziel-ID(s)": "HZ1, HZ2", "Beginn": dt.date(2024, 1, 1)},
            {"ID": "M1", "Ziel-ID(s)": "HZ1", "Beginn": dt.date(2022, 7, 1)},
            {"ID": "M3", "Ziel-ID(s)": "HZ2", "Beginn": dt.date(2023, 1, 1)},       # serves another goal
            {"ID": "M4", "Ziel-ID(s)": "HZ1", "Beginn": "bald"},                    # no date: not drawn
            {"ID": "M5", "Ziel-ID(s)": "HZ1", "Beginn": dt.date(9999, 1, 1)}]       # implausible: not drawn


def make_plan(goal: dict, measures: list[dict]) -> plan.Plan:
    sheets = {key: _frame([], sheet.headers) for key, sheet in plan.SHEETS.items()}
    sheets["handlungsfelder"] = _frame([["HF1", F, None]], plan.SHEETS["handlungsfelder"].headers)
    for key, records in (("ziele", [goal]), ("massnahmen", measures)):
        sheets[key] = _frame([[r.get(h) for h in plan.SHEETS[key].headers] for r in records],
                             plan.SHEETS[key].headers)
    return plan.Plan(**sheets)


def values(numbers: dict[int, float]) -> pd.Series:
    s = pd.Series(list(numbers.values()), index=list(numbers), dtype=float)
    s.attrs = {"name": "Arbeitslosenquote", "unit": "%", "source": "Statistik der Bundesagentur für Arbeit"}
    return s


def chart(goal=GOAL, numbers=None, measures=MEASURES, regeln=None):
    p = make_plan(goal, measures)
    series = values(numbers if numbers is not None else {2020: 16.0, 2021: 15.0, 2022: 14.0, 2023: 13.9})
    row = kurs.goal_course(p, {goal["Indikator"]: series}, STICHTAG).iloc[0]
    return figures.indicator_chart(row, series, p, regeln), row


def by_gid(fig, gid: str):
    ax = fig.axes[0]
    return [a for a in [*ax.lines, *ax.collections, *ax.texts] if a.get_gid() == gid]


def test_path_runs_straight_from_baseline_to_target_year():
    fig, _ = chart()
    (path,) = by_gid(fig, "path")
    assert list(path.get_xdata()) == list(range(2021, 2028))
    assert path.get_ydata()[0] == 15.0 and path.get_ydata()[-1] == 9.0
    assert np.allclose(np.diff(path.get_ydata()), -1.0)        # 6 down over 6 years
    (base,) = by_gid(fig, "baseline")
    (target,) = by_gid(fig, "target")
    assert (base.get_xdata()[0], base.get_ydata()[0]) == (2021, 15.0)
    assert (target.get_xdata()[0], target.get_ydata()[0]) == (2027, 9.0)


def test_sollwert_of_the_latest_year_and_the_course_in_title_and_note():
    fig, row = chart()
    (soll,) = by_gid(fig, "soll")
    assert (soll.get_xdata()[0], soll.get_ydata()[0]) == (2023, 13.0)
    assert row["Kurs"] == "gefährdet"                           # 1,1 of 2 planned = 55 %
    assert fig.axes[0].get_title(loc="left").endswith("– gefährdet")
    footer = fig.texts[0].get_text().replace("\n", " ")
    assert "Quelle: Statistik der Bundesagentur für Arbeit" in footer
    assert "erreicht sind nur 55 %" in footer


def test_tolerance_band_lies_between_the_path_and_its_tolerance_line():
    fig, _ = chart(regeln=Regeln(tolerance=20))
    (band,) = by_gid(fig, "band")
    corners = band.get_paths()[0].vertices
    at_2024 = sorted({round(y, 6) for x, y in corners if x == 2024})
    assert at_2024 == [12.0, 12.6]                              # path 12, auf Kurs down to 15 − 0,8 × 3
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "auf Kurs (Toleranz 20 %)" in labels


def test_starts_of_the_goals_measures_are_marked_in_date_order():
    fig, _ = chart()
    starts = [line for line in fig.axes[0].lines if str(line.get_gid()).startswith("start-")]
    assert [line.get_gid() for line in starts] == ["start-M1", "start-M2"]
    assert starts[0].get_xdata()[0] == pytest.approx(2022 + 181 / 365)       # 01.07.2022
    assert starts[1].get_xdata()[0] == 2024
    assert [t.get_text() for t in by_gid(fig, "label-M1") + by_gid(fig, "label-M2")] == ["M1", "M2"]


def test_german_tick_labels_and_legend():
    fig, _ = chart()
    charts.png(fig)                                             # draws the ticks
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert all(t.endswith("\u00a0%") for t in ticks)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Basiswert 2021: 15,0\u00a0%" in labels and "Zielwert 31.12.2027: 9,0\u00a0%" in labels
    assert "Sollwert 2023: 13,0\u00a0%" in labels and "Beginn einer Maßnahme" in labels


def test_own_indicator_without_values_and_without_target_still_draws_and_says_what_is_missing():
    goal = dict(GOAL, Indikator="beirat", Zielwert=None)
    p = make_plan(goal, [])
    row = kurs.goal_course(p, {}, STICHTAG).iloc[0]
    fig = figures.indicator_chart(row, None, p)
    assert by_gid(fig, "series") == [] and by_gid(fig, "path") == []
    assert len(by_gid(fig, "baseline")) == 1
    footer = fig.texts[0].get_text().replace("\n", " ")
    assert "Im Blatt „Ziele“ fehlt Zielwert" in footer and "keine Zahlen im Datenordner" in footer
    assert footer.count("Datenordner") == 1 and footer.count("Blatt „Ziele“") == 1    # each said once
    assert charts.png(fig)[:4] == b"\x89PNG"


def test_without_a_course_sentence_the_chart_says_itself_what_is_missing():
    goal = dict(GOAL, Indikator="beirat", Zielwert=None)
    p = make_plan(goal, [])
    row = kurs.goal_course(p, {}, STICHTAG).iloc[0].drop("Satz")
    footer = figures.indicator_chart(row, None, p).texts[0].get_text().replace("\n", " ")
    assert "keine Zahlen im Datenordner" in footer and "fehlen Zielwert und Zieldatum" in footer


def test_implausible_target_date_is_not_drawn_and_is_named():
    fig, row = chart(goal=dict(GOAL, Zieldatum=dt.date(9999, 12, 31)))
    assert by_gid(fig, "target") == [] and by_gid(fig, "path") == []
    footer = fig.texts[0].get_text().replace("\n", " ")
    assert row["Kurs"] == "keine Daten"
    assert footer.count("31.12.9999 ist unplausibel") == 1
    assert charts.png(fig)[:4] == b"\x89PNG"


def test_user_text_with_maths_signs_is_drawn_as_typed():
    fig, _ = chart(goal=dict(GOAL, ID="HZ$1_x^2$"), measures=[{"ID": "M$1", "Ziel-ID(s)": "HZ$1_x^2$",
                                                              "Beginn": dt.date(2023, 3, 1)}])
    assert "HZ$1_x^2$" in fig.axes[0].get_title(loc="left")
    assert charts.png(fig)[:4] == b"\x89PNG"


def test_many_measures_are_all_marked_the_first_labelled_and_the_note_counts_them():
    many = [{"ID": f"M{i}", "Ziel-ID(s)": "HZ1", "Beginn": dt.date(2022, 1, 1) + dt.timedelta(days=30 * i)}
            for i in range(figures.MAX_LABELS + 3)]
    fig, _ = chart(measures=many)
    starts = [line for line in fig.axes[0].lines if str(line.get_gid()).startswith("start-")]
    labels = [text for text in fig.axes[0].texts if str(text.get_gid()).startswith("label-")]
    assert len(starts) == figures.MAX_LABELS + 3 and len(labels) == figures.MAX_LABELS
    assert f"{figures.MAX_LABELS + 3} Maßnahmen dienen dem Ziel" in fig.texts[0].get_text().replace("\n", " ")
