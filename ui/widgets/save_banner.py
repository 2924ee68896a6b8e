"""A band above the editor saying that edits wait to be saved, why, and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SAVED_SHOWN_MS = 4000  # how long "Saved" stays after the problem went away

# (background, border) for the light and the dark colour scheme
_PROBLEM = {False: ("#fdecea", "#b00020"), True: ("#4a1c1c", "#ff8a80")}
_SAVED = {False: ("#e7f4ea", "#1e7b34"), True: ("#1c3a24", "#81c995")}


def _dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class SaveBanner(QFrame):
    """Hidden while all is saved; `show_problem()` explains, `show_saved()` closes the matter."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("save_banner")
        self.setAccessibleName("Saving")
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Try &again now")
        self.retry_button.setToolTip("Save what is not saved yet, now")
        self.retry_button.clicked.connect(self.retry_requested)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.message_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(SAVED_SHOWN_MS)
        self._hide_timer.timeout.connect(self.hide)
        self.problem = False
        self.hide()

    def show_problem(self, headline: str, message: str) -> None:
        """Edits wait to be saved: say why and what to do, until `show_saved()`."""
        self._hide_timer.stop()
        self.problem = True
        self._paint(_PROBLEM)
        self.title_label.setText(f"Not saved yet: {headline}")
        self.message_label.setText(message)
        self.retry_button.show()
        self.setAccessibleDescription(f"Not saved yet: {headline}. {message}")
        self.show()

    def show_saved(self) -> None:
        """Everything that waited is saved: say so briefly, then go."""
        if not self.problem:
            return
        self.problem = False
        self._paint(_SAVED)
        self.title_label.setText("Saved")
        self.message_label.setText("Everything you typed is stored now.")
        self.retry_button.hide()
        self.setAccessibleDescription("Saved. Everything you typed is stored now.")
        self.show()
        self._hide_timer.start()

    def clear(self) -> None:
        """Hide at once (the editor is closing, or its edits were dropped on purpose)."""
        self._hide_timer.stop()
        self.problem = False
        self.hide()

    def _paint(self, colours: dict[bool, tuple[str, str]]) -> None:
        background, border = colours[_dark()]
        # An id selector: the colours stay on the band, fonts keep following meeting mode.
        self.setStyleSheet(
            f"QFrame#save_banner {{ background: {background}; border: 1px solid {border};"
            " border-radius: 4px; }"
        )
