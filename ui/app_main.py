"""Starting the desktop app: the Qt application, the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__
from app.storage import StorageError, open_engine, resolve_db_path
from ui.app_icon import app_icon
from ui.first_paint import close_after_first_paint_if_asked
from ui.instance_lock import AlreadyOpenNotice, InstanceLock
from ui.main_window import MainWindow
from ui.store import EngagementStore

ORGANISATION = "Scaffold"
APPLICATION = "Scaffold"


def application() -> QApplication:
    """The running QApplication (created if needed), named so QSettings finds its place."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qt_app.setOrganizationName(ORGANISATION)
    qt_app.setApplicationName(APPLICATION)
    qt_app.setApplicationVersion(__version__)
    qt_app.setWindowIcon(app_icon())
    return qt_app


def open_store(db_path: Path, parent: QWidget | None = None) -> EngagementStore | None:
    """Open the database, or tell the person why it cannot be opened and return None."""
    try:
        return EngagementStore(open_engine(db_path))
    except (StorageError, OSError) as exc:
        QMessageBox.critical(
            parent,
            "Scaffold cannot open its database",
            f"{exc}\n\nDatabase: {db_path}",
        )
        return None


def run_gui(db_path: Path, settings: QSettings | None = None) -> int:
    """Show the main window on the database at `db_path` until it closes; the exit code.

    `settings` defaults to the user's Scaffold settings; tests pass their own.
    """
    qt_app = application()
    lock = InstanceLock(db_path)
    if not lock.acquire():
        AlreadyOpenNotice.show(None, db_path, lock.holder())
        return 1
    try:
        store = open_store(db_path)
        if store is None:
            return 1
        if not lock.held and not lock.acquire():  # a new database: lock it now it exists
            store.close()
            AlreadyOpenNotice.show(None, db_path, lock.holder())
            return 1
        window = MainWindow(store, settings if settings is not None else QSettings())
        window.show()
        close_after_first_paint_if_asked(window)  # a packaging check; see ui/first_paint.py
        try:
            return qt_app.exec()
        finally:
            store.close()
    finally:
        lock.release()


def main() -> int:
    """`python -m ui.app_main [DATABASE]`: run the GUI on a database (default: the user's)."""
    return run_gui(resolve_db_path(sys.argv[1] if len(sys.argv) > 1 else None))


if __name__ == "__main__":
    sys.exit(main())
