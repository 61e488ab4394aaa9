"""Every malformed input gets one German UserError naming file, line and column, with a fix.

Each case builds a bad file in a temporary folder and states the exact first line of the message
(`{tmp}` stands for the folder). Lines refer to `classic_text()`: 1 table code, 2–6 title,
7–8 header, 9 Thüringen, 10 Erfurt, 11 Eisenach; `ffcsv_text()`: 1 header, 2–4 rows.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook

from tests.data.conftest import (
    FF_HEAD,
    FF_ROWS,
    FOOTER,
    HEADER,
    OWN_CSV,
    OWN_MAPPING,
    ROWS,
    TITLE,
    ba_workbook,
    classic_text,
    ffcsv_text,
)
from toolkit import data
from toolkit.data.boundaries import join_boundaries, read_boundaries
from toolkit.errors import UserError

NOT_A_NUMBER = ("ist keine Zahl; erwartet wird eine Zahl ohne Tausenderpunkt mit Dezimalkomma (z. B. 1234,5) "
                "oder ein amtliches Zeichen (-, ., ..., /, x, *).")
EMPTY = "Die Zelle ist leer; erwartet wird eine Zahl oder ein amtliches Zeichen (-, ., ..., /, x, *)."
BAD_CODE = "ist kein Regionalschlüssel; erwartet wird DG oder ein 2-, 3-, 5- oder 7- bis 12-stelliger Schlüssel."


def put(tmp, content, name="t.csv"):
    path = tmp / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_text(text, name="t.csv", **kwargs):
    return lambda tmp: data.read(put(tmp, text, name), **kwargs)


def with_row(i, row):
    rows = list(ROWS)
    rows[i] = row
    return classic_text(rows=rows)


def ff_with(i, old, new, rows=FF_ROWS):
    rows = list(rows)
    rows[i] = rows[i].replace(old, new, 1)
    return ffcsv_text(rows=rows)


def zipped(members: dict, compression=zipfile.ZIP_DEFLATED):
    def build(tmp):
        path = tmp / "t.zip"
        with zipfile.ZipFile(path, "w", compression) as z:
            for name, content in members.items():
                z.writestr(name, content)
        return path
    return build


def zip_bomb_message(tmp):
    info = zipfile.ZipFile(tmp / "t.zip").infolist()[0]
    ratio = info.file_size / info.compress_size
    return (f"Datei „{tmp}/t.zip“: „{info.filename}“ würde entpackt {info.file_size:,} Byte groß "
            f"(Verhältnis {ratio:.0f}:1) – das sieht nach einer Zip-Bombe aus.".replace(",", "."))


def ba(rows):
    return lambda tmp: data.read(ba_workbook(tmp / "ba.xlsx", rows=rows))


def own(mapping=OWN_MAPPING, text=OWN_CSV):
    return lambda tmp: data.read(put(tmp, text, "eigene.csv"), mapping=mapping)


def own_without(key):
    return own({k: v for k, v in OWN_MAPPING.items() if k != key})


def own_xlsx_missing_sheet(tmp):
    Workbook().save(tmp / "eigene.xlsx")
    return data.read(tmp / "eigene.xlsx", mapping={**OWN_MAPPING, "sheet": "Daten"})


def yaml_mapping(text):
    def act(tmp):
        put(tmp, text, "m.yaml")
        return data.read(put(tmp, OWN_CSV, "eigene.csv"), mapping=tmp / "m.yaml")
    return act


def read_dir_with(files: dict):
    def act(tmp):
        for name, text in files.items():
            put(tmp, text, name)
        return data.read_dir(tmp)
    return act


def geojson(features):
    return lambda tmp: read_boundaries(put(tmp, json.dumps({"type": "FeatureCollection", "features": features}),
                                           "k.geojson"))


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}


def join_two_rows(tmp):
    areas = geojson([{"type": "Feature", "properties": {"ags": "16051", "name": "Erfurt"}, "geometry": SQUARE}])(tmp)
    table = pd.DataFrame({"region_code": ["16051", "16051"], "region_name": "Erfurt", "time": "2023",
                          "variable": ["Ausländer", "Deutsche"], "value": [1.0, 2.0], "status": ""})
    return join_boundaries(areas, table)


def merge_rates(tmp):
    table = data.read(put(tmp, classic_text(header=[";;Arbeitslosenquote;Arbeitslose;Ausländer",
                                                    ";;Prozent;Anzahl;Anzahl"], title=TITLE[:4] + ["2016;;;;"])))
    return data.merge_eisenach(table)


CASES = [
    ("empty file", read_text(""), "Datei „{tmp}/t.csv“: Die Datei ist leer (0 Byte)."),
    ("missing file", lambda tmp: data.read(tmp / "fehlt.csv"),
     "Datei „{tmp}/fehlt.csv“: Die Datei gibt es nicht."),
    ("folder instead of file", lambda tmp: data.read(tmp),
     "Datei „{tmp}“: Das ist ein Ordner, keine Datei."),
    ("over size limit", read_text("x" * 150, max_bytes=100),
     "Datei „{tmp}/t.csv“: Die Datei ist mit 150 Byte größer als die Grenze von 100 Byte."),
    ("zip without csv", lambda tmp: data.read(zipped({"notiz.txt": "hallo"})(tmp)),
     "Datei „{tmp}/t.zip“: Im Zip-Archiv wird genau eine CSV-Datei erwartet, gefunden: notiz.txt."),
    ("zip with two csv", lambda tmp: data.read(zipped({"a.csv": classic_text(), "b.csv": classic_text()})(tmp)),
     "Datei „{tmp}/t.zip“: Im Zip-Archiv wird genau eine CSV-Datei erwartet, gefunden: a.csv, b.csv."),
    ("empty zip", lambda tmp: data.read(zipped({})(tmp)),
     "Datei „{tmp}/t.zip“: Im Zip-Archiv wird genau eine CSV-Datei erwartet, gefunden: nichts."),
    ("zip bomb", lambda tmp: data.read(zipped({"bombe.csv": b"0" * 20_000_000})(tmp)), zip_bomb_message),
    ("zip member over size limit",
     lambda tmp: data.read(zipped({"gross.csv": "16;Thüringen;1\n" * 400})(tmp), max_bytes=1000), zip_bomb_message),
    ("damaged zip", read_text(b"PK\x03\x04" + b"kaputt" * 50, "t.zip"),
     "Datei „{tmp}/t.zip“: Das Zip-Archiv ist beschädigt."),
    ("old excel xls", read_text(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "t.xls"),
     "Datei „{tmp}/t.xls“: Das ist eine Excel-Datei im alten Format (.xls)."),
    ("utf-16", read_text(classic_text().encode("utf-16")),
     "Datei „{tmp}/t.csv“: Die Datei ist als UTF-16 („Unicode-Text“) gespeichert."),
    ("binary data", read_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
     "Datei „{tmp}/t.csv“, Zeile 3: Das ist keine Textdatei: sie enthält ein Nullbyte (Binärdaten oder beschädigt)."),
    ("byte neither utf-8 nor cp1252", read_text(classic_text().encode("cp1252").replace(b"Erfurt", b"Erf\x81rt")),
     "Datei „{tmp}/t.csv“, Zeile 10: Unbekannte Zeichenkodierung (Byte 0x81 ist weder UTF-8 noch Windows-1252)."),
    ("double encoded umlauts", read_text(classic_text().encode("utf-8").decode("cp1252").encode("utf-8")),
     "Datei „{tmp}/t.csv“, Zeile 2: Umlaute sind doppelt kodiert („Ã¶“ statt eines Umlauts)."),
    ("not a statistics file", read_text("Name;Wert\nA;1\n"),
     "Datei „{tmp}/t.csv“, Zeile 1: Das ist keine bekannte Statistiktabelle (erste Zeile: „Name;Wert“)."),
    ("truncated without footer", read_text(classic_text(footer=[])),
     "Datei „{tmp}/t.csv“: Die Tabelle endet ohne Fußzeile (Zeile aus Unterstrichen) nach Zeile 11 – die Datei ist "
     "vermutlich unvollständig."),
    ("truncated inside a row", read_text(classic_text(footer=[]).rstrip()[:-12]),
     "Datei „{tmp}/t.csv“: Die Tabelle endet ohne Fußzeile (Zeile aus Unterstrichen) nach Zeile 11 – die Datei ist "
     "vermutlich unvollständig."),
    ("comma separator", read_text(classic_text().replace(";", ",")),
     "Datei „{tmp}/t.csv“, Zeile 2: Die Spalten sind durch Komma statt durch Semikolon getrennt."),
    ("tab separator", read_text(classic_text().replace(";", "\t")),
     "Datei „{tmp}/t.csv“, Zeile 2: Die Spalten sind durch Tabulator statt durch Semikolon getrennt."),
    ("no data rows", read_text(classic_text(rows=[])),
     "Datei „{tmp}/t.csv“, Zeile 9: Keine Datenzeile gefunden; erwartet wird eine Zeile der Form "
     "„[Zeit;]Regionalschlüssel;Name;Werte…“, z. B. „16;Thüringen;2170714“."),
    ("extra field", read_text(with_row(1, ROWS[1] + ";17")),
     "Datei „{tmp}/t.csv“, Zeile 10: Die Zeile hat 6 Spalten, erwartet werden 5 wie in der ersten Datenzeile."),
    ("duplicate region", read_text(classic_text(rows=ROWS + [ROWS[1]])),
     "Datei „{tmp}/t.csv“, Zeile 12: Doppelter Eintrag (region_code = 16051); derselbe Schlüssel steht schon in "
     "Zeile 10."),
    ("duplicate region and year", read_text(classic_text(header=[";;;Insgesamt"], rows=["2023;16;Thüringen;1",
                                                                                        "2023;16;Thüringen;2"])),
     "Datei „{tmp}/t.csv“, Zeile 9: Doppelter Eintrag (region_code = 16, time = 2023); derselbe Schlüssel steht schon "
     "in Zeile 8."),
    ("header narrower than data", read_text(classic_text(header=[HEADER[0], ";;Insgesamt;männlich"])),
     "Datei „{tmp}/t.csv“, Zeile 8: Die Kopfzeile hat 4 Spalten, die Datenzeilen haben 5."),
    ("two columns with one header", read_text(classic_text(header=[HEADER[0], ";;Insgesamt;Insgesamt;weiblich"])),
     "Datei „{tmp}/t.csv“, Spalte „Insgesamt“: Zwei Wertespalten haben dieselbe Überschrift „Insgesamt“."),
    ("ffcsv missing column", read_text(ffcsv_text(head=FF_HEAD.removesuffix(";value_q"),
                                                  rows=[r.rsplit(";", 1)[0] for r in FF_ROWS])),
     "Datei „{tmp}/t.csv“, Zeile 1: Dem GENESIS-Flatfile fehlen die Spalten value_q."),
    ("ffcsv duplicate row", read_text(ffcsv_text(rows=FF_ROWS + [FF_ROWS[0]])),
     "Datei „{tmp}/t.csv“, Zeile 5: Doppelter Eintrag (region_code = 16051, time = 2023-12-31, nationality = "
     "Ausländer, "
     "variable = Bevölkerungsstand); derselbe Schlüssel steht schon in Zeile 2."),
    ("ffcsv header only", read_text(ffcsv_text(rows=[])),
     "Datei „{tmp}/t.csv“, Zeile 2: Das GENESIS-Flatfile enthält nur die Kopfzeile, keine Datenzeilen."),
    ("ffcsv old layout cut after the header",
     read_text("\ufeffStatistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;PREIS1__"),
     "Datei „{tmp}/t.csv“, Zeile 2: Das GENESIS-Flatfile enthält nur die Kopfzeile, keine Datenzeilen."),
    ("ffcsv without region", read_text(ffcsv_text(rows=[r.replace(";KREISE;", ";XYZ;") for r in FF_ROWS])),
     "Datei „{tmp}/t.csv“, Zeile 1: Das Flatfile enthält kein regionales Merkmal (DINSG, DLAND, KREISE, …)."),
    ("old ffcsv without value columns", read_text("\ufeffStatistik_Code;Statistik_Label;Zeit\n61111;VPI;1991\n"),
     "Datei „{tmp}/t.csv“, Zeile 1: Keine Wertespalte der Form „CODE__Bezeichnung__Einheit“ gefunden."),
    ("excel without region keys", ba([["Thüringen", "", 1, 2, 3, 4], ["Erfurt", "", 1, 2, 3, 4]]),
     "Datei „{tmp}/ba.xlsx“: In der Excel-Datei wurde keine Zeile mit Regionalschlüssel gefunden."),
    ("excel sum row of another workbook", ba([["Summe", "12", 20, 32, 1, 2]]),
     "Datei „{tmp}/ba.xlsx“: In der Excel-Datei wurde keine Zeile mit Regionalschlüssel gefunden."),
    ("excel duplicate region", ba([["16051", "Erfurt", 1, 2, 3, 4], ["16051", "Erfurt", 1, 2, 3, 4]]),
     "Datei „{tmp}/ba.xlsx“, Zeile 9: Doppelter Eintrag (region_code = 16051); derselbe Schlüssel steht schon in "
     "Zeile 8."),
    ("damaged excel", lambda tmp: data.read(zipped({"[Content_Types].xml": "kaputt",
                                                    "xl/workbook.xml": "kaputt"})(tmp)),
     "Datei „{tmp}/t.zip“: Die Excel-Datei lässt sich nicht öffnen (beschädigt oder kein Excel-Format)."),
    ("mapping without region", own_without("region"), "Die Zuordnung passt nicht: es fehlt „region“."),
    ("mapping without value", own_without("value"), "Die Zuordnung passt nicht: es fehlt „value“ oder „values“."),
    ("mapping without time", own_without("time"), "Die Zuordnung passt nicht: es fehlt „time“ oder „time_value“."),
    ("mapping with unknown key", own({**OWN_MAPPING, "farbe": "rot"}),
     "Die Zuordnung passt nicht: unbekannte Einträge farbe."),
    ("mapping names a missing column", own({**OWN_MAPPING, "time": "Year"}),
     "Datei „{tmp}/eigene.csv“, Zeile 1: Spalte „Year“ aus der Zuordnung fehlt; vorhanden sind: Gemeindeschlüssel, "
     "Gemeinde, Jahr, Staatsangehörigkeit, Anzahl."),
    ("mapping file is not yaml", yaml_mapping("region: [Gemeindeschlüssel\n"),
     "Datei „{tmp}/m.yaml“, Zeile 2: Die Zuordnung ist kein gültiges YAML."),
    ("mapping file is a list", yaml_mapping(yaml.safe_dump(["region", "Jahr"])),
     "Datei „{tmp}/m.yaml“: Die Zuordnung muss aus Einträgen „Schlüssel: Spaltenname“ bestehen."),
    ("own table negative count", own(text=OWN_CSV.replace(";567", ";-567")),
     "Datei „{tmp}/eigene.csv“, Zeile 3, Spalte „Anzahl“: Negative Anzahl (-567,0) – eine Zählung kann nicht "
     "negativ sein."),
    ("own table bad region code", own(text=OWN_CSV.replace("16063105;Eisenach;2023;Ukraine",
                                                           "160631;Eisenach;2023;Ukraine")),
     "Datei „{tmp}/eigene.csv“, Zeile 2, Spalte „Gemeindeschlüssel“: „160631“ " + BAD_CODE),
    ("own table text in number cell", own(text=OWN_CSV.replace(";567", ";viele")),
     "Datei „{tmp}/eigene.csv“, Zeile 3, Spalte „Anzahl“: „viele“ " + NOT_A_NUMBER),
    ("own table empty cell", own(text=OWN_CSV.replace(";567", ";")),
     "Datei „{tmp}/eigene.csv“, Zeile 3, Spalte „Anzahl“: " + EMPTY),
    ("own table duplicate", own(text=OWN_CSV + "16063105;Eisenach;2023;Ukraine;1\n"),
     "Datei „{tmp}/eigene.csv“, Zeile 5: Doppelter Eintrag (region_code = 16063105, time = 2023, nationality = "
     "Ukraine); "
     "derselbe Schlüssel steht schon in Zeile 2."),
    ("own workbook without the sheet", own_xlsx_missing_sheet,
     "Datei „{tmp}/eigene.xlsx“: Das Tabellenblatt „Daten“ gibt es nicht; vorhanden: Sheet."),
    ("data folder missing", lambda tmp: data.read_dir(tmp / "fehlt"),
     "Datei „{tmp}/fehlt“: Den Datenordner gibt es nicht."),
    ("boundaries missing", lambda tmp: read_boundaries(tmp / "k.geojson"),
     "Datei „{tmp}/k.geojson“: Die Kartendatei gibt es nicht."),
    ("boundaries not json", lambda tmp: read_boundaries(put(tmp, "{kaputt", "k.geojson")),
     "Datei „{tmp}/k.geojson“: Die Datei ist kein gültiges GeoJSON."),
    ("boundaries without key", geojson([{"type": "Feature", "properties": {"name": "Erfurt", "bez": "Stadt"},
                                         "geometry": SQUARE}]),
     "Datei „{tmp}/k.geojson“: Keine Eigenschaft mit dem Regionalschlüssel gefunden (gesucht: ags, AGS, ARS, ars; "
     "vorhanden: name, bez)."),
    ("boundaries with points", geojson([{"type": "Feature", "properties": {"ags": "16051"},
                                         "geometry": {"type": "Point", "coordinates": [11.0, 51.0]}}]),
     "Datei „{tmp}/k.geojson“: Erwartet werden Flächen (Polygon oder MultiPolygon), gefunden: Point."),
    ("map join with two values per region", join_two_rows,
     "Spalte „variable“: Für die Karte wird ein Wert je Region erwartet; Region 16051 kommt 2-mal vor."),
    ("eisenach merge of a rate", merge_rates,
     "Datei „{tmp}/t.csv“: Eisenach (16056) kann nur bei Zählwerten zum Wartburgkreis addiert werden; keine Anzahl "
     "sind: „Arbeitslosenquote“ (Prozent)."),
]


OLD_FF = ("\ufeffStatistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
          "1_Auspraegung_Code;1_Auspraegung_Label;PREIS1__Verbraucherpreisindex__2020=100;PREIS1__Verbraucherpreisindex__q\n"
          "61111;VPI;JAHR;Jahr;1991;DINSG;Deutschland insgesamt;DG;Deutschland;61,9;e\n"
          "61111;VPI;JAHR;Jahr;1992;DINSG;Deutschland insgesamt;DG;Deutschland;hoch;e\n")
ODD_TEXT = "Zelle weder Zahl noch amtliches Zeichen: ohne Zahl übernommen, der Text bleibt als Kennzeichen stehen"
ODD_CODE = "Zeile mit ungewöhnlichem Regionalschlüssel übernommen (erwartet: DG oder 2-, 3-, 5- oder 7- bis 12-stellig)"

#: Official files are never rejected for their content: (case, act, the one German warning, (region, time or
#: None, variable, value, status) of the cell that was kept).
KEPT = [
    ("missing field", read_text(with_row(1, "16051;Erfurt;210118;102259")),
     "1 leere Wertezelle ohne Zahl übernommen, z. B. Zeile 10, Spalte „weiblich“.", ("16051", "weiblich", None, "")),
    ("empty value cell", read_text(with_row(2, "16056;Eisenach;42417;;21607")),
     "1 leere Wertezelle ohne Zahl übernommen, z. B. Zeile 11, Spalte „männlich“.", ("16056", "männlich", None, "")),
    ("text in number cell", read_text(with_row(1, "16051;Erfurt;zweihundert;102259;107859")),
     f"1 {ODD_TEXT}, z. B. Zeile 10, Spalte „Insgesamt“: „zweihundert“.", ("16051", "Insgesamt", None, "zweihundert")),
    ("thousands separator", read_text(with_row(1, "16051;Erfurt;210.118;102259;107859")),
     f"1 {ODD_TEXT}, z. B. Zeile 10, Spalte „Insgesamt“: „210.118“.", ("16051", "Insgesamt", None, "210.118")),
    ("combined marker", read_text(with_row(0, "16;Thüringen;2170714;.g;1095575")),
     f"1 {ODD_TEXT}, z. B. Zeile 9, Spalte „männlich“: „.g“.", ("16", "männlich", None, ".g")),
    ("four-digit region code", read_text(with_row(1, "1605;Erfurt;210118;102259;107859")),
     f"1 {ODD_CODE}, z. B. Zeile 10: „1605“.", ("1605", "Insgesamt", 210118, "")),
    ("letter in region code", read_text(with_row(2, "16O56;Eisenach;42417;20810;21607")),
     f"1 {ODD_CODE}, z. B. Zeile 11: „16O56“.", ("16O56", "männlich", 20810, "")),
    ("blank line inside data", read_text(classic_text(rows=[ROWS[0], "", ROWS[1]])),
     "1 leere Zeile mitten in den Daten übersprungen, z. B. Zeile 10.", ("16051", "weiblich", 107859, "")),
    ("negative count", read_text(with_row(1, "16051;Erfurt;210118;-5;107859")),
     "1 negativer Wert in Zählspalten übernommen, wie veröffentlicht (Salden oder Berichtigungen), z. B. Zeile 10, "
     "Spalte „männlich“: -5.", ("16051", "männlich", -5, "")),
    ("ffcsv text in value", read_text(ff_with(0, ";27420;", ";viele;")),
     f"1 {ODD_TEXT}, z. B. Zeile 2, Spalte „value“: „viele“.", ("16051", "Bevölkerungsstand", None, "viele")),
    ("ffcsv negative count", read_text(ff_with(1, ";188255;", ";-3;")),
     "1 negativer Wert in Zählspalten übernommen, wie veröffentlicht (Salden oder Berichtigungen), z. B. Zeile 3, "
     "Spalte „value“: -3.", None),
    ("ffcsv bad region code", read_text(ff_with(0, ";16051;", ";1605;")),
     f"1 {ODD_CODE}, z. B. Zeile 2: „1605“.", ("1605", "Bevölkerungsstand", 27420, "e")),
    ("old ffcsv text in value", read_text(OLD_FF),
     f"1 {ODD_TEXT}, z. B. Zeile 3, Spalte „PREIS1__Verbraucherpreisindex__2020=100“: „hoch“.", None),
    ("excel text in number cell", ba([["16", "Thüringen", 62015, 48710, 13290, 2985],
                                      ["16051", "Erfurt, Stadt", 7905, "viele", 2465, 512]]),
     f"1 {ODD_TEXT}, z. B. Zeile 9, Spalte „Arbeitslose | Deutsche“: „viele“.",
     ("16051", "Arbeitslose | Deutsche", None, "viele")),
]


@pytest.mark.parametrize("act, warning, cell", [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_odd_content_of_an_official_file_is_kept_and_said_once(tmp_path, act, warning, cell):
    table = act(tmp_path)
    assert table.attrs["warnings"] == [warning]
    if cell:
        code, variable, value, status = cell
        row = table[(table["region_code"] == code) & (table["variable"] == variable)].iloc[0]
        assert (pd.isna(row["value"]) if value is None else row["value"] == value) and row["status"] == status


def test_data_folder_skips_an_unreadable_file_and_names_it(tmp_path):
    tables = read_dir_with({"a.csv": classic_text(), "kaputt.csv": "", "liste.csv": "DG,Deutschland,Staat\n"})(tmp_path)
    assert list(tables) == ["12411-01-01-4"]
    assert [name for name, _ in tables.skipped] == ["kaputt.csv", "liste.csv"]
    assert tables.skipped[0][1].startswith("Die Datei ist leer (0 Byte).")
    assert tables.skipped[1][1].startswith("Zeile 1: Das ist keine bekannte Statistiktabelle")


def test_data_folder_ignores_the_planning_workbook_and_its_catalogue_export(tmp_path):
    from toolkit import massnahmenplanung
    from toolkit.config import DEMO_DATA_DIR
    shutil.copy(DEMO_DATA_DIR / "planung.xlsx", tmp_path / "planung.xlsx")
    massnahmenplanung.export(tmp_path / "planung.xlsx", {})  # `ikpe plan export` without targets: beside the plan
    assert (tmp_path / "planung_massnahmenkatalog.xlsx").is_file()
    tables = read_dir_with({"a.csv": classic_text()})(tmp_path)
    assert list(tables) == ["12411-01-01-4"] and tables.skipped == []


def test_data_folder_with_a_table_twice_uses_the_newer_stand(tmp_path):
    newer = classic_text(footer=[line.replace("14.12.2017", "02.01.2018") for line in FOOTER])
    tables = read_dir_with({"a.csv": newer, "b.csv": classic_text()})(tmp_path)
    assert tables["12411-01-01-4"].attrs["file"].endswith("a.csv")
    assert tables.skipped == [("b.csv", "Die Tabelle 12411-01-01-4 liegt zweimal im Ordner; verwendet wird „a.csv“ "
                                        "(Stand 02.01.2018).")]


def test_there_are_at_least_forty_malformed_inputs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("act, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_input_gets_its_german_message(tmp_path, act, expected):
    with pytest.raises(UserError) as error:
        act(tmp_path)
    message = str(error.value)
    wanted = expected(tmp_path) if callable(expected) else expected.format(tmp=tmp_path)
    assert message.split("\nSo beheben Sie es: ")[0] == wanted
    assert "\nSo beheben Sie es: " in message


@pytest.mark.parametrize("name, content", [
    ("leer.csv", b""), ("komma.csv", classic_text().replace(";", ",").encode()),
    ("doppelt.csv", classic_text(rows=ROWS + [ROWS[0]]).encode("cp1252")),
])
def test_cli_exits_2_with_the_message_and_no_traceback(tmp_path, name, content):
    path = put(tmp_path, content, name)
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "read", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Fehler: Datei „{path}“")
    assert "So beheben Sie es:" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
