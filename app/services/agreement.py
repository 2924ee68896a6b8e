"""The agreement: who does what, the partner's support over time, check-in dates, signing."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.services.common import (
    editable_engagement,
    get_engagement,
    is_current_version_signed,
    touch,
)
from app.services.engagements import record_status
from app.services.ordered import append, assign, fetch, list_for, remove
from app.validation import (
    NotFoundError,
    ValidationError,
    check_date_order,
    check_plausible_date,
    clean_name,
    clean_text,
)
from models.enums import EngagementStatus, OwnerRole, SupportMode
from models.tables import (
    AgreementVersion,
    Behaviour,
    ChosenScaffold,
    Engagement,
    PerformanceMeasure,
    PlannedCheckin,
    Responsibility,
    SupportPhase,
)


@dataclass(frozen=True)
class ResponsibilityInput:
    """One line of "who does what by when"."""

    party: OwnerRole
    task: str
    due_date: date | None = None


@dataclass(frozen=True)
class SupportPhaseInput:
    """A period of the partner's support."""

    mode: SupportMode
    start_date: date
    end_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class SignOff:
    """The names and dates under the agreement."""

    manager_signature: str
    manager_signed_on: date
    partner_signature: str
    partner_signed_on: date


def list_responsibilities(*, session: Session, engagement_id: int) -> list[Responsibility]:
    """Who does what by when, in order."""
    return list_for(session, Responsibility, engagement_id)


def _clean_responsibility(data: ResponsibilityInput) -> dict[str, object]:
    return {
        "party": OwnerRole(data.party),
        "task": clean_text(data.task, "task", "The task", required=True),
        "due_date": check_plausible_date(data.due_date, "due_date", "Due date"),
    }


def add_responsibility(
    *, session: Session, engagement_id: int, data: ResponsibilityInput
) -> Responsibility:
    """Add a responsibility to the agreement."""
    values = _clean_responsibility(data)
    editable_engagement(session, engagement_id)
    return append(session, Responsibility, engagement_id, values)


def _responsibility(session: Session, responsibility_id: int) -> Responsibility:
    return fetch(session, Responsibility, responsibility_id, "responsibility")


def update_responsibility(
    *, session: Session, responsibility_id: int, data: ResponsibilityInput
) -> Responsibility:
    """Replace a responsibility."""
    values = _clean_responsibility(data)
    row = _responsibility(session, responsibility_id)
    editable_engagement(session, row.engagement_id)
    return assign(session, row, values)


def delete_responsibility(*, session: Session, responsibility_id: int) -> None:
    """Remove a responsibility."""
    row = _responsibility(session, responsibility_id)
    editable_engagement(session, row.engagement_id)
    remove(session, row)


def list_support_phases(*, session: Session, engagement_id: int) -> list[SupportPhase]:
    """The partner's support over time, in order."""
    return list_for(session, SupportPhase, engagement_id)


def _clean_phase(data: SupportPhaseInput) -> dict[str, object]:
    check_plausible_date(data.start_date, "start_date", "Start date")
    check_plausible_date(data.end_date, "end_date", "End date")
    check_date_order(data.start_date, data.end_date, "end_date", "the start date", "The end date")
    return {
        "mode": SupportMode(data.mode),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "note": clean_text(data.note, "note", "Note"),
    }


def add_support_phase(
    *, session: Session, engagement_id: int, data: SupportPhaseInput
) -> SupportPhase:
    """Add a period of the partner's support."""
    values = _clean_phase(data)
    editable_engagement(session, engagement_id)
    return append(session, SupportPhase, engagement_id, values)


def _phase(session: Session, phase_id: int) -> SupportPhase:
    return fetch(session, SupportPhase, phase_id, "support phase")


def update_support_phase(
    *, session: Session, phase_id: int, data: SupportPhaseInput
) -> SupportPhase:
    """Replace a support phase."""
    values = _clean_phase(data)
    row = _phase(session, phase_id)
    editable_engagement(session, row.engagement_id)
    return assign(session, row, values)


def delete_support_phase(*, session: Session, phase_id: int) -> None:
    """Remove a support phase."""
    row = _phase(session, phase_id)
    editable_engagement(session, row.engagement_id)
    remove(session, row)


def list_planned_checkins(*, session: Session, engagement_id: int) -> list[PlannedCheckin]:
    """The agreed check-in dates, earliest first."""
    return list(
        session.exec(
            select(PlannedCheckin)
            .where(col(PlannedCheckin.engagement_id) == engagement_id)
            .order_by(col(PlannedCheckin.due_on))
        )
    )


def add_planned_checkin(*, session: Session, engagement_id: int, due_on: date) -> PlannedCheckin:
    """Agree a check-in date."""
    check_plausible_date(due_on, "due_on", "Check-in date")
    editable_engagement(session, engagement_id)
    if any(
        p.due_on == due_on
        for p in list_planned_checkins(session=session, engagement_id=engagement_id)
    ):
        raise ValidationError("due_on", f"A check-in on {due_on.isoformat()} is already planned.")
    row = PlannedCheckin(engagement_id=engagement_id, due_on=due_on)
    session.add(row)
    session.flush()
    return row


def delete_planned_checkin(*, session: Session, planned_checkin_id: int) -> None:
    """Remove a planned check-in date."""
    row = session.get(PlannedCheckin, planned_checkin_id)
    if row is None:
        raise NotFoundError(f"No planned check-in with id {planned_checkin_id}.")
    editable_engagement(session, row.engagement_id)
    session.delete(row)
    session.flush()


def _count(
    session: Session,
    model: type[PerformanceMeasure] | type[Behaviour] | type[ChosenScaffold] | type[PlannedCheckin],
    engagement_id: int,
) -> int:
    return len(
        session.exec(select(model.id).where(col(model.engagement_id) == engagement_id)).all()
    )


def signing_blockers(*, session: Session, engagement_id: int) -> list[tuple[str, str]]:
    """What still stops the agreement being signed, as (field, message) pairs."""
    engagement = get_engagement(session, engagement_id)
    blockers: list[tuple[str, str]] = []
    if not engagement.business_goal.strip():
        blockers.append(("business_goal", "State the business goal the request serves."))
    if _count(session, PerformanceMeasure, engagement_id) == 0:
        blockers.append(
            ("measures", "Add at least one performance measure with a baseline and a target.")
        )
    if _count(session, Behaviour, engagement_id) == 0:
        blockers.append(("behaviours", "Describe at least one critical behaviour."))
    if _count(session, ChosenScaffold, engagement_id) == 0:
        blockers.append(("scaffolds", "Choose at least one scaffold."))
    if _count(session, PlannedCheckin, engagement_id) == 0:
        blockers.append(("checkins", "Agree the date of at least one check-in."))
    return blockers


def clean_signoff(data: SignOff) -> SignOff:
    """The sign-off with names trimmed; refuses empty names and implausible dates."""
    manager = clean_name(data.manager_signature, "manager_signature", "The manager's name")
    partner = clean_name(data.partner_signature, "partner_signature", "The partner's name")
    check_plausible_date(data.manager_signed_on, "manager_signed_on", "The manager's signing date")
    check_plausible_date(data.partner_signed_on, "partner_signed_on", "The partner's signing date")
    return SignOff(manager, data.manager_signed_on, partner, data.partner_signed_on)


def sign_agreement(*, session: Session, engagement_id: int, data: SignOff) -> AgreementVersion:
    """Freeze the current content as a signed version; a draft engagement becomes agreed."""
    data = clean_signoff(data)
    engagement = get_engagement(session, engagement_id)
    if is_current_version_signed(session, engagement):
        raise ValidationError(
            "agreement", f"Version {engagement.agreement_version} is already signed."
        )
    blockers = signing_blockers(session=session, engagement_id=engagement_id)
    if blockers:
        field, message = blockers[0]
        raise ValidationError(field, f"Cannot sign yet: {message}")
    from app.exchange.document import agreement_content

    version = AgreementVersion(
        engagement_id=engagement_id,
        number=engagement.agreement_version,
        manager_signature=data.manager_signature,
        manager_signed_on=data.manager_signed_on,
        partner_signature=data.partner_signature,
        partner_signed_on=data.partner_signed_on,
        content_json=json.dumps(
            agreement_content(session, engagement_id), sort_keys=True, ensure_ascii=False
        ),
    )
    session.add(version)
    if engagement.status is EngagementStatus.draft:
        record_status(session, engagement, EngagementStatus.agreed)
    touch(engagement)
    session.add(engagement)
    session.flush()
    return version


def amend_agreement(*, session: Session, engagement_id: int) -> Engagement:
    """Start the next version after a signed one; the signed version stays as it was."""
    engagement = get_engagement(session, engagement_id)
    if not is_current_version_signed(session, engagement):
        raise ValidationError(
            "agreement",
            f"Version {engagement.agreement_version} is not signed yet; edit it directly.",
        )
    engagement.agreement_version += 1
    touch(engagement)
    session.add(engagement)
    session.flush()
    return engagement


def list_versions(*, session: Session, engagement_id: int) -> list[AgreementVersion]:
    """Every signed version, oldest first."""
    return list(
        session.exec(
            select(AgreementVersion)
            .where(col(AgreementVersion.engagement_id) == engagement_id)
            .order_by(col(AgreementVersion.number))
        )
    )


def version_content(version: AgreementVersion) -> dict[str, Any]:
    """The content a version froze at signing."""
    content: dict[str, Any] = json.loads(version.content_json)
    return content
