"""Drawing charts off the GUI thread: matplotlib is slow to load and to draw."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal

_log = logging.getLogger(__name__)

# Jobs still running are kept here, unparented, so closing a page never destroys a live thread.
_RUNNING: set[ChartJob] = set()


class ChartJob(QThread):
    """Runs `draw()` (pure computation from plain data: no widget, no database) in a thread.

    Emits `drawn(result)` or `failed(message)`; the page ignores results of a job it has since
    replaced.
    """

    drawn = Signal(object)
    failed = Signal(str)

    def __init__(self, draw: Callable[[], object]) -> None:
        super().__init__(None)
        self._draw = draw
        _RUNNING.add(self)
        self.finished.connect(self._forget)

    def run(self) -> None:
        """Draw, in the worker thread."""
        try:
            result = self._draw()
        except Exception as exc:  # a chart that fails must say so, not take the window down
            _log.info("A chart could not be drawn", exc_info=True)
            self.failed.emit(f"The chart could not be drawn: {exc or type(exc).__name__}")
        else:
            self.drawn.emit(result)

    def _forget(self) -> None:
        _RUNNING.discard(self)
        self.deleteLater()


def wait_for_charts(timeout_ms: int = 10_000) -> None:
    """Wait for every running chart job (used when the app quits)."""
    for job in list(_RUNNING):
        job.wait(timeout_ms)


# A thread still drawing when Python exits would abort the process: wait for it first.
atexit.register(wait_for_charts)


def start(draw: Callable[[], object], on_drawn: Callable[[object], None]) -> ChartJob:
    """Start a job whose result goes to `on_drawn`.

    `on_drawn` must be a bound method of a QObject (a widget), so that Qt disconnects it when
    the widget is deleted before the drawing ends; a lambda would outlive the widget.
    """
    job = ChartJob(draw)
    job.drawn.connect(on_drawn)
    job.start()
    return job
