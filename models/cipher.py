"""SQLCipher for encrypted database files: which driver, how a connection gets its key, conversion.

An encrypted file is opened with `sqlcipher3` (SQLCipher 4, SQLite with AES-256 pages) and a
raw 32-byte key, set as `PRAGMA key = "x'<64 hex digits>'"` before anything else: a raw key
skips SQLCipher's own passphrase derivation, which would cost about 0.2 s on every connection.
A plain file is opened with the standard `sqlite3`, and `sqlcipher3` is never imported for it.
"""

import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plain SQLite file
_SQLCIPHER = "sqlcipher3.dbapi2"


def sqlcipher() -> ModuleType:
    """sqlcipher3's DB-API module, imported on first use (only for encrypted files)."""
    import sqlcipher3.dbapi2  # type: ignore[import-untyped]

    module: ModuleType = sqlcipher3.dbapi2
    return module


def driver(key: bytes | None) -> ModuleType:
    """The DB-API module for a file with this key: `sqlite3` without one, else `sqlcipher3`."""
    return sqlite3 if key is None else sqlcipher()


def driver_errors(*also: type[Exception]) -> tuple[type[Exception], ...]:
    """The DB-API error classes of every driver loaded so far, and `also` (for `except`)."""
    errors: list[type[Exception]] = [sqlite3.Error, *also]
    loaded = sys.modules.get(_SQLCIPHER)
    if loaded is not None:
        errors.append(loaded.Error)
    return tuple(errors)


def key_literal(key: bytes) -> str:
    """The SQL literal of a raw key, for `PRAGMA key = …` and `ATTACH … KEY …`."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"A database key has {KEY_BYTES} bytes, not {len(key)}.")
    return f"\"x'{key.hex()}'\""


def apply_key(connection: Any, key: bytes) -> None:
    """Give a new sqlcipher3 connection its key; nothing may run on it before this."""
    # SQLCipher logs a failed page check to stderr; a wrong key is reported by us instead.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key_literal(key)}")


def connect(
    path: Path,
    *,
    key: bytes | None,
    read_only: bool = False,
    timeout: float = 5.0,
    module: ModuleType | None = None,
    check_same_thread: bool = True,
) -> Any:
    """A DB-API connection to the file at `path`, keyed when `key` is given (not yet checked).

    `module` overrides the driver: sqlcipher3 also opens plain files, for `export`.
    `check_same_thread` as for `sqlite3.connect` (SQLAlchemy's engines turn it off).
    """
    module = module or driver(key)
    options = {"timeout": timeout, "check_same_thread": check_same_thread}
    if read_only:
        # as_uri() percent-encodes "#", "?" and "%", which would otherwise end the file name.
        connection = module.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, **options)
    else:
        connection = module.connect(str(path), **options)
    if key is not None:
        try:
            apply_key(connection, key)
        except BaseException:
            connection.close()
            raise
    return connection


def looks_encrypted(path: Path) -> bool:
    """Whether the file at `path` has content but no plain SQLite header (encrypted, or junk)."""
    try:
        with Path(path).open("rb") as file:
            header = file.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return False
    return bool(header) and header != PLAIN_HEADER


def export(source: Any, target: Path, *, key: bytes | None) -> None:
    """Copy every table, index, trigger and row of `source` into the new file `target`.

    `source` is an open sqlcipher3 connection (keyed or plain); the copy is encrypted with
    `key`, or plain without one. This is SQLCipher's `sqlcipher_export`, the documented way to
    encrypt, decrypt or re-key a database; the backup API refuses to mix the two. `target` is
    written without a journal: the caller checks it and flushes it to disk before using it.
    """
    literal = "''" if key is None else key_literal(key)
    # The target's name is bound as a parameter; the key literal holds only hex digits.
    source.execute(f"ATTACH DATABASE ? AS converted KEY {literal}", (str(target),))
    try:
        # A scratch file, checked and flushed by the caller before use: without a journal and
        # a flush after every table, the export takes milliseconds instead of seconds.
        source.execute("PRAGMA converted.journal_mode = OFF")
        source.execute("PRAGMA converted.synchronous = OFF")
        source.execute("SELECT sqlcipher_export('converted')").fetchall()
    finally:
        source.execute("DETACH DATABASE converted")
