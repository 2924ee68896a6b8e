"""The ties grid as a Qt table model: row i asks, column j is asked, for one tie type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from app.network.grid import Grid, GridMember
from app.network.wording import TIE_WORDS
from app.vocab import TieType

_Index = QModelIndex | QPersistentModelIndex
MARK = "●"
# The data role holding whether a cell's tie is there (a bool; None on the diagonal).
PRESENT_ROLE = Qt.ItemDataRole.UserRole


class TieGridModel(QAbstractTableModel):
    """Who goes to whom for one tie type: "●" where the row's person goes to the column's.

    The diagonal (someone going to themselves) is neither enabled nor selectable.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tie_type = TieType.help
        self._members: tuple[GridMember, ...] = ()
        self._cells: list[list[bool]] = []

    # Filling ----------------------------------------------------------------------------------

    def set_rows(self, grid: Grid) -> None:
        """Show a grid read from the database (the team and one tie type)."""
        self.beginResetModel()
        self._tie_type = TieType(grid.tie_type)
        self._members = grid.members
        self._cells = [list(row) for row in grid.cells]
        self.endResetModel()

    def set_cell(self, row: int, column: int, present: bool) -> None:
        """Change one cell after its tie was stored or removed."""
        if row == column:
            raise ValueError("The diagonal of the grid cannot change.")
        if self._cells[row][column] != present:
            self._cells[row][column] = present
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    # Reading ----------------------------------------------------------------------------------

    @property
    def tie_type(self) -> TieType:
        """The tie type shown."""
        return self._tie_type

    @property
    def members(self) -> tuple[GridMember, ...]:
        """The team in grid order."""
        return self._members

    def is_present(self, row: int, column: int) -> bool:
        """Whether the row's person goes to the column's."""
        return self._cells[row][column]

    def sentence(self, row: int, column: int) -> str:
        """The cell in words: "Bartek goes to Aisha for help with the work"."""
        asker, asked = self._members[row].name, self._members[column].name
        if row == column:
            return f"{asker} cannot go to themselves"
        verb = "goes" if self._cells[row][column] else "does not go"
        return f"{asker} {verb} to {asked} for {TIE_WORDS[self._tie_type]}"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        """One row per person asking."""
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        """One column per person asked."""
        return 0 if parent.isValid() else len(self._members)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Cells off the diagonal can be chosen; the diagonal cannot."""
        if not index.isValid() or index.row() == index.column():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A mark where the tie is there; words for tooltips and screen readers."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        diagonal = row == column
        if role == Qt.ItemDataRole.DisplayRole:
            return MARK if not diagonal and self._cells[row][column] else ""
        if role == PRESENT_ROLE:
            return None if diagonal else self._cells[row][column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.sentence(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and diagonal:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.Midlight))
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Full names; tooltips say what the row or column holds."""
        if not 0 <= section < len(self._members):
            return None
        name = self._members[section].name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            words = TIE_WORDS[self._tie_type]
            if orientation == Qt.Orientation.Horizontal:
                return f"{name}: who goes to {name} for {words} (this column)"
            return f"{name}: whom {name} goes to for {words} (this row)"
        return None
