"""Creating, updating, moving through statuses and deleting engagements (listing: `listing`)."""

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from app.privacy import erase_deleted
from app.services.common import editable_engagement, get_engagement, touch
from app.services.listing import EngagementSummary, list_engagements  # re-exported (see __all__)
from app.services.settings import load_partner_name
from app.validation import (
    ValidationError,
    check_plausible_date,
    check_range,
    clean_name,
    clean_text,
)
from models.base import utcnow
from models.enums import EngagementStatus
from models.tables import AgreementVersion, Engagement, StatusChange


@dataclass(frozen=True)
class EngagementDetails:
    """The context of a consultation as typed by the partner."""

    team_name: str
    manager_name: str
    organisation: str = ""
    business_unit: str = ""
    team_size: int | None = None
    team_context: str = ""
    partner_name: str = ""
    meeting_date: date | None = None
    request_verbatim: str = ""


# Which status moves a person may make by hand; draft → agreed happens only by signing, and a
# closed engagement reopens to where it was: in progress once it was signed, else draft.
ALLOWED_MOVES: dict[EngagementStatus, frozenset[EngagementStatus]] = {
    EngagementStatus.draft: frozenset({EngagementStatus.closed}),
    EngagementStatus.agreed: frozenset({EngagementStatus.in_progress, EngagementStatus.closed}),
    EngagementStatus.in_progress: frozenset({EngagementStatus.closed}),
    EngagementStatus.closed: frozenset({EngagementStatus.in_progress, EngagementStatus.draft}),
}


def _words(status: EngagementStatus) -> str:
    return status.value.replace("_", " ")


def _clean_details(data: EngagementDetails) -> dict[str, object]:
    if data.team_size is not None:
        check_range(data.team_size, "team_size", "Team size", 1, 100_000)
    return {
        "team_name": clean_name(data.team_name, "team_name", "Team name"),
        "manager_name": clean_name(data.manager_name, "manager_name", "Manager's name"),
        "organisation": clean_name(
            data.organisation, "organisation", "Organisation", required=False
        ),
        "business_unit": clean_name(
            data.business_unit, "business_unit", "Business unit", required=False
        ),
        "team_size": data.team_size,
        "team_context": clean_text(data.team_context, "team_context", "Team context"),
        "partner_name": clean_name(
            data.partner_name, "partner_name", "Partner's name", required=False
        ),
        "meeting_date": check_plausible_date(data.meeting_date, "meeting_date", "Meeting date"),
        # The manager's words are kept as typed; only leading and trailing whitespace goes.
        "request_verbatim": clean_text(data.request_verbatim, "request_verbatim", "The request"),
    }


def create_engagement(
    *, session: Session, data: EngagementDetails, engagement_id: int | None = None
) -> Engagement:
    """Start a consultation in draft, recording the first status.

    `engagement_id` is for putting back an engagement under its old id (undo); new ones leave it.
    """
    values = _clean_details(data)
    engagement = Engagement(id=engagement_id, uid=str(uuid.uuid4()), **values)  # type: ignore[arg-type]
    session.add(engagement)
    session.flush()
    assert engagement.id is not None
    session.add(StatusChange(engagement_id=engagement.id, to_status=EngagementStatus.draft))
    session.flush()
    return engagement


def start_consultation(*, session: Session, data: EngagementDetails) -> Engagement:
    """Start a new consultation; the partner defaults to the name given in Preferences."""
    if not data.partner_name.strip():
        data = replace(data, partner_name=load_partner_name(session=session))
    return create_engagement(session=session, data=data)


def update_details(*, session: Session, engagement_id: int, data: EngagementDetails) -> Engagement:
    """Replace the context and request of an engagement."""
    values = _clean_details(data)
    engagement = editable_engagement(session, engagement_id)
    for name, value in values.items():
        setattr(engagement, name, value)
    session.add(engagement)
    session.flush()
    return engagement


def set_business_goal(*, session: Session, engagement_id: int, goal: str) -> Engagement:
    """Record the reframed business goal; the request as asked is kept beside it."""
    engagement = editable_engagement(session, engagement_id)
    engagement.business_goal = clean_text(goal, "business_goal", "The business goal")
    session.add(engagement)
    session.flush()
    return engagement


def change_status(
    *, session: Session, engagement_id: int, to_status: EngagementStatus
) -> Engagement:
    """Move an engagement along its lifecycle (reopening included) and timestamp the move."""
    engagement = get_engagement(session, engagement_id)
    to_status = EngagementStatus(to_status)
    if to_status == engagement.status:
        return engagement
    signed = has_signed_version(session, engagement_id)
    if to_status not in ALLOWED_MOVES[engagement.status]:
        hint = ""
        if to_status is EngagementStatus.agreed and not signed:
            hint = " Sign the agreement to make it agreed."
        raise ValidationError(
            "status",
            f"An engagement cannot go from {_words(engagement.status)} "
            f"to {_words(to_status)}.{hint}",
        )
    if engagement.status is EngagementStatus.closed:
        reopened_as = EngagementStatus.in_progress if signed else EngagementStatus.draft
        if to_status is not reopened_as:
            why = "it has a signed agreement" if signed else "its agreement was never signed"
            raise ValidationError(
                "status",
                f"This engagement reopens as {_words(reopened_as)}, because {why}.",
            )
    record_status(session, engagement, to_status)
    return engagement


def has_signed_version(session: Session, engagement_id: int) -> bool:
    """Whether any version of the engagement's agreement has been signed."""
    found = session.exec(
        select(AgreementVersion.id).where(col(AgreementVersion.engagement_id) == engagement_id)
    ).first()
    return found is not None


def record_status(session: Session, engagement: Engagement, to_status: EngagementStatus) -> None:
    """Set the status and add its timestamped history row (no rule check: callers decide)."""
    assert engagement.id is not None
    session.add(
        StatusChange(
            engagement_id=engagement.id,
            from_status=engagement.status,
            to_status=to_status,
            changed_at=utcnow(),
        )
    )
    engagement.status = to_status
    touch(engagement)
    session.add(engagement)
    session.flush()


def delete_engagement(*, session: Session, engagement_id: int) -> None:
    """Delete an engagement and everything it holds, erased from the file once committed."""
    engagement = get_engagement(session, engagement_id)
    session.delete(engagement)
    session.flush()
    erase_deleted(session)


def status_history(*, session: Session, engagement_id: int) -> list[StatusChange]:
    """Every status the engagement has had, oldest first."""
    get_engagement(session, engagement_id)
    return list(
        session.exec(
            select(StatusChange)
            .where(col(StatusChange.engagement_id) == engagement_id)
            .order_by(col(StatusChange.changed_at), col(StatusChange.id))
        )
    )


__all__ = [
    "ALLOWED_MOVES",
    "EngagementDetails",
    "EngagementStatus",
    "EngagementSummary",
    "change_status",
    "create_engagement",
    "delete_engagement",
    "has_signed_version",
    "list_engagements",
    "record_status",
    "set_business_goal",
    "status_history",
    "update_details",
]
