"""The engagements list as a Qt table model: one row per consultation, five columns, sortable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.services.list_rows import CheckinDue, EngagementSummary
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

# Per urgency: the words' colour on a light and on a dark palette, and the hue that tints the
# row (mixed into the palette's Base, so the tint follows the scheme). Red: overdue; amber: due.
_ACCENTS: dict[CheckinDue, tuple[str, str, str]] = {
    CheckinDue.overdue: ("#a4161a", "#ff9e99", "#e5484d"),
    CheckinDue.due: ("#7a4b00", "#ffc96b", "#ffb224"),
}
_ROW_TINT = {False: 0.16, True: 0.2}  # how much of the hue goes into Base (by: is it dark)


def status_text(status: EngagementStatus) -> str:
    """The status in the words a manager would use."""
    return STATUS_WORDS[status]


def date_text(value: date) -> str:
    """A date written the same way on every machine, e.g. "14 Apr 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date_text(value: date, today: date) -> str:
    """ "3 Nov" within the current year, else "3 Nov 2025"."""
    if value.year == today.year:
        return f"{value.day} {_MONTHS[value.month - 1]}"
    return date_text(value)


def checkin_text(summary: EngagementSummary, today: date) -> str:
    """What the next check-in column says, in words (never only a colour)."""
    due = summary.checkin_due
    if due is CheckinDue.overdue and summary.overdue_since is not None:
        return f"Overdue since {short_date_text(summary.overdue_since, today)}"
    if due is CheckinDue.due and summary.days_to_next is not None:
        days = summary.days_to_next
        if days == 0:
            return "Due today"
        return "Due tomorrow" if days == 1 else f"Due in {days} days"
    if summary.next_checkin is None:
        return NO_CHECKIN_TEXT
    return date_text(summary.next_checkin)


def checkin_tooltip(summary: EngagementSummary) -> str | None:
    """The dates behind the check-in column's words."""
    if summary.checkin_due is CheckinDue.overdue and summary.overdue_since is not None:
        text = (
            f"A check-in was planned for {date_text(summary.overdue_since)} "
            "and none has been held since."
        )
        if summary.next_checkin is not None:
            text += f" The next one is planned for {date_text(summary.next_checkin)}."
        return text
    if summary.next_checkin is not None:
        return f"Next check-in planned for {date_text(summary.next_checkin)}."
    return None


def urgency_colours(due: CheckinDue, palette: QPalette) -> tuple[QColor, QColor] | None:
    """Text colour and row background for an overdue or due row, fitted to the palette."""
    if due not in _ACCENTS:
        return None
    base = palette.color(QPalette.ColorRole.Base)
    light, dark, hue = _ACCENTS[due]
    is_dark = base.lightnessF() < 0.5
    mix, tint_hue = _ROW_TINT[is_dark], QColor(hue)
    tint = QColor.fromRgbF(
        base.redF() + (tint_hue.redF() - base.redF()) * mix,
        base.greenF() + (tint_hue.greenF() - base.greenF()) * mix,
        base.blueF() + (tint_hue.blueF() - base.blueF()) * mix,
    )
    return QColor(dark if is_dark else light), tint


_STATUS_ORDER = {status: n for n, status in enumerate(STATUS_WORDS)}
_COLUMNS = tuple(Column)


def _goal_line(summary: EngagementSummary) -> str:
    first_line = summary.business_goal.strip().splitlines()[:1]
    return first_line[0] if first_line else ""


# Sort keys; None sorts last in either order.
_SORT_KEYS: dict[Column, Callable[[EngagementSummary], Any]] = {
    Column.team: lambda s: s.team_name.casefold(),
    Column.manager: lambda s: s.manager_name.casefold(),
    Column.status: lambda s: _STATUS_ORDER[s.status],
    Column.goal: lambda s: _goal_line(s).casefold() or None,
    # The most pressing first: a missed date comes before any date still ahead.
    Column.next_checkin: lambda s: s.overdue_since or s.next_checkin,
}


class EngagementTableModel(QAbstractTableModel):
    """Read-only rows of `EngagementSummary`; replace them all with `set_rows()`.

    `sort()` orders them by a column (the view calls it when a header is clicked); column -1
    gives back the order the rows came in (newest first). The order stays across `set_rows()`.
    """

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today
        self._given: list[EngagementSummary] = []
        self._rows: list[EngagementSummary] = []
        self._row_by_id: dict[int, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)
        self._urgency_colours: dict[tuple[CheckinDue, int], tuple[QColor, QColor] | None] = {}

    def set_rows(self, rows: list[EngagementSummary]) -> None:
        """Show exactly these rows, in the current sort order (the view's selection is dropped)."""
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._sorted()
        self._index_rows()
        self.endResetModel()

    def row_at(self, row: int) -> EngagementSummary:
        """The engagement shown on `row`."""
        return self._rows[row]

    def row_of(self, engagement_id: int) -> int | None:
        """The row showing this engagement, if it is in the list."""
        return self._row_by_id.get(engagement_id)

    def sort_column(self) -> int:
        """The column the rows are sorted by, -1 for the order they came in."""
        return self._sort_column

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by `column` (-1: as given); a reset, so views drop their selection.

        A reset rather than a layout change: PySide6 6.12 corrupts memory when Python emits
        `layoutAboutToBeChanged`. The main window selects the same engagement again.
        """
        self.beginResetModel()
        self._sort_column = column if column in set(Column) else -1
        self._sort_order = order
        self._rows = self._sorted()
        self._index_rows()
        self.endResetModel()

    def _sorted(self) -> list[EngagementSummary]:
        if self._sort_column < 0:
            return list(self._given)
        key = _SORT_KEYS[Column(self._sort_column)]
        keyed = [(key(s), s) for s in self._given]
        present = sorted(
            (pair for pair in keyed if pair[0] is not None),
            key=lambda pair: pair[0],
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        return [s for _k, s in present] + [s for k, s in keyed if k is None]

    def _index_rows(self) -> None:
        self._row_by_id = {summary.id: row for row, summary in enumerate(self._rows)}

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
        if orientation != Qt.Orientation.Horizontal or section not in set(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            name = HEADERS[Column(section)].lower()
            return f"Sort by {name}; click again to reverse, a third time for newest first"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        summary = self._rows[row]
        column = _COLUMNS[index.column()]  # a tuple, not Column(): data() runs for every cell
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.goal:
                return summary.business_goal or None
            return checkin_tooltip(summary) if column is Column.next_checkin else None
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            return self._colour(summary, column, role)
        if role == Qt.ItemDataRole.FontRole and column is Column.next_checkin:
            return self._bold if summary.checkin_due in _ACCENTS else None
        if role == self.ID_ROLE:
            return summary.id
        if role == self.URGENCY_ROLE:
            return summary.checkin_due
        return None

    def _display(self, summary: EngagementSummary, column: Column) -> str:
        if column is Column.team:
            return summary.team_name
        if column is Column.manager:
            return summary.manager_name
        if column is Column.status:
            return status_text(summary.status)
        if column is Column.goal:
            # One line in the table; the full goal is in the tooltip.
            return _goal_line(summary) or NO_GOAL_TEXT
        return checkin_text(summary, self._today())

    def _colour(self, summary: EngagementSummary, column: Column, role: int) -> QColor | None:
        palette = QApplication.palette()
        due = summary.checkin_due
        key = (due, palette.cacheKey())
        if key not in self._urgency_colours:  # mixing colours for every painted cell adds up
            self._urgency_colours[key] = urgency_colours(due, palette)
        colours = self._urgency_colours[key]
        if role == Qt.ItemDataRole.BackgroundRole:
            return None if colours is None else colours[1]
        if column is Column.next_checkin and colours is not None:
            return colours[0]
        if _is_placeholder(summary, column):
            return palette.color(QPalette.ColorRole.PlaceholderText)
        return None


def _is_placeholder(summary: EngagementSummary, column: Column) -> bool:
    """Grey: a goal not set yet, no check-in planned, or a date of a closed engagement."""
    if column is Column.goal:
        return not summary.business_goal.strip()
    if column is Column.next_checkin:
        nothing_ahead = summary.next_checkin is None and summary.overdue_since is None
        return nothing_ahead or summary.status is EngagementStatus.closed
    return False
