"""One Scaffold window per database: a second start on the same file explains and stops.

A lock file beside the database (`scaffold.sqlite.lock`) names the process that holds it. A lock
left by a process that no longer runs (a crash, a flat battery) is taken over at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget


def lock_path(db_path: Path) -> Path:
    """Where the lock for a database lives."""
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """The right to open a database in this process's window."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = QLockFile(str(lock_path(db_path)))
        self._lock.setStaleLockTime(0)  # never by age: only a dead holder's lock is stale
        self.held = False

    def acquire(self) -> bool:
        """Take the lock now, without waiting; False when another running Scaffold holds it.

        Before the database's folder exists nobody can hold it: True, but not `held`; call
        again once the database is created.
        """
        if not self.db_path.parent.exists():
            return True
        self.held = bool(self._lock.tryLock(0))
        return self.held

    def holder(self) -> str:
        """Who holds the lock, in words, e.g. "process 4242 on laptop-7"."""
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, application), or empty
        if not isinstance(info, tuple) or len(info) < 2 or not info[0]:
            return "another Scaffold"
        pid, host = info[0], info[1]
        return f"process {pid} on {host}" if host else f"process {pid}"

    def release(self) -> None:
        """Give the lock up (the window closed)."""
        if self.held:
            self._lock.unlock()
            self.held = False


class AlreadyOpenNotice:
    """Says that the database is open elsewhere; tests replace `show`."""

    @classmethod
    def show(cls, parent: QWidget | None, db_path: Path, holder: str) -> None:
        """Explain, with the way out."""
        QMessageBox.information(
            parent,
            "Scaffold is already open",
            f"This database is already open in another Scaffold window ({holder}).\n\n"
            "Switch to that window: two windows writing to one file could undo each other's "
            f"work.\n\nDatabase: {db_path}",
        )
