"""The catalogue as Word (A4 landscape), print-ready HTML and Excel, written atomically; `ikpe plan export`."""
from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from matplotlib.figure import Figure

from toolkit import charts, fmt
from toolkit.errors import UserError
from toolkit.markup import html, table
from toolkit.massnahmenplanung.catalogue import (
    NO_FIELD,
    NO_VALUE,
    NUMERIC,
    STAFF,
    TITLE,
    WIDTHS,
    by_field,
    catalogue_table,
    catalogue_tables,
    overview,
)
from toolkit.massnahmenplanung.chains import chains
from toolkit.massnahmenplanung.costs import budget, budget_text
from toolkit.massnahmenplanung.figures import COLOURS, GREY, _gantt_lines, budget_figure
from toolkit.plan import (
    Plan,
    cell_text,
    is_number,
    load_plan,
    set_cell,
    write_then_replace,
)

PAGE_CM, MARGIN_CM = (29.7, 21.0), 1.5


# --- exports --------------------------------------------------------------------------------------

def to_word(plan: Plan, path: str | Path, title: str | None = None) -> Path:
    """The Maßnahmenkatalog as Word (A4 landscape): title, date line, one table per Handlungsfeld
    (header row repeated on every page), then the budget table."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title or TITLE, level=0)
    document.add_paragraph(_date_line(plan))
    for field, measures in catalogue_tables(plan):
        document.add_heading(field, level=1)
        _word_table(document, measures, [WIDTHS[c] for c in measures.columns])
    document.add_heading("Budget: Sachkosten und Personal je Jahr", level=1)
    text = budget_text(plan).reset_index()
    _word_table(document, text, [3] + [1] * (len(text.columns) - 1))
    return _save(path, document.save)


def _date_line(plan: Plan) -> str:
    fields = sum(field != NO_FIELD for field, _ in by_field(plan))
    return f"Stand: {fmt.date(dt.date.today())} – {len(plan.massnahmen)} Maßnahmen in {fields} Handlungsfeldern"


def _word_table(document, frame: pd.DataFrame, weights: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style, table.autofit = "Table Grid", False
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(header.cells, frame.columns):
        cell.text = str(name)
        cell.paragraphs[0].runs[0].bold = True
    for values in frame.itertuples(index=False):
        for cell, value, column in zip(table.add_row().cells, values, frame.columns):
            title, rest = _title_and_rest(column, value)
            cell.paragraphs[0].add_run(title).bold = True
            cell.paragraphs[0].add_run("\n" * bool(title and rest) + rest)
    width = PAGE_CM[0] - 2 * MARGIN_CM
    for column, weight in zip(table.columns, weights):
        for cell in column.cells:
            cell.width = Cm(width * weight / sum(weights))
            for run in (r for p in cell.paragraphs for r in p.runs):
                run.font.size = Pt(8)


def to_html(plan: Plan, path: str | Path, title: str | None = None) -> Path:
    """One self-contained HTML file (no external resource, no script; prints A4 landscape):
    overview, one table per Handlungsfeld, Zeitplan, budget and every measure's justification."""
    title, money = title or TITLE, budget(plan)
    parts = [f"<h1>{html(title)}</h1>", f"<p class='stand'>{html(_date_line(plan))}</p>",
             "<h2>Maßnahmen je Handlungsfeld und Priorität</h2>", table(overview(plan).reset_index(), css="")]
    for field, measures in catalogue_tables(plan):
        parts += [f"<h2>{html(field)}</h2>", table(measures, widths={c: WIDTHS[c] for c in measures.columns},
                                                   css="katalog", strong_first_line=["Maßnahme"])]
    parts += ["<h2>Zeitplan</h2>", timeline_html(plan),
              "<h2>Budget</h2>", table(budget_text(plan, money).reset_index(), css=""),
              _img(budget_figure(plan, money), "Sachkosten je Jahr nach Finanzierung"),
              "<h2>Begründung der gewählten Maßnahmen</h2>"]
    parts += [_html_chain(heading, sections) for heading, sections in chains(plan)]
    page = (f"<!DOCTYPE html>\n<html lang='de'>\n<head>\n<meta charset='utf-8'>\n<title>{html(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
    return _save(path, lambda handle: handle.write(page.encode("utf-8")))


CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #222; margin: 1.5em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; } h2 { font-size: 13pt; margin-top: 1.6em; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; } .stand { color: #555; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 8.5pt; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3px 4px; vertical-align: top; text-align: left;
         overflow-wrap: break-word; hyphens: auto; }
table.katalog { table-layout: fixed; font-size: 8pt; }
th { background: #dde6f0; }
img { max-width: 100%; } .kette { break-inside: avoid; } .kette ul { margin: 0.2em 0 0.6em; }
table.zeitplan { table-layout: fixed; font-size: 7.5pt; } table.zeitplan col.name { width: 30%; }
table.zeitplan td, table.zeitplan th { padding: 1px 4px; border-color: #ccc; }
table.zeitplan tr.feld th { background: #f2f2f2; }
.spur, th.jahre { position: relative; background-image: linear-gradient(to right, #999 1px, transparent 1px);
                  print-color-adjust: exact; -webkit-print-color-adjust: exact; }
th.jahre { height: 1.3em; } th.jahre span { position: absolute; top: 1px; text-align: center; }
.balken { position: absolute; top: 50%; height: 0; margin-top: -0.45em; border-top: 0.9em solid; }
.ms { position: absolute; top: 50%; transform: translate(-50%, -50%); font-size: 7pt; }
.spur i { color: #595959; } .farbe { display: inline-block; width: 1.2em; border-top: 0.8em solid; }
@media print { body { margin: 0; } }
"""


def timeline_html(plan: Plan, colour_by: str = "Priorität") -> str:
    """The Zeitplan of `gantt_figure` as an HTML table (a line per measure, its bar and Meilensteine placed by
    CSS on the years of the plan): as cheap as the catalogue for any number of measures, split over pages
    with the years repeated, text as typed. Measures without a drawable period say why in their line."""
    lines, first, last = _gantt_lines(plan, None, colour_by)
    if not lines:
        return "<p><i>Keine Maßnahmen eingetragen.</i></p>"
    origin = dt.date(first, 1, 1).toordinal()
    span = dt.date(last + 1, 1, 1).toordinal() - origin

    def at(day: dt.date, after: int = 0) -> float:
        return 100 * (day.toordinal() + after - origin) / span

    years = "".join(f"<span style='left:{at(dt.date(y, 1, 1)):.3f}%;"
                    f"width:{at(dt.date(y + 1, 1, 1)) - at(dt.date(y, 1, 1)):.3f}%'>{y}</span>"
                    for y in range(first, last + 1))
    rows = []
    for line in lines:
        if line[0] == "field":
            rows.append(f"<tr class='feld'><th colspan='2'>{html(line[1])}</th></tr>")
            continue
        _, label, period, when, colour, note = line
        if period:
            start, end = period
            track = (f"<div class='balken' title='{html(_span_text(period))}' style='left:{at(start):.3f}%;"
                     f"width:{at(end, 1) - at(start):.3f}%;border-color:{colour}'></div>"
                     + "".join(f"<span class='ms' style='left:{at(d):.3f}%'>◆</span>" for d in when))
        else:
            track = f"<i>{html(note.strip())}</i>"
        rows.append(f"<tr><td>{html(label)}</td><td class='spur'>{track}</td></tr>")
    used = {cell_text(v) for v in plan.massnahmen[colour_by]}
    keys = [(name, c) for name, c in COLOURS[colour_by].items() if name in used]
    keys += [(NO_VALUE, GREY)] * bool(used - set(COLOURS[colour_by]))
    legend = " ".join(f"<span class='farbe' style='border-color:{c}'></span>{html(name)}" for name, c in keys)
    grid = f"<style>.spur, th.jahre {{ background-size: {100 / (last - first + 1):.4f}% 100%; }}</style>"
    return (f"{grid}<p class='legende'>Farbe: {colour_by}: {legend} ◆ Meilenstein</p>"
            "<table class='zeitplan'><colgroup><col class='name'><col></colgroup>"
            f"<thead><tr><th>Maßnahme</th><th class='jahre'>{years}</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _span_text(period: tuple[dt.date, dt.date]) -> str:
    return f"{fmt.date(period[0])} bis {fmt.date(period[1])}"


def _title_and_rest(column: str, value) -> tuple[str, str]:
    """A catalogue cell split into its bold first line (the measure's title) and the rest."""
    title, _, rest = str(value).partition("\n")
    return (title, rest) if column == "Maßnahme" else ("", str(value))


@charts.one_at_a_time
def _img(fig: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode()
    width = fig.get_figwidth() * 96                                  # CSS pixels: the figure's size on paper
    return f"<img alt='{html(alt)}' style='width:{width:.0f}px' src='data:image/png;base64,{data}'>"


def _html_chain(heading: str, sections: list[tuple[str, list[str]]]) -> str:
    body = "".join(f"<p><strong>{title}</strong></p><ul>" + "".join(f"<li>{html(i)}</li>" for i in items)
                   + "</ul>" for title, items in sections)
    return f"<section class='kette'><h3>{html(heading)}</h3>{body}</section>"


def to_excel(plan: Plan, path: str | Path) -> Path:
    """The Maßnahmenkatalog as a formatted workbook: sheet „Maßnahmenkatalog“ (sorted by Handlungsfeld,
    amounts as numbers, header frozen, filter), „Budget“ and „Übersicht“. Text that looks like a
    formula is stored as text, as in the planning workbook."""
    table = catalogue_table(plan)
    for display, source in zip(NUMERIC, ("Personal (VZÄ)", "Sachkosten (€)")):
        raw = plan.massnahmen.loc[table.index, source]
        table[display] = [r if is_number(r) else d for r, d in zip(raw, table[display])]
    book = openpyxl.Workbook()
    book.remove(book.active)
    _excel_sheet(book, TITLE, table, [2.2 * WIDTHS[c] for c in table.columns],
                 {"Sachkosten": '#,##0 "€"', "Personal (VZÄ)": "0.0#"})
    money = budget(plan).reset_index()
    sheet = _excel_sheet(book, "Budget", money, [28] + [13] * (len(money.columns) - 1), {})
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "0.00" if sheet.cell(cell.row, 1).value == STAFF else '#,##0 "€"'
    counts = overview(plan).reset_index()
    _excel_sheet(book, "Übersicht", counts, [50] + [13] * (len(counts.columns) - 1), {})
    return _save(path, book.save)


def _excel_sheet(book, title: str, frame: pd.DataFrame, widths: list[float], formats: dict[str, str]):
    ws = book.create_sheet(title)
    ws.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([None] * len(values))
        for cell, value, column in zip(ws[ws.max_row], values, frame.columns):
            set_cell(cell, value)
            cell.alignment = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
            cell.number_format = formats.get(column, cell.number_format)
    for i, (cell, width) in enumerate(zip(ws[1], widths), 1):
        cell.font = openpyxl.styles.Font(bold=True)
        cell.fill = openpyxl.styles.PatternFill("solid", fgColor="DDE6F0")
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return ws


def _save(path: str | Path, write: Callable) -> Path:
    """Write an export atomically (`write_then_replace`: a missing folder is made; a full disk, a read-only
    folder, a file where the folder belongs or a file locked in Word are German UserErrors)."""
    path = Path(path)
    write_then_replace(path, write)
    return path


EXPORTS = {"word": (".docx", to_word), "html": (".html", to_html), "excel": (".xlsx", to_excel)}


def export(file: str | Path, targets: dict[str, str | Path | None] | None = None) -> list[Path]:
    """Export the plan in `file` to `targets` ({"word": …, "html": …, "excel": …}); none given: all
    three beside it as `<name>_massnahmenkatalog.docx/.html/.xlsx`. The plan is never overwritten."""
    file = Path(file)
    if not any((targets or {}).values()):
        targets = {kind: file.with_name(f"{file.stem}_massnahmenkatalog{suffix}")
                   for kind, (suffix, _) in EXPORTS.items()}
    plan = load_plan(file)
    written = []
    for kind, target in targets.items():
        if not target:
            continue
        suffix, write = EXPORTS[kind]
        target = Path(target)
        if target.suffix.lower() != suffix:
            raise UserError(f"Die Datei für „--{kind}“ muss auf {suffix} enden.", file=target)
        if target.resolve() == file.resolve():
            raise UserError("Das Ziel ist die Planungsmappe selbst; sie würde überschrieben.", file=target,
                            hint="Wählen Sie einen anderen Dateinamen für den Export.")
        written.append(write(plan, target))
    return written
