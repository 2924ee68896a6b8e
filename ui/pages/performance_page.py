"""Step 3: the critical behaviours, with how far the best performers are ahead today."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.flow.steps import StepId
from app.services.behaviours import list_behaviours
from app.services.measures import list_measures
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.behaviour_cards import BehaviourCard
from ui.pages.measure_cards import format_number, potential_for_improvement
from ui.style import soften
from ui.widgets.record_cards import RecordList

GUIDANCE = (
    "Describe actions you could see or hear, such as “checks the customer's history before "
    "answering”, not attitudes such as “is more customer-focused”."
)
PIP_EXPLAINED = (
    "How far your best performers are ahead of typical ones on the measures (Gilbert's "
    "“potential for improvement”). What the best do differently often points to the "
    "critical behaviours."
)
NO_PIP = (
    "Potential for improvement: how far your best performers are ahead of typical ones. "
    "Add both figures to a measure in step 2 to see how much there is to gain."
)


def pip_summary(measures: list[Any]) -> str:
    """One line per measure with both exemplar and typical figures ('' when none has them)."""
    lines = []
    for m in measures:
        text = potential_for_improvement(m.exemplar_value, m.typical_value, m.direction)
        if text is None:
            continue
        unit = f" {m.unit}" if m.unit else ""
        lines.append(
            f"{m.name}: best performer {format_number(m.exemplar_value)}{unit}, typical "
            f"performer {format_number(m.typical_value)}{unit}. {text}"
        )
    return "\n".join(lines)


class PerformancePage(StepPage):
    """Critical behaviours as cards, and the measures' potential for improvement, read-only."""

    step_id = StepId.performance

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self._build()

    def _build(self) -> None:
        self.pip_label = QLabel()
        self.pip_label.setWordWrap(True)
        self.pip_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pip_label.setAccessibleName("Potential for improvement on each measure")
        self.pip_explained = soften(QLabel(PIP_EXPLAINED))
        self.pip_explained.setWordWrap(True)
        self.no_pip_label = soften(QLabel(NO_PIP))
        self.no_pip_label.setWordWrap(True)
        self.to_goal_button = QPushButton("Edit these figures in step 2")
        self.to_goal_button.setToolTip("The exemplar and typical figures belong to the measures")
        self.to_goal_button.clicked.connect(lambda: self.go_to_step.emit(StepId.goal))
        self.pip_box = QGroupBox("Potential for improvement")
        pip_layout = QVBoxLayout(self.pip_box)
        pip_layout.setSpacing(4)
        pip_layout.addWidget(self.pip_explained)
        pip_layout.addWidget(self.pip_label)
        row = QHBoxLayout()
        row.addWidget(self.to_goal_button)
        row.addStretch(1)
        pip_layout.addLayout(row)
        # Until a measure has both figures, one quiet line instead of the box.
        empty = QHBoxLayout()
        empty.setContentsMargins(0, 0, 0, 0)
        empty.addWidget(self.no_pip_label, 1)
        self.to_goal_link = QPushButton("Go to step 2")
        self.to_goal_link.clicked.connect(lambda: self.go_to_step.emit(StepId.goal))
        empty.addWidget(self.to_goal_link)
        self.no_pip = QWidget()
        self.no_pip.setLayout(empty)

        self.behaviours = RecordList(lambda: BehaviourCard(self.editing, self), "Add a &behaviour")
        self.record_lists.append(self.behaviours)
        behaviours = QGroupBox("Critical behaviours")
        behaviours_layout = QVBoxLayout(behaviours)
        guidance = soften(QLabel(GUIDANCE))
        guidance.setWordWrap(True)
        behaviours_layout.addWidget(guidance)
        behaviours_layout.addWidget(self.behaviours)

        self.body_layout.addWidget(self.pip_box)
        self.body_layout.addWidget(behaviours)
        self.body_layout.addWidget(self.no_pip)
        self.body_layout.addStretch(1)

    def reload(self) -> None:
        """Fill the behaviours and the potential for improvement from the database."""
        eid = self.editing.engagement_id
        measures = self.editing.read(lambda s: list_measures(session=s, engagement_id=eid))
        summary = pip_summary(measures)
        self.pip_label.setText(summary)
        self.pip_box.setVisible(bool(summary))
        self.no_pip.setVisible(not summary)
        records = self.editing.read(lambda s: list_behaviours(session=s, engagement_id=eid))
        self.behaviours.set_records([(b.id, b) for b in records if b.id is not None])

    def save(self) -> None:
        """Nothing to store at page level: each behaviour card saves itself."""
