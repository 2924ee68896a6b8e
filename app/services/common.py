"""Helpers every service uses: fetching an engagement and guarding signed versions."""

from sqlmodel import Session, col, select

from app.validation import NotFoundError, ValidationError
from models.base import utcnow
from models.tables import AgreementVersion, Engagement


def get_engagement(session: Session, engagement_id: int) -> Engagement:
    """The engagement with this id, or `NotFoundError`."""
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise NotFoundError(f"No engagement with id {engagement_id}.")
    return engagement


def is_current_version_signed(session: Session, engagement: Engagement) -> bool:
    """Whether the version being edited has already been signed (and so is frozen)."""
    found = session.exec(
        select(AgreementVersion.id).where(
            col(AgreementVersion.engagement_id) == engagement.id,
            col(AgreementVersion.number) == engagement.agreement_version,
        )
    ).first()
    return found is not None


def editable_engagement(session: Session, engagement_id: int) -> Engagement:
    """The engagement, if its agreed content may change; marks it as updated."""
    engagement = get_engagement(session, engagement_id)
    if is_current_version_signed(session, engagement):
        number = engagement.agreement_version
        raise ValidationError(
            "agreement",
            f"Version {number} is signed and cannot change. "
            f"Amend the agreement to start version {number + 1}.",
        )
    touch(engagement)
    return engagement


def touch(engagement: Engagement) -> None:
    """Record that the engagement changed now."""
    engagement.updated_at = utcnow()


def next_position(positions: list[int]) -> int:
    """The position after the last one (0 for an empty list)."""
    return max(positions, default=-1) + 1
