"""Project-wide rules: pins agree everywhere, notebooks are stored clean, the CLI fails politely."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from toolkit.config import PROJECT_ROOT


def _pins(lines):
    pins = {}
    for line in lines:
        line = line.split("#")[0].split(";")[0].strip()
        if m := re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)\s*==\s*([^\s]+)", line):
            pins[m[1].lower()] = m[2]
    return pins


def test_environment_yml_lists_the_same_packages_and_pins():
    wanted = _pins((PROJECT_ROOT / "requirements.in").read_text().splitlines())
    locked = _pins((PROJECT_ROOT / "requirements.lock").read_text().splitlines())
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = _pins(d for d in env["dependencies"] if isinstance(d, str))
    conda.pop("python", None)
    assert conda == wanted
    for name, version in wanted.items():
        assert locked.get(name) == version, f"{name} in requirements.lock weicht ab"
    assert "conda-forge" in env["channels"]
    assert "-e ." in next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]


def test_notebooks_are_committed_without_outputs():
    notebooks = [p for p in PROJECT_ROOT.glob("**/*.ipynb")
                 if not {".venv", "build", ".ipynb_checkpoints"} & set(p.relative_to(PROJECT_ROOT).parts)]
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path


def test_cli_user_error_exits_2_without_traceback(tmp_path):
    missing = tmp_path / "gibt-es-nicht.csv"
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "read", str(missing)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "gibt-es-nicht.csv" in done.stderr


def test_cli_unknown_command_exits_2():
    done = subprocess.run([sys.executable, "-m", "toolkit.cli", "zaubern"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
