"""Where the data lives and how the GUI and CLI open it (the only door from app users to models)."""

import logging
import os
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.backups import daily_backup
from app.library.errors import LibraryDataError
from app.library.store import ensure_library
from app.services.settings import load_backups_keep
from models.db import DatabaseError, NewerDatabaseError, open_database, transaction

ENV_DB = "SCAFFOLD_DB"
StorageError = DatabaseError
_log = logging.getLogger(__name__)

__all__ = [
    "ENV_DB",
    "NewerDatabaseError",
    "StorageError",
    "default_db_path",
    "open_engine",
    "resolve_db_path",
    "transaction",
]


def default_db_path() -> Path:
    """The database in the platform's user data folder (e.g. ~/.local/share/Scaffold)."""
    return user_data_path("Scaffold", appauthor=False) / "scaffold.sqlite"


def resolve_db_path(explicit: str | Path | None = None) -> Path:
    """The database to use: `--db`, else $SCAFFOLD_DB, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DB, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def open_engine(path: Path, *, backup: bool = True) -> Engine:
    """Open (creating or upgrading as needed) the database at `path`, its library up to date.

    With `backup` (the window, and commands that write), the day's first opening of an
    existing database also takes the daily backup and rotates old ones (see app.backups).
    A broken built-in library file, like a broken database, raises `StorageError` whose message
    says which file, which entry and what is wrong.
    """
    existed = Path(path).is_file()
    engine = open_database(path)
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
