"""Builders of generated statistics files for the data tests: classic GENESIS CSV, ffcsv, a BA Excel sheet, an own
table with its mapping. Imported by the tests of this folder (`from tests.data.conftest import ...`)."""
from __future__ import annotations

from openpyxl import Workbook

TITLE = ["Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;", "- Stichtag 31.12. -;;;;",
         "regionale Tiefe: Kreise und krfr. Städte;;;;", "Fortschreibung des Bevölkerungsstandes;;;;",
         "Bevölkerungsstand (Anzahl);;;;"]
HEADER = [";;31.12.2015;31.12.2015;31.12.2015", ";;Insgesamt;männlich;weiblich"]
#: Lines 9, 10, 11 of the file built by `classic_text()`.
ROWS = ["16;  Thüringen;2170714;1075139;1095575", "16051;      Erfurt, krsfr. Stadt;210118;102259;107859",
        "16056;      Eisenach, krsfr. Stadt;42417;20810;21607"]
FOOTER = ["__________", '"zu  ""gesamter Tabelle"":', 'ab dem Berichtsjahr 2011: nach dem Zensus 2011"',
          '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.',
          "Dieses Werk ist lizensiert unter der Datenlizenz Deutschland", '- Namensnennung - Version 2.0."',
          "Stand: 14.12.2017 / 15:51:18"]

FF_HEAD = ("statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
           "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
           "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;"
           "value_variable_label;value_q")
#: Lines 2, 3, 4 of the file built by `ffcsv_text()`.
FF_ROWS = ["12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;KREISE;Kreise;16051;Erfurt, "
           "kreisfreie Stadt;NAT;Nationalität;NATA;Ausländer;27420;Anzahl;BEVSTD;Bevölkerungsstand;e",
           "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;KREISE;Kreise;16051;Erfurt, "
           "kreisfreie Stadt;NAT;Nationalität;NATD;Deutsche;188255;Anzahl;BEVSTD;Bevölkerungsstand;p",
           "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;KREISE;Kreise;16056;Eisenach, "
           "kreisfreie Stadt (bis 30.06.2021);NAT;Nationalität;NATA;Ausländer;-;Anzahl;BEVSTD;Bevölkerungsstand;"]


def classic_text(rows=ROWS, header=HEADER, title=TITLE, footer=FOOTER, first="GENESIS-Tabelle: 12411-01-01-4") -> str:
    return "\n".join([first, *title, *header, *rows, *footer]) + "\n"


def ffcsv_text(rows=FF_ROWS, head=FF_HEAD) -> str:
    return "\ufeff" + "\n".join([head, *rows]) + "\n"


def ba_workbook(path, rows=None, time_columns=False):
    """A BA-style sheet: merged titles and headers, key as text, `*`, footnotes and source below.

    With `time_columns` the key and name share column A ("16051 Erfurt, Stadt") and the header
    holds two months.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Kreise"
    ws["A1"] = "Arbeitslose nach Staatsangehörigkeit – Kreise und kreisfreie Städte Thüringens"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Bestand, jeweils Juni" if time_columns else "Berichtsmonat: Juni 2024"
    if time_columns:
        ws["A5"], ws["B5"] = "Region", "Arbeitslose"
        ws.merge_cells("B5:E5")
        ws["B6"], ws["D6"] = "Juni 2024", "Juni 2023"
        ws.merge_cells("B6:C6")
        ws.merge_cells("D6:E6")
        ws["B7"], ws["C7"], ws["D7"], ws["E7"] = "Insgesamt", "Ausländer", "Insgesamt", "Ausländer"
    else:
        ws["A5"], ws["B5"], ws["C5"] = "Regionalschlüssel", "Region", "Arbeitslose"
        ws.merge_cells("C5:F5")
        ws["C6"], ws["D6"], ws["E6"] = "Insgesamt", "Deutsche", "Ausländer"
        ws.merge_cells("E6:F6")
        ws["E7"], ws["F7"] = "zusammen", "darunter Ukraine"
    body = rows or [["16", "Thüringen", 62015, 48710, 13290, 2985],
                    ["16051", "Erfurt, Stadt", 7905, 5440, 2465, 512],
                    ["16054", "Suhl, Stadt", 1190, 1010, 180, "*"]]
    for r, values in enumerate(body, start=8):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    end = 8 + len(body)
    ws.cell(end + 1, 1, "*) Aus Datenschutzgründen werden Zahlenwerte von 1 oder 2 anonymisiert.")
    ws.cell(end + 2, 1, "Quelle: Statistik der Bundesagentur für Arbeit")
    ws.cell(end + 3, 1, "Datenstand: 15.07.2024")
    wb.save(path)
    return path


OWN_CSV = ("Gemeindeschlüssel;Gemeinde;Jahr;Staatsangehörigkeit;Anzahl\n"
           "16063105;Eisenach;2023;Ukraine;1234\n16063105;Eisenach;2023;Syrien;567\n"
           "16063003;Bad Salzungen;2023;Ukraine;.\n")
OWN_MAPPING = {"region": "Gemeindeschlüssel", "name": "Gemeinde", "time": "Jahr", "value": "Anzahl",
               "variable": "Ausländer", "dimensions": {"Staatsangehörigkeit": "nationality"}, "unit": "Anzahl",
               "table_code": "ausl-gemeinden", "title": "Ausländer nach Gemeinden", "source": "Ausländerbehörde"}
