"""Saving as people type: a short pause, leaving the field, or leaving the page saves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer
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


class DebouncedSaver(QObject):
    """Calls `save` once typing pauses for SAVE_DELAY_MS; `flush()` saves pending edits now."""

    def __init__(self, save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
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

    def touch(self) -> None:
        """An edit happened: save after the pause (unless loading is going on)."""
        if self._paused:
            return
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
        """Forget a pending edit (its text stays in the widget)."""
        self._timer.stop()

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
            self._timer.stop()
            self._run()

    def loading(self) -> _Loading:
        """A context in which filling the widgets from the database triggers no save."""
        return _Loading(self)

    def _run(self) -> None:
        self._save()


class _Loading:
    def __init__(self, saver: DebouncedSaver) -> None:
        self._saver = saver

    def __enter__(self) -> None:
        self._saver._paused += 1

    def __exit__(self, *exc: object) -> None:
        self._saver._paused -= 1
