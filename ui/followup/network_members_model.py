"""The team members as a Qt table model: name, role and the pseudonym prints may show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.followup.network_data import MemberRow

_Index = QModelIndex | QPersistentModelIndex


class MemberColumn(IntEnum):
    """The members table's columns, in display order."""

    person = 0
    role = 1
    pseudonym = 2


HEADERS = {
    MemberColumn.person: "Name",
    MemberColumn.role: "Role",
    MemberColumn.pseudonym: "Pseudonym",
}
TOOLTIPS = {
    MemberColumn.person: "The name shown on screen (F2 or double-click to change it)",
    MemberColumn.role: "What they do in the team, if it helps (optional)",
    MemberColumn.pseudonym: "Shown instead of the name on prints when prints hide names; "
    "empty: “Person A”, “Person B”…",
}
# Stores an edit: (member, column, text) → whether it was saved.
SaveMember = Callable[[MemberRow, MemberColumn, str], bool]


class MembersModel(QAbstractTableModel):
    """One row per member; an edit goes to `save`, and shows only if `save` says it was kept."""

    def __init__(self, save: SaveMember, parent: Any = None) -> None:
        super().__init__(parent)
        self._save = save
        self._rows: list[MemberRow] = []

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        """Show the members read from the database."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def member(self, row: int) -> MemberRow:
        """The member shown on a row."""
        return self._rows[row]

    def row_of(self, member_id: int) -> int | None:
        """The row of a member, or None if not shown."""
        for number, member in enumerate(self._rows):
            if member.id == member_id:
                return number
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        """One row per member."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        """Name, role, pseudonym."""
        return 0 if parent.isValid() else len(MemberColumn)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Every cell can be edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def _text(self, member: MemberRow, column: MemberColumn) -> str:
        return {
            MemberColumn.person: member.name,
            MemberColumn.role: member.role,
            MemberColumn.pseudonym: member.pseudonym,
        }[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The member's name, role or pseudonym."""
        if not index.isValid():
            return None
        member, column = self._rows[index.row()], MemberColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(member, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == MemberColumn.pseudonym:
            return member.pseudonym or "No pseudonym: prints that hide names say “Person A”…"
        if role == Qt.ItemDataRole.UserRole:
            return member.id
        return None

    def setData(  # noqa: N802 - Qt's name
        self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """Hand an edit to `save`; the cell changes only if it was saved."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        member, column = self._rows[index.row()], MemberColumn(index.column())
        text = str(value)
        if text == self._text(member, column) or not self._save(member, column, text):
            return False
        clean = text.strip()
        self._rows[index.row()] = {
            MemberColumn.person: replace(member, name=clean),
            MemberColumn.role: replace(member, role=clean),
            MemberColumn.pseudonym: replace(member, pseudonym=clean),
        }[column]
        self.dataChanged.emit(index, index)
        return True

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column names and what each holds."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(MemberColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[MemberColumn(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TOOLTIPS[MemberColumn(section)]
        return None
