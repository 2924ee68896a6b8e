"""What every diagnostic page shares: its header, a scrolling body, autosave and inline errors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.flow.steps import STEP_BY_ID, StepId
from app.storage import StorageError
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.style import heading, soften
from ui.widgets.autosave import DebouncedSaver
from ui.widgets.field_errors import FieldErrors
from ui.widgets.page_body import PAGE_MARGINS, scrolling_body
from ui.widgets.record_cards import RecordList


class StepPage(QWidget):
    """One step of the diagnostic. Subclasses build `self.body`, `reload()` and `save()`.

    Edits are saved through `self.editing.apply(..., origin=self)`: a page does not reload
    itself after its own saves (the person is still typing), only after undo, redo or
    changes made elsewhere.
    """

    step_id: StepId
    go_to_step = Signal(object)  # a StepId the page suggests going to

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.errors = FieldErrors()
        self.saver = DebouncedSaver(self._save_now, self)
        self.record_lists: list[RecordList[Any]] = []  # lists of cards on this page
        step = STEP_BY_ID[self.step_id]
        self.setObjectName(f"page_{step.id.value}")
        self.setAccessibleName(f"Step {step.number}: {step.title}")

        self.title_label = heading(QLabel(f"{step.number}. {step.title}"), 1.4)
        self.question_label = soften(QLabel(step.question))
        self.question_label.setWordWrap(True)
        self.locked_label = QLabel()
        self.locked_label.setWordWrap(True)
        self.locked_label.setObjectName("locked_banner")
        self.locked_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.locked_label.setMargin(6)
        banner_font = self.locked_label.font()
        banner_font.setBold(True)
        self.locked_label.setFont(banner_font)
        self.locked_label.hide()

        self.body, self.body_layout, scroll = scrolling_body()
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.title_label)
        layout.addWidget(self.question_label)
        layout.addWidget(self.locked_label)
        layout.addWidget(scroll, 1)
        self.footer_layout = QVBoxLayout()  # stays in sight below the scrolling body
        layout.addLayout(self.footer_layout)
        layout.addWidget(self.errors.fallback)
        self.editing.changed.connect(self._on_changed)

    # For subclasses ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Fill the widgets from the database."""
        raise NotImplementedError

    def save(self) -> None:
        """Store what the widgets hold; raise `ValidationError` to show a message."""
        raise NotImplementedError

    def set_meeting_mode(self, on: bool) -> None:
        """Hide what is for the partner's eyes only (pages with such content override this)."""

    def set_locked(self, version: int | None) -> None:
        """Make the page read-only while `version` is signed (None: editable again)."""
        self.body.setEnabled(version is None)
        if version is None:
            self.locked_label.hide()
            return
        self.locked_label.setText(
            f"Version {version} of the agreement is signed, so this is read-only. "
            "To change it, amend the agreement in step 7."
        )
        self.locked_label.show()

    # Shared behaviour -------------------------------------------------------------------------

    def flush(self) -> None:
        """Save pending edits now (before leaving the page or closing)."""
        self.saver.flush()
        for records in self.record_lists:
            records.flush()

    def has_unsaved_errors(self) -> bool:
        """Whether some input could not be saved because it is invalid."""
        return bool(self.errors.shown_fields()) or any(
            records.has_unsaved_errors() for records in self.record_lists
        )

    def _save_now(self) -> None:
        self.errors.clear()
        try:
            self.save()
        except ValidationError as exc:
            self.errors.show(exc)
        except StorageError as exc:
            self.errors.show(ValidationError("", str(exc)))

    def _on_changed(self, origin: object) -> None:
        # Keep invalid text the person is still fixing, unless undo or redo put data back.
        if origin is not None and self.has_unsaved_errors():
            return
        if origin is not self:
            self.saver.cancel()
            with self.saver.loading():
                self.reload()
