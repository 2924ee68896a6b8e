"""Editing one engagement: every change saved at once, in one transaction, and undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from app.flow.state import FlowState, flow_state
from app.services.snapshots import restore_snapshot, take_snapshot
from app.storage import StorageError, transaction

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

T = TypeVar("T")


class EngagementEditing(QObject):
    """The pages' door to one engagement's data.

    `apply()` runs a change in one transaction: a `ValidationError` leaves the database as it
    was and reaches the caller, to be shown beside its field. A change that succeeds becomes one
    step on the undo stack (the engagement before and after, as snapshots) and is announced with
    `saved` and `changed`.
    """

    saved = Signal(str)
    changed = Signal(object)  # the page (or other origin) that made the change; None for undo
    failed = Signal(str)

    def __init__(self, engine: Engine, engagement_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self.engagement_id = engagement_id
        self.undo_stack = QUndoStack(self)

    def read(self, query: Callable[[Session], T]) -> T:
        """Run a read-only query."""
        try:
            with transaction(self._engine) as session:
                return query(session)
        except SQLAlchemyError as exc:
            raise StorageError(f"The consultation could not be read: {_reason(exc)}") from exc

    def flow(self) -> FlowState:
        """Where the engagement stands in the diagnostic."""
        return self.read(lambda s: flow_state(session=s, engagement_id=self.engagement_id))

    def apply(
        self,
        label: str,
        change: Callable[[Session], T],
        *,
        origin: object = None,
        undoable: bool = True,
    ) -> T:
        """Run `change` in one transaction and record it for undo.

        Raises `ValidationError` (nothing written) or `StorageError` (nothing written, and
        `failed` is emitted with the reason).
        """
        try:
            with transaction(self._engine) as session:
                before = take_snapshot(session, self.engagement_id) if undoable else ""
                result = change(session)
                session.flush()
                after = take_snapshot(session, self.engagement_id) if undoable else ""
        except SQLAlchemyError as exc:
            message = f"Not saved: {_reason(exc)}"
            self.failed.emit(message)
            raise StorageError(message) from exc
        if undoable:
            if before != after:
                self.undo_stack.push(_SnapshotStep(self, label, before, after))
        else:
            self.undo_stack.clear()
        self.saved.emit("Saved")
        self.changed.emit(origin)
        return result

    def restore(self, snapshot: str) -> None:
        """Put the engagement back as a snapshot recorded it (used by undo and redo)."""
        try:
            with transaction(self._engine) as session:
                restore_snapshot(session, self.engagement_id, snapshot)
        except SQLAlchemyError as exc:
            self.failed.emit(f"Could not undo: {_reason(exc)}")
            return
        self.saved.emit("Saved")
        self.changed.emit(None)


class _SnapshotStep(QUndoCommand):
    """One undoable change: the engagement's snapshots before and after it."""

    def __init__(self, editing: EngagementEditing, label: str, before: str, after: str) -> None:
        super().__init__(label)
        self._editing = editing
        self._before = before
        self._after = after
        self._done = True  # the change is already in the database when the step is pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._editing.restore(self._after)

    def undo(self) -> None:
        self._editing.restore(self._before)


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc)
