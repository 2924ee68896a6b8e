"""A date input that can also say "no date" (Qt's date edit always holds one)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

_NO_DATE = QDate(1899, 12, 31)  # one day before the earliest date Scaffold accepts
DISPLAY_FORMAT = "d MMM yyyy"


class OptionalDateEdit(QDateEdit):
    """A calendar-popup date edit whose lowest value reads "No date" and means None."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "No date") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(_NO_DATE)
        self.setMaximumDate(QDate(2200, 12, 31))
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
