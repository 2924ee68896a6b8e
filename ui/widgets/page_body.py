"""The scrolling body every page of the editor shares (diagnostic steps and follow-up pages)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

PAGE_MARGINS = (16, 12, 16, 8)


def scrolling_body() -> tuple[QWidget, QVBoxLayout, QScrollArea]:
    """A body widget, its layout (spaced for cards and sections) and the frameless scroll area."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 8, 0, 8)
    layout.setSpacing(10)
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return body, layout, scroll
