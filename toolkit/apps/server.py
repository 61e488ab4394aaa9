"""The Voila server behind `ikpe apps`, ending quietly: Ctrl+C (or SIGTERM) stops it without Voila's English
shutdown log and without kernel tracebacks; `serve` then prints one German line."""
from __future__ import annotations

import logging
import shutil
import signal

from jupyter_core.utils import run_sync
from voila.app import Voila

STOPPED = "Trainings-Apps beendet."


class CourseVoila(Voila):
    """Voila with Ctrl+C handled like SIGTERM (stop the loop, no KeyboardInterrupt, no „Stopping...“)."""

    def initialize(self, argv=None):
        super().initialize(argv)
        signal.signal(signal.SIGINT, self._handle_signal_stop)

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
