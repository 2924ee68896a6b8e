"""Shared column helpers for the tables."""

from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import Enum as SAEnum
from sqlmodel import SQLModel

# Stable constraint names, so Alembic's batch mode can find and alter them on SQLite.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Current time in UTC, timezone-aware (SQLModel stores it as UTC)."""
    return datetime.now(UTC)


def enum_type(enum_cls: type[Enum]) -> SAEnum:
    """A portable VARCHAR column that stores an enum's values (not its member names)."""
    return SAEnum(
        enum_cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=False,
        length=40,
        validate_strings=True,
    )
