"""The library editor's left side: the scaffolds, a search box and "Show retired scaffolds"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.library.entry import LibraryEntry
from ui.library_table_model import Column, LibraryTableModel, ScaffoldDelegate
from ui.style import soften


class LibraryList(QWidget):
    """The scaffolds matching the search; says which one the person moves to (`picked`)."""

    picked = Signal(str)  # the key of the row the person chose

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryTableModel(self)
        self._current: str | None = None  # the scaffold the form shows
        self._syncing = False
        self._build()
        self.search_edit.textChanged.connect(self._refilter)
        self.retired_check.toggled.connect(self._refilter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Name, kind, owner or words of the summary")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search the library")
        search_label = QLabel("Searc&h")
        search_label.setBuddy(self.search_edit)
        self.retired_check = QCheckBox("Show retire&d scaffolds")
        self.retired_check.setAccessibleName("Show retired scaffolds")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Scaffolds in the library")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(Column.scaffold, ScaffoldDelegate(self.table))
        rows = self.table.verticalHeader()
        rows.hide()
        # Rows as high as the text needs, in normal and in meeting mode's larger type.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.scaffold, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        list_label = QLabel("&Library")
        list_label.setBuddy(self.table)
        self.count_label = soften(QLabel())
        self.new_button = QPushButton("New sca&ffold")
        self.new_button.setAutoDefault(False)
        self.new_button.setToolTip("Add a scaffold of your own to the library")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        layout.addLayout(search_row)
        layout.addWidget(self.retired_check)
        list_row = QHBoxLayout()
        list_row.addWidget(list_label)
        list_row.addStretch(1)
        list_row.addWidget(self.count_label)
        layout.addLayout(list_row)
        layout.addWidget(self.table, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_button)
        new_row.addStretch(1)
        layout.addLayout(new_row)

    def focus_order(self) -> list[QWidget]:
        """The inputs, in the order Tab visits them."""
        return [self.search_edit, self.retired_check, self.table, self.new_button]

    # Filling ----------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[LibraryEntry], edited: frozenset[str]) -> None:
        """Show the library (retired entries included; the filter decides what shows)."""
        self._syncing = True
        try:
            self.model.set_entries(entries, edited)
            self._follow()
        finally:
            self._syncing = False
        self._show_count()

    def show_key(self, key: str | None) -> None:
        """Select the scaffold the form shows, if the list shows it (without `picked`)."""
        self._current = key
        self._follow()

    def select_first(self) -> None:
        """Choose the top row, as if the person had (`picked` tells)."""
        if self.model.rowCount():
            self._select_row(0)

    def restore_later(self) -> None:
        """Select the form's scaffold again once the view has finished its own selecting."""
        QTimer.singleShot(0, self._follow)

    def selected_key(self) -> str | None:
        """The key of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_at(rows[0].row()).key if rows else None

    # Inside -----------------------------------------------------------------------------------

    def _refilter(self) -> None:
        self._syncing = True
        try:
            self.model.set_filter(self.search_edit.text(), self.retired_check.isChecked())
            self._follow()
        finally:
            self._syncing = False
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(
            f"{shown} of {total} shown" if shown != total else f"{total} scaffolds"
        )
        self.count_label.setAccessibleName(f"{shown} of {total} scaffolds shown")

    def _follow(self) -> None:
        row = self.model.row_of(self._current) if self._current else None
        syncing, self._syncing = self._syncing, True
        try:
            if row is None:
                self.table.selectionModel().clear()
            else:
                self._select_row(row)
        finally:
            self._syncing = syncing

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, Column.scaffold)
        flags = self.table.selectionModel().SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        key = self.model.entry_at(current.row()).key
        if key != self._current:
            self.picked.emit(key)
