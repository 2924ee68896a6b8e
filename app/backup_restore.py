"""Restoring a backup: check the file, prepare a private copy, keep the current data, copy in.

Nothing changes until the chosen file has passed every check: it is a Scaffold database from
this or an older version, complete and intact, and (when older) it upgrades cleanly. Only then
is the current data copied aside ("pre-restore") and replaced, with SQLite's backup API, in a
single write transaction: never a file copied over a database that may be open.

An encrypted database is restored with its own key (the session's, see app.encryption): a
backup encrypted with that key, or a plain backup, which is encrypted on the way in. A backup
encrypted with another key is refused, and so is an encrypted backup for a plain database.
"""

import os
import shutil
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
from app.encryption_convert import convert_file
from app.encryption_keyinfo import SUFFIX as KEYINFO_SUFFIX
from app.encryption_session import key_for
from models.cipher import driver_errors, looks_encrypted
from models.db import (
    DatabaseError,
    WrongKeyError,
    connect_file,
    open_database,
    read_schema_state,
)
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

NOTHING_RESTORED = "Nothing was restored."


def _source_key(db_path: Path, source: Path, key: bytes | None) -> bytes | None:
    """The key that opens `source`: the database's for an encrypted backup, else None."""
    if not looks_encrypted(source):
        return None
    if key is None and any(source.parent.glob(f"*{KEYINFO_SUFFIX}")):
        raise BackupError(
            f"{source} is encrypted, and {db_path} is not: restore it into the encrypted "
            "database it came from, or open it directly with its .keyinfo file beside it. "
            f"{NOTHING_RESTORED}"
        )
    return key


def _check_source(db_path: Path, source: Path, key: bytes | None) -> None:
    """Refuse a source that is missing, the database itself, not Scaffold's, or from newer."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file. {NOTHING_RESTORED}")
    if same_file(source, db_path):
        raise BackupError(f"{source} is the database in use, not a backup. {NOTHING_RESTORED}")
    try:
        state = read_schema_state(source, key=key)
    except WrongKeyError as exc:
        raise BackupError(
            f"{source} cannot be opened with the key of {db_path}: it was encrypted with "
            f"another key, or it is not a Scaffold database. {NOTHING_RESTORED}"
        ) from exc
    except DatabaseError as exc:
        raise BackupError(f"{exc} {NOTHING_RESTORED}") from exc
    if not state.exists or state.revision is None:
        raise BackupError(f"{source} is not a Scaffold database. {NOTHING_RESTORED}")
    if state.revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{source} was written by a newer version of Scaffold (schema {state.revision}); "
            f"this version understands schemas up to {HEAD_REVISION}. {NOTHING_RESTORED}"
        )
    if key is None:  # an encrypted file's header says nothing of its length
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


def _check_intact(staged: Path, source: Path, key: bytes | None) -> None:
    """Refuse a copy whose pages do not hold together (a truncated or damaged file)."""
    try:
        with closing(connect_file(staged, key=key)) as con:
            rows = con.execute("PRAGMA integrity_check").fetchall()
    except driver_errors(WrongKeyError) as exc:
        rows = [(str(exc),)]
    if rows != [("ok",)]:
        raise BackupError(
            f"{source} is damaged ({rows[0][0]}), so it cannot be restored. {NOTHING_RESTORED}"
        )


def _bring_up_to_date(staged: Path, source: Path, key: bytes | None) -> None:
    """Upgrade an older backup's copy and load the current built-in library into it."""
    from app.library.errors import LibraryDataError
    from app.library.store import ensure_library

    try:
        engine = open_database(staged, key=key)
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
    """Give the copy the page size of the database it goes into (a WAL file needs the same).

    Only for plain files: encrypted ones all have SQLCipher's page size, which Scaffold keeps.
    """
    reader = connect_file(db_path, read_only=True)
    with closing(reader) as live, closing(connect_file(staged)) as copy:
        wanted = int(live.execute("PRAGMA page_size").fetchone()[0])
        if int(copy.execute("PRAGMA page_size").fetchone()[0]) != wanted:
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute(f"PRAGMA page_size = {wanted}")
            copy.execute("VACUUM")


def _write_into(staged: Path, db_path: Path, key: bytes | None) -> None:
    """Replace the database's content with the copy's, in one SQLite write transaction."""
    if not db_path.exists():  # a new machine: the file is owner-only from the start
        db_path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600))
    elif key is None:
        _match_page_size(staged, db_path)
    try:
        with (
            closing(connect_file(staged, key=key)) as copy,
            closing(connect_file(db_path, key=key)) as live,
        ):
            copy.backup(live)
    except driver_errors() as exc:
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


def _replace(staged: Path, db_path: Path, key: bytes | None) -> Path | None:
    """Keep the current data as a backup, then write the checked copy in; the kept file."""
    if not db_path.exists():
        try:
            _write_into(staged, db_path, key)
        except BaseException:
            db_path.unlink(missing_ok=True)
            raise
        return None
    try:
        read_schema_state(db_path, key=key)
    except DatabaseError:  # the current file is not readable: keep it whole, untouched
        moved = _move_aside(db_path)
        try:
            _write_into(staged, db_path, key)
        except BaseException:
            db_path.unlink(missing_ok=True)
            _put_back(moved, db_path)
            raise
        return moved
    safety = take_backup(db_path, None, "pre-restore", datetime.now())
    _write_into(staged, db_path, key)
    return safety


def restore_backup(db_path: Path, source: Path) -> Path | None:
    """Replace the database's content with the backup `source`; the safety copy made first.

    The source is checked before anything changes: it must be an intact Scaffold database
    from this or an older version (an older one is upgraded on a private copy). The current
    data is then backed up ("pre-restore") and the copy written in with the backup API, so an
    open engine with no connection checked out sees the restored data at its next query.
    Returns None when there was no database before. Raises `BackupError`, changing nothing.
    An encrypted database takes a backup encrypted with its key, or a plain one (encrypted on
    the way in); see the module's docstring.
    """
    db_path, source = Path(db_path), Path(source).expanduser()
    key = key_for(db_path)
    source_key = _source_key(db_path, source, key) if source.is_file() else None
    _check_source(db_path, source, source_key)
    folder = ensure_private_dir(backups_dir(db_path))
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        staged = copy_database(source, staging / db_path.name, key=source_key)
        _check_intact(staged, source, source_key)
        _bring_up_to_date(staged, source, source_key)
        if source_key != key:  # a plain backup going into an encrypted database
            convert_file(staged, old_key=source_key, new_key=key)
        return _replace(staged, db_path, key)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
