"""Line edits that keep all of a long paste, so the services judge its length, not Qt."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.validation import MAX_TEXT_CHARS

# A QLineEdit silently cuts text at 32,767 UTF-16 units by default: a 100,000-character paste
# would be stored cut short. Room for ten times the longest text allowed, in emoji (two units
# each), means nothing the services accept is ever cut, and anything longer is refused by them.
LINE_EDIT_MAX_UNITS = 20 * MAX_TEXT_CHARS


def hold_long_text(*edits: QLineEdit) -> None:
    """Let these line edits hold a paste of any length a service could judge."""
    for edit in edits:
        edit.setMaxLength(LINE_EDIT_MAX_UNITS)
