"""Editing one engagement: every change saved at once, in one transaction, and undoable.

When the database cannot be written (a full disk, a read-only folder, a removed USB stick, a
database another program holds), the edit stays in the window: the saver that tried holds it,
saving is tried again every few seconds (and after each edit), and `save_problem` /
`save_recovered` say when that starts and ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from app.flow.state import FlowState, flow_state
from app.save_failures import WriteFailure, classify_write_failure
from app.services.snapshots import restore_snapshot, take_snapshot
from app.storage import StorageError, transaction
from ui.widgets.autosave import DebouncedSaver, running_saver

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

T = TypeVar("T")

# Waits before each automatic try to save an edit that could not be saved; the last repeats.
RETRY_DELAYS_MS = (2000, 4000, 8000, 15000, 30000)


def problem_text(failure: WriteFailure) -> str:
    """The message above the editor while an edit waits to be saved."""
    return (
        f"{failure.what} {failure.todo} What you typed stays in the window: Scaffold saves "
        "it as soon as it can (it tries again every few seconds, and after each edit)."
    )


class EngagementEditing(QObject):
    """The pages' door to one engagement's data.

    `apply()` runs a change in one transaction: a `ValidationError` leaves the database as it
    was and reaches the caller, to be shown beside its field. A change that succeeds becomes one
    step on the undo stack (the engagement before and after, as snapshots) and is announced with
    `saved` and `changed`.

    A write that fails inside an autosave (`running_saver()`) leaves that saver waiting: it is
    tried again on a timer with back-off, at once after any other change saves, and by
    `retry_now()`. `save_problem` carries the message while any edit waits; `save_recovered`
    follows when the last one is saved.
    """

    saved = Signal(str)
    changed = Signal(object)  # the page (or other origin) that made the change; None for undo
    failed = Signal(str)
    save_problem = Signal(str)  # why edits wait and what to do; '' once they were dropped
    save_recovered = Signal()  # every edit that waited is saved now

    def __init__(self, engine: Engine, engagement_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._location = engine.url.database
        self.engagement_id = engagement_id
        self.undo_stack = QUndoStack(self)
        self.last_failure: WriteFailure | None = None
        self._waiting: list[tuple[DebouncedSaver, Callable[[], None]]] = []
        self._retries = 0
        self._retrying = False
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry_round)

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
        `failed` is emitted with the reason). A change made by an autosave that the database
        refuses waits, with its saver, for the next try (see the class docstring).
        """
        try:
            with transaction(self._engine) as session:
                before = take_snapshot(session, self.engagement_id) if undoable else ""
                result = change(session)
                session.flush()
                after = take_snapshot(session, self.engagement_id) if undoable else ""
        except SQLAlchemyError as exc:
            raise self._write_failed(exc) from exc
        if undoable:
            if before != after:
                self.undo_stack.push(_SnapshotStep(self, label, before, after))
        else:
            self.undo_stack.clear()
        self.saved.emit("Saved")
        self.changed.emit(origin)
        if self._waiting and not self._retrying:
            # The database takes writes again: the edits that waited go next, at once.
            self._retries = 0
            self._retry_timer.start(0)
        return result

    # Edits waiting to be saved ----------------------------------------------------------------

    def waiting_savers(self) -> list[DebouncedSaver]:
        """The autosaves holding an edit that could not be saved, oldest first."""
        return [saver for saver, _slot in self._waiting]

    def retry_now(self) -> bool:
        """Try to save every waiting edit now; True when none is left waiting."""
        self._retry_timer.stop()
        self._retrying = True
        try:
            for saver, _slot in list(self._waiting):
                try:
                    saver.retry()
                except RuntimeError:  # its page is gone (the C++ object was deleted)
                    self._release(saver)
        finally:
            self._retrying = False
        if self._waiting:
            self._schedule_retry()
        return not self._waiting

    def forget_waiting(self) -> None:
        """Drop every waiting edit (the person chose to close without it); no more retries."""
        self._retry_timer.stop()
        waiting, self._waiting = self._waiting, []
        for saver, slot in waiting:
            with contextlib.suppress(RuntimeError, TypeError):
                saver.settled.disconnect(slot)
                saver.cancel()
        self._retries = 0

    def _write_failed(self, exc: SQLAlchemyError) -> StorageError:
        """Say why a write failed; keep an autosave's edit waiting for the next try."""
        failure = classify_write_failure(exc, location=self._location)
        self.last_failure = failure
        saver = running_saver()
        if saver is None:  # a button or a dialog: the person tries again themself
            then = " Then try again." if failure.retryable else ""
            message = f"Not saved: {failure}{then}"
        else:
            saver.note_failure(str(failure))
            self._hold(saver)
            message = (
                f"Not saved yet: {failure.headline}. What you typed is kept here and saved "
                "as soon as possible."
            )
            self.save_problem.emit(problem_text(failure))
        self.failed.emit(message)
        return StorageError(message)

    def _hold(self, saver: DebouncedSaver) -> None:
        if all(held is not saver for held, _slot in self._waiting):

            def slot(saved: bool, held: DebouncedSaver = saver) -> None:
                self._on_settled(held, saved=saved)

            saver.settled.connect(slot)
            self._waiting.append((saver, slot))
        if not self._retrying and not self._retry_timer.isActive():
            self._schedule_retry()

    def _schedule_retry(self) -> None:
        delay = RETRY_DELAYS_MS[min(self._retries, len(RETRY_DELAYS_MS) - 1)]
        self._retries += 1
        self._retry_timer.start(delay)

    def _retry_round(self) -> None:
        if self._waiting:
            self.retry_now()

    def _on_settled(self, saver: DebouncedSaver, *, saved: bool) -> None:
        self._release(saver)
        if not self._waiting:
            self._retry_timer.stop()
            self._retries = 0
            self.last_failure = None
            if saved:
                self.save_recovered.emit()
            else:  # the last one was dropped on purpose (its card removed, say): no "Saved"
                self.save_problem.emit("")

    def _release(self, saver: DebouncedSaver) -> None:
        for held, slot in list(self._waiting):
            if held is saver:
                self._waiting.remove((held, slot))
                with contextlib.suppress(RuntimeError, TypeError):
                    saver.settled.disconnect(slot)

    # Undo and redo ----------------------------------------------------------------------------

    def restore(self, snapshot: str) -> None:
        """Put the engagement back as a snapshot recorded it (used by undo and redo).

        Not while an edit waits to be saved: the pages would show the snapshot over it.
        """
        if self._waiting and not self.retry_now():
            self.failed.emit(
                "Undo and redo wait until the edit that is not saved yet can be saved."
            )
            return
        try:
            with transaction(self._engine) as session:
                restore_snapshot(session, self.engagement_id, snapshot)
        except SQLAlchemyError as exc:
            failure = classify_write_failure(exc, location=self._location)
            self.failed.emit(f"Could not undo: {failure.headline}. {failure.todo}")
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
