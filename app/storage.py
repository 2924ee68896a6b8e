"""Where the data lives and how the GUI and CLI open it (the only door from app users to models)."""

import logging
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.backups import daily_backup
from app.encryption_session import key_for
from app.library.errors import LibraryDataError
from app.library.store import ensure_library
from app.paths import ENV_DB, default_db_path, resolve_db_path
from app.services.settings import load_backups_keep
from models.db import DatabaseError, NewerDatabaseError, open_database, reading, transaction

StorageError = DatabaseError
_log = logging.getLogger(__name__)

__all__ = [
    "ENV_DB",
    "NewerDatabaseError",
    "StorageError",
    "default_db_path",
    "open_engine",
    "reading",
    "resolve_db_path",
    "transaction",
]


def open_engine(path: Path, *, backup: bool = True, key: bytes | None = None) -> Engine:
    """Open (creating or upgrading as needed) the database at `path`, its library up to date.

    With `backup` (the window, and commands that write), the day's first opening of an
    existing database also takes the daily backup and rotates old ones (see app.backups).
    A broken built-in library file, like a broken database, raises `StorageError` whose message
    says which file, which entry and what is wrong. An encrypted database opens with `key`, or
    else with the key unlocked for it in this session (see app.encryption); one still locked
    raises `LockedError`, a wrong key `WrongKeyError` (both `StorageError`s).
    """
    existed = Path(path).is_file()
    engine = open_database(path, key=key if key is not None else key_for(Path(path)))
    try:
        ensure_library(engine)
    except LibraryDataError as exc:
        engine.dispose()
        raise StorageError(f"The built-in scaffold library cannot be loaded: {exc}") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc)
        raise StorageError(f"{path} could not be prepared for use: {reason}.") from exc
    except BaseException:
        engine.dispose()
        raise
    if backup and existed:
        _take_daily_backup(engine, Path(path))
    return engine


def _take_daily_backup(engine: Engine, path: Path) -> None:
    """The day's backup; a failure is logged, never a reason to keep the partner out."""
    try:
        with transaction(engine) as session:
            keep = load_backups_keep(session=session)
        daily_backup(path, keep=keep)
    except (DatabaseError, SQLAlchemyError, OSError) as exc:
        _log.warning("The daily backup of %s was not taken: %s", path, exc)
