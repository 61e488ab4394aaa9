"""The rules of course and Ampel: defaults, a district's YAML overriding them, German errors and sentences."""
from __future__ import annotations

import dataclasses

import pytest

from toolkit.errors import UserError
from toolkit.monitoring import regeln
from toolkit.monitoring.regeln import Regeln


def write(tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "regeln.yaml"
    path.write_bytes(text.encode(encoding))
    return path


def test_no_file_and_an_empty_file_give_the_defaults(tmp_path):
    assert regeln.load(None) == Regeln()
    assert regeln.load(write(tmp_path, "# nur ein Kommentar\n")) == Regeln()


def test_every_rule_has_one_german_key():
    assert sorted(regeln.KEYS.values()) == sorted(f.name for f in dataclasses.fields(Regeln))


def test_german_keys_override_defaults_and_keep_the_rest(tmp_path):
    path = write(tmp_path, "Toleranz (%): 15\nSachstand veraltet nach (Tagen): 120\n"
                           "Rückstand gelb unter (% des Fälligen): '72,5'\n")
    r = regeln.load(path)
    assert (r.tolerance, r.stale, r.lag_yellow) == (15.0, 120, 72.5)
    assert r.late_red == Regeln().late_red
    assert isinstance(r.stale, int)


def test_not_started_statuses_as_a_list_one_text_or_none(tmp_path):
    key = "Noch nicht begonnen (Status)"
    assert regeln.load(write(tmp_path, f"{key}: [nicht begonnen]\n")).not_started == ("nicht begonnen",)
    assert regeln.load(write(tmp_path, f"{key}: in Vorbereitung\n")).not_started == ("in Vorbereitung",)
    none = regeln.load(write(tmp_path, f"{key}: []\n"))
    assert none.not_started == ()
    assert "Ist eine Maßnahme nach ihrem Ende nicht abgeschlossen" in " ".join(regeln.describe(none))


def test_a_file_saved_by_notepad_as_ansi_is_read(tmp_path):
    assert regeln.load(write(tmp_path, "Gefährdet ab (%): 40\n", "cp1252")).at_risk == 40.0


@pytest.mark.parametrize(("text", "words"), [
    ("Toleranz: 10\n", "Den Schlüssel „Toleranz“ kennt die Regeldatei nicht"),
    ("Toleranz (%): viel\n", "Unter „Toleranz (%)“ steht „viel“; erwartet wird eine Zahl"),
    ("Verzug rot ab (Tagen): 12.5\n", "erwartet wird eine ganze Zahl (Tage)"),
    ("Toleranz (%): 150\n", "der Wert muss zwischen 0 und 100 sein"),
    ("Verzug gelb ab (Tagen): -3\n", "der Wert muss nicht negativ sein"),
    ("Toleranz (%): true\n", "erwartet wird eine Zahl"),
    ("Verzug gelb ab (Tagen): 120\nVerzug rot ab (Tagen): 60\n", "Gelb muss vor Rot kommen"),
    ("Toleranz (%): 60\n", "liegt die Grenze „auf Kurs“ (40 %) unter „Gefährdet ab (%)“ (50 %)"),
    ("Rückstand rot unter (% des Fälligen): 80\n", "Rot muss unter Gelb liegen"),
    ("Noch nicht begonnen (Status): [nicht begonnen, geplant]\n", "der Status „geplant“, den die Planungsmappe nicht"),
    ("Noch nicht begonnen (Status): [abgeschlossen]\n", "„abgeschlossen“ und „entfallen“ gehören nicht dazu"),
    ("Noch nicht begonnen (Status): 3\n", "erwartet wird eine Liste von Status"),
    ("Toleranz (%):\n", "Unter „Toleranz (%)“ steht nichts; erwartet wird eine Zahl"),
    ("- Toleranz (%): 10\n", "aus Zeilen „Schlüssel: Zahl“"),
    ("Toleranz (%): [10\n", "kein gültiges YAML"),
])
def test_bad_files_are_german_user_errors_naming_file_and_key(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(UserError) as caught:
        regeln.load(path)
    assert words in str(caught.value)
    assert caught.value.file == str(path)


def test_the_offending_key_is_named_as_column(tmp_path):
    with pytest.raises(UserError) as caught:
        regeln.load(write(tmp_path, "Gefährdet ab (%): 40\nStichtag: 2026\n"))
    assert caught.value.column == "Stichtag"
    assert "Toleranz (%)" in caught.value.hint


def test_a_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="lässt sich nicht lesen"):
        regeln.load(tmp_path / "fehlt.yaml")


def test_describe_says_every_threshold_in_german_number_format():
    r = Regeln(tolerance=12.5, at_risk=40, lag_yellow=70, lag_red=30, lag_from=15, late_yellow=14, late_red=1000,
               stale=1200, rollup_red=60, rollup_yellow=20, not_started=("nicht begonnen",))
    text = " ".join(regeln.describe(r))
    for said in ("87,5 %", "Toleranz 12,5 %", "ab 40 %", "weniger als 70 % des Fälligen", "weniger als 30 % rot",
                 "ab 15 % der Laufzeit", "nach ihrem Beginn noch „nicht begonnen“ oder nach ihrem Ende",
                 "bei mehr als 14 Tagen Verzug", "bei mehr als 1.000 Tagen Verzug", "älter als 1.200 Tage",
                 "mindestens 60 % der Signale rot", "mindestens 20 % gelb oder rot"):
        assert said in text, said
    assert all(sentence.endswith(".") for sentence in regeln.describe(r))


def test_describe_of_the_defaults():
    text = " ".join(regeln.describe(Regeln()))
    assert "mindestens 90 % des bis dahin geplanten Fortschritts" in text
    assert "gelb, sobald sie überfällig ist, und rot bei mehr als 90 Tagen Verzug" in text
    assert "noch „nicht begonnen“ oder „in Vorbereitung“ oder nach ihrem Ende" in text


def test_the_shipped_template_lists_every_key_at_its_default():
    assert regeln.load(regeln.TEMPLATE) == Regeln()
    text = regeln.TEMPLATE.read_text(encoding="utf-8")
    assert all(f"\n{key}:" in text for key in regeln.KEYS)
