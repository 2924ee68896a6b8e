"""Step 7: who does what by when, how the partner's support steps back, check-ins, signing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget
from sqlmodel import Session

from app.flow.plain_words import PARTY_WORDS, SUPPORT_MODE_WORDS, plain_date
from app.flow.state import FlowState, flow_state
from app.flow.steps import StepId
from app.services.agreement import (
    ResponsibilityInput,
    SupportPhaseInput,
    list_planned_checkins,
    list_responsibilities,
    list_support_phases,
    list_versions,
)
from app.services.common import get_engagement
from ui.dialogs.compare_versions import CompareVersionsDialog
from ui.editor.editing import EngagementEditing
from ui.pages.agreement_cards import (
    CheckinDates,
    ResponsibilityCard,
    SupportPhaseCard,
    SupportPhaseList,
    from_today,
)
from ui.pages.base import StepPage
from ui.pages.sign_off import SignedBox, SignedVersion, SignOffBox, VersionsBox
from ui.style import soften
from ui.widgets.record_cards import RecordCard, RecordList

SUPPORT_EXPLAINED = (
    "The partner advises up front, then steps back while the team works with the scaffolds, "
    "and stays on call to help on request."
)


@dataclass(frozen=True)
class _Agreement:
    """What the page shows, read in one go."""

    manager: str
    partner: str
    responsibilities: list[tuple[int, ResponsibilityInput]]
    phases: list[tuple[int, SupportPhaseInput]]
    checkins: list[tuple[int, date]]
    versions: list[SignedVersion]
    state: FlowState


def _read(session: Session, engagement_id: int) -> _Agreement:
    e = get_engagement(session, engagement_id)
    return _Agreement(
        manager=e.manager_name,
        partner=e.partner_name,
        responsibilities=[
            (r.id or 0, ResponsibilityInput(r.party, r.task, r.due_date))
            for r in list_responsibilities(session=session, engagement_id=engagement_id)
        ],
        phases=[
            (p.id or 0, SupportPhaseInput(p.mode, p.start_date, p.end_date, p.note))
            for p in list_support_phases(session=session, engagement_id=engagement_id)
        ],
        checkins=[
            (p.id or 0, p.due_on)
            for p in list_planned_checkins(session=session, engagement_id=engagement_id)
        ],
        versions=[
            SignedVersion(
                v.number,
                v.manager_signature,
                v.manager_signed_on,
                v.partner_signature,
                v.partner_signed_on,
            )
            for v in list_versions(session=session, engagement_id=engagement_id)
        ],
        state=flow_state(session=session, engagement_id=engagement_id),
    )


def _group(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _signed_view(name: str) -> QLabel:
    """What was agreed, as plain lines, shown instead of the inputs once signed."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _lines(lines: list[str]) -> str:
    return "\n".join(f"•  {line}" for line in lines) or "Nothing agreed here."


def _responsibility_line(r: ResponsibilityInput) -> str:
    if not r.due_date:
        return f"{PARTY_WORDS[r.party]}: {r.task}"
    return f"{PARTY_WORDS[r.party]}: {r.task.rstrip('. ')}, by {plain_date(r.due_date)}"


def _phase_line(p: SupportPhaseInput) -> str:
    start = plain_date(p.start_date)
    span = f"{start} to {plain_date(p.end_date)}" if p.end_date else f"from {start} on"
    note = f" — {p.note}" if p.note else ""
    return f"{SUPPORT_MODE_WORDS[p.mode]}: {span}{note}"


class AgreementPage(StepPage):
    """The agreement: responsibilities, the partner's support, check-in dates and signatures."""

    step_id = StepId.agreement

    def __init__(self, editing: EngagementEditing, parent: QWidget | None = None) -> None:
        super().__init__(editing, parent)
        self.signed_box = SignedBox(editing, self)
        self.responsibilities: RecordList[ResponsibilityInput] = RecordList(
            lambda: ResponsibilityCard(self.editing, self), "Add a &task"
        )
        self.phases = SupportPhaseList(
            lambda: SupportPhaseCard(self.editing, self), "Add a support peri&od"
        )
        self.record_lists += [self.responsibilities, self.phases]
        self.checkins = CheckinDates(editing, self)
        self.sign_box = SignOffBox(editing, self, self._before_signing)
        self.versions_box = VersionsBox()
        self.compare_dialog: CompareVersionsDialog | None = None
        support_note = soften(QLabel(SUPPORT_EXPLAINED))
        support_note.setWordWrap(True)
        checkin_note = soften(
            QLabel("Dates on which the manager and the partner look at the measures together.")
        )
        checkin_note.setWordWrap(True)
        self.signed_views = (
            _signed_view("Who does what by when, as signed"),
            _signed_view("The partner's support, as signed"),
            _signed_view("Check-in dates, as signed"),
        )
        self.editors: tuple[QWidget, ...] = (self.responsibilities, self.phases, self.checkins)
        self.body_layout.addWidget(self.signed_box)
        for title, note, editor, view in zip(
            ("Who does what by when", "The partner's support over time", "Check-in dates"),
            (None, support_note, checkin_note),
            self.editors,
            self.signed_views,
            strict=True,
        ):
            parts = [w for w in (note, editor, view) if w is not None]
            self.body_layout.addWidget(_group(title, *parts))
        self.body_layout.addWidget(self.sign_box)
        self.body_layout.addWidget(self.versions_box)
        self.body_layout.addStretch(1)
        self.sign_box.reset_dates()
        self.sign_box.signed.connect(self._after_signature)
        self.signed_box.amended.connect(self._after_signature)
        self.versions_box.compare_button.clicked.connect(self.open_compare)
        # Whoever made a change, what blocks signing may have changed with it.
        self.editing.changed.connect(self._refresh_state)

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fill the lists and the sign-off from the database."""
        data = self.editing.read(lambda s: _read(s, self.editing.engagement_id))
        _show_records(self.responsibilities, data.responsibilities)
        _show_records(self.phases, data.phases)
        self._show_state(data)

    def save(self) -> None:
        """Every part saves itself (cards, dates, signing); the page holds nothing of its own."""

    def _refresh_state(self, origin: object) -> None:
        # The page's own changes (and those it does not reload for) may still change what
        # blocks signing; other changes reload the whole page already.
        if origin is self or (origin is not None and self.has_unsaved_errors()):
            self._show_state(self.editing.read(lambda s: _read(s, self.editing.engagement_id)))

    def _show_state(self, data: _Agreement) -> None:
        self.checkins.set_dates(data.checkins)  # saved at once, so always as stored
        state = data.state
        signed = state.version_signed
        current = next((v for v in data.versions if v.number == state.version), None)
        self.signed_box.setVisible(signed and current is not None)
        if current is not None:
            self.signed_box.set_version(current)
        for editor, view in zip(self.editors, self.signed_views, strict=True):
            editor.setVisible(not signed)
            view.setVisible(signed)
        if signed:
            texts = (
                [_responsibility_line(r) for _, r in data.responsibilities],
                [_phase_line(p) for _, p in data.phases],
                [f"{day:%a} {plain_date(day)}{from_today(day)}" for _, day in data.checkins],
            )
            for view, lines in zip(self.signed_views, texts, strict=True):
                view.setText(_lines(lines))
        self.sign_box.setVisible(not signed)
        self.sign_box.setTitle(f"Sign version {state.version}")
        self.sign_box.set_state(state, data.manager, data.partner)
        self.versions_box.set_versions(data.versions, has_draft=not signed)

    def _after_signature(self) -> None:
        self.sign_box.reset_dates()
        with self.saver.loading():
            self.reload()

    # Signing ----------------------------------------------------------------------------------

    def _before_signing(self) -> str | None:
        self.flush()
        if self.has_unsaved_errors():
            return "Some input above could not be saved: fix the messages in red first."
        return None

    # Comparing --------------------------------------------------------------------------------

    def open_compare(self) -> CompareVersionsDialog:
        """Open the comparison of two versions (the last two by default)."""
        self.flush()
        dialog = CompareVersionsDialog(self.editing, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_dialog = dialog
        dialog.open()
        return dialog


def _show_records(records: RecordList[Any], stored: Sequence[tuple[int, Any]]) -> None:
    """Rebuild the cards only when the stored records differ from the saved cards on screen.

    New cards not saved yet are kept when nothing stored changed (typing elsewhere, for
    example in the private notes, must not drop them).
    """
    cards: list[RecordCard[Any]] = records.cards
    shown = [(c.record_id, c.shown()) for c in cards if c.record_id is not None]  # type: ignore[attr-defined]
    if shown != list(stored):
        records.set_records(stored)
