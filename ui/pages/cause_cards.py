"""Step 4's building blocks: a cause card, one of Gilbert's cells, and one behaviour's six cells."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.flow.prompts import CELL_PROMPTS, CellPrompt
from app.services.behaviours import CauseInput, add_cause, delete_cause, update_cause
from app.validation import ValidationError
from app.vocab import Confidence, GilbertCell
from ui.editor.editing import EngagementEditing
from ui.style import heading
from ui.widgets.record_cards import RecordCard, RecordList

CONFIDENCE_CHOICES = (
    (Confidence.low, "Low – a hunch"),
    (Confidence.medium, "Medium – some signs"),
    (Confidence.high, "High – seen it clearly"),
)
SCAFFOLD_STEP_HINT = "The scaffolds are in step 5."
ENVIRONMENT_TITLE = "The work environment (what the manager can change)"
INDIVIDUAL_TITLE = "The individual"


class CauseRecord(Protocol):
    """What a card shows of a stored cause."""

    id: int | None
    cell: GilbertCell
    evidence: str
    confidence: Confidence


class BehaviourRecord(Protocol):
    """What a section shows of a stored behaviour."""

    id: int | None
    role: str
    expected: str
    current: str


class EvidenceEdit(QPlainTextEdit):
    """A text box that grows with what is typed, from two to six lines."""

    MIN_LINES = 2
    MAX_LINES = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Tall enough for the text at the current width (within MIN_LINES..MAX_LINES)."""
        margin = self.document().documentMargin()
        width = max(self.viewport().width() - 2 * margin, 40.0)
        option = QTextOption()
        option.setWrapMode(self.wordWrapMode())
        heights: list[float] = []
        # Only the lines shown count: laying out all of a 100,000-character paste on every
        # keystroke made typing in it lag. Visible characters are at least a pixel wide, so the
        # first MAX_LINES × width characters of a paragraph fill the lines shown (only a run of
        # zero-width characters could make the box a line or two short: cosmetic).
        shown_chars = self.MAX_LINES * int(width) + 1
        for paragraph in self.toPlainText().split("\n", self.MAX_LINES):
            layout = QTextLayout(paragraph[:shown_chars], self.font())
            layout.setTextOption(option)
            layout.beginLayout()
            line = layout.createLine()
            while line.isValid() and len(heights) < self.MAX_LINES:
                line.setLineWidth(width)
                heights.append(line.height())
                line = layout.createLine()
            layout.endLayout()
            if len(heights) >= self.MAX_LINES:
                break
        one = QFontMetricsF(self.font()).height()
        shown = heights[: self.MAX_LINES] + [one] * (self.MIN_LINES - len(heights))
        frame = 2 * (margin + self.frameWidth())
        return QSize(super().sizeHint().width(), math.ceil(sum(shown) + frame) + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As tall as `sizeHint`, so the layout never squeezes the text."""
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Re-measure when the width changes the number of lines."""
        super().resizeEvent(event)
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-measure when meeting mode changes the type size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()


class CauseCard(RecordCard[CauseRecord]):
    """One cause in a cell: what was seen or said, and how sure we are."""

    noun = "cause"

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        behaviour_id: int,
        cell: GilbertCell,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(editing, origin, parent)
        self.behaviour_id = behaviour_id
        self.cell = cell
        self._removal_refused = False
        self.evidence_edit = EvidenceEdit()
        self.evidence_edit.setPlaceholderText("What did you see, or what did someone say?")
        self.confidence_combo = QComboBox()
        for value, text in CONFIDENCE_CHOICES:
            self.confidence_combo.addItem(text, value.value)
        self.confidence_combo.setCurrentIndex(1)
        self.add_field(0, 0, "evidence", "What was seen or said", self.evidence_edit)
        self.add_field(0, 1, "confidence", "How sure are we?", self.confidence_combo)
        self.confidence_combo.setAccessibleName("Confidence")
        self.grid.setColumnStretch(0, 1)
        self.grid.setAlignment(self.confidence_combo, Qt.AlignmentFlag.AlignTop)
        self.place_remove_in_grid(2, top=True)
        self.saver.watch(self.evidence_edit, self.confidence_combo)

    def confidence(self) -> Confidence:
        """The confidence chosen in the card."""
        return Confidence(self.confidence_combo.currentData())

    def _input(self) -> CauseInput:
        return CauseInput(
            cell=self.cell, evidence=self.evidence_edit.toPlainText(), confidence=self.confidence()
        )

    def fill_record(self, record: CauseRecord) -> None:
        """Show a stored cause."""
        if self.evidence_edit.toPlainText() != record.evidence:
            self.evidence_edit.setPlainText(record.evidence)
        self.confidence_combo.setCurrentIndex(
            self.confidence_combo.findData(Confidence(record.confidence).value)
        )

    def create_record(self, session: Session) -> int:
        """Record the cause for the card's behaviour and cell."""
        cause = add_cause(session=session, behaviour_id=self.behaviour_id, data=self._input())
        assert cause.id is not None
        return cause.id

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the card's evidence and confidence."""
        update_cause(session=session, cause_id=record_id, data=self._input())

    def delete_record(self, session: Session, record_id: int) -> None:
        """Remove the cause (the service may refuse, then the card shows why)."""
        self._removal_refused = True  # still true afterwards only if the service refused
        try:
            delete_cause(session=session, cause_id=record_id)
        except ValidationError as exc:
            if exc.field != "cell":  # only the training refusal needs the way to the scaffold
                raise
            raise ValidationError(exc.field, f"{exc.message} {SCAFFOLD_STEP_HINT}") from exc

    def is_blank(self) -> bool:
        """A new card is blank until evidence is typed or the confidence is changed."""
        return not self.evidence_edit.toPlainText().strip() and self.confidence() is (
            Confidence.medium
        )

    def has_unsaved_errors(self) -> bool:
        """A refused removal leaves nothing unsaved; a refused edit does."""
        return super().has_unsaved_errors() and not self._removal_refused

    def _save_now(self) -> None:
        self._removal_refused = False
        super()._save_now()


class CellPanel(QWidget):
    """One of Gilbert's cells: its title, the questions to ask, and the causes recorded in it."""

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        behaviour_id: int,
        prompt: CellPrompt,
        before_remove: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setObjectName(f"cell_{prompt.cell.value}")
        self.setAccessibleName(prompt.title)
        self.title_label = heading(QLabel(prompt.title), 1.1)
        self.questions_label = QLabel("\n".join(f"“{q}”" for q in prompt.questions))
        self.questions_label.setWordWrap(True)
        self.questions_label.setAccessibleName(f"Questions about {prompt.title.lower()}")
        font = self.questions_label.font()
        font.setItalic(True)
        self.questions_label.setFont(font)

        def make_card() -> RecordCard[CauseRecord]:
            card = CauseCard(editing, origin, behaviour_id, prompt.cell)
            # Connected before the list's own handler: edits still pending in other cards are
            # saved before the removal reloads the page.
            card.remove_requested.connect(lambda _card: before_remove())
            return card

        self.records: RecordList[CauseRecord] = RecordList(make_card, "Add a cause here")
        self.records.add_button.setAccessibleName(f"Add a cause: {prompt.title}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.questions_label)
        layout.addWidget(self.records)

    def set_causes(self, causes: Sequence[CauseRecord]) -> None:
        """Show exactly these stored causes."""
        self.records.set_records([(c.id, c) for c in causes if c.id is not None])

    def focus_order(self) -> list[QWidget]:
        """The inputs of the cell in reading order."""
        widgets: list[QWidget] = []
        for card in self.records.cards:
            assert isinstance(card, CauseCard)
            widgets += [card.evidence_edit, card.confidence_combo, card.remove_button]
        return [*widgets, self.records.add_button]


class BehaviourSection(QWidget):
    """One critical behaviour with its six cells: the work environment first, then the person."""

    def __init__(
        self,
        editing: EngagementEditing,
        origin: object,
        behaviour_id: int,
        before_remove: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.behaviour_id = behaviour_id
        self.role_label = heading(QLabel(), 1.15)
        self.role_label.setWordWrap(True)
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)  # a role like "<b>" stays as typed
        self.expected_label = QLabel()
        self.current_label = QLabel()
        for label in (self.expected_label, self.current_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.cells: dict[GilbertCell, CellPanel] = {}
        self.environment_box = _group(ENVIRONMENT_TITLE, "environment")
        self.individual_box = _group(INDIVIDUAL_TITLE, "individual")
        for box, environment in ((self.environment_box, True), (self.individual_box, False)):
            column = box.layout()
            assert isinstance(column, QVBoxLayout)
            for prompt in CELL_PROMPTS:
                if prompt.environment is environment:
                    panel = CellPanel(editing, origin, behaviour_id, prompt, before_remove)
                    self.cells[prompt.cell] = panel
                    column.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.role_label)
        layout.addWidget(self.expected_label)
        layout.addWidget(self.current_label)
        layout.addWidget(self.environment_box)
        layout.addWidget(self.individual_box)

    def show_behaviour(self, behaviour: BehaviourRecord) -> None:
        """Show who should do what, and what happens now."""
        self.role_label.setText(behaviour.role)
        self.role_label.setAccessibleName(f"Behaviour of: {behaviour.role}")
        self.expected_label.setText(f"Should do: {behaviour.expected}")
        now = behaviour.current.strip() or "not written down yet (step 3)"
        self.current_label.setText(f"Does now: {now}")

    def set_causes(self, causes: Sequence[CauseRecord]) -> None:
        """Put each stored cause in its cell."""
        for cell, panel in self.cells.items():
            panel.set_causes([c for c in causes if GilbertCell(c.cell) is cell])

    def record_lists(self) -> list[RecordList[CauseRecord]]:
        """The six lists of cause cards, environment first."""
        return [self.cells[p.cell].records for p in CELL_PROMPTS]

    def focus_order(self) -> list[QWidget]:
        """The inputs of all six cells in reading order."""
        return [w for p in CELL_PROMPTS for w in self.cells[p.cell].focus_order()]


def _group(title: str, name: str) -> QFrame:
    """A framed group of cells under a heading."""
    box = QFrame()
    box.setObjectName(f"group_{name}")
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setAccessibleName(title)
    column = QVBoxLayout(box)
    column.setContentsMargins(12, 8, 12, 12)
    column.setSpacing(14)
    column.addWidget(heading(QLabel(title), 1.25))
    return box
