"""`ikpe konzept --data DIR --kreis CODE [--plan FILE] --out DIR`: what the CLI calls."""
from __future__ import annotations

import logging
from pathlib import Path

from toolkit.konzept.build import FORMATS, build

logger = logging.getLogger(__name__)


def formats() -> tuple[str, ...]:
    """All three files, the PDF only where Chromium is installed (the demo then says how to get it)."""
    from toolkit.reports.pdf import CHROMIUM
    if CHROMIUM.exists():
        return FORMATS
    logger.warning("Hinweis: %s fehlt, das Konzept wird ohne PDF geschrieben (apt-get install chromium).", CHROMIUM)
    return tuple(f for f in FORMATS if f != "pdf")


def run(data: str, kreis: str, out: str, plan: str | None = None) -> int:
    """Write one district's concept (`kreis` „alle“: all of Thuringia, see `batch`); exit code 0, 1 when a district
    of „alle“ failed (user errors of one district reach the CLI as `UserError`: exit 2)."""
    from toolkit.data.regions import pad_code
    if kreis.strip().lower() == "alle":
        from toolkit.konzept.batch import build_all
        if plan:
            logger.warning("--plan gilt nur für einen Kreis; bei „alle“ liegt je Kreis <Kreisschlüssel>/planung.xlsx "
                           "im Datenordner.")
        return build_all(data, out, formats())
    for path in build(Path(data), pad_code(kreis.strip()), Path(out), plan=plan):
        print(f"Geschrieben: {path}")
    return 0
