"""The database file cannot be opened as it is: what is wrong with which file, and the ways on.

Shown at start instead of the window's data. It explains in plain words, names the file (which
can be selected and copied), and offers: restore the latest backup, open another file, start a
new database, or quit. It only decides; `ui.damaged_start` carries the choice out. A file from
a newer Scaffold, or one Scaffold may not read, offers only another file or quit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.file_health import FileHealth, HealthKind
from ui.dialogs.backup_parts import when_words
from ui.style import heading
from ui.widgets.questions import chose_action, destructive_question

Choice = Literal["restore", "open", "new", "quit"]
FILE_FILTER = "Scaffold databases (*.sqlite);;All files (*)"
ICON_SIZE = 48
QUESTION_WIDTH = 440

HEADINGS: dict[HealthKind, str] = {
    "empty": "The database file is empty",
    "damaged": "The database file is damaged",
    "not_database": "This file is not a Scaffold database",
    "foreign": "This file is another program's database",
    "newer": "This database is from a newer Scaffold",
    "unreadable": "Scaffold cannot read the database file",
}
KEPT_WORDS = (
    "Scaffold has left the file exactly as it is. Whatever you choose, it is kept: nothing "
    "is deleted or written over."
)
UNCHANGED_WORDS = "Scaffold has not changed the file."
NEWER_WORDS = (
    "Scaffold has not changed the file. Open it with the newer Scaffold that wrote it, or "
    "choose another file here."
)


@dataclass(frozen=True)
class DamagedDecision:
    """What the person chose: the backup to restore, the file to open, a new database, or quit."""

    choice: Choice
    path: Path | None = None


def kept_as_words(path: Path) -> str:
    """Where the bad file will be kept, e.g. `scaffold.damaged-<date and time>.sqlite`."""
    return f"{path.stem}.damaged-<date and time>{path.suffix}"


class NewDatabaseQuestion:
    """Asks before a new, empty database takes the bad file's place (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, path: Path) -> bool:
        """True to start a new database at `path`, False to go back to the choices."""
        box = cls.box(parent, path)
        box.exec()
        return chose_action(box)

    @staticmethod
    def box(parent: QWidget, path: Path) -> QMessageBox:
        """The question, with Start a new database and Cancel (the default)."""
        box = destructive_question(
            parent,
            title="Start a new database?",
            text="Start a new, empty database?",
            informative=(
                f"The file you have now stays in its folder, unchanged, renamed "
                f"“{kept_as_words(path)}”. Scaffold never deletes it: someone may be able to "
                f"rescue what it holds.\n\nFolder: {path.parent}"
            ),
            action="Start a new database",
        )
        box.setIcon(QMessageBox.Icon.Question)
        grid = box.layout()
        if isinstance(grid, QGridLayout):  # a wider box: the file name then breaks less
            wide = QSpacerItem(QUESTION_WIDTH, 0, QSizePolicy.Policy.Minimum)
            grid.addItem(wide, grid.rowCount(), 0, 1, grid.columnCount())
        return box


class DamagedDatabaseDialog(QDialog):
    """Explains what is wrong with the database file and returns the person's decision."""

    def __init__(self, health: FileHealth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.health = health
        self.decision = DamagedDecision("quit")
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self.setWindowTitle("Scaffold cannot open its database")
        self._build()
        self._connect()
        # The choices wrap their words: size for the width, not for their narrow size hints.
        self.resize(self.minimumWidth(), max(self.heightForWidth(self.minimumWidth()), 0))

    @classmethod
    def ask(cls, parent: QWidget | None, health: FileHealth) -> DamagedDecision:
        """Show the dialog modally; the decision (tests replace this)."""
        dialog = cls(health, parent)
        try:
            dialog.exec()
            return dialog.decision
        finally:
            dialog.deleteLater()

    @classmethod
    def ask_open_file(cls, parent: QWidget | None, folder: Path) -> Path | None:
        """The database file to open instead, or None (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Open another database", str(folder), FILE_FILTER
        )
        return Path(path) if path else None

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        health = self.health
        self.setMinimumWidth(580)
        icon = QLabel()
        standard = (
            QStyle.StandardPixmap.SP_MessageBoxInformation
            if health.kind == "newer"
            else QStyle.StandardPixmap.SP_MessageBoxWarning
        )
        icon.setPixmap(self.style().standardIcon(standard).pixmap(ICON_SIZE, ICON_SIZE))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading_label = heading(
            QLabel(HEADINGS.get(health.kind, "Scaffold cannot open its database")), 1.3
        )
        self.heading_label.setWordWrap(True)
        self.reason_label = self._plain(health.reason)
        self.path_edit = QLineEdit(str(health.path))
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName("The database file")
        self.path_edit.setCursorPosition(0)
        path_caption = QLabel("&File:")
        path_caption.setBuddy(self.path_edit)
        kept = NEWER_WORDS if health.kind == "newer" else UNCHANGED_WORDS
        self.kept_label = self._plain(KEPT_WORDS if health.can_set_aside else kept)

        self.restore_button = QCommandLinkButton()
        self.open_button = QCommandLinkButton(
            "&Open another file…",
            "Choose another Scaffold database, such as a copy you keep elsewhere.",
        )
        self.new_button = QCommandLinkButton(
            "&Start a new database",
            f"An empty database in the same place. The file you have now is kept beside it, "
            f"as “{kept_as_words(health.path)}”.",
        )
        self._word_restore()
        for button in (self.restore_button, self.open_button, self.new_button):
            button.setAccessibleDescription(button.description())
        self.quit_buttons = QDialogButtonBox()
        self.quit_button = self.quit_buttons.addButton(
            "&Quit", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.quit_button.setAutoDefault(False)

        text = QVBoxLayout()
        text.addWidget(self.heading_label)
        text.addWidget(self.reason_label)
        path_row = QHBoxLayout()
        path_row.addWidget(path_caption)
        path_row.addWidget(self.path_edit, 1)
        text.addLayout(path_row)
        text.addWidget(self.kept_label)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        self.choices = [self.restore_button, self.open_button, self.new_button]
        for button in self.choices:
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.quit_buttons)

        offers_set_aside = health.can_set_aside
        self.restore_button.setHidden(not offers_set_aside)
        self.new_button.setHidden(not offers_set_aside)
        default = (
            self.restore_button
            if self.restore_button.isEnabled() and offers_set_aside
            else self.open_button
        )
        for button in self.choices:
            button.setAutoDefault(button is default)
        default.setDefault(True)
        default.setFocus()

    def _plain(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a path or SQLite's words are never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _word_restore(self) -> None:
        health, button = self.health, self.restore_button
        skipped = len(health.skipped_backups)
        if health.backup is not None:
            button.setText(
                f"&Restore the latest backup (taken {when_words(health.backup.taken_at)})"
            )
            later = (
                ""
                if not skipped
                else f" {skipped} later backup{' is' if skipped == 1 else 's are'} damaged too "
                "and skipped."
            )
            button.setDescription(
                "Your consultations as they were then. The file you have now is kept beside it, "
                f"as “{kept_as_words(health.path)}”.{later}"
            )
            button.setEnabled(True)
            return
        button.setText("&Restore the latest backup")
        folder = health.path.parent / "backups"
        why = (
            f"Not possible: the {'backup' if skipped == 1 else f'{skipped} backups'} in {folder} "
            f"{'is' if skipped == 1 else 'are'} damaged too."
            if skipped
            else f"Not possible: there is no backup in {folder}."
        )
        button.setDescription(why)
        button.setAccessibleDescription(why)
        button.setEnabled(False)

    def _connect(self) -> None:
        self.quit_buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore)
        self.open_button.clicked.connect(self._on_open)
        self.new_button.clicked.connect(self._on_new)

    # Behaviour --------------------------------------------------------------------------------

    def _decide(self, decision: DamagedDecision) -> None:
        self.decision = decision
        self.accept()

    def _on_restore(self) -> None:
        if self.health.backup is not None:
            self._decide(DamagedDecision("restore", self.health.backup.path))

    def _on_open(self) -> None:
        chosen = self.ask_open_file(self, self.health.path.parent)
        if chosen is not None:
            self._decide(DamagedDecision("open", chosen))

    def _on_new(self) -> None:
        if NewDatabaseQuestion.ask(self, self.health.path):
            self._decide(DamagedDecision("new"))

    def reject(self) -> None:
        """Quit (Escape, the Quit button, closing the window)."""
        self.decision = DamagedDecision("quit")
        super().reject()
