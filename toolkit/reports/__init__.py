"""Handouts: executed notebooks → print-ready HTML (and PDF), code hidden, nothing fetched online.

Course notebooks call `publish_meta(...)` once; the renderer reads it for the title block.
`render_handouts` is loaded lazily so notebooks importing `publish_meta` do not pay for nbconvert.
"""
from __future__ import annotations

from toolkit.config import JUPYTER_DATA_DIR

__all__ = ["JUPYTER_DATA_DIR", "META_MIME", "publish_meta", "render_handouts"]

#: Custom MIME type of the title-block metadata; Jupyter and Voila show only the empty text/plain.
META_MIME = "application/vnd.ikpe.meta+json"


def publish_meta(title: str, district: str, sources: list[str], licence: str) -> None:
    """Declare the handout's title block: title, district, data source lines and licence line."""
    from IPython.display import display
    meta = {"title": title, "district": district, "sources": list(sources), "licence": licence}
    display({META_MIME: meta, "text/plain": ""}, raw=True)


def __getattr__(name: str):
    if name == "render_handouts":
        from toolkit.reports.handout import render_handouts
        return render_handouts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
