"""The `toolkit` logger: German progress lines for the user on the console, tracebacks for the trainer.

Every module logs to `logging.getLogger(__name__)` (a child of „toolkit“). Where the lines go is decided once,
by whoever runs the toolkit:

- the CLI (`ikpe …`) calls `to_console()`: plain German lines, INFO to stdout, warnings and errors to stderr,
  no tracebacks (with IKPE_LOG=debug also debug lines and tracebacks);
- a kernel under Voila calls `to_server_log()` (toolkit.apps does on import): every line with time, level and
  traceback to the kernel's real stderr, which is the Voila server's log — never into the learner's page;
- elsewhere (a notebook, papermill, tests) nothing is printed: the logger has a NullHandler, and caught errors
  stay out of the notebook's outputs.
"""
from __future__ import annotations

import contextlib
import logging
import sys

from toolkit import config

logger = logging.getLogger("toolkit")   # with a NullHandler from toolkit/__init__.py

#: The format of the server log: the trainer reads it beside Voila's own lines.
SERVER_FORMAT = "[%(asctime)s %(levelname)s %(name)s] %(message)s"


class ConsoleHandler(logging.Handler):
    """Plain messages: below WARNING to stdout, else to stderr — the streams looked up at each line (so a
    test's capture, or a redirect made later, gets them). Tracebacks only with `tracebacks`."""

    def __init__(self, tracebacks: bool = False):
        super().__init__()
        self.tracebacks = tracebacks

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if self.tracebacks and record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            stream = sys.stdout if record.levelno < logging.WARNING else sys.stderr
            stream.write(text + "\n")
            stream.flush()
        except Exception:  # noqa: BLE001 - logging must never end the program
            self.handleError(record)


@contextlib.contextmanager
def to_console():
    """Within: the toolkit's lines on the console (see `ConsoleHandler`), at $IKPE_LOG's level (Vorgabe INFO);
    afterwards the logger is as before. Nested calls (the CLI, then `apps.serve`) share the outer handler."""
    if any(isinstance(handler, ConsoleHandler) for handler in logger.handlers):
        yield None
        return
    level = logging.getLevelName(config.log_level())
    level = level if isinstance(level, int) else logging.INFO
    handler = ConsoleHandler(tracebacks=level <= logging.DEBUG)
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)


class ServerLogHandler(logging.StreamHandler):
    """Time, level, logger, message and traceback to the process's real stderr (`sys.__stderr__`)."""

    def __init__(self):
        super().__init__(sys.__stderr__)
        self.setFormatter(logging.Formatter(SERVER_FORMAT))


def to_server_log() -> None:
    """In a Voila kernel: the toolkit's lines, tracebacks included, to the kernel's real stderr (the server
    log), and not on to the root logger; the page's stderr (sys.stderr, shown to the learner) never gets them.
    Once per process."""
    if not any(isinstance(handler, ServerLogHandler) for handler in logger.handlers):
        logger.addHandler(ServerLogHandler())
    logger.setLevel(logging.INFO)
    logger.propagate = False
