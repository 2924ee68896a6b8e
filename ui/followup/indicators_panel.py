"""The engagement's learning indicators as a table, with add, edit and delete: learning activity
kept in its own list, never mixed with the performance measures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.progress.wording import format_day
from app.services.indicators import (
    IndicatorInput,
    add_indicator,
    delete_indicator,
    list_indicators,
    update_indicator,
)
from app.storage import StorageError
from app.validation import ValidationError
from ui.editor.editing import EngagementEditing
from ui.followup.indicator_dialog import IndicatorDialog, tier_text
from ui.style import heading, soften

COLUMNS = ("Indicator", "LTEM tier", "Value", "Date", "Note")
EXPLAIN = (
    "Attendance, completions, satisfaction and quiz scores show learning activity, not "
    "performance. They have their own list and chart and are never mixed with the performance "
    "measures."
)
EMPTY = "No learning indicator recorded yet."
MAX_ROWS_SHOWN = 8  # beyond this the table scrolls instead of growing


def value_text(value: float | None, unit: str) -> str:
    """A value with its unit ("87.5 %", "12 of 14"), or a dash when none was recorded."""
    if value is None:
        return "—"
    number = f"{value:,.15g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def indicator_input(row: Any) -> IndicatorInput:
    """A stored indicator as the dialog and the service take it."""
    return IndicatorInput(
        name=row.name,
        ltem_tier=row.ltem_tier,
        kind=row.kind,
        value=row.value,
        unit=row.unit,
        recorded_on=row.recorded_on,
        note=row.note,
    )


class IndicatorsPanel(QWidget):
    """Learning indicators in a table; Add…, Edit… (Enter or double-click) and Delete (undoable).

    Reloads itself whenever the engagement changes (undo and redo included).
    """

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing = editing
        self._rows: dict[int, Any] = {}
        self._build()
        self._connect()
        self.reload()

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setAccessibleName("Learning indicators")
        self.heading = heading(QLabel("Learning indicators"), 1.15)
        self.explain = soften(QLabel(EXPLAIN))
        self.explain.setWordWrap(True)
        self.empty_label = QLabel(EMPTY)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Learning indicators")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.add_button = QPushButton("Add &indicator…")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the selected indicator (Enter or double-click)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected indicator (Delete key; Ctrl+Z undoes)")
        self.status_label = soften(QLabel())
        self.status_label.setAccessibleName("Learning indicators status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addStretch(1)  # taller than needed: the room goes below, not between the lines

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.delete_button.clicked.connect(self._on_delete)
        self.table.doubleClicked.connect(lambda _index: self._on_edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        self.editing.changed.connect(self._on_changed)

    # Showing ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fill the table from the database, keeping the selected indicator selected."""
        keep = self.selected_id()
        eid = self.editing.engagement_id
        rows = self.editing.read(lambda s: list_indicators(session=s, engagement_id=eid))
        self._rows = {row.id: row for row in rows if row.id is not None}
        self.table.setRowCount(0)
        self.table.setRowCount(len(self._rows))
        for number, (row_id, row) in enumerate(self._rows.items()):
            note = " ".join(row.note.split())
            cells = (
                row.name,
                tier_text(row.ltem_tier),
                value_text(row.value, row.unit),
                format_day(row.recorded_on) if row.recorded_on else "—",
                note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if column == len(cells) - 1 and row.note:
                    item.setToolTip(row.note)
                self.table.setItem(number, column, item)
        self.table.setVisible(bool(self._rows))
        self.empty_label.setVisible(not self._rows)
        self._fit_height()
        self.select(keep)
        self._update_buttons()

    def _fit_height(self) -> None:
        """As tall as the rows (up to a limit), so a short list leaves no empty grid below."""
        shown = min(max(self.table.rowCount(), 1), MAX_ROWS_SHOWN)
        rows = sum(self.table.rowHeight(i) for i in range(shown)) or 30 * shown
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + frame)

    def selected_id(self) -> int | None:
        """The id of the selected indicator, if any."""
        item = self.table.currentItem()
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, int) else None

    def select(self, indicator_id: int | None) -> None:
        """Select the row of an indicator (nothing when it is not shown)."""
        for number in range(self.table.rowCount()):
            item = self.table.item(number, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == indicator_id:
                self.table.selectRow(number)
                return
        self.table.clearSelection()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # Changing ---------------------------------------------------------------------------------

    def _apply(self, label: str, change: Any) -> Any:
        return self.editing.apply(label, change, origin=self)

    def _on_add(self) -> None:
        eid = self.editing.engagement_id
        added: list[int] = []

        def save(data: IndicatorInput) -> None:
            row = self._apply(
                "Add learning indicator",
                lambda s: add_indicator(session=s, engagement_id=eid, data=data),
            )
            added.append(row.id)

        if IndicatorDialog.ask(self, save):
            self.reload()
            self.select(added[-1])
            self.status_label.setText(f"Added “{self._rows[added[-1]].name}”.")

    def _on_edit(self) -> None:
        indicator_id = self.selected_id()
        if indicator_id is None:
            return

        def save(data: IndicatorInput) -> None:
            self._apply(
                "Edit learning indicator",
                lambda s: update_indicator(session=s, indicator_id=indicator_id, data=data),
            )

        if IndicatorDialog.ask(self, save, indicator_input(self._rows[indicator_id])):
            self.reload()
            self.status_label.setText("Saved.")

    def _on_delete(self) -> None:
        indicator_id = self.selected_id()
        if indicator_id is None:
            return
        name = self._rows[indicator_id].name
        try:
            self._apply(
                "Delete learning indicator",
                lambda s: delete_indicator(session=s, indicator_id=indicator_id),
            )
        except (ValidationError, StorageError) as exc:
            self.status_label.setText(getattr(exc, "message", str(exc)))
            return
        self.reload()
        self.status_label.setText(f"Deleted “{name}” — Ctrl+Z to undo.")

    def _on_changed(self, origin: object) -> None:
        if origin is self:
            return  # this panel's own change: the handler reloads and says what happened
        self.status_label.clear()
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Delete (or Backspace) deletes the selected indicator; Enter edits it."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._on_delete()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_edit()
                return True
        return super().eventFilter(watched, event)
