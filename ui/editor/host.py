"""Opening and closing the editor in the main window, with its menus, shortcuts and undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget
from sqlalchemy import Engine

from app.flow.steps import STEPS, StepId
from app.services.common import get_engagement
from app.storage import StorageError
from app.validation import NotFoundError
from ui.editor.editing import EngagementEditing
from ui.editor.editor_widget import EngagementEditor
from ui.editor.unsaved_question import Leave, NotSavedQuestion
from ui.followup.registry import FOLLOWUP_FACTORIES, FOLLOWUP_TITLES
from ui.pages.registry import PAGE_FACTORIES

if TYPE_CHECKING:
    from sqlmodel import Session

    from ui.plan.view import PlanView

_LAST_KEY = "editor/last_engagement"


def _render_progress(session: Session, engagement_id: int, paper: str) -> bytes:
    """The progress report's PDF; WeasyPrint and the charts load on first use."""
    from app.reports.progress import render_progress_pdf

    return render_progress_pdf(session, engagement_id, paper=paper)


_MEETING_KEY = "editor/meeting_mode"


class UnsavedInputQuestion:
    """Asks whether to leave although some input could not be saved (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget) -> bool:
        """True to leave anyway (the invalid input is dropped), False to stay and fix it."""
        answer = QMessageBox.question(
            parent,
            "Some input is not saved",
            "Some input could not be saved because it is not valid (see the red lines). "
            "Leave anyway and lose just that input?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


class EditorHost(QObject):
    """Puts an engagement's editor in the window's stack, and takes it out again."""

    opened = Signal(int)
    closed = Signal()

    def __init__(
        self,
        window: QMainWindow,
        stack: QStackedWidget,
        engine: Engine,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._engine = engine
        self._settings = settings
        self.editor: EngagementEditor | None = None
        self.plan_view: PlanView | None = None
        self.undo_group = QUndoGroup(self)
        self._build_actions()

    # Actions ----------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        w = self._window
        self.undo_action = self.undo_group.createUndoAction(w, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(w, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.meeting_action = QAction("&Meeting mode", w)
        self.meeting_action.setCheckable(True)
        self.meeting_action.setShortcut(QKeySequence("Ctrl+M"))
        self.meeting_action.setStatusTip("Larger type for a shared screen; private notes hidden")
        self.meeting_action.setChecked(bool(self._settings.value(_MEETING_KEY, False, bool)))
        self.plan_action = QAction("&Plan…", w)
        self.plan_action.setShortcut(QKeySequence("Ctrl+P"))
        self.plan_action.setStatusTip("See the plan as it prints; save it as a PDF or print it")
        self.close_action = QAction("&Back to consultations", w)
        self.close_action.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Alt+Left")])
        self.next_action = QAction("&Next step", w)
        self.next_action.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.previous_action = QAction("&Previous step", w)
        self.previous_action.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.step_actions: list[QAction] = []
        for step in STEPS:
            action = QAction(f"&{step.number}. {step.title}", w)
            action.setShortcut(QKeySequence(f"Ctrl+{step.number}"))
            action.triggered.connect(lambda _=False, s=step.id: self._go(s))
            self.step_actions.append(action)
        self.followup_actions: list[QAction] = []
        for n, (key, title) in enumerate(FOLLOWUP_TITLES, start=len(STEPS) + 1):
            action = QAction(f"&{n}. {title}", w)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, k=key: self._go(k))
            self.followup_actions.append(action)
        self.report_action = QAction("Progress &report…", w)
        self.report_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.report_action.setStatusTip("See the progress report as it prints; save it as a PDF")
        self.report_action.triggered.connect(self.show_progress_report)
        self.meeting_action.toggled.connect(self._on_meeting_mode)
        self.close_action.triggered.connect(self.close)
        self.plan_action.triggered.connect(self.show_plan)
        self.next_action.triggered.connect(lambda: self.editor and self.editor.go_next())
        self.previous_action.triggered.connect(lambda: self.editor and self.editor.go_previous())
        self._enable_editor_actions(False)

    def fill_menus(self, edit_menu: QMenu, view_menu: QMenu) -> QMenu:
        """Add the editing and navigation actions; returns the Go menu it made."""
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        view_menu.addAction(self.meeting_action)
        go_menu = QMenu("&Go", self._window)
        go_menu.addAction(self.close_action)
        go_menu.addSeparator()
        go_menu.addAction(self.previous_action)
        go_menu.addAction(self.next_action)
        go_menu.addSeparator()
        for action in self.step_actions:
            go_menu.addAction(action)
        go_menu.addSeparator()
        for action in self.followup_actions:
            go_menu.addAction(action)
        return go_menu

    def _enable_editor_actions(self, on: bool) -> None:
        for action in (
            self.close_action,
            self.plan_action,
            self.report_action,
            self.next_action,
            self.previous_action,
        ):
            action.setEnabled(on)
        for action in (*self.step_actions, *self.followup_actions):
            action.setEnabled(on)

    # Opening and closing ----------------------------------------------------------------------

    def open(self, engagement_id: int) -> bool:
        """Show the diagnostic of an engagement (closing the one open before)."""
        if self.editor is not None and not self.close():
            return False
        editing = EngagementEditing(self._engine, engagement_id, self)
        try:
            editor = EngagementEditor(editing, PAGE_FACTORIES, FOLLOWUP_FACTORIES)
        except (NotFoundError, StorageError) as exc:
            self._window.statusBar().showMessage(str(exc), 8000)
            editing.deleteLater()
            return False
        editor.close_requested.connect(self.close)
        progress = editor.followups.get("progress")
        if progress is not None:
            progress.report_requested.connect(self.show_progress_report)  # type: ignore[attr-defined]
        editing.saved.connect(lambda text: self._window.statusBar().showMessage(text, 3000))
        editing.failed.connect(lambda text: self._window.statusBar().showMessage(text))
        self.undo_group.addStack(editing.undo_stack)
        self.undo_group.setActiveStack(editing.undo_stack)
        self.editor = editor
        self._stack.addWidget(editor)
        self._stack.setCurrentWidget(editor)
        editor.set_meeting_mode(self.meeting_action.isChecked())
        editor.step_list.setFocus()
        self._enable_editor_actions(True)
        self._settings.setValue(_LAST_KEY, engagement_id)
        self.opened.emit(engagement_id)
        return True

    def close(self) -> bool:
        """Save what is pending and go back to the list; False if the person chose to stay."""
        editor = self.editor
        if editor is None:
            return True
        if not self.settle(editor):
            return False
        self._close_plan()
        self.undo_group.removeStack(editor.editing.undo_stack)
        self._stack.removeWidget(editor)
        editor.deleteLater()
        editor.editing.deleteLater()
        self.editor = None
        self._enable_editor_actions(False)
        self._settings.setValue(_LAST_KEY, 0)
        self.closed.emit()
        return True

    def shutdown(self) -> bool:
        """Before the window closes: save what is pending; False if the person chose to stay.

        The open engagement is remembered, to reopen it next time.
        """
        editor = self.editor
        if editor is None:
            return True
        if not self.settle(editor):
            return False
        self._close_plan()
        return True

    def settle(self, editor: EngagementEditor) -> bool:
        """Before the editor goes: save what is pending; for what cannot be saved, ask.

        Invalid input asks `UnsavedInputQuestion`; edits the database refused to take (a full
        disk, a read-only folder…) ask `NotSavedQuestion`: try again, close anyway losing the
        named edits, or stay. Nothing is dropped without an answer. False: the person stays.
        """
        editor.flush()
        editing = editor.editing
        if editing.waiting_savers():
            editing.retry_now()
        if editor.has_invalid_input() and not UnsavedInputQuestion.ask(self._window):
            return False
        while editing.waiting_savers() and not editing.retry_now():
            failure = editing.last_failure
            problem = str(failure) if failure is not None else "The database could not be written."
            answer = NotSavedQuestion.ask(self._window, problem, editor.waiting_edits())
            if answer is Leave.stay:
                return False
            if answer is Leave.discard:
                editing.forget_waiting()
                editor.save_banner.clear()
        return True

    def show_plan(self, *, progress: bool = False) -> None:
        """Show the open engagement's plan as it prints (rendered afresh from what is saved).

        With `progress`, the progress report instead (one preview window at a time).
        """
        editor = self.editor
        if editor is None:
            return
        editor.flush()  # the plan shows what was just typed
        from ui.plan.view import PlanView  # QtPdf loads on first use

        engagement_id = editor.editing.engagement_id
        view = self.plan_view
        if view is None or view.engagement_id != engagement_id or view.is_progress != progress:
            self._close_plan()
            extra: dict[str, object] = {}
            if progress:
                extra = {
                    "render": _render_progress,
                    "title": "Progress report",
                    "document": "Progress report",
                }
            view = PlanView(
                self._engine,
                engagement_id,
                team=self._team_name(editor),
                settings=self._settings,
                meeting=self.meeting_action.isChecked(),
                parent=self._window,
                **extra,  # type: ignore[arg-type]
            )
            view.is_progress = progress
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.finished.connect(lambda _result, v=view: self._forget_plan(v))
            self.plan_view = view
            view.show()
        else:
            view.render()  # the diagnostic may have changed since
            view.raise_()
        view.activateWindow()

    def show_progress_report(self) -> None:
        """Show the open engagement's progress report as it prints."""
        self.show_plan(progress=True)

    @staticmethod
    def _team_name(editor: EngagementEditor) -> str:
        editing = editor.editing
        try:
            return editing.read(lambda s: get_engagement(s, editing.engagement_id)).team_name
        except (NotFoundError, StorageError):
            return ""

    def _forget_plan(self, view: PlanView) -> None:
        if self.plan_view is view:
            self.plan_view = None

    def _close_plan(self) -> None:
        if self.plan_view is not None:
            self.plan_view.close()
            self.plan_view = None

    def last_engagement(self) -> int | None:
        """The engagement that was open when the window last closed, if any."""
        value = self._settings.value(_LAST_KEY, 0, int)
        return int(value) if value else None

    def _go(self, step: StepId) -> None:
        if self.editor is not None:
            self.editor.go_to(step)

    def _on_meeting_mode(self, on: bool) -> None:
        self._settings.setValue(_MEETING_KEY, on)
        if self.editor is not None:
            self.editor.set_meeting_mode(on)
