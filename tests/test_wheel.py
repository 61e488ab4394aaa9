"""The package works without the checkout: the wheel carries the course material (build_course.py), finds it
in itself (toolkit.config) and writes its outputs into the working directory, never into its own folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import config, konzept

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def _uv() -> str:
    """The uv `make setup` installs into the venv (else one on PATH)."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        pytest.fail("uv fehlt: make setup installiert es in .venv.", pytrace=False)
    return found


def _run(*command, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _clean_env() -> dict[str, str]:
    """The environment of a user's shell: no venv of this checkout, no toolkit settings, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("IKPE_", "VIRTUAL_ENV", "PYTHON", "VOILA_", "JUPYTER_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(Path(sys.executable).parent.parent)))
    return env


@pytest.mark.slow
def test_the_wheel_runs_the_demo_in_a_fresh_venv_outside_the_checkout(tmp_path):
    """Built as a release is (sdist, then the wheel from it), installed with the pinned dependencies into a new
    venv, `ikpe demo` run from an empty folder: every handout, and nothing written into the installed package."""
    if config.CHECKOUT is None:
        pytest.skip("Der Test baut das Wheel aus dem Projektordner.")
    uv, dist, venv = _uv(), tmp_path / "dist", tmp_path / "venv"
    _run(uv, "build", "--quiet", "--out-dir", dist, config.CHECKOUT)
    wheel = next(dist.glob("ikpe_toolkit-*.whl"))
    _run(uv, "venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    _run(uv, "pip", "install", "--quiet", "--python", python, "-r", LOCK)
    _run(uv, "pip", "install", "--quiet", "--python", python, "--no-deps", wheel)

    empty = tmp_path / "leer"
    empty.mkdir()
    found = _run(python, "-c", "from toolkit import config; print(config.CHECKOUT, config.NOTEBOOKS_DIR, sep='|')",
                 cwd=empty, env=_clean_env()).stdout.strip().split("|")
    installed = Path(found[1]).parent
    assert found[0] == "None" and installed.is_relative_to(venv), found

    done = _run(venv / "bin" / "ikpe", "demo", "--out", tmp_path / "out", cwd=empty, env=_clean_env())
    notebooks = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    expected = {f"{name}.html" for name in notebooks} | {"massnahmenkatalog_musterland.docx",
                                                          "massnahmenkatalog_musterland.html"}
    expected |= {f"Integrationswegweiser_de-uk-ar.{suffix}" for suffix in konzept.formats()}
    expected |= {f"Umsetzungsbericht_Musterland_2026-06-30.{suffix}" for suffix in konzept.formats()}
    expected |= {"aenderungsprotokoll_musterland.html", "aenderungsprotokoll_musterland.docx"}
    assert {p.name for p in (tmp_path / "out" / "handouts").iterdir()} == expected
    assert "Kurs für Landkreis Musterland gerechnet" in done.stdout and "Traceback" not in done.stderr
    assert (empty / "build" / ".cache").is_dir()            # the cache beside the user, not in the package
    assert not [p for p in installed.rglob("*") if p.name in ("build", "arbeit", ".cache")]


def test_outside_a_checkout_outputs_go_to_the_working_directory(tmp_path, monkeypatch):
    for name in (config.CACHE_ENV, config.WORKDIR_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config, "CHECKOUT", None)
    monkeypatch.chdir(tmp_path)
    assert config.demo_build_dir() == tmp_path / "build" / "musterland"
    assert config.cache_dir() == tmp_path / "build" / ".cache"
    assert config.workdir() == tmp_path / "arbeit"
    monkeypatch.setenv(config.WORKDIR_ENV, str(tmp_path / "anderswo"))
    assert config.workdir() == tmp_path / "anderswo"


def test_kernels_get_the_output_folders_of_the_process_that_starts_them(tmp_path, monkeypatch):
    """papermill's and Voila's kernels start in the notebook's folder (inside an installed package): they get
    this process's folders as absolute paths, and the variables are as before afterwards."""
    monkeypatch.delenv(config.CACHE_ENV, raising=False)
    monkeypatch.setenv(config.WORKDIR_ENV, "arbeit-relativ")
    monkeypatch.setattr(config, "CHECKOUT", None)
    monkeypatch.chdir(tmp_path)
    with config.outputs_pinned():
        assert os.environ[config.CACHE_ENV] == str(tmp_path / "build" / ".cache")
        assert os.environ[config.WORKDIR_ENV] == str(tmp_path / "arbeit-relativ")
    assert config.CACHE_ENV not in os.environ and os.environ[config.WORKDIR_ENV] == "arbeit-relativ"


def test_the_checkout_holds_the_material_a_wheel_carries():
    """build_course.py copies these into the wheel; config reads them from the checkout in an editable install."""
    if config.CHECKOUT is None:
        pytest.skip("nur im Projektordner")
    sys.path.insert(0, str(config.CHECKOUT))
    try:
        import build_course
    finally:
        sys.path.remove(str(config.CHECKOUT))
    assert all((config.CHECKOUT / name).exists() for name in build_course.MATERIAL)
    assert {config.NOTEBOOKS_DIR, config.EXERCISES_DIR, config.DEMO_DATA_DIR, config.VOILA_CONFIG} <= {
        config.CHECKOUT / name for name in build_course.MATERIAL}
