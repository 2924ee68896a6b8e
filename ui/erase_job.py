"""Erasing deleted data off the GUI thread: merging the search indexes and vacuuming a large
database takes seconds (about 1.5 s for 10,000 consultations), which must not freeze the window.

`app.privacy.erase_in_background(erase_later)` (set by `ui.app_main.run_gui`) hands every
erasure after a deletion here. One erasure runs at a time; a deletion during one asks for
another afterwards, so the last deletion is always erased.
"""

from __future__ import annotations

import atexit
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread

from app.privacy import erase_now

if TYPE_CHECKING:
    from sqlalchemy import Engine

_log = logging.getLogger(__name__)
_running: EraseJob | None = None
_again: Engine | None = None


class EraseJob(QThread):
    """Runs `app.privacy.erase_now(engine)` in a worker thread."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(None)
        self.engine = engine
        self.result: object = None
        self.finished.connect(self._next)

    def run(self) -> None:
        """Erase, in the worker thread (never raises: the result says what could not be done)."""
        self.result = erase_now(self.engine)
        _log.info("Erased deleted data in the background: %s", self.result)

    def _next(self) -> None:
        global _running, _again
        _running = None
        self.deleteLater()
        if _again is not None:
            engine, _again = _again, None
            erase_later(engine)


def erase_later(engine: Engine) -> None:
    """Erase what was deleted from `engine`'s database in the background."""
    global _running, _again
    if _running is not None:
        _again = engine  # once this one ends: it may have started before the deletion
        return
    _running = EraseJob(engine)
    _running.start()


def wait_for_erasing(timeout_ms: int = 60_000) -> None:
    """Wait for the running erasure (when the app quits, and in tests); later ones start only
    from the event loop, so a caller that wants them all waits again after processing events."""
    job = _running
    if job is not None:
        job.wait(timeout_ms)


def finish_erasing(timeout_ms: int = 60_000) -> None:
    """Wait for the running erasure, then erase what is still asked for, here and now (when the
    window has gone: no event loop starts the next one any more)."""
    global _again
    wait_for_erasing(timeout_ms)
    while _again is not None:
        engine, _again = _again, None
        erase_now(engine)


atexit.register(finish_erasing)
