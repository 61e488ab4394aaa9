"""The Voila server behind `ikpe apps`: what it shows, how many kernels it lets run, and how it ends.

- Shown are the course notebooks (`notebooks/*.ipynb`) and the learners' worksheets (`exercises/*/aufgaben.ipynb`);
  the trainers' solutions (`exercises/*/loesung.ipynb`) only with `show_solutions` (`ikpe apps --loesungen`).
  Every other notebook under the root (tests, build outputs, the venv …) neither renders nor appears in a listing:
  `CourseContents` answers as if it did not exist, and the render handler asks it before it touches a kernel pool.
- Every app holds a kernel (150–300 MB). At most `max_apps` run at once besides Voila's preheated pool (one waiting
  kernel per course notebook); past that the page says in German to wait a moment (`BUSY`, HTTP 503) instead of
  the machine running out of memory. Kernels without a connected page are culled (voila.json).
- Ctrl+C (or SIGTERM) stops it without Voila's English shutdown log and without kernel tracebacks; `serve` then
  prints one German line.
"""
from __future__ import annotations

import logging
import shutil
import signal
import uuid
from pathlib import PurePosixPath

from jupyter_core.utils import run_sync
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Bool, Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from toolkit.exercises.notebooks import LEARNER_NOTEBOOK, SOLUTION_NOTEBOOK
from toolkit.markup import html

STOPPED = "Trainings-Apps beendet."
#: The page past the cap, and the page of a notebook that is not shown.
BUSY = "Es laufen schon zu viele Apps – bitte kurz warten und die Seite dann neu laden."
BUSY_DETAIL = ("Auf diesem Rechner haben {max_apps} Apps gleichzeitig Platz. Sobald eine andere App geschlossen wird "
               "oder ein paar Minuten ohne Seite bleibt, ist wieder Platz; diese Seite versucht es in {retry} Sekunden "
               "von selbst noch einmal.")
NOT_SHOWN = "Diese Seite gibt es in den Trainings-Apps nicht."
NOT_SHOWN_DETAIL = ("Die Apps sind die Kursnotebooks (notebooks/) und die Arbeitsblätter der Übungen; die Übersicht "
                    "steht auf der Startseite.")
RETRY_SECONDS = 30
#: What one app's kernel needs, and what the machine keeps for itself, when `default_max_apps` sizes the cap.
APP_MEMORY = 300 * 2**20
RESERVED_MEMORY = 2**30


def default_max_apps() -> int:
    """As many apps as the memory free now holds after a reserve for the system and the browser (at least 2)."""
    try:
        import psutil
        available = psutil.virtual_memory().available
    except (ImportError, OSError):
        return 8
    return max(2, (available - RESERVED_MEMORY) // APP_MEMORY)


def shown(path: str, directory: bool, solutions: bool = False) -> bool:
    """Whether the apps show `path` (relative to the served root, "/"-separated): the folders on the way to the
    notebooks, the course notebooks, the worksheets (the solutions with `solutions`), and other files (pictures) only
    beside them."""
    parts = PurePosixPath(path.strip("/")).parts
    if ".." in parts or any(part.startswith(".") for part in parts):
        return False
    if directory:
        return parts in {(), ("notebooks",), ("exercises",)} or len(parts) == 2 and parts[0] == "exercises"
    if len(parts) == 2 and parts[0] == "notebooks":
        return True
    if len(parts) != 3 or parts[0] != "exercises":
        return False
    allowed = {LEARNER_NOTEBOOK, SOLUTION_NOTEBOOK} if solutions else {LEARNER_NOTEBOOK}
    return parts[2] in allowed or not parts[2].endswith(".ipynb")


class CourseContents(LargeFileManager):
    """The server's view of the root: only what `shown` allows exists; folder listings leave out the rest."""

    show_solutions = Bool(False, config=True, help="Also show exercises/*/loesung.ipynb.")
    #: What `get` answers for a hidden entry while a folder is listed (the listing then drops it).
    HIDDEN = "verborgen"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._listing = 0

    def shown(self, path: str, directory: bool) -> bool:
        return shown(path, directory, self.show_solutions)

    def dir_exists(self, path):
        return self.shown(path, directory=True) and super().dir_exists(path)

    def file_exists(self, path=""):
        return self.shown(path, directory=False) and super().file_exists(path)

    def exists(self, path):
        return self.file_exists(path) or self.dir_exists(path)

    def get(self, path, content=True, type=None, format=None, **kwargs):
        directory = type == "directory" or type is None and super().dir_exists(path)
        if not self.shown(path, directory):
            if self._listing:   # asked by _dir_model for an entry of a shown folder
                return {"type": self.HIDDEN}
            raise web.HTTPError(404, "Nicht freigegeben")
        return super().get(path, content=content, type=type, format=format, **kwargs)

    def _dir_model(self, path, content=True):
        self._listing += 1
        try:
            model = super()._dir_model(path, content=content)
        finally:
            self._listing -= 1
        if content:
            model["content"] = [entry for entry in model["content"] if entry["type"] != self.HIDDEN]
        return model


class TooManyApps(web.HTTPError):
    def __init__(self, max_apps: int):
        super().__init__(503, "Zu viele Apps")
        self.max_apps = max_apps


class CourseKernelManager(AsyncMappingKernelManager):
    """Kernels with a cap on the apps: the kernels of pages (not those waiting in Voila's preheated pool, whose size
    is fixed) are at most `max_apps`, counting the ones starting; a page past that gets `TooManyApps`."""

    max_apps = Integer(0, config=True, help="Most app kernels at once (0: no cap).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting_apps: set[str] = set()
        self._starting_pool: set[str] = set()

    def _pooled(self) -> set[str]:
        """The kernels waiting in Voila's pool (VoilaKernelManager's `_pools`) or starting for it."""
        pooled = set(self._starting_pool)
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    pooled.add(task.result()["kernel_id"])
        return pooled

    def app_kernels(self) -> int:
        """Kernels that belong to a page (or will, starting now)."""
        return len((set(self.list_kernel_ids()) - self._pooled()) | self._starting_apps)

    def check_room(self) -> None:
        """`TooManyApps` when another app would pass the cap. Synchronous, so two requests cannot both take the last
        place: a preheated kernel leaves the pool, and a new one is counted, before the next request runs."""
        if self.max_apps and self.app_kernels() >= self.max_apps:
            raise TooManyApps(self.max_apps)

    async def start_kernel(self, *, kernel_id=None, **kwargs):
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        for_pool = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if not for_pool:
            self.check_room()
        kernel_id = kernel_id or str(uuid.uuid4())
        starting = self._starting_pool if for_pool else self._starting_apps
        starting.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            starting.discard(kernel_id)


class CourseVoilaHandler(TornadoVoilaHandler):
    """/voila/render/<path>: only what `CourseContents` shows, and only while there is room for another app."""

    async def get_generator(self, path=None):
        if not self.contents_manager.file_exists(path or ""):  # before the preheated pool is asked
            raise web.HTTPError(404, "Nicht freigegeben")
        self.kernel_manager.check_room()
        async for snippet in super().get_generator(path=path):
            yield snippet

    def write_error(self, status_code, **kwargs):
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, TooManyApps):
            self.set_header("Retry-After", str(RETRY_SECONDS))
            self.finish(_page(BUSY, BUSY_DETAIL.format(max_apps=error.max_apps, retry=RETRY_SECONDS),
                              refresh=RETRY_SECONDS))
        elif status_code == 404:
            self.finish(_page(NOT_SHOWN, NOT_SHOWN_DETAIL, home=self.base_url))
        else:
            super().write_error(status_code, **kwargs)


def _page(title: str, detail: str, refresh: int | None = None, home: str | None = None) -> str:
    """A small German page of its own (no scripts, nothing fetched)."""
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    link = f'<p><a href="{html(home)}">Zur Startseite</a></p>' if home else ""
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">{meta}<title>{html(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.5}</style></head>'
            f"<body><h1>{html(title)}</h1><p>{html(detail)}</p>{link}</body></html>")


class CourseVoila(Voila):
    """Voila serving only what `shown` allows, with a cap on the apps, and Ctrl+C handled like SIGTERM (stop the
    loop, no KeyboardInterrupt, no „Stopping...“)."""

    show_solutions = Bool(False, config=True, help="Also show exercises/*/loesung.ipynb (ikpe apps --loesungen).")
    max_apps = Integer(0, config=True, help="Most apps at once besides the preheated pool (0: no cap).")

    def initialize(self, argv=None):
        super().initialize(argv)
        signal.signal(signal.SIGINT, self._handle_signal_stop)

    def init_settings(self):
        self.voila_configuration.multi_kernel_manager_class = CourseKernelManager
        settings = super().init_settings()
        self.kernel_manager.max_apps = self.max_apps
        self.contents_manager = CourseContents(parent=self, show_solutions=self.show_solutions)
        settings["contents_manager"] = self.contents_manager
        return settings

    def init_handlers(self):
        return [(route, CourseVoilaHandler, *rest) if handler is TornadoVoilaHandler else (route, handler, *rest)
                for route, handler, *rest in super().init_handlers()]

    def _handle_signal_stop(self, sig, frame):
        self.log.setLevel(logging.WARNING)  # „Handle signal 2.“, „Kernel shutdown: <id>“ mean nothing to a trainer
        if getattr(self, "ioloop", None) is None:
            raise KeyboardInterrupt          # not serving yet: the CLI says „Abgebrochen.“
        self.ioloop.add_callback_from_signal(self.ioloop.stop)

    def stop(self):
        """Shut every kernel down at once: a preheated kernel still waiting for its page would otherwise log
        an English traceback when its sockets close under its running cell."""
        self.log.setLevel(logging.WARNING)
        shutil.rmtree(self.connection_dir, ignore_errors=True)
        run_sync(self.kernel_manager.shutdown_all)(now=True)
