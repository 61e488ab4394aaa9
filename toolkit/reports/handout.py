"""Executed notebooks → HTML handouts: outputs only, title block, images inline, A4 print CSS."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.plan.save import write_then_replace
from toolkit.reports import JUPYTER_DATA_DIR, META_MIME
from toolkit.reports.pdf import print_pdf, require_chromium

logger = logging.getLogger(__name__)

HIDDEN_TAGS = {"parameters", "injected-parameters"}


class HandoutPreprocessor(Preprocessor):
    """Move the `publish_meta` output into `resources["handout"]`; drop stderr (warnings)."""

    def preprocess(self, nb, resources):
        meta = None
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = next((o.data[META_MIME] for o in cell.outputs if META_MIME in o.get("data", {})), meta)
            cell.outputs = [o for o in cell.outputs
                            if META_MIME not in o.get("data", {}) and o.get("name") != "stderr"]
        resources["handout"] = _title_block(meta, nb.metadata.get("papermill", {}), resources)
        return nb, resources


def _title_block(meta: dict | None, papermill_meta: dict, resources: dict) -> dict:
    """Title, district, German date, source and licence lines; without meta: name and parameters."""
    ended = papermill_meta.get("end_time")
    date = fmt.date(ended) if ended else fmt.date(dt.date.today())
    if meta:
        return {**meta, "date": date}
    parameters = dict(papermill_meta.get("parameters", {}))
    data_dir = parameters.pop("data_dir", "")
    return {"title": resources["metadata"]["name"].replace("_", " "), "district": Path(data_dir).name,
            "date": date, "licence": "",
            "sources": [f"Parameter: {', '.join(f'{k} = {v}' for k, v in parameters.items())}"] if parameters else []}


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(template_name="ikpe_handout", language_code="de", embed_images=True,
                            extra_template_basedirs=[str(JUPYTER_DATA_DIR / "nbconvert" / "templates")],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS), enabled=True)
    exporter.register_preprocessor(HandoutPreprocessor(), enabled=True)
    return exporter


def render_handouts(build_dir: Path, pdf: bool = False) -> list[Path]:
    """Every executed notebook under `build_dir` → `build_dir/handouts/<name>.html` (and `.pdf`)."""
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        raise UserError("Ordner mit gerechneten Notebooks nicht gefunden.", file=build_dir,
                        hint="Zuerst „ikpe run … --out ORDNER“ oder „ikpe demo“ ausführen.")
    if pdf:
        require_chromium()
    handouts = build_dir / "handouts"
    exporter = _exporter()
    written = []
    for notebook in _executed_notebooks(build_dir, handouts):
        nb = nbformat.read(notebook, as_version=4)
        if nb.metadata.get("papermill", {}).get("exception"):
            logger.warning("Hinweis: „%s“ ist mit einem Fehler abgebrochen – kein Handout.", notebook.name)
            continue
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
        target = (handouts / notebook.relative_to(build_dir)).with_suffix(".html")
        write_then_replace(target, lambda handle, html=html: handle.write(html.encode("utf-8")))
        written.append(target)
        if pdf:
            written.append(print_pdf(target))
    return written


def _executed_notebooks(build_dir: Path, handouts: Path) -> list[Path]:
    return sorted(p for p in build_dir.rglob("*.ipynb")
                  if handouts not in p.parents and ".ipynb_checkpoints" not in p.parts)
