"""Date inputs that take dates as people type them, and one that can also say "no date".

Text that is not a whole date ("5 Jan 1", "29 Feb 2027") is never swapped for another date:
the field keeps it in sight, `typed_problem()` returns it, and the form's `checked_date()` or
`checked_value()` refuses it with a message from `describe_unreadable_date`, so nothing is saved
for that field until the person writes a date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QValidator
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from app.validation import ValidationError, describe_unreadable_date

# The widgets take any year from 100 to 9999 as typed, so a slip such as 2201 reaches the
# services, which refuse it by name (a narrower range made Qt put the old year back silently).
# Years below 100 cannot be typed in four digits; "No date" is the lowest value of all.
EARLIEST = QDate(100, 1, 1)
LATEST = QDate(9999, 12, 31)
_NO_DATE = EARLIEST
DISPLAY_FORMAT = "d MMM yyyy"


class TypedDateEdit(QDateEdit):
    """A calendar-popup date edit in Scaffold's format where "5 Jan 2026" types as written.

    Qt moves on to the month by itself after "5", so the space that follows must not skip the
    month as well (which would silently keep the old month).

    Qt would also change what was typed without a word: on leaving the field it puts the old
    year back when the year typed is cut short ("5 Jan 1"), and it makes 29 Feb a 28 Feb when
    the month or year typed after it has no 29th. Here such text stays as typed instead, and
    `typed_problem()` names it until the person corrects it.
    """

    _SEPARATORS = " /-.,"
    _COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(EARLIEST.addDays(1))
        self.setMaximumDate(LATEST)
        self._moved_on = False  # the last key completed a section and Qt moved to the next
        self._chosen_day = 1  # the day last typed, picked or loaded (Qt may show another)
        self._kept: str | None = None  # the typed text, while Qt puts a date it can hold back
        self._typing = False  # a key press is being handled
        self.dateChanged.connect(self._on_date_changed)
        if value is not None:
            self.setDate(QDate(value.year, value.month, value.day))

    def setDate(self, date: QDate) -> None:  # noqa: N802 - Qt's name
        """Show a date chosen by the program; typed text that was not a date is dropped."""
        super().setDate(date)
        self._chosen_day = self.date().day()

    def typed_problem(self) -> str | None:
        """The text in the field if it is not a whole date as typed, else None."""
        if self._kept is not None:
            return self._kept
        text = self.lineEdit().text()
        if self.validate(text, 0)[0] != QValidator.State.Acceptable:
            return text
        shown = self.sectionText(QDateTimeEdit.Section.DaySection)
        if self._meant() == self.date() and self.date().day() != self._chosen_day:
            return f"{self._chosen_day}{text[len(shown) :]}"  # Qt cut the day to fit the month
        return None

    def check_typed(self, field: str, label: str) -> None:
        """Raise `ValidationError(field, …)` when the text typed is not a whole date."""
        problem = self.typed_problem()
        if problem is not None:
            raise ValidationError(field, describe_unreadable_date(label, problem))

    def checked_date(self, field: str, label: str) -> date:
        """The date typed; `ValidationError` (for `field`, named `label`) if it is not one."""
        self.check_typed(field, label)
        meant = self._meant()
        return date(meant.year(), meant.month(), meant.day())

    def _meant(self) -> QDate:
        """The date shown, with the day typed if Qt shows another that the month now has."""
        current = self.date()
        if current.day() == self._chosen_day:
            return current
        wanted = QDate(current.year(), current.month(), self._chosen_day)
        fits = wanted.isValid() and self.minimumDate() <= wanted <= self.maximumDate()
        return wanted if fits else current

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A separator right after Qt's own move to the next section does not move again."""
        if event.key() in self._COMMIT_KEYS:
            self._commit(lambda: super(TypedDateEdit, self).keyPressEvent(event))
            return
        text = event.text()
        if text and text in self._SEPARATORS and self._moved_on:
            self._moved_on = False
            return
        section = self.currentSection()
        in_day = section == QDateTimeEdit.Section.DaySection
        day_before = "" if self.lineEdit().hasSelectedText() else self._day_text()
        shown_before = self.lineEdit().text()
        self._typing = True
        try:
            super().keyPressEvent(event)
        finally:
            self._typing = False
        if in_day and text.isdigit() and self.lineEdit().text() == shown_before:
            # Qt refused the digit: "31" in a 30-day month stays "3". The day meant was 31.
            self._chosen_day = int(day_before + text) if len(day_before) == 1 else int(text)
        elif in_day and (text.isdigit() or not text.isprintable()):  # a digit, Backspace, Delete
            day = self._day_text()
            self._chosen_day = int(day) if day.isdigit() else self.date().day()
        self._moved_on = text.isalnum() and self.currentSection() != section

    def _day_text(self) -> str:
        return self.sectionText(QDateTimeEdit.Section.DaySection)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        """Arrow keys and the wheel show each date they reach: the day shown is the one chosen."""
        super().stepBy(steps)
        self._chosen_day = self.date().day()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        """Coming back to the field finds the text that was not a date still there, to correct."""
        problem = self.typed_problem()
        super().focusInEvent(event)
        if problem is not None:
            self._show_text(problem)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the field keeps text that is not a date, rather than letting Qt replace it."""
        self._commit(lambda: super(TypedDateEdit, self).focusOutEvent(event))

    def _commit(self, finish: Callable[[], None]) -> None:
        """Run Qt's end of editing (`finish`), then show again the text it replaced, if any.

        Qt's `editingFinished` comes out of `finish`: whoever saves then still reads the
        problem from `typed_problem()`. `dateChanged` goes out first (with the date unchanged)
        so that a form which saves on changes reads this field again.
        """
        problem = self.typed_problem()
        if problem is None:
            if self._meant() != self.date():
                self.setDate(self._meant())  # 29 Feb typed before a leap year: 29 Feb it is
            finish()
            return
        self._kept = problem
        self._typing = True  # the nudge below is no new choice of day
        try:
            self.dateChanged.emit(self.date())
            finish()
        finally:
            self._typing = False
            self._kept = None
        self._show_text(problem)

    def _show_text(self, text: str) -> None:
        """Put `text` back in the box without Qt reading it (it would put a date back at once)."""
        if self.lineEdit().text() != text:
            with QSignalBlocker(self.lineEdit()):
                self.lineEdit().setText(text)

    def _on_date_changed(self, _: QDate) -> None:
        if not self._typing:  # the calendar, or Qt itself: what it shows is what was chosen
            self._chosen_day = self.date().day()


class OptionalDateEdit(TypedDateEdit):
    """A date edit whose lowest value reads "No date" and means None.

    When empty, the first digit or arrow key starts from `near()` (default: today), and the
    calendar opens on that month rather than in 1899. Emptying the text means "no date".
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
        """The date shown, or None for "no date" (or for text deleted to leave the field empty)."""
        current = self._meant()
        if current == _NO_DATE or self._emptied():
            return None
        return date(current.year(), current.month(), current.day())

    def typed_problem(self) -> str | None:
        """The text in the field if it is neither a whole date nor empty, else None."""
        return None if self._emptied() else super().typed_problem()

    def checked_value(self, field: str, label: str) -> date | None:
        """The date typed, or None; `ValidationError` (for `field`) if the text is not a date."""
        self.check_typed(field, label)
        return self.value()

    def _emptied(self) -> bool:
        return self._kept is None and not self.lineEdit().text().strip()

    def _commit(self, finish: Callable[[], None]) -> None:
        """Text deleted down to nothing becomes "no date" as editing ends."""
        if self._emptied() and self.date() != _NO_DATE:
            self.set_value(None)
        super()._commit(finish)

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
