"""The survey import on the page: a button, a refusal line under it, the last import's report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.network.survey_csv import SurveyReading, import_survey, read_survey_csv
from app.network.survey_text import read_bytes
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.followup.network_survey import SurveyFileChooser, SurveyPreviewDialog
from ui.followup.network_survey_text import report_html
from ui.style import error_label
from ui.widgets.field_errors import clear_error_line, show_error_line


class SurveyImportPanel(QWidget):
    """Import survey CSV…: choose a file, see what it holds, import it as one undoable step.

    A file that cannot be read at all is refused in a line under the button; after an import,
    the report (ties and people added, duplicates skipped, lines not read) stays until hidden.
    """

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.dialog: SurveyPreviewDialog | None = None
        self.button = QPushButton("&Import survey CSV…")
        self.button.setToolTip("Add people and ties from a “who do you go to…?” survey (CSV)")
        self.error = error_label("Problem with the survey file")
        self.error.setBuddy(self.button)
        self.report = QFrame()
        self.report.setFrameShape(QFrame.Shape.StyledPanel)
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextFormat(Qt.TextFormat.RichText)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.setAccessibleName("Survey import report")
        self.hide_button = QPushButton("Hide report")
        report_layout = QVBoxLayout(self.report)
        report_layout.addWidget(self.report_label)
        report_layout.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignRight)
        self.report.hide()
        self.status_row = QHBoxLayout()
        self.status_row.addWidget(self.button)
        self.status_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.status_row)
        layout.addWidget(self.error)
        layout.addWidget(self.report)
        self.button.clicked.connect(self.start)
        self.hide_button.clicked.connect(self.report.hide)

    def start(self) -> SurveyPreviewDialog | None:
        """Ask for the file and show what it holds; the dialog's Import stores it."""
        path = SurveyFileChooser.ask(self)
        if path is None:
            return None
        clear_error_line(self.error)
        try:
            data = read_bytes(path)
            reading = read_survey_csv(data)
        except ValidationError as exc:
            show_error_line(self.error, f"{path.name} was not imported: {exc.message}")
            return None
        eid = self.editing.engagement_id

        def save(chosen: SurveyReading) -> object:
            report = self.editing.apply(
                f"Import survey {path.name}",
                lambda s: import_survey(session=s, engagement_id=eid, reading=chosen),
                origin=self,
            )
            self.report_label.setText(report_html(path.name, report))
            self.report.show()
            return report

        self.dialog = SurveyPreviewDialog(path.name, data, reading, save, self)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.open()
        return self.dialog
