"""Opening the database off the GUI thread, after the window's first frame is on screen.

Importing the database layer (SQLAlchemy, the models, the services: most of a second) and
opening the file (an upgrade, the day's backup) happen in a worker thread; the window stays
painted and movable meanwhile, and is given the engine when it is ready.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

_log = logging.getLogger(__name__)

# What the list needs, imported here before opening; then, once the engine is handed over,
# what the window builds after the list (`MainWindow.attach(rest_later=True)`), so that building
# it only makes widgets. Modules only, no Qt objects: importing is safe off the GUI thread.
LIST_MODULES = ("app.storage", "ui.store")
REST_MODULES = (
    "ui.editor.host",
    "ui.home_actions",
    "ui.dialogs.backup_actions",
    "ui.home_dashboard_job",
)

GO_ON_WAIT_S = 5.0  # at the latest: a window that never paints still gets its parts
_RUNNING: set[OpenJob] = set()


class OpenJob(QThread):
    """Opens (creating or upgrading as needed) the database at `path` in a worker thread.

    Emits `opened(Engine)` or `refused(Exception)` (a `StorageError` or `OSError` whose message
    is for a person), then `finished`.
    """

    opened = Signal(object)
    refused = Signal(object)
    warmed = Signal()  # the window's other parts are imported (after `go_on` was set)
    unhealthy = Signal(object)  # a FileHealth: the file is damaged, empty, foreign or newer

    def __init__(self, path: Path) -> None:
        super().__init__(None)
        self.path = path
        # Set by the GUI once the list has painted: importing the window's other parts meanwhile
        # would only slow the list down (one interpreter lock for both threads).
        self.go_on = threading.Event()
        _RUNNING.add(self)
        self.finished.connect(self._forget)

    def run(self) -> None:
        """Import and open, in the worker thread: never touches a widget."""
        try:
            for name in LIST_MODULES:
                importlib.import_module(name)
            from app.encryption_session import is_encrypted
            from app.file_health import check_database_file
            from app.storage import StorageError, open_engine

            # Cheap: a full quick_check only for files up to 32 MiB (~2 ms per MB).
            health = check_database_file(self.path, is_encrypted=is_encrypted)
            if not health.opens:
                self.unhealthy.emit(health)
                return
            try:
                engine = open_engine(self.path)
            except (StorageError, OSError) as exc:
                self.refused.emit(exc)
                return
        except Exception as exc:  # a failure must reach the person as a message, not a crash
            _log.warning("Opening %s failed", self.path, exc_info=True)
            self.refused.emit(exc)
            return
        self.opened.emit(engine)
        self.go_on.wait(GO_ON_WAIT_S)
        try:
            for name in REST_MODULES:
                importlib.import_module(name)
        except Exception:  # the GUI thread imports them again and reports what fails
            _log.warning("Preparing the window's parts failed", exc_info=True)
        self.warmed.emit()

    def _forget(self) -> None:
        _RUNNING.discard(self)
        self.deleteLater()


def wait_for_open_jobs(timeout_ms: int = 30_000) -> None:
    """Wait for a job still running (when the app quits, and in tests)."""
    for job in list(_RUNNING):
        job.wait(timeout_ms)


atexit.register(wait_for_open_jobs)
