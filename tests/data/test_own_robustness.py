"""A district's own table and its mapping: a few hostile bytes cannot exhaust the machine, a file saved as
„ANSI“ by Notepad reads, wrong types and damaged rows are German errors with the place, never a traceback."""
from __future__ import annotations

import pytest

from toolkit import data
from toolkit.data import own
from toolkit.errors import UserError


@pytest.mark.timeout(60)
def test_a_mapping_with_yaml_aliases_is_refused_instead_of_expanding(tmp_path):
    laughs = ["region: a", "lol0: &a0 [x, x, x, x, x, x, x, x, x]"]
    laughs += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    mapping = tmp_path / "zuordnung.yaml"
    mapping.write_text("\n".join(laughs) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        own.load_mapping(mapping)
    assert "YAML-Verweise" in error.value.message and error.value.row == 3


def test_a_mapping_is_small_and_may_be_saved_as_ansi(tmp_path):
    big = tmp_path / "gross.yaml"
    big.write_text("# " + "x" * 70_000 + "\nregion: a\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        own.load_mapping(big)
    assert "größer als 64 KB" in error.value.message
    ansi = tmp_path / "ansi.yaml"
    ansi.write_bytes("region: Gemeindeschlüssel\nname: Gemeinde\ntime: Jahr\nvalue: Einwohner\n".encode("cp1252"))
    assert own.load_mapping(ansi)["region"] == "Gemeindeschlüssel"


MAPPING = {"region": "AGS", "name": "Gemeinde", "time": "Jahr", "value": "Anzahl"}


@pytest.mark.parametrize("key, value, expected", [
    ("region", ["AGS", "Kreis"], "kein Text"),
    ("header_row", "zwei", "keine Zeilennummer von 1 bis 1000"),
    ("header_row", 0, "keine Zeilennummer"),
    ("dimensions", 5, "weder eine Liste von Spalten"),
    ("time_value", ["2023", "2024"], "kein Zeitpunkt"),
    ("values", "Anzahl", "keine Liste von Spaltennamen"),
])
def test_a_mapping_entry_of_the_wrong_type_is_named(key, value, expected):
    with pytest.raises(UserError) as error:
        own.load_mapping({**MAPPING, key: value})
    assert expected in error.value.message and error.value.column == key


@pytest.mark.parametrize("text, header_row, row, expected", [
    ("Titel\nAGS;Gemeinde;Jahr;Anzahl\n16099015;A;2023;5\n16099016;B;2023;6;7\n", 2, 4, "5 statt 4 Felder"),
    ("AGS;Gemeinde;Jahr;Anzahl\n", 1, 2, "keine Datenzeilen"),
    ("AGS;Gemeinde;Jahr;Anzahl\n16099015;A;2023;5\n", 99, None, "nur 2 Zeilen"),
])
def test_a_damaged_own_csv_is_a_german_error_with_its_place(tmp_path, text, header_row, row, expected):
    path = tmp_path / "eigene.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as error:
        data.read(path, mapping={**MAPPING, "header_row": header_row})
    assert expected in error.value.message and error.value.row == row
