"""Entering ties in the meeting: one tie type at a time, a grid of who goes to whom."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.network.grid import Grid, set_tie
from app.network.wording import TIE_WORDS
from app.storage import StorageError
from app.validation import NotFoundError, ValidationError
from app.vocab import TieType
from ui.editor.editing import EngagementEditing
from ui.followup.network_grid_model import TieGridModel
from ui.followup.network_grid_view import TieGridView
from ui.style import error_label, heading, soften
from ui.widgets.field_errors import clear_error_line, show_error_line

HOW_TO = (
    "Each row is someone asking; mark the people they go to. Arrow keys move, Space or Enter "
    "marks or clears (so does a click); Ctrl+Z undoes."
)


def capitalised(words: str) -> str:
    """ "help with the work" → "Help with the work"."""
    return words[:1].upper() + words[1:]


class TiesPanel(QWidget):
    """The tie-type chooser and the grid; each toggle is stored at once as one undoable step.

    Emits `tie_type_changed(tie_type)` when another type is chosen (the page reads its grid)
    and `toggled()` after a tie was stored or removed.
    """

    tie_type_changed = Signal(object)
    toggled = Signal()

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.model = TieGridModel(self)
        self.heading = heading(QLabel("Who goes to whom"), 1.15)
        self.type_combo = QComboBox()
        for tie_type, words in TIE_WORDS.items():
            self.type_combo.addItem(capitalised(words), tie_type)
        self.type_combo.setAccessibleName("Tie type the grid shows")
        type_label = QLabel("&Mark who goes to whom for:")
        type_label.setBuddy(self.type_combo)
        self.how_to = soften(QLabel(HOW_TO))
        self.how_to.setWordWrap(True)
        self.view = TieGridView()
        self.view.setModel(self.model)
        self.cursor_line = QLabel()
        self.cursor_line.setAccessibleName("Current cell")
        self.error = error_label("Problem with a tie")
        self.error.setBuddy(self.view)
        self.empty = soften(QLabel("Add team members first; the grid then has a row each."))
        type_row = QHBoxLayout()
        type_row.addWidget(type_label)
        type_row.addWidget(self.type_combo)
        type_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(type_row)
        layout.addWidget(self.how_to)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)
        layout.addWidget(self.cursor_line)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.type_combo.currentIndexChanged.connect(self._on_type_chosen)
        self.view.toggle_requested.connect(self.toggle)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

    @property
    def tie_type(self) -> TieType:
        """The tie type the grid shows."""
        return TieType(self.type_combo.currentData())

    def set_grid(self, grid: Grid) -> None:
        """Show a grid read from the database, keeping the cursor where it was."""
        current = self.view.currentIndex()
        place = (current.row(), current.column()) if current.isValid() else (0, 1)
        self.model.set_rows(grid)
        count = len(grid.members)
        self.view.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        if count > 1:
            row, column = min(place[0], count - 1), min(place[1], count - 1)
            if row == column:
                column = (column + 1) % count
            self.view.setCurrentIndex(self.model.index(row, column))
        self._on_current_changed(self.view.currentIndex(), None)

    def toggle(self, row: int, column: int) -> None:
        """Store or remove the tie of one cell (one undoable step), then show it."""
        members = self.model.members
        asker, asked = members[row], members[column]
        present = not self.model.is_present(row, column)
        eid, tie_type = self.editing.engagement_id, self.model.tie_type
        arrow = f"{asker.name} → {asked.name}"
        try:
            self.editing.apply(
                f"Tie {arrow}" if present else f"Remove tie {arrow}",
                lambda s: set_tie(
                    session=s,
                    engagement_id=eid,
                    from_id=asker.member_id,
                    to_id=asked.member_id,
                    tie_type=tie_type,
                    present=present,
                ),
                origin=self,
            )
        except (ValidationError, NotFoundError, StorageError) as exc:
            show_error_line(self.error, getattr(exc, "message", str(exc)))
            return
        clear_error_line(self.error)
        self.model.set_cell(row, column, present)
        self._on_current_changed(self.view.currentIndex(), None)
        self.toggled.emit()

    def _on_type_chosen(self, _index: int) -> None:
        self.tie_type_changed.emit(self.tie_type)

    def _on_current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        valid = current.isValid() and current.row() != current.column()
        self.cursor_line.setText(
            self.model.sentence(current.row(), current.column()) + "." if valid else ""
        )
