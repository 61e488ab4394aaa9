"""`python -m toolkit.demo [OUT_DIR]`: write the demo district's data files and its example plan.

OUT_DIR defaults to datasets/musterland. The data files come out byte for byte the same on every run;
the plan (planung.xlsx) has the same cell values, its bytes carry the time it was saved.
"""
from __future__ import annotations

import sys
from pathlib import Path

from toolkit.config import DEMO_DATA_DIR
from toolkit.demo import data, plan


def main(argv: list[str] | None = None) -> int:
    """Write the data files into the folder given (else datasets/musterland), then the plan from them."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEMO_DATA_DIR
    paths = data.generate(out)
    print(f"{len(paths)} Dateien geschrieben nach {out}")
    print(f"Beispielplan geschrieben: {plan.generate(out / plan.FILE_NAME, out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
