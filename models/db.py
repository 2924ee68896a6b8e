"""Opening a Scaffold database: engine, SQLite pragmas, transactions, and the schema check.

Every function that opens the file takes an optional `key`: 32 raw bytes for a file encrypted
with SQLCipher (see models.cipher), None for a plain one.
"""

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from models import cipher, tables
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

BUSY_TIMEOUT_MS = 5000
READING_OPTION = "scaffold_reading"  # a connection's execution option: begin deferred
OWNER_ONLY_FILE = 0o600  # the database holds notes about named people: no one else may read it
OWNER_ONLY_FOLDER = 0o700


class DatabaseError(Exception):
    """A database that cannot be opened as it is; the message says why, for a person."""


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer Scaffold; it is left untouched."""


class WrongKeyError(DatabaseError):
    """The key (or the passphrase it came from) does not open this encrypted file."""

    def __init__(self, path: Path, message: str | None = None) -> None:
        super().__init__(
            message
            or f"The key or passphrase does not open {path}: it is encrypted with another one, "
            "or damaged. Nothing was changed."
        )
        self.path = path


@dataclass(frozen=True)
class SchemaState:
    """What the file on disk holds before anything touches it."""

    exists: bool
    revision: str | None


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _set_pragmas(dbapi_connection: Any, _record: Any, *, foreign_keys: bool) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself (see below)
    # SQLite's lower() knows only ASCII; searches compare with Python's casefold instead.
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Deleted content is overwritten with zeros, not merely marked free (see docs/privacy.md).
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def make_engine(path: Path, *, foreign_keys: bool = True, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at `path` with WAL, a busy timeout and real transactions.

    pysqlite's own transaction handling defers BEGIN and commits before DDL; SQLAlchemy's
    documented recipe turns that off and emits BEGIN itself, so every write, DDL included,
    commits or rolls back whole. With `key`, the file is encrypted (SQLCipher): each new
    connection gets the key first, then the same pragmas.
    """
    # A URL object, not a string: "?" or "#" in a folder name must not be parsed as URL syntax.
    url = URL.create("sqlite", database=str(path))
    if key is None:
        engine = create_engine(url, poolclass=NullPool)
    else:
        # The pysqlite dialect over sqlcipher3 (the same DB-API); `creator` keys each connection
        # before SQLAlchemy's first query on it. The key never appears in the URL.
        def _connect_keyed() -> Any:
            # As SQLAlchemy's own connect arguments for a file: any thread may close it.
            return cipher.connect(
                path, key=key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )

        engine = create_engine(
            url, module=cipher.driver(key), creator=_connect_keyed, poolclass=NullPool
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        _set_pragmas(dbapi_connection, record, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Reads (`reading`) begin deferred: in WAL mode they see a snapshot and neither wait
        # for a writer nor hold one up. Everything else takes the write lock at once.
        deferred = conn.get_execution_options().get(READING_OPTION, False)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine


def connect_file(
    path: Path,
    *,
    key: bytes | None = None,
    read_only: bool = False,
    timeout: float = BUSY_TIMEOUT_MS / 1000,
    module: ModuleType | None = None,
) -> Any:
    """A DB-API connection to the database file at `path` (keyed and checked when encrypted).

    Read-only connections never create a file. A key that does not open the file raises
    `WrongKeyError`; the caller closes the connection. `module` as for `models.cipher.connect`.
    """
    connection = cipher.connect(path, key=key, read_only=read_only, timeout=timeout, module=module)
    if key is not None:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.driver_errors() as exc:
            connection.close()
            if "not a database" in str(exc):
                raise WrongKeyError(path) from exc
            raise
    return connection


def read_schema_state(path: Path, *, key: bytes | None = None) -> SchemaState:
    """Read the stored schema revision with the bare DB-API (cheap: no Alembic import)."""
    if not path.exists():
        return SchemaState(exists=False, revision=None)
    if path.stat().st_size == 0:
        # Possibly a database truncated by a failed copy or sync: never write over it.
        raise DatabaseError(f"{path} is empty (0 bytes), so it is not a Scaffold database.")
    try:
        con = connect_file(path, key=key, read_only=True)
        try:
            tables_found = {
                row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables_found or "engagement" not in tables_found:
                if tables_found:
                    raise DatabaseError(f"{path} is an SQLite file but not a Scaffold database.")
                return SchemaState(exists=False, revision=None)
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except cipher.driver_errors() as exc:
        raise DatabaseError(f"{path} cannot be read as a Scaffold database: {exc}.") from exc
    return SchemaState(exists=True, revision=row[0] if row else None)


def restrict_to_owner(path: Path) -> None:
    """Take group and others' access away from a file or folder of ours (POSIX only).

    Missing paths and other people's files are left alone.
    """
    if os.name != "posix":
        return
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid != os.getuid():
        return
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        path.chmod(mode & ~0o077)


def restrict_database_files(path: Path) -> None:
    """Make the database and its -wal and -shm files owner-only (SQLite gives new ones its mode)."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        restrict_to_owner(path.with_name(name))


def _create_fresh(path: Path, key: bytes | None) -> None:
    # Created owner-only before SQLite opens it, so it is never readable by others, not even
    # for a moment; SQLite accepts an empty file as a new database.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY_FILE))
    engine = make_engine(path, key=key)
    try:
        with engine.begin() as conn:
            tables.metadata.create_all(conn)
            conn.exec_driver_sql(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
            conn.exec_driver_sql(
                "INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,)
            )
    finally:
        engine.dispose()


def open_database(path: Path, *, key: bytes | None = None) -> Engine:
    """Create, upgrade (after a backup) or open the database at `path`, and return its engine.

    A file from a newer Scaffold raises `NewerDatabaseError` and is not touched. With `key`,
    the file is (or, when new, becomes) encrypted; a key that does not open it raises
    `WrongKeyError`.
    """
    path = Path(path)
    state = read_schema_state(path, key=key)
    if not state.exists:
        path.parent.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
        _create_fresh(path, key)
    elif state.revision is None:
        raise DatabaseError(f"{path} records no schema version, so it cannot be opened safely.")
    elif state.revision != HEAD_REVISION:
        if state.revision not in KNOWN_REVISIONS:
            raise NewerDatabaseError(
                f"{path} was written by a newer version of Scaffold (schema {state.revision}); "
                f"this version understands schemas up to {HEAD_REVISION}. Nothing was changed."
            )
        from models.migrate import upgrade_with_backup  # Alembic only when needed

        upgrade_with_backup(path, key=key)
    restrict_database_files(path)  # files made by older versions were readable by others
    return make_engine(path, key=key)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reading only: one consistent snapshot that waits for no writer and holds
    none up (a `transaction` takes the write lock even to read). Whatever it might write is
    rolled back at the end."""
    with engine.connect() as connection:
        connection.execution_options(**{READING_OPTION: True})
        with Session(bind=connection, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits on success and rolls back whole on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
