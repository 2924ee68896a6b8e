"""Tools ▸ Encryption…: turn encryption of the database on or off, with the key where it suits.

The conversion runs in a worker thread with a busy indicator. Before it starts, the dialog
emits `about_to_convert` (the window lets go of the database: saves, closes its connections);
after it, `converted(encrypted)` (the window opens the database again with
`app.storage.open_engine`, which finds the session's key by itself).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.encryption import (
    ConversionResult,
    check_passphrase,
    decrypt_database,
    encrypt_database,
    encryption_info,
    keychain_available,
)
from app.storage import StorageError
from app.validation import ValidationError
from ui.style import error_label, soften
from ui.widgets.field_errors import clear_error_line, show_error_line

EXPLAIN_PLAIN = (
    "Encryption stores the database and its backups so that they cannot be read without the "
    "key, for example from a lost laptop or a copied disk. Scaffold works as before."
)
KEYCHAIN_CHOICE = "Keep the key in the system keychain (nothing to type)"
KEYCHAIN_NOTE = "The data then opens only for this user account on this computer."
TYPED_CHOICE = "Use a passphrase, asked once each time Scaffold starts"
NO_KEYCHAIN = "No system keychain is available on this computer, so a passphrase is needed."
KEEP_IT_SAFE = (
    "Keep the passphrase safe: if it is lost, nobody (you included) can read the data or its "
    "backups again."
)


class ConversionJob(QThread):
    """Encrypts (with `passphrase`, or the keychain when None) or decrypts in a worker thread.

    Emits `done(ConversionResult)` or `failed(message)`, then `finished`.
    """

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        *,
        encrypt: bool,
        passphrase: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.encrypt = encrypt
        self._passphrase = passphrase

    def run(self) -> None:
        """Convert, in the worker thread: never touches a widget."""
        try:
            if self.encrypt:
                result = encrypt_database(self.db_path, passphrase=self._passphrase)
            else:
                result = decrypt_database(self.db_path)
        except ValidationError as exc:
            self.failed.emit(exc.message)
        except (StorageError, OSError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # every failure must reach the person as a message
            self.failed.emit(f"The conversion failed: {exc or type(exc).__name__}")
        else:
            self.done.emit(result)
        finally:
            self._passphrase = None


class EncryptionDialog(QDialog):
    """Shows whether the database is encrypted, and turns encryption on or off."""

    about_to_convert = Signal()
    converted = Signal(bool)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.job: ConversionJob | None = None
        self.result: ConversionResult | None = None
        self.setWindowTitle("Encryption")
        info = encryption_info(self.db_path)
        self.encrypted = info is not None
        self._build(None if info is None else info.mode)
        self._connect()

    # Layout -------------------------------------------------------------------------------

    def _build(self, mode: str | None) -> None:
        layout = QVBoxLayout(self)
        self.status = QLabel(self._status_text(mode))
        self.status.setWordWrap(True)
        where = soften(QLabel(str(self.db_path)))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addWidget(where)
        self.on_panel = QWidget()
        self.off_panel = QWidget()
        self._build_on_panel()
        self._build_off_panel()
        layout.addWidget(self.on_panel)
        layout.addWidget(self.off_panel)
        self.on_panel.setVisible(not self.encrypted)
        self.off_panel.setVisible(self.encrypted)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the conversion has no steps to count
        self.progress.setAccessibleName("Converting the database")
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        self.general_error = error_label("Encryption error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = QPushButton("Turn encryption off" if self.encrypted else "Encrypt")
        self.start_button.setDefault(True)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        for widget in (self.progress, self.outcome, self.general_error):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # Wrapped lines get their height for this width; the dialog shrinks when panels go.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(520)
        self._update_state()

    def _build_on_panel(self) -> None:
        layout = QVBoxLayout(self.on_panel)
        layout.setContentsMargins(0, 8, 0, 0)
        explain = QLabel(EXPLAIN_PLAIN)
        explain.setWordWrap(True)
        explain.setContentsMargins(0, 0, 0, 6)
        self.keychain_radio = QRadioButton(KEYCHAIN_CHOICE)
        self.passphrase_radio = QRadioButton(TYPED_CHOICE)
        available = keychain_available()
        self.no_keychain_note = soften(QLabel(KEYCHAIN_NOTE if available else NO_KEYCHAIN))
        self.no_keychain_note.setWordWrap(True)
        self.no_keychain_note.setContentsMargins(24, 0, 0, 0)
        self.keychain_radio.setEnabled(available)
        (self.keychain_radio if available else self.passphrase_radio).setChecked(True)
        self.passphrase_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit, name in ((self.passphrase_edit, "New passphrase"), (self.confirm_edit, "Again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.passphrase_error = error_label("Passphrase error")
        self.passphrase_error.setBuddy(self.passphrase_edit)
        self.confirm_error = error_label("Confirmation error")
        self.confirm_error.setBuddy(self.confirm_edit)
        form = QFormLayout()
        form.addRow("&New passphrase:", self.passphrase_edit)
        form.addRow("", self.passphrase_error)
        form.addRow("&Again:", self.confirm_edit)
        form.addRow("", self.confirm_error)
        warning = soften(QLabel(KEEP_IT_SAFE))
        warning.setWordWrap(True)
        self.passphrase_fields = QWidget()
        fields = QVBoxLayout(self.passphrase_fields)
        fields.setContentsMargins(24, 0, 0, 0)
        fields.addLayout(form)
        fields.addWidget(warning)
        for widget in (
            explain,
            self.keychain_radio,
            self.no_keychain_note,
            self.passphrase_radio,
            self.passphrase_fields,
        ):
            layout.addWidget(widget)

    def _build_off_panel(self) -> None:
        layout = QVBoxLayout(self.off_panel)
        layout.setContentsMargins(0, 8, 0, 0)
        explain = QLabel(
            "Turning encryption off stores the database and the backups in its backups folder "
            "unencrypted again: anyone who can read the files can read the data."
        )
        explain.setWordWrap(True)
        self.confirm_off = QCheckBox("Store the data unencrypted on this computer")
        layout.addWidget(explain)
        layout.addWidget(self.confirm_off)

    def _status_text(self, mode: str | None) -> str:
        if mode is None:
            return "This database is <b>not encrypted</b>."
        if mode == "keychain":
            return "This database is <b>encrypted</b>; its key is in the system keychain."
        return "This database is <b>encrypted</b> with a passphrase."

    # Behaviour ----------------------------------------------------------------------------

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.start_button.clicked.connect(self._on_start)
        self.passphrase_radio.toggled.connect(lambda _on: self._update_state())
        self.confirm_off.toggled.connect(lambda _on: self._update_state())
        self.passphrase_edit.textEdited.connect(lambda _t: clear_error_line(self.passphrase_error))
        self.confirm_edit.textEdited.connect(lambda _t: clear_error_line(self.confirm_error))

    def _update_state(self) -> None:
        running = self.job is not None
        finished = self.result is not None
        self.passphrase_fields.setEnabled(self.passphrase_radio.isChecked() and not running)
        ready = self.confirm_off.isChecked() if self.encrypted else True
        self.start_button.setEnabled(ready and not running and not finished)
        self.start_button.setVisible(not finished)
        self.on_panel.setEnabled(not running)
        self.off_panel.setEnabled(not running)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not running)

    def _chosen_passphrase(self) -> str | None:
        """The new passphrase (checked), or None for the keychain; raises `ValidationError`."""
        if not self.passphrase_radio.isChecked():
            return None
        return check_passphrase(self.passphrase_edit.text(), self.confirm_edit.text())

    def _on_start(self) -> None:
        clear_error_line(self.general_error)
        passphrase = None
        if not self.encrypted:
            try:
                passphrase = self._chosen_passphrase()
            except ValidationError as exc:
                line = self.confirm_error if exc.field == "confirmation" else self.passphrase_error
                show_error_line(line, exc.message)
                return
        self.about_to_convert.emit()
        self.job = ConversionJob(
            self.db_path, encrypt=not self.encrypted, passphrase=passphrase, parent=self
        )
        self.job.done.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(self._on_finished)
        self.progress.show()
        self._update_state()
        self.job.start()

    def _on_done(self, result: ConversionResult) -> None:
        self.result = result
        self.encrypted = result.encrypted
        self.status.setText(self._status_text(result.mode))
        self.on_panel.hide()
        self.off_panel.hide()
        self.outcome.setText(result.summary())
        self.outcome.show()
        self.adjustSize()
        self.converted.emit(result.encrypted)

    def _on_failed(self, message: str) -> None:
        show_error_line(self.general_error, message)

    def _on_finished(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None
        self.progress.hide()
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self._update_state()

    def reject(self) -> None:
        """Close, but never while the conversion runs (it finishes in moments)."""
        if self.job is None:
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path) -> EncryptionDialog:
        """Open the dialog window-modally and return it (connect its signals, then it shows)."""
        dialog = cls(db_path, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog
