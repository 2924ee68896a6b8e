"""Check-ins and progress: record what the measures show, and see whether performance moves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.flow.plain_words import plain_date
from app.progress.series import MeasureProgress, TierGroup, engagement_progress, indicators_by_tier
from app.services.checkin_form import checkin_form
from app.services.checkin_history import list_checkin_history
from app.services.checkins import (
    CheckInInput,
    delete_checkin,
    list_checkins,
    list_observations,
    record_checkin,
    update_checkin,
)
from app.storage import StorageError
from app.validation import NotFoundError
from ui.editor.editing import EngagementEditing
from ui.followup import chart_job
from ui.followup.base import FollowupPage
from ui.followup.chart_view import ChartView
from ui.followup.checkin_dialog import DECISIONS, CheckInDialog
from ui.followup.indicators_panel import IndicatorsPanel
from ui.style import heading, soften

if TYPE_CHECKING:
    from sqlmodel import Session

DECISION_WORDS = dict(DECISIONS)
CHART_MAX_WIDTH = 820  # wider charts only grow taller: the page would need more scrolling


@dataclass(frozen=True)
class CheckInRow:
    """One line of the check-ins table."""

    id: int
    held_on: date
    decision: str
    seen: int
    next_date: date | None
    what_changed: str


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, read in one transaction."""

    checkins: tuple[CheckInRow, ...]
    progress: tuple[MeasureProgress, ...]
    indicator_groups: tuple[TierGroup, ...]
    history: tuple[str, ...]


def _draw(progress: tuple[MeasureProgress, ...], groups: tuple[TierGroup, ...]) -> dict[str, bytes]:
    """Every chart of the page as SVG (runs in a worker thread)."""
    from app.charts.indicators import indicator_chart_svg
    from app.charts.trend import trend_chart_svg

    charts = {f"m{p.series.measure_id}": trend_chart_svg(p.series, p.progress) for p in progress}
    if any(g.indicators for g in groups):
        charts["indicators"] = indicator_chart_svg(groups)
    return charts


class ProgressPage(FollowupPage):
    """The check-ins table, each measure's trend, learning indicators apart, and the history."""

    key = "progress"
    title = "Check-ins and progress"
    purpose = (
        "Is performance moving? At each check-in, record what the measures show and how the "
        "scaffolds are going; each chart compares it with the baseline, the target and the pace "
        "needed to reach it."
    )
    report_requested = Signal()
    today: Callable[[], date] = staticmethod(date.today)

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self.dialog: CheckInDialog | None = None
        self.charts: dict[str, ChartView] = {}
        self.summaries: dict[str, QLabel] = {}
        self._generation = 0
        self.charts_pending = False  # True from a reload until its charts are shown
        self.data: PageData | None = None
        self._build()
        self._connect()

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.record_button = QPushButton("&Record a check-in…")
        self.record_button.setDefault(True)
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("De&lete")
        self.report_button = QPushButton("Progress re&port…")
        self.report_button.setToolTip("The progress report as it prints; save it as a PDF")
        self.csv_button = QPushButton("Export measures as &CSV…")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.csv_button)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Date", "Decision", "Measures seen", "Next check-in"])
        self.table.setAccessibleName("Check-ins held")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(180)
        self.empty_label = soften(
            QLabel("No check-in yet. Record the first one at your next meeting.")
        )
        self.status_label = soften(QLabel())

        self.measures_heading = heading(QLabel("Performance measures"), 1.15)
        self.measures_box = QVBoxLayout()
        self.no_measures = soften(QLabel("This consultation has no performance measure yet."))
        self.indicators = IndicatorsPanel(self.editing)
        self.indicator_chart = ChartView("Learning indicators chart")
        self.indicator_chart.setMaximumWidth(CHART_MAX_WIDTH)
        self.indicator_chart.hide()
        self.history_heading = heading(QLabel("History of check-ins"), 1.15)
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_label.setAccessibleName("History of check-ins")

        b = self.body_layout
        b.addLayout(buttons)
        b.addWidget(self.table)
        b.addWidget(self.empty_label)
        b.addWidget(self.status_label)
        b.addWidget(self.measures_heading)
        b.addWidget(self.no_measures)
        b.addLayout(self.measures_box)
        b.addWidget(self.indicators)
        b.addWidget(self.indicator_chart)
        b.addWidget(self.history_heading)
        b.addWidget(self.history_label)
        b.addStretch(1)

    def _connect(self) -> None:
        self.record_button.clicked.connect(self.record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.report_button.clicked.connect(self.report_requested)
        self.csv_button.clicked.connect(self.export_csv)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        for keys, slot in (("Return", self.edit_selected), ("Delete", self.delete_selected)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    # Reading ----------------------------------------------------------------------------------

    def _read(self) -> PageData:
        eid = self.editing.engagement_id
        today = self.today()

        def query(session: Session) -> PageData:
            rows = tuple(
                CheckInRow(
                    id=c.id or 0,
                    held_on=c.held_on,
                    decision=DECISION_WORDS[c.decision],
                    seen=len(list_observations(session=session, checkin_id=c.id or 0)),
                    next_date=c.next_date,
                    what_changed=c.what_changed,
                )
                for c in reversed(list_checkins(session=session, engagement_id=eid))
            )
            history = tuple(
                f"{h.changed_at.astimezone().strftime('%d %b %Y %H:%M')} · check-in of "
                f"{plain_date(h.held_on)} — {h.summary}"
                for h in list_checkin_history(session=session, engagement_id=eid)
            )
            return PageData(
                checkins=rows,
                progress=tuple(
                    engagement_progress(session=session, engagement_id=eid, as_of=today)
                ),
                indicator_groups=tuple(indicators_by_tier(session=session, engagement_id=eid)),
                history=history,
            )

        return self.editing.read(query)

    def reload(self) -> None:
        """Fill the table, the summaries and the history; redraw the charts in the background."""
        try:
            data = self._read()
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self.data = data
        self._fill_table(data.checkins)
        self._fill_measures(data.progress)
        self.charts_pending = True
        self.history_label.setText(
            "<br>".join(_escape(line) for line in data.history) or "Nothing recorded yet."
        )
        self._generation += 1
        generation = self._generation
        progress, groups = data.progress, data.indicator_groups
        chart_job.start(lambda: (generation, _draw(progress, groups)), self._on_drawn)

    def _fill_table(self, rows: tuple[CheckInRow, ...]) -> None:
        selected = self.selected_id()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (
                plain_date(row.held_on),
                row.decision,
                str(row.seen),
                plain_date(row.next_date, "none set"),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.what_changed:
                    item.setToolTip(row.what_changed)
                self.table.setItem(r, c, item)
            if row.id == selected:
                self.table.selectRow(r)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self._update_buttons()

    def _fill_measures(self, progress: tuple[MeasureProgress, ...]) -> None:
        keys = [f"m{p.series.measure_id}" for p in progress]
        if keys != list(self.charts):
            while self.measures_box.count():
                item = self.measures_box.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            self.charts.clear()
            self.summaries.clear()
            for p, key in zip(progress, keys, strict=True):
                name = QLabel()
                name.setObjectName(f"name_{key}")
                font = name.font()
                font.setBold(True)
                name.setFont(font)
                summary = QLabel()
                summary.setWordWrap(True)
                chart = ChartView(f"Trend of {p.series.name}")
                chart.setMaximumWidth(CHART_MAX_WIDTH)
                self.measures_box.addWidget(name)
                self.measures_box.addWidget(summary)
                self.measures_box.addWidget(chart)
                self.charts[key] = chart
                self.summaries[key] = summary
        for p, key in zip(progress, keys, strict=True):
            label = self.summaries[key]
            name = self.findChild(QLabel, f"name_{key}")
            if name is not None:
                name.setText(p.series.name + (f" ({p.series.unit})" if p.series.unit else ""))
            label.setText(p.summary)
        self.no_measures.setVisible(not progress)

    def _on_drawn(self, drawn: object) -> None:
        generation, result = drawn  # type: ignore[misc]
        if generation != self._generation or not isinstance(result, dict) or self.data is None:
            return  # a newer reload is drawing already
        self.charts_pending = False
        for p in self.data.progress:
            key = f"m{p.series.measure_id}"
            if key in result and key in self.charts:
                self.charts[key].show_svg(result[key], p.summary)
        if "indicators" in result:
            self.indicator_chart.show_svg(result["indicators"], "Learning indicators by LTEM tier")
            self.indicator_chart.show()
        else:
            self.indicator_chart.hide()

    # Actions ----------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        """The check-in selected in the table, if any."""
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def record(self) -> CheckInDialog | None:
        """Open the form for a new check-in."""
        return self._open_form(None)

    def edit_selected(self) -> CheckInDialog | None:
        """Open the form on the selected check-in."""
        checkin_id = self.selected_id()
        return None if checkin_id is None else self._open_form(checkin_id)

    def _open_form(self, checkin_id: int | None) -> CheckInDialog | None:
        eid = self.editing.engagement_id
        try:
            form = self.editing.read(
                lambda s: checkin_form(
                    session=s, engagement_id=eid, checkin_id=checkin_id, today=self.today()
                )
            )
        except (NotFoundError, StorageError, StopIteration) as exc:
            self.status_label.setText(f"The check-in could not be opened: {exc}")
            return None

        def save(data: CheckInInput) -> object:
            if checkin_id is None:
                return self.editing.apply(
                    "Record check-in",
                    lambda s: record_checkin(session=s, engagement_id=eid, data=data),
                )
            return self.editing.apply(
                "Edit check-in",
                lambda s: update_checkin(session=s, checkin_id=checkin_id, data=data),
            )

        self.dialog = CheckInDialog(form, save, self)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.open()
        return self.dialog

    def delete_selected(self) -> None:
        """Delete the selected check-in (undo brings it back)."""
        checkin_id = self.selected_id()
        if checkin_id is None:
            return
        try:
            self.editing.apply(
                "Delete check-in", lambda s: delete_checkin(session=s, checkin_id=checkin_id)
            )
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self.status_label.setText("Check-in deleted. Undo (Ctrl+Z) brings it back.")

    def export_csv(self) -> None:
        """Save the measures and observations as a CSV file for a spreadsheet."""
        from ui.followup.csv_save import save_measures_csv

        message = save_measures_csv(self, self.editing)
        if message:
            self.status_label.setText(message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
