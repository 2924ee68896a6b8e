"""Hostile inputs for the GUI forms, and ways to put them into a widget as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from app.validation import MAX_NAME_CHARS, MAX_TEXT_CHARS

# Texts --------------------------------------------------------------------------------------

LONG = "Lorem ipsum " * (MAX_TEXT_CHARS // 12) + "abcd"  # exactly the longest text allowed
assert len(LONG) == MAX_TEXT_CHARS
TOO_LONG = LONG + "e"  # one character more
SCRIPTS = "👩🏽‍💼 مرحبا שלום e\u0301 zero\u200bwidth \u202egnp.exe"  # emoji, RTL, combining, ZW
PADDED = "  padded  "


def name_too_long(label: str, length: int = MAX_TEXT_CHARS) -> str:
    """The message for a name of `length` characters (names hold MAX_NAME_CHARS)."""
    return f"{label} is {length:,} characters long; the limit is {MAX_NAME_CHARS}."


def text_too_long(label: str, length: int = MAX_TEXT_CHARS + 1) -> str:
    """The message for a free text of `length` characters."""
    return f"{label} is {length:,} characters long; the limit is {MAX_TEXT_CHARS:,}."


# Numbers: what is typed, and the message (None: read as the float given instead) ------------


def not_a_number(label: str, typed: str) -> str:
    """The message for text that is no number at all."""
    return f"{label}: “{typed}” is not a number (write for example 12.5 or 12,5)."


def ambiguous(label: str, typed: str) -> str:
    """The message for "1,000" and the like."""
    return (
        f"{label}: “{typed}” could be a whole number with a thousands separator or a decimal; "
        "write it without the separator (1000) or with fewer decimals (1.0)."
    )


def number_cases(label: str) -> list[tuple[str, float | str]]:
    """Typed text → the number read, or the message shown, for a field called `label`."""
    return [
        ("12,5", 12.5),
        (" 12.5 ", 12.5),
        ("1,000", ambiguous(label, "1,000")),
        ("NaN", not_a_number(label, "NaN")),
        ("inf", not_a_number(label, "inf")),
        ("-inf", not_a_number(label, "-inf")),
        ("1e309", f"{label} must be a finite number; “1e309” is too large."),
    ]


# Putting text in ----------------------------------------------------------------------------


def paste(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace what the input holds with `text` through the clipboard, as Ctrl+A, Ctrl+V do."""
    widget.setFocus()
    widget.selectAll()
    QApplication.clipboard().setText(text)
    widget.paste()


def type_in(qtbot, widget: QWidget, text: str) -> None:
    """Select what the input holds and type `text` over it, key by key."""
    widget.setFocus()
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def leave(qtbot, widget: QWidget) -> None:
    """Press Tab in the input (a line edit's editingFinished fires as focus leaves it)."""
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
