"""Validation messages shown beside the field they are about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.validation import ValidationError
from ui.style import error_label


def show_error_line(label: QLabel, message: str) -> None:
    """Show a message in an error line, describe its buddy input with it and focus that input."""
    label.setText(message)
    label.show()
    buddy = label.buddy()
    if buddy is not None:
        buddy.setAccessibleDescription(message)
        buddy.setFocus(Qt.FocusReason.OtherFocusReason)


def clear_error_line(label: QLabel) -> None:
    """Hide an error line and take its message off its buddy input."""
    if label.isHidden():
        return
    label.hide()
    label.clear()
    buddy = label.buddy()
    if buddy is not None:
        buddy.setAccessibleDescription("")


class FieldErrors:
    """Maps the `field` of a `ValidationError` to the line under its input, and shows it there.

    A message for a field without a line goes to the `fallback` line (for example above the
    buttons), so no message is ever lost.
    """

    def __init__(self, fallback: QLabel | None = None) -> None:
        self._lines: dict[str, tuple[QLabel, QWidget | None]] = {}
        self._fallback = fallback or error_label("Problem")
        self._shown: set[str] = set()

    @property
    def fallback(self) -> QLabel:
        """The line for messages that belong to no particular field."""
        return self._fallback

    def line(self, field: str, accessible_name: str, widget: QWidget | None = None) -> QLabel:
        """Create (or return) the hidden error line for `field`, tied to its input `widget`."""
        if field not in self._lines:
            self._lines[field] = (error_label(f"Problem with {accessible_name}"), widget)
        return self._lines[field][0]

    def show(self, error: ValidationError) -> None:
        """Show the message under its field (and describe the field with it for screen readers)."""
        label, widget = self._lines.get(error.field, (self._fallback, None))
        label.setText(error.message)
        label.show()
        self._shown.add(error.field if error.field in self._lines else "")
        if widget is not None:
            widget.setAccessibleDescription(error.message)

    def clear(self, field: str | None = None) -> None:
        """Hide one field's message, or all of them."""
        fields = list(self._shown) if field is None else [field]
        for name in fields:
            label, widget = self._lines.get(name, (self._fallback, None))
            label.clear()
            label.hide()
            if widget is not None:
                widget.setAccessibleDescription("")
            self._shown.discard(name)

    def message(self, field: str) -> str:
        """The message shown for `field` now ('' when none)."""
        label = self._lines.get(field, (self._fallback, None))[0]
        return label.text() if label.isVisible() or field in self._shown else ""

    def shown_fields(self) -> set[str]:
        """The fields whose message is showing."""
        return set(self._shown)
