"""An SVG chart that keeps its proportions as the page grows or shrinks."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QSizePolicy, QWidget


class ChartView(QSvgWidget):
    """Shows one chart's SVG bytes; its height follows its width."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(360, 150)
        self.svg = b""

    def show_svg(self, data: bytes, description: str) -> None:
        """Show a chart, described for screen readers by `description`."""
        self.svg = data
        self.load(QByteArray(data))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setAccessibleDescription(description)
        self.updateGeometry()

    def _ratio(self) -> float:
        size = self.renderer().defaultSize()
        return size.height() / size.width() if size.width() > 0 else 0.42

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """The height follows the width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The height that keeps the chart's proportions."""
        return max(150, int(width * self._ratio()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """About 700 pixels wide, in proportion."""
        return QSize(700, int(700 * self._ratio()))
