"""Saving as people type: a short pause, leaving the field, or leaving the page saves.

A save that fails because the database cannot be written (a full disk, a read-only folder)
leaves the saver holding that failure: the text stays in the widgets, the next edit saves
again, and `retry()` tries again without one (see ui.editor.editing for who calls it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

SAVE_DELAY_MS = 400  # a pause in typing this long saves
MAX_WAIT_MS = 800  # steady typing saves at least this often: every edit stored within 1 s


_RUNNING: list[DebouncedSaver] = []  # the savers whose save is running now, innermost last


def running_saver() -> DebouncedSaver | None:
    """The saver whose save is running now, if a write happens inside one."""
    return _RUNNING[-1] if _RUNNING else None


class DebouncedSaver(QObject):
    """Calls `save` once typing pauses for SAVE_DELAY_MS; `flush()` saves pending edits now.

    While `save` runs, whoever writes can call `note_failure()` on `running_saver()`: the
    saver then holds `failure` until a later save goes through (or `cancel()` drops the edit),
    and announces that with `settled`.
    """

    settled = Signal(bool)  # an edit that could not be saved is saved now (True) or dropped

    def __init__(self, save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._failure: str | None = None
        self._failed_in_run: str | None = None
        self._last_edited: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self._run)
        self._paused = 0
        self._waiting = QElapsedTimer()  # since the oldest edit not yet saved

    @property
    def pending(self) -> bool:
        """Whether an edit is waiting to be saved."""
        return self._timer.isActive()

    @property
    def failure(self) -> str | None:
        """Why the last save failed, while the edit it held is not saved ('None': all saved)."""
        return self._failure

    def edited_widget(self) -> QWidget | None:
        """The input edited last, if it still exists (to name an unsaved edit)."""
        widget = self._last_edited
        try:
            if widget is not None:
                widget.objectName()  # raises once the C++ widget is gone
        except RuntimeError:
            return None
        return widget

    def note_failure(self, message: str) -> None:
        """The save running now could not write; the edit stays unsaved (see `failure`)."""
        self._failed_in_run = message

    def retry(self) -> None:
        """Save again now if an edit could not be saved, or is waiting."""
        if self._failure is not None or self._timer.isActive():
            self._timer.stop()
            self._run()

    def touch(self) -> None:
        """An edit happened: save after the pause (unless loading is going on)."""
        if self._paused:
            return
        self._remember_sender()
        if not self._timer.isActive():
            self._waiting.start()
            self._timer.start()
            return
        # Restart the pause only while the oldest pending edit is young enough.
        remaining = MAX_WAIT_MS - self._waiting.elapsed()
        self._timer.start(max(0, min(SAVE_DELAY_MS, remaining)))

    def flush(self) -> None:
        """Save a pending edit now."""
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def cancel(self) -> None:
        """Forget a pending edit, or one that could not be saved (its text stays in the widget)."""
        self._timer.stop()
        if self._failure is not None:
            self._failure = None
            self.settled.emit(False)

    def watch(self, *widgets: QWidget) -> None:
        """Save after edits in these inputs, and at once when one of them loses focus."""
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.touch)
                widget.editingFinished.connect(self.flush)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self.touch)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._now)
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(self.touch)
                widget.editingFinished.connect(self.flush)
            elif isinstance(widget, QAbstractSpinBox):
                widget.editingFinished.connect(self.flush)
                widget.valueChanged.connect(self.touch)  # type: ignore[attr-defined]
            elif isinstance(widget, QAbstractButton):
                widget.toggled.connect(self._now)
            else:  # pragma: no cover - a programming error, caught in development
                raise TypeError(f"Cannot watch {type(widget).__name__} for edits")

    def _now(self) -> None:
        if self._paused == 0:
            self._remember_sender()
            self._timer.stop()
            self._run()

    def loading(self) -> _Loading:
        """A context in which filling the widgets from the database triggers no save."""
        return _Loading(self)

    def _remember_sender(self) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            self._last_edited = sender

    def _run(self) -> None:
        self._failed_in_run = None
        _RUNNING.append(self)
        try:
            self._save()
        finally:
            _RUNNING.pop()
        failure, self._failed_in_run = self._failed_in_run, None
        if failure is not None:
            self._failure = failure
        elif self._failure is not None:
            self._failure = None
            self.settled.emit(True)


class _Loading:
    def __init__(self, saver: DebouncedSaver) -> None:
        self._saver = saver

    def __enter__(self) -> None:
        self._saver._paused += 1

    def __exit__(self, *exc: object) -> None:
        self._saver._paused -= 1
