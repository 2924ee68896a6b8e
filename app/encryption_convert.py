"""Rewriting one database file encrypted, decrypted or re-keyed, checked before it replaces the old.

The new file is written beside the old one under a hidden temporary name with SQLCipher's
`sqlcipher_export`, checked (integrity, and the same rows in every table), flushed to disk, and
only then renamed over the old file in one step: a failure at any point leaves the old file as
it was. The old file must not be in use: it is switched out of WAL mode first, which SQLite
refuses while another connection has it open.
"""

import os
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from models import cipher
from models.db import BUSY_TIMEOUT_MS, DatabaseError, WrongKeyError, connect_file

WORK_PREFIX = "."
WORK_SUFFIX = ".converting"


class ConversionError(DatabaseError):
    """A file could not be converted; it is unchanged. The message says why, for a person."""


def work_path(path: Path) -> Path:
    """The hidden temporary file a conversion of `path` writes first."""
    return path.with_name(f"{WORK_PREFIX}{path.name}{WORK_SUFFIX}")


def _row_counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'  # a name from the file's own schema
        counts[name] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    return counts


def _release_wal(connection: Any, path: Path) -> None:
    """Fold the write-ahead log into the file and leave WAL mode (needs the only connection)."""
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except cipher.driver_errors() as exc:
        raise ConversionError(
            f"{path} is in use ({exc}). Close every other program that has it open "
            "(another Scaffold window included) and try again. Nothing was changed."
        ) from exc
    if str(mode).lower() != "delete":
        raise ConversionError(
            f"{path} is in use by another program. Close it and try again. Nothing was changed."
        )


def write_converted(path: Path, *, old_key: bytes | None, new_key: bytes | None) -> Path:
    """Write the converted copy of `path` to its work file, checked and on disk; that file.

    `old_key` opens `path` (None: plain); the copy is encrypted with `new_key` (None: plain).
    Raises `WrongKeyError` when `old_key` does not open the file, `ConversionError` otherwise.
    """
    work = work_path(path)
    try:
        work.unlink(missing_ok=True)  # left by an interrupted attempt
        os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise ConversionError(f"{work} could not be written: {exc.strerror or exc}.") from exc
    try:
        _export(path, work, old_key=old_key, new_key=new_key)
        _check(path, work, old_key=old_key, new_key=new_key)
        with work.open("rb+") as file:
            os.fsync(file.fileno())
    except BaseException:
        with suppress(OSError):
            work.unlink(missing_ok=True)
        raise
    return work


def _export(path: Path, work: Path, *, old_key: bytes | None, new_key: bytes | None) -> None:
    try:
        source = connect_file(
            path, key=old_key, timeout=BUSY_TIMEOUT_MS / 1000, module=cipher.sqlcipher()
        )
    except cipher.driver_errors() as exc:
        raise ConversionError(f"{path} could not be opened: {exc}. Nothing was changed.") from exc
    with closing(source):
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.driver_errors() as exc:
            raise WrongKeyError(path) from exc  # an encrypted file opened as a plain one
        _release_wal(source, path)
        try:
            cipher.export(source, work, key=new_key)
        except cipher.driver_errors() as exc:
            raise ConversionError(
                f"{path} could not be converted: {exc}. Nothing was changed."
            ) from exc


def _check(path: Path, work: Path, *, old_key: bytes | None, new_key: bytes | None) -> None:
    """Refuse a copy that is damaged or holds other rows than the original."""
    try:
        with (
            closing(connect_file(path, key=old_key, read_only=True)) as original,
            closing(connect_file(work, key=new_key, read_only=True)) as copy,
        ):
            intact = copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            same = intact and _row_counts(original) == _row_counts(copy)
    except cipher.driver_errors() as exc:
        raise ConversionError(
            f"The converted copy of {path} could not be checked: {exc}. Nothing was changed."
        ) from exc
    if not same:
        raise ConversionError(
            f"The converted copy of {path} did not match the original, so it was discarded. "
            "Nothing was changed."
        )


def put_in_place(work: Path, path: Path) -> None:
    """Rename the checked copy over `path` in one step, and make the rename durable."""
    work.replace(path)
    for extra in ("-wal", "-shm", "-journal"):  # none should be left; an old one must not apply
        with suppress(OSError):
            path.with_name(path.name + extra).unlink(missing_ok=True)
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def convert_file(path: Path, *, old_key: bytes | None, new_key: bytes | None) -> None:
    """Convert the file at `path` in place (see `write_converted`)."""
    put_in_place(write_converted(path, old_key=old_key, new_key=new_key), path)
