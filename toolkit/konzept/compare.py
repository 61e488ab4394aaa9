"""The Thüringen-Vergleich: every indicator for all 22 Kreise and kreisfreie Städte, ranked, with the Land (and
Bund) value — one Excel workbook (numbers Excel can sort; names written as text, never as a formula) and one HTML
page. Kreis, Land and Bund values are published figures and pass the disclosure check as they are (see
`toolkit.datenanalyse`); a value the source marks secret stays its marker."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font

from toolkit import datenanalyse as da
from toolkit import fmt, indicators
from toolkit.errors import UserError
from toolkit.konzept.model import Document, Heading, Table, text
from toolkit.konzept.page import render

STEM = "Thueringen-Vergleich"


def values(folder: Path, kreise: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Indicator id → rows Rang, Kreis, Wert (disclosed), Jahr for the latest year with Kreis values, Land first."""
    district = None
    for code in kreise["ags"]:                # any district opens the folder's disclosed values
        try:
            district = da.prepare(folder, code, 2100, boundaries="")
            break
        except UserError:                    # the next district may have data
            continue
    if district is None:
        return {}
    found = {}
    names = dict(zip(kreise["ags"], kreise["name"]))
    for indicator_id in district.results:
        rows = da.shown(district, indicator_id)
        rows = rows[rows["region_code"].isin([*names, "16", "DG"])]
        years = rows.loc[rows["region_code"].isin(names) & rows["shown"].notna(), "year"]
        if years.empty:
            continue
        year = int(years.max())
        rows = rows[rows["year"] == year].drop_duplicates("region_code").set_index("region_code")
        table = pd.DataFrame({"Kreis": [names[c] for c in names], "Wert": [rows["shown"].get(c, np.nan) for c in names],
                              "Marker": [rows["marker"].get(c, "") if c in rows.index else "–" for c in names]})
        table["Rang"] = table["Wert"].rank(ascending=False, method="min")
        table = table.sort_values(["Rang", "Kreis"], na_position="last")
        land = [("Thüringen", rows["shown"].get("16", np.nan)), ("Deutschland", rows["shown"].get("DG", np.nan))]
        table.attrs = {"year": year, "land": land, "indicator": indicators.get(indicator_id)}
        found[indicator_id] = table
    return found


def write_comparison(folder: Path, kreise: pd.DataFrame, out: Path) -> list[Path]:
    found = values(folder, kreise)
    return [_excel(found, out / f"{STEM}.xlsx"), _html(found, out / f"{STEM}.html")]


def _excel(found: dict[str, pd.DataFrame], path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Vergleich"
    header = ["Indikator", "Einheit", "Jahr", "Rang", "Kreis", "Wert", "Thüringen", "Deutschland"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for table in found.values():
        ind, land = table.attrs["indicator"], dict(table.attrs["land"])
        for _, row in table.iterrows():
            sheet.append([ind.name, ind.unit, table.attrs["year"], None if np.isnan(row["Rang"]) else int(row["Rang"]),
                          row["Kreis"], None if np.isnan(row["Wert"]) else float(row["Wert"]),
                          _number(land["Thüringen"]), _number(land["Deutschland"])])
    for row in sheet.iter_rows(min_row=2):
        places = fmt.places(row[1].value)
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"          # text stays text: a name starting with „=“ is never a formula
            elif cell.column_letter in "FGH":  # shown as published: Excel shows the German comma itself
                cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in zip("ABCDEFGH", (50, 18, 7, 6, 34, 10, 11, 12)):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


def _number(value) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _html(found: dict[str, pd.DataFrame], path: Path) -> Path:
    doc = Document("Thüringen-Vergleich", "Thüringen", "")
    doc.add(Heading("Thüringen-Vergleich", 1, "vergleich", numbered=False),
            text("Jeder Indikator für die 22 Kreise und kreisfreien Städte, nach dem Wert geordnet, mit dem Wert "
                 "für Thüringen und Deutschland. Ein hoher Rang heißt „hoher Wert“, nicht „gut“ oder „schlecht“."))
    for table in found.values():
        ind = table.attrs["indicator"]
        rows = [[fmt.number(r["Rang"]) if not np.isnan(r["Rang"]) else "–", r["Kreis"],
                 da.value_text(r["Wert"], ind.unit, r["Marker"])] for _, r in table.iterrows()]
        rows += [["", name, da.value_text(v, ind.unit)] for name, v in table.attrs["land"]]
        doc.add(Table(["Rang", "Kreis", f"{ind.short} ({ind.unit})"], rows, f"{ind.name} {table.attrs['year']}",
                      right=[True, False, True], font_pt=8))
    path.write_text(render(doc), encoding="utf-8")
    return path
