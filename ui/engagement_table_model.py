"""The engagements list as a Qt table model: one row per consultation, five columns."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.services.engagements import EngagementSummary
from app.vocab import EngagementStatus

STATUS_WORDS: dict[EngagementStatus, str] = {
    EngagementStatus.draft: "Draft",
    EngagementStatus.agreed: "Agreed",
    EngagementStatus.in_progress: "In progress",
    EngagementStatus.closed: "Closed",
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_GOAL_TEXT = "Not set yet"
NO_CHECKIN_TEXT = "None planned"

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns, in display order."""

    team = 0
    manager = 1
    status = 2
    goal = 3
    next_checkin = 4


HEADERS: dict[Column, str] = {
    Column.team: "Team",
    Column.manager: "Manager",
    Column.status: "Status",
    Column.goal: "Goal",
    Column.next_checkin: "Next check-in",
}


def status_text(status: EngagementStatus) -> str:
    """The status in the words a manager would use."""
    return STATUS_WORDS[status]


def date_text(value: date) -> str:
    """A date written the same way on every machine, e.g. "14 Apr 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


class EngagementTableModel(QAbstractTableModel):
    """Read-only rows of `EngagementSummary`; replace them all with `set_rows()`."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EngagementSummary] = []

    def set_rows(self, rows: list[EngagementSummary]) -> None:
        """Show exactly these rows (the view's selection is dropped)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> EngagementSummary:
        """The engagement shown on `row`."""
        return self._rows[row]

    def row_of(self, engagement_id: int) -> int | None:
        """The row showing this engagement, if it is in the list."""
        for number, summary in enumerate(self._rows):
            if summary.id == engagement_id:
                return number
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.goal and summary.business_goal:
            return summary.business_goal
        if role == Qt.ItemDataRole.ForegroundRole and _is_placeholder(summary, column):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == self.ID_ROLE:
            return summary.id
        return None


def _display(summary: EngagementSummary, column: Column) -> str:
    if column is Column.team:
        return summary.team_name
    if column is Column.manager:
        return summary.manager_name
    if column is Column.status:
        return status_text(summary.status)
    if column is Column.goal:
        # One line in the table; the full goal is in the tooltip.
        first_line = summary.business_goal.strip().splitlines()[:1]
        return first_line[0] if first_line else NO_GOAL_TEXT
    if summary.next_checkin is None:
        return NO_CHECKIN_TEXT
    return date_text(summary.next_checkin)


def _is_placeholder(summary: EngagementSummary, column: Column) -> bool:
    if column is Column.goal:
        return not summary.business_goal.strip()
    if column is Column.next_checkin:
        return summary.next_checkin is None
    return False
