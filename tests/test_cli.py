"""`ikpe …` speaks German all the way: help pages, usage and argparse's own errors (exit code 2 stays)."""
from __future__ import annotations

import argparse

import pytest

from toolkit import cli

#: argparse's English, as it would appear without the translation.
ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "the following", "required",
           "invalid", "expected", "unrecognized", "choose from")


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of the parser (ikpe plan new, …), including ones added later."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            named = {id(sub): (name, sub) for name, sub in reversed(action.choices.items())}  # not aliases
            for name, sub in reversed(named.values()):
                found += _commands(sub, prefix + (name,))
    return found


def _run(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(list(argv))
    out = capsys.readouterr()
    return done.value.code, out.out + out.err


def test_every_help_page_is_german(capsys):
    commands = _commands(cli.build_parser())
    assert ("plan", "check") in commands and len(commands) > 8
    for command in commands:
        code, text = _run(capsys, *command, "--help")
        assert code == 0 and text.startswith(f"Aufruf: ikpe {' '.join(command)}".rstrip())
        assert "Optionen:" in text and "-h, --help  " in text and "diese Hilfe anzeigen und beenden" in text
        assert [word for word in ENGLISH if word in text] == [], command


@pytest.mark.parametrize("argv, message", [
    ([], "ikpe: Fehler: Diese Angaben fehlen: BEFEHL"),
    (["run"], "ikpe run: Fehler: Diese Angaben fehlen: --data, --out"),
    (["run", "--data"], "ikpe run: Fehler: --data: Hier fehlt der Wert."),
    (["gibtsnicht"], "ikpe: Fehler: BEFEHL: 'gibtsnicht' gibt es nicht (möglich: 'demo', 'run',"),
    (["apps", "--port", "acht"], "ikpe apps: Fehler: --port: „acht“ ist keine Portnummer; erwartet wird eine "
                                 "ganze Zahl wie 8866."),
    (["read", "a.csv", "--to", "xlsx"], "ikpe read: Fehler: --to: 'xlsx' gibt es nicht (möglich: 'csv')"),
    (["handouts", "build", "--farbig"], "ikpe: Fehler: Unbekannte Angaben: --farbig"),
])
def test_argparse_errors_are_german_and_exit_2(capsys, argv, message):
    code, text = _run(capsys, *argv)
    assert code == 2
    assert text.startswith("Aufruf: ikpe") and message in text
    assert [word for word in ENGLISH if word in text] == []


def test_argparse_is_english_again_outside_the_cli(capsys):
    assert _run(capsys, "--help")[0] == 0
    parser = argparse.ArgumentParser(prog="andere")
    assert "options:" in parser.format_help() and "usage: andere" in parser.format_help()
