"""Why a write to the database failed, in plain words, and whether trying again can help.

The window and the command line both use this: a full disk, a read-only folder or USB stick,
a drive that went away or a database another program holds are told apart from each other,
each with what to do about it. Nothing here imports SQLAlchemy or Qt: the exception chain is
read by duck typing (SQLAlchemy keeps the driver's error in `.orig`).
"""

from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from models.cipher import driver_errors

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_AUTH = 23
_SQLITE_NOTADB = 26
_SQLITE_READONLY_DBMOVED = _SQLITE_READONLY | (4 << 8)

# Below this much free space a vague "disk I/O error" is almost certainly a full disk.
_NEARLY_FULL_BYTES = 1024 * 1024


class FailureKind(StrEnum):
    """What went wrong, as far as the error tells."""

    disk_full = "disk_full"
    read_only = "read_only"
    no_permission = "no_permission"
    cannot_open = "cannot_open"
    busy = "busy"
    disk_error = "disk_error"
    damaged = "damaged"
    other = "other"


# Conditions that go away when the person acts (frees space, reconnects the stick…):
# saving again later can succeed without restarting anything.
_RETRYABLE = frozenset(
    {
        FailureKind.disk_full,
        FailureKind.read_only,
        FailureKind.no_permission,
        FailureKind.cannot_open,
        FailureKind.busy,
        FailureKind.disk_error,
    }
)


@dataclass(frozen=True)
class WriteFailure:
    """A failed write in words: `what` happened, what `todo`, and the technical `reason`."""

    kind: FailureKind
    what: str
    todo: str
    reason: str

    @property
    def headline(self) -> str:
        """The failure in a few words, to follow "Not saved yet: "."""
        return _HEADLINES[self.kind]

    @property
    def retryable(self) -> bool:
        """Whether saving again can succeed once the person has acted (or simply waited)."""
        return self.kind in _RETRYABLE

    def __str__(self) -> str:
        return f"{self.what} {self.todo}"


def classify_write_failure(
    exc: BaseException, *, location: str | Path | None = None
) -> WriteFailure:
    """Read a failed write's exception (SQLAlchemy, sqlite3 or OSError, chained or not).

    `location` is the database file, named in the message and used to check the free space
    when SQLite reports only a "disk I/O error".
    """
    found = _root_error(exc)
    reason = _reason(exc, found)
    kind = _kind(found, reason)
    path = Path(location) if location else None
    if kind is FailureKind.disk_error and path is not None:
        kind = _refine_disk_error(path)
    what, todo = _WORDS[kind](path, reason)
    return WriteFailure(kind=kind, what=what, todo=todo, reason=reason)


def describe_write_failure(exc: BaseException, *, location: str | Path | None = None) -> str:
    """What happened and what to do, in one or two sentences."""
    return str(classify_write_failure(exc, location=location))


def is_retryable(exc: BaseException) -> bool:
    """Whether trying the same write again later can succeed."""
    return classify_write_failure(exc).retryable


_HEADLINES = {
    FailureKind.disk_full: "the disk is full",
    FailureKind.read_only: "the database's folder is read-only",
    FailureKind.no_permission: "no permission to write the database",
    FailureKind.cannot_open: "the database's folder or drive is not available",
    FailureKind.busy: "another program is using the database",
    FailureKind.disk_error: "the disk reported an error",
    FailureKind.damaged: "the database file is damaged",
    FailureKind.other: "the database could not be written",
}


# Reading the exception -------------------------------------------------------------------------


def _root_error(exc: BaseException) -> BaseException:
    """The sqlite3 or OS error behind `exc` (SQLAlchemy's `.orig`, then the chain)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        # sqlcipher3's errors are not sqlite3's: every loaded driver's count (models.cipher).
        if isinstance(current, driver_errors(OSError)):
            return current
        for nxt in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return exc


def _reason(exc: BaseException, found: BaseException) -> str:
    if isinstance(found, OSError):
        return found.strerror or str(found)
    if type(found).__module__.split(".")[0] == "sqlalchemy":
        # Its text holds the SQL and its parameters: people's notes. Never show it.
        return type(found).__name__
    return str(found or exc)


def _kind(found: BaseException, reason: str) -> FailureKind:
    if isinstance(found, OSError):
        return _kind_of_errno(found.errno)
    code = getattr(found, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code == _SQLITE_READONLY_DBMOVED:
            return FailureKind.cannot_open
        kind = _kind_of_sqlite(code & 0xFF)
        if kind is not FailureKind.other:
            return kind
    return _kind_of_text(reason)


def _kind_of_sqlite(primary: int) -> FailureKind:
    return {
        _SQLITE_FULL: FailureKind.disk_full,
        _SQLITE_READONLY: FailureKind.read_only,
        _SQLITE_PERM: FailureKind.no_permission,
        _SQLITE_AUTH: FailureKind.no_permission,
        _SQLITE_CANTOPEN: FailureKind.cannot_open,
        _SQLITE_BUSY: FailureKind.busy,
        _SQLITE_LOCKED: FailureKind.busy,
        _SQLITE_IOERR: FailureKind.disk_error,
        _SQLITE_CORRUPT: FailureKind.damaged,
        _SQLITE_NOTADB: FailureKind.damaged,
    }.get(primary, FailureKind.other)


def _kind_of_errno(number: int | None) -> FailureKind:
    return {
        errno.ENOSPC: FailureKind.disk_full,
        errno.EDQUOT: FailureKind.disk_full,
        errno.EROFS: FailureKind.read_only,
        errno.EACCES: FailureKind.no_permission,
        errno.EPERM: FailureKind.no_permission,
        errno.ENOENT: FailureKind.cannot_open,
        errno.ENODEV: FailureKind.cannot_open,
        errno.ENXIO: FailureKind.cannot_open,
        errno.ESTALE: FailureKind.cannot_open,
        errno.EIO: FailureKind.disk_error,
        errno.EBUSY: FailureKind.busy,
    }.get(number or 0, FailureKind.other)


_TEXTS = (
    ("disk is full", FailureKind.disk_full),
    ("no space left", FailureKind.disk_full),
    ("readonly database", FailureKind.read_only),
    ("read-only file system", FailureKind.read_only),
    ("permission denied", FailureKind.no_permission),
    ("unable to open database file", FailureKind.cannot_open),
    ("database is locked", FailureKind.busy),
    ("database table is locked", FailureKind.busy),
    ("disk i/o error", FailureKind.disk_error),
    ("malformed", FailureKind.damaged),
    ("not a database", FailureKind.damaged),
)


def _kind_of_text(reason: str) -> FailureKind:
    lowered = reason.casefold()
    return next((kind for text, kind in _TEXTS if text in lowered), FailureKind.other)


def _refine_disk_error(path: Path) -> FailureKind:
    """A vague I/O error: a missing folder means a removed drive, no free space a full disk."""
    folder = path.parent
    if not folder.is_dir():
        return FailureKind.cannot_open
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return FailureKind.cannot_open
    return FailureKind.disk_full if free < _NEARLY_FULL_BYTES else FailureKind.disk_error


# The words -------------------------------------------------------------------------------------


def _file(path: Path | None) -> str:
    return str(path) if path is not None else "the database"


def _subject(path: Path | None) -> str:
    """The file at the start of a sentence."""
    return str(path) if path is not None else "The database"


def _folder(path: Path | None) -> str:
    return f"the folder {path.parent}" if path is not None else "the database's folder"


def _disk_full(path: Path | None, _reason: str) -> tuple[str, str]:
    where = f"the disk that holds {path.parent}" if path is not None else "the disk"
    return (
        f"There is no space left on {where}.",
        "Free some space on it (empty the bin, or move large files elsewhere).",
    )


def _read_only(path: Path | None, _reason: str) -> tuple[str, str]:
    return (
        f"{_subject(path)} cannot be written: the file or its folder is read-only.",
        f"Check that you may write to {_folder(path)}; if it is on a USB stick or network "
        "drive, check that it is connected and not write-protected.",
    )


def _no_permission(path: Path | None, _reason: str) -> tuple[str, str]:
    return (
        f"You are not allowed to write to {_file(path)}.",
        f"Check the permissions of {_folder(path)} and of the file itself.",
    )


def _cannot_open(path: Path | None, _reason: str) -> tuple[str, str]:
    return (
        f"{_subject(path)} could not be opened "
        "for writing: its folder may be read-only, moved, or on a drive that was removed.",
        "If it is on a USB stick or network drive, connect it again; otherwise check "
        f"that {_folder(path)} still exists and that you may write to it.",
    )


def _busy(path: Path | None, _reason: str) -> tuple[str, str]:
    return (
        f"{_subject(path)} is busy: another "
        "program is using it (a backup or sync tool, or a second copy of Scaffold).",
        "Wait a moment, or close that program.",
    )


def _disk_error(path: Path | None, reason: str) -> tuple[str, str]:
    where = f"the disk that holds {path.parent}" if path is not None else "the disk"
    return (
        f"Writing to {where} failed ({reason}).",
        "Check that the disk is not full and that the USB stick or network drive is "
        "still connected.",
    )


def _damaged(path: Path | None, reason: str) -> tuple[str, str]:
    return (
        f"{_subject(path)} is damaged ({reason}).",
        "Close Scaffold and restore the latest backup (File ▸ Restore from a backup…).",
    )


def _other(path: Path | None, reason: str) -> tuple[str, str]:
    return (
        f"{_subject(path)} could not be written: {reason}.",
        "Try again; if it keeps failing, close Scaffold and open it again.",
    )


_WORDS = {
    FailureKind.disk_full: _disk_full,
    FailureKind.read_only: _read_only,
    FailureKind.no_permission: _no_permission,
    FailureKind.cannot_open: _cannot_open,
    FailureKind.busy: _busy,
    FailureKind.disk_error: _disk_error,
    FailureKind.damaged: _damaged,
    FailureKind.other: _other,
}
