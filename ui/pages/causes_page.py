"""Step 4: why each critical behaviour doesn't happen, in Gilbert's six cells, environment first."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.flow.state import LearningAnswer, LearningVerdict, learning_verdict
from app.flow.steps import StepId
from app.services.behaviours import list_behaviours, list_causes
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.cause_cards import BehaviourRecord, BehaviourSection, CauseRecord
from ui.style import heading, rescale_headings

ANSWER_WORDS = {
    LearningAnswer.unknown: "Not yet known",
    LearningAnswer.no: "No",
    LearningAnswer.partly: "Partly",
    LearningAnswer.yes: "Yes",
}
ROLE = Qt.ItemDataRole.UserRole + 1
NO_BEHAVIOURS = (
    "No critical behaviours yet. In step 3 (Performance), write down what people should do "
    "differently; then come back here to find out why it doesn't happen today."
)


class VerdictPanel(QFrame):
    """The answer to "Will learning help here?", in large words, with the reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learning_verdict")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question_label = heading(QLabel("Will learning help here?"), 1.1)
        self.answer_label = heading(QLabel(), 2.0)
        self.explanation_label = QLabel()
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.question_label)
        left.addWidget(self.answer_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(16)
        layout.addLayout(left)
        layout.addWidget(self.explanation_label, 1, Qt.AlignmentFlag.AlignVCenter)

    def show_verdict(self, verdict: LearningVerdict) -> None:
        """Show an answer and its explanation."""
        words = ANSWER_WORDS[verdict.answer]
        self.answer_label.setText(words)
        self.explanation_label.setText(verdict.explanation)
        self.setAccessibleName(f"Will learning help here? {words}")
        self.setAccessibleDescription(verdict.explanation)


class CausesPage(StepPage):
    """The causes of each critical behaviour, and whether learning will help."""

    step_id = StepId.causes

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self.sections: list[BehaviourSection] = []
        self._build()
        self.editing.changed.connect(self._refresh_summary)

    def _build(self) -> None:
        self.behaviour_combo = QComboBox()
        self.behaviour_combo.setAccessibleName("Behaviour to examine")
        self.behaviour_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.behaviour_combo.setMinimumContentsLength(30)
        self.behaviour_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        caption = QLabel("&Behaviour")
        caption.setBuddy(self.behaviour_combo)
        self.selector = QWidget()
        row = QHBoxLayout(self.selector)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.behaviour_combo, 1)
        self.behaviour_combo.currentIndexChanged.connect(self._show_selected)

        self.empty_label = QLabel(NO_BEHAVIOURS)
        self.empty_label.setWordWrap(True)
        self.to_behaviours_button = QPushButton("← Go to step 3: Performance")
        self.to_behaviours_button.clicked.connect(lambda: self.go_to_step.emit(StepId.performance))
        self.empty_box = QWidget()
        empty_layout = QVBoxLayout(self.empty_box)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.to_behaviours_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.sections_box = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_box)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self._go_to_next_behaviour)
        next_row = QHBoxLayout()
        next_row.addStretch(1)
        next_row.addWidget(self.next_button)

        self.body_layout.addWidget(self.selector)
        self.body_layout.addWidget(self.empty_box)
        self.body_layout.addWidget(self.sections_box)
        self.body_layout.addLayout(next_row)
        self.body_layout.addStretch(1)

        # The verdict stays in sight below the scrolling cells, so every change shows its effect.
        self.verdict = VerdictPanel()
        self.footer_layout.addWidget(self.verdict)

    # Loading ----------------------------------------------------------------------------------

    def _read(self, session: Session) -> list[tuple[BehaviourRecord, list[CauseRecord]]]:
        engagement_id = self.editing.engagement_id
        return [
            (b, list(list_causes(session=session, behaviour_id=b.id)))
            for b in list_behaviours(session=session, engagement_id=engagement_id)
            if b.id is not None
        ]

    def reload(self) -> None:
        """Show the stored behaviours and their causes."""
        data = self.editing.read(self._read)
        if [b.id for b, _ in data] != [s.behaviour_id for s in self.sections]:
            self._rebuild_sections([b.id for b, _ in data if b.id is not None])
        for section, (behaviour, causes) in zip(self.sections, data, strict=True):
            section.show_behaviour(behaviour)
            section.set_causes(causes)
        self.empty_box.setVisible(not data)
        self._fill_selector(data)
        self._show_verdict(data)
        self._fix_tab_order()

    def _rebuild_sections(self, behaviour_ids: list[int]) -> None:
        for section in self.sections:
            for records in section.record_lists():
                for card in records.cards:
                    card.saver.cancel()
            section.hide()
            section.deleteLater()
        self.sections = []
        self.record_lists = []
        for behaviour_id in behaviour_ids:
            section = BehaviourSection(self.editing, self, behaviour_id, self.flush)
            self.sections_layout.addWidget(section)
            self.sections.append(section)
            for records in section.record_lists():
                records.add_button.clicked.connect(self._fix_tab_order)
                self.record_lists.append(records)
        rescale_headings(self)  # new headings follow the type size of meeting mode

    def _fill_selector(self, data: list[tuple[BehaviourRecord, list[CauseRecord]]]) -> None:
        chosen = self.behaviour_combo.currentData()
        self.behaviour_combo.blockSignals(True)
        self.behaviour_combo.clear()
        for number, (behaviour, causes) in enumerate(data, start=1):
            self.behaviour_combo.addItem(_choice_text(number, behaviour, len(causes)), behaviour.id)
            self.behaviour_combo.setItemData(number - 1, behaviour.role, ROLE)
        index = self.behaviour_combo.findData(chosen) if chosen is not None else -1
        self.behaviour_combo.setCurrentIndex(max(index, 0) if data else -1)
        self.behaviour_combo.blockSignals(False)
        self.selector.setVisible(len(data) > 1)
        self._show_selected()

    def _show_selected(self) -> None:
        index = self.behaviour_combo.currentIndex()
        for number, section in enumerate(self.sections):
            section.setVisible(number == index)
        following = index + 1
        self.next_button.setVisible(index >= 0 and following < len(self.sections))
        if following < self.behaviour_combo.count():
            role = self.behaviour_combo.itemData(following, ROLE)
            self.next_button.setText(
                f"Next behaviour ({following + 1} of {len(self.sections)}): {role} →"
            )
        self.scroll_area.verticalScrollBar().setValue(0)

    def _go_to_next_behaviour(self) -> None:
        self.behaviour_combo.setCurrentIndex(self.behaviour_combo.currentIndex() + 1)
        self.behaviour_combo.setFocus()

    def _fix_tab_order(self) -> None:
        # Cards made after the page was built would otherwise come last when tabbing.
        order: list[QWidget] = [self.behaviour_combo]
        for section in self.sections:
            order += section.focus_order()
        order.append(self.next_button)
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # Summary ----------------------------------------------------------------------------------

    def _refresh_summary(self, _origin: object = None) -> None:
        data = self.editing.read(self._read)
        self._show_verdict(data)
        for number, (behaviour, causes) in enumerate(data, start=1):
            index = self.behaviour_combo.findData(behaviour.id)
            if index >= 0:
                self.behaviour_combo.setItemText(
                    index, _choice_text(number, behaviour, len(causes))
                )

    def _show_verdict(self, data: list[tuple[BehaviourRecord, list[CauseRecord]]]) -> None:
        self.verdict.show_verdict(learning_verdict([c.cell for _, causes in data for c in causes]))

    def save(self) -> None:
        """Nothing to save at page level: each cause card saves itself."""

    def current_verdict(self) -> str:
        """The answer shown now, in words."""
        return self.verdict.answer_label.text()

    def section(self, behaviour_id: int) -> BehaviourSection:
        """The section of one behaviour."""
        return next(s for s in self.sections if s.behaviour_id == behaviour_id)


def _choice_text(number: int, behaviour: BehaviourRecord, cause_count: int) -> str:
    expected = " ".join(behaviour.expected.split())
    if len(expected) > 60:
        expected = expected[:59].rstrip() + "…"
    causes = {0: "no causes yet", 1: "1 cause"}.get(cause_count, f"{cause_count} causes")
    return f"{number}. {behaviour.role}: {expected} ({causes})"
