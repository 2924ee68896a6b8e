"""Where the data lives and how the GUI and CLI open it (the only door from app users to models)."""

import os
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine

from models.db import DatabaseError, NewerDatabaseError, open_database, transaction

ENV_DB = "SCAFFOLD_DB"
StorageError = DatabaseError

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


def open_engine(path: Path) -> Engine:
    """Open (creating or upgrading as needed) the database at `path`."""
    return open_database(path)
