"""Step 5: the scaffolds, the conditions, tools and habits in which the team learns as it works."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget
from sqlmodel import Session

from app.flow.prompts import PROMPT_BY_CELL
from app.flow.state import LearningAnswer, learning_verdict
from app.flow.steps import StepId
from app.services.behaviours import engagement_causes, list_behaviours
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from app.vocab import GilbertCell, OwnerRole, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.base import StepPage
from ui.pages.recommendations import RecommendationsPanel
from ui.pages.scaffold_cards import ScaffoldCard, ScaffoldView
from ui.pages.scaffold_causes import CauseChoice
from ui.style import soften
from ui.widgets.record_cards import RecordCard, RecordList


def read_causes(session: Session, engagement_id: int) -> list[CauseChoice]:
    """Every recorded cause of the engagement, as "cell: evidence (behaviour)"."""
    behaviours = {
        b.id: b.expected for b in list_behaviours(session=session, engagement_id=engagement_id)
    }
    choices = []
    for cause in engagement_causes(session=session, engagement_id=engagement_id):
        assert cause.id is not None
        choices.append(
            CauseChoice(
                id=cause.id,
                cell_title=PROMPT_BY_CELL[cause.cell].title,
                evidence=cause.evidence.strip(),
                behaviour=behaviours.get(cause.behaviour_id, ""),
                is_skill_gap=cause.cell is GilbertCell.knowledge,
            )
        )
    return choices


def _read_scaffolds(session: Session, engagement_id: int) -> list[tuple[int, ScaffoldView]]:
    rows = []
    for s in list_scaffolds(session=session, engagement_id=engagement_id):
        assert s.id is not None
        view = ScaffoldView(
            name=s.name,
            kind=s.kind,
            level=s.level,
            owner_role=s.owner_role,
            description=s.description,
            library_key=s.library_key,
            start_date=s.start_date,
            due_date=s.due_date,
            training_reason=s.training_reason,
            cause_ids=tuple(scaffold_cause_ids(session=session, scaffold_id=s.id)),
        )
        rows.append((s.id, view))
    return rows


def _addressed(session: Session, engagement_id: int) -> set[int]:
    return {
        cause_id
        for s in list_scaffolds(session=session, engagement_id=engagement_id)
        if s.id is not None
        for cause_id in scaffold_cause_ids(session=session, scaffold_id=s.id)
    }


class ScaffoldGroup(RecordList[ScaffoldView]):
    """A list of scaffold cards that can hand a card over to another group."""

    def release(self, card: RecordCard[ScaffoldView]) -> None:
        """Take a card out of this group (without deleting it)."""
        self.cards.remove(card)
        self._column.removeWidget(card)
        card.remove_requested.disconnect(self._on_remove)

    def adopt(self, card: RecordCard[ScaffoldView]) -> None:
        """Put a card from another group at the end of this one."""
        card.remove_requested.connect(self._on_remove)
        self._column.addWidget(card)
        self.cards.append(card)
        card.show()


class ScaffoldsPage(StepPage):
    """Chosen scaffolds, the manager's changes to the work first, and the causes left open."""

    step_id = StepId.scaffolds

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self._causes: list[CauseChoice] = []
        self._build()
        self.editing.changed.connect(self._on_any_change)

    def _build(self) -> None:
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setAccessibleName("Causes not yet addressed")
        gaps = QFrame()
        gaps.setFrameShape(QFrame.Shape.StyledPanel)
        gaps_layout = QVBoxLayout(gaps)
        gaps_layout.setContentsMargins(10, 6, 10, 6)
        gaps_layout.addWidget(self.gaps_label)

        self.suggestions = RecommendationsPanel(self.editing, self.flush)

        self.manager_list = ScaffoldGroup(
            lambda: self._make_card(ScaffoldKind.environment_fix, OwnerRole.manager),
            "Add a change the &manager makes",
        )
        self.learning_list = ScaffoldGroup(
            lambda: self._make_card(ScaffoldKind.performance_support, OwnerRole.team),
            "Add support or lea&rning at work",
        )
        self.record_lists += [self.manager_list, self.learning_list]
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)

        self.body_layout.addWidget(gaps)
        self.body_layout.addWidget(self.suggestions)
        self.body_layout.addWidget(
            self._section(
                "What the manager changes",
                "Fixes to the information, tools and incentives people work with. Most "
                "gaps live here, and the manager can change them: start with these.",
            )
        )
        self.body_layout.addWidget(self.manager_list)
        self.body_layout.addWidget(
            self._section(
                "How the team learns as it works",
                "Help at the moment of need, learning with and from each other, learning on "
                "the job, and formal training as the last resort.",
            )
        )
        self.body_layout.addWidget(self.verdict_label)
        self.body_layout.addWidget(self.learning_list)
        self.body_layout.addStretch(1)

    @staticmethod
    def _section(title: str, explanation: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(2)
        heading = QLabel(f"<big><b>{escape(title)}</b></big>")
        heading.setAccessibleName(title)
        text = soften(QLabel(explanation))
        text.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(text)
        return box

    def _make_card(self, kind: ScaffoldKind, owner: OwnerRole) -> ScaffoldCard:
        card = ScaffoldCard(self.editing, self, self._causes, kind, owner)
        card.kind_changed.connect(self._regroup)
        card.set_manager_accent(kind is ScaffoldKind.environment_fix)
        return card

    def _group_for(self, kind: ScaffoldKind) -> ScaffoldGroup:
        return self.manager_list if kind is ScaffoldKind.environment_fix else self.learning_list

    def _regroup(self, card: ScaffoldCard) -> None:
        """Move a card whose kind now belongs to the other group, keeping the cursor in it."""
        target = self._group_for(card.kind())
        if card in target.cards:
            return
        focus = QApplication.focusWidget()
        source = self.learning_list if target is self.manager_list else self.manager_list
        source.release(card)
        target.adopt(card)
        card.set_manager_accent(target is self.manager_list)
        if focus is not None and card.isAncestorOf(focus):
            focus.setFocus()
        self.scroll_area.ensureWidgetVisible(card)

    # StepPage ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the stored scaffolds and the causes they address."""
        eid = self.editing.engagement_id
        self._causes, rows = self.editing.read(
            lambda s: (read_causes(s, eid), _read_scaffolds(s, eid))
        )
        self.manager_list.set_records(
            [(i, v) for i, v in rows if v.kind is ScaffoldKind.environment_fix]
        )
        self.learning_list.set_records(
            [(i, v) for i, v in rows if v.kind is not ScaffoldKind.environment_fix]
        )
        self._refresh_gaps()
        self.suggestions.refresh()

    def save(self) -> None:
        """Every card saves itself; nothing else on this page is stored."""
        for records in self.record_lists:
            records.flush()

    # The causes left open ---------------------------------------------------------------------

    def _on_any_change(self, _origin: object) -> None:
        self._refresh_gaps()

    def _refresh_gaps(self) -> None:
        eid = self.editing.engagement_id
        causes, addressed, cells = self.editing.read(
            lambda s: (
                read_causes(s, eid),
                _addressed(s, eid),
                [c.cell for c in engagement_causes(session=s, engagement_id=eid)],
            )
        )
        open_causes = [c for c in causes if c.id not in addressed]
        if not causes:
            text = (
                "No causes are recorded yet. Note in step 4 why the behaviours don't happen; "
                "then choose here which causes each scaffold addresses."
            )
        elif open_causes:
            lines = "".join(f"<br>•&nbsp;{escape(c.label)}" for c in open_causes)
            text = f"<b>Not yet addressed by any scaffold ({len(open_causes)}):</b>{lines}"
        else:
            text = "✓ Every recorded cause is addressed by at least one scaffold."
        self.gaps_label.setText(text)
        self.gaps_label.setToolTip("\n".join(c.full_text for c in open_causes))
        verdict = learning_verdict(cells)
        self.verdict_label.setVisible(verdict.answer is not LearningAnswer.unknown)
        self.verdict_label.setText(f"Will learning help? {verdict.explanation}")
