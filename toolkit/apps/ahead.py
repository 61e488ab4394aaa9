"""Pictures an app shows (PNG bytes or HTML), made once and kept, and rendered ahead in a background thread.

    pictures = Pictures(render, ahead, size=600)   # render(key) -> bytes | str; ahead() -> the keys to make next
    pictures.start()                               # the thread, and a first round of rendering ahead
    image.value = pictures.get(key)                # kept, or made now under the figure lock
    pictures.stop_ahead(); …; pictures.plan_ahead()   # around a control change

Everything is made under `charts.FIGURE_LOCK` (matplotlib is not thread-safe). A control change first calls
`stop_ahead`, so the thread stops before its next picture and the learner's own picture is made at once; then
`plan_ahead` starts a new round over the keys `ahead()` names then. A picture the thread cannot make is left out
(the learner sees the German message when picking it); the oldest pictures are dropped past `size`.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from toolkit import charts

logger = logging.getLogger(__name__)


class Pictures:
    def __init__(self, render: Callable[[Hashable], bytes | str], ahead: Callable[[], Iterable[Hashable]],
                 size: int):
        self._render, self._ahead, self._size = render, ahead, size
        self._kept: OrderedDict = OrderedDict()
        self._wake = threading.Event()
        self._generation = 0

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()
        self.plan_ahead()

    def get(self, key: Hashable) -> bytes | str:
        """The picture of `key`, kept or made now."""
        picture = self._kept.get(key)
        if picture is None:
            with charts.FIGURE_LOCK:
                picture = self._kept.get(key)
                if picture is None:
                    picture = self._render(key)
                    self._keep(key, picture)
        return picture

    def __contains__(self, key: Hashable) -> bool:
        return key in self._kept

    def clear(self) -> None:
        """Forget every picture (the data behind them changed)."""
        self._kept.clear()

    def stop_ahead(self) -> None:
        """The thread stops before its next picture."""
        self._generation += 1

    def plan_ahead(self) -> None:
        """Render ahead, from now on, what `ahead()` names."""
        self._generation += 1
        self._wake.set()

    def _keep(self, key: Hashable, picture: bytes | str) -> None:
        self._kept[key] = picture
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            generation = self._generation
            for key in list(self._ahead()):
                if generation != self._generation:
                    break
                if key in self._kept:
                    continue
                with charts.FIGURE_LOCK:
                    if generation == self._generation and key not in self._kept:
                        try:
                            self._keep(key, self._render(key))
                        except Exception:  # noqa: BLE001 - shown (in German) when the learner picks it
                            logger.debug("Vorausberechnung %s fehlgeschlagen", key, exc_info=True)
