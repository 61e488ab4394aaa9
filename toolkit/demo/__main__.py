"""`python -m toolkit.demo [OUT_DIR]`: write the demo district's data files and its example plan, then its newer
data vintage with the plan's Fortschreibung (stage 5).

OUT_DIR defaults to datasets/musterland; the newer vintage goes beside it (datasets/musterland_2026). The data files
and the plans (planung.xlsx, their save times fixed to the plan's Stand) come out byte for byte the same on every run.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from toolkit import log
from toolkit.config import DEMO_DATA_DIR, DEMO_UPDATE_DIR
from toolkit.demo import data, monitoring, plan

logger = logging.getLogger("toolkit.demo")  # not __main__: a child of the toolkit logger


def main(argv: list[str] | None = None) -> int:
    """Write the data files into the folder given (else datasets/musterland), then the plan from them; then the
    newer vintage into the folder beside it (musterland_2026) and the plan's Fortschreibung into that."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEMO_DATA_DIR
    update = out.parent / DEMO_UPDATE_DIR.name
    with log.to_console():
        paths = data.generate(out)
        logger.info("%d Dateien geschrieben nach %s", len(paths), out)
        logger.info("Beispielplan geschrieben: %s", plan.generate(out / plan.FILE_NAME, out))
        paths = monitoring.generate_update(update)
        logger.info("%d Dateien (Datenstand %d) geschrieben nach %s", len(paths), monitoring.NEW_YEAR, update)
        logger.info("Fortschreibung geschrieben: %s",
                    monitoring.write_fortschreibung(out / plan.FILE_NAME, update / plan.FILE_NAME))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
