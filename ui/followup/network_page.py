"""Team network: who goes to whom, what stands out, and who could take a part in a scaffold."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.network.findings import Finding
from app.network.grid import network_grid
from app.services.scaffold_people import give_part, take_back_part
from app.storage import StorageError
from app.validation import NotFoundError
from app.vocab import TieType
from ui.editor.editing import EngagementEditing
from ui.followup import chart_job
from ui.followup.base import FollowupPage
from ui.followup.network_data import (
    NetworkPageData,
    NetworkQuestion,
    describe,
    draw_diagram,
    find_findings,
    read_page,
    read_team,
)
from ui.followup.network_diagram import DiagramPanel
from ui.followup.network_findings import FindingsPanel, PartsPanel
from ui.followup.network_import import SurveyImportPanel
from ui.followup.network_members import MembersPanel
from ui.followup.network_part_dialog import PartDialog, PartRequest
from ui.followup.network_ties import TiesPanel
from ui.style import soften

if TYPE_CHECKING:
    from app.network.analysis import NetworkAnalysis

REDRAW_DELAY_MS = 400  # after the last toggle in the grid, before the diagram is drawn again
MEMBERS_WIDTH = 340
FINDINGS_MIN_WIDTH = 340


class NetworkPage(FollowupPage):
    """Members, the ties grid, a survey import, the diagram, findings and parts in scaffolds."""

    key = "network"
    title = "Team network"
    purpose = (
        "Who do people go to for help, advice, information and new ideas? Record the team and "
        "who goes to whom (or import a survey); the diagram and findings show who the team "
        "already relies on, who could champion or coach, and where one person is a bottleneck."
    )

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self.data: NetworkPageData | None = None
        self.findings: tuple[Finding, ...] = ()
        self.part_dialog: PartDialog | None = None
        self.findings_pending = False  # True from a change until its findings are shown
        self.diagram_pending = False  # True from a change until its diagram is shown
        self._drawing = 0  # the latest diagram asked for; older ones are dropped
        self._finding = 0  # the latest findings asked for
        self._redraw = QTimer(self, singleShot=True, interval=REDRAW_DELAY_MS)
        self._reload_soon = QTimer(self, singleShot=True, interval=0)
        self._build()
        self._connect()

    # Layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.survey = SurveyImportPanel(self.editing)
        self.status_label = soften(QLabel())
        self.status_label.setWordWrap(True)
        self.survey.status_row.addWidget(self.status_label, 1)
        self.members_panel = MembersPanel(self.editing)
        self.members_panel.setMaximumWidth(MEMBERS_WIDTH)
        self.ties_panel = TiesPanel(self.editing)

        self.diagram_panel = DiagramPanel()
        self.findings_panel = FindingsPanel()
        self.findings_panel.setMinimumWidth(FINDINGS_MIN_WIDTH)
        self.parts_panel = PartsPanel()

        entry = QHBoxLayout()
        entry.setSpacing(24)
        entry.addWidget(self.members_panel, 0)
        entry.addWidget(self.ties_panel, 1)
        reading = QVBoxLayout()
        reading.addWidget(self.findings_panel)
        reading.addWidget(self.parts_panel)
        reading.addStretch(1)
        # Side by side when there is room for both, else the findings go under the diagram.
        self.network_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.network_row.setSpacing(24)
        self.network_row.addWidget(self.diagram_panel, 3)
        self.network_row.addLayout(reading, 2)
        b = self.body_layout
        b.addWidget(self.survey)
        b.addLayout(entry)
        b.addLayout(self.network_row)
        b.addStretch(1)

    def _connect(self) -> None:
        self.ties_panel.tie_type_changed.connect(self._on_grid_type_changed)
        self.ties_panel.toggled.connect(self._on_toggled)
        self.diagram_panel.filter_changed.connect(self._analyse)
        self.diagram_panel.size_changed.connect(lambda: self._analyse(findings=False))
        self.findings_panel.give_requested.connect(self.give_part_for)
        self.parts_panel.take_back_requested.connect(self.take_back)
        self._redraw.timeout.connect(self._analyse)
        self._reload_soon.timeout.connect(self._reload_if_shown)
        self.scroll_area.viewport().installEventFilter(self)

    def has_unsaved_errors(self) -> bool:
        """Whether a name typed for the team was refused (leaving would lose it)."""
        return not self.members_panel.add_error.isHidden()

    def _arrange(self) -> None:
        """The diagram as wide as the team needs; the findings beside it if both fit."""
        width = self.diagram_panel.fit_team(len(self.data.members) if self.data else 0)
        room = self.scroll_area.viewport().width()
        side = room >= width + FINDINGS_MIN_WIDTH + self.network_row.spacing()
        direction = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        if self.network_row.direction() != direction:
            self.network_row.setDirection(direction)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Arrange the network again when the page's visible width changes."""
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange()
        return super().eventFilter(watched, event)

    # Reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fill the members, the grid and the parts; find and draw again in the background."""
        eid, tie_type = self.editing.engagement_id, self.ties_panel.tie_type
        try:
            data = self.editing.read(
                lambda s: read_page(session=s, engagement_id=eid, tie_type=tie_type)
            )
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self.data = data
        self.members_panel.set_rows(data.members, data.print_pseudonyms)
        self.ties_panel.set_grid(data.grid)
        self.parts_panel.set_parts(data.parts)
        self._arrange()
        self._analyse()

    def _reload_if_shown(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def _on_changed(self, origin: object) -> None:
        if origin is self.ties_panel:
            return  # the grid shows its own toggles; the diagram follows after a pause
        if origin in (self.members_panel, self.survey, self):
            self._reload_soon.start()  # not inside the edit that made the change
        else:
            super()._on_changed(origin)

    def _on_grid_type_changed(self, tie_type: TieType) -> None:
        eid = self.editing.engagement_id
        try:
            grid = self.editing.read(
                lambda s: network_grid(session=s, engagement_id=eid, tie_type=tie_type)
            )
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self.ties_panel.set_grid(grid)

    def _on_toggled(self) -> None:
        """Fast entry: wait for a pause in the toggling before finding and drawing again."""
        self.findings_pending = self.diagram_pending = True
        self._redraw.start()

    # Analysis in the background -----------------------------------------------------------------

    def _question(self) -> NetworkQuestion:
        eid = self.editing.engagement_id
        members, ties = self.editing.read(lambda s: read_team(session=s, engagement_id=eid))
        return NetworkQuestion(
            members=members,
            ties=ties,
            tie_types=self.diagram_panel.tie_types,
            size_by=self.diagram_panel.size_by,
        )

    def _analyse(self, *, findings: bool = True) -> None:
        self._redraw.stop()
        try:
            question = self._question()
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self._drawing += 1
        drawing = self._drawing
        self.diagram_pending = True
        job = chart_job.start(lambda: (drawing, draw_diagram(question)), self._on_drawn)
        job.failed.connect(self._on_draw_failed)
        if findings:
            self._finding += 1
            finding = self._finding
            self.findings_pending = True
            job = chart_job.start(lambda: (finding, *find_findings(question)), self._on_findings)
            job.failed.connect(self._on_find_failed)

    def _on_drawn(self, result: object) -> None:
        drawing, svg = cast(tuple[int, bytes], result)
        if drawing != self._drawing:
            return  # a newer change is drawing already
        self.diagram_pending = False
        self.diagram_panel.show_svg(svg)

    def _on_findings(self, result: object) -> None:
        found = cast("tuple[int, NetworkAnalysis, tuple[Finding, ...]]", result)
        finding, analysis, findings = found
        if finding != self._finding:
            return  # a newer change is being read already
        self.findings_pending = False
        self.findings = findings
        self.diagram_panel.set_caption(describe(analysis))
        can_give = bool(self.data and self.data.scaffolds)
        self.findings_panel.set_findings(findings, can_give)

    def _on_draw_failed(self, message: str) -> None:
        self.diagram_pending = False
        self.diagram_panel.set_caption(message)

    def _on_find_failed(self, message: str) -> None:
        self.findings_pending = False
        self.status_label.setText(message.replace("chart", "network"))

    # Actions ----------------------------------------------------------------------------------

    def give_part_for(self, finding: Finding) -> PartDialog | None:
        """Open the dialog that gives someone the finding names a part in a scaffold."""
        if self.data is None or not self.data.scaffolds:
            return None

        def save(request: PartRequest) -> object:
            return self.editing.apply(
                "Give a part in a scaffold",
                lambda s: give_part(
                    session=s,
                    scaffold_id=request.scaffold_id,
                    member_id=request.member_id,
                    role=request.role,
                    reason=request.reason,
                ),
                origin=self,
            )

        self.part_dialog = PartDialog(finding, self.data.scaffolds, self.data.members, save, self)
        self.part_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.part_dialog.open()
        return self.part_dialog

    def take_back(self, part_id: int) -> None:
        """Take back a part in a scaffold (Ctrl+Z gives it back)."""
        try:
            self.editing.apply(
                "Take back a part",
                lambda s: take_back_part(session=s, part_id=part_id),
                origin=self,
            )
        except (NotFoundError, StorageError) as exc:
            self.status_label.setText(str(exc))
            return
        self.status_label.setText("Part taken back. Ctrl+Z gives it back.")
