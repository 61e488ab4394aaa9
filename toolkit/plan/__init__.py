"""The planning workbook: one Excel file per district that stages 2–5 read and write.

    from toolkit import plan
    plan.new_plan("plan.xlsx", "eisenach")           # or "schmalkalden-meiningen" or a file of your own
    p = plan.load_plan("plan.xlsx")                   # DataFrames, index = Excel row number
    p.massnahmen.loc[p.massnahmen.index.max() + 1] = {...}
    plan.save_plan(p, "plan.xlsx")                    # atomic, previous version in plan.bak.xlsx
    for problem in plan.check_plan(p): print(problem)

Sheets `Handlungsfelder`, `Ziele`, `Indikatoren` and `Maßnahmen`, stage 5's `Sachstand` (the dated log of each
measure's progress; a first-version workbook's `Status` sheet is read into it and replaced on save) and `Fassung`
(version and validity of the plan), and stage 2's
`Angebote`, `Akteure`, `Gremien`, `Mitgliedschaften`, `Beteiligung` and `Sozialräume` have German headers
(`SHEETS`). The sheets of stages 2 and 5 are optional: a workbook made before them reads them as empty tables and gets
them, formatted, on its next save. Columns and sheets a user adds in Excel are kept: extra columns ride along in
the DataFrames; sheets of the user's own are copied untouched from the workbook the plan was loaded from
(formulas and formatting included) and are readable, not writable, as `Plan.extra`. Fully empty rows
are dropped when read. Text starting with `=`, `+`, `-` or `@` is written as text with Excel's quote
prefix, so Excel never evaluates it. Own Handlungsfelder: `handlungsfelder_from`. Own indicators: rows
added to the sheet `Indikatoren` count as valid ids beside the catalogue's.

The modules: `schema` (sheets, columns, `Plan`, `Problem`), `cells` (reading one cell: text, dates, the next
ID, a Handlungsfeld or an indicator named in it), `workbook`
(sheets in and out of the file), `save` (creating and saving), `lock` (one writer at a time),
`checks` (`ikpe plan check`).
"""
from toolkit.plan.cells import (
    NO_FIELD,
    Known,
    as_date,
    cell_text,
    date_text,
    field,
    field_id,
    field_name,
    goal_ids,
    indicator,
    is_empty,
    is_number,
    next_goal_id,
    next_id,
    next_measure_id,
)
from toolkit.plan.checks import EMPTY_SHEETS, check_plan, ordered
from toolkit.plan.lock import STALE_LOCK, locked
from toolkit.plan.save import backup_path, handlungsfelder_from, new_plan, save_plan, template, write_then_replace
from toolkit.plan.schema import (
    ACTOR_REF,
    AMPEL,
    BETEILIGUNG_FORMATE,
    DATE_FORMAT,
    EBENEN,
    FINANZIERUNG,
    GOAL_REF,
    GREMIUM_REF,
    GREMIUM_TYPEN,
    HF_REF,
    INDICATOR_REF,
    JA_NEIN,
    KAPITEL,
    MAX_ROWS,
    MEASURE_REF,
    NEUTRALISE,
    PRIORITAET,
    PROMPTS,
    RICHTUNG,
    RICHTUNG_OF,
    ROLLEN,
    SEKTOREN,
    SHEETS,
    STATUS,
    TEMPLATES,
    WIRKUNGSTREPPE,
    ZIELGRUPPEN,
    ZUGANG,
    Column,
    Plan,
    Problem,
    Sheet,
    empty,
)
from toolkit.plan.workbook import load_plan, set_cell, sheet_of

__all__ = [
    "EBENEN", "FINANZIERUNG", "PRIORITAET", "STATUS", "AMPEL", "WIRKUNGSTREPPE", "TEMPLATES", "MAX_ROWS",
    "DATE_FORMAT", "NEUTRALISE", "Column", "Sheet", "HF_REF", "GOAL_REF", "INDICATOR_REF", "SHEETS", "PROMPTS",
    "Plan", "Problem", "as_date", "date_text", "next_id", "next_goal_id", "next_measure_id", "NO_FIELD", "field",
    "field_id", "field_name", "Known", "indicator", "goal_ids", "cell_text", "is_empty", "is_number",
    "load_plan", "set_cell", "STALE_LOCK", "locked", "handlungsfelder_from", "template", "new_plan",
    "save_plan", "backup_path", "write_then_replace", "check_plan", "ordered", "EMPTY_SHEETS",
    "JA_NEIN", "ZIELGRUPPEN", "ZUGANG", "KAPITEL", "SEKTOREN", "GREMIUM_TYPEN", "ROLLEN", "BETEILIGUNG_FORMATE",
    "ACTOR_REF", "GREMIUM_REF", "empty", "sheet_of", "MEASURE_REF", "RICHTUNG", "RICHTUNG_OF",
]
