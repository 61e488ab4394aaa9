"""The demo generator as a package of its own: `python -m toolkit.demo` writes the whole demo folder, and
the runtime (every other module of `toolkit`) never imports it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import toolkit
from toolkit.config import DEMO_DATA_DIR
from toolkit.demo.__main__ import main

PACKAGE = Path(toolkit.__file__).parent


def test_python_m_toolkit_demo_writes_the_data_files_and_the_plan(tmp_path, capsys):
    assert main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in DEMO_DATA_DIR.iterdir())
    assert (tmp_path / "README.md").read_bytes() == (DEMO_DATA_DIR / "README.md").read_bytes()
    out = capsys.readouterr().out
    assert f"Dateien geschrieben nach {tmp_path}" in out and "Beispielplan geschrieben" in out


def _runtime_modules() -> list[str]:
    """Every module of the package outside toolkit/demo/, by its dotted name (folders without __init__.py,
    such as course material copied for a wheel, hold no modules)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        packaged = all((PACKAGE.parent.joinpath(*parts[:k]) / "__init__.py").is_file() for k in range(1, len(parts)))
        if packaged and parts[:2] != ("toolkit", "demo") and parts[-1] != "__main__":
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_runtime_never_imports_the_demo_package():
    modules = _runtime_modules()
    assert {"toolkit.cli", "toolkit.course", "toolkit.datenanalyse", "toolkit.zielfindung",
            "toolkit.massnahmenplanung", "toolkit.plan"} <= set(modules)
    script = ("import importlib, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              "print(sorted(name for name in sys.modules if name.split('.')[:2] == ['toolkit', 'demo']))\n")
    root = str(PACKAGE.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
