"""Helpers for the backup tests: write and read teams through real database files."""

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from app.services.engagements import EngagementDetails, create_engagement
from models.db import transaction


def add_team(engine: Engine, team: str) -> int:
    """Start a consultation for `team` through the service; its id."""
    with transaction(engine) as session:
        engagement = create_engagement(
            session=session, data=EngagementDetails(team_name=team, manager_name="Dana Levi")
        )
        assert engagement.id is not None
        return engagement.id


def teams_in(path: Path) -> list[str]:
    """The team names stored in the database file at `path`, in id order (read-only)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as con:
        return [row[0] for row in con.execute("SELECT team_name FROM engagement ORDER BY id")]


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, to prove it was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode_of(path: Path) -> int:
    """The permission bits of a file or folder."""
    return path.stat().st_mode & 0o777
