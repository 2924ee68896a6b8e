"""The home page's layout: the engagements list with its filters and the overview beside it, or
a welcome when there is none.

Layout only; the main window wires the signals and fills the model (the overview is read again
whenever the list is shown afresh).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.vocab import EngagementStatus
from ui.engagement_table_model import STATUS_WORDS, Column, EngagementTableModel
from ui.home_dashboard import HomeDashboard
from ui.style import heading, soften

ALL_STATUSES = "All statuses"
SEARCH_HINT = "Search team, manager, request, goal or private notes"
SEARCH_HINT_MEETING = "Search team, manager, request or goal"  # private notes stay private
HIDE_OVERVIEW = "Hide overview"
SHOW_OVERVIEW = "Show overview"

WELCOME_TEXT = (
    "Sitting down with a team manager? Start a consultation: note who the team is and "
    "write down their request exactly as they put it. The diagnostic takes it from there."
)
DEMO_HINT = (
    "Want to look around first? Load a sample consultation by running this in a terminal, "
    "then press <b>F5</b> here:"
)


class EmptyState(QWidget):
    """What a first-time user sees: what Scaffold is for and the first step to take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = heading(QLabel("No consultations yet"), 1.6)
        body = QLabel(WELCOME_TEXT)
        body.setWordWrap(True)
        self.start_button = QPushButton("New consultation…")
        self.start_button.setToolTip("Start a consultation (Ctrl+N)")
        self.start_button.setMinimumHeight(self.start_button.sizeHint().height() * 3 // 2)
        self.start_button.setMinimumWidth(self.start_button.sizeHint().width() + 40)
        demo_hint = soften(QLabel(DEMO_HINT))
        demo_hint.setWordWrap(True)
        self.demo_command = QLabel()
        self.demo_command.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.demo_command.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.demo_command.setAccessibleName("Command that loads the sample")
        self.demo_command.setWordWrap(True)
        self.set_demo_command("scaffold demo")

        column = QVBoxLayout()
        column.setSpacing(14)
        column.addWidget(title)
        column.addWidget(body)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(18)
        column.addWidget(demo_hint)
        column.addWidget(self.demo_command)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(540)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 3, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)

    def set_demo_command(self, command: str) -> None:
        """The command line that loads the sample into this window's database."""
        self.demo_command.setText(command)


class HomePage(QWidget):
    """The list of consultations: title bar, search and status filter, table or "no match",
    and the overview beside them (`dashboard`), read again with the list (`show_table`)."""

    def __init__(self, model: EngagementTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._statuses: list[EngagementStatus | None] = [None, *STATUS_WORDS]
        self.empty_state = EmptyState()
        self.dashboard = HomeDashboard()
        self._shown_filters: tuple[str, EngagementStatus | None] | None = None
        self.list_page = self._build_list_page(model)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _build_list_page(self, model: EngagementTableModel) -> QWidget:
        title = heading(QLabel("Consultations"), 1.4)
        self.new_button = QPushButton("New consultation…")
        self.new_button.setToolTip("Start a consultation (Ctrl+N)")
        self.overview_button = QPushButton(HIDE_OVERVIEW)
        self.overview_button.setCheckable(True)
        self.overview_button.setChecked(True)
        self.overview_button.setToolTip("Show or hide the overview beside the list")
        self.overview_button.toggled.connect(self._on_overview_toggled)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.overview_button)
        top.addWidget(self.new_button)

        self.search_edit = QLineEdit()
        self.set_notes_searchable(True)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search consultations")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_edit)
        self.status_combo = QComboBox()
        self.status_combo.addItem(ALL_STATUSES)
        for word in STATUS_WORDS.values():
            self.status_combo.addItem(word)
        self.status_combo.setAccessibleName("Status filter")
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status_combo)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(12)
        filters.addWidget(status_label)
        filters.addWidget(self.status_combo)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName("Consultations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.goal, QHeaderView.ResizeMode.Stretch)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # Click a header to sort; again to reverse; a third time for the newest first again.
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setTabKeyNavigation(
            False
        )  # arrows move between rows; Tab goes on to the overview

        self.no_match_label = QLabel()
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_filters_button = QPushButton("Clear search and filter")
        no_match = QWidget()
        no_match_layout = QVBoxLayout(no_match)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(self.no_match_label)
        no_match_layout.addWidget(self.clear_filters_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_match_layout.addStretch(2)

        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(no_match)

        page = QWidget()
        list_column = QVBoxLayout()
        list_column.setSpacing(10)
        list_column.addLayout(top)
        list_column.addLayout(filters)
        list_column.addWidget(self.results, 1)
        layout = QHBoxLayout(page)
        layout.setSpacing(12)
        layout.addLayout(list_column, 1)
        layout.addWidget(self.dashboard)
        QWidget.setTabOrder(self.overview_button, self.new_button)
        QWidget.setTabOrder(self.new_button, self.search_edit)
        QWidget.setTabOrder(self.search_edit, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.table)
        chain = [self.table, *self.dashboard.focus_order()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        return page

    def _on_list_shown(self) -> None:
        """The list was read again, and so is the overview, unless only the search or the
        filter changed: the overview covers every consultation, whatever the list shows."""
        filters = (self.search_edit.text().strip(), self.status_filter())
        narrowed = self._shown_filters is not None and filters != self._shown_filters
        self._shown_filters = filters
        if not narrowed and self.overview_button.isChecked():
            self.dashboard.refresh()

    def _on_overview_toggled(self, on: bool) -> None:
        self.dashboard.setVisible(on)
        self.overview_button.setText(HIDE_OVERVIEW if on else SHOW_OVERVIEW)
        if on:
            self.dashboard.refresh()  # it was not read while hidden

    # What the controller reads and shows ----------------------------------------------------

    def set_notes_searchable(self, on: bool) -> None:
        """Say whether the search looks into private notes (not in meeting mode)."""
        self.search_edit.setPlaceholderText(SEARCH_HINT if on else SEARCH_HINT_MEETING)

    def status_filter(self) -> EngagementStatus | None:
        """The status chosen in the filter, or None for all."""
        return self._statuses[max(self.status_combo.currentIndex(), 0)]

    def filters_active(self) -> bool:
        """Whether a search text or a status narrows the list."""
        return bool(self.search_edit.text().strip()) or self.status_filter() is not None

    def clear_filters(self) -> None:
        """Empty the search and show all statuses, without emitting change signals."""
        for widget in (self.search_edit, self.status_combo):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        for widget in (self.search_edit, self.status_combo):
            widget.blockSignals(False)

    def show_welcome(self) -> None:
        """The first-time page: nothing in the database yet."""
        self.pages.setCurrentWidget(self.empty_state)

    def show_table(self) -> None:
        """The list with at least one row."""
        self.pages.setCurrentWidget(self.list_page)
        self.results.setCurrentWidget(self.table)
        self._on_list_shown()

    def show_no_match(self) -> None:
        """The list page when the search and filter leave nothing."""
        self.no_match_label.setText(
            no_match_text(self.search_edit.text().strip(), self.status_filter())
        )
        self.pages.setCurrentWidget(self.list_page)
        self.results.setCurrentIndex(1)
        self._on_list_shown()

    def showing_welcome(self) -> bool:
        """Whether the first-time page is the one shown."""
        return self.pages.currentWidget() is self.empty_state

    def showing_no_match(self) -> bool:
        """Whether the "no match" message is shown instead of the table."""
        return not self.showing_welcome() and self.results.currentIndex() == 1


def no_match_text(search: str, status: EngagementStatus | None) -> str:
    """Say what found nothing, e.g. "No draft consultation matches “Lyon”."."""
    kind = f"{STATUS_WORDS[status].lower()} consultation" if status is not None else "consultation"
    if search:
        return f"No {kind} matches “{search}”."
    return f"No {kind}s yet."


_COLUMN_WIDTHS = {
    Column.team: 200,
    Column.manager: 160,
    Column.status: 100,
    Column.next_checkin: 170,
}
