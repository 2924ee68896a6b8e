"""A critical behaviour as a card: who, what they should do, and what they do now."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from sqlmodel import Session

from app.services.behaviours import (
    BehaviourInput,
    add_behaviour,
    delete_behaviour,
    update_behaviour,
)
from app.vocab import Level
from ui.editor.editing import EngagementEditing
from ui.widgets.long_text import hold_long_text
from ui.widgets.record_cards import RecordCard

LEVELS = (
    ("Each person (individual)", Level.individual),
    ("The team together", Level.team),
)
LEVEL_TEXT = {Level.organisation: "The whole organisation"}  # shown only for such records


class BehaviourCard(RecordCard[Any]):
    """What people in one role should do differently, against what they do now."""

    noun = "behaviour"

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(editing, origin, parent)
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText("e.g. Support adviser")
        hold_long_text(self.role_edit)
        self.level_combo = QComboBox()
        for text, level in LEVELS:
            self.level_combo.addItem(text, level)
        self.expected_edit = _text_box(
            "What you would see or hear them do, e.g. checks the customer's history before "
            "answering"
        )
        self.current_edit = _text_box("What happens today, e.g. answers from memory")
        self.add_field(0, 0, "role", "&Who (role)", self.role_edit)
        self.add_field(0, 1, "level", "&Level", self.level_combo)
        self.add_field(1, 0, "expected", "What they &should do", self.expected_edit)
        self.add_field(1, 1, "current", "What they do &now", self.current_edit)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        inputs = self._inputs()
        for before, after in zip(inputs, (*inputs[1:], self.remove_button), strict=True):
            QWidget.setTabOrder(before, after)
        self.saver.watch(*inputs)

    def _inputs(self) -> tuple[QWidget, ...]:
        return (self.role_edit, self.level_combo, self.expected_edit, self.current_edit)

    def fill_record(self, record: Any) -> None:
        """Show a stored behaviour."""
        self.role_edit.setText(record.role)
        level = Level(record.level)
        if self.level_combo.findData(level) < 0:
            self.level_combo.addItem(LEVEL_TEXT.get(level, level.value), level)
        self.level_combo.setCurrentIndex(self.level_combo.findData(level))
        self.expected_edit.setPlainText(record.expected)
        self.current_edit.setPlainText(record.current)

    def is_blank(self) -> bool:
        """Nothing typed yet."""
        return not any(
            (
                self.role_edit.text().strip(),
                self.expected_edit.toPlainText().strip(),
                self.current_edit.toPlainText().strip(),
            )
        )

    def behaviour_input(self) -> BehaviourInput:
        """What the card holds, read as a behaviour."""
        return BehaviourInput(
            role=self.role_edit.text(),
            expected=self.expected_edit.toPlainText(),
            current=self.current_edit.toPlainText(),
            level=Level(self.level_combo.currentData()),
        )

    def create_record(self, session: Session) -> int:
        """Add the behaviour."""
        behaviour = add_behaviour(
            session=session, engagement_id=self.editing.engagement_id, data=self.behaviour_input()
        )
        assert behaviour.id is not None
        return behaviour.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the card into its behaviour."""
        update_behaviour(session=session, behaviour_id=record_id, data=self.behaviour_input())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the behaviour (with its causes)."""
        delete_behaviour(session=session, behaviour_id=record_id)


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(56)
    box.setMaximumHeight(90)
    return box
