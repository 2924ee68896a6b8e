"""The backups of the database: when each was taken and why; restore one, or back up now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.backups import (
    BackupInfo,
    backup_now,
    backups_dir,
    list_backups,
    restore_backup,
    retention_text,
)
from app.storage import StorageError
from ui.dialogs.backup_parts import (
    KIND_WORDS,
    RestoreQuestion,
    size_words,
    suggested_name,
    when_words,
)
from ui.style import error_label, soften

FILE_FILTER = "Scaffold databases (*.sqlite);;All files (*)"
COLUMNS = ("Taken", "Kind", "Size")
NO_BACKUPS = "No backups yet: the first is taken when Scaffold next opens on another day."


def ask_backup_target(parent: QWidget | None, db_path: Path) -> Path | None:
    """Ask where "Back up now…" writes (tests replace `BackupsDialog.ask_save_file`)."""
    suggested = Path.home() / suggested_name(db_path, date.today())
    return BackupsDialog.ask_save_file(parent, suggested)


class BackupsDialog(QDialog):
    """Lists the backups beside the database; restores one, or backs up to a chosen file."""

    def __init__(
        self,
        db_path: Path,
        keep: int,
        *,
        close_consultation: Callable[[], bool],
        reload: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db_path
        self._close_consultation = close_consultation
        self._reload = reload
        self.backups: list[BackupInfo] = []
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self.setWindowTitle("Backups")
        self._build(keep)
        self._connect()
        self.refresh()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        db_path: Path,
        keep: int,
        *,
        close_consultation: Callable[[], bool],
        reload: Callable[[], None],
    ) -> None:
        """Show the dialog modally until it is closed (tests replace this)."""
        dialog = cls(
            db_path, keep, close_consultation=close_consultation, reload=reload, parent=parent
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    @classmethod
    def ask_save_file(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """The file to back up to, or None (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            parent, "Back up to a file", str(suggested), FILE_FILTER
        )
        return Path(path) if path else None

    @classmethod
    def ask_backup_file(cls, parent: QWidget | None, folder: Path) -> Path | None:
        """The backup file to restore from, or None (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Restore from a file", str(folder), FILE_FILTER
        )
        return Path(path) if path else None

    # Layout -----------------------------------------------------------------------------------

    def _build(self, keep: int) -> None:
        self.setMinimumSize(600, 460)
        self.intro_label = QLabel(
            "Scaffold copies all your data into the folder below once a day when it opens, "
            "and before every upgrade and every restore."
        )
        self.retention_label = QLabel(
            f"<b>How long they keep data.</b> {retention_text(keep)} Change the number in "
            "Preferences; to remove old data at once, delete files from the folder."
        )
        for label in (self.intro_label, self.retention_label):
            label.setWordWrap(True)
        self.folder_label = soften(QLabel(f"Folder: {backups_dir(self._db)}"))
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Backups, newest first")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)
        ):
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = soften(QLabel(NO_BACKUPS))
        self.empty_label.setWordWrap(True)

        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextFormat(Qt.TextFormat.PlainText)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_label.hide()
        self.error_label = error_label("Problem with the backup")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)

        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Replace your data with the selected backup")
        self.restore_file_button = QPushButton("Restore from a &file…")
        self.restore_file_button.setToolTip("Replace your data with a backup kept elsewhere")
        self.backup_button = QPushButton("&Back up now…")
        self.backup_button.setToolTip("Copy all your data to a file you choose")
        self.folder_button = QPushButton("&Open folder")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        for button in (self.restore_button, self.restore_file_button, self.backup_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.folder_button)
        self.folder_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.retention_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        layout.addWidget(self.done_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore)
        self.restore_file_button.clicked.connect(self._on_restore_file)
        self.backup_button.clicked.connect(self._on_back_up)
        self.folder_button.clicked.connect(self._on_open_folder)
        self.table.itemSelectionChanged.connect(self._update_enabled)
        self.table.itemActivated.connect(lambda _item: self._on_restore())

    # Behaviour --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the backups folder again and list what it holds, newest first."""
        self.backups = list_backups(self._db)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (when_words(info.taken_at), KIND_WORDS[info.kind], size_words(info.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not self.backups)
        self.folder_button.setEnabled(backups_dir(self._db).is_dir())
        if self.backups:
            self.table.selectRow(0)
        self._update_enabled()

    def selected_backup(self) -> BackupInfo | None:
        """The backup selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_enabled(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _on_restore(self) -> None:
        info = self.selected_backup()
        if info is not None:
            self._restore(info.path, f"the backup taken {when_words(info.taken_at)}")

    def _on_restore_file(self) -> None:
        chosen = self.ask_backup_file(self, Path.home())
        if chosen is not None:
            self._restore(chosen, f"the backup in “{chosen.name}”")

    def _restore(self, source: Path, what: str) -> None:
        if not RestoreQuestion.ask(self, what) or not self._close_consultation():
            return
        self._show(None)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore_backup(self._db, source)
        except (StorageError, OSError) as exc:
            self._show(str(exc), error=True)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._reload()
        self.refresh()
        kept = "" if safety is None else " What Scaffold held before is the first backup listed."
        self._show(f"Restored {what}.{kept}")

    def _on_back_up(self) -> None:
        target = ask_backup_target(self, self._db)
        if target is None:
            return
        self._show(None)
        try:
            made = backup_now(self._db, target)
        except (StorageError, OSError) as exc:
            self._show(str(exc), error=True)
            return
        self._show(f"Backed up to {made}.")

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_dir(self._db))))

    def _show(self, message: str | None, *, error: bool = False) -> None:
        """Say what happened (or clear it when `message` is None)."""
        self.done_label.setVisible(message is not None and not error)
        self.error_label.setVisible(message is not None and error)
        (self.error_label if error else self.done_label).setText(message or "")

    def message(self) -> str | None:
        """The outcome shown under the buttons, if any."""
        for label in (self.done_label, self.error_label):
            if not label.isHidden():
                return label.text()
        return None
