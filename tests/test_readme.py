"""Every `.venv/bin/ikpe …` command of the README, exactly as written there and in its order, on a district
folder of real downloads (`daten/mein-kreis` in a temporary working directory).

The folder holds the real Regionaldatenbank exports of ../shared/realdata/regionalstatistik (whole Germany,
2017/18) and the BKG Kreis boundaries, unchanged, under the names the portal gives its downloads: the
collection's `_00` suffix only marks its UTF-8 copies (see ../shared/realdata/README.md), so the README's
`12411-03-03-4.csv` is there as a user would have it.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from toolkit import course
from toolkit.config import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
PREFIX = ".venv/bin/ikpe"
IKPE = Path(sys.executable).with_name("ikpe")
#: README commands this file does not run, and why.
NOT_HERE = {
    "exercises": "regenerates the project's own worksheets in exercises/ (tests/exercises/test_exercises.py)",
    "apps": "a server that runs until Ctrl+C: started and stopped by its own test below",
    "wegweiser": "needs published offers, which a new plan has none of: tests/bestandsanalyse/test_cli.py runs it",
}

pytestmark = pytest.mark.slow


def readme_commands(text: str) -> list[str]:
    """The `.venv/bin/ikpe …` commands of the README in document order: lines of ```bash blocks (without a
    trailing comment) and inline code."""
    found = []
    for match in re.finditer(r"```bash\n(.*?)```|`(\.venv/bin/ikpe [^`]+)`", text, re.S):
        lines = match[1].splitlines() if match[1] is not None else [match[2]]
        found += [line.split(" #")[0].strip() for line in lines]
    return [line for line in found if line.startswith(PREFIX + " ")]


def argv(command: str) -> list[str]:
    """The command as the shell would split it, with the venv's `ikpe` by its absolute path."""
    return [str(IKPE), *shlex.split(command.removeprefix(PREFIX))]


def subcommand(command: str) -> str:
    return shlex.split(command.removeprefix(PREFIX))[0]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, realdata) -> Path:
    """A working directory with daten/mein-kreis/ assembled from real downloads (see the module text)."""
    root = tmp_path_factory.mktemp("readme")
    folder = root / "daten" / "mein-kreis"
    folder.mkdir(parents=True)
    for source in [*sorted((realdata / "regionalstatistik").iterdir()),
                   realdata / "geo" / "thueringen_kreise_ab_2021-07-01.geojson"]:
        shutil.copy(source, folder / source.name.replace("_00.", "."))
    return root


def test_the_readme_names_the_own_district_steps_this_file_runs():
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert [c for c in commands if "daten/mein-kreis" in c and subcommand(c) not in NOT_HERE], "keine Befehle"
    assert {subcommand(c) for c in commands} >= {"plan", "read", "run", "handouts", "apps"}
    assert readme_commands("```bash\nmake demo   # x\n.venv/bin/ikpe plan new a.xlsx   # oder b\n```\n"
                           "Dann `.venv/bin/ikpe read a.csv` und `make apps`.") == [
        ".venv/bin/ikpe plan new a.xlsx", ".venv/bin/ikpe read a.csv"]


def test_every_readme_command_runs_as_written_on_real_downloads(workdir):
    ran = []
    for command in readme_commands(README.read_text(encoding="utf-8")):
        if subcommand(command) in NOT_HERE:
            continue
        done = subprocess.run(argv(command), cwd=workdir, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        for english in ("Traceback", "Passed unknown parameter", "WARNING", "ERROR"):
            assert english not in done.stderr, f"{command}\n{done.stderr[-4000:]}"
        ran.append(subcommand(command))
    assert {"read", "run", "handouts"} <= set(ran)
    out = workdir / "build" / "mein-kreis"
    assert {p.name for p in (out / "handouts").glob("*.html")} == {
        f"{p.stem}.html" for p in out.glob("[0-9][0-9]_*.ipynb")} and len(list(out.glob("*.ipynb"))) == len(
        course.course_notebooks())
    report = nbformat.read(out / "01_datenanalyse.ipynb", as_version=4)
    assert "Wartburgkreis" in str(report.metadata) + "".join(str(c.outputs) for c in report.cells
                                                              if c.cell_type == "code")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_readme_apps_command_serves_the_own_district_and_ends_with_ctrl_c(workdir):
    """`ikpe apps --data daten/mein-kreis --district 16063` as written, on a free port (8866 may be taken)."""
    command = next(c for c in readme_commands(README.read_text(encoding="utf-8")) if subcommand(c) == "apps")
    port = _free_port()
    log = workdir / "apps.log"
    server = subprocess.Popen([*argv(command), "--port", str(port)], cwd=workdir, stdout=log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True,  # Ctrl+C reaches its group
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        page = _page(f"http://127.0.0.1:{port}/voila/render/notebooks/01_datenanalyse.ipynb", server, log)
        assert "Wartburgkreis" in page and "schiefgegangen" not in page
        os.killpg(server.pid, signal.SIGINT)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert log.read_text().endswith("Trainings-Apps beendet.\n") and "Traceback" not in log.read_text()


def _page(url: str, server: subprocess.Popen, log: Path) -> str:
    end = time.monotonic() + 600
    while time.monotonic() < end:
        if server.poll() is not None:
            pytest.fail(f"ikpe apps ist beendet: {log.read_text()[-3000:]}")
        try:
            return urllib.request.urlopen(url, timeout=600).read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"ikpe apps antwortet nicht: {log.read_text()[-3000:]}")
