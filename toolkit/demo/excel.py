"""Writer of an Excel workbook in the style of the Bundesagentur für Arbeit, the format
`toolkit.data.excel` reads: unemployed and SGB II beneficiaries by nationality for Thüringen,
Musterland and its Gemeinden, one sheet per year, small counts anonymised (`*`).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from toolkit.demo.figures import GEMEINDEN, MUSTERLAND, YEARS
from toolkit.demo.files import DEMO_NOTE, FIXED_TIME, Written, pack_zip
from toolkit.demo.labour import BA_NATIONALITIES, F
from toolkit.demo.markers import suppress
from toolkit.demo.model import Model, thuringian

BA_FILE = "ba_arbeitsmarkt_staatsangehoerigkeit.xlsx"
BA_GROUPS = ("Arbeitslose", "Erwerbsfähige Leistungsberechtigte (SGB II)")
BA_FOOTNOTES = (
    "*) Aus Datenschutzgründen und Gründen der statistischen Geheimhaltung werden Zahlenwerte von 1 oder 2 "
    "und Daten, aus denen rechnerisch auf einen solchen Zahlenwert geschlossen werden kann, anonymisiert.",
    "-) nichts vorhanden (Zahlenwert genau Null)",
    "Jahresdurchschnitte. Ausländer: Personen ohne deutsche Staatsangehörigkeit.",
    DEMO_NOTE + " Thüringen: Summe der Demo-Kreiswerte. Musterland: Summe seiner Gemeinden.",
    "Nachgebildet nach Tabellen der Statistik der Bundesagentur für Arbeit; keine veröffentlichten Werte.",
)


def _ba_values(labour: np.ndarray) -> list[int]:
    def group(prefix: str) -> list[int]:
        german, foreign = int(labour[F[f"{prefix}_d"]]), int(labour[F[f"{prefix}_a"]])
        return [german + foreign, german, foreign,
                *(int(labour[F[f"{prefix}_{n}"]]) for n in ("ukr", "syr", "afg"))]
    return group("alo") + group("elb")


def _ba_table(model: Model, labour: dict[str, np.ndarray], i: int) -> tuple[list[str], np.ndarray]:
    """Codes and anonymised values (Thüringen, Musterland, its Gemeinden) for one year."""
    land = sum(labour[c] for c in thuringian(model))[i]
    codes = ["16", MUSTERLAND[0], *(MUSTERLAND[0] + g[0] for g in GEMEINDEN)]
    values = np.array([_ba_values(land)] + [_ba_values(labour[c][i]) for c in codes[1:]])
    rows = range(1, len(codes))
    groups = [[(r, c) for c in (start, start + 1, start + 2)] for r in rows for start in (0, 6)]
    groups += [[(r, c) for r in rows] for c in range(values.shape[1])]  # Gemeinden add up to the Kreis
    return codes, suppress(values, groups, "*")


def _ba_sheet(sheet, model: Model, codes: list[str], values: np.ndarray, year: int) -> None:
    bold = Font(bold=True)
    sheet.append(["Arbeitslose und erwerbsfähige Leistungsberechtigte nach Staatsangehörigkeit"])
    sheet.append(["Landkreis Musterland und seine Gemeinden, Thüringen"])
    sheet.append([f"Jahresdurchschnitt {year}"])
    sheet.append([])
    sheet.append(["Regionalschlüssel", "Region", BA_GROUPS[0], *[None] * 5, BA_GROUPS[1], *[None] * 5])
    sheet.append([None, None, *(["Insgesamt", "Deutsche", "Ausländer", "darunter", None, None] * 2)])
    sheet.append([None, None, *([None, None, None, *BA_NATIONALITIES] * 2)])
    for merged in ("A5:A7", "B5:B7", "C5:H5", "I5:N5", "C6:C7", "D6:D7", "E6:E7", "F6:H6", "I6:I7", "J6:J7",
                   "K6:K7", "L6:N6"):
        sheet.merge_cells(merged)
    for code, row in zip(codes, values, strict=True):
        name = "Thüringen" if code == "16" else model.names[code]
        sheet.append([code, name, *(v if isinstance(v, str) else (int(v) or "-") for v in row)])
    sheet.append([])
    for note in BA_FOOTNOTES:
        sheet.append([note])
    sheet["A1"].font = bold
    for row in sheet.iter_rows(min_row=5, max_row=7):
        for cell in row:
            cell.font, cell.alignment = bold, Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.column_dimensions["B"].width = 28
    for cell in sheet["A"][7:7 + len(codes)]:
        cell.number_format = "@"


def ba_workbook(model: Model, labour: dict[str, np.ndarray], out: Path) -> Written:
    """Write the workbook into `out`; the zip entries carry `FIXED_TIME`, so the bytes are the same every run."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for i, year in reversed(list(enumerate(YEARS))):  # newest year first, as the first sheet
        codes, values = _ba_table(model, labour, i)
        _ba_sheet(workbook.create_sheet(str(year)), model, codes, values, year)
    workbook.properties.creator = "IKPE-Werkzeugkasten (Demo-Daten)"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = [(name, archive.read(name)) for name in archive.namelist()]
    return Written(pack_zip(out / BA_FILE, members), "BA (ohne Code)",
                   "Arbeitslose und erwerbsfähige Leistungsberechtigte (SGB II) nach Staatsangehörigkeit "
                   "(Deutsche, Ausländer, darunter Ukraine, Syrien, Afghanistan); ein Tabellenblatt je Jahr, "
                   "das neueste zuerst",
                   "Excel im Stil der Statistik der Bundesagentur für Arbeit (* = anonymisiert)",
                   "Thüringen, Musterland, 25 Gemeinden", "Jahresdurchschnitte 2014 bis 2024",
                   "Arbeitslose | Ausländer, Erwerbsfähige Leistungsberechtigte (SGB II) | Ausländer")
