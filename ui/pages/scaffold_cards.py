"""One chosen scaffold as a card: what it is, who owns it, when, and which causes it addresses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlmodel import Session

from app.services.scaffolds import ScaffoldInput, add_scaffold, delete_scaffold, update_scaffold
from app.vocab import Level, OwnerRole, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.scaffold_causes import CauseChoice, CausePicker
from ui.widgets.date_field import OptionalDateEdit
from ui.widgets.long_text import hold_long_text
from ui.widgets.record_cards import RecordCard

E = TypeVar("E", bound=StrEnum)

KIND_TEXT = {
    ScaffoldKind.performance_support: "Performance support",
    ScaffoldKind.environment_fix: "Environment fix (manager)",
    ScaffoldKind.social_learning: "Social and team learning",
    ScaffoldKind.individual_learning: "Individual learning at work",
    ScaffoldKind.formal_training: "Formal training (last resort)",
    ScaffoldKind.other: "Other",
}
KIND_TIPS = {
    ScaffoldKind.performance_support: "Help at the moment of need: a checklist, a guide, a tool",
    ScaffoldKind.environment_fix: "A change the manager makes to information, tools or incentives",
    ScaffoldKind.social_learning: "Learning with and from each other: buddies, huddles, fixes",
    ScaffoldKind.individual_learning: "Learning on the job: stretch tasks, practice, feedback",
    ScaffoldKind.formal_training: "A course or workshop: only for a real knowledge or skill gap",
    ScaffoldKind.other: "Anything else that helps",
}
LEVEL_TEXT = {level: level.value.capitalize() for level in Level}
OWNER_TEXT = {
    OwnerRole.manager: "Manager",
    OwnerRole.team: "The team",
    OwnerRole.partner: "L&D partner",
    OwnerRole.community_manager: "Community manager",
}


@dataclass(frozen=True)
class ScaffoldView:
    """What a card shows of a stored scaffold."""

    name: str
    kind: ScaffoldKind
    level: Level
    owner_role: OwnerRole
    description: str
    library_key: str | None
    start_date: date | None
    due_date: date | None
    training_reason: str
    cause_ids: tuple[int, ...]


MANAGER_ACCENT = QColor("#2e7d32")  # a green stripe on the manager's changes


class LinesEdit(QPlainTextEdit):
    """Multi-line text a few lines high, staying so when the type grows (meeting mode)."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the height at the wanted number of lines when the font changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        height = (
            self.fontMetrics().lineSpacing() * self._lines + 2 * self.document().documentMargin()
        )
        self.setFixedHeight(int(height) + margins.top() + margins.bottom() + 2)


def _combo(texts: Mapping[E, str], tips: Mapping[E, str] | None = None) -> QComboBox:
    combo = QComboBox()
    for value, text in texts.items():
        combo.addItem(text, value.value)
        if tips:
            combo.setItemData(combo.count() - 1, tips[value], Qt.ItemDataRole.ToolTipRole)
    return combo


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ScaffoldCard(RecordCard[ScaffoldView]):
    """A chosen scaffold as a compact form, saved as it is typed."""

    noun = "scaffold"
    kind_changed = Signal(object)  # the card, after its kind was changed by the person

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        causes: list[CauseChoice],
        kind: ScaffoldKind,
        owner: OwnerRole,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(editing, origin, parent)
        self._library_key: str | None = None
        self._filling = False
        self._accent = False
        self._has_skill_gap = any(c.is_skill_gap for c in causes)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("What will be in place, in a few words")
        hold_long_text(self.name_edit)
        self.kind_combo = _combo(KIND_TEXT, KIND_TIPS)
        self.level_combo = _combo(LEVEL_TEXT)
        self.owner_combo = _combo(OWNER_TEXT)
        self.start_edit = OptionalDateEdit()
        self.due_edit = OptionalDateEdit()
        self.reason_edit = LinesEdit(2)
        self.description_edit = LinesEdit(2)
        self.description_edit.setPlaceholderText("What it is, how it works, who takes part")
        _select(self.kind_combo, kind.value)
        _select(self.owner_combo, owner.value)
        _select(self.level_combo, Level.team.value)

        for column in range(4):
            self.grid.setColumnStretch(column, 1)
        self.add_field(0, 0, "name", "&Name", self.name_edit, span=2)
        self.add_field(0, 2, "kind", "&Kind", self.kind_combo, span=2)
        self.add_field(1, 0, "training_reason", "Why &training anyway?", self.reason_edit, span=4)
        self.reason_caption = self._caption_of(self.reason_edit)
        self.add_field(2, 0, "level", "&Level", self.level_combo)
        self.add_field(2, 1, "owner_role", "&Owner", self.owner_combo)
        self.add_field(2, 2, "start_date", "&Start date", self.start_edit)
        self.add_field(2, 3, "due_date", "D&ue date", self.due_edit)
        self.add_field(3, 0, "description", "Descr&iption", self.description_edit, span=4)
        self._build_causes(causes)

        self.saver.watch(
            self.name_edit,
            self.kind_combo,
            self.level_combo,
            self.owner_combo,
            self.start_edit,
            self.due_edit,
            self.reason_edit,
            self.description_edit,
            *self.cause_boxes.values(),
        )
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self._show_reason()

    def set_manager_accent(self, on: bool) -> None:
        """Mark the card as a change the manager makes (a stripe down its left side)."""
        self._accent = on
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The frame, and the stripe of a manager's change."""
        super().paintEvent(event)
        if self._accent:
            painter = QPainter(self)
            painter.fillRect(0, 0, 5, self.height(), MANAGER_ACCENT)
            painter.end()

    def _caption_of(self, widget: QWidget) -> QLabel:
        for label in self.findChildren(QLabel):
            if label.buddy() is widget:
                return label
        raise LookupError("no caption")  # pragma: no cover - built just above

    def _build_causes(self, causes: list[CauseChoice]) -> None:
        """The picker shares the bottom row with Remove; its error line goes under both."""
        self.cause_picker = CausePicker(causes)
        self.cause_boxes: dict[int, QCheckBox] = dict(self.cause_picker.boxes)
        caption = QLabel("&Causes it addresses:")
        caption.setBuddy(self.cause_picker)
        self.put_beside_remove(caption, self.cause_picker)
        line = self.errors.line("cause_ids", "Causes it addresses", self.cause_picker)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(line)

    # RecordCard hooks -------------------------------------------------------------------------

    def fill_record(self, record: ScaffoldView) -> None:
        """Show a stored scaffold."""
        self._filling = True
        try:
            self._library_key = record.library_key
            self.name_edit.setText(record.name)
            _select(self.kind_combo, record.kind.value)
            _select(self.level_combo, record.level.value)
            _select(self.owner_combo, record.owner_role.value)
            self.start_edit.set_value(record.start_date)
            self.due_edit.set_value(record.due_date)
            self.description_edit.setPlainText(record.description)
            self.reason_edit.setPlainText(record.training_reason)
            for cause_id, check in self.cause_boxes.items():
                check.setChecked(cause_id in record.cause_ids)
        finally:
            self._filling = False
        self._show_reason()

    def create_record(self, session: Session) -> int:
        """Add the scaffold."""
        scaffold = add_scaffold(
            session=session, engagement_id=self.editing.engagement_id, data=self.data()
        )
        assert scaffold.id is not None
        return scaffold.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the card into its scaffold."""
        update_scaffold(session=session, scaffold_id=record_id, data=self.data())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the scaffold."""
        delete_scaffold(session=session, scaffold_id=record_id)

    def is_blank(self) -> bool:
        """Nothing typed or ticked yet (choosing formal training already needs a reason)."""
        return (
            self.kind() is not ScaffoldKind.formal_training
            and not self.name_edit.text().strip()
            and not self.description_edit.toPlainText().strip()
            and not self.reason_edit.toPlainText().strip()
            and not self.checked_cause_ids()
        )

    # Reading the inputs -----------------------------------------------------------------------

    def kind(self) -> ScaffoldKind:
        """The kind chosen in the card."""
        return ScaffoldKind(self.kind_combo.currentData())

    def checked_cause_ids(self) -> tuple[int, ...]:
        """The causes ticked, in the order they are listed."""
        return tuple(cid for cid, check in self.cause_boxes.items() if check.isChecked())

    def data(self) -> ScaffoldInput:
        """The card as the service's input."""
        return ScaffoldInput(
            name=self.name_edit.text(),
            kind=self.kind(),
            level=Level(self.level_combo.currentData()),
            owner_role=OwnerRole(self.owner_combo.currentData()),
            description=self.description_edit.toPlainText(),
            library_key=self._library_key,
            start_date=self.start_edit.checked_value("start_date", "Start date"),
            due_date=self.due_edit.checked_value("due_date", "Due date"),
            cause_ids=self.checked_cause_ids(),
            training_reason=self.reason_edit.toPlainText(),
        )

    # Reactions --------------------------------------------------------------------------------

    def _on_kind(self) -> None:
        self._show_reason()
        if not self._filling:
            self.kind_changed.emit(self)

    def _show_reason(self) -> None:
        training = self.kind() is ScaffoldKind.formal_training
        self.reason_caption.setVisible(training)
        self.reason_edit.setVisible(training)
        if not training:
            self.errors.clear("training_reason")
        if self._has_skill_gap:
            self.reason_caption.setText("Why &training? (optional)")
            self.reason_edit.setAccessibleName("Why training? (optional)")
            self.reason_edit.setPlaceholderText("A knowledge or skill gap is recorded")
        else:
            self.reason_caption.setText("Why &training anyway?")
            self.reason_edit.setAccessibleName("Why training anyway?")
            self.reason_edit.setPlaceholderText(
                "No knowledge or skill gap is recorded: what makes a course worth it?"
            )
