"""One engagement open in the window: the step list, the current page and the private notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.flow.state import FlowState
from app.flow.steps import STEPS, StepId
from app.services.common import get_engagement
from app.storage import StorageError
from ui.editor.editing import EngagementEditing
from ui.editor.private_notes import PrivateNotesPanel
from ui.editor.step_list import StepList
from ui.followup.base import FollowupPage
from ui.pages.base import StepPage
from ui.style import heading, rescale_headings, soften
from ui.widgets.save_banner import SaveBanner

MEETING_SCALE = 1.3
_STEP_KEYS = frozenset(step.value for step in StepId)

PageFactory = Callable[[EngagementEditing], StepPage]
FollowupFactory = Callable[[EngagementEditing], FollowupPage]


class EngagementEditor(QWidget):
    """The diagnostic for one engagement. Any step can be opened at any time."""

    close_requested = Signal()

    def __init__(
        self,
        editing: EngagementEditing,
        page_factories: Sequence[PageFactory],
        followup_factories: Sequence[FollowupFactory] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.pages: dict[StepId, StepPage] = {}
        self.followups: dict[str, FollowupPage] = {}
        self.meeting_mode = False
        self._build(page_factories, followup_factories)
        self.step_list.currentRowChanged.connect(self._on_step_chosen)
        self.back_button.clicked.connect(self.close_requested)
        self.editing.changed.connect(self._on_changed)
        self.editing.save_problem.connect(self._on_save_problem)
        self.editing.save_recovered.connect(self.save_banner.show_saved)
        self.save_banner.retry_requested.connect(self.editing.retry_now)
        self.refresh_state()
        self.step_list.setCurrentRow(0)

    def _build(
        self, page_factories: Sequence[PageFactory], followup_factories: Sequence[FollowupFactory]
    ) -> None:
        self.back_button = QPushButton("← Consultations")
        self.back_button.setToolTip("Back to the list of consultations (Alt+Left)")
        self.title_label = heading(QLabel(), 1.2)
        self.version_label = soften(QLabel())
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.version_label)
        self.save_banner = SaveBanner()

        self.step_list = StepList()
        self.stack = QStackedWidget()
        for factory in page_factories:
            page = factory(self.editing)
            page.go_to_step.connect(self.go_to)
            self.pages[page.step_id] = page
        for step in STEPS:
            page = self.pages.get(step.id)
            if page is not None:
                with page.saver.loading():
                    page.reload()
                self.stack.addWidget(page)
        for followup_factory in followup_factories:
            followup = followup_factory(self.editing)  # fills itself when first shown
            self.followups[followup.key] = followup
            self.step_list.add_followup(followup.key, followup.title)
            self.stack.addWidget(followup)
        self.notes = PrivateNotesPanel(self.editing)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.step_list)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.notes)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([220, 800, 220])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(top)
        layout.addWidget(self.save_banner)
        layout.addWidget(splitter, 1)

    # Navigation -------------------------------------------------------------------------------

    def current_step(self) -> StepId:
        """The step on screen."""
        return self.step_list.step_at(self.step_list.currentRow())

    def go_to(self, step: StepId | str) -> None:
        """Show a step or a follow-up page (saving what is pending on the current one first)."""
        self.step_list.setCurrentRow(self.step_list.row_of(step))

    def go_next(self) -> None:
        """Show the next page, if any (headings are skipped)."""
        rows = [r for r in self.step_list.selectable_rows() if r > self.step_list.currentRow()]
        if rows:
            self.step_list.setCurrentRow(rows[0])

    def go_previous(self) -> None:
        """Show the previous page, if any (headings are skipped)."""
        rows = [r for r in self.step_list.selectable_rows() if r < self.step_list.currentRow()]
        if rows:
            self.step_list.setCurrentRow(rows[-1])

    def page(self, step: StepId) -> StepPage:
        """The page of a step."""
        return self.pages[step]

    def followup(self, key: str) -> FollowupPage:
        """A follow-up page by its key."""
        return self.followups[key]

    def _on_step_chosen(self, row: int) -> None:
        self.flush()
        key = self.step_list.key_at(row) if row >= 0 else None
        if key is None:
            return
        widget: QWidget | None = (
            self.pages.get(StepId(key)) if key in _STEP_KEYS else self.followups.get(key)
        )
        if widget is not None:
            self.stack.setCurrentWidget(widget)

    # State ------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Save every pending edit now."""
        for page in self.pages.values():
            page.flush()
        for followup in self.followups.values():
            followup.flush()
        self.notes.flush()

    def has_unsaved_errors(self) -> bool:
        """Whether some page holds input that could not be saved (invalid, or not written)."""
        return (
            bool(self.editing.waiting_savers())
            or any(page.has_unsaved_errors() for page in self.pages.values())
            or any(f.has_unsaved_errors() for f in self.followups.values())
        )

    def has_invalid_input(self) -> bool:
        """Whether a page holds input refused as invalid (edits waiting to be written aside)."""
        holding = self._pages_holding_waiting_edits()
        pages: list[StepPage | FollowupPage] = [*self.pages.values(), *self.followups.values()]
        return any(page.has_unsaved_errors() for page in pages if page not in holding)

    def waiting_edits(self) -> list[str]:
        """Each edit that could not be written yet, named: the page, the field and its start."""
        names = []
        for saver in self.editing.waiting_savers():
            owner = self._page_of(saver.parent())
            where = owner.accessibleName() if owner is not None else "This consultation"
            field = saver.edited_widget()
            if field is not None and field.accessibleName() and field is not owner:
                where = f"{where} — {field.accessibleName()}"
            names.append(f"{where}{_snippet(field)}")
        return names

    def _pages_holding_waiting_edits(self) -> list[QWidget]:
        owners = (self._page_of(saver.parent()) for saver in self.editing.waiting_savers())
        return [owner for owner in owners if owner is not None]

    def _page_of(self, obj: object) -> QWidget | None:
        """The page (or the private notes) an autosave belongs to."""
        if not isinstance(obj, QWidget):
            return None
        for page in (*self.pages.values(), *self.followups.values(), self.notes):
            if page is obj or page.isAncestorOf(obj):
                return page
        return None

    def _on_save_problem(self, message: str) -> None:
        if not message:
            self.save_banner.clear()
            return
        failure = self.editing.last_failure
        headline = failure.headline if failure is not None else "the database could not be written"
        self.save_banner.show_problem(headline, message)

    def refresh_state(self) -> FlowState | None:
        """Update the title, the version line and the step marks from the database."""
        try:
            state = self.editing.flow()
            engagement = self.editing.read(lambda s: get_engagement(s, self.editing.engagement_id))
        except StorageError:
            return None
        self.title_label.setText(f"{engagement.team_name} — {engagement.manager_name}")
        signed = "signed" if state.version_signed else "draft"
        self.version_label.setText(f"Agreement version {state.version} · {signed}")
        self.step_list.show_state(state)
        locked = state.version if state.version_signed else None
        for step_id, page in self.pages.items():
            if step_id is not StepId.agreement:  # where amending happens
                page.set_locked(locked)
        return state

    def set_meeting_mode(self, on: bool) -> None:
        """Larger type and no private notes for the shared screen."""
        self.meeting_mode = on
        self.notes.setVisible(not on)
        font = self.font()
        base = self.parentWidget().font() if self.parentWidget() else QApplication.font()
        font.setPointSizeF(base.pointSizeF() * (MEETING_SCALE if on else 1.0))
        self.setFont(font)
        rescale_headings(self)
        self.step_list.setMinimumWidth(self.step_list.sizeHintForColumn(0) + 40)
        for page in self.pages.values():
            page.set_meeting_mode(on)
        for followup in self.followups.values():
            followup.set_meeting_mode(on)

    def _on_changed(self, _origin: object) -> None:
        self.refresh_state()


def _snippet(widget: QWidget | None, length: int = 50) -> str:
    """': “the text's start…”' for a text input, '' otherwise."""
    if isinstance(widget, QLineEdit):
        text = widget.text()
    elif isinstance(widget, QPlainTextEdit):
        text = widget.toPlainText()
    else:
        return ""
    text = " ".join(text.split())
    if not text:
        return ""
    if len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return f": “{text}”"
