"""Small shared touches of look: secondary text, headings and error lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b00020;"


def soften(label: QLabel) -> QLabel:
    """Grey a secondary line of text the way the style greys placeholders."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def heading(label: QLabel, scale: float = 1.5) -> QLabel:
    """Make a label a bold heading `scale` times the normal text size."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(label.text())
    return label


def error_label(accessible_name: str) -> QLabel:
    """A hidden, red, wrapping line for a validation message."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
