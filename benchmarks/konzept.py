"""`ikpe konzept` for Landkreis Musterland, cold, against its floor, in one process.

Konzept: the CLI in a fresh process with an empty cache folder (IKPE_CACHE_DIR), so tables are read and
indicators computed as on a first run, then Word, HTML and PDF written. Floor: a fresh process importing pandas
and matplotlib — what any run pays before its first table; the concept starts no kernel, so no kernel runs are
added to it (the issue's floor: as many empty kernel runs as the work starts, here none).

    python benchmarks/konzept.py [--rounds 3]
    python benchmarks/konzept.py --alle ../shared/realdata/regionalstatistik   # plus the batch of all 22

With --alle: one district (16063) and then all 22 from the same whole-Germany folder, both on a warm cache (what
each worker of the batch finds), and `RESULT batch_efficiency` = (22 × one district ÷ cores) ÷ batch wall time;
goal ≥ 0.85.

Floor and concept alternate for a few rounds and the best of each counts: the machine is shared, and the minimum
is the figure least disturbed by other work. Prints `RESULT konzept_seconds` and `RESULT konzept_vs_floor`.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT

IKPE = [sys.executable, "-m", "toolkit.cli"]


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="Durchgänge (Vorgabe: 3)")
    parser.add_argument("--alle", metavar="ORDNER", help="bundesweiter Datenordner: auch alle 22 Kreise messen")
    args = parser.parse_args()
    floors, runs = [], []
    with tempfile.TemporaryDirectory(prefix="ikpe-bench-") as work:
        for round_ in range(args.rounds):
            env = {**os.environ, "IKPE_CACHE_DIR": str(Path(work) / f"cache{round_}")}
            floors.append(_timed([sys.executable, "-c", "import pandas, matplotlib"], env))
            runs.append(_timed([*IKPE, "konzept", "--data", str(DEMO_DATA_DIR), "--kreis", DEMO_DISTRICT,
                                "--plan", str(DEMO_DATA_DIR / "planung.xlsx"), "--out", str(Path(work) / "out")], env))
            print(f"Durchgang {round_ + 1}: Boden {floors[-1]:.2f} s, Konzept {runs[-1]:.2f} s", flush=True)
    print(f"RESULT konzept_seconds {min(runs):.2f}")
    print(f"RESULT floor_seconds {min(floors):.2f}")
    print(f"RESULT konzept_vs_floor {min(runs) / min(floors):.1f}")
    if args.alle:
        _batch(Path(args.alle))


def _batch(folder: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="ikpe-bench-alle-") as work:
        env = {**os.environ, "IKPE_CACHE_DIR": str(Path(work) / "cache")}
        konzept = [*IKPE, "konzept", "--data", str(folder), "--out"]
        _timed([*konzept, str(Path(work) / "warm"), "--kreis", "16063"], env)      # fills the cache
        one = _timed([*konzept, str(Path(work) / "one"), "--kreis", "16063"], env)
        start = time.perf_counter()
        subprocess.run([*konzept, str(Path(work) / "alle"), "--kreis", "alle"], env=env, stdout=subprocess.DEVNULL)
        batch = time.perf_counter() - start
    cores = os.cpu_count() or 1
    print(f"RESULT one_district_seconds {one:.2f}")
    print(f"RESULT batch_seconds {batch:.2f}")
    print(f"RESULT batch_efficiency {22 * one / cores / batch:.2f}")


if __name__ == "__main__":
    main()
