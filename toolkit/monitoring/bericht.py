"""`ikpe monitoring bericht`: the Umsetzungsbericht (Sachstandsbericht) for the Kreistag as Word, HTML and PDF.

    from toolkit.monitoring import bericht
    bericht.write_report("planung.xlsx", "daten", "16099", dt.date(2026, 6, 30), "bericht")   # .docx, .html, .pdf

What it holds (`bericht_doc`): a cover with the Stichtag; a one-page summary (measures by status and by Ampel per
Handlungsfeld, Handlungsziele by Kurs); one table per Handlungsfeld (measure, Federführung, status, last Sachstand,
next step, Ampel with its sentence); the indicator charts with their sentence; what changed since the previous
report (status and Ampel changes, new Sachstand rows); the proposed resolution; the rules of Ampel and Kurs.

The numbers are the stage-5 modules' (`sachstand.latest`, `ampel.measure_lights/goal_lights/field_lights`,
`kurs.goal_course`, `figures.indicator_chart`, rules from `regeln.load`); the actual values
`zielfindung.district_series` of the data folder. The document is a `toolkit.konzept.model.Document` written by
the concept's writers (Word with real heading styles, numbered captions and the column widths in the file,
landscape sections; one self-contained HTML file without scripts or external requests); the PDF is Chromium's
print of that HTML (`toolkit.reports.pdf`), as for the concept. Every file goes through `plan.write_then_replace`.
Only district totals are shown (no Gemeinde numbers), so there is nothing for the disclosure check to hide.
"""
from __future__ import annotations

import collections
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit import fmt
from toolkit.errors import UserError
from toolkit.plan import AMPEL, NO_FIELD, STATUS, Plan, as_date, cell_text, is_empty, load_plan, write_then_replace
from toolkit.plan import field as find_field

logger = logging.getLogger(__name__)
FORMATS = ("docx", "html", "pdf")
TITLE = "Umsetzungsbericht"


@dataclass
class Changes:
    """What changed between `vorher` and the Stichtag (`changes`)."""
    status: pd.DataFrame        # index Maßnahme-ID: Titel, vorher, jetzt
    ampel: pd.DataFrame         # index Maßnahme-ID: Titel, vorher, jetzt, Satz
    new: pd.DataFrame           # the log rows dated after vorher up to the Stichtag (index: Excel row)


@dataclass
class Facts:
    """Everything the report shows, gathered once (`gather`) and rendered by `bericht_doc.document`."""
    plan: Plan
    kreis: str                  # the district as a title says it: „Landkreis Musterland“
    stichtag: dt.date
    vorher: dt.date | None
    lights: pd.DataFrame        # ampel.measure_lights
    course: pd.DataFrame        # kurs.goal_course
    goals: pd.DataFrame         # ampel.goal_lights
    fields: pd.DataFrame        # ampel.field_lights
    series: dict[str, pd.Series]
    rules: list[str]
    changes: Changes
    warnings: list[str] = field(default_factory=list)


# --- dates ------------------------------------------------------------------------------------------------------

def parse_date(text, option: str = "--stichtag") -> dt.date:
    """A date typed as TT.MM.JJJJ or JJJJ-MM-TT (or a date); a German UserError otherwise."""
    if isinstance(text, dt.date):
        return text.date() if isinstance(text, dt.datetime) else text
    try:
        return as_date(text)
    except ValueError:
        raise UserError(f"„{text}“ ist kein Datum ({option}).",
                        hint="Schreiben Sie das Datum als TT.MM.JJJJ, z. B. 30.06.2026, oder als JJJJ-MM-TT.") from None


def log_dates(plan: Plan) -> list[dt.date]:
    """The distinct dates of the Sachstand log, oldest first (cells that are no date left out)."""
    found = set()
    for value in plan.sachstand["Datum"]:
        if is_empty(value):
            continue
        try:
            found.add(as_date(value))
        except ValueError:
            continue
    return sorted(found)


def previous_date(plan: Plan, stichtag: dt.date) -> dt.date | None:
    """The report before this one: the log's last date before the latest one on or before the Stichtag (rounds
    30.06.2025, 31.12.2025 and 30.06.2026, Stichtag 30.06.2026 → 31.12.2025); None with fewer than two dates."""
    dates = [d for d in log_dates(plan) if d <= stichtag]
    return dates[-2] if len(dates) >= 2 else None


# --- what the report counts -------------------------------------------------------------------------------------

def field_order(plan: Plan) -> list[str]:
    """The Handlungsfelder in the order of their sheet, then `NO_FIELD`."""
    return list(dict.fromkeys([cell_text(n) for n in plan.handlungsfelder["Handlungsfeld"] if cell_text(n)]
                              + [NO_FIELD]))


def field_name(plan: Plan, value) -> str:
    """The Handlungsfeld a cell names (by name or ID), `NO_FIELD` when the sheet has no such field."""
    found = find_field(plan, value)
    return found[1] if found else NO_FIELD


def measure_fields(plan: Plan) -> dict[str, str]:
    """Maßnahme-ID → the name of its Handlungsfeld (the first row of an ID that stands twice)."""
    found: dict[str, str] = {}
    for ident, value in zip(plan.massnahmen["ID"], plan.massnahmen["Handlungsfeld"]):
        found.setdefault(cell_text(ident), field_name(plan, value))
    return found


def counts(plan: Plan, frame: pd.DataFrame, column: str, order) -> pd.DataFrame:
    """How many rows of `frame` have each value of `column`, per Handlungsfeld (its column „Handlungsfeld“, by
    name or ID; rows in the sheet's order, fields without rows left out) with a row and a column „Summe“. Values
    outside `order` (typed by hand) get a column of their own, so nothing drops out of the sums; a missing value
    counts as „ohne Angabe“."""
    fields = [field_name(plan, v) for v in frame["Handlungsfeld"]]
    values = [cell_text(v) or "ohne Angabe" for v in frame[column]]
    columns = list(order) + sorted(set(values) - set(order), key=values.index)
    table = pd.DataFrame(0, index=[f for f in field_order(plan) if f in fields], columns=columns, dtype=int)
    for f, v in zip(fields, values):
        table.loc[f, v] += 1
    table.loc["Summe"] = table.sum()
    table["Summe"] = table.sum(axis=1)
    table.index.name = "Handlungsfeld"
    return table


def summary_tables(f: Facts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary's two tables, per Handlungsfeld and in total: the measures by status; the measures by Ampel with
    the light of the Handlungsfeld, and the Handlungsziele with an indicator by Kurs."""
    from toolkit.monitoring.kurs import KURS
    status = counts(f.plan, f.lights, "Status", STATUS)
    lights = counts(f.plan, f.lights, "Ampel", AMPEL).drop(columns="Summe")
    course = counts(f.plan, f.course, "Kurs", KURS)
    course = course[["Summe", *course.columns[:-1]]].rename(columns={"Summe": "Ziele mit Indikator"})
    both = lights.join(course, how="outer")
    both = both.reindex([n for n in [*field_order(f.plan), "Summe"] if n in both.index]).fillna(0).astype(int)
    both.insert(len(lights.columns), "Ampel des Handlungsfelds",
                [cell_text(f.fields["Ampel"].get(n)) if n in f.fields.index else "" for n in both.index])
    both.index.name = "Handlungsfeld"
    return status, both


def plan_warnings(plan: Plan) -> list[str]:
    """What in the workbook the report cannot show as typed, in German: measures without ID or with an ID used twice
    (the report shows an ID once, its first row), log rows for an ID the sheet „Maßnahmen“ does not have."""
    sheet, rows = plan.massnahmen, collections.defaultdict(list)
    for row, ident in zip(sheet.index, sheet["ID"]):
        rows[cell_text(ident)].append(row)
    found = [f"Blatt „Maßnahmen“, Zeile {', '.join(map(str, rows.pop('')))}: Maßnahme ohne ID; sie kann keinen "
             "Sachstand haben und fehlt im Bericht."] if "" in rows else []
    found += [f"Blatt „Maßnahmen“: Die ID „{ident}“ steht in den Zeilen {', '.join(map(str, where))}; der Bericht "
              f"zeigt die Maßnahme einmal (Zeile {where[0]})." for ident, where in rows.items() if len(where) > 1]
    found += [f"Blatt „Sachstand“, Zeile {row}: Eine Maßnahme „{cell_text(ident)}“ gibt es im Blatt „Maßnahmen“ "
              "nicht; dieser Sachstand zählt nicht mit." for row, ident in zip(plan.sachstand.index,
                                                                              plan.sachstand["Maßnahme-ID"])
              if cell_text(ident) and cell_text(ident) not in rows]
    return found


# --- changes since the previous report --------------------------------------------------------------------------

def changes(plan: Plan, stichtag: dt.date, vorher: dt.date | None, lights: pd.DataFrame, regeln) -> Changes:
    """Status and Ampel changes of the measures between `vorher` and `stichtag` and the log rows in between
    (empty tables without `vorher`). The Ampel before is the one computed as of `vorher`."""
    from toolkit.monitoring import ampel, sachstand
    titles = {cell_text(i): cell_text(t) for i, t in zip(plan.massnahmen["ID"], plan.massnahmen["Titel"])}
    empty = pd.DataFrame(columns=["Titel", "vorher", "jetzt"], dtype=object)
    if vorher is None:
        return Changes(empty, empty.assign(Satz=None), plan.sachstand.iloc[0:0])
    before, now = sachstand.latest(plan, vorher), sachstand.latest(plan, stichtag)
    status = pd.DataFrame([(i, titles.get(i, ""), cell_text(before.loc[i, "Status"]), cell_text(now.loc[i, "Status"]))
                           for i in now.index if i in before.index
                           and cell_text(before.loc[i, "Status"]) != cell_text(now.loc[i, "Status"])],
                          columns=["Maßnahme-ID", "Titel", "vorher", "jetzt"], dtype=object).set_index("Maßnahme-ID")
    earlier = ampel.measure_lights(plan, vorher, regeln)
    light = pd.DataFrame([(i, titles.get(i, ""), cell_text(earlier.loc[i, "Ampel"]), cell_text(lights.loc[i, "Ampel"]),
                           cell_text(lights.loc[i, "Satz"]))
                          for i in lights.index if i in earlier.index
                          and cell_text(earlier.loc[i, "Ampel"]) != cell_text(lights.loc[i, "Ampel"])],
                         columns=["Maßnahme-ID", "Titel", "vorher", "jetzt", "Satz"], dtype=object
                         ).set_index("Maßnahme-ID")
    log = plan.sachstand
    dated = [_date_or_none(v) for v in log["Datum"]]
    new = log[[d is not None and vorher < d <= stichtag for d in dated]]
    order = sorted(range(len(new)), key=lambda k: (_date_or_none(new["Datum"].iloc[k]), new.index[k]))
    return Changes(status, light, new.iloc[order])


def _date_or_none(value) -> dt.date | None:
    try:
        return None if is_empty(value) else as_date(value)
    except ValueError:
        return None


# --- gathering and writing ----------------------------------------------------------------------------------------

def gather(plan: Plan, series: dict[str, pd.Series], kreis: str, stichtag: dt.date, vorher: dt.date | None = None,
           regeln=None) -> Facts:
    """The report's facts as of `stichtag`; `vorher` None: the previous date of the Sachstand log; `regeln` the rules
    (`regeln.Regeln`), the path of a district's rules file or None (the defaults)."""
    from toolkit.monitoring import ampel, kurs, sachstand
    from toolkit.monitoring import regeln as rules
    regeln = regeln if isinstance(regeln, rules.Regeln) else rules.load(regeln)
    vorher = previous_date(plan, stichtag) if vorher is None else vorher
    if vorher is not None and vorher >= stichtag:
        raise UserError(f"Der vorige Bericht ({fmt.date(vorher)}) muss vor dem Stichtag ({fmt.date(stichtag)}) "
                        "liegen.", hint="Geben Sie mit --vorher ein früheres Datum an oder lassen Sie es weg.")
    lights = ampel.measure_lights(plan, stichtag, regeln)
    course = kurs.goal_course(plan, series, stichtag, regeln)
    warnings = plan_warnings(plan) + [w for frame in (sachstand.latest(plan, stichtag), lights, course)
                                      for w in frame.attrs.get("warnings", [])]
    return Facts(plan, kreis, stichtag, vorher, lights, course, ampel.goal_lights(plan, course, lights, regeln),
                 ampel.field_lights(plan, course, lights, regeln), series, list(rules.describe(regeln)),
                 changes(plan, stichtag, vorher, lights, regeln), list(dict.fromkeys(warnings)))


def file_stem(kreis: str, stichtag: dt.date) -> str:
    """„Landkreis Musterland“, 30.06.2026 → „Umsetzungsbericht_Musterland_2026-06-30“, named as the concept is."""
    from toolkit.konzept import file_stem as concept_stem
    short = re.sub(r"^(Landkreis|Kreis|Stadt)\s+", "", kreis.strip())
    return f"{concept_stem(short, TITLE)}_{stichtag.isoformat()}"


def write_report(plan_path: str | Path, data_dir: str | Path, kreis: str, stichtag: dt.date | str,
                 out_dir: str | Path, vorher: dt.date | str | None = None, formats=FORMATS, regeln=None) -> list[Path]:
    """Write the Umsetzungsbericht of the plan in `plan_path` for district `kreis` (actual values from `data_dir`)
    into `out_dir` as „Umsetzungsbericht_<Kreis>_<Stichtag>“ .docx, .html and .pdf; the paths written. Without
    Chromium the Word and HTML files are written and the missing PDF is a UserError. `regeln`: see `gather`."""
    from toolkit import workspace, zielfindung
    from toolkit.data.regions import pad_code
    from toolkit.konzept import page, word
    from toolkit.konzept.front import title
    from toolkit.monitoring import bericht_doc
    stichtag = parse_date(stichtag)
    vorher = None if vorher in (None, "") else parse_date(vorher, "--vorher")
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise UserError(f"Den Datenordner „{data_dir}“ gibt es nicht.",
                        hint="Geben Sie mit --data den Ordner mit den heruntergeladenen Tabellen an.")
    plan = load_plan(plan_path)
    kreis = pad_code(kreis)
    series = zielfindung.district_series(data_dir, kreis)
    facts = gather(plan, series, title(workspace.district_name(data_dir, kreis)), stichtag, vorher, regeln)
    for warning in facts.warnings:        # the CLI shows them on the console; the report lists them too
        logger.warning("Hinweis – %s", warning)
    doc = bericht_doc.document(facts)
    stem = Path(out_dir) / file_stem(facts.kreis, stichtag)
    written = []
    if "docx" in formats:
        written.append(write_then_replace(stem.with_suffix(".docx"), lambda handle: _word(word, doc, handle)))
    if "html" in formats or "pdf" in formats:
        html = colour_html(page.render(doc))
        written.append(write_then_replace(stem.with_suffix(".html"), lambda handle: handle.write(html.encode("utf-8"))))
    if "pdf" in formats:
        written.append(_pdf(stem.with_suffix(".html")))
    return written


#: The colours of the lights (`bericht_doc.DOT` before their name), on paper and on screen.
COLOURS = {"grün": "548235", "gelb": "BF8F00", "rot": "C00000", "grau": "7F7F7F"}
#: The concept's print CSS plus: lights in colour; table lines a little closer, so that the summary's two tables
#: fit on its page.
CSS = " th, td { line-height: 1.25; }" + "".join(
    f" .ampel-{k} {{ color: #{COLOURS[name]}; }}" for k, name in enumerate(COLOURS))
DOT_LIGHT = re.compile("\u25cf ((?:" + "|".join(COLOURS) + ")\\b)")


def colour_html(html: str) -> str:
    """The rendered report with every „● rot“ in the colour of its light (text stays as it is: only a span
    around it is added) and the report's CSS. The page breaks the model puts before chapters for Word are left
    out: the HTML's chapter headings break the page themselves (a second break after a full page would leave it
    blank)."""
    html = html.replace("<div class='break'></div><h1 ", "<h1 ")
    classes = {name: f"ampel-{k}" for k, name in enumerate(COLOURS)}
    html = DOT_LIGHT.sub(lambda m: f"<span class='{classes[m.group(1)]}'>\u25cf {m.group(1)}</span>", html)
    return html.replace("</style>", CSS + "</style>", 1)


def _word(word, doc, handle) -> None:
    """The concept's Word writer, then the runs that show a light („● rot“) in its colour."""
    import io

    import docx
    from docx.shared import RGBColor
    buffer = io.BytesIO()
    word.write(doc, buffer)
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    paragraphs = [*document.paragraphs, *(p for t in document.tables for row in t.rows for cell in row.cells
                                          for p in cell.paragraphs)]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            match = DOT_LIGHT.match(run.text)
            if match:
                run.font.color.rgb = RGBColor.from_string(COLOURS[match.group(1)])
    document.save(handle)


def _pdf(html_path: Path) -> Path:
    """Chromium prints the HTML twice, as for the concept (`konzept.build`): the first PDF says on which page each
    chapter landed, the HTML's contents get those numbers, the second print shows them. Chromium prints a copy in a
    temporary folder; the PDF and the numbered HTML then replace the files beside each other (a failed print leaves
    earlier files as they were)."""
    import shutil
    import tempfile

    from toolkit.konzept.pages import heading_pages, number_contents
    from toolkit.reports.pdf import print_pdf, require_chromium
    require_chromium()
    html = html_path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="ikpe-bericht-") as folder:
        copy = Path(folder) / html_path.name
        shutil.copyfile(html_path, copy)
        printed = print_pdf(copy).read_bytes()
        pages = heading_pages(printed)
        if pages:
            html = number_contents(html, pages)
            copy.write_text(html, encoding="utf-8")
            printed = print_pdf(copy).read_bytes()
    if pages:
        write_then_replace(html_path, lambda handle: handle.write(html.encode("utf-8")))
    return write_then_replace(html_path.with_suffix(".pdf"), lambda handle: handle.write(printed))


def command(args) -> int:
    """`ikpe monitoring bericht PLANUNGSMAPPE --data ORDNER --kreis CODE --stichtag DATUM [--vorher DATUM]
    [--regeln DATEI] [--out ORDNER]`."""
    for path in write_report(args.file, args.data, args.kreis, args.stichtag, args.out, args.vorher,
                             regeln=args.regeln):
        print(f"Geschrieben: {path}")
    return 0
