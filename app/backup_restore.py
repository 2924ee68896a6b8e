"""Restoring a backup: check the file, prepare a private copy, keep the current data, copy in.

Nothing changes until the chosen file has passed every check: it is a Scaffold database from
this or an older version, complete and intact, and (when older) it upgrades cleanly. Only then
is the current data copied aside ("pre-restore") and replaced, with SQLite's backup API, in a
single write transaction: never a file copied over a database that may be open.
"""

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.backup_files import (
    STAGING_PREFIX,
    BackupError,
    backups_dir,
    copy_database,
    ensure_private_dir,
    free_name,
    same_file,
    take_backup,
)
from models.db import BUSY_TIMEOUT_MS, DatabaseError, open_database, read_schema_state
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

NOTHING_RESTORED = "Nothing was restored."


def _check_source(db_path: Path, source: Path) -> None:
    """Refuse a source that is missing, the database itself, not Scaffold's, or from newer."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file. {NOTHING_RESTORED}")
    if same_file(source, db_path):
        raise BackupError(f"{source} is the database in use, not a backup. {NOTHING_RESTORED}")
    try:
        state = read_schema_state(source)
    except DatabaseError as exc:
        raise BackupError(f"{exc} {NOTHING_RESTORED}") from exc
    if not state.exists or state.revision is None:
        raise BackupError(f"{source} is not a Scaffold database. {NOTHING_RESTORED}")
    if state.revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{source} was written by a newer version of Scaffold (schema {state.revision}); "
            f"this version understands schemas up to {HEAD_REVISION}. {NOTHING_RESTORED}"
        )
    _check_length(source)


def _check_length(source: Path) -> None:
    """Refuse a file shorter than its header says: cut off while it was copied or synced.

    SQLite reads missing pages as zeros, and a cut inside a long text is no broken page,
    so `integrity_check` alone can miss it. The header's page count is trusted only when
    SQLite marks it valid, and only without a WAL file beside the backup.
    """
    with source.open("rb") as file:
        header = file.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]
    if not counted or source.with_name(source.name + "-wal").exists():
        return
    expected, actual = pages * page_size, source.stat().st_size
    if actual < expected:
        raise BackupError(
            f"{source} is incomplete ({actual:,} of {expected:,} bytes): it was probably cut off "
            f"while being copied. {NOTHING_RESTORED}"
        )


def _check_intact(staged: Path, source: Path) -> None:
    """Refuse a copy whose pages do not hold together (a truncated or damaged file)."""
    try:
        with closing(sqlite3.connect(staged)) as con:
            rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        rows = [(str(exc),)]
    if rows != [("ok",)]:
        raise BackupError(
            f"{source} is damaged ({rows[0][0]}), so it cannot be restored. {NOTHING_RESTORED}"
        )


def _bring_up_to_date(staged: Path, source: Path) -> None:
    """Upgrade an older backup's copy and load the current built-in library into it."""
    from app.library.errors import LibraryDataError
    from app.library.store import ensure_library

    try:
        engine = open_database(staged)
    except DatabaseError as exc:
        reason = str(exc.__cause__ or exc).rstrip(".")
        raise BackupError(
            f"{source} could not be brought up to date ({reason}). {NOTHING_RESTORED}"
        ) from exc
    try:
        ensure_library(engine)
    except (LibraryDataError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).rstrip(".")
        raise BackupError(
            f"The scaffold library of {source} could not be brought up to date ({reason}). "
            f"{NOTHING_RESTORED}"
        ) from exc
    finally:
        engine.dispose()


def _match_page_size(staged: Path, db_path: Path) -> None:
    """Give the copy the page size of the database it goes into (a WAL file needs the same)."""
    reader = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    with closing(reader) as live, closing(sqlite3.connect(staged)) as copy:
        wanted = int(live.execute("PRAGMA page_size").fetchone()[0])
        if int(copy.execute("PRAGMA page_size").fetchone()[0]) != wanted:
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute(f"PRAGMA page_size = {wanted}")
            copy.execute("VACUUM")


def _write_into(staged: Path, db_path: Path) -> None:
    """Replace the database's content with the copy's, in one SQLite write transaction."""
    if db_path.exists():
        _match_page_size(staged, db_path)
    else:  # a new machine: the file is owner-only from the start
        db_path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600))
    try:
        with (
            closing(sqlite3.connect(staged)) as copy,
            closing(sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)) as live,
        ):
            copy.backup(live)
    except sqlite3.Error as exc:
        raise BackupError(f"{db_path} could not be replaced: {exc}. {NOTHING_RESTORED}") from exc


def _move_aside(db_path: Path) -> Path:
    """Move an unreadable database (and its WAL files) into the backups folder, whole."""
    target = free_name(db_path, "pre-restore", datetime.now())
    for extra in ("-wal", "-shm"):
        companion = db_path.with_name(db_path.name + extra)
        if companion.exists():
            companion.replace(target.with_name(target.name + extra))
    db_path.replace(target)
    if os.name == "posix":
        target.chmod(0o600)
    return target


def _put_back(moved: Path, db_path: Path) -> None:
    for extra in ("-wal", "-shm"):
        companion = moved.with_name(moved.name + extra)
        if companion.exists():
            companion.replace(db_path.with_name(db_path.name + extra))
    moved.replace(db_path)


def _replace(staged: Path, db_path: Path) -> Path | None:
    """Keep the current data as a backup, then write the checked copy in; the kept file."""
    if not db_path.exists():
        try:
            _write_into(staged, db_path)
        except BaseException:
            db_path.unlink(missing_ok=True)
            raise
        return None
    try:
        read_schema_state(db_path)
    except DatabaseError:  # the current file is not readable: keep it whole, untouched
        moved = _move_aside(db_path)
        try:
            _write_into(staged, db_path)
        except BaseException:
            db_path.unlink(missing_ok=True)
            _put_back(moved, db_path)
            raise
        return moved
    safety = take_backup(db_path, None, "pre-restore", datetime.now())
    _write_into(staged, db_path)
    return safety


def restore_backup(db_path: Path, source: Path) -> Path | None:
    """Replace the database's content with the backup `source`; the safety copy made first.

    The source is checked before anything changes: it must be an intact Scaffold database
    from this or an older version (an older one is upgraded on a private copy). The current
    data is then backed up ("pre-restore") and the copy written in with the backup API, so an
    open engine with no connection checked out sees the restored data at its next query.
    Returns None when there was no database before. Raises `BackupError`, changing nothing.
    """
    db_path, source = Path(db_path), Path(source).expanduser()
    _check_source(db_path, source)
    folder = ensure_private_dir(backups_dir(db_path))
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        staged = copy_database(source, staging / db_path.name)
        _check_intact(staged, source)
        _bring_up_to_date(staged, source)
        return _replace(staged, db_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
