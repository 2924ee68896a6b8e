"""The agreement's lists: who does what by when, the partner's support over time, check-in dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.flow.plain_words import PARTY_WORDS, SUPPORT_MODE_WORDS, plain_date
from app.services.agreement import (
    ResponsibilityInput,
    SupportPhaseInput,
    add_planned_checkin,
    add_responsibility,
    add_support_phase,
    delete_planned_checkin,
    delete_responsibility,
    delete_support_phase,
    update_responsibility,
    update_support_phase,
)
from app.storage import StorageError
from app.validation import ValidationError
from app.vocab import OwnerRole, SupportMode
from ui.editor.editing import EngagementEditing
from ui.style import soften
from ui.widgets.date_field import OptionalDateEdit, TypedDateEdit
from ui.widgets.field_errors import FieldErrors
from ui.widgets.long_text import hold_long_text
from ui.widgets.record_cards import RecordCard, RecordList

MODES = tuple(SupportMode)


def to_qdate(value: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    """A QDate as a Python date."""
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> TypedDateEdit:
    """A required date input with a calendar, typed like the other dates in Scaffold."""
    return TypedDateEdit(value or date.today())


class LaterDateEdit(OptionalDateEdit):
    """An optional date whose calendar opens near a related date (or today) when empty."""

    def __init__(self, empty_text: str, near: QDateEdit | None = None) -> None:
        related = (lambda: from_qdate(near.date())) if near is not None else None
        super().__init__(empty_text=empty_text, near=related)


def remove_beside_fields(card: RecordCard[Any], column: int) -> None:
    """Put the card's Remove button at the end of its row of inputs: one row per card."""
    card.remove_button.setText("Remove")
    card.place_remove_in_grid(column)


def _tab_order(*widgets: QWidget) -> None:
    """Tab moves through the card's inputs left to right, Remove last."""
    for before, after in pairwise(widgets):
        QWidget.setTabOrder(before, after)


def _combo(words: dict[OwnerRole, str] | dict[SupportMode, str]) -> QComboBox:
    combo = QComboBox()
    for value, text in words.items():
        combo.addItem(text, value)
    return combo


class ResponsibilityCard(RecordCard[ResponsibilityInput]):
    """One line of the agreement: who does what, and by when."""

    noun = "task"

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(editing, origin, parent)
        self.party_combo = _combo(PARTY_WORDS)
        self.task_edit = QLineEdit()
        self.task_edit.setPlaceholderText("e.g. Brief the team on the new wall board")
        hold_long_text(self.task_edit)
        self.due_edit = LaterDateEdit("No date")
        self.add_field(0, 0, "party", "&Who", self.party_combo)
        self.add_field(0, 1, "task", "&Does what", self.task_edit)
        self.add_field(0, 2, "due_date", "&By", self.due_edit)
        self.grid.setColumnStretch(1, 1)
        remove_beside_fields(self, 3)
        self.saver.watch(self.party_combo, self.task_edit, self.due_edit)
        _tab_order(self.party_combo, self.task_edit, self.due_edit, self.remove_button)

    def shown(self) -> ResponsibilityInput:
        """What the inputs hold now."""
        return ResponsibilityInput(
            party=OwnerRole(self.party_combo.currentData()),
            task=self.task_edit.text(),
            due_date=self.due_edit.value(),
        )

    def checked(self) -> ResponsibilityInput:
        """What the inputs hold; `ValidationError` if the date typed is not a date."""
        return replace(self.shown(), due_date=self.due_edit.checked_value("due_date", "Due date"))

    def fill_record(self, record: ResponsibilityInput) -> None:
        """Show a stored responsibility."""
        self.party_combo.setCurrentIndex(self.party_combo.findData(record.party))
        self.task_edit.setText(record.task)
        self.task_edit.setCursorPosition(0)  # show the start of a long task, not its end
        self.due_edit.set_value(record.due_date)

    def is_blank(self) -> bool:
        """Nothing typed yet (the person only chose who)."""
        return not self.task_edit.text().strip() and self.due_edit.value() is None

    def create_record(self, session: Session) -> int:
        """Add the responsibility."""
        engagement_id = self.editing.engagement_id
        row = add_responsibility(session=session, engagement_id=engagement_id, data=self.checked())
        assert row.id is not None
        return row.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the inputs."""
        update_responsibility(session=session, responsibility_id=record_id, data=self.checked())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the responsibility."""
        delete_responsibility(session=session, responsibility_id=record_id)


class SupportPhaseCard(RecordCard[SupportPhaseInput]):
    """One period of the partner's support: how, from when until when, and a note."""

    noun = "period"

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(editing, origin, parent)
        self.mode_combo = _combo(SUPPORT_MODE_WORDS)
        self.start_edit = date_edit()
        self.end_edit = LaterDateEdit("No end date", near=self.start_edit)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("e.g. Weekly half hour with the manager")
        hold_long_text(self.note_edit)
        self.add_field(0, 0, "mode", "&How", self.mode_combo)
        self.add_field(0, 1, "start_date", "&From", self.start_edit)
        self.add_field(0, 2, "end_date", "&Until", self.end_edit)
        self.add_field(0, 3, "note", "&Note", self.note_edit)
        self.grid.setColumnStretch(3, 1)
        remove_beside_fields(self, 4)
        self.saver.watch(self.mode_combo, self.start_edit, self.end_edit, self.note_edit)
        _tab_order(
            self.mode_combo, self.start_edit, self.end_edit, self.note_edit, self.remove_button
        )

    def shown(self) -> SupportPhaseInput:
        """What the inputs hold now."""
        return SupportPhaseInput(
            mode=SupportMode(self.mode_combo.currentData()),
            start_date=from_qdate(self.start_edit.date()),
            end_date=self.end_edit.value(),
            note=self.note_edit.text(),
        )

    def checked(self) -> SupportPhaseInput:
        """What the inputs hold; `ValidationError` for a date typed that is not a date."""
        return replace(
            self.shown(),
            start_date=self.start_edit.checked_date("start_date", "Start date"),
            end_date=self.end_edit.checked_value("end_date", "End date"),
        )

    def fill_record(self, record: SupportPhaseInput) -> None:
        """Show a stored period."""
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(record.mode))
        self.start_edit.setDate(to_qdate(record.start_date))
        self.end_edit.set_value(record.end_date)
        self.note_edit.setText(record.note)
        self.note_edit.setCursorPosition(0)

    def suggest_after(self, previous: SupportPhaseInput | None) -> None:
        """Fill a new card with the next way of supporting, starting where the last one ends."""
        if previous is None:
            mode, start = MODES[0], date.today()
        else:
            mode = MODES[min(MODES.index(previous.mode) + 1, len(MODES) - 1)]
            start = (previous.end_date or previous.start_date) + timedelta(days=1)
        with self.saver.loading():
            self.fill_record(SupportPhaseInput(mode=mode, start_date=start))

    def create_record(self, session: Session) -> int:
        """Add the period."""
        engagement_id = self.editing.engagement_id
        row = add_support_phase(session=session, engagement_id=engagement_id, data=self.checked())
        assert row.id is not None
        return row.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the inputs."""
        update_support_phase(session=session, phase_id=record_id, data=self.checked())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the period."""
        delete_support_phase(session=session, phase_id=record_id)


class SupportPhaseList(RecordList[SupportPhaseInput]):
    """Periods of support; a new one is filled in with the next step and saved at once."""

    def add_card(self) -> RecordCard[SupportPhaseInput]:
        """Add the period that follows the last one (the person adjusts it if needed)."""
        previous = self.cards[-1] if self.cards else None
        card = super().add_card()
        if isinstance(card, SupportPhaseCard):
            last = previous.shown() if isinstance(previous, SupportPhaseCard) else None
            card.suggest_after(last)
            card.saver.touch()
            card.saver.flush()
        return card


class CheckinDates(QWidget):
    """The agreed check-in dates: pick a date and add it; each date can be removed."""

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.origin = origin
        self.errors = FieldErrors()
        self.dates: list[tuple[int, date]] = []
        self.date_edit = date_edit(date.today() + timedelta(weeks=4))
        self.date_edit.setAccessibleName("Date of the check-in")
        self.add_button = QPushButton("&Add check-in")
        caption = QLabel("Check-&in on")
        caption.setBuddy(self.date_edit)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.date_edit)
        row.addWidget(self.add_button)
        row.addStretch(1)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(12)
        self.rows.setVerticalSpacing(2)
        self.rows.setColumnStretch(2, 1)
        self.empty_label = soften(QLabel("No check-in agreed yet."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        layout.addWidget(self.errors.line("due_on", "Date of the check-in", self.date_edit))
        layout.addWidget(self.errors.fallback)
        self.add_button.clicked.connect(self.add_date)

    def set_dates(self, dates: list[tuple[int, date]]) -> None:
        """Show exactly these stored dates."""
        if dates == self.dates:
            return
        self.dates = list(dates)
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once; deleting waits for the event loop
                widget.deleteLater()
        for row, (checkin_id, day) in enumerate(dates):
            label = QLabel(f"{day:%a} {plain_date(day)}{from_today(day)}")
            label.setAccessibleName(f"Check-in on {plain_date(day)}")
            remove = QPushButton("Remove")
            remove.setAutoDefault(False)
            remove.setAccessibleName(f"Remove the check-in on {plain_date(day)}")
            remove.clicked.connect(lambda _=False, c=checkin_id: self.remove_date(c))
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(remove, row, 1)
        self.empty_label.setVisible(not dates)
        later = max((day for _, day in dates), default=date.today())
        self.date_edit.setDate(to_qdate(later + timedelta(weeks=4)))

    def add_date(self) -> None:
        """Agree the date in the input as a check-in."""
        self.errors.clear()
        try:
            day = self.date_edit.checked_date("due_on", "Check-in date")
        except ValidationError as exc:
            self.errors.show(exc)
            return
        engagement_id = self.editing.engagement_id
        self._change(
            "Add check-in date",
            lambda s: add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day),
        )

    def remove_date(self, checkin_id: int) -> None:
        """Drop one check-in date (undoable)."""
        self._change(
            "Remove check-in date",
            lambda s: delete_planned_checkin(session=s, planned_checkin_id=checkin_id),
        )

    def _change(self, label: str, change: Callable[[Session], object]) -> None:
        self.errors.clear()
        try:
            self.editing.apply(label, change, origin=self.origin)
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))


def from_today(day: date) -> str:
    """How far a date is from today, as " · in 3 weeks" or " · 2 days ago"."""
    days = (day - date.today()).days
    if days == 0:
        return " · today"
    n = abs(days)
    span = "1 day" if n == 1 else f"{n} days" if n < 14 else f"{n // 7} weeks"
    return f" · in {span}" if days > 0 else f" · {span} ago"
