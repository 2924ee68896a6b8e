"""The pieces of the home page's overview: the words it uses, a list of check-ins that opens a
consultation, and one recurring cause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from app.progress.portfolio_types import CellRecurrence, CheckinEntry, OverallProgress
from ui.engagement_table_model import short_date_text
from ui.style import soften

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PROGRESS_WORDS = {
    OverallProgress.on_track: "On track",
    OverallProgress.behind: "Behind",
    OverallProgress.moving_away: "Moving away",
    OverallProgress.no_data: "No readings yet",
}
PROGRESS_HINTS = {
    OverallProgress.on_track: "Every measure with a trend has reached its target or will in time.",
    OverallProgress.behind: "A measure moves too slowly, or its target date passed unreached.",
    OverallProgress.moving_away: "A measure's trend points away from its target.",
    OverallProgress.no_data: "No measure has a trend yet: nothing observed since the baseline.",
}
DUE_HINT = (
    "The next check-in of each consultation agreed or in progress, from today to six days on."
)
OVERDUE_HINT = (
    "Consultations agreed or in progress with a check-in date passed and none held since "
    "(the first date missed)."
)
ORGANISATION_HINT = (
    "When causes in the work environment recur across teams, the fix belongs to the "
    "organisation, not to each team in turn."
)
NO_RECURRING_TEXT = "No cause recurs across teams yet."
NAMES_SHOWN = 4  # team names written under a recurring cause; the tooltip holds more
TOOLTIP_NAMES = 25
LIST_ROWS_SHOWN = 4  # the lists scroll beyond this many entries

_Index = QModelIndex | QPersistentModelIndex


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def due_text(entry: CheckinEntry, today: date) -> str:
    """ "Due today", "Due tomorrow" or "Due Wed 17 Jun"."""
    days = (entry.on - today).days
    if days == 0:
        return "Due today"
    if days == 1:
        return "Due tomorrow"
    return f"Due {_WEEKDAYS[entry.on.weekday()]} {short_date_text(entry.on, today)}"


def overdue_text(entry: CheckinEntry, today: date) -> str:
    """ "Missed 1 Jun, 14 days ago"."""
    days = (today - entry.on).days
    ago = "yesterday" if days == 1 else f"{days} days ago"
    return f"Missed {short_date_text(entry.on, today)}, {ago}"


def names_text(names: Sequence[str], shown: int) -> str:
    """ "A, B, C" or "A, B and 5 more"."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def cause_text(cell: CellRecurrence) -> str:
    """ "Information and feedback — 4 teams"."""
    return f"{cell.words} — {_plural(len(cell.teams), 'team')}"


def cell_kind(cell: CellRecurrence) -> str:
    """Which side of Gilbert's model the cell is on, in words."""
    return "Environment" if cell.environment else "Individual"


@dataclass(frozen=True)
class CheckinLine:
    """One entry of a check-in list: whose consultation, and when, in words."""

    engagement_id: int
    team: str  # "Claims — Sofia Marin"
    when: str  # "Due Wed 17 Jun"

    @property
    def text(self) -> str:
        """The two lines shown."""
        return f"{self.team}\n{self.when}"


def checkin_line(entry: CheckinEntry, when: str) -> CheckinLine:
    """A check-in as a list shows it: "Claims — Sofia Marin", then `when`."""
    team = entry.team
    return CheckinLine(team.engagement_id, f"{team.team_name} — {team.manager_name}", when)


class CheckinListModel(QAbstractListModel):
    """Check-in lines for a list view; data is made only for the rows on screen."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[CheckinLine] = []

    def set_lines(self, lines: Sequence[CheckinLine]) -> None:
        """Show exactly these lines, in order."""
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> CheckinLine:
        """The entry on `row`."""
        return self._lines[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """How many entries (none under an entry: this is a flat list)."""
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry's two lines, its tooltip, or its engagement id."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return line.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.team}: {line.when}. Press Enter or double-click to open."
        if role == self.ID_ROLE:
            return line.engagement_id
        return None


class CheckinList(QListView):
    """Check-ins of one kind (due or overdue); Enter or a double-click opens the consultation."""

    open_requested = Signal(int)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = CheckinListModel(self)
        self.setModel(self.lines)
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)  # thousands of entries cost nothing until scrolled to
        self.setAlternatingRowColors(True)
        self.setStyleSheet("QListView::item { padding: 2px 4px; }")
        self.activated.connect(self._on_activated)

    def set_entries(self, lines: Sequence[CheckinLine]) -> None:
        """Show these entries, in order; the list is as tall as four of them at most."""
        self.lines.set_lines(lines)
        rows = min(max(len(lines), 1), LIST_ROWS_SHOWN)
        row_height = self.sizeHintForRow(0) if lines else self.fontMetrics().height() * 2
        self.setFixedHeight(rows * row_height + 2 * self.frameWidth() + 2)

    def count(self) -> int:
        """How many entries the list holds."""
        return self.lines.rowCount()

    def entry_texts(self) -> list[str]:
        """The entries as shown, in order."""
        return [self.lines.line(row).text for row in range(self.count())]

    def engagement_ids(self) -> list[int]:
        """The consultations listed, in order."""
        return [self.lines.line(row).engagement_id for row in range(self.count())]

    def current_row(self) -> int:
        """The row with the keyboard focus, or -1."""
        return self.currentIndex().row()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Coming in with the keyboard, the first entry is ready for Enter."""
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.count():
            self.setCurrentIndex(self.lines.index(0))

    def _on_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.lines.line(index.row()).engagement_id)


class CauseEntry(QWidget):
    """One recurring cause: the cell and how many teams, then its side and the teams' names."""

    def __init__(self, cell: CellRecurrence, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell = cell
        self.title = QLabel(cause_text(cell))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.teams = QLabel(f"{cell_kind(cell)}: {names_text(cell.teams, NAMES_SHOWN)}")
        self.teams.setWordWrap(True)
        soften(self.teams)
        for label in (self.title, self.teams):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(names_text(cell.teams, TOOLTIP_NAMES))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.teams)

    def text(self) -> str:
        """Both lines, as read aloud."""
        return f"{self.title.text()}. {self.teams.text()}"
