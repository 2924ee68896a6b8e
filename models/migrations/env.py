"""Alembic's environment for Scaffold: online only, batch mode, the caller's transaction.

`models.migrate` passes an open connection, already inside a transaction, in
`config.attributes["connection"]`; Alembic then adds no transaction of its own, so the whole
upgrade commits or rolls back as one. Without a connection (developer tooling), an engine is made
from `config.attributes["db_path"]` with foreign keys off, and the upgrade runs in one transaction.
"""

from pathlib import Path

from alembic import context
from sqlalchemy import Connection

from models.db import make_engine
from models.search import include_in_autogenerate
from models.tables import metadata

config = context.config


def _run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters most things by recreating the table
        compare_type=True,
        include_name=include_in_autogenerate,  # the full-text indexes are no models
        transactional_ddl=True,  # the engine recipe in models.db makes SQLite's DDL transactional
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the caller's connection, or on a new one to `db_path`."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_migrations(connection)
        return
    db_path = config.attributes.get("db_path")
    if db_path is None:
        raise RuntimeError("Build the Alembic config with models.migrate.alembic_config(path).")
    engine = make_engine(Path(db_path), foreign_keys=False)
    try:
        with engine.begin() as conn:
            _run_migrations(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError(
        "Scaffold's migrations run online only; offline (--sql) mode is not supported."
    )
run_migrations_online()
