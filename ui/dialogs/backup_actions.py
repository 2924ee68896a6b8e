"""File ▸ Back up now… and File ▸ Restore from a backup…, for the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import Engine

from app.backups import DEFAULT_KEEP, backup_now
from app.storage import StorageError
from ui.dialogs.backups_dialog import BackupsDialog, ask_backup_target
from ui.store import EngagementStore

STATUS_MS = 8000


class BackupActions(QObject):
    """The two backup actions; a restore closes the open consultation, then `reload` runs."""

    def __init__(
        self,
        window: QMainWindow,
        engine: Engine,
        *,
        close_consultation: Callable[[], bool],
        reload: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = EngagementStore(engine)
        self._close_consultation = close_consultation
        self._reload = reload
        self.backup_action = QAction("&Back up now…", window)
        self.backup_action.setStatusTip("Copy all your consultations to a file you choose")
        self.restore_action = QAction("Restore from a bac&kup…", window)
        self.restore_action.setStatusTip("See the backups Scaffold keeps, and restore one")
        self.backup_action.triggered.connect(self._on_back_up)
        self.restore_action.triggered.connect(self._on_backups)

    @property
    def db_path(self) -> Path:
        """The database file the backups are of."""
        return self._store.location

    def _keep(self) -> int:
        try:
            return self._store.preferences().backups_keep
        except StorageError:
            return DEFAULT_KEEP

    def _on_back_up(self) -> None:
        target = ask_backup_target(self._window, self.db_path)
        if target is None:
            return
        try:
            made = backup_now(self.db_path, target)
        except (StorageError, OSError) as exc:
            self._window.statusBar().showMessage(str(exc))
            return
        self._window.statusBar().showMessage(f"Backed up to {made}.", STATUS_MS)

    def _on_backups(self) -> None:
        BackupsDialog.ask(
            self._window,
            self.db_path,
            self._keep(),
            close_consultation=self._close_consultation,
            reload=self._reload,
        )
