"""The partner's private notes beside the diagnostic: never shown in meeting mode, never printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.notes import (
    add_private_note,
    delete_private_note,
    list_private_notes,
    update_private_note,
)
from app.storage import StorageError
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.style import heading, soften
from ui.widgets.autosave import DebouncedSaver
from ui.widgets.field_errors import FieldErrors


class PrivateNotesPanel(QWidget):
    """A list of notes and an editor for the selected one; edits save as you type."""

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.setObjectName("private_notes")
        self.setAccessibleName("Private notes")
        self.errors = FieldErrors()
        self.saver = DebouncedSaver(self._save, self)
        self._current_id: int | None = None

        title = heading(QLabel("Private notes"), 1.1)
        hint = soften(QLabel("For your eyes only: hidden in meeting mode, never printed."))
        hint.setWordWrap(True)
        self.note_list = QListWidget()
        self.note_list.setAccessibleName("Private notes list")
        self.note_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.note_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Private note text")
        self.editor.setPlaceholderText("Select a note, or add one")
        self.editor.setTabChangesFocus(True)
        self.add_button = QPushButton("&Add note")
        self.delete_button = QPushButton("Delete note")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.note_list, 1)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.errors.line("text", "the note", self.editor))
        layout.addWidget(self.errors.fallback)
        layout.addWidget(self.add_button)
        layout.addWidget(self.delete_button)

        self.note_list.currentItemChanged.connect(self._on_select)
        self.editor.textChanged.connect(self.saver.touch)
        self.add_button.clicked.connect(self._on_add)
        self.delete_button.clicked.connect(self._on_delete)
        self.editing.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Show the stored notes, keeping the selection when it still exists."""
        notes = self.editing.read(
            lambda s: list_private_notes(session=s, engagement_id=self.editing.engagement_id)
        )
        keep = self._current_id
        with self.saver.loading():
            self.note_list.clear()
            for note in notes:
                first = note.text.splitlines()[0] if note.text else ""
                item = QListWidgetItem(first[:60] or "(empty)")
                item.setData(Qt.ItemDataRole.UserRole, note.id)
                item.setData(Qt.ItemDataRole.UserRole + 1, note.text)
                self.note_list.addItem(item)
                if note.id == keep:
                    self.note_list.setCurrentItem(item)
            if self.note_list.currentItem() is None:
                self._current_id = None
                self.editor.clear()
        self.delete_button.setEnabled(self._current_id is not None)

    def flush(self) -> None:
        """Save a pending edit now."""
        self.saver.flush()

    def _held_note_saved(self) -> bool:
        """Save the note being written; one that could not be written (a full disk, a read-only
        folder) is tried once more now. False while it still cannot be: the editor keeps it."""
        self.saver.flush()
        if self.saver.failure is not None:
            self.saver.retry()
        return self.saver.failure is None

    def _on_select(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None
    ) -> None:
        if not self._held_note_saved():  # switching would put another text in its place
            self.note_list.blockSignals(True)
            self.note_list.setCurrentItem(previous)
            self.note_list.blockSignals(False)
            return
        with self.saver.loading():
            self._current_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
            self.editor.setPlainText(
                "" if item is None else item.data(Qt.ItemDataRole.UserRole + 1)
            )
        self.delete_button.setEnabled(self._current_id is not None)

    def _on_add(self) -> None:
        if not self._held_note_saved():  # a new note would clear the one not yet written
            return
        self._current_id = None
        with self.saver.loading():
            self.note_list.clearSelection()
            self.note_list.setCurrentItem(None)
            self.editor.clear()
        self.editor.setFocus()

    def _save(self) -> None:
        text = self.editor.toPlainText()
        self.errors.clear()
        note_id = self._current_id
        try:
            if note_id is None:
                if not text.strip():
                    return  # nothing typed yet: nothing to keep
                note = self.editing.apply(
                    "Add private note",
                    lambda s: add_private_note(
                        session=s, engagement_id=self.editing.engagement_id, text=text
                    ),
                    origin=self,
                )
                self._current_id = note.id
                self.reload()
            else:
                if not text.strip():
                    return  # an emptied note is kept until deleted on purpose
                self.editing.apply(
                    "Edit private note",
                    lambda s: update_private_note(session=s, note_id=note_id, text=text),
                    origin=self,
                )
                item = self.note_list.currentItem()
                if item is not None:
                    item.setText(text.splitlines()[0][:60])
                    item.setData(Qt.ItemDataRole.UserRole + 1, text)
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))

    def _on_delete(self) -> None:
        note_id = self._current_id
        if note_id is None:
            return
        self.saver.cancel()
        self.editing.apply(
            "Delete private note",
            lambda s: delete_private_note(session=s, note_id=note_id),
            origin=None,
        )

    def _on_changed(self, origin: object) -> None:
        # A note that could not be written yet stays in the editor until it is saved.
        if origin is not self and self.saver.failure is None:
            self.saver.cancel()
            self.reload()
