"""`python -m toolkit.demo [OUT_DIR]`: write the demo district's data files and its example plan.

OUT_DIR defaults to datasets/musterland. The data files and the plan (planung.xlsx, its save times fixed to the
plan's Stand) come out byte for byte the same on every run.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from toolkit import log
from toolkit.config import DEMO_DATA_DIR
from toolkit.demo import data, plan

logger = logging.getLogger("toolkit.demo")  # not __main__: a child of the toolkit logger


def main(argv: list[str] | None = None) -> int:
    """Write the data files into the folder given (else datasets/musterland), then the plan from them."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEMO_DATA_DIR
    with log.to_console():
        paths = data.generate(out)
        logger.info("%d Dateien geschrieben nach %s", len(paths), out)
        logger.info("Beispielplan geschrieben: %s", plan.generate(out / plan.FILE_NAME, out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
