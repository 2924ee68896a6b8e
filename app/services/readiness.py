"""The team's readiness for the new skills of connected work."""

from sqlmodel import Session, col, select

from app.services.common import editable_engagement
from app.validation import check_range, clean_text
from models.enums import NewSkill
from models.tables import ReadinessRating

RATING_WORDS = {1: "Not yet", 2: "Starting", 3: "Developing", 4: "Confident", 5: "Models it"}


def list_readiness(*, session: Session, engagement_id: int) -> list[ReadinessRating]:
    """Ratings recorded so far, in the order of the NewSkill list."""
    order = {skill: i for i, skill in enumerate(NewSkill)}
    rows = session.exec(
        select(ReadinessRating).where(col(ReadinessRating.engagement_id) == engagement_id)
    )
    return sorted(rows, key=lambda r: order[r.skill])


def set_readiness(
    *, session: Session, engagement_id: int, skill: NewSkill, rating: int, support: str = ""
) -> ReadinessRating:
    """Record (or replace) the rating of one skill, 1–5, with the support chosen."""
    check_range(rating, "rating", "Readiness", 1, 5)
    text = clean_text(support, "support", "Support")
    skill = NewSkill(skill)
    editable_engagement(session, engagement_id)
    row = session.exec(
        select(ReadinessRating).where(
            col(ReadinessRating.engagement_id) == engagement_id,
            col(ReadinessRating.skill) == skill,
        )
    ).first()
    if row is None:
        row = ReadinessRating(engagement_id=engagement_id, skill=skill, rating=rating)
    row.rating = rating
    row.support = text
    session.add(row)
    session.flush()
    return row


def clear_readiness(*, session: Session, engagement_id: int, skill: NewSkill) -> None:
    """Forget the rating of one skill."""
    editable_engagement(session, engagement_id)
    row = session.exec(
        select(ReadinessRating).where(
            col(ReadinessRating.engagement_id) == engagement_id,
            col(ReadinessRating.skill) == NewSkill(skill),
        )
    ).first()
    if row is not None:
        session.delete(row)
        session.flush()
