"""The GUI's door to the data: runs each service call in its own transaction."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from app.services.engagements import (
    EngagementDetails,
    EngagementStatus,
    EngagementSummary,
    create_engagement,
    list_engagements,
)
from app.storage import StorageError, transaction

if TYPE_CHECKING:
    from sqlalchemy import Engine


class EngagementStore:
    """Engagements for the window: list and create, each call committed or rolled back whole.

    This is the only place the GUI holds a session. Database failures come out as
    `StorageError` with a message a person can read; `ValidationError` passes through.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        """The engine, for the editor of one engagement."""
        return self._engine

    @property
    def location(self) -> Path:
        """The database file the store reads and writes."""
        return Path(self._engine.url.database or "")

    def close(self) -> None:
        """Release the database connections (the file stays as it is)."""
        self._engine.dispose()

    def list(
        self, search: str = "", status: EngagementStatus | None = None
    ) -> list[EngagementSummary]:
        """Engagements matching the search text and status, newest first."""
        try:
            with transaction(self._engine) as session:
                return list_engagements(session=session, search=search, status=status)
        except SQLAlchemyError as exc:
            raise StorageError(f"The consultations could not be read: {_reason(exc)}") from exc

    def create(self, details: EngagementDetails) -> int:
        """Start a consultation in draft and return its id."""
        try:
            with transaction(self._engine) as session:
                engagement = create_engagement(session=session, data=details)
                assert engagement.id is not None
                return engagement.id
        except SQLAlchemyError as exc:
            raise StorageError(f"The consultation could not be saved: {_reason(exc)}") from exc


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own words ("database is locked") rather than SQLAlchemy's long text."""
    return str(getattr(exc, "orig", None) or exc)
