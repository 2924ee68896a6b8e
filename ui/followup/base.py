"""What a follow-up page shares: a title, a line saying what it is for, and a scrolling body."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.editor.editing import EngagementEditing
from ui.style import heading, soften
from ui.widgets.page_body import PAGE_MARGINS, scrolling_body


class FollowupPage(QWidget):
    """A page after the diagnostic. Subclasses set `key`, `title`, `purpose` and fill `body`.

    It saves through dialogs and buttons (no autosave), so `flush()` has nothing to do by
    default. It reloads when the engagement changes (undo and redo included) if it is on screen;
    otherwise when it next comes on screen, so typing on other pages never redraws its charts.
    """

    key: str
    title: str
    purpose: str

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self.stale = True  # reload when next shown
        self.setObjectName(f"page_{self.key}")
        self.setAccessibleName(self.title)
        self.title_label = heading(QLabel(self.title), 1.4)
        self.purpose_label = soften(QLabel(self.purpose))
        self.purpose_label.setWordWrap(True)
        self.body, self.body_layout, scroll = scrolling_body()
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.title_label)
        layout.addWidget(self.purpose_label)
        layout.addWidget(scroll, 1)
        self.editing.changed.connect(self._on_changed)

    def reload(self) -> None:
        """Fill the widgets from the database."""
        raise NotImplementedError

    def flush(self) -> None:
        """Save what is pending (nothing, unless a subclass types into the page itself)."""

    def has_unsaved_errors(self) -> bool:
        """Whether the page holds input that could not be saved."""
        return False

    def set_meeting_mode(self, on: bool) -> None:
        """Hide what is for the partner's eyes only; the base page has nothing to hide."""

    def _on_changed(self, _origin: object) -> None:
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Catch up with changes made while the page was hidden."""
        if self.stale:
            self.stale = False
            self.reload()
        super().showEvent(event)
