"""Fuzzing the readers with mutated real files (Hypothesis): truncations, inserted bytes, changed separators and
encodings, duplicated, dropped and shuffled lines. Whatever the mutation, a reader returns a table or raises a
`UserError` with a German message — never another exception, never a hang (the test's time-out bounds it)."""
from __future__ import annotations

import collections
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import data
from toolkit.errors import UserError

#: Small real files of every format: classic Regionalstatistik CSV (old and 2025/26 layout), GENESIS-Online
#: CSV, GENESIS flat file (CSV and zip).
FILES = ["corpus/14340-01-02-5_00.csv", "corpus/AI-N-09_00.csv", "regionalstatistik/12411-01-01-4.csv",
         "current/13211-02-05-4.csv", "genesis-ffcsv/61111-0001_de_flat.csv", "genesis-ffcsv/21611-0002_de_flat.zip"]
SEPARATORS = [b";", b",", b"\t", b"|"]


@st.composite
def mutations(draw, original: bytes) -> bytes:
    """One or two mutations of `original`, as a user's editor, a broken download or a copy-paste makes them."""
    content = original
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["truncate", "insert", "separator", "encoding", "duplicate", "drop", "shuffle"]))
        lines = content.split(b"\n")
        at = draw(st.integers(0, max(len(content) - 1, 0)))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "truncate":
            content = content[:at]
        elif kind == "insert":
            content = content[:at] + draw(st.binary(min_size=1, max_size=8)) + content[at:]
        elif kind == "separator":
            content = content.replace(b";", draw(st.sampled_from(SEPARATORS)))
        elif kind == "encoding":
            text = content.decode("cp1252", errors="replace")
            content = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])), errors="replace")
        elif kind == "duplicate":
            content = b"\n".join(lines[:line + 1] + lines[line:])
        elif kind == "drop":
            content = b"\n".join(lines[:line] + lines[line + 1:])
        else:
            content = b"\n".join(draw(st.permutations(lines)))
    return content


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", FILES)
def test_a_mutated_real_file_reads_or_gets_a_german_error(realdata, tmp_path_factory, name):
    original = (realdata / name).read_bytes()
    if name.endswith(".zip"):
        import io
        import zipfile
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            member = archive.namelist()[0]
            original = archive.read(member)
        name = member

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutations(original))
    def reads(content: bytes) -> None:
        path = tmp_path_factory.mktemp("fuzz") / name.split("/")[-1]
        path.write_bytes(content)
        try:
            table = data.read(path)
        except UserError as error:
            assert error.message and "Traceback" not in str(error)
            return
        assert {"region_code", "value", "status"} <= set(table.columns)
        assert all(isinstance(w, str) and w for w in table.attrs.get("warnings", []))

    reads()


#: Real files whose data lines the property test below changes: classic Regionalstatistik CSV (Windows-1252, and
#: the 2025/26 layout), GENESIS-Online CSV with quality flags, GENESIS flat files (old wide and new long layout).
CHANGED = ["regionalstatistik/12411-01-01-4.csv", "current/13211-02-05-4.csv", "current/12411-0015_de.csv",
           "genesis-ffcsv/61111-0001_de_flat.csv", "current/12613-0013_de_flat.csv"]
#: A data row of a classic table: up to two filled key cells (time …), a region key, a name (header rows start
#: with an empty cell, title lines have no name beside a number).
DATA_ROW = re.compile(rb"^(?:[^;\r\n]+;){0,2}(?:DG|\d{2,12});[^;\r\n]+;")
EDITS = ["drop", "duplicate", "underscores", "blank", "cut after", "cut inside"]


def data_rows(content: bytes) -> list[int]:
    """Indices of the data lines: every line after the header of a flat file; the lines of a classic table
    before its footer that look like data rows."""
    lines = content.split(b"\n")
    if content.lstrip(b"\xef\xbb\xbf").startswith((b"statistics_code;", b"Statistik_Code;")):
        return [i for i, line in enumerate(lines) if i and line.strip()]
    footer = next(i for i, line in enumerate(lines) if line.startswith(b"_____"))
    return [i for i, line in enumerate(lines[:footer]) if DATA_ROW.match(line)]


def rows_of(table) -> collections.Counter:
    return collections.Counter(map(tuple, table.astype(str).to_numpy().tolist()))


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", CHANGED)
def test_a_change_to_the_data_rows_is_never_a_silently_different_table(realdata, tmp_path_factory, name):
    """A data line dropped, doubled, cut off or cut inside, a blank or underscore line put between data lines: the
    reader raises a UserError, or says something new in its warnings, or returns exactly the original table less
    (or plus) the rows of the lines removed (or doubled) — and where no data was touched (a blank or underscore
    line), the original table. Never silently another table."""
    original = (realdata / name).read_bytes()
    before = data.read(realdata / name)
    lines, rows = original.split(b"\n"), data_rows(original)
    per_line, rest = divmod(len(before), len(rows))
    assert rows and not rest, "every data line gives the same number of table rows"
    said, counted = set(before.attrs["warnings"]), rows_of(before)

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.sampled_from(EDITS), st.sampled_from(rows), st.integers(0, 10_000))
    def changed(edit: str, line: int, at: int) -> None:
        end = b"\r" if lines[line].endswith(b"\r") else b""
        removed, added = {"drop": 1, "cut after": len([r for r in rows if r > line])}.get(edit, 0), 0
        if edit == "drop":
            new = lines[:line] + lines[line + 1:]
        elif edit == "duplicate":
            new, added = lines[:line + 1] + lines[line:], 1
        elif edit in ("underscores", "blank"):
            new = lines[:line] + [(b"_" * 10 if edit == "underscores" else b"") + end] + lines[line:]
        elif edit == "cut after":
            new = lines[:line + 1] + [b""]
        else:  # cut inside the line, somewhere after its first byte
            new = lines[:line] + [lines[line][:1 + at % max(len(lines[line]) - 1, 1)]]
        path = tmp_path_factory.mktemp("changed") / name.split("/")[-1]
        path.write_bytes(b"\n".join(new))
        try:
            after = data.read(path)
        except UserError as error:
            assert error.message and error.file
            return
        if set(after.attrs["warnings"]) - said:
            return
        assert edit != "cut inside", "a line cut inside is an error or said"
        got = rows_of(after)
        if edit in ("underscores", "blank"):
            assert got == counted, f"{edit} line before line {line + 1} changed the table"
        else:
            assert sum(got.values()) == len(before) + per_line * (added - removed), f"{edit} line {line + 1}"
            assert not got - counted - (counted if added else collections.Counter()), f"{edit}: rows not in the file"

    changed()


#: What a user or a broken export puts into a BA workbook's cells.
CELL_VALUES = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                        st.sampled_from(["*", "-", ".", "x", "", "inf", "nan", "1" * 400, "16051", "16051 Erfurt",
                                         "=SUMME(A1:A3)", "Quelle: Statistik der BA", "Juni 2024", "31.12.2023"]),
                        st.text(max_size=12))


@pytest.mark.timeout(600)
def test_a_generated_ba_workbook_with_odd_cells_reads_or_gets_a_german_error(tmp_path_factory):
    """Cells of a BA workbook overwritten with numbers, infinities, markers, keys, text — also far away at the
    sheet's end (XFD1048576) — and ranges merged: a table with only finite values, or a UserError; never another
    exception, never a walk over the used range (the time-out bounds it)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    from tests.data.conftest import ba_workbook
    template = ba_workbook(tmp_path_factory.mktemp("ba") / "ba.xlsx")
    places = st.tuples(st.integers(1, 14), st.integers(1, 8)) | st.sampled_from([(1048576, 16384), (5000, 3)])

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(places, CELL_VALUES), min_size=1, max_size=6),
           st.lists(st.tuples(st.integers(1, 12), st.integers(2, 6)), max_size=2))
    def edited(cells, merges) -> None:
        workbook = load_workbook(template)
        ws = workbook.active
        for (row, column), value in cells:
            try:
                ws.cell(row, column).value = value
            except (AttributeError, IllegalCharacterError):  # a merged cell, or text Excel cannot hold: not written
                continue
        for row, column in merges:
            ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 1)
        path = tmp_path_factory.mktemp("edited") / "ba.xlsx"
        workbook.save(path)
        try:
            table = data.read(path)
        except UserError as error:
            assert error.message and error.file
            return
        values = table["value"].to_numpy(dtype=float)
        assert np.isfinite(values[~np.isnan(values)]).all()
        assert all(isinstance(w, str) and w for w in table.attrs.get("warnings", []))

    edited()
