"""Reader speed: `toolkit.data.read` vs `pandas.read_csv` on the same data rows.

Generates a Germany-sized Gemeinde table in the classic Regionalstatistik format (~11 000 regions
× 10 years × 3 value columns, Windows-1252, markers, decimal comma, title, header and footer) into
a temporary directory, then times

- the reader on the whole file (detection, parsing, markers, checks, reshaping to the tidy table),
- `pandas.read_csv` on a copy holding only the data rows (header and footer stripped beforehand),

in the same process, alternating, fastest of several runs each. The last line is `RESULT reader_vs_read_csv <ratio>`.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import data

REGIONS, YEARS, RUNS = 11_000, range(2014, 2024), 9

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
