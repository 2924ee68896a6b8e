"""The scaffold library as a Qt table model: one row per scaffold, filtered by words and state."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.flow.plain_words import SKILL_WORDS
from app.library.entry import Effort, LibraryEntry
from app.vocab import OwnerRole, ScaffoldKind
from ui.pages.scaffold_cards import OWNER_TEXT

_Index = QModelIndex | QPersistentModelIndex

KIND_WORDS: dict[ScaffoldKind, str] = {
    ScaffoldKind.performance_support: "Performance support",
    ScaffoldKind.environment_fix: "Environment fix",
    ScaffoldKind.social_learning: "Social learning",
    ScaffoldKind.individual_learning: "Learning at work",
    ScaffoldKind.formal_training: "Formal training",
    ScaffoldKind.other: "Other",
}
OWNER_WORDS: dict[OwnerRole, str] = OWNER_TEXT
EFFORT_WORDS: dict[Effort, str] = {Effort.low: "Low", Effort.medium: "Medium", Effort.high: "High"}

BUILT_IN = "Built-in"
YOURS = "Yours"
EDITED = "Edited"
RETIRED = "Retired"
BADGE_TIPS = {
    BUILT_IN: "Shipped with Scaffold, as shipped",
    YOURS: "A scaffold you added",
    EDITED: "Shipped with Scaffold, changed by you: updates of Scaffold leave your text alone",
    RETIRED: "No longer suggested; kept for the consultations that chose it",
}


class Column(IntEnum):
    """The table's columns, in display order."""

    scaffold = 0  # the name, and under it kind, owner, effort and lead time
    state = 1  # built-in, yours, edited or retired


HEADERS: dict[Column, str] = {Column.scaffold: "Scaffold", Column.state: "State"}
DETAILS_ROLE = Qt.ItemDataRole.UserRole + 1  # the line under the name


def badge(entry: LibraryEntry, edited: frozenset[str]) -> str:
    """Where a scaffold comes from, in one word: built-in, yours, edited or retired."""
    if entry.retired:
        return RETIRED
    if not entry.builtin:
        return YOURS
    return EDITED if entry.key in edited else BUILT_IN


def lead_time_text(days: int) -> str:
    """ "1 day", "10 days"."""
    return f"{days} day" if days == 1 else f"{days} days"


def details_text(entry: LibraryEntry) -> str:
    """Kind, owner, effort and lead time on one line: "Environment fix · Manager · …"."""
    effort = f"{EFFORT_WORDS[entry.effort].lower()} effort"
    parts = [KIND_WORDS[entry.kind], OWNER_WORDS[entry.owner_role], effort]
    return " · ".join([*parts, lead_time_text(entry.lead_time_days)])


def _haystack(entry: LibraryEntry) -> str:
    words = [
        entry.name,
        entry.summary,
        entry.key,
        KIND_WORDS[entry.kind],
        OWNER_WORDS[entry.owner_role],
        entry.reference,
        *(SKILL_WORDS[skill] for skill in entry.new_skills),
    ]
    return " ".join(words).casefold()


def matches(entry: LibraryEntry, search: str) -> bool:
    """Whether every word of `search` is in the scaffold's name, summary, kind, owner or source."""
    text = _haystack(entry)
    return all(word in text for word in search.casefold().split())


class LibraryTableModel(QAbstractTableModel):
    """The library's scaffolds that match the search (retired ones only when asked)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[LibraryEntry] = []
        self._edited: frozenset[str] = frozenset()
        self._rows: list[LibraryEntry] = []
        self._search = ""
        self._show_retired = False

    # Filling ----------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[LibraryEntry], edited: frozenset[str]) -> None:
        """Replace the whole library (retired entries included) and show what the filter lets in."""
        self._all = list(entries)
        self._edited = edited
        self._refilter()

    def set_filter(self, search: str, show_retired: bool) -> None:
        """Show the scaffolds matching `search`; retired ones only with `show_retired`."""
        self._search = search
        self._show_retired = show_retired
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [
            entry
            for entry in self._all
            if (self._show_retired or not entry.retired) and matches(entry, self._search)
        ]
        self.endResetModel()

    # Reading ----------------------------------------------------------------------------------

    def entry_at(self, row: int) -> LibraryEntry:
        """The scaffold shown in `row`."""
        return self._rows[row]

    def row_of(self, key: str) -> int | None:
        """The row showing the scaffold with this key, if it is shown."""
        for row, entry in enumerate(self._rows):
            if entry.key == key:
                return row
        return None

    def shown_keys(self) -> list[str]:
        """The keys of the scaffolds shown, top to bottom."""
        return [entry.key for entry in self._rows]

    def total(self) -> int:
        """How many scaffolds the library holds, retired ones included."""
        return len(self._all)

    def badge_of(self, key: str) -> str | None:
        """The badge of a scaffold of the library, shown or not."""
        for entry in self._all:
            if entry.key == key:
                return badge(entry, self._edited)
        return None

    def is_edited(self, key: str) -> bool:
        """Whether this is a built-in the partner changed."""
        return key in self._edited

    # Qt's model interface ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        state = badge(entry, self._edited)
        if index.column() == Column.state:
            return self._state_data(entry, state, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.name
        if role == DETAILS_ROLE:
            return details_text(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.name}. {details_text(entry).replace(' · ', ', ')}. {state}."
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.name}\n{details_text(entry)}\n\n{entry.summary}"
        if role == Qt.ItemDataRole.ForegroundRole and entry.retired:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _state_data(self, entry: LibraryEntry, state: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return state
        if role == Qt.ItemDataRole.ToolTipRole:
            return BADGE_TIPS[state]
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(entry.retired)
            font.setBold(state in (EDITED, YOURS))
            return font
        if role == Qt.ItemDataRole.ForegroundRole and entry.retired:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None


class ScaffoldDelegate(QStyledItemDelegate):
    """Paints a scaffold's name in bold and, under it, its details in the softer colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, details = opt.text, str(index.data(DETAILS_ROLE) or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect = rect.adjusted(2, 0, -2, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        if selected:
            name_colour = details_colour = opt.palette.color(
                group, QPalette.ColorRole.HighlightedText
            )
        else:
            foreground = index.data(Qt.ItemDataRole.ForegroundRole)
            name_colour = (
                foreground
                if isinstance(foreground, QColor)
                else opt.palette.color(group, QPalette.ColorRole.Text)
            )
            details_colour = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        bold = QFont(opt.font)
        bold.setBold(True)
        lines = ((name, bold, name_colour), (details, opt.font, details_colour))
        height = sum(QFontMetrics(font).lineSpacing() for _text, font, _colour in lines)
        top = rect.top() + max((rect.height() - height) // 2, 0)
        painter.save()
        for text, font, colour in lines:
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(colour)
            line = QRect(rect.left(), top, rect.width(), metrics.lineSpacing())
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(
                line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided
            )
            top += metrics.lineSpacing()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        bold = QFont(option.font)
        bold.setBold(True)
        height = QFontMetrics(bold).lineSpacing() + QFontMetrics(option.font).lineSpacing()
        return QSize(size.width(), height + 10)
