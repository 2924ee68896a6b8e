"""Recommendations for one engagement: its recorded causes against the library in the database."""

from sqlmodel import Session

from app.library.recommend import (
    NO_CONSTRAINTS,
    CauseInfo,
    Constraints,
    RecommendationResult,
    recommend,
)
from app.library.store import list_library
from app.services.behaviours import engagement_causes, list_behaviours
from app.services.common import get_engagement


def engagement_cause_infos(*, session: Session, engagement_id: int) -> list[CauseInfo]:
    """Every cause recorded in the engagement, with the level of its behaviour."""
    get_engagement(session, engagement_id)
    levels = {b.id: b.level for b in list_behaviours(session=session, engagement_id=engagement_id)}
    return [
        CauseInfo(cell=c.cell, confidence=c.confidence, level=levels[c.behaviour_id])
        for c in engagement_causes(session=session, engagement_id=engagement_id)
    ]


def recommend_for_engagement(
    *,
    session: Session,
    engagement_id: int,
    constraints: Constraints = NO_CONSTRAINTS,
    limit: int = 8,
) -> RecommendationResult:
    """Recommend scaffolds from the library (retired ones left out) for the engagement's causes."""
    causes = engagement_cause_infos(session=session, engagement_id=engagement_id)
    entries = list_library(session=session)
    return recommend(entries, causes, constraints, limit)
