"""Tools ▸ People's data…: see what is held about one team member, export it, or forget them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.privacy import write_private_text
from app.services.person_data import PersonData
from app.storage import StorageError
from app.validation import ValidationError
from ui.dialogs import person_data_words as words
from ui.dialogs.person_data_store import PersonDataStore
from ui.style import error_label, soften
from ui.widgets.questions import chose_action, destructive_question

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

LOOKUP_DELAY_MS = 250
COLUMNS = ("Consultation", "Member entries", "Ties", "Parts", "Mentions", "Signed")


class ExportFileChooser:
    """Asks where to save the export (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        """The chosen file, or None if the person cancelled."""
        name, _filter = QFileDialog.getSaveFileName(
            parent, "Export everything held about this person", str(suggested), "JSON (*.json)"
        )
        return Path(name) if name else None


@dataclass(frozen=True)
class ForgetChoice:
    """The answer to "Forget this person?": go ahead, and whether signed versions change too."""

    rewrite_signed: bool


class ForgetQuestion:
    """Asks before forgetting, saying what will be removed (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, data: PersonData) -> ForgetChoice | None:
        """The person's choice, or None to keep everything."""
        box = cls.box(parent, data)
        box.exec()
        if not chose_action(box):
            return None
        check = box.checkBox()
        return ForgetChoice(rewrite_signed=check is not None and check.isChecked())

    @staticmethod
    def box(parent: QWidget, data: PersonData) -> QMessageBox:
        """The question, with Forget and Cancel (the default) and, if needed, the signed choice."""
        box = destructive_question(
            parent,
            title="Forget this person?",
            text=f"Forget “{data.name}” in every consultation?",
            informative=words.forget_question(data),
            action="Forget",
        )
        box.setDetailedText(
            "\n\n".join(
                f"{h.team_name} ({h.manager_name})\n" + "\n".join(words.detail_lines(h))
                for h in data.holdings
            )
        )
        if data.count("signed"):
            # Parented to the box: Python must not own (and so delete) it.
            box.setCheckBox(QCheckBox(words.SIGNED_CHOICE, box))
        return box


class PersonDataDialog(QDialog):
    """Type or pick a name; see what each consultation holds; export it or forget the person."""

    forgotten = Signal(str)  # the name, once forgotten everywhere

    def __init__(self, store: PersonDataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.data: PersonData | None = None
        self.setWindowTitle("People's data")
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._build()
        self._connect()
        self.reload_names()
        self.look_up()

    @classmethod
    def show_for(
        cls, parent: QWidget, engine: Engine, *, on_forgotten: Callable[[str], None]
    ) -> PersonDataDialog:
        """Open the dialog over `parent` (window-modal); `on_forgotten` runs after a forget."""
        dialog = cls(PersonDataStore(engine), parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.forgotten.connect(on_forgotten)
        dialog.open()
        return dialog

    # Layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(760, 520)
        intro = soften(
            QLabel(
                "Everything Scaffold holds about one team member, across all consultations: "
                "their entries in teams, the ties to and from them, their parts in scaffolds "
                "and the text that names them."
            )
        )
        intro.setWordWrap(True)
        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.name_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type or pick a name")
        self.name_combo.setAccessibleName("Name")
        self.name_combo.setMinimumContentsLength(24)
        self.pseudonyms_check = QCheckBox("Also match &pseudonyms")
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name_combo)
        row = QHBoxLayout()
        row.addWidget(name_label)
        row.addWidget(self.name_combo, 1)
        row.addWidget(self.pseudonyms_check)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAccessibleName("What is held, by consultation")
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.error_label = error_label("Problem")
        self.status_label = soften(QLabel())
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("Save everything held about this person as a JSON file")
        self.forget_button = QPushButton("&Forget…")
        self.forget_button.setToolTip(
            "Delete this person's entries and replace their name in text, in every consultation"
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.name_combo.editTextChanged.connect(self._on_typed)
        self.name_combo.activated.connect(lambda _index: self.look_up())
        self.pseudonyms_check.toggled.connect(lambda _on: self.look_up())
        self._timer.timeout.connect(self.look_up)
        self.export_button.clicked.connect(self._on_export)
        self.forget_button.clicked.connect(self._on_forget)
        self.buttons.rejected.connect(self.reject)

    # Behaviour ----------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The name typed or picked."""
        return self.name_combo.currentText().strip()

    def reload_names(self) -> None:
        """Fill the list with every member name across consultations (the typed text stays)."""
        typed = self.name_combo.currentText()
        try:
            names = self._store.names()
        except StorageError as exc:
            self._show_error(str(exc))
            return
        self.name_combo.blockSignals(True)
        self.name_combo.clear()
        self.name_combo.addItems(names)
        self.name_combo.setEditText(typed)
        self.name_combo.blockSignals(False)

    def look_up(self) -> None:
        """Show what is held about the name typed (nothing for an empty name)."""
        self._timer.stop()
        self.error_label.hide()
        self.data = None
        if self.name:
            try:
                self.data = self._store.find(self.name, self.pseudonyms_check.isChecked())
            except (StorageError, ValidationError) as exc:
                self._show_error(_message(exc))
        self._show(self.data)

    def _show(self, data: PersonData | None) -> None:
        self.tree.clear()
        if data is None:
            self.summary_label.setText("Type a name, or pick one from the list.")
        else:
            self.summary_label.setText(words.held_summary(data))
            for h in data.holdings:
                counts = (len(h.members), len(h.ties), len(h.parts), len(h.mentions))
                item = QTreeWidgetItem(
                    [f"{h.team_name} ({h.manager_name})", *map(str, counts), str(len(h.signed))]
                )
                for column in range(1, len(COLUMNS)):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
                children = [QTreeWidgetItem([line]) for line in words.detail_lines(h)]
                for child in children:
                    child.setToolTip(0, child.text(0))
                    item.addChild(child)
                self.tree.addTopLevelItem(item)
                for child in children:  # spanning holds once the item is in the tree
                    child.setFirstColumnSpanned(True)
            if len(data.holdings) == 1:
                self.tree.expandAll()
        held = data is not None and not data.is_empty
        self.export_button.setEnabled(held)
        self.forget_button.setEnabled(held)

    def _on_typed(self, _text: str) -> None:
        self.status_label.clear()
        self._timer.start()

    def _on_export(self) -> None:
        if self.data is None or self.data.is_empty:
            return
        data = self.data
        suggested = Path.home() / f"{_file_stem(data.name)} – data held by Scaffold.json"
        path = ExportFileChooser.ask(self, suggested)
        if path is None:
            return
        try:
            text = self._store.export(data.name, data.include_pseudonyms)
            write_private_text(path, text)
        except (StorageError, ValidationError, OSError) as exc:
            self._show_error(f"The file could not be written: {_message(exc)}")
            return
        self.status_label.setText(f"Saved what is held about “{data.name}” to {path.name}.")

    def _on_forget(self) -> None:
        if self.data is None or self.data.is_empty:
            return
        data = self.data
        choice = ForgetQuestion.ask(self, data)
        if choice is None:
            return
        try:
            summary = self._store.forget(
                data.name, data.include_pseudonyms, rewrite_signed=choice.rewrite_signed
            )
        except (StorageError, ValidationError) as exc:
            self._show_error(_message(exc))
            return
        self.status_label.setText(words.forgotten(data.name, summary))
        self.reload_names()
        self.look_up()
        self.forgotten.emit(data.name)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def _file_stem(name: str) -> str:
    """The name as a file name every system accepts."""
    cleaned = "".join(c if c.isalnum() or c in " -_" else " " for c in name)
    return " ".join(cleaned.split()) or "Person"


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, ValidationError) else str(exc)
