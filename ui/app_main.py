"""Starting the desktop app: the Qt application, the window, then the database.

The window's frame is shown first, before the database layer is imported, so it appears about
as fast as any Qt window; the database is opened in a worker thread and handed to the window
(`MainWindow.attach`) when ready. A database that cannot be opened is explained over the
window, which then closes with exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__
from ui.app_icon import app_icon
from ui.first_paint import close_after_first_paint_if_asked
from ui.instance_lock import AlreadyOpenNotice, InstanceLock
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.file_health import FileHealth
    from ui.startup_job import OpenJob
    from ui.store import EngagementStore

ORGANISATION = "Scaffold"
APPLICATION = "Scaffold"
OPEN_FAILED_TITLE = "Scaffold cannot open its database"


def application() -> QApplication:
    """The running QApplication (created if needed), named so QSettings finds its place."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qt_app.setOrganizationName(ORGANISATION)
    qt_app.setApplicationName(APPLICATION)
    qt_app.setApplicationVersion(__version__)
    qt_app.setWindowIcon(app_icon())
    return qt_app


def explain_open_failure(parent: QWidget | None, db_path: Path, exc: BaseException) -> None:
    """Say why the database cannot be opened (tests replace QMessageBox.critical)."""
    QMessageBox.critical(parent, OPEN_FAILED_TITLE, f"{exc}\n\nDatabase: {db_path}")


def open_store(db_path: Path, parent: QWidget | None = None) -> EngagementStore | None:
    """Open the database here and now, or explain why it cannot be opened and return None."""
    from app.storage import StorageError, open_engine
    from ui.store import EngagementStore

    try:
        return EngagementStore(open_engine(db_path))
    except (StorageError, OSError) as exc:
        explain_open_failure(parent, db_path, exc)
        return None


class Startup(QObject):
    """Opens the database for a shown window, then attaches it, or explains and quits with 1."""

    def __init__(self, db_path: Path, lock: InstanceLock, settings: QSettings) -> None:
        super().__init__(None)  # not the window's child: nothing keeps the window alive after
        self.db_path = db_path
        self.lock = lock
        self.settings = settings
        self.window = self._new_window()
        self.store: EngagementStore | None = None
        self.exit_code = 0
        self.job: OpenJob | None = None
        self.erasing_in_background = False
        self.previous_eraser: Callable[[Engine], None] | None = None

    def _new_window(self) -> MainWindow:
        """The window's frame, naming the database it is about to open."""
        window = MainWindow(None, self.settings)
        window.database_label.setText(f"Database: {self.db_path}")
        window.reopen_requested.connect(self.reopen)
        return window

    def start(self) -> None:
        """Start opening in the background (after the first frame: call from the event loop)."""
        from ui.startup_job import OpenJob

        job = OpenJob(self.db_path)
        self.job = job
        job.opened.connect(self._on_opened)
        job.warmed.connect(self._on_warmed)
        job.refused.connect(self._on_refused)
        job.unhealthy.connect(self._on_unhealthy)
        job.start()

    def _on_unhealthy(self, health: FileHealth) -> None:
        """Ask what to do about a bad file; open what the person chose, or quit."""
        from ui.damaged_start import resolve_damaged_database

        chosen = resolve_damaged_database(self.window, self.db_path, health)
        if chosen is None:
            self._quit(1)
            return
        if chosen != self.db_path:  # another file: it needs its own lock
            lock = InstanceLock(chosen)
            if not lock.acquire():
                AlreadyOpenNotice.show(self.window, chosen, lock.holder())
                self._quit(1)
                return
            self.lock.release()
            self.lock, self.db_path = lock, chosen
            self.window.database_label.setText(f"Database: {chosen}")
        self.start()

    def _on_opened(self, engine: Engine) -> None:
        from ui.store import EngagementStore

        store = EngagementStore(engine)
        if not self.lock.held and not self.lock.acquire():  # a new database: lock it now
            store.close()
            AlreadyOpenNotice.show(self.window, self.db_path, self.lock.holder())
            self._quit(1)
            return
        self.store = store
        if not self.erasing_in_background:
            from app.privacy import erase_in_background
            from ui.erase_job import erase_later

            # Deletions are erased off the GUI thread (seconds for a large file); put back
            # when the window has gone (`finish`).
            self.previous_eraser = erase_in_background(erase_later)
            self.erasing_in_background = True
        # The list first; the rest once the list is painted and its modules are imported.
        self.window.attach(store, rest_later=True)
        from ui.after_paint import after_next_paint

        viewport = self.window.home.table.viewport()
        viewport.update()
        if self.job is not None:
            after_next_paint(viewport, self.job.go_on.set)

    def _on_warmed(self) -> None:
        if self.store is not None:
            self.window.finish_attach()

    def finish(self) -> None:
        """After the event loop: close the store, let erasing finish, put things back."""
        self._release_job()
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.erasing_in_background:
            from app.privacy import erase_in_background
            from ui.erase_job import finish_erasing

            finish_erasing()  # the running erasure, and one still asked for
            erase_in_background(self.previous_eraser)
            self.erasing_in_background = False

    def _on_refused(self, exc: BaseException) -> None:
        from app.encryption_session import LockedError

        if isinstance(exc, LockedError):  # encrypted with a passphrase: asked once a session
            from ui.dialogs.passphrase_dialog import PassphraseDialog

            if PassphraseDialog.ask(self.window, self.db_path):
                self.start()  # open_engine now finds the session's key
            else:
                self._quit(1)
            return
        explain_open_failure(self.window, self.db_path, exc)
        self._quit(1)

    def reopen(self) -> None:
        """Open the database again in a new window (its file changed under the old engine,
        e.g. encryption turned on or off); the old window goes once the new one is shown."""
        old, store = self.window, self.store
        self.window = self._new_window()
        self.window.restoreGeometry(old.saveGeometry())
        self.window.show()
        old.close()
        old.deleteLater()
        if store is not None:
            store.close()
        self.store = None
        self.start()

    def _release_job(self) -> None:
        if self.job is not None:
            self.job.go_on.set()  # a job waiting to import the window's parts ends at once

    def _quit(self, code: int) -> None:
        self._release_job()
        self.exit_code = code
        self.window.close()
        QApplication.exit(code)


def run_gui(db_path: Path, settings: QSettings | None = None) -> int:
    """Show the main window on the database at `db_path` until it closes; the exit code.

    `settings` defaults to the user's Scaffold settings; tests pass their own.
    """
    qt_app = application()
    lock = InstanceLock(db_path)
    if not lock.acquire():
        AlreadyOpenNotice.show(None, db_path, lock.holder())
        return 1
    startup: Startup | None = None
    try:
        startup = Startup(db_path, lock, settings if settings is not None else QSettings())
        startup.window.show()
        # A packaging check; see ui/first_paint.py.
        close_after_first_paint_if_asked(startup.window)
        QTimer.singleShot(0, startup.start)  # the database opens once the frame is up
        try:
            code = qt_app.exec()
        finally:
            startup.finish()
        return startup.exit_code or code
    finally:
        from ui.startup_job import wait_for_open_jobs

        wait_for_open_jobs()
        lock.release()
        if startup is not None:
            startup.lock.release()  # the file chosen instead of a damaged one, if any


def main() -> int:
    """`python -m ui.app_main [DATABASE]`: run the GUI on a database (default: the user's)."""
    from app.paths import resolve_db_path

    return run_gui(resolve_db_path(sys.argv[1] if len(sys.argv) > 1 else None))


if __name__ == "__main__":
    sys.exit(main())
