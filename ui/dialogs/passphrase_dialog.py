"""Asking for the passphrase of an encrypted database, once per session, before it opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.encryption_session import PassphraseError, unlock
from app.storage import StorageError
from ui.style import error_label, soften
from ui.widgets.field_errors import clear_error_line, show_error_line


class PassphraseDialog(QDialog):
    """Asks for the passphrase; a wrong one is said beside the field and the dialog stays.

    Accepted once `app.encryption_session.unlock` has taken the passphrase: the key is then kept
    for the session, and `app.storage.open_engine` opens the database without asking again.
    """

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle("Scaffold: encrypted database")
        self._build()
        self.buttons.accepted.connect(self._on_open)
        self.buttons.rejected.connect(self.reject)
        self.passphrase_edit.textEdited.connect(lambda _text: clear_error_line(self.error))

    def _build(self) -> None:
        intro = QLabel(f"<b>{self.db_path.name}</b> is encrypted. Enter its passphrase to open it.")
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        where = soften(QLabel(str(self.db_path)))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.setMinimumWidth(320)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase_edit)
        self.error = error_label("Passphrase error")
        self.error.setBuddy(self.passphrase_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        for widget in (intro, where, label, self.passphrase_edit, self.error, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)  # wrapped lines get their height for this width

    def _on_open(self) -> None:
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            show_error_line(self.error, "Enter the passphrase.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # about half a second
        try:
            unlock(self.db_path, passphrase)
        except PassphraseError:
            show_error_line(
                self.error, "That passphrase does not open this database. Check it and try again."
            )
            self.passphrase_edit.selectAll()
            self.adjustSize()
            return
        except (StorageError, OSError) as exc:
            show_error_line(self.error, str(exc))
            self.adjustSize()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase_edit.clear()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path) -> bool:
        """Show the dialog modally; True once the database is unlocked for this session."""
        dialog = cls(db_path, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
