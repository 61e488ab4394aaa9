"""Reader speed: `toolkit.data.read` vs `pandas.read_csv` on the same data rows.

Generates a Germany-sized Gemeinde table in the classic Regionalstatistik format (~11 000 regions
× 10 years × 3 value columns, Windows-1252, markers, decimal comma, title, header and footer) into
a temporary directory, then times

- the reader on the whole file (detection, parsing, markers, checks, reshaping to the tidy table),
- `pandas.read_csv` on a copy holding only the data rows (header and footer stripped beforehand),

in the same process, alternating, fastest of several runs each: `RESULT reader_vs_read_csv <ratio>`.

Then the real corpus `../shared/realdata/corpus/` (175 whole-Germany Regionaldatenbank exports, relative
to the project root; skipped with a note if absent): per file, determined once beforehand and outside
the timing, its encoding (UTF-8 or Windows-1252), the number of lines before the first data row and the
footer start; then, alternating per file, the reader on the file against
`pandas.read_csv(BytesIO(bytes), sep=";", encoding=…, skiprows=…, nrows=…, header=None)` on the same
bytes, fastest of several runs per file, summed over the files: `RESULT corpus_vs_read_csv <ratio>`.
Files the reader rejects are left out of both sides and named.
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
import warnings
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import data
from toolkit.config import PROJECT_ROOT
from toolkit.errors import UserError

REGIONS, YEARS, RUNS = 11_000, range(2014, 2024), 9
CORPUS, CORPUS_RUNS = PROJECT_ROOT.parent / "shared" / "realdata" / "corpus", 5
#: A data row: up to two filled key cells (time, …), then a region key (DG or digits) and a name;
#: header rows start with empty key cells (";;2015;2015" is a header).
DATA_ROW = re.compile(rb"^(?:[^;\n]+;){0,2}(?:DG|\d{2,12});[^;\n]+;", re.M)
FOOTER = re.compile(rb"^_{5,}", re.M)

HEAD = """GENESIS-Tabelle: 99999-01-01-5
Bevölkerung und Ausländeranteil nach Gemeinden;;;;;
- Stichtag 31.12. - regionale Tiefe: Gemeinden;;;;;
Fortschreibung des Bevölkerungsstandes (Benchmark);;;;;
;;;Bevölkerung;Bevölkerung;Ausländeranteil
;;;Insgesamt;Ausländer;Prozent
;;;Anzahl;Anzahl;Prozent
"""
FOOT = """__________
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2024.
Dieses Werk ist lizensiert unter der Datenlizenz Deutschland
- Namensnennung - Version 2.0."
Stand: 01.03.2024 / 10:00:00
"""


def data_rows(rng: np.random.Generator) -> str:
    codes = np.array([f"{1 + i % 16:02d}{i:06d}" for i in range(REGIONS)])
    names = np.array([f"      Gemeinde Nummer {i}" for i in range(REGIONS)])
    frame = pd.DataFrame({
        "time": np.repeat([str(y) for y in YEARS], REGIONS),
        "code": np.tile(codes, len(YEARS)), "name": np.tile(names, len(YEARS))})
    total = rng.integers(50, 600_000, len(frame))
    foreign = (total * rng.uniform(0, 0.2, len(frame))).astype(int)
    frame["total"] = total.astype(str)
    frame["foreign"] = foreign.astype(str)
    frame["share"] = np.char.replace(np.round(100 * foreign / total, 1).astype(str), ".", ",")
    frame.loc[rng.random(len(frame)) < 0.02, "foreign"] = "."
    frame.loc[rng.random(len(frame)) < 0.01, ["foreign", "share"]] = "-"
    return frame.to_csv(sep=";", header=False, index=False, lineterminator="\n")


def best_of_alternating(*calls) -> list[float]:
    """Fastest of RUNS runs per call, the calls alternating so that load from other processes
    on the machine hits both alike."""
    times = [[] for _ in calls]
    for _ in range(RUNS):
        for call, spent in zip(calls, times):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [min(t) for t in times]


def baseline_arguments(raw: bytes) -> dict:
    """Encoding, head lines and data rows of one classic export, found outside the timed part."""
    try:
        raw.decode("utf-8")
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    first = DATA_ROW.search(raw).start()
    footer = FOOTER.search(raw, first)
    end = footer.start() if footer else len(raw.rstrip())
    head = raw.count(b"\n", 0, first)
    return {"encoding": encoding, "skiprows": head, "nrows": raw.count(b"\n", first, end)}


def corpus(folder: Path) -> int:
    """The reader against pandas.read_csv on every file of the real corpus the reader accepts."""
    if not folder.is_dir():
        print(f"Korpus fehlt / corpus missing: {folder} – Teil übersprungen / part skipped")
        return 0
    files, rejected = [], []
    for path in sorted(folder.glob("*.csv")):
        try:
            data.read(path)
        except UserError:
            rejected.append(path.name)
            continue
        raw = path.read_bytes()
        files.append((path, raw, baseline_arguments(raw)))
    reader, baseline = {f[0].name: [] for f in files}, {f[0].name: [] for f in files}
    for _ in range(CORPUS_RUNS):
        for path, raw, arguments in files:
            start = time.perf_counter()
            data.read(path)
            middle = time.perf_counter()
            pd.read_csv(BytesIO(raw), sep=";", header=None, decimal=",", **arguments)
            reader[path.name].append(middle - start)
            baseline[path.name].append(time.perf_counter() - middle)
    ours = {name: min(t) for name, t in reader.items()}
    theirs = {name: min(t) for name, t in baseline.items()}
    size = sum(len(raw) for _, raw, _ in files)
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB read by both; "
          f"{len(rejected)} rejected by the reader, left out of both: {', '.join(rejected) or '–'}")
    sizes = {path.name: len(raw) for path, raw, _ in files}
    classes = [(f"{low // 1000}–{high // 1000} KB" if high < 10**9 else f">{low // 1000} KB", low, high)
               for low, high in [(0, 100_000), (100_000, 1_000_000), (1_000_000, 10**9)]]
    by_size = [(label, [n for n in sizes if low <= sizes[n] < high]) for label, low, high in classes]
    print("ratio by file size: " + ", ".join(
        f"{label} ({len(names)} files) {sum(ours[n] for n in names) / sum(theirs[n] for n in names):.2f}"
        for label, names in by_size if names))
    slowest = sorted(ours, key=lambda name: ours[name] / theirs[name], reverse=True)[:5]
    print("highest per-file ratios: " + ", ".join(f"{n} {ours[n] / theirs[n]:.1f}" for n in slowest))
    print(f"pandas.read_csv (data rows, known encoding/skiprows/nrows): {sum(theirs.values()) * 1000:.0f} ms")
    print(f"toolkit.data.read (whole files):                           {sum(ours.values()) * 1000:.0f} ms")
    print(f"RESULT corpus_vs_read_csv {sum(ours.values()) / sum(theirs.values()):.2f}")
    return 0


def main() -> int:
    rows = data_rows(np.random.default_rng(1))
    with tempfile.TemporaryDirectory() as tmp:
        full, stripped = Path(tmp) / "gemeinden.csv", Path(tmp) / "nur_daten.csv"
        full.write_bytes((HEAD + rows + FOOT).encode("cp1252"))
        stripped.write_bytes(rows.encode("cp1252"))
        table = data.read(full)
        baseline, reader = best_of_alternating(
            lambda: pd.read_csv(stripped, sep=";", header=None, decimal=",", encoding="cp1252", dtype={0: str, 1: str}),
            lambda: data.read(full))
        size = full.stat().st_size
    print(f"file: {size / 1e6:.1f} MB, {len(table):,} values in the tidy table")
    print(f"pandas.read_csv (data rows only): {baseline * 1000:.0f} ms")
    print(f"toolkit.data.read (whole file):   {reader * 1000:.0f} ms")
    print(f"RESULT reader_vs_read_csv {reader / baseline:.2f}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return corpus(CORPUS)


if __name__ == "__main__":
    sys.exit(main())
