"""The whole kommunales Integrationskonzept as one document (Word, PDF, HTML) from the stages that exist.

    from toolkit import konzept
    konzept.build("datasets/musterland", "16099", "build/musterland", plan="datasets/musterland/planung.xlsx")
    # → Integrationskonzept_Musterland.docx, .html, .pdf
    konzept.run("bundesweit/", "alle", "build/thueringen")   # 22 concepts + Thueringen-Vergleich.xlsx/.html

The room: `model` (the document as blocks, shared by both writers), `outline` (the chapters in order and their
numbers), the chapters `front` (Deckblatt, Impressum, Zusammenfassung, Auftrag), `analysis` (Datenanalyse, stage 1),
`strategy` (Handlungsstrategie, stages 3 and 4), `later` (stages 2 and 5, marked as missing), `annex`
(Maßnahmenblätter, Akteure, Datentabellen, Datengrundlage) with `sources`; the writers `layout` (page and column
widths), `word` (.docx), `page` (.html) and `pages` (contents page numbers from the printed PDF); `build` (files,
disclosure check, PDF); `batch` (all 22 districts in a process pool) with `compare` (the Thüringen-Vergleich);
`command` (what `ikpe konzept` calls).
"""
from toolkit.konzept.build import FORMATS, build, file_stem
from toolkit.konzept.command import formats, run

__all__ = ["FORMATS", "build", "file_stem", "formats", "run"]
