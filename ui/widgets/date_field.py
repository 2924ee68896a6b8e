"""Date inputs that take dates as people type them, and one that can also say "no date"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

_NO_DATE = QDate(1899, 12, 31)  # one day before the earliest date Scaffold accepts
DISPLAY_FORMAT = "d MMM yyyy"


class TypedDateEdit(QDateEdit):
    """A calendar-popup date edit in Scaffold's format where "5 Jan 2026" types as written.

    Qt moves on to the month by itself after "5", so the space that follows must not skip the
    month as well (which would silently keep the old month).
    """

    _SEPARATORS = " /-.,"

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2200, 12, 31))
        self._moved_on = False  # the last key completed a section and Qt moved to the next
        if value is not None:
            self.setDate(QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A separator right after Qt's own move to the next section does not move again."""
        text = event.text()
        if text and text in self._SEPARATORS and self._moved_on:
            self._moved_on = False
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._moved_on = text.isalnum() and self.currentSection() != section


class OptionalDateEdit(TypedDateEdit):
    """A date edit whose lowest value reads "No date" and means None.

    When empty, the first digit or arrow key starts from `near()` (default: today), and the
    calendar opens on that month rather than in 1899.
    """

    _START_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        empty_text: str = "No date",
        near: Callable[[], date | None] | None = None,
    ) -> None:
        super().__init__(None, parent)
        self._near = near
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(empty_text)
        self.set_value(None)

    def value(self) -> date | None:
        """The date shown, or None for "no date"."""
        current = self.date()
        if current == _NO_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        """Show a date, or "no date" for None."""
        self.setDate(_NO_DATE if value is None else QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        """Set "no date"."""
        self.set_value(None)

    def _start(self) -> date:
        around = self._near() if self._near is not None else None
        return around or date.today()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Start from `near()` when empty, then type as a `TypedDateEdit`."""
        digit = event.text().isdigit()
        if self.value() is None and (digit or event.key() in self._START_KEYS):
            self.set_value(self._start())
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
            if not digit:
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """The calendar of an empty field opens on the month of `near()`, not in 1899."""
        super().mousePressEvent(event)
        if self.value() is None:
            around = self._start()
            self.calendarWidget().setCurrentPage(around.year, around.month)
