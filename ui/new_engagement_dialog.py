"""The "New consultation" dialog: who the team is and the request exactly as the manager put it."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.engagements import EngagementDetails
from app.storage import StorageError
from app.validation import ValidationError
from ui.style import error_label, soften
from ui.widgets.field_errors import clear_error_line, show_error_line
from ui.widgets.long_text import hold_long_text

CreateEngagement = Callable[[EngagementDetails], int]


class NewEngagementDialog(QDialog):
    """Collects a new consultation's context; stays open, with its text, until saving succeeds."""

    def __init__(self, create: CreateEngagement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.created_id: int | None = None
        self._build()
        self._connect()

    @classmethod
    def ask(cls, parent: QWidget | None, create: CreateEngagement) -> int | None:
        """Show the dialog modally; the new engagement's id, or None if cancelled."""
        dialog = cls(create, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.created_id if accepted else None
        finally:
            dialog.deleteLater()

    # Layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle("New consultation")
        self.setMinimumWidth(560)

        self.team_edit = QLineEdit()
        self.team_edit.setPlaceholderText("e.g. Claims handling, Lyon")
        self.manager_edit = QLineEdit()
        self.manager_edit.setPlaceholderText("e.g. Sofia Marin")
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("Optional")
        hold_long_text(self.team_edit, self.manager_edit, self.organisation_edit)
        self.date_edit = _DateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.request_edit = QPlainTextEdit()
        self.request_edit.setTabChangesFocus(True)
        self.request_edit.setPlaceholderText(
            "Write it down as it was said, e.g. “My team needs a course on time management.”"
        )
        self.request_edit.setMinimumHeight(110)

        self._errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        top = Qt.AlignmentFlag.AlignTop  # an error under one field must not shift its neighbour
        fields = [
            ("team_name", "&Team name", self.team_edit),
            ("manager_name", "&Manager's name", self.manager_edit),
            ("organisation", "&Organisation", self.organisation_edit),
            ("meeting_date", "Meeting &date", self.date_edit),
        ]
        for number, (name, label, widget) in enumerate(fields):
            grid.addLayout(self._field(name, label, widget), number // 2, number % 2, top)
        request = self._field(
            "request_verbatim", "The &request, in the manager's own words", self.request_edit
        )
        hint = QLabel("Don't rephrase it yet: the diagnostic turns it into a business goal later.")
        hint.setWordWrap(True)
        soften(hint)
        request.insertWidget(1, hint)
        grid.addLayout(request, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.general_error = error_label("Problem saving the consultation")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start consultation")
        self.ok_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        order = [self.team_edit, self.manager_edit, self.organisation_edit, self.date_edit]
        order += [self.request_edit, self.buttons]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.team_edit.setFocus()

    def _field(self, name: str, label_text: str, widget: QWidget) -> QVBoxLayout:
        """A label above its field and a hidden error line under it."""
        plain = label_text.replace("&", "")
        label = QLabel(label_text)
        label.setBuddy(widget)
        widget.setAccessibleName(plain)
        error = error_label(f"{plain} error")
        error.setBuddy(widget)
        self._errors[name] = error
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(label)
        column.addWidget(widget)
        column.addWidget(error)
        return column

    # Behaviour ------------------------------------------------------------------------------

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.team_edit.textChanged.connect(lambda: self._clear_error("team_name"))
        self.manager_edit.textChanged.connect(lambda: self._clear_error("manager_name"))
        self.organisation_edit.textChanged.connect(lambda: self._clear_error("organisation"))
        self.date_edit.dateChanged.connect(lambda: self._clear_error("meeting_date"))
        self.request_edit.textChanged.connect(lambda: self._clear_error("request_verbatim"))

    def details(self) -> EngagementDetails:
        """What is typed, as the service expects it (text untrimmed: the service cleans it)."""
        return EngagementDetails(
            team_name=self.team_edit.text(),
            manager_name=self.manager_edit.text(),
            organisation=self.organisation_edit.text(),
            meeting_date=self.date_edit.date().toPython(),  # type: ignore[arg-type]
            request_verbatim=self.request_edit.toPlainText(),
        )

    def error_text(self, field: str) -> str | None:
        """The message shown for `field` (or "" for errors not tied to a field), if any."""
        label = self._errors.get(field, self.general_error)
        return label.text() if not label.isHidden() else None

    def _on_accept(self) -> None:
        for name in self._errors:
            self._clear_error(name)
        self._clear_error("")
        try:
            self.created_id = self._create(self.details())
        except ValidationError as exc:
            self._show_error(exc.field, exc.message)
            return
        except StorageError as exc:
            self._show_error("", str(exc))
            return
        self.accept()

    def _show_error(self, field: str, message: str) -> None:
        show_error_line(self._errors.get(field, self.general_error), message)

    def _clear_error(self, field: str) -> None:
        clear_error_line(self._errors.get(field, self.general_error))


class _DateEdit(QDateEdit):
    """A date field that Tab leaves, like every other field (arrows move between day/month/year)."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(self, forward)
