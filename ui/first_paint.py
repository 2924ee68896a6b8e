"""A diagnostic for the packaging smoke test: close the window after its first paint, and say so.

With SCAFFOLD_EXIT_AFTER_FIRST_PAINT=1 in the environment, `scaffold` opens the main window as
usual, and once it has painted with its database attached (see `MainWindow.attach`) prints one
line (`first paint: …`) and closes it, so the program exits 0. This proves a frozen build can
draw its window without a person there to close it.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow

ENV_EXIT_AFTER_FIRST_PAINT = "SCAFFOLD_EXIT_AFTER_FIRST_PAINT"


class _CloseAfterFirstPaint(QObject):
    """Watches the window's paint events; after the first, reports and closes it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)  # no reference of its own: the window stays free to go
        self._painted = False
        attached = getattr(window, "attached", None)
        if attached is not None:
            attached.connect(window.update)  # paint again once the data is in

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Notice the first paint; never consumes the event."""
        if event.type() == QEvent.Type.Paint and not self._painted:
            window = self.parent()
            if not getattr(window, "ready", True):  # the frame only: wait for the data
                return False
            self._painted = True
            QTimer.singleShot(0, self._report_and_close)
        return False

    def _report_and_close(self) -> None:
        window = self.parent()
        if not isinstance(window, QMainWindow):
            return
        size = window.size()
        model = getattr(window, "model", None)
        rows = model.rowCount() if model is not None else 0
        print(
            f"first paint: {window.windowTitle()!r} {size.width()}x{size.height()}, "
            f"{rows} consultation(s) listed",
            flush=True,
        )
        window.close()


def close_after_first_paint_if_asked(window: QMainWindow) -> bool:
    """Arm the diagnostic when the environment asks for it; whether it was armed."""
    if os.environ.get(ENV_EXIT_AFTER_FIRST_PAINT) != "1":
        return False
    window.installEventFilter(_CloseAfterFirstPaint(window))
    return True
