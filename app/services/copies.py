"""Duplicating an engagement: its diagnostic as a new draft, to start a similar consultation."""

import uuid
from typing import Any

from sqlmodel import Session

from app.exchange import Json
from app.exchange.document import agreement_content
from app.exchange.restore import restore_engagement
from app.exchange.values import iso_datetime
from app.validation import MAX_NAME_CHARS
from models.base import utcnow
from models.enums import EngagementStatus, ScaffoldStatus

COPY_SUFFIX = " (copy)"


def copy_name(team_name: str) -> str:
    """The team name of a copy: the original's with " (copy)", within the length limit."""
    return team_name[: MAX_NAME_CHARS - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def _draft_from(content: dict[str, Any]) -> Json:
    """An engagement in the exchange format holding `content` as a fresh, unsigned draft."""
    now = iso_datetime(utcnow())
    draft = EngagementStatus.draft.value
    return {
        **content["context"],
        "team_name": copy_name(content["context"]["team_name"]),
        "uid": str(uuid.uuid4()),
        "request_verbatim": content["request"],
        "business_goal": content["goal"],
        "status": draft,
        "agreement_version": 1,
        "created_at": now,
        "updated_at": now,
        "status_history": [{"from_status": None, "to_status": draft, "changed_at": now}],
        "measures": content["measures"],
        "behaviours": content["behaviours"],
        # Every scaffold starts again as planned.
        "scaffolds": [{**s, "status": ScaffoldStatus.planned.value} for s in content["scaffolds"]],
        "readiness": content["readiness"],
        "responsibilities": content["responsibilities"],
        "support_phases": content["support_phases"],
        # The original's calendar: a copy plans its own check-ins (past dates would be overdue).
        "planned_checkins": [],
        "agreement_versions": [],
        "checkins": [],
        "learning_indicators": [],
        "team_members": [],
        "network_ties": [],
    }


def duplicate_engagement(*, session: Session, engagement_id: int) -> int:
    """Copy an engagement's diagnostic into a new draft and return the copy's id.

    The copy holds the context (team name + " (copy)"), request, goal, measures, behaviours
    with their causes, scaffolds with the causes they address (all planned again), readiness,
    responsibilities and support phases: the agreed content, read as a signed version would
    freeze it. It starts at version 1, unsigned, with only its draft status in the history, and
    without planned or held check-ins, learning indicators, team members or private notes.
    Raises `NotFoundError` for an unknown id.
    """
    content = agreement_content(session, engagement_id)
    return restore_engagement(session, _draft_from(content), "copy")
