"""Fuzzing the planning workbook (Hypothesis): generated workbooks whose cells hold anything a user or another
program puts there — text of every kind, huge and odd numbers, dates far out, formulas, booleans, empty required
cells, wrong types, stray cells beside the table — and plans edited in memory as the apps do (control
characters included) go through load → check → every export → save. Never a traceback: a German `UserError`
or findings; never a hang (the test's time-out bounds it)."""
from __future__ import annotations

import datetime as dt
import string

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from toolkit import massnahmenplanung, plan, zielfindung
from toolkit.errors import UserError

#: The sheets a learner fills, with the number of their columns.
SHEETS = {s.title: len(s.headers) for key, s in plan.SHEETS.items()
          if key in ("handlungsfelder", "ziele", "indikatoren", "massnahmen", "status")}
WORDS = ["Spracherwerb und Bildung", "HF1", "HF3-M1", "HZ3.1.1", "LZ3", "MZ3.1", "Leitziel", "Handlungsziel",
         "ESF", "Schwerpunkt", "begonnen", "03/2026 Auftakt; 13/2026 x", "01.01.0001", "31.12.9999", "2026-02-30",
         "1.000,50", "ca. 5000", "-5", "1e308", "inf", "NaN", "$x$", r"$_^{}$", "<script>", "Handlungsfeld"]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    st.sampled_from(WORDS), TEXT, st.text(alphabet=string.printable, min_size=200, max_size=3000),
    st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 1, 1)),
    st.sampled_from(["=1/0", "=SUMME(A1:A3)", "=12*450", '=HYPERLINK("http://x";"y")', "=A2"]),
    st.none())
#: What the apps may put into a cell in memory: the above and text with control characters.
MEMORY = st.one_of(VALUES, st.text(alphabet=st.characters(max_codepoint=0x20), min_size=1, max_size=10),
                   st.floats(), st.integers(-10**400, 10**400))


@st.composite
def edits(draw, values, rows: int = 8) -> list[tuple[str, int, int, object]]:
    """A few cells to write: (sheet, row, column, value); columns one past the table included (a stray cell)."""
    return draw(st.lists(st.tuples(st.sampled_from(sorted(SHEETS)), st.integers(2, rows),
                                   st.integers(1, max(SHEETS.values()) + 1), values), min_size=1, max_size=25))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    """A plan with a goal chain and two measures, as bytes (every example starts from it)."""
    path = plan.new_plan(tmp_path_factory.mktemp("vorlage") / "planung.xlsx", "eisenach")
    p = plan.load_plan(path)
    field = plan.cell_text(p.handlungsfelder["Handlungsfeld"].iloc[2])
    goals = [["LZ3", "Leitziel", None, field, "Alle lernen Deutsch."],
             ["MZ3.1", "Mittlerziel", "LZ3", field, "Mehr Kita."],
             ["HZ3.1.1", "Handlungsziel", "MZ3.1", field, "Quote 60 %."]]
    p.ziele = plan.save._frame([g + [None] * (len(p.ziele.columns) - 5) for g in goals], list(p.ziele.columns))
    measure = {"ID": "HF3-M1", "Handlungsfeld": field, "Ziel-ID(s)": "HZ3.1.1", "Titel": "Lotsinnen",
               "Beginn": dt.date(2026, 1, 1), "Ende": dt.date(2027, 6, 30), "Meilensteine": "03/2026 Auftakt",
               "Personal (VZÄ)": 0.5, "Sachkosten (€)": 1200, "Finanzierung": "ESF", "Priorität": "Schwerpunkt",
               "Wirkungsebene": 3, "Status": "begonnen"}
    p.massnahmen = plan.save._frame([[m.get(c) for c in p.massnahmen.columns]
                                     for m in (measure, {**measure, "ID": "HF3-M2"})], list(p.massnahmen.columns))
    plan.save_plan(p, path)
    return path.read_bytes()


def _through_everything(path, folder) -> None:
    """What `ikpe plan check` and `ikpe plan export` do with the file; a UserError is the only way out."""
    try:
        p = plan.load_plan(path)
    except UserError as error:
        assert error.message
        return
    try:
        found = plan.check_plan(p) + massnahmenplanung.problems(p) + zielfindung.problems(p, None, dt.date(2026, 6, 1))
        assert all(isinstance(f.message, str) and f.message for f in found)
        for suffix, write in massnahmenplanung.EXPORTS.values():
            write(p, folder / f"katalog{suffix}")
        massnahmenplanung.justifications(p)
        plan.save_plan(p, folder / "gespeichert.xlsx")
    except UserError as error:
        assert error.message and "Traceback" not in str(error)


#: No shrinking: an example takes seconds, shrinking one took minutes; the failing example is printed as found.
SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@pytest.mark.timeout(900)
def test_a_generated_workbook_checks_and_exports_or_gets_a_german_error(template, tmp_path_factory):
    @SETTINGS
    @given(edits(VALUES))
    def goes_through(cells) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        path = folder / "planung.xlsx"
        path.write_bytes(template)
        book = openpyxl.load_workbook(path)
        for sheet, row, column, value in cells:
            # a cell of an .xlsx holds no control characters but tab and line breaks (the in-memory test has them)
            book[sheet].cell(row, column).value = ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) \
                else value
        book.save(path)
        _through_everything(path, folder)

    goes_through()


@pytest.mark.timeout(900)
def test_a_plan_edited_in_memory_checks_exports_and_saves_or_gets_a_german_error(template, tmp_path_factory):
    """The apps set values in the DataFrames: control characters, inf, NaN and 400-digit numbers get there too."""
    @SETTINGS
    @given(edits(MEMORY, rows=4))
    def goes_through(cells) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        path = folder / "planung.xlsx"
        path.write_bytes(template)
        p = plan.load_plan(path)
        keys = {s.title: key for key, s in plan.SHEETS.items()}
        for sheet, row, column, value in cells:
            table = getattr(p, keys[sheet])
            headers = plan.SHEETS[keys[sheet]].headers
            table.loc[row, headers[(column - 1) % len(headers)]] = value
        try:
            plan.save_plan(p, path)
        except UserError as error:
            assert error.message
            return
        _through_everything(path, folder)

    goes_through()
