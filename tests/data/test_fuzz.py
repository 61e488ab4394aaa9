"""Fuzzing the readers with mutated real files (Hypothesis): truncations, inserted bytes, changed separators and
encodings, duplicated, dropped and shuffled lines. Whatever the mutation, a reader returns a table or raises a
`UserError` with a German message — never another exception, never a hang (the test's time-out bounds it)."""
from __future__ import annotations

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
