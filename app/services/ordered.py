"""The shared shape of an engagement's ordered records (measures, behaviours, scaffolds…):
list in order, fetch by id, append at the end, assign new values, remove."""

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from app.services.common import next_position
from app.validation import NotFoundError

M = TypeVar("M", bound=SQLModel)


def list_for(
    session: Session, model: type[M], owner_id: int, owner: str = "engagement_id"
) -> list[M]:
    """The records of one owner (an engagement, or a behaviour for causes), in their order."""
    table: Any = model  # every ordered table has id, position and an owner column
    query = select(model).where(getattr(table, owner) == owner_id)
    return list(session.exec(query.order_by(table.position, table.id)))


def fetch(session: Session, model: type[M], record_id: int, noun: str) -> M:
    """The record with this id, or `NotFoundError` naming what was looked for."""
    row = session.get(model, record_id)
    if row is None:
        raise NotFoundError(f"No {noun} with id {record_id}.")
    return row


def append(
    session: Session,
    model: type[M],
    owner_id: int,
    values: Mapping[str, object],
    owner: str = "engagement_id",
) -> M:
    """Add a record after the owner's last one."""
    rows: list[Any] = list_for(session, model, owner_id, owner)
    positions = [r.position for r in rows]
    row = model(**{owner: owner_id, "position": next_position(positions), **values})
    session.add(row)
    session.flush()
    return row


def assign(session: Session, row: M, values: Mapping[str, object]) -> M:
    """Give a record new values."""
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return row


def remove(session: Session, row: SQLModel) -> None:
    """Delete a record (its dependants go with it)."""
    session.delete(row)
    session.flush()
