"""Small parts of the backups dialog: words for kinds, times and sizes, and the restore question."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.backups import BackupKind
from ui.widgets.questions import chose_action, destructive_question

KIND_WORDS: dict[BackupKind, str] = {
    "daily": "Daily",
    "manual": "On request",
    "pre-migration": "Before an upgrade",
    "pre-restore": "Before a restore",
}


def when_words(taken: datetime) -> str:
    """`Sat 28 Nov 2026, 09:15`: a backup's time as the list shows it."""
    return f"{taken:%a} {taken.day} {taken:%b %Y, %H:%M}"


def size_words(size: int) -> str:
    """A file size in KB below a megabyte, else in MB with one decimal."""
    megabyte = 1024 * 1024
    if size < megabyte:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / megabyte:.1f} MB"


def suggested_name(db_path: Path, today: date) -> str:
    """The file name offered for "Back up now…": `scaffold-backup-2026-11-28.sqlite`."""
    return f"{db_path.stem}-backup-{today:%Y-%m-%d}{db_path.suffix or '.sqlite'}"


class RestoreQuestion:
    """Asks before a restore replaces everything (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, what: str) -> bool:
        """True to restore `what` ("the backup taken …"), False to leave everything as it is."""
        box = cls.box(parent, what)
        box.exec()
        return chose_action(box)

    @staticmethod
    def box(parent: QWidget, what: str) -> QMessageBox:
        """The question, with Restore and Cancel (the default) buttons."""
        return destructive_question(
            parent,
            title="Restore a backup?",
            text=f"Replace all your consultations with {what}?",
            informative=(
                "Everything Scaffold holds now is first copied to a new backup (“Before a "
                "restore”), so you can go back. The open consultation is closed first."
            ),
            action="Restore",
        )
