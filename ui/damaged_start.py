"""At start, a database file that cannot be opened as it is: ask what to do, then do it.

`resolve_damaged_database` shows `DamagedDatabaseDialog` until the person has a file that
opens, or quits. Restoring a backup and starting a new database set the bad file aside first
(`app.file_health`), so it is never written over; the person is told where it is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.file_health import (
    EncryptionTest,
    FileHealth,
    FileHealthError,
    check_database_file,
    recover_from_backup,
    start_new_database,
)
from ui.dialogs.backup_parts import when_words
from ui.dialogs.damaged_database_dialog import DamagedDatabaseDialog, DamagedDecision


class StartNotices:
    """The word after a choice was carried out, or why it failed (tests replace both)."""

    @classmethod
    def done(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Say what was done and where the bad file is kept."""
        QMessageBox.information(parent, title, text)

    @classmethod
    def problem(cls, parent: QWidget | None, text: str) -> None:
        """Say why the choice could not be carried out (the choices are shown again)."""
        QMessageBox.warning(parent, "That did not work", text)


@contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _carry_out(
    parent: QWidget | None,
    path: Path,
    health: FileHealth,
    decision: DamagedDecision,
    is_encrypted: EncryptionTest | None,
) -> bool:
    """Restore or start anew, telling the person; False (after saying why) when it failed."""
    from app.storage import StorageError  # the repair path only: not loaded at every start

    try:
        with _busy():
            if decision.choice == "restore" and decision.path is not None:
                kept = recover_from_backup(path, decision.path, is_encrypted=is_encrypted)
            else:
                kept = start_new_database(path, is_encrypted=is_encrypted)
    except (FileHealthError, StorageError, OSError) as exc:
        StartNotices.problem(parent, str(exc))
        return False
    if decision.choice == "restore":
        taken = f" taken {when_words(health.backup.taken_at)}" if health.backup else ""
        title, done = "Backup restored", f"Scaffold restored the backup{taken}."
    else:
        title, done = "New database", f"Scaffold starts a new, empty database at {path}."
    StartNotices.done(parent, title, f"{done}\n\nThe file you had is kept, unchanged, as:\n{kept}")
    return True


def resolve_damaged_database(
    parent: QWidget | None,
    path: Path,
    health: FileHealth,
    *,
    is_encrypted: EncryptionTest | None = None,
) -> Path | None:
    """The database file to open after asking what to do about `health`; None to quit.

    A file that opens as it is (`health.opens`) is returned at once. Otherwise the dialog is
    shown, and shown again after a choice that failed or another file that is bad too.
    """
    while not health.opens:
        decision = DamagedDatabaseDialog.ask(parent, health)
        if decision.choice == "quit":
            return None
        if decision.choice == "open" and decision.path is not None:
            path = decision.path
        elif _carry_out(parent, path, health, decision, is_encrypted):
            return path
        health = check_database_file(path, is_encrypted=is_encrypted)
    return path
