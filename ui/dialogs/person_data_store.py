"""The People's data dialog's door to the data: each call in its own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from app.services.person_data import (
    ForgetSummary,
    PersonData,
    all_member_names,
    export_person,
    find_person,
    forget_person,
)
from app.storage import StorageError, transaction

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session


class PersonDataStore:
    """Find, export and forget a person; database failures come out as `StorageError`.

    `ValidationError` (an empty name, a refusal over signed versions) passes through.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def names(self) -> list[str]:
        """Every team member's name across consultations, sorted."""
        with self._session("The names could not be read") as session:
            return all_member_names(session=session)

    def find(self, name: str, include_pseudonyms: bool) -> PersonData:
        """Everything held about the person."""
        with self._session("What is held could not be read") as session:
            return find_person(session=session, name=name, include_pseudonyms=include_pseudonyms)

    def export(self, name: str, include_pseudonyms: bool) -> str:
        """Everything held about the person as JSON text."""
        with self._session("What is held could not be read") as session:
            return export_person(session=session, name=name, include_pseudonyms=include_pseudonyms)

    def forget(self, name: str, include_pseudonyms: bool, rewrite_signed: bool) -> ForgetSummary:
        """Forget the person in every consultation, all or nothing."""
        with self._session("The person could not be forgotten") as session:
            return forget_person(
                session=session,
                name=name,
                include_pseudonyms=include_pseudonyms,
                rewrite_signed=rewrite_signed,
            )

    @contextmanager
    def _session(self, failure: str) -> Iterator[Session]:
        try:
            with transaction(self._engine) as session:
                yield session
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            raise StorageError(f"{failure}: {reason}") from exc
