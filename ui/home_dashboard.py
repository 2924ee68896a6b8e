"""The home page's overview beside the list: check-ins due this week and overdue, how the running
consultations progress, and the causes that recur across teams.

Read through `app.progress.portfolio` in a worker thread (`ui.home_dashboard_job`), so that a
large database never freezes the window; the panel shows the last overview until the new one
is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.progress.portfolio_types import CellRecurrence, OverallProgress, Portfolio
from app.services.list_rows import CheckinDue
from ui.engagement_table_model import urgency_colours
from ui.home_dashboard_parts import (
    DUE_HINT,
    NO_RECURRING_TEXT,
    ORGANISATION_HINT,
    OVERDUE_HINT,
    PROGRESS_HINTS,
    PROGRESS_WORDS,
    TOOLTIP_NAMES,
    CauseEntry,
    CheckinLine,
    CheckinList,
    checkin_line,
    due_text,
    names_text,
    overdue_text,
)
from ui.style import heading, soften

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ui.home_dashboard_job import PortfolioJob


class HomeDashboard(QFrame):
    """The overview panel; `refresh()` reads it again (in a thread), `open_requested(id)` asks
    for a consultation to be opened."""

    open_requested = Signal(int)
    updated = Signal()  # a new overview is shown (or its failure)

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._engine: Engine | None = None
        self._job: PortfolioJob | None = None
        self._again = False
        self.portfolio: Portfolio | None = None
        self._build()

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Overview of the consultations")
        self.status_label = soften(QLabel("Reading the consultations…"))
        self.status_label.setWordWrap(True)

        self.due_title = heading(QLabel("Due this week"), 1.1)
        self.due_list = CheckinList("Check-ins due this week")
        self.due_empty = soften(QLabel("Nothing due this week."))
        self.overdue_title = heading(QLabel("Overdue"), 1.1)
        self.overdue_list = CheckinList("Overdue check-ins")
        self.overdue_empty = soften(QLabel("Nothing overdue."))
        for check_list in (self.due_list, self.overdue_list):
            check_list.open_requested.connect(self.open_requested)
        self.due_title.setToolTip(DUE_HINT)
        self.overdue_title.setToolTip(OVERDUE_HINT)

        self.progress_title = heading(QLabel("Progress"), 1.1)
        self.progress_intro = soften(QLabel())
        self.progress_intro.setWordWrap(True)
        self.count_labels: dict[OverallProgress, QLabel] = {}
        self.count_words: dict[OverallProgress, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for row, overall in enumerate(OverallProgress):
            count = QLabel("0")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = count.font()
            font.setBold(True)
            count.setFont(font)
            words = QLabel(PROGRESS_WORDS[overall])
            grid.addWidget(count, row, 0)
            grid.addWidget(words, row, 1)
            self.count_labels[overall] = count
            self.count_words[overall] = words
        grid.setColumnStretch(1, 1)

        self.causes_title = heading(QLabel("Causes that recur across teams"), 1.1)
        self.causes_title.setWordWrap(True)
        self.causes_box = QVBoxLayout()
        self.causes_box.setSpacing(8)
        self.organisation_hint = soften(QLabel(ORGANISATION_HINT))
        self.organisation_hint.setWordWrap(True)

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.overdue_title)
        column.addWidget(self.overdue_list)
        column.addWidget(self.overdue_empty)
        column.addSpacing(6)
        column.addWidget(self.due_title)
        column.addWidget(self.due_list)
        column.addWidget(self.due_empty)
        column.addSpacing(10)
        column.addWidget(self.progress_title)
        column.addWidget(self.progress_intro)
        column.addLayout(grid)
        column.addSpacing(10)
        column.addWidget(self.causes_title)
        column.addWidget(self.organisation_hint)
        column.addLayout(self.causes_box)
        self.sections = QWidget()
        self.sections.setLayout(column)
        self.sections.hide()  # until the first overview is read
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.status_label)
        content_layout.addWidget(self.sections)
        content_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.addWidget(scroll)
        self.setFixedWidth(self.fontMetrics().averageCharWidth() * 50)
        self._colour_titles()

    def _colour_titles(self) -> None:
        for title, due in (
            (self.overdue_title, CheckinDue.overdue),
            (self.due_title, CheckinDue.due),
        ):
            colours = urgency_colours(due, self.palette())
            if colours is not None:
                palette = title.palette()
                palette.setColor(QPalette.ColorRole.WindowText, colours[0])
                title.setPalette(palette)

    def focus_order(self) -> list[QWidget]:
        """The widgets Tab visits, in order (after the list of consultations)."""
        return [self.overdue_list, self.due_list]

    # Reading ----------------------------------------------------------------------------------

    def set_engine(self, engine: Engine | None) -> None:
        """The database to read the overview from (none: the panel stays empty)."""
        self._engine = engine

    def refresh(self) -> None:
        """Read the overview again; a read already running is finished first, then repeated."""
        if self._engine is None:
            return
        if self._job is not None:
            self._again = True
            return
        from ui.home_dashboard_job import PortfolioJob

        job = PortfolioJob(self._engine, self._today())
        job.ready.connect(self._on_ready)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self._job = job
        job.start()

    def busy(self) -> bool:
        """Whether a read is running."""
        return self._job is not None

    def _on_ready(self, found: Portfolio) -> None:
        if not self._again:
            self.show_portfolio(found)

    def _on_failed(self, message: str) -> None:
        if not self._again:
            self.status_label.setText(message)
            self.status_label.show()
            self.updated.emit()

    def _on_finished(self) -> None:
        self._job = None
        if self._again:
            self._again = False
            self.refresh()

    # Showing ----------------------------------------------------------------------------------

    def show_portfolio(self, found: Portfolio) -> None:
        """Fill the panel from an overview."""
        self.portfolio = found
        self.sections.show()
        self.status_label.hide()
        today = found.today
        self._fill_list(
            self.overdue_title,
            self.overdue_list,
            self.overdue_empty,
            "Overdue",
            [checkin_line(e, overdue_text(e, today)) for e in found.overdue],
        )
        self._fill_list(
            self.due_title,
            self.due_list,
            self.due_empty,
            "Due this week",
            [checkin_line(e, due_text(e, today)) for e in found.due_this_week],
        )
        self._fill_progress(found)
        self._fill_causes(found.recurring_causes)
        self.updated.emit()

    @staticmethod
    def _fill_list(
        title: QLabel,
        check_list: CheckinList,
        empty: QLabel,
        words: str,
        entries: list[CheckinLine],
    ) -> None:
        title.setText(f"{words} ({len(entries)})" if entries else words)
        check_list.set_entries(entries)
        check_list.setVisible(bool(entries))
        empty.setVisible(not entries)

    def _fill_progress(self, found: Portfolio) -> None:
        running = found.running
        if running:
            noun = "consultation" if running == 1 else "consultations"
            self.progress_intro.setText(f"Of {running} {noun} agreed or in progress:")
        else:
            self.progress_intro.setText("Nothing agreed or in progress yet.")
        for group in found.progress:
            label = self.count_labels[group.overall]
            label.setText(str(group.count))
            names = [t.team_name for t in group.teams]
            tip = PROGRESS_HINTS[group.overall]
            if names:
                tip += "\n\n" + names_text(names, TOOLTIP_NAMES)
            for widget in (label, self.count_words[group.overall]):
                widget.setToolTip(tip)
                widget.setVisible(running > 0)

    def _fill_causes(self, cells: Sequence[CellRecurrence]) -> None:
        while self.causes_box.count():
            item = self.causes_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not cells:
            empty = soften(QLabel(NO_RECURRING_TEXT))
            empty.setWordWrap(True)
            self.causes_box.addWidget(empty)
            return
        for cell in cells:
            self.causes_box.addWidget(CauseEntry(cell))

    def cause_entries(self) -> list[CauseEntry]:
        """The recurring causes shown, in order."""
        found = []
        for i in range(self.causes_box.count()):
            item = self.causes_box.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, CauseEntry):
                found.append(widget)
        return found
