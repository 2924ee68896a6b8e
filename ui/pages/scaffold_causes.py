"""The causes a scaffold addresses: a one-line picker that opens a list of tick boxes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from ui.style import soften


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word before `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


@dataclass(frozen=True)
class CauseChoice:
    """A recorded cause a scaffold can address: its cell, evidence and behaviour."""

    id: int
    cell_title: str
    evidence: str
    behaviour: str
    is_skill_gap: bool

    @property
    def label(self) -> str:
        """The cause in one line of reasonable length."""
        head = (
            f"{self.cell_title}: {shorten(self.evidence, 70)}" if self.evidence else self.cell_title
        )
        return f"{head} ({shorten(self.behaviour, 40)})"

    @property
    def full_text(self) -> str:
        """The cause with its whole evidence and behaviour."""
        evidence = self.evidence or "no evidence noted"
        return f"{self.cell_title}: {evidence} (behaviour: {self.behaviour})"


class CauseCheckBox(QCheckBox):
    """A tick box for one cause, "cell: evidence", the evidence cut to the width available."""

    def __init__(self, cause: CauseChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._head = f"{cause.cell_title}: " if cause.evidence else cause.cell_title
        self._evidence = " ".join(cause.evidence.split())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip(cause.full_text)
        self.setAccessibleName(f"Addresses {cause.full_text}")
        self._show(self._evidence)

    def _show(self, evidence: str) -> None:
        self.setText((self._head + evidence).replace("&", "&&"))

    def _chrome(self) -> int:
        """Width taken by the box and spacing beside the text."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(
            self.text().replace("&&", "&")
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as the whole text."""
        full = self.fontMetrics().horizontalAdvance(self._head + self._evidence)
        return QSize(self._chrome() + full, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Narrow enough to fit small windows: the evidence can be cut."""
        narrow = self.fontMetrics().horizontalAdvance(self._head + "…")
        return QSize(self._chrome() + narrow, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Cut the evidence to the new width."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Cut again when the type changes size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.width() - self._chrome() - metrics.horizontalAdvance(self._head)
        evidence = metrics.elidedText(self._evidence, Qt.TextElideMode.ElideRight, max(room, 0))
        if self.text() != (self._head + evidence).replace("&", "&&"):
            self._show(evidence)


class CauseList(QFrame):
    """The recorded causes as tick boxes under their behaviours, popping up below a picker."""

    closed = Signal()

    def __init__(self, causes: list[CauseChoice], parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # meeting mode's type
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Causes it addresses")
        self._column = layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 8)
        layout.setSpacing(1)
        self.boxes: dict[int, CauseCheckBox] = {}
        behaviour = None
        for cause in causes:  # behaviour by behaviour, as the causes are recorded
            if cause.behaviour != behaviour:
                behaviour = cause.behaviour
                heading = soften(QLabel(f"Behaviour: {behaviour}"))
                heading.setWordWrap(True)
                layout.addSpacing(4)
                layout.addWidget(heading)
            self.boxes[cause.id] = CauseCheckBox(cause)
            layout.addWidget(self.boxes[cause.id])
        layout.addSpacing(4)
        layout.addWidget(soften(QLabel("Space ticks or unticks a cause; Enter or Esc closes.")))

    def open_below(self, anchor: QWidget, card: QWidget) -> None:
        """Show the list under `anchor`, as wide as its text needs (at least the card)."""
        area = card.window().geometry()
        inner = card.contentsRect()
        width = max(inner.width(), min(self.sizeHint().width(), area.width() - 32))
        left = card.mapToGlobal(inner.topLeft()).x()
        left = max(area.left() + 16, min(left, area.right() - 16 - width))
        height = self._column.totalHeightForWidth(width)
        top = anchor.mapToGlobal(anchor.rect().bottomLeft()).y() + 2
        if top + height > area.bottom():
            top = max(area.top(), anchor.mapToGlobal(anchor.rect().topLeft()).y() - height - 2)
        self.setGeometry(left, top, width, height)
        self.show()
        ticked = [box for box in self.boxes.values() if box.isChecked()]
        (ticked or list(self.boxes.values()))[0].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Escape or Enter closes the list; the arrows go from cause to cause."""
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.close()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.focusNextPrevChild(key == Qt.Key.Key_Down)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A click outside closes the list; on the picker, it does not open it again."""
        picker = self.parentWidget()
        on_picker = picker is not None and picker.rect().contains(
            picker.mapFromGlobal(event.globalPosition().toPoint())
        )
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay, on_picker)
        super().mousePressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Tell the picker, which takes the cursor back."""
        super().hideEvent(event)
        self.closed.emit()


class CausePicker(QComboBox):
    """The causes a scaffold addresses, in one line; opening it shows the list to tick them."""

    def __init__(self, causes: list[CauseChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._causes = {cause.id: cause for cause in causes}
        self.list = CauseList(causes, self)
        self.boxes = self.list.boxes
        self.addItem("")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Causes it addresses")
        self.setEnabled(bool(causes))
        for box in self.boxes.values():
            box.toggled.connect(self._summarise)
        self.list.closed.connect(self._on_closed)
        self._summarise()

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        """Open the list of causes (a click, Space, F4 or Alt+Down)."""
        if self.boxes:
            self.list.open_below(self, self.parentWidget() or self)

    def hidePopup(self) -> None:  # noqa: N802 - Qt's name
        """Close the list of causes."""
        self.list.close()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw as a combo box, the summary cut to the room there is."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _on_closed(self) -> None:
        if self.isVisible():
            self.setFocus()

    def _summarise(self) -> None:
        ticked = [self._causes[cid] for cid, box in self.boxes.items() if box.isChecked()]
        if len(ticked) == 1:
            one = ticked[0]
            text = f"{one.cell_title}: {one.evidence}" if one.evidence else one.cell_title
        elif ticked:
            titles = Counter(c.cell_title for c in ticked)
            text = "; ".join(t if n == 1 else f"{t} ({n})" for t, n in titles.items())
        elif self._causes:
            text = "None ticked yet: open the list to choose"
        else:
            text = "None recorded yet: note them in step 4"
        self.setItemText(0, " ".join(text.split()))
        full = "\n".join(c.full_text for c in ticked)
        self.setAccessibleDescription(full)
        self.setToolTip(full or "Open the list (Space) and tick the causes this scaffold addresses")
