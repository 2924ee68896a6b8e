"""Small shared touches of look: secondary text, headings and error lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def _error_colour() -> str:
    """A red that reads on the light and on the dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return "#ff8a80" if hints.colorScheme() == Qt.ColorScheme.Dark else "#b00020"


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
    label.setProperty("heading_scale", scale)
    label.setAccessibleName(label.text())
    return label


def rescale_headings(root: QWidget) -> None:
    """Size every heading under `root` again from root's font (after it changed size)."""
    base = root.font().pointSizeF()
    for label in root.findChildren(QLabel):
        scale = label.property("heading_scale")
        if isinstance(scale, float):
            font = label.font()
            font.setPointSizeF(base * scale)
            label.setFont(font)


def error_label(accessible_name: str) -> QLabel:
    """A hidden, red, wrapping line for a validation message."""
    label = QLabel()
    # A palette colour, not a style sheet: the text then grows with meeting mode's larger type.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(_error_colour()))
    label.setPalette(palette)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
