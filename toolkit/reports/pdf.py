"""HTML handout → PDF with Debian's Chromium (headless, no network)."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from toolkit.config import CHROMIUM
from toolkit.errors import UserError

__all__ = ["CHROMIUM", "QUIET_FLAGS", "print_pdf", "require_chromium"]

#: Keep Chromium from phoning home on a machine without internet.
QUIET_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer"]


def require_chromium() -> None:
    if not CHROMIUM.exists():
        raise UserError(f"Für PDF-Handouts wird Chromium gebraucht, {CHROMIUM} fehlt.",
                        hint="Als Administrator „apt-get install chromium“ ausführen, die Umgebungsvariable "
                             "IKPE_CHROMIUM auf einen installierten Chromium setzen oder die HTML-Handouts "
                             "im Browser öffnen und dort als PDF drucken.")


def print_pdf(html: Path) -> Path:
    """Print `html` to the PDF beside it and return that path."""
    require_chromium()
    pdf = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="ikpe-chromium-") as profile:
        done = subprocess.run([str(CHROMIUM), *QUIET_FLAGS, f"--user-data-dir={profile}",
                               f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                              capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not pdf.is_file():
        last = (done.stderr.strip().splitlines() or ["keine Meldung"])[-1]
        raise UserError(f"Chromium konnte das PDF nicht erzeugen ({last}).", file=html)
    return pdf
