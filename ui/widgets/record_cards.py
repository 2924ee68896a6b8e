"""Lists of records edited in place: one small card per record, saved as you type.

A card without an id is a new record: it is created the first time its inputs are valid, and
until then shows the inline message and keeps what was typed. Removing a card deletes its
record through the service, as one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from app.storage import StorageError
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.widgets.autosave import DebouncedSaver
from ui.widgets.field_errors import FieldErrors

R = TypeVar("R")


class RecordCard(QFrame, Generic[R]):
    """One record as a compact form. Subclasses build inputs and implement the four hooks."""

    noun = "item"
    remove_requested = Signal(object)

    def __init__(
        self, editing: EngagementEditing, origin: object, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.origin = origin
        self.record_id: int | None = None
        self.errors = FieldErrors()
        self.saver = DebouncedSaver(self._save_now, self)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.remove_button = QPushButton(f"Remove {self.noun}")
        self.remove_button.setAccessibleName(f"Remove this {self.noun}")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(self.grid)
        layout.addWidget(self.errors.fallback)
        self._bottom = QHBoxLayout()
        self._bottom.addStretch(1)
        self._bottom.addWidget(self.remove_button)
        layout.addLayout(self._bottom)

    # Building helpers -------------------------------------------------------------------------

    def add_field(
        self, row: int, column: int, field: str, label: str, widget: QWidget, span: int = 1
    ) -> None:
        """Put a labelled input with its error line at (row, column) of the card's grid.

        `label` may carry an `&` mnemonic. Each field takes two grid rows (input, then error).
        """
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        self.grid.addWidget(caption, row * 3, column, 1, span)
        self.grid.addWidget(widget, row * 3 + 1, column, 1, span)
        self.grid.addWidget(
            self.errors.line(field, label.replace("&", ""), widget), row * 3 + 2, column, 1, span
        )

    def put_beside_remove(self, caption: QWidget, widget: QWidget) -> None:
        """Fill the row of the Remove button with a captioned input that takes the free room."""
        self._bottom.insertWidget(0, caption)
        self._bottom.insertWidget(1, widget, 1)
        self._bottom.insertSpacing(2, 12)
        self._bottom.setStretch(3, 0)  # the input, not an empty gap, takes the room

    def place_remove_in_grid(self, column: int, *, top: bool = False) -> None:
        """Move the Remove button into the first row of inputs (for one-line cards)."""
        self._bottom.removeWidget(self.remove_button)
        self.grid.addWidget(self.remove_button, 1, column)
        if top:
            self.grid.setAlignment(self.remove_button, Qt.AlignmentFlag.AlignTop)

    # For subclasses ---------------------------------------------------------------------------

    def fill_record(self, record: R) -> None:
        """Show a stored record in the inputs."""
        raise NotImplementedError

    def create_record(self, session: Session) -> int:
        """Create the record from the inputs; return its id."""
        raise NotImplementedError

    def update_record(self, session: Session, record_id: int) -> None:
        """Store the inputs into the existing record."""
        raise NotImplementedError

    def delete_record(self, session: Session, record_id: int) -> None:
        """Delete the record."""
        raise NotImplementedError

    def is_blank(self) -> bool:
        """Whether a new card has nothing typed yet (then nothing is saved or shown)."""
        return False

    # Behaviour --------------------------------------------------------------------------------

    def load(self, record_id: int | None, record: R | None) -> None:
        """Show a stored record (or nothing, for a new card) without saving."""
        self.record_id = record_id
        if record is not None:
            with self.saver.loading():
                self.fill_record(record)

    def flush(self) -> None:
        """Save a pending edit now."""
        self.saver.flush()

    def has_unsaved_errors(self) -> bool:
        """Whether the card holds input that could not be saved."""
        return bool(self.errors.shown_fields())

    def _save_now(self) -> None:
        self.errors.clear()
        if self.record_id is None and self.is_blank():
            return
        try:
            record_id = self.record_id
            if record_id is None:
                self.record_id = self.editing.apply(
                    f"Add {self.noun}", self.create_record, origin=self.origin
                )
            else:
                self.editing.apply(
                    f"Edit {self.noun}",
                    lambda s: self.update_record(s, record_id),
                    origin=self.origin,
                )
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))


class RecordList(QWidget, Generic[R]):
    """A column of cards with an "Add" button below them."""

    def __init__(
        self,
        make_card: Callable[[], RecordCard[R]],
        add_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_card = make_card
        self.cards: list[RecordCard[R]] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(8)
        self.add_button = QPushButton(add_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._column)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_card)

    def set_records(self, records: Sequence[tuple[int, R]]) -> None:
        """Show exactly these stored records (new, unsaved cards are dropped)."""
        for card in self.cards:
            card.saver.cancel()
            card.deleteLater()
        self.cards = []
        for record_id, record in records:
            self._append().load(record_id, record)

    def add_card(self) -> RecordCard[R]:
        """Append an empty card for a new record and put the cursor in it."""
        card = self._append()
        card.load(None, None)
        card.focusNextChild()
        first = card.grid.itemAtPosition(1, 0)
        if first is not None and first.widget() is not None:
            first.widget().setFocus()
        return card

    def flush(self) -> None:
        """Save every card's pending edit now."""
        for card in self.cards:
            card.flush()

    def has_unsaved_errors(self) -> bool:
        """Whether any card holds input that could not be saved."""
        return any(card.has_unsaved_errors() for card in self.cards)

    def _append(self) -> RecordCard[R]:
        card = self._make_card()
        card.remove_requested.connect(self._on_remove)
        self._column.addWidget(card)
        self.cards.append(card)
        return card

    def _on_remove(self, card: RecordCard[R]) -> None:
        card.saver.cancel()
        record_id = card.record_id
        if record_id is None:
            self.cards.remove(card)
            card.deleteLater()
            return
        try:
            # The page's own origin: other pages reload, this one keeps its other cards
            # (new ones with half-typed text included) and just drops this card.
            card.editing.apply(
                f"Remove {card.noun}",
                lambda s: card.delete_record(s, record_id),
                origin=card.origin,
            )
        except ValidationError as exc:
            card.errors.show(exc)
            return
        except StorageError as exc:
            card.errors.show(ValidationError("", str(exc)))
            return
        self.cards.remove(card)
        card.deleteLater()
