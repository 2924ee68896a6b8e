"""Reading the portfolio off the GUI thread: with hundreds of consultations it takes ~0.1 s."""

from __future__ import annotations

import atexit
import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from sqlalchemy.exc import SQLAlchemyError

from app.progress.portfolio import portfolio
from app.storage import StorageError, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine

_log = logging.getLogger(__name__)

# Jobs still running are kept here, unparented, so that closing the window never destroys a
# live thread; each forgets itself when it finishes.
_RUNNING: set[PortfolioJob] = set()


class PortfolioJob(QThread):
    """Reads `app.progress.portfolio.portfolio` in a worker thread, in a read of its own that
    holds no lock (`app.storage.reading`): the window's saves never wait for it.

    Emits `ready(Portfolio)` or `failed(message)`, then `finished`.
    """

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, engine: Engine, today: date) -> None:
        super().__init__(None)
        self.today = today
        self._engine = engine
        _RUNNING.add(self)
        self.finished.connect(self._forget)

    def run(self) -> None:
        """Read, in the worker thread: never touches a widget."""
        try:
            with reading(self._engine) as session:
                found = portfolio(session=session, today=self.today)
        except (SQLAlchemyError, StorageError) as exc:
            _log.info("The overview of the consultations could not be read", exc_info=True)
            reason = getattr(exc, "orig", None) or exc
            self.failed.emit(f"The overview could not be read from the database: {reason}")
        except Exception as exc:  # any failure must reach the person as a line, not a crash
            _log.warning("The overview of the consultations failed", exc_info=True)
            self.failed.emit(f"The overview could not be prepared: {exc or type(exc).__name__}")
        else:
            self.ready.emit(found)

    def _forget(self) -> None:
        _RUNNING.discard(self)
        self.deleteLater()


def wait_for_portfolio_jobs(timeout_ms: int = 10_000) -> None:
    """Wait for every running job (when the app quits, and in tests)."""
    for job in list(_RUNNING):
        job.wait(timeout_ms)


atexit.register(wait_for_portfolio_jobs)
