"""Step 1: the team, its manager, and the request exactly as the manager asked it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.flow.steps import StepId
from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, update_details
from app.validation import parse_whole_number
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.style import soften
from ui.widgets.date_field import OptionalDateEdit
from ui.widgets.long_text import hold_long_text


class ContextPage(StepPage):
    """Who the team is, and the request in the manager's own words."""

    step_id = StepId.context

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self._build()
        self.saver.watch(
            self.team_edit,
            self.manager_edit,
            self.organisation_edit,
            self.unit_edit,
            self.size_edit,
            self.partner_edit,
            self.date_edit,
            self.context_edit,
            self.request_edit,
        )

    def _build(self) -> None:
        def line(field: str, label: str, widget: QWidget) -> QWidget:
            widget.setAccessibleName(label)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors.line(field, label, widget))
            return box

        self.team_edit = QLineEdit()
        self.manager_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.unit_edit = QLineEdit()
        # A line edit, not a spin box: a spin box reads "12,5" as 125 and "1e3" as 13.
        self.size_edit = QLineEdit()
        self.size_edit.setPlaceholderText("Not set")
        self.partner_edit = QLineEdit()
        self.partner_edit.setPlaceholderText("You")
        self.date_edit = OptionalDateEdit()
        self.context_edit = QPlainTextEdit()
        self.context_edit.setTabChangesFocus(True)
        self.context_edit.setPlaceholderText(
            "What the team does, how it works, what has changed lately"
        )
        self.context_edit.setFixedHeight(80)
        hold_long_text(
            self.team_edit,
            self.manager_edit,
            self.organisation_edit,
            self.unit_edit,
            self.size_edit,
            self.partner_edit,
        )

        team = QGroupBox("The team")
        form = QFormLayout(team)
        rows = (
            ("team_name", "&Team", self.team_edit),
            ("manager_name", "&Manager", self.manager_edit),
            ("organisation", "&Organisation", self.organisation_edit),
            ("business_unit", "&Business unit", self.unit_edit),
            ("team_size", "Team si&ze", self.size_edit),
            ("partner_name", "&Partner", self.partner_edit),
            ("meeting_date", "Meeting &date", self.date_edit),
            ("team_context", "Team conte&xt", self.context_edit),
        )
        for field, label, widget in rows:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, line(field, label.replace("&", ""), widget))

        self.request_edit = QPlainTextEdit()
        self.request_edit.setTabChangesFocus(True)
        self.request_edit.setPlaceholderText("Write down exactly what the manager asked for")
        self.request_edit.setMinimumHeight(70)
        self.request_edit.setMaximumHeight(140)
        request = QGroupBox("The request, as the manager asked it")
        request_layout = QVBoxLayout(request)
        ask = soften(QLabel("“What did you ask for?” Keep the manager's own words."))
        ask.setWordWrap(True)
        request_layout.addWidget(ask)
        request_layout.addWidget(line("request_verbatim", "The request", self.request_edit))

        reframe = QGroupBox("Reframe it")
        reframe_layout = QVBoxLayout(reframe)
        prompt = QLabel(
            "“What would be different in the business if this worked?” The answer becomes the "
            "business goal in the next step; the request stays here as it was asked."
        )
        prompt.setWordWrap(True)
        self.to_goal_button = QPushButton("Go to the business goal →")
        self.to_goal_button.clicked.connect(lambda: self.go_to_step.emit(StepId.goal))
        reframe_layout.addWidget(prompt)
        reframe_layout.addWidget(self.to_goal_button)

        self.body_layout.addWidget(request)
        self.body_layout.addWidget(reframe)
        self.body_layout.addWidget(team)
        self.body_layout.addStretch(1)

    def reload(self) -> None:
        """Fill the fields from the stored engagement."""
        e = self.editing.read(lambda s: get_engagement(s, self.editing.engagement_id))
        for widget, value in (
            (self.team_edit, e.team_name),
            (self.manager_edit, e.manager_name),
            (self.organisation_edit, e.organisation),
            (self.unit_edit, e.business_unit),
            (self.partner_edit, e.partner_name),
        ):
            if widget.text() != value:
                widget.setText(value)
        size = "" if e.team_size is None else str(e.team_size)
        if self.size_edit.text().strip() != size:
            self.size_edit.setText(size)
        self.date_edit.set_value(e.meeting_date)
        if self.context_edit.toPlainText() != e.team_context:
            self.context_edit.setPlainText(e.team_context)
        if self.request_edit.toPlainText() != e.request_verbatim:
            self.request_edit.setPlainText(e.request_verbatim)

    def save(self) -> None:
        """Store the context and the request."""
        details = EngagementDetails(
            team_name=self.team_edit.text(),
            manager_name=self.manager_edit.text(),
            organisation=self.organisation_edit.text(),
            business_unit=self.unit_edit.text(),
            team_size=self._team_size(),
            team_context=self.context_edit.toPlainText(),
            partner_name=self.partner_edit.text(),
            meeting_date=self.date_edit.checked_value("meeting_date", "Meeting date"),
            request_verbatim=self.request_edit.toPlainText(),
        )
        self.editing.apply(
            "Edit the context",
            lambda s: update_details(
                session=s, engagement_id=self.editing.engagement_id, data=details
            ),
            origin=self,
        )

    def _team_size(self) -> int | None:
        text = self.size_edit.text()
        return parse_whole_number(text, "team_size", "Team size") if text.strip() else None
