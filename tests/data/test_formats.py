"""toolkit.data on generated files: classic CSV variants, ffcsv, BA Excel tables, own tables with a mapping.

The builders (`classic_text`, `ffcsv_text`, `ba_workbook`, the own table) live in tests/data/conftest.py.
"""
from __future__ import annotations

import math
import zipfile

import pytest
import yaml
from openpyxl import Workbook

from tests.data.conftest import (
    OWN_CSV,
    OWN_MAPPING,
    TITLE,
    ba_workbook,
    classic_text,
    ffcsv_text,
)
from toolkit import data


def write(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_classic_in_every_encoding_it_is_published_in(tmp_path, encoding):
    table = data.read(write(tmp_path / "t.csv", classic_text(), encoding))
    assert table.attrs["table_code"] == "12411-01-01-4"
    assert cell_value(table, "16051", "männlich") == 102259
    assert table.loc[table["region_code"] == "16", "region_name"].iloc[0] == "Thüringen"
    assert table.attrs["notes"] == ["zu  \"gesamter Tabelle\":\nab dem Berichtsjahr 2011: nach dem Zensus 2011"]
    assert table.attrs["source"] == "© Statistische Ämter des Bundes und der Länder, Deutschland, 2017"


def cell_value(table, code, variable, **where):
    rows = table[(table["region_code"] == code) & (table["variable"] == variable)]
    for column, wanted in where.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1
    return rows["value"].iloc[0]


def test_classic_crlf_time_from_year_line_and_flags(tmp_path):
    text = classic_text(title=TITLE + ["2015;;;;"], header=[";;Insgesamt;männlich;weiblich"],
                        rows=["16;Thüringen;(2170714);1075139 p;1095575 r",
                              "16051;Erfurt;210118 s;...;/", "16052;Gera;x;*;12,5 e"])
    table = data.read(write(tmp_path / "t.csv", text.replace("\n", "\r\n")))
    assert set(table["time"]) == {"2015"}
    got = {(r.region_code, r.variable): (r.value, r.status) for r in table.itertuples()}
    assert got[("16", "Insgesamt")] == (2170714, "()")
    assert got[("16", "männlich")] == (1075139, "p")
    assert got[("16", "weiblich")] == (1095575, "r")
    assert got[("16051", "Insgesamt")] == (210118, "s")
    assert got[("16052", "weiblich")] == (12.5, "e")
    for key, marker in [(("16051", "männlich"), "..."), (("16051", "weiblich"), "/"), (("16052", "Insgesamt"), "x"),
                        (("16052", "männlich"), "*")]:
        assert math.isnan(got[key][0]) and got[key][1] == marker


def test_classic_time_column_category_column_and_unit_row(tmp_path):
    header = [";;;;Arbeitslose;Arbeitslose;Arbeitslosenquote", ";;;;;Ausländer;", ";;;;Anzahl;Anzahl;Prozent"]
    rows = ["2023;16;  Thüringen;Männer;40000;7000;6,5", "2023;16;  Thüringen;Frauen;30000;5000;5,9",
            "2022;16;  Thüringen;Männer;39000;6500;6,3", "2022;16;  Thüringen;Frauen;29000;4800;5,7"]
    table = data.read(write(tmp_path / "t.csv", classic_text(rows=rows, header=header)))
    assert list(table.columns) == ["region_code", "region_name", "time", "category", "variable", "value", "status"]
    assert sorted(table["variable"].unique()) == ["Arbeitslose", "Arbeitslose | Ausländer", "Arbeitslosenquote"]
    assert cell_value(table, "16", "Arbeitslosenquote", time="2022", category="Frauen") == pytest.approx(5.7)
    assert table.attrs["units"] == {"Arbeitslose": "Anzahl", "Arbeitslose | Ausländer": "Anzahl",
                                    "Arbeitslosenquote": "Prozent"}


def test_new_ffcsv_plain_csv_with_dimensions_and_quality(tmp_path):
    table = data.read(write(tmp_path / "12411-0015_de_flat.csv", ffcsv_text()))
    assert list(table.columns) == ["region_code", "region_name", "time", "nationality", "variable", "value", "status"]
    assert table.attrs["table_code"] == "12411-0015"
    assert table.attrs["dimension_labels"] == {"nationality": "Nationalität"}
    assert cell_value(table, "16051", "Bevölkerungsstand", nationality="Ausländer") == 27420
    statuses = dict(zip(table["region_code"] + table["nationality"], table["status"]))
    assert statuses == {"16051Ausländer": "e", "16051Deutsche": "p", "16056Ausländer": "-"}
    assert set(table["time"]) == {"2023-12-31"}


def test_ffcsv_in_zip_is_found_by_content_not_name(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("daten.csv", ffcsv_text().encode("utf-8"))
    table = data.read(archive)
    assert table.attrs["table_code"] == "12411" and len(table) == 3


def test_ba_workbook_with_merged_headers_and_anonymised_cells(tmp_path):
    table = data.read(ba_workbook(tmp_path / "ba.xlsx"))
    assert set(table["variable"]) == {"Arbeitslose | Insgesamt", "Arbeitslose | Deutsche",
                                      "Arbeitslose | Ausländer | zusammen", "Arbeitslose | Ausländer | darunter "
                                      "Ukraine"}
    assert set(table["time"]) == {"2024-06"}
    assert cell_value(table, "16051", "Arbeitslose | Ausländer | zusammen") == 2465
    suhl = table[(table["region_code"] == "16054") & (table["variable"].str.endswith("Ukraine"))].iloc[0]
    assert math.isnan(suhl["value"]) and suhl["status"] == "*"
    assert table.attrs["source"] == "Statistik der Bundesagentur für Arbeit"
    assert table.attrs["stand"] == "15.07.2024"
    assert table.attrs["table_code"] == "ba"
    assert "anonymisiert" in data.summary(table)


def test_ba_workbook_with_times_in_header_and_key_with_name(tmp_path):
    rows = [["16 Thüringen", 62015, 13290, 61020, 12870], ["16051 Erfurt, Stadt", 7905, 2465, 7800, 2390]]
    wb_path = ba_workbook(tmp_path / "ba.xlsx", rows=rows, time_columns=True)
    table = data.read(wb_path)
    assert sorted(table["time"].unique()) == ["2023-06", "2024-06"]
    assert cell_value(table, "16051", "Arbeitslose | Ausländer", time="2023-06") == 2390
    assert table.loc[table["region_code"] == "16051", "region_name"].iloc[0] == "Erfurt, Stadt"


def test_own_csv_with_mapping_dict(tmp_path):
    table = data.read(write(tmp_path / "eigene.csv", OWN_CSV, "cp1252"), mapping=OWN_MAPPING)
    assert list(table.columns) == ["region_code", "region_name", "time", "nationality", "variable", "value", "status"]
    assert cell_value(table, "16063105", "Ausländer", nationality="Syrien") == 567
    assert table.loc[table["region_code"] == "16063003", "status"].iloc[0] == "."
    assert table.attrs["table_code"] == "ausl-gemeinden" and table.attrs["source"] == "Ausländerbehörde"


def test_own_xlsx_with_yaml_mapping_wide_values_and_lost_leading_zero(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Daten"
    ws.append(["Einwohnermeldeamt, Stand 31.12.2023"])
    ws.append([])
    ws.append(["AGS", "Ort", "Männer", "Frauen"])
    ws.append([1001, "Flensburg", 45000, 46000.5])
    ws.append(["16051", "Erfurt", 105000, 110675])
    wb.save(tmp_path / "melde.xlsx")
    mapping = tmp_path / "melde.yaml"
    mapping.write_text(yaml.safe_dump({"region": "AGS", "name": "Ort", "values": ["Männer", "Frauen"],
                                       "time_value": "31.12.2023", "sheet": "Daten", "header_row": 3}),
                       encoding="utf-8")
    table = data.read(tmp_path / "melde.xlsx", mapping=mapping)
    assert set(table["region_code"]) == {"01001", "16051"}
    assert set(table["time"]) == {"2023-12-31"}
    assert cell_value(table, "01001", "Frauen") == 46000.5
    assert data.read_dir(tmp_path)["melde"].equals(table)


def test_read_dir_uses_mapping_beside_file_and_skips_other_files(tmp_path):
    write(tmp_path / "12411-01-01-4.csv", classic_text())
    write(tmp_path / "eigene.csv", OWN_CSV)
    (tmp_path / "eigene.mapping.yaml").write_text(yaml.safe_dump(OWN_MAPPING), encoding="utf-8")
    write(tmp_path / "README.md", "# Daten\n")
    write(tmp_path / "kreise.geojson", '{"type": "FeatureCollection", "features": []}')
    tables = data.read_dir(tmp_path)
    assert sorted(tables) == ["12411-01-01-4", "ausl-gemeinden"]


def test_ba_workbook_with_one_sheet_per_year_and_vertical_merges(tmp_path):
    wb = Workbook()
    for n, year in enumerate((2024, 2023)):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = str(year)
        ws["A1"], ws["A3"] = "Arbeitslose nach Staatsangehörigkeit", f"Jahresdurchschnitt {year}"
        ws["A5"], ws["B5"], ws["C5"] = "Regionalschlüssel", "Region", "Arbeitslose"
        ws.merge_cells("A5:A6")
        ws.merge_cells("C5:D5")
        ws["C6"], ws["D6"] = "Insgesamt", "Ausländer"
        ws["E5"] = "Quote"
        ws.merge_cells("E5:E6")
        ws.append(["16051", "Erfurt", 8000 + year, 2400, 7.5])
    wb.create_sheet("Hinweise")["A1"] = "Erläuterungen zu den Merkmalen"
    wb.save(tmp_path / "ba_jahre.xlsx")
    table = data.read(tmp_path / "ba_jahre.xlsx")
    assert sorted(table["time"].unique()) == ["2023", "2024"]
    assert set(table["variable"]) == {"Arbeitslose | Insgesamt", "Arbeitslose | Ausländer", "Quote"}
    assert cell_value(table, "16051", "Arbeitslose | Insgesamt", time="2023") == 10023
