"""Build step: the wheel carries the course material, so `ikpe demo` and `ikpe apps` work without the checkout.

setuptools runs `BuildPy` (see [tool.setuptools] cmdclass in pyproject.toml) when it builds a wheel; it copies
notebooks/, exercises/, datasets/musterland/, its newer vintage datasets/musterland_2026/ and voila.json into
toolkit/_material/ of the build, where `toolkit.config` finds them. An editable install (`make setup`) reads them
from the checkout instead and gets no copy. MANIFEST.in puts the same files into the sdist, from which a wheel may
be built too.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Folders and files of the course material, relative to the checkout (and to toolkit/_material/ in the wheel).
MATERIAL = ["notebooks", "exercises", "datasets/musterland", "datasets/musterland_2026", "voila.json"]
TARGET = Path("toolkit", "_material")
#: Left out: caches, editor droppings, the apps' lock and temporary files.
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".~*", "*.tmp", "*.bak.xlsx")


class BuildPy(build_py):
    """build_py that also copies the course material into the package (not for editable installs)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / TARGET
        shutil.rmtree(target, ignore_errors=True)
        for name in MATERIAL:
            source = ROOT / name
            if not source.exists():
                raise FileNotFoundError(f"Kursmaterial fehlt für das Wheel: {source}")
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=IGNORED)
            else:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
