"""Keeping people's data private on this machine: owner-only files, and deleted rows erased.

Files: the database is created owner-only by `models.db`; the writers here do the same for
exported files (plans, CSV, JSON). Deletion: every connection runs with SQLite's
`secure_delete`, which overwrites deleted rows with zeros. Two copies survive it, and
`erase_deleted` removes both: the full-text search indexes keep the words of deleted text in
older segments until those are merged, and the write-ahead log keeps earlier versions of pages
until it is checkpointed. See docs/privacy.md.
"""

import logging
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from models.cipher import driver_errors
from models.db import OWNER_ONLY_FILE, restrict_to_owner
from models.search import INDEXES

__all__ = [
    "VACUUM_RESULT",
    "VacuumResult",
    "erase_deleted",
    "erase_in_background",
    "erase_now",
    "merge_search_indexes",
    "open_private",
    "restrict_new_files",
    "restrict_to_owner",
    "vacuum",
    "vacuum_after_commit",
    "write_private_bytes",
    "write_private_text",
]

log = logging.getLogger(__name__)

# Keys in `Session.info`: a vacuum is due after the commit; what it did once it ran.
_VACUUM_DUE = "scaffold.vacuum_due"
_VACUUM_HOOKED = "scaffold.vacuum_hooked"
VACUUM_RESULT = "scaffold.vacuum_result"
CHECKPOINT_WAIT_MS = 1000


# Files -----------------------------------------------------------------------------------------


def restrict_new_files() -> int:
    """Make every file this process creates from now on owner-only (umask 077); the old mask.

    For the start of the GUI and the CLI. Does nothing (and returns 0) outside POSIX.
    """
    if os.name != "posix":
        return 0
    return os.umask(0o077)


def open_private(
    path: Path, mode: str = "wb", *, encoding: str | None = None, newline: str | None = None
) -> IO[Any]:
    """Open `path` for writing, created owner-only; an existing file loses others' access first."""
    if not any(flag in mode for flag in "wax"):
        raise ValueError(f"open_private writes files; mode {mode!r} does not")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if "x" in mode:
        flags |= os.O_EXCL
    elif "a" in mode:
        flags |= os.O_APPEND
    else:
        flags |= os.O_TRUNC
    restrict_to_owner(path)  # before the new content goes in, not after
    fd = os.open(path, flags, OWNER_ONLY_FILE)
    try:
        return os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path`, owner-only, whole or not at all (a `.part` file, then renamed)."""
    _write_whole(path, data, "wb")


def write_private_text(
    path: Path, content: str, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Write text to `path` like `write_private_bytes` (`newline` as for `open`)."""
    _write_whole(path, content, "w", encoding=encoding, newline=newline)


def _write_whole(
    path: Path,
    content: str | bytes,
    mode: str,
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> None:
    part = path.with_name(path.name + ".part")
    try:
        with open_private(part, mode, encoding=encoding, newline=newline) as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        part.replace(path)
    except BaseException:
        with suppress(OSError):
            part.unlink(missing_ok=True)
        raise


# Erasing deleted rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class VacuumResult:
    """What a vacuum managed: the file rebuilt, and the write-ahead log emptied."""

    vacuumed: bool
    wal_emptied: bool
    problem: str = ""


# Who erases after a commit: None erases at once, in the committing thread (the CLI, the
# services' tests); the window hands the work to a worker thread (`erase_in_background`), since
# merging the indexes and vacuuming a large file takes seconds.
BackgroundEraser = Callable[[Engine], None]
_background: BackgroundEraser | None = None


def erase_in_background(eraser: BackgroundEraser | None) -> BackgroundEraser | None:
    """Have `eraser(engine)` run `erase_now(engine)` later, off the committing thread (None:
    erase at once again); the eraser that was set before."""
    global _background
    previous, _background = _background, eraser
    return previous


def erase_deleted(session: Session) -> None:
    """Make what this transaction deletes unrecoverable from the database file.

    At once: the search indexes are merged in the transaction, and the file is vacuumed and its
    write-ahead log emptied once the transaction has committed (VACUUM cannot run inside one).
    With a background eraser set, both happen after the commit, in the background.
    """
    if _background is None:
        merge_search_indexes(session)
    vacuum_after_commit(session)


def merge_search_indexes(session: Session) -> None:
    """Rewrite each full-text index whole, so deleted words leave its older segments."""
    for index in INDEXES:
        # Names come from models.search.INDEXES, never from input.
        session.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))  # noqa: S608


def vacuum_after_commit(session: Session) -> None:
    """Vacuum the database once this session's transaction commits (not if it rolls back).

    What the vacuum did is left in `session.info[VACUUM_RESULT]`; a vacuum that cannot run
    (another program holds the file) is logged and never undoes the committed work.
    """
    session.info[_VACUUM_DUE] = True
    session.info.pop(VACUUM_RESULT, None)
    if session.info.get(_VACUUM_HOOKED):
        return
    session.info[_VACUUM_HOOKED] = True
    event.listen(session, "after_commit", _vacuum_if_due)
    event.listen(session, "after_rollback", _forget_vacuum)


def _forget_vacuum(session: Session) -> None:
    session.info.pop(_VACUUM_DUE, None)


def _vacuum_if_due(session: Session) -> None:
    if not session.info.pop(_VACUUM_DUE, False):
        return
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        # Bound to a connection whose own transaction may still be open: a vacuum would wait
        # on it and fail. Whoever owns that connection vacuums when it is done.
        session.info[VACUUM_RESULT] = VacuumResult(False, False, "bound to a connection")
        return
    if _background is not None:
        session.info[VACUUM_RESULT] = VacuumResult(False, False, "left to the background")
        _background(bind)
        return
    session.info[VACUUM_RESULT] = vacuum(bind)


def erase_now(engine: Engine) -> VacuumResult:
    """Merge the search indexes (in their own transaction), then vacuum: the background
    eraser's work. Never raises for a busy or locked database."""
    try:
        with Session(engine) as session, session.begin():
            merge_search_indexes(session)
    except SQLAlchemyError as exc:
        return _failed("merge", exc)
    return vacuum(engine)


def vacuum(engine: Engine) -> VacuumResult:
    """Rebuild the database file without free pages, then empty the write-ahead log.

    Never raises for a busy or locked database: the result says what could not be done.
    """
    try:
        raw = engine.raw_connection()
    except SQLAlchemyError as exc:
        return _failed("open", exc)
    try:
        connection = raw.driver_connection  # sqlite3's, or sqlcipher3's for an encrypted file
        assert connection is not None
        # VACUUM copies the database into a temporary one: keep that copy off the disk.
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute("VACUUM")
        # Emptying the log waits for readers; a short wait keeps a deletion from freezing the
        # window. If one still reads, SQLite removes the log when the last connection closes.
        connection.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        busy, _frames, _moved = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except driver_errors() as exc:
        return _failed("vacuum", exc)
    finally:
        raw.close()
    if busy:
        log.warning("The write-ahead log could not be emptied: another connection was reading.")
        return VacuumResult(True, False, "another connection was reading")
    return VacuumResult(True, True)


def _failed(step: str, exc: Exception) -> VacuumResult:
    reason = str(getattr(exc, "orig", None) or exc)
    log.warning("Deleted data could not be vacuumed from the database (%s): %s", step, reason)
    return VacuumResult(False, False, reason)
