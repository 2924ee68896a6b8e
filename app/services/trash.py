"""Deleting an engagement so that it can be put back whole (the list's undo)."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.exchange.importer import read_document
from app.exchange.restore import restore_engagement
from app.services.common import get_engagement
from app.services.engagements import delete_engagement
from app.services.snapshots import take_snapshot
from app.validation import ValidationError
from models.tables import Engagement


@dataclass(frozen=True)
class DeletedEngagement:
    """What it takes to put a deleted engagement back: its id, name and a full snapshot."""

    engagement_id: int
    team_name: str
    snapshot: str  # exchange JSON, private notes included


def delete_keeping_snapshot(*, session: Session, engagement_id: int) -> DeletedEngagement:
    """Delete an engagement and everything it holds, returning what `restore_deleted` needs.

    Raises `NotFoundError` for an unknown id.
    """
    engagement = get_engagement(session, engagement_id)
    deleted = DeletedEngagement(
        engagement_id=engagement_id,
        team_name=engagement.team_name,
        snapshot=take_snapshot(session, engagement_id),
    )
    delete_engagement(session=session, engagement_id=engagement_id)
    return deleted


def restore_deleted(*, session: Session, deleted: DeletedEngagement) -> int:
    """Put a deleted engagement back whole (private notes included); returns its id.

    It gets its old id back unless another engagement took it meanwhile. Raises
    `ValidationError` if the same engagement is in the database again (imported from a file,
    say): nothing is written then.
    """
    document = read_document(deleted.snapshot)
    engagement = document["engagement"]
    again = session.exec(select(Engagement).where(col(Engagement.uid) == engagement["uid"])).first()
    if again is not None:
        raise ValidationError(
            "engagement",
            f"“{again.team_name}” is in the list again (imported from a file?), "
            "so it cannot be put back a second time.",
        )
    free = session.get(Engagement, deleted.engagement_id) is None
    return restore_engagement(
        session,
        engagement,
        "engagement",
        engagement_id=deleted.engagement_id if free else None,
    )
