"""The network diagram with its two choices: which tie types, and what circle size shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.network.measure import Measure
from app.network.wording import TIE_WORDS
from app.vocab import TieType
from ui.followup.chart_view import ChartView
from ui.followup.network_ties import capitalised
from ui.style import heading, soften

# The diagram's widest useful size by team size: its type is sized for print, so a small team
# drawn wide would shout, and a large one drawn narrow would be too small to read.
DIAGRAM_WIDTHS = ((15, 620), (30, 760), (10_000, 900))


def diagram_width(team_size: int) -> int:
    """How wide the diagram of a team of this size is best shown, in pixels."""
    return next(width for most, width in DIAGRAM_WIDTHS if team_size <= most)


class DiagramView(ChartView):
    """A chart view whose height follows the width it is really given (up to its maximum)."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The height that keeps the diagram's proportions at the width it will have."""
        return super().heightForWidth(min(width, self.maximumWidth()))


class DiagramPanel(QWidget):
    """Heading, the tie-type filter and size chooser, a one-line caption and the diagram.

    Emits `filter_changed()` when other tie types are chosen (findings follow the filter) and
    `size_changed()` when circles should show another measure (only the diagram changes).
    """

    filter_changed = Signal()
    size_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading(QLabel("The network"), 1.15)
        self.filter_combo = QComboBox()
        self.filter_combo.addItem("All types together", None)
        for tie_type, words in TIE_WORDS.items():
            self.filter_combo.addItem(capitalised(words), tie_type)
        self.filter_combo.setAccessibleName("Tie types analysed")
        self.size_combo = QComboBox()
        for measure in Measure:
            self.size_combo.addItem(measure.label, measure)
        self.size_combo.setAccessibleName("Size circles by")
        self.caption = soften(QLabel())
        self.caption.setWordWrap(True)
        self.view = DiagramView("Diagram of who goes to whom")
        controls = QHBoxLayout()
        for text, combo in (("&Show ties for:", self.filter_combo), ("Si&ze by:", self.size_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            controls.addWidget(label)
            controls.addWidget(combo)
            controls.addSpacing(12)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(self.caption)
        layout.addWidget(self.view)
        layout.addStretch(1)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        self.size_combo.currentIndexChanged.connect(lambda _i: self.size_changed.emit())

    @property
    def tie_types(self) -> tuple[TieType, ...] | None:
        """The tie types chosen (None: all of them together)."""
        choice = self.filter_combo.currentData()
        return None if choice is None else (TieType(choice),)

    @property
    def size_by(self) -> Measure:
        """What circle areas show."""
        return Measure(self.size_combo.currentData())

    def fit_team(self, team_size: int) -> int:
        """Show the diagram at the width that suits the team; returns that width."""
        width = diagram_width(team_size)
        self.view.setMaximumWidth(width)
        self.setMaximumWidth(width)
        return width

    def set_caption(self, text: str) -> None:
        """Say how big the network is (also read by screen readers)."""
        self.caption.setText(text)
        self.view.setAccessibleDescription(text)

    def show_svg(self, svg: bytes) -> None:
        """Show a freshly drawn diagram."""
        self.view.show_svg(svg, self.caption.text() or "Who goes to whom")
