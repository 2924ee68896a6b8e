"""Where the database lives: `--db`, else $SCAFFOLD_DB, else the user data folder.

Kept apart from `app.storage` so the window can name its database before the database layer
(SQLAlchemy, the models) is imported.
"""

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_DB = "SCAFFOLD_DB"


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
