"""One writer at a time: a lock file beside the plan, taken over atomically when a crashed writer left it."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import UserError

#: Seconds after which a lock file counts as left behind by a writer that crashed.
STALE_LOCK = 60


@contextmanager
def locked(path: str | Path, wait: float = 10.0) -> Iterator[None]:
    """One writer at a time for `path`: hold this around load → change → save, so two browser tabs
    (two kernels) saving at once cannot lose one another's change. A lock file beside the plan is
    created exclusively (works on Windows too) and removed afterwards."""
    lock = Path(path).with_name(f".~{Path(path).name}.lock")
    deadline = time.monotonic() + wait
    while True:
        if _create(lock):
            break
        if not _removed_if_stale(lock):
            if time.monotonic() > deadline:
                raise UserError("Die Planungsmappe wird gerade an anderer Stelle gespeichert.", file=path,
                                hint="Versuchen Sie es in ein paar Sekunden noch einmal.") from None
            time.sleep(0.05)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _create(file: Path) -> bool:
    """Create `file` if it does not exist (atomic, also on Windows); False if it exists."""
    try:
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _removed_if_stale(lock: Path) -> bool:
    """Remove a lock left by a crashed writer. Checking its age and removing it happen under a second lock
    file, so of two waiting writers that both saw it stale the second cannot delete the fresh lock the first
    has made meanwhile (it checks again, finds that one fresh and waits)."""
    breaker = lock.with_name(lock.name + ".break")
    if not _create(breaker):
        if _lock_age(breaker) > STALE_LOCK:  # a writer crashed in this short moment: clear it for next time
            breaker.unlink(missing_ok=True)
        return False
    try:
        stale = _lock_age(lock) > STALE_LOCK
        if stale:
            lock.unlink(missing_ok=True)
        return stale
    finally:
        breaker.unlink(missing_ok=True)


def _lock_age(lock: Path) -> float:
    try:
        return time.time() - lock.stat().st_mtime
    except FileNotFoundError:       # released meanwhile: try again at once
        return 0.0
