"""A district's own mapping file is small and plain: a few hostile bytes cannot exhaust the machine, and a
file saved as „ANSI“ by Notepad reads."""
from __future__ import annotations

import pytest

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
