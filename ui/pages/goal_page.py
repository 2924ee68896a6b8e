"""Step 2: the request reframed as a business goal, and the measures that will show it move."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.flow.prompts import goal_hint
from app.flow.steps import StepId
from app.services.common import get_engagement
from app.services.engagements import set_business_goal
from app.services.measures import list_measures
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.measure_cards import BarLabel, MeasureCard, hint_label, show_hint
from ui.style import soften
from ui.widgets.record_cards import RecordList

NO_REQUEST = "You asked: (nothing recorded yet; write the request down in step 1)"


class GoalPage(StepPage):
    """The business goal beside the request as asked, and its measures as cards."""

    step_id = StepId.goal

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self._build()
        self.saver.watch(self.goal_edit)
        self.goal_edit.textChanged.connect(self._update_hint)

    def _build(self) -> None:
        self.request_label = BarLabel(NO_REQUEST)
        self.request_label.setAccessibleName("The request as the manager asked it")

        self.goal_edit = QPlainTextEdit()
        self.goal_edit.setTabChangesFocus(True)
        self.goal_edit.setPlaceholderText(
            "e.g. Resolve three in four billing questions on first contact by June"
        )
        self.goal_edit.setAccessibleName("Business goal")
        self.goal_edit.setMinimumHeight(60)
        self.goal_edit.setMaximumHeight(90)
        self.goal_hint_label = hint_label()
        self.goal_hint_label.setAccessibleName("Hint about the business goal")
        caption = QLabel("Business &goal: what would be different in the business if this worked?")
        caption.setWordWrap(True)
        caption.setBuddy(self.goal_edit)

        goal = QGroupBox("From the request to the business goal")
        goal_layout = QVBoxLayout(goal)
        goal_layout.setSpacing(4)
        goal_layout.addWidget(self.request_label)
        goal_layout.addSpacing(6)
        goal_layout.addWidget(caption)
        goal_layout.addWidget(self.goal_edit)
        goal_layout.addWidget(self.errors.line("business_goal", "Business goal", self.goal_edit))
        goal_layout.addWidget(self.goal_hint_label)

        self.measures = RecordList(lambda: MeasureCard(self.editing, self), "Add a &measure")
        self.record_lists.append(self.measures)
        measures = QGroupBox("Measures")
        measures_layout = QVBoxLayout(measures)
        explain = soften(
            QLabel(
                "How will you both see the goal move? For each business figure, say where it is "
                "now (the baseline) and where it should be by when (the target). Figures the "
                "business already tracks are best."
            )
        )
        explain.setWordWrap(True)
        measures_layout.addWidget(explain)
        measures_layout.addWidget(self.measures)

        self.body_layout.addWidget(goal)
        self.body_layout.addWidget(measures)
        self.body_layout.addStretch(1)

    def _update_hint(self) -> None:
        show_hint(self.goal_hint_label, goal_hint(self.goal_edit.toPlainText()))

    def reload(self) -> None:
        """Fill the request, the goal and the measures from the database."""
        eid = self.editing.engagement_id
        engagement = self.editing.read(lambda s: get_engagement(s, eid))
        request = engagement.request_verbatim.strip()
        self.request_label.setText(f"You asked: “{request}”" if request else NO_REQUEST)
        if self.goal_edit.toPlainText() != engagement.business_goal:
            self.goal_edit.setPlainText(engagement.business_goal)
        self._update_hint()
        records = self.editing.read(lambda s: list_measures(session=s, engagement_id=eid))
        self.measures.set_records([(m.id, m) for m in records if m.id is not None])

    def save(self) -> None:
        """Store the business goal (the measures save themselves, card by card)."""
        goal = self.goal_edit.toPlainText()
        self.editing.apply(
            "Edit the business goal",
            lambda s: set_business_goal(
                session=s, engagement_id=self.editing.engagement_id, goal=goal
            ),
            origin=self,
        )
