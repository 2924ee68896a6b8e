"""Scaffold's main window: menus, status bar, and the home page's list of consultations."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget
from sqlalchemy import Engine

from app.privacy import restrict_to_owner
from app.services.engagements import EngagementDetails
from app.services.listing import EngagementSummary
from app.storage import StorageError, resolve_db_path
from app.vocab import EngagementStatus
from ui.dialogs.about import AboutDialog
from ui.dialogs.backup_actions import BackupActions
from ui.dialogs.library_editor import LibraryEditorDialog
from ui.dialogs.person_data_dialog import PersonDataDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.editor.host import EditorHost
from ui.engagement_table_model import EngagementTableModel
from ui.home_actions import HomeActions, HomeStore
from ui.home_page import HomePage
from ui.new_engagement_dialog import NewEngagementDialog
from ui.store import EngagementStore, LibraryStore

SEARCH_DELAY_MS = 150
DEFAULT_SIZE = (1280, 800)  # the diagnostic needs room; capped to the screen below

_GEOMETRY_KEY = "main_window/geometry"
_STATE_KEY = "main_window/state"
_HEADER_KEY = "main_window/table_header"


class EngagementSource(HomeStore, Protocol):
    """What the window needs from the data (an `ui.store.EngagementStore` in the app)."""

    @property
    def location(self) -> object: ...

    def list(
        self,
        search: str = "",
        status: EngagementStatus | None = None,
        *,
        include_private: bool = True,
    ) -> list[EngagementSummary]: ...

    def count(self) -> int: ...

    def create(self, details: EngagementDetails) -> int: ...

    @property
    def engine(self) -> Engine: ...


def demo_command(database: object) -> str:
    """How to load the sample into `database` from a terminal."""
    path = Path(str(database))
    if path == resolve_db_path(None):
        return "scaffold demo"
    return f"scaffold demo --db {shlex.quote(str(path))}"


class MainWindow(QMainWindow):
    """The window a partner opens in the meeting; it starts on the list of consultations."""

    def __init__(
        self, store: EngagementSource, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._kept_selection: int | None = None
        self.model = EngagementTableModel(self)
        self.home = HomePage(self.model)
        self.home.dashboard.set_engine(store.engine)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.host = EditorHost(self, self.pages, store.engine, settings)
        self.open_action = QAction("&Open consultation", self)
        self.home_actions = HomeActions(
            self, store, self, self.home, self.host, settings, self.open_action
        )
        self.backup_actions = BackupActions(
            self, store.engine, close_consultation=self.host.close, reload=self._on_restored
        )
        self._build()
        self._connect()
        self._restore_settings()
        self.refresh()
        last = self.host.last_engagement()
        if last is not None and self.model.row_of(last) is not None:
            self.host.open(last)

    # Layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle("Scaffold")
        self.setCentralWidget(self.pages)

        self.new_action = QAction("&New consultation…", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setStatusTip("Start a consultation with a team manager")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.find_action = QAction("&Find…", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.setStatusTip("Open the selected consultation (or press Enter in the list)")
        self.library_action = QAction("Scaffold &library…", self)
        self.library_action.setShortcut(QKeySequence("Ctrl+L"))
        self.library_action.setStatusTip("Add, edit and retire the scaffolds Scaffold suggests")
        self.preferences_action = QAction("&Preferences…", self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.setStatusTip(
            "Your name, and the paper, organisation and logo of the plan"
        )
        self.about_action = QAction("&About Scaffold", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.home_actions.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.host.plan_action)
        file_menu.addAction(self.host.report_action)
        file_menu.addSeparator()
        file_menu.addAction(self.home_actions.duplicate_action)
        file_menu.addAction(self.home_actions.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_actions.backup_action)
        file_menu.addAction(self.backup_actions.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        self.menuBar().addMenu(self.host.fill_menus(edit_menu, view_menu))
        tools_menu = self.menuBar().addMenu("&Tools")
        tools_menu.addAction(self.library_action)
        self.people_data_action = tools_menu.addAction("&People's data…", self._on_people_data)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

        self.count_label = QLabel()
        self.database_label = QLabel(f"Database: {self._store.location}")
        self.database_label.setToolTip("Where Scaffold keeps your consultations")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.home_actions.notice)
        self.statusBar().addPermanentWidget(self.database_label)
        self.home.empty_state.set_demo_command(demo_command(self._store.location))

    def _connect(self) -> None:
        self.new_action.triggered.connect(self._on_new_engagement)
        self.quit_action.triggered.connect(self.close)
        self.refresh_action.triggered.connect(self.refresh)
        self.find_action.triggered.connect(self._on_find)
        self.about_action.triggered.connect(self._on_about)
        self.library_action.triggered.connect(self._on_library)
        self.preferences_action.triggered.connect(self._on_preferences)
        self.home.new_button.clicked.connect(self._on_new_engagement)
        self.home.empty_state.start_button.clicked.connect(self._on_new_engagement)
        self.home.search_edit.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.refresh)
        self.home.status_combo.currentIndexChanged.connect(self.refresh)
        self.home.clear_filters_button.clicked.connect(self._on_clear_filters)
        self.open_action.triggered.connect(self._on_open)
        self.home.table.activated.connect(lambda _index: self._on_open())
        self.home.dashboard.open_requested.connect(self.host.open)
        self.host.opened.connect(self._on_editor_opened)
        self.host.closed.connect(self._on_editor_closed)
        self.host.meeting_action.toggled.connect(self._on_meeting_mode)
        # Refreshing and sorting reset the model: select the same engagement again afterwards.
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

    # Behaviour ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list with the current search and filter, keeping the selected row."""
        self._search_timer.stop()
        private = not self.host.meeting_action.isChecked()  # notes stay private in meetings
        self.home.set_notes_searchable(private)
        try:
            rows = self._store.list(
                self.home.search_edit.text(), self.home.status_filter(), include_private=private
            )
            # Filters that leave nothing are not the same as an empty database.
            has_any = bool(rows) or (self.home.filters_active() and self._store.count() > 0)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc))
            return
        self.model.set_rows(rows)  # the selected engagement stays selected (_remember_selection)
        if rows:
            self.home.show_table()
            if self.selected_engagement_id() is None:
                # Enter opens the top consultation straight away.
                self.select_engagement(self.model.row_at(0).id)
        elif has_any:
            self.home.show_no_match()
        else:
            self.home.clear_filters()
            self.home.show_welcome()
        self._show_count(len(rows))

    def selected_engagement_id(self) -> int | None:
        """The id of the engagement selected in the list, if any."""
        rows = self.home.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def select_engagement(self, engagement_id: int) -> bool:
        """Select and scroll to the engagement's row; False if it is not in the list."""
        row = self.model.row_of(engagement_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.home.table.selectionModel().setCurrentIndex(index, flags)
        self.home.table.scrollTo(index)
        return True

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_engagement_id()

    def _restore_selection(self) -> None:
        if self._kept_selection is not None:
            self.select_engagement(self._kept_selection)

    def _show_count(self, shown: int) -> None:
        if self.home.showing_welcome():
            self.count_label.clear()
        else:
            noun = "consultation" if shown == 1 else "consultations"
            self.count_label.setText(f"{shown} {noun} shown")

    def _on_new_engagement(self) -> None:
        created = NewEngagementDialog.ask(self, self._store.create)
        if created is None:
            return
        self.home.clear_filters()
        self.refresh()
        self.select_engagement(created)
        self.statusBar().showMessage("Consultation started.", 5000)
        self.host.open(created)

    def _on_open(self) -> None:
        engagement_id = self.selected_engagement_id()
        if engagement_id is not None:
            self.host.open(engagement_id)

    def _on_editor_opened(self, _engagement_id: int) -> None:
        for action in (self.find_action, self.refresh_action, self.open_action):
            action.setEnabled(False)
        self.count_label.hide()  # the list's count means nothing beside the diagnostic

    def _on_editor_closed(self) -> None:
        for action in (self.find_action, self.refresh_action, self.open_action):
            action.setEnabled(True)
        self.count_label.show()
        self.pages.setCurrentWidget(self.home)
        self.refresh()
        self.home.table.setFocus()

    def _on_meeting_mode(self, _on: bool) -> None:
        if self.host.editor is None:
            self.refresh()

    def _on_find(self) -> None:
        if not self.home.showing_welcome():
            self.home.search_edit.setFocus()
            self.home.search_edit.selectAll()

    def _on_clear_filters(self) -> None:
        self.home.clear_filters()
        self.refresh()
        self.home.search_edit.setFocus()

    def _on_library(self) -> None:
        dialog = LibraryEditorDialog(
            LibraryStore(self._store.engine), self, meeting=self.host.meeting_action.isChecked()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_preferences(self) -> None:
        if PreferencesDialog.ask(self, EngagementStore(self._store.engine)):
            self.statusBar().showMessage("Preferences saved.", 5000)

    def _on_restored(self) -> None:
        """The file now holds the restored data: drop old connections and undo, read it all."""
        self._store.engine.dispose()
        self.home_actions.undo_stack.clear()
        self.home_actions.notice.hide()
        self.refresh()

    def _on_people_data(self) -> None:
        if self.host.close():  # an open consultation must not save forgotten text back
            PersonDataDialog.show_for(self, self._store.engine, on_forgotten=self._on_forgotten)

    def _on_forgotten(self, _name: str) -> None:
        self.home_actions.undo_stack.clear()  # an undone deletion must not bring them back
        self.refresh()

    def _on_about(self) -> None:
        AboutDialog.ask(self, self._store.location)

    # Remembered geometry --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self._settings.value(_GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            width, height = DEFAULT_SIZE
            screen = self.screen().availableGeometry()
            self.resize(min(width, screen.width()), min(height, screen.height()))
        state = self._settings.value(_STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        header = self._settings.value(_HEADER_KEY)
        if isinstance(header, QByteArray):
            view_header = self.home.table.horizontalHeader()
            view_header.restoreState(header)
            # The sort column comes back with the header; the rows follow it.
            self.model.sort(view_header.sortIndicatorSection(), view_header.sortIndicatorOrder())

    def save_settings(self) -> None:
        """Remember the window's size, place and column widths."""
        self._settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(_STATE_KEY, self.saveState())
        self._settings.setValue(_HEADER_KEY, self.home.table.horizontalHeader().saveState())
        self._settings.sync()
        restrict_to_owner(Path(self._settings.fileName()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.host.shutdown():
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)
