"""The ties grid on screen: narrow columns under names written upwards, keyboard first.

Arrow keys move (the diagonal is skipped), Space or Enter toggles the current cell, a click
toggles the cell clicked. The view only asks for a toggle; the page stores it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from ui.followup.network_grid_model import TieGridModel

MAX_HEADER_HEIGHT = 110  # longer names are shortened with "…" (the tooltip has them whole)
MAX_ROWS_SHOWN = 18  # beyond this the grid scrolls instead of growing
_TOGGLE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class UpwardHeader(QHeaderView):
    """A horizontal header whose names read from bottom to top, so columns stay narrow.

    The current cell's column is drawn bold, to follow the cursor across a wide grid.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter)
        self.current_column = -1

    def _text(self, section: int) -> str:
        model = self.model()
        value = model.headerData(section, self.orientation()) if model is not None else None
        return str(value or "")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Tall enough for the longest name, up to a limit."""
        bold = self.font()
        bold.setBold(True)  # the current column's name is bold and must fit too
        metrics = QFontMetrics(bold)
        model = self.model()
        count = model.columnCount() if model is not None else 0
        widest = max((metrics.horizontalAdvance(self._text(s)) for s in range(count)), default=0)
        return QSize(super().sizeHint().width(), min(widest + 14, MAX_HEADER_HEIGHT))

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:  # noqa: N802
        """The section's frame as the style draws it, then its name turned upwards."""
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = section
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        font = self.font()
        font.setBold(section == self.current_column)
        painter.save()
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text = metrics.elidedText(
            self._text(section), Qt.TextElideMode.ElideRight, rect.height() - 8
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        baseline = rect.left() + (rect.width() + metrics.ascent() - metrics.descent()) / 2
        painter.translate(baseline, rect.bottom() - 5)
        painter.rotate(-90)
        painter.drawText(0, 0, text)
        painter.restore()


class TieGridView(QTableView):
    """One tie type's grid; Space, Enter or a click emits `toggle_requested(row, column)`."""

    toggle_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = UpwardHeader(self)
        self.setHorizontalHeader(self.header)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move inside it
        self.setCornerButtonEnabled(False)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setHighlightSections(True)
        self.setAccessibleName("Ties grid: rows ask, columns are asked")
        self._height = self._full_width = 0
        self.clicked.connect(self._on_clicked)

    def grid_model(self) -> TieGridModel:
        """The model shown (set with `setModel`)."""
        model = self.model()
        assert isinstance(model, TieGridModel)
        return model

    def setModel(self, model: TieGridModel) -> None:  # type: ignore[override]  # noqa: N802
        """Show a grid model and keep the sizes and the bold column up to date with it."""
        super().setModel(model)
        model.modelReset.connect(self.fit)
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.fit()

    def fit(self) -> None:
        """Square narrow cells; as wide and tall as the grid, up to a limit, then it scrolls."""
        metrics = self.fontMetrics()
        side = metrics.height() + 10
        self.header.setDefaultSectionSize(side)
        self.header.setMinimumSectionSize(side)
        self.verticalHeader().setDefaultSectionSize(side)
        self.verticalHeader().setMinimumSectionSize(side)
        self.header.setFixedHeight(self.header.sizeHint().height())
        count = self.model().rowCount() if self.model() is not None else 0
        frame = 2 * self.frameWidth()
        names = self.verticalHeader().sizeHint().width()
        shown = min(max(count, 1), MAX_ROWS_SHOWN)
        scroll = self.verticalScrollBar().sizeHint().width() if count > MAX_ROWS_SHOWN else 0
        self._height = self.header.height() + shown * side + frame
        self._full_width = names + max(count, 1) * side + frame + scroll
        self.setMaximumWidth(self._full_width)
        self._fit_height()

    def _fit_height(self) -> None:
        """Room for the horizontal scroll bar only when the columns do not all fit."""
        cramped = self.width() < self._full_width
        scroll = self.horizontalScrollBar().sizeHint().height() if cramped else 0
        self.setFixedHeight(self._height + scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Make room for the horizontal scroll bar when the grid gets narrower than its columns."""
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Size the cells again when the type grows or shrinks (meeting mode)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.model() is not None:
            self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Space or Enter toggles the current cell; other keys move as usual."""
        if event.key() in _TOGGLE_KEYS and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            index = self.currentIndex()
            if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.toggle_requested.emit(index.row(), index.column())
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.toggle_requested.emit(index.row(), index.column())

    def _on_current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        self.header.current_column = current.column() if current.isValid() else -1
        self.header.viewport().update()
