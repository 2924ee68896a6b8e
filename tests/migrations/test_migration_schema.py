"""Migrating an empty database to head builds exactly the schema a new database gets."""

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models.db import make_engine, open_database, read_schema_state
from models.migrate import alembic_config
from models.schema_version import HEAD_REVISION
from models.search import include_in_autogenerate
from models.tables import metadata

# The full-text indexes (virtual tables) have no models; Alembic compares everything else.
COMPARE_OPTIONS = {"compare_type": True, "include_name": include_in_autogenerate}

Structure = dict[str, tuple[object, ...]]


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _model_diffs(path: Path) -> list[object]:
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts=COMPARE_OPTIONS)
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _master(path: Path) -> list[tuple[str, str, str, str]]:
    """Every table, index and trigger in sqlite_master, with its SQL (whitespace normalised)."""

    def norm(sql: str | None) -> str:
        return re.sub(r"\s+", " ", sql or "").replace("( ", "(").replace(" )", ")")

    with closing(_connect_ro(path)) as con:
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return sorted((kind, name, table, norm(sql)) for kind, name, table, sql in rows)


def _structure(path: Path) -> Structure:
    """Columns, foreign keys (with ON DELETE) and indexes of each table, as SQLite reports them."""
    result: Structure = {}
    with closing(_connect_ro(path)) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in names:
            columns = con.execute(f"PRAGMA table_info('{table}')").fetchall()
            fks = sorted(r[2:] for r in con.execute(f"PRAGMA foreign_key_list('{table}')"))
            indexes = sorted(
                (
                    name,
                    unique,
                    origin,
                    tuple(c[2] for c in con.execute(f"PRAGMA index_info('{name}')")),
                )
                for _seq, name, unique, origin, _partial in con.execute(
                    f"PRAGMA index_list('{table}')"
                )
            )
            result[table] = (columns, fks, indexes)
    return result


def test_upgrade_from_empty_to_head_matches_a_new_database(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite"
    command.upgrade(alembic_config(migrated), "head")
    created = tmp_path / "created.sqlite"
    open_database(created).dispose()

    assert read_schema_state(migrated).revision == HEAD_REVISION
    assert read_schema_state(created).revision == HEAD_REVISION
    assert _model_diffs(migrated) == []
    assert _model_diffs(created) == []
    names = [(kind, name) for kind, name, _table, _sql in _master(migrated)]
    assert names == [(kind, name) for kind, name, _table, _sql in _master(created)]
    assert _structure(migrated) == _structure(created)
    # Not required for correctness, but true today: the DDL is the same text, constraint names
    # and all (only alembic_version's own table differs in layout).
    without_version = [row for row in _master(migrated) if row[1] != "alembic_version"]
    assert without_version == [row for row in _master(created) if row[1] != "alembic_version"]


def test_downgrade_to_base_and_back_gives_the_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "scaffold.sqlite"
    config = alembic_config(path)
    command.upgrade(config, "head")
    at_head = _master(path)
    command.downgrade(config, "base")
    tables_left = [name for kind, name, _table, _sql in _master(path) if kind == "table"]
    assert tables_left == ["alembic_version"]
    command.upgrade(config, "head")
    assert _master(path) == at_head
