"""Disclosure control: small counts hidden, and nothing hidden can be recomputed from totals."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from toolkit.disclosure import MARKER, check_published, suppress, suppress_rates


def with_totals(interior: pd.DataFrame, row: bool = True, column: bool = True) -> pd.DataFrame:
    table = interior.copy()
    if column:
        table["Insgesamt"] = table.sum(axis=1)
    if row:
        table.loc["Insgesamt"] = table.sum(axis=0)
    return table


def full_table(table: pd.DataFrame, hidden: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The table with both margins; margins the table does not show count as published."""
    interior = table.drop(index="Insgesamt", columns="Insgesamt", errors="ignore")
    full = with_totals(interior)
    mask = hidden.reindex(index=full.index, columns=full.columns, fill_value=False)
    return full.to_numpy(float), mask.to_numpy(bool)


def peel(full: np.ndarray, hidden: np.ndarray) -> set[tuple[int, int]]:
    """Cells an attacker recovers: the only hidden one in a row or column with a known total."""
    hidden, recovered = hidden.copy(), set()
    lines = [[(i, j) for j in range(full.shape[1])] for i in range(full.shape[0])]
    lines += [[(i, j) for i in range(full.shape[0])] for j in range(full.shape[1])]
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [cell for cell in line if hidden[cell]]
            if len(unknown) == 1:
                hidden[unknown[0]] = False
                recovered.add(unknown[0])
                changed = True
    return recovered


def determined(full: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells fixed by the linear sum equations (rank test, independent of the module)."""
    n, m = full.shape
    rows = [[(i, j) for j in range(m - 1)] + [(i, m - 1)] for i in range(n)]
    cols = [[(i, j) for i in range(n - 1)] + [(n - 1, j)] for j in range(m)]
    cells = list(zip(*np.nonzero(hidden)))
    if not cells:
        return []
    a = np.array([[(1 if c != line[-1] else -1) if c in line else 0 for c in cells]
                  for line in rows + cols], dtype=float)
    rank = np.linalg.matrix_rank(a)
    return [c for k, c in enumerate(cells) if np.linalg.matrix_rank(np.delete(a, k, axis=1)) < rank]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("margins", ["none", "row", "column", "both"])
def test_random_tables_leave_no_hidden_cell_recoverable(seed, margins):
    rng = np.random.default_rng(seed)
    shape = rng.integers(2, 7), rng.integers(2, 6)
    interior = pd.DataFrame(
        rng.choice([0, 1, 2, 3, 4, 7, 12, 30], size=shape, p=[.1, .15, .15, .1, .1, .15, .15, .1]),
        index=[f"G{i}" for i in range(shape[0])], columns=[f"K{j}" for j in range(shape[1])])
    table = with_totals(interior, row=margins in ("row", "both"), column=margins in ("column", "both"))
    result = suppress(table, total_row="Insgesamt" if margins in ("row", "both") else None,
                      total_column="Insgesamt" if margins in ("column", "both") else None)

    small = (table > 0) & (table < 3)
    assert not (small & ~result.mask).any().any(), "every count 1 or 2 is hidden"
    assert (result.table.where(result.mask, MARKER) == MARKER).all().all()
    assert result.values[~result.mask].equals(table.astype(float)[~result.mask])
    assert result.primary == int(small.to_numpy().sum())
    full, hidden = full_table(table, result.mask)
    assert peel(full, hidden) == set()
    assert determined(full, hidden) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_one_dimensional_tables_with_total(seed):
    rng = np.random.default_rng(100 + seed)
    counts = pd.Series(rng.choice([0, 1, 2, 5, 9, 40], size=rng.integers(2, 9)), dtype=float)
    counts.index = [f"Gemeinde {i}" for i in range(len(counts))]
    counts["Insgesamt"] = counts.sum()
    result = suppress(counts, total_row="Insgesamt")
    assert isinstance(result.table, pd.Series)
    hidden = int(result.mask.sum())
    assert hidden != 1, "a single hidden cell would be the total minus the rest"
    assert result.mask[(counts > 0) & (counts < 3)].all()


def minimum_hidden(table: pd.DataFrame, primary: pd.DataFrame, zeros: bool) -> int | None:
    """Brute force: the fewest hidden cells, ``primary`` among them, that leave none recoverable
    (with ``zeros=False`` never hiding a true zero); None if no such set exists."""
    cells = [(i, j) for i, j in np.ndindex(table.shape)
             if not primary.iat[i, j] and (zeros or table.iat[i, j] != 0)]
    for size in range(len(cells) + 1):
        for extra in itertools.combinations(cells, size):
            hidden = primary.copy()
            for i, j in extra:
                hidden.iat[i, j] = True
            full, mask = full_table(table, hidden)
            alone = (mask.sum(axis=0) == 1).any() or (mask.sum(axis=1) == 1).any()
            if not alone and determined(full, mask) == []:
                return int(mask.sum())
    return None


@pytest.mark.parametrize("seed", range(24))
def test_hides_at_most_one_cell_more_than_the_brute_force_minimum(seed):
    rng = np.random.default_rng(500 + seed)
    row, column = seed % 2 == 1, seed % 4 >= 2
    shape = rng.integers(2, 5 - row), rng.integers(2, 5 - column)
    interior = pd.DataFrame(rng.choice([0, 1, 2, 4, 7, 12, 30], size=shape, p=[.1, .2, .15, .1, .15, .15, .15]),
                            index=[f"G{i}" for i in range(shape[0])], columns=[f"K{j}" for j in range(shape[1])])
    table = with_totals(interior, row=row, column=column)
    result = suppress(table, total_row="Insgesamt" if row else None, total_column="Insgesamt" if column else None)

    primary = (table > 0) & (table < 3)
    assert result.mask[primary].all().all()
    assert determined(*full_table(table, result.mask)) == []
    hidden, zero_free = int(result.mask.to_numpy().sum()), minimum_hidden(table, primary, zeros=False)
    if zero_free is not None:
        assert not (result.mask & (table == 0)).any().any(), "a true zero stays visible when it can"
    assert hidden <= (zero_free or minimum_hidden(table, primary, zeros=True)) + 1


def test_one_small_cell_in_a_gemeinde_table_hides_one_rectangle_not_every_row():
    interior = pd.DataFrame({"Deutsche": [1200, 800, 950], "Ausländer": [40, 2, 25]},
                            index=["Adorf", "Bedorf", "Cedorf"])
    for table, column in ((with_totals(interior, column=False), None), (with_totals(interior), "Insgesamt")):
        result = suppress(table, total_row="Insgesamt", total_column=column)
        assert result.table[["Deutsche", "Ausländer"]].to_dict("index") == {
            "Adorf": {"Deutsche": "1.200", "Ausländer": "40"}, "Bedorf": {"Deutsche": ".", "Ausländer": "."},
            "Cedorf": {"Deutsche": ".", "Ausländer": "."}, "Insgesamt": {"Deutsche": "2.950", "Ausländer": "67"}}
        assert (result.primary, result.secondary) == (1, 3)
        assert column is None or result.table[column].tolist() == ["1.240", "802", "975", "3.017"]


def test_a_total_goes_only_where_no_part_can_protect():
    interior = pd.DataFrame({"Deutsche": [1200, 2, 950], "Ausländer": [40, 0, 25]},
                            index=["Adorf", "Bedorf", "Cedorf"])
    result = suppress(with_totals(interior), total_row="Insgesamt", total_column="Insgesamt")
    assert result.table.to_dict("list") == {"Deutsche": ["1.200", ".", ".", "2.152"],
                                            "Ausländer": ["40", "-", "25", "65"],
                                            "Insgesamt": ["1.240", ".", ".", "2.217"]}
    assert (result.primary, result.secondary) == (2, 2)


def test_two_way_table_with_margins_exact():
    table = with_totals(pd.DataFrame({"männlich": [10, 1, 7], "weiblich": [12, 6, 2]},
                                     index=["Adorf", "Bedorf", "Cedorf"]))
    result = suppress(table, total_row="Insgesamt", total_column="Insgesamt")
    assert result.table.to_dict("index") == {
        "Adorf": {"männlich": "10", "weiblich": "12", "Insgesamt": "22"},
        "Bedorf": {"männlich": ".", "weiblich": ".", "Insgesamt": "7"},
        "Cedorf": {"männlich": ".", "weiblich": ".", "Insgesamt": "9"},
        "Insgesamt": {"männlich": "18", "weiblich": "20", "Insgesamt": "38"}}
    assert (result.primary, result.secondary, result.source_secret) == (2, 2, 0)
    assert result.note == (
        "Geheimhaltung: Nicht ausgewiesen sind 2 Felder mit Fallzahlen unter 3 (primäre "
        "Geheimhaltung) und 2 weitere Felder, damit sich diese nicht aus Summen errechnen "
        "lassen (sekundäre Geheimhaltung). „.“ = geheim.")
    assert np.isnan(result.values.loc["Bedorf", "weiblich"])


def test_smallest_complement_is_chosen_and_true_zero_stays_visible():
    counts = pd.Series({"Adorf": 2, "Bedorf": 0, "Cedorf": 5, "Dedorf": 40, "Insgesamt": 47},
                       dtype=float)
    result = suppress(counts, total_row="Insgesamt")
    assert result.table.to_dict() == {"Adorf": ".", "Bedorf": "-", "Cedorf": ".",
                                      "Dedorf": "40", "Insgesamt": "47"}
    assert result.note == (
        "Geheimhaltung: Nicht ausgewiesen sind 1 Feld mit einer Fallzahl unter 3 (primäre "
        "Geheimhaltung) und 1 weiteres Feld, damit sich diese nicht aus Summen errechnen "
        "lassen (sekundäre Geheimhaltung). „.“ = geheim, „-“ = nichts vorhanden.")


def test_source_secrets_count_as_hidden_and_need_no_partner():
    table = pd.DataFrame({"2022": [np.nan, np.nan, 50.0], "2023": [4.0, 6.0, 30.0]},
                         index=["Adorf", "Bedorf", "Cedorf"])
    status = pd.DataFrame({"2022": [".", "*", ""], "2023": ["", "", "p"]}, index=table.index)
    result = suppress(table, status=status, assume_totals_known=False)
    assert result.table.to_dict("list") == {"2022": [".", ".", "50"], "2023": ["4", "6", "30\u00a0p"]}
    assert (result.primary, result.secondary, result.source_secret) == (0, 0, 2)
    assert result.note == ("Geheimhaltung: Nicht ausgewiesen sind 2 Felder, die bereits in der "
                           "Quelle geheim sind. „.“ = geheim.")


def test_one_source_secret_in_a_column_with_known_total_gets_a_partner():
    table = pd.DataFrame({"Ausländer": [np.nan, 6.0, 30.0]}, index=["Adorf", "Bedorf", "Cedorf"])
    status = pd.DataFrame({"Ausländer": [".", "", ""]}, index=table.index)
    result = suppress(table, status=status)
    assert result.table["Ausländer"].tolist() == [".", ".", "30"]
    assert (result.secondary, result.source_secret) == (1, 1)


def test_threshold_is_configurable_and_dash_status_is_a_zero():
    table = pd.DataFrame({"a": [4.0, np.nan, 9.0], "b": [8.0, 6.0, 12.0]}, index=list("xyz"))
    status = pd.DataFrame({"a": ["", "-", ""], "b": ["", "", ""]}, index=table.index)
    result = suppress(table, threshold=5, status=status, assume_totals_known=False)
    assert result.table.to_dict("list") == {"a": [".", "-", "9"], "b": ["8", "6", "12"]}
    assert "unter 5" in result.note and result.values.loc["y", "a"] == 0


def test_nothing_to_hide_says_so():
    result = suppress(pd.DataFrame({"a": [10, 20], "b": [30, 4000]}, index=["x", "y"]))
    assert result.table.loc["y", "b"] == "4.000"
    assert result.note == "Geheimhaltung geprüft: keine Fallzahl unter 3, nichts unterdrückt."


def test_rates_hide_small_or_secret_inputs():
    counts = suppress(pd.Series({"Adorf": 1.0, "Bedorf": 5.0, "Cedorf": 40.0, "Dedorf": 3.0}),
                      assume_totals_known=False)
    population = pd.Series({"Adorf": 200.0, "Bedorf": 8.0, "Cedorf": 400.0, "Dedorf": 0.0})
    rates = suppress_rates(counts, population)
    assert rates.table.to_dict() == {"Adorf": ".", "Bedorf": "/", "Cedorf": "10,0", "Dedorf": "x"}
    assert rates.values["Cedorf"] == pytest.approx(10.0)
    assert rates.mask.tolist() == [True, True, False, True]
    assert rates.note == (
        "Geheimhaltung: Nicht ausgewiesen sind 1 Wert („.“), weil Zähler oder Nenner geheim ist "
        "oder der Zähler unter 3 liegt und 2 Werte, weil die Bezugsgröße unter 10 liegt („/“) "
        "oder null ist („x“).")


def test_rates_per_thousand_from_plain_counts():
    rates = suppress_rates(pd.Series([2.0, 35.0]), pd.Series([1000.0, 7000.0]), per=1000)
    assert rates.table.tolist() == [".", "5,0"]


def test_check_published_finds_leaks_in_frames_and_html():
    table = with_totals(pd.DataFrame({"m": [10, 1, 7], "w": [12, 6, 2]}, index=["A", "B", "C"]))
    result = suppress(table, total_row="Insgesamt", total_column="Insgesamt")
    assert check_published(result.table, result) == []
    assert check_published(result.values, result) == []
    assert check_published(table, result) == [
        "Feld „B / m“ ist geheim, veröffentlicht ist aber „1“.",
        "Feld „B / w“ ist geheim, veröffentlicht ist aber „6“.",
        "Feld „C / m“ ist geheim, veröffentlicht ist aber „7“.",
        "Feld „C / w“ ist geheim, veröffentlicht ist aber „2“."]
    html = "<p>Text</p>" + table.to_html()
    assert len(check_published(html, result)) == 4
    assert check_published("<p>Text</p>" + result.table.to_html(), result) == []
    assert check_published("<table><tr><td>x</td></tr></table>", result) == [
        "Die geprüfte Tabelle wurde im veröffentlichten Ergebnis nicht gefunden."]


def test_the_attack_used_above_recovers_primary_only_suppression():
    table = with_totals(pd.DataFrame({"m": [10, 1, 7], "w": [12, 6, 2]}, index=["A", "B", "C"]))
    full, hidden = full_table(table, (table > 0) & (table < 3))
    assert peel(full, hidden) == {(1, 0), (2, 1)}
    assert determined(full, hidden) == [(1, 0), (2, 1)]
