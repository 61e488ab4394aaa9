"""`ikpe apps`: the course notebooks as Voila training apps on http://127.0.0.1:8866/.

Learner-facing settings (sources stripped, German error message instead of tracebacks, culling of kernels
without a page, a preheated pool for the course notebooks) live in `voila.json` beside the notebooks
(`config.VOILA_CONFIG`: the checkout, or the course material inside an installed wheel);
the template `ikpe` ships inside the package (toolkit/reports/jupyter/voila/templates/ikpe). What the server
shows (course notebooks and worksheets, solutions on request) and how many apps it runs at once: `server`.
What goes wrong in a kernel is logged with its traceback to the server log (`log.to_server_log`); a problem the
user can fix (a `UserError`, a missing or unreadable file) shows on the page as the CLI prints it.
"""
from __future__ import annotations

import html
import logging
import os
import re
import socket
from pathlib import Path

from toolkit import config, log
from toolkit.config import DATA_ENV, DISTRICT_ENV, JUPYTER_DATA_DIR, PROJECT_ROOT, VOILA_CONFIG, in_voila
from toolkit.errors import UserError

__all__ = ["chosen", "in_voila", "serve", "show_user_errors_in_page", "user_error_html", "show_failure"]

logger = logging.getLogger(__name__)


def show_user_errors_in_page() -> None:
    """In this kernel a `UserError`, or a file-system error the user can fix (a data folder or file missing,
    unreadable, no rights), ends its cell with the German message the CLI prints (file, row, column, how to fix
    it) in the page, and its traceback in the server log (the `toolkit` logger, see `log.to_server_log`). Voila
    alone would show only its general sentence — as it still does for a fault of the toolkit. Only under Voila:
    papermill needs the error output to report a failure."""
    from IPython import get_ipython
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((UserError, OSError), _show_user_error)


def _show_user_error(shell, etype, value, tb, tb_offset=None) -> list[str]:
    from IPython.display import HTML, display

    from toolkit.errors import user_error
    error = user_error(value)
    if error is None:   # not the user's to fix: the cell fails as any other would
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return []
    display(HTML(user_error_html(error)))
    logger.error("Fehler in der App (die Meldung steht auf der Seite): %s", error, exc_info=(etype, value, tb))
    return []


def show_failure(error: BaseException, message, log: logging.Logger, app: str, failed: str, detail: str = "") -> None:
    """What an app shows when a callback fails with `error`, in its `message` widget: a problem the learner can fix
    (`errors.user_error`) as the CLI prints it, anything else as the app's sentence `failed`; the trainer gets the
    traceback in the server log through the app's logger `log` (`app` names the app, `detail` what was chosen)."""
    from toolkit.errors import user_error
    fixable = user_error(error)
    if fixable is None:
        log.error("Fehler in %s%s", app, f" ({detail})" if detail else "", exc_info=error)
        message.value = f"<p class='ikpe-hinweis' style='color:#a40000'>{html.escape(failed)}</p>"
    else:
        log.warning("Eingabefehler in %s: %s", app, fixable, exc_info=error)
        message.value = user_error_html(fixable)


def user_error_html(error: UserError) -> str:
    """The CLI's „Fehler: …“ text of `error` as escaped HTML, one paragraph per line."""
    lines = f"Fehler: {error}".splitlines()
    return "<div class='ikpe-fehler'>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</div>"


def chosen(data_dir: str, district_code: str | int) -> tuple[str, str]:
    """The data folder and district a notebook works on: under Voila those given to `ikpe apps`
    (if any), else the notebook's parameters — so papermill runs always follow their parameters.
    The code is text with its leading zero (a number 1001 from an older run becomes "01001")."""
    from toolkit.data.regions import pad_code
    if in_voila():
        data_dir, district_code = os.environ.get(DATA_ENV) or data_dir, os.environ.get(DISTRICT_ENV) or district_code
    return data_dir, pad_code(district_code)


def serve(port: int = 8866, root: Path = PROJECT_ROOT, data_dir: str | Path | None = None,
          district_code: str | None = None, solutions: bool = False, max_apps: int | None = None,
          options: list[str] | tuple[str, ...] = ()) -> int:
    """Serve the course notebooks (`root`/notebooks/*.ipynb) and the worksheets (`root`/exercises/*/aufgaben.ipynb)
    at /voila/render/<path>, with `solutions` also exercises/*/loesung.ipynb; blocks until Ctrl+C. With `data_dir`
    and `district_code` the apps show that district instead of the demo (see `chosen`). At most `max_apps` apps at
    once (Vorgabe: as many as the free memory holds, `server.default_max_apps`). `options`: further Voila or
    Jupyter settings as on Voila's command line (`--MappingKernelManager.cull_idle_timeout=5`)."""
    if not VOILA_CONFIG.is_file():
        raise UserError("Die Voila-Einstellungen fehlen.", file=VOILA_CONFIG,
                        hint="voila.json aus dem Projekt wiederherstellen (git checkout voila.json) "
                             "oder das Paket neu installieren.")
    if data_dir and not Path(data_dir).is_dir():
        raise UserError("Datenordner nicht gefunden.", file=data_dir,
                        hint="Geben Sie den Ordner mit den heruntergeladenen Tabellen des Kreises an.")
    _require_free(port)
    if data_dir:
        os.environ[DATA_ENV] = str(Path(data_dir).resolve())
    if district_code:
        os.environ[DISTRICT_ENV] = district_code
    os.environ.update(config.output_env())   # the kernels start in root: cache and working copies stay here
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA_DIR), os.environ.get("JUPYTER_PATH")]))
    root = Path(root).resolve()
    os.chdir(root)
    # Voila preheats every notebook below root (tests/, build/, .venv/ …); keep the pool to notebooks/.
    only_course = rf"^(?!{re.escape(str(root / 'notebooks'))}/[^/]+\.ipynb$)"
    from toolkit.apps.server import STOPPED, CourseVoila, default_max_apps
    max_apps = max_apps or default_max_apps()
    with log.to_console():   # the CLI's, or its own when serve() is called from Python
        logger.info("Trainings-Apps: http://127.0.0.1:%d/voila/render/notebooks/<name>.ipynb (Beenden: Strg+C)",
                    port)
        logger.info("Höchstens %d Apps gleichzeitig (ändern: ikpe apps --max-apps ANZAHL); Musterlösungen %s.",
                    max_apps, "werden gezeigt" if solutions else "bleiben verborgen (zeigen: ikpe apps --loesungen)")
        CourseVoila.launch_instance([str(root), f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                                     "--Voila.open_browser=False", f"--Voila.config_file_paths={VOILA_CONFIG.parent}",
                                     f"--VoilaKernelManager.preheat_denylist={only_course}",
                                     f"--CourseVoila.max_apps={max_apps}", f"--CourseVoila.show_solutions={solutions}",
                                     *options])
        logger.info(STOPPED)
    return 0


def _require_free(port: int) -> None:
    """Voila would only log in English and exit 1; say it in German instead."""
    try:
        socket.create_server(("127.0.0.1", port)).close()
    except OSError:
        raise UserError(f"Port {port} ist schon belegt – laufen die Trainings-Apps vielleicht schon?",
                        hint=f"Die Apps im Browser öffnen (http://127.0.0.1:{port}/) oder einen anderen "
                             f"Port wählen: ikpe apps --port {port + 1}") from None


if in_voila():  # every course notebook imports toolkit.apps in its first cell
    log.to_server_log()
    show_user_errors_in_page()
