"""Importing a "who do you go to…?" survey: choose the file, see what it holds, then import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.network.survey_csv import SurveyReading, read_survey_csv
from app.network.wording import TIE_WORDS
from app.storage import StorageError
from app.validation import ValidationError
from app.vocab import TieType
from ui.followup.network_survey_text import preview_html
from ui.style import soften
from ui.widgets.field_errors import FieldErrors

ImportReading = Callable[[SurveyReading], object]


class SurveyFileChooser:
    """Asks which CSV file to import (a class, so that tests can replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The file chosen, or None if the partner cancelled."""
        path, _ = QFileDialog.getOpenFileName(
            parent,
            "Import a survey",
            "",
            "Survey files (*.csv *.txt *.tsv);;All files (*)",
        )
        return Path(path) if path else None


class SurveyPreviewDialog(QDialog):
    """What the file holds and which lines cannot be read; Import stores it as one step."""

    def __init__(
        self,
        file_name: str,
        data: bytes,
        reading: SurveyReading,
        save: ImportReading,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.file_name = file_name
        self._data = data
        self._save = save
        self.reading = reading
        self.errors = FieldErrors()
        self.setWindowTitle("Import a survey")
        self.resize(620, 480)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setAccessibleName("What the file holds")
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.default_type = QComboBox()
        for tie_type, words in TIE_WORDS.items():
            self.default_type.addItem(words[:1].upper() + words[1:], tie_type)
        self.default_type.setAccessibleName("Answers that name no type count as")
        explain = soften(
            QLabel(
                "Used when neither the row nor the column heading says what people go to each "
                "other for."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Answers that name no &type count as:", self.default_type)
        form.addRow("", explain)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors.fallback)
        layout.addWidget(self.buttons)
        self.default_type.currentIndexChanged.connect(self._on_default_type)
        self._show()

    def _show(self) -> None:
        self.preview.setText(preview_html(self.file_name, self.reading))
        self.import_button.setEnabled(bool(self.reading.answers))

    def _on_default_type(self, _index: int) -> None:
        tie_type = TieType(self.default_type.currentData())
        self.reading = read_survey_csv(self._data, default_tie_type=tie_type)
        self._show()

    def accept(self) -> None:
        """Import; a refusal is shown here and nothing is stored."""
        self.errors.clear()
        try:
            self._save(self.reading)
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))
            return
        super().accept()
