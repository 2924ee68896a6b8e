"""Scaffold's main window: menus, status bar, and the home page's list of consultations.

The window comes up in two steps, so a partner sees it at once: `MainWindow(None, settings)`
paints the frame (menus, the empty list) before the database layer is even imported; `attach`
then gives it the opened store and fills it. `MainWindow(store, settings)` does both at once.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from ui.engagement_table_model import EngagementTableModel
from ui.home_page import HomePage

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.services.engagements import EngagementDetails
    from app.services.listing import EngagementSummary
    from app.vocab import EngagementStatus
    from ui.dialogs.backup_actions import BackupActions
    from ui.editor.host import EditorHost
    from ui.home_actions import HomeActions, HomeStore

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

        def forget_list(self) -> None: ...

        def create(self, details: EngagementDetails) -> int: ...

        @property
        def engine(self) -> Engine: ...


SEARCH_DELAY_MS = 150
DEFAULT_SIZE = (1280, 800)  # the diagnostic needs room; capped to the screen below

_GEOMETRY_KEY = "main_window/geometry"
_STATE_KEY = "main_window/state"
_HEADER_KEY = "main_window/table_header"


def demo_command(database: object) -> str:
    """How to load the sample into `database` from a terminal."""
    from app.paths import resolve_db_path

    path = Path(str(database))
    if path == resolve_db_path(None):
        return "scaffold demo"
    return f"scaffold demo --db {shlex.quote(str(path))}"


class MainWindow(QMainWindow):
    """The window a partner opens in the meeting; it starts on the list of consultations."""

    attached = Signal()  # the store is in and the list filled: the window is ready for work
    reopen_requested = Signal()  # the file changed under the store: open it again (app_main)

    def __init__(
        self, store: EngagementSource | None, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store: EngagementSource | None = None
        self._ready = False
        self._settings = settings
        self._kept_selection: int | None = None
        self.model = EngagementTableModel(self)
        self.home = HomePage(self.model)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.open_action = QAction("&Open consultation", self)
        self._build_frame()
        self._connect_frame()
        self._restore_settings()
        if store is not None:
            self.attach(store)

    @property
    def store(self) -> EngagementSource | None:
        """The opened database, once attached."""
        return self._store

    @property
    def ready(self) -> bool:
        """Whether the store is attached and every action that needs it is in place."""
        return self._ready

    def attach(self, store: EngagementSource, *, rest_later: bool = False) -> None:
        """Give the window its opened database: the list first, then the actions that need it.

        With `rest_later` only the list is filled; the caller builds the rest (the editor, the
        list's actions, backups, the overview) with `finish_attach`, e.g. once the filled list
        has painted. `attached` is emitted when all is done.
        """
        self._store = store
        self.database_label.setText(f"Database: {store.location}")
        self.home.empty_state.set_demo_command(demo_command(store.location))
        self.statusBar().clearMessage()
        self.refresh()
        if not rest_later:
            self.finish_attach()

    def finish_attach(self) -> None:
        """Build what needs the database besides the list (once, after `attach`)."""
        store = self._store
        if self._ready or store is None:
            return
        from ui.dialogs.backup_actions import BackupActions
        from ui.editor.host import EditorHost
        from ui.home_actions import HomeActions

        self.host: EditorHost = EditorHost(self, self.pages, store.engine, self._settings)
        self.home_actions: HomeActions = HomeActions(
            self, store, self, self.home, self.host, self._settings, self.open_action
        )
        self.backup_actions: BackupActions = BackupActions(
            self, store.engine, close_consultation=self.host.close, reload=self._on_restored
        )
        self._fill_menus()
        self.statusBar().insertWidget(1, self.home_actions.notice)
        self._connect_store()
        for action in self._needs_store:
            action.setEnabled(True)
        self.home.new_button.setEnabled(True)
        self._ready = True
        self.home.dashboard.set_engine(store.engine)  # the overview reads in the background
        if not self.home.showing_welcome() and self.home.overview_button.isChecked():
            self.home.dashboard.refresh()  # the list was shown before the overview could read
        # With the meeting switch known: whether private notes are searched (the rows of an
        # empty search do not depend on it, so only a search typed meanwhile is run again).
        self.home.set_notes_searchable(not self.host.meeting_action.isChecked())
        if self.home.search_edit.text().strip():
            self.refresh()
        last = self.host.last_engagement()
        if last is not None and self.model.row_of(last) is not None:
            self.host.open(last)
        self.attached.emit()

    # Layout ---------------------------------------------------------------------------------

    def _build_frame(self) -> None:
        """Everything that needs no database: shown while the database opens."""
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
        self.people_data_action = QAction("&People's data…", self)
        self.encryption_action = QAction("&Encryption…", self)
        self.encryption_action.setStatusTip("Encrypt the database on this computer, or stop")
        self.about_action = QAction("&About Scaffold", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._needs_store = (
            self.new_action,
            self.open_action,
            self.refresh_action,
            self.library_action,
            self.preferences_action,
            self.people_data_action,
            self.encryption_action,
        )
        for action in self._needs_store:
            action.setEnabled(False)

        self.file_menu = self.menuBar().addMenu("&File")
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.view_menu = self.menuBar().addMenu("&View")
        self.tools_menu = self.menuBar().addMenu("&Tools")
        self.help_menu = self.menuBar().addMenu("&Help")
        self._fill_file_menu()
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.refresh_action)
        self.tools_menu.addAction(self.library_action)
        self.tools_menu.addAction(self.people_data_action)
        self.tools_menu.addAction(self.encryption_action)
        self.help_menu.addAction(self.about_action)

        self.count_label = QLabel()
        self.database_label = QLabel()
        self.database_label.setToolTip("Where Scaffold keeps your consultations")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().showMessage("Opening the database…")
        self.home.show_table()  # an empty list while opening, not "no consultations yet"
        self.home.new_button.setEnabled(False)

    def _fill_file_menu(self, attached: bool = False) -> None:
        """The File menu; the database's actions join it once the store is attached."""
        menu = self.file_menu
        menu.clear()  # separators go; the actions belong to the window and its helpers
        groups: list[list[QAction | QMenu]] = [[self.new_action, self.open_action]]
        if attached:
            groups[0].append(self.home_actions.recent_menu)
            groups.append([self.host.plan_action, self.host.report_action])
            groups.append([self.home_actions.duplicate_action, self.home_actions.delete_action])
            groups.append([self.backup_actions.backup_action, self.backup_actions.restore_action])
        groups.extend([[self.preferences_action], [self.quit_action]])
        for number, group in enumerate(groups):
            if number:
                menu.addSeparator()
            for item in group:
                if isinstance(item, QMenu):
                    menu.addMenu(item)
                else:
                    menu.addAction(item)

    def _fill_menus(self) -> None:
        self._fill_file_menu(attached=True)
        self.view_menu.addSeparator()
        go_menu = self.host.fill_menus(self.edit_menu, self.view_menu)
        self.menuBar().insertMenu(self.tools_menu.menuAction(), go_menu)

    def _connect_frame(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find)
        self.about_action.triggered.connect(self._on_about)
        self.home.search_edit.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.refresh)
        self.home.status_combo.currentIndexChanged.connect(self.refresh)
        self.home.clear_filters_button.clicked.connect(self._on_clear_filters)
        # Refreshing and sorting reset the model: select the same engagement again afterwards.
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

    def _connect_store(self) -> None:
        self.new_action.triggered.connect(self._on_new_engagement)
        self.refresh_action.triggered.connect(self._on_reload)
        self.library_action.triggered.connect(self._on_library)
        self.preferences_action.triggered.connect(self._on_preferences)
        self.people_data_action.triggered.connect(self._on_people_data)
        self.encryption_action.triggered.connect(self._on_encryption)
        self.home.new_button.clicked.connect(self._on_new_engagement)
        self.home.empty_state.start_button.clicked.connect(self._on_new_engagement)
        self.open_action.triggered.connect(self._on_open)
        self.home.table.activated.connect(lambda _index: self._on_open())
        self.home.dashboard.open_requested.connect(self.host.open)
        self.host.opened.connect(self._on_editor_opened)
        self.host.closed.connect(self._on_editor_closed)
        self.host.meeting_action.toggled.connect(self._on_meeting_mode)

    # Behaviour ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list with the current search and filter, keeping the selected row."""
        self._search_timer.stop()
        store = self._store
        if store is None:  # still opening: attach() fills the list
            return
        from app.storage import StorageError

        # Notes stay private in meetings (and until the meeting switch is in place).
        private = self._ready and not self.host.meeting_action.isChecked()
        self.home.set_notes_searchable(private)
        try:
            rows = store.list(
                self.home.search_edit.text(), self.home.status_filter(), include_private=private
            )
            # Filters that leave nothing are not the same as an empty database.
            has_any = bool(rows) or (self.home.filters_active() and store.count() > 0)
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

    def _on_reload(self) -> None:
        """F5: read everything again, whatever another program wrote meanwhile."""
        if self._store is not None:
            self._store.forget_list()
        self.refresh()

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
        from ui.new_engagement_dialog import NewEngagementDialog

        assert self._store is not None  # the action is enabled once attached
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
        from ui.dialogs.library_editor import LibraryEditorDialog
        from ui.store import LibraryStore

        assert self._store is not None
        dialog = LibraryEditorDialog(
            LibraryStore(self._store.engine), self, meeting=self.host.meeting_action.isChecked()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_preferences(self) -> None:
        from ui.dialogs.preferences import PreferencesDialog
        from ui.store import EngagementStore

        assert self._store is not None
        if PreferencesDialog.ask(self, EngagementStore(self._store.engine)):
            self.statusBar().showMessage("Preferences saved.", 5000)

    def _on_restored(self) -> None:
        """The file now holds the restored data: drop old connections and undo, read it all."""
        assert self._store is not None
        self._store.engine.dispose()
        self.home_actions.undo_stack.clear()
        self.home_actions.notice.hide()
        self.refresh()

    def _on_people_data(self) -> None:
        from ui.dialogs.person_data_dialog import PersonDataDialog

        assert self._store is not None
        if self.host.close():  # an open consultation must not save forgotten text back
            PersonDataDialog.show_for(self, self._store.engine, on_forgotten=self._on_forgotten)

    def _on_encryption(self) -> None:
        from ui.dialogs.encryption_dialog import EncryptionDialog

        assert self._store is not None
        if not self.host.close():  # nothing may write while the file is converted
            return
        dialog = EncryptionDialog.ask(self, Path(str(self._store.location)))
        engine = self._store.engine

        def before_converting() -> None:
            from ui.erase_job import finish_erasing

            # Erasures done first: none may touch the file while it is converted, and the
            # converted copy must not carry deleted words in its search indexes.
            finish_erasing()
            engine.dispose()

        dialog.about_to_convert.connect(before_converting)
        converted: list[bool] = []
        dialog.converted.connect(converted.append)
        # The old engine no longer fits the file: once the outcome has been read, open it again.
        dialog.finished.connect(lambda _result: converted and self.reopen_requested.emit())

    def _on_forgotten(self, _name: str) -> None:
        self.home_actions.undo_stack.clear()  # an undone deletion must not bring them back
        self.refresh()

    def _on_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        where = self._store.location if self._store is not None else "(still opening)"
        AboutDialog.ask(self, where)

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
        from app.privacy import restrict_to_owner

        restrict_to_owner(Path(self._settings.fileName()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._ready and not self.host.shutdown():
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)
