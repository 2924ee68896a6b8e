"""What the list of consultations does besides opening: duplicate, delete with undo, recent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.exchange import ExchangeError
from app.services.listing import EngagementRef, EngagementSummary
from app.services.trash import DeletedEngagement
from app.storage import StorageError
from app.validation import NotFoundError, ValidationError
from ui.editor.host import EditorHost
from ui.engagement_table_model import EngagementTableModel
from ui.home_page import HomePage
from ui.widgets.questions import chose_action, destructive_question

RECENT_SHOWN = 8
NOTICE_MS = 20_000
_RECENT_KEY = "home/recent_uids"
_RECENT_KEPT = 2 * RECENT_SHOWN  # deleted ones are skipped, and come back with an undo
_FAILURES = (StorageError, ValidationError, NotFoundError, ExchangeError)

T = TypeVar("T")


class HomeStore(Protocol):
    """What these actions need from the data (an `ui.store.EngagementStore` in the app)."""

    def duplicate(self, engagement_id: int) -> int: ...

    def delete(self, engagement_id: int) -> DeletedEngagement: ...

    def restore(self, deleted: DeletedEngagement) -> int: ...

    def ref(self, engagement_id: int) -> EngagementRef | None: ...

    def refs(self, uids: Iterable[str]) -> dict[str, EngagementRef]: ...


class EngagementList(Protocol):
    """The list these actions act on (the main window)."""

    def refresh(self) -> None: ...

    def select_engagement(self, engagement_id: int) -> bool: ...

    def selected_engagement_id(self) -> int | None: ...


def _menu_text(text: str) -> str:
    """Text for a menu item: a "&" in a team name is shown, not taken as a shortcut key."""
    return text.replace("&", "&&")


class DeleteQuestion:
    """Asks before deleting a consultation (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, summary: EngagementSummary) -> bool:
        """True to delete, False to keep it."""
        box = cls.box(parent, summary)
        box.exec()
        return chose_action(box)

    @staticmethod
    def box(parent: QWidget, summary: EngagementSummary) -> QMessageBox:
        """The question, with Delete and Cancel (the default) buttons."""
        return destructive_question(
            parent,
            title="Delete this consultation?",
            text=f"Delete the consultation with “{summary.team_name}” ({summary.manager_name})?",
            informative=(
                "Everything in it goes: the diagnostic, the agreement and any signed versions, "
                "the check-ins and your private notes. You can undo this with Ctrl+Z until you "
                "close Scaffold."
            ),
            action="Delete",
        )


class UndoNotice(QWidget):
    """A line in the status bar after a deletion: what went, and a button to bring it back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Bring the consultation back (Ctrl+Z)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 0, 0, 0)  # apart from the count beside it
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_deleted(self, team_name: str) -> None:
        """Say what was deleted and offer the undo for a while."""
        self.label.setText(f"Deleted “{team_name}”.")
        self.show()
        self._timer.start()

    def dismiss(self, _index: int = 0) -> None:
        """Hide the notice (the undo stack moved: it no longer says what Ctrl+Z does)."""
        self.hide()


class _DeleteStep(QUndoCommand):
    """One deletion on the list's undo stack: undo puts the consultation back, redo deletes it."""

    def __init__(self, actions: HomeActions, deleted: DeletedEngagement) -> None:
        super().__init__(f"Delete “{_menu_text(deleted.team_name)}”")
        self._actions = actions
        self.deleted = deleted
        self._done = True  # pushed after the deletion succeeded: the first redo has nothing to do

    def redo(self) -> None:
        if self._done:
            return
        deleted = self._actions.delete_again(self.deleted.engagement_id)
        if deleted is None:
            self.setObsolete(True)
        else:
            self.deleted, self._done = deleted, True

    def undo(self) -> None:
        engagement_id = self._actions.put_back(self.deleted)
        if engagement_id is None:
            self.setObsolete(True)
        else:
            self.deleted, self._done = replace(self.deleted, engagement_id=engagement_id), False


class RecentEngagements:
    """The consultations opened last, newest first, remembered by uid (ids can be reused)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def uids(self) -> list[str]:
        """Remembered uids, newest first (some may have been deleted since)."""
        value = self._settings.value(_RECENT_KEY, "", str)
        return [uid for uid in str(value).split(",") if uid]

    def add(self, uid: str) -> None:
        """Put `uid` first."""
        kept = [uid, *(u for u in self.uids() if u != uid)][:_RECENT_KEPT]
        self._settings.setValue(_RECENT_KEY, ",".join(kept))

    def clear(self) -> None:
        """Forget them all."""
        self._settings.setValue(_RECENT_KEY, "")


class HomeActions(QObject):
    """Duplicate, Delete… (undoable), the row's context menu and File ▸ Open Recent."""

    def __init__(
        self,
        window: QMainWindow,
        store: HomeStore,
        listing: EngagementList,
        home: HomePage,
        host: EditorHost,
        settings: QSettings,
        open_action: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._open_action = open_action
        self._store = store
        self._listing = listing
        self._home = home
        self._host = host
        self.recent = RecentEngagements(settings)
        self.notice = UndoNotice()
        self.undo_stack = QUndoStack(self)
        host.undo_group.addStack(self.undo_stack)
        host.undo_group.setActiveStack(self.undo_stack)
        self._build()
        self._connect()
        self.update_enabled()

    def _build(self) -> None:
        w = self._window
        self.duplicate_action = QAction("&Duplicate", w)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+D"))
        self.duplicate_action.setStatusTip("Copy the diagnostic into a new draft consultation")
        self.delete_action = QAction("&Delete…", w)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setStatusTip("Delete the selected consultation (you can undo it)")
        # The Delete key deletes a consultation only in the list, never a character elsewhere.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._home.table.addAction(self.delete_action)
        self.recent_menu = QMenu("Open &recent", w)
        self.clear_recent_action = QAction("&Clear this list", w)

    def _connect(self) -> None:
        self.duplicate_action.triggered.connect(self._on_duplicate)
        self.delete_action.triggered.connect(self._on_delete)
        self.notice.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.indexChanged.connect(self.notice.dismiss)  # gone with the notice
        self.recent_menu.aboutToShow.connect(self.update_recent_menu)
        self.clear_recent_action.triggered.connect(self.recent.clear)
        self._home.table.customContextMenuRequested.connect(self._on_context_menu)
        selection = self._home.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self.update_enabled())
        model = self._home.table.model()
        model.modelReset.connect(self.update_enabled)
        self._host.opened.connect(self._on_editor_opened)
        self._host.closed.connect(self._on_editor_closed)

    # State --------------------------------------------------------------------------------------

    def update_enabled(self) -> None:
        """Duplicate and Delete act on the selected row, only while the list is shown."""
        on = self._host.editor is None and self._listing.selected_engagement_id() is not None
        self.duplicate_action.setEnabled(on)
        self.delete_action.setEnabled(on)

    def _on_editor_opened(self, engagement_id: int) -> None:
        ref = self._store_call(lambda: self._store.ref(engagement_id))
        if ref is not None:
            self.recent.add(ref.uid)
        self.notice.hide()
        self.update_enabled()

    def _on_editor_closed(self) -> None:
        # The editor's stack left the group with the editor: the list's undo is active again.
        self._host.undo_group.setActiveStack(self.undo_stack)
        self.update_enabled()

    # Duplicate ----------------------------------------------------------------------------------

    def _on_duplicate(self) -> None:
        engagement_id = self._listing.selected_engagement_id()
        if engagement_id is None:
            return
        copy_id = self._store_call(lambda: self._store.duplicate(engagement_id))
        if copy_id is None:
            return
        self._listing.refresh()
        if not self._listing.select_engagement(copy_id):
            self._home.clear_filters()  # the search or filter hid the copy
            self._listing.refresh()
            self._listing.select_engagement(copy_id)
        ref = self._store_call(lambda: self._store.ref(copy_id))
        name = ref.team_name if ref is not None else "the copy"
        self._window.statusBar().showMessage(
            f"Copied as “{name}”, a new draft. Press Enter to open it.", 8000
        )

    # Delete and undo ----------------------------------------------------------------------------

    def _on_delete(self) -> None:
        engagement_id = self._listing.selected_engagement_id()
        if engagement_id is None:
            return
        model = self._home.table.model()
        assert isinstance(model, EngagementTableModel)
        row = model.row_of(engagement_id)
        assert row is not None
        if not DeleteQuestion.ask(self._window, model.row_at(row)):
            return
        deleted = self._store_call(lambda: self._store.delete(engagement_id))
        if deleted is None:
            return
        self.undo_stack.push(_DeleteStep(self, deleted))
        self._listing.refresh()
        if model.rowCount():
            self._listing.select_engagement(model.row_at(min(row, model.rowCount() - 1)).id)
        self._window.statusBar().clearMessage()
        self.notice.show_deleted(deleted.team_name)

    def put_back(self, deleted: DeletedEngagement) -> int | None:
        """Restore a deleted consultation and show it selected; its id, or None if that failed."""
        engagement_id = self._store_call(lambda: self._store.restore(deleted))
        if engagement_id is None:
            return None
        self._listing.refresh()
        if not self._listing.select_engagement(engagement_id):
            self._home.clear_filters()
            self._listing.refresh()
            self._listing.select_engagement(engagement_id)
        self._window.statusBar().showMessage(f"“{deleted.team_name}” is back.", 5000)
        return engagement_id

    def delete_again(self, engagement_id: int) -> DeletedEngagement | None:
        """Redo a deletion; what it takes to undo it again, or None if that failed."""
        deleted = self._store_call(lambda: self._store.delete(engagement_id))
        if deleted is not None:
            self._listing.refresh()
            self._window.statusBar().showMessage(f"Deleted “{deleted.team_name}”.", 5000)
        return deleted

    def _store_call(self, call: Callable[[], T]) -> T | None:
        """Run a store call; on failure say why in the status bar and return None."""
        try:
            return call()
        except _FAILURES as exc:
            self._window.statusBar().showMessage(_message(exc), 10000)
            return None

    # Context menu and recent --------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The menu of a row: Open, Duplicate and Delete…."""
        menu = QMenu(self._home.table)
        menu.addAction(self._open_action)
        menu.addSeparator()
        menu.addAction(self.duplicate_action)
        menu.addAction(self.delete_action)
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self._home.table.indexAt(pos)
        if not index.isValid():
            return
        model = self._home.table.model()
        assert isinstance(model, EngagementTableModel)
        self._listing.select_engagement(model.row_at(index.row()).id)
        menu = self.context_menu()
        menu.exec(self._home.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def update_recent_menu(self) -> None:
        """Fill File ▸ Open Recent: the last consultations opened that still exist."""
        menu = self.recent_menu
        menu.clear()
        uids = self.recent.uids()
        refs = self._store_call(lambda: self._store.refs(uids)) or {}
        shown = [refs[uid] for uid in uids if uid in refs][:RECENT_SHOWN]
        for number, ref in enumerate(shown, start=1):
            text = _menu_text(f"{ref.team_name} ({ref.manager_name})")
            action = menu.addAction(f"&{number} {text}")
            action.setData(ref.id)
            action.triggered.connect(lambda _=False, eid=ref.id: self._host.open(eid))
        if not shown:
            menu.addAction("No consultations opened yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.clear_recent_action)
        self.clear_recent_action.setEnabled(bool(shown))


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return exc.message
    return str(exc)
