"""The GUI's door to the data: runs each service call in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from app.library import store as library
from app.library.entry import LibraryEntry
from app.library.errors import LibraryDataError
from app.services.engagements import EngagementDetails, EngagementStatus, start_consultation
from app.services.list_cache import ListCache
from app.services.listing import (
    EngagementRef,
    EngagementSummary,
    count_engagements,
    engagement_ref,
    engagement_refs,
)
from app.services.settings import Preferences, load_preferences, save_preferences
from app.storage import StorageError, reading, transaction

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine
    from sqlmodel import Session

    from app.services.trash import DeletedEngagement


class EngagementStore:
    """Engagements for the window; each call is committed or rolled back whole.

    List, create, copy, delete and put back. This is the only place the GUI holds a session.
    Database failures come out as `StorageError` with a message a person can read;
    `ValidationError` and `NotFoundError` pass through.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lists = ListCache(engine)

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
        self._lists.forget()
        self._engine.dispose()

    def list(
        self,
        search: str = "",
        status: EngagementStatus | None = None,
        *,
        include_private: bool = True,
    ) -> list[EngagementSummary]:
        """Engagements matching the search text (private notes too) and status, newest first.

        A search narrows the last list read without one while nothing has been written through
        this engine (see `app.services.list_cache`): typing stays quick with 10,000 of them,
        and one or two characters need no transaction at all.
        """
        found = self._lists.from_memory(search, status, include_private=include_private)
        if found is not None:
            return found
        with self._session("The consultations could not be read", read_only=True) as session:
            return self._lists.list(
                session=session, search=search, status=status, include_private=include_private
            )

    def forget_list(self) -> None:
        """Read the whole list again at the next `list` (another program may have written)."""
        self._lists.forget()

    def count(self) -> int:
        """How many consultations there are, whatever the search."""
        with self._session("The consultations could not be read", read_only=True) as session:
            return count_engagements(session=session)

    def create(self, details: EngagementDetails) -> int:
        """Start a consultation in draft and return its id."""
        with self._session("The consultation could not be saved") as session:
            engagement = start_consultation(session=session, data=details)
            assert engagement.id is not None
            return engagement.id

    def duplicate(self, engagement_id: int) -> int:
        """Copy a consultation's diagnostic into a new draft; the copy's id."""
        with self._session("The consultation could not be copied") as session:
            from app.services.copies import duplicate_engagement  # with the exchange code

            return duplicate_engagement(session=session, engagement_id=engagement_id)

    def delete(self, engagement_id: int) -> DeletedEngagement:
        """Delete a consultation, keeping what `restore` needs to put it back."""
        with self._session("The consultation could not be deleted") as session:
            from app.services.trash import delete_keeping_snapshot

            return delete_keeping_snapshot(session=session, engagement_id=engagement_id)

    def restore(self, deleted: DeletedEngagement) -> int:
        """Put a deleted consultation back whole; its id (the old one if still free)."""
        with self._session("The consultation could not be put back") as session:
            from app.services.trash import restore_deleted

            return restore_deleted(session=session, deleted=deleted)

    def ref(self, engagement_id: int) -> EngagementRef | None:
        """The consultation with this id, if it exists."""
        with self._session("The consultation could not be read") as session:
            return engagement_ref(session=session, engagement_id=engagement_id)

    def refs(self, uids: Iterable[str]) -> dict[str, EngagementRef]:
        """Those of these consultations (by uid) that still exist."""
        with self._session("The consultations could not be read") as session:
            return engagement_refs(session=session, uids=uids)

    def preferences(self) -> Preferences:
        """The partner's name and the plan settings, as stored."""
        with self._session("The preferences could not be read") as session:
            return load_preferences(session=session)

    def save_preferences(self, data: Preferences) -> Preferences:
        """Store all the preferences in one transaction (none if one is refused)."""
        with self._session("The preferences could not be saved") as session:
            return save_preferences(session=session, data=data)

    def _session(self, failure: str, *, read_only: bool = False) -> AbstractContextManager[Session]:
        """One transaction (a lock-free read with `read_only`); a database failure becomes
        `StorageError("<failure>: <reason>")`."""
        return _transaction(self._engine, failure, read_only=read_only)


@dataclass(frozen=True)
class LibraryOverview:
    """The whole scaffold library (retired entries too) and which built-ins the partner edited."""

    entries: list[LibraryEntry]
    edited: frozenset[str]


class LibraryStore:
    """The scaffold library for its editor; each call is committed or rolled back whole.

    Database failures come out as `StorageError`; `ValidationError` and `NotFoundError` pass
    through.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def overview(self) -> LibraryOverview:
        """Every scaffold, retired ones included, and the keys of the edited built-ins."""
        with _transaction(self._engine, "The scaffold library could not be read") as session:
            return LibraryOverview(
                entries=library.list_library(session=session, include_retired=True),
                edited=library.edited_keys(session=session),
            )

    def get(self, key: str) -> LibraryEntry:
        """The scaffold with this key."""
        with _transaction(self._engine, "The scaffold could not be read") as session:
            return library.get_entry(session=session, key=key)

    def add(self, data: LibraryEntry) -> LibraryEntry:
        """Add the partner's own scaffold (its key made from the name when empty)."""
        with _transaction(self._engine, "The scaffold could not be saved") as session:
            return library.add_entry(session=session, data=data)

    def update(self, key: str, data: LibraryEntry) -> LibraryEntry:
        """Give a scaffold new content (a built-in then counts as edited)."""
        with _transaction(self._engine, "The scaffold could not be saved") as session:
            return library.update_entry(session=session, key=key, data=data)

    def retire(self, key: str, retired: bool = True) -> LibraryEntry:
        """Retire a scaffold, or bring it back with `retired=False`."""
        with _transaction(self._engine, "The scaffold could not be changed") as session:
            return library.retire_entry(session=session, key=key, retired=retired)

    def reset(self, key: str) -> LibraryEntry:
        """Put an edited built-in back to the text shipped with Scaffold."""
        failure = "The built-in text could not be put back"
        try:
            with _transaction(self._engine, failure) as session:
                return library.reset_to_builtin(session=session, key=key)
        except LibraryDataError as exc:
            raise StorageError(f"{failure}: {exc}") from exc


@contextmanager
def _transaction(engine: Engine, failure: str, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction; a database failure becomes `StorageError("<failure>: <reason>")`."""
    try:
        with (reading if read_only else transaction)(engine) as session:
            yield session
    except SQLAlchemyError as exc:
        from app.save_failures import FailureKind, classify_write_failure

        kind = classify_write_failure(exc, location=engine.url.database)
        if kind.kind is FailureKind.other:
            raise StorageError(f"{failure}: {_reason(exc)}") from exc
        raise StorageError(f"{failure}. {kind}") from exc  # a full disk, a read-only folder…


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own words ("database is locked") rather than SQLAlchemy's long text."""
    return str(getattr(exc, "orig", None) or exc)
