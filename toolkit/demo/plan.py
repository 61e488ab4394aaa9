"""The example plan of the demo district Landkreis Musterland (16099): datasets/musterland/planung.xlsx.

The content (9 Eisenach Handlungsfelder, goals on three levels, about 30 measures) lives in
`plan.yaml` beside this module, keyed by the German headers of the planning workbook. The
generator adds the IDs (LZ3, MZ3.1, HZ3.1.1, HF3-M1), fills Basisjahr/Basiswert of goals with a catalogue
indicator from the demo data (`zielfindung.fill_baselines`) and saves the workbook with `plan.save_plan`.
A few flaws are planted on purpose (YAML key `fehler`) so the checks and exercises have something to find;
`readme_section()` lists them for the data folder's README.

Stage 2's sheets (Sozialräume, Akteure, Gremien, Mitgliedschaften, Angebote, Beteiligung) come from
`toolkit.demo.bestand` and its `bestand.yaml`; some goals cite the gaps its deliberate findings produce.

`python -m toolkit.demo` writes the workbook after the data files (`generate`, default:
datasets/musterland/planung.xlsx). The file comes out byte for byte the same on every run: the save times
openpyxl writes (document properties, zip entries) are set to the plan's Stand.
"""
from __future__ import annotations

import functools
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import yaml

from toolkit import plan, zielfindung
from toolkit.config import DEMO_DATA_DIR, DEMO_DISTRICT, DEMO_STAND
from toolkit.demo import bestand, monitoring

CONTENT = Path(__file__).with_name("plan.yaml")
FILE_NAME = "planung.xlsx"
DISTRICT = DEMO_DISTRICT
TEMPLATE = "eisenach"


@functools.cache
def content() -> dict:
    """The plan's content as read from `plan.yaml`."""
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def tables() -> dict[str, pd.DataFrame]:
    """The rows the demo plan adds to a new Eisenach workbook: Handlungsfeld descriptions, own indicators,
    goals and measures (index = Excel row, as `plan.load_plan` gives it), baselines not yet filled."""
    names = plan.handlungsfelder_from(TEMPLATE)
    fields = content()["handlungsfelder"]
    goal_rows, measure_rows = [], []
    for n, (name, field) in enumerate(zip(names, fields, strict=True), 1):
        goal_rows.append({"ID": f"LZ{n}", "Ebene": "Leitziel", "Handlungsfeld": name, "Zieltext": field["Leitziel"]})
        for m, middle in enumerate(field["Mittlerziele"], 1):
            goal_rows.append(_goal(middle, f"MZ{n}.{m}", f"LZ{n}", name))
            goal_rows += [_goal(goal, f"HZ{n}.{m}.{k}", f"MZ{n}.{m}", name)
                          for k, goal in enumerate(middle["Handlungsziele"], 1)]
        measure_rows += [{"ID": f"HF{n}-M{k}", "Handlungsfeld": name, **measure}
                         for k, measure in enumerate(field["Maßnahmen"], 1)]
    own = [dict(zip(plan.SHEETS["indikatoren"].headers, [*row[:3], names[row[3] - 1], row[4]], strict=True))
           for row in content()["indikatoren"]]
    return {"beschreibungen": pd.Series([f["Beschreibung"] for f in fields], index=names),
            "indikatoren": _frame(own, "indikatoren"), "ziele": _frame(goal_rows, "ziele"),
            "massnahmen": _frame(measure_rows, "massnahmen")}


def _goal(entry: dict, goal_id: str, parent: str, field: str) -> dict:
    """A Mittlerziel (its Handlungsziele left out) or a Handlungsziel as a row of the sheet „Ziele“."""
    level = "Mittlerziel" if "Handlungsziele" in entry else "Handlungsziel"
    values = {key: value for key, value in entry.items() if key != "Handlungsziele"}
    return {"ID": goal_id, "Ebene": level, "Übergeordnetes Ziel": parent, "Handlungsfeld": field, **values}


def _frame(rows: list[dict], sheet: str, start: int = 2) -> pd.DataFrame:
    headers = plan.SHEETS[sheet].headers
    unknown = {key for row in rows for key in row} - set(headers)
    if unknown:
        raise ValueError(f"{CONTENT.name}: unknown keys for sheet {sheet}: {sorted(unknown)}")
    return pd.DataFrame([[row.get(h) for h in headers] for row in rows], columns=headers,
                        index=range(start, start + len(rows)), dtype=object)


def generate(path: str | Path = DEMO_DATA_DIR / FILE_NAME, data_dir: str | Path = DEMO_DATA_DIR) -> Path:
    """Write the demo plan to `path` (replacing the file, no backup) with baselines from `data_dir`."""
    path = Path(path)
    added = tables()
    with tempfile.TemporaryDirectory() as tmp:
        p = plan.load_plan(plan.new_plan(Path(tmp) / FILE_NAME, TEMPLATE))
        p.handlungsfelder["Beschreibung"] = p.handlungsfelder["Handlungsfeld"].map(added["beschreibungen"])
        p.indikatoren = pd.concat([p.indikatoren, _frame(added["indikatoren"].to_dict("records"), "indikatoren",
                                                         p.indikatoren.index.max() + 1)])
        p.ziele, p.massnahmen = added["ziele"], added["massnahmen"]
        zielfindung.fill_baselines(p, zielfindung.district_series(data_dir, DISTRICT), content()["basisjahr"])
        bestand.add_to(p)
        monitoring.add_to(p)
        path.unlink(missing_ok=True)
        plan.save_plan(p, path)
    pin_save_time(path)
    return path


#: The save time written into the workbook: the plan's Stand (zip entries cannot be dated before 1980).
SAVED = (DEMO_STAND.year, DEMO_STAND.month, DEMO_STAND.day, 0, 0, 0)
_W3CDTF = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def pin_save_time(path: Path) -> None:
    """Rewrite the workbook at `path` with every save time set to `SAVED` (document properties „created“ and
    „modified“, the date of every zip entry), so that the same cells give the same bytes."""
    stamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*SAVED[:3]).encode()
    with zipfile.ZipFile(path) as book:
        entries = [(info, book.read(info.filename)) for info in book.infolist()]

    def write(handle) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in entries:
                if info.filename == "docProps/core.xml":
                    data = _W3CDTF.sub(lambda m: m[1] + stamp + m[3], data)
                pinned = zipfile.ZipInfo(info.filename, date_time=SAVED)
                pinned.compress_type, pinned.external_attr = info.compress_type, info.external_attr
                out.writestr(pinned, data)
    plan.write_then_replace(path, write)


def flaws() -> list[dict]:
    """The planted flaws: sheet, Excel row, column, ID, description and who finds them."""
    rows = {sheet: {i: row for row, i in tables()[key]["ID"].items()}
            for sheet, key in (("Ziele", "ziele"), ("Maßnahmen", "massnahmen"))}
    return [{"sheet": sheet, "row": rows[sheet][item], "column": column, "id": item, "text": text, "check": check}
            for sheet, item, column, text, check in content()["fehler"]]


def readme_section() -> str:
    """The README section on the planning workbook (Markdown, German), flaws with sheet/row/column, followed by
    stage 5's section (`monitoring.readme_section`)."""
    lines = [f"| {f['sheet']} | {f['row']} | {f['column']} | {f['id']} | {f['text']} | {f['check']} |"
             for f in flaws()]
    levels = tables()["ziele"]["Ebene"].value_counts()
    return content()["readme"].format(flaws="\n".join(lines), mittlerziele=levels["Mittlerziel"],
                                      handlungsziele=levels["Handlungsziel"], massnahmen=len(tables()["massnahmen"]),
                                      basisjahr=content()["basisjahr"],
                                      stand=f"{DEMO_STAND:%d.%m.%Y}") + monitoring.readme_section()
