"""Run something once a widget has painted: work that can wait until the user sees the result."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        # A hidden or minimised window never paints: go on anyway after a moment.
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._run)  # once the whole frame is painted
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        then()


def after_next_paint(widget: QWidget, then: Callable[[], None], fallback_ms: int = 300) -> None:
    """Call `then` once, just after `widget`'s next paint (or after `fallback_ms` at the latest)."""
    _AfterPaint(widget, then, fallback_ms)
