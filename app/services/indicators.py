"""Learning indicators: activity and reaction data, kept apart from performance measures."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.services.common import get_engagement, touch
from app.services.ordered import append, assign, fetch, list_for, remove
from app.validation import (
    check_finite,
    check_plausible_date,
    check_range,
    clean_name,
    clean_text,
)
from models.enums import IndicatorKind
from models.tables import LearningIndicator

# Will Thalheimer's Learning-Transfer Evaluation Model, tier by tier.
LTEM_TIERS = {
    1: "Attendance",
    2: "Activity",
    3: "Learner perceptions",
    4: "Knowledge",
    5: "Decision-making competence",
    6: "Task competence",
    7: "Transfer",
    8: "Effects of transfer",
}


@dataclass(frozen=True)
class IndicatorInput:
    """A learning indicator as recorded."""

    name: str
    ltem_tier: int
    kind: IndicatorKind = IndicatorKind.other
    value: float | None = None
    unit: str = ""
    recorded_on: date | None = None
    note: str = ""


def _clean(data: IndicatorInput) -> dict[str, object]:
    return {
        "name": clean_name(data.name, "name", "The indicator's name"),
        "ltem_tier": check_range(data.ltem_tier, "ltem_tier", "The LTEM tier", 1, 8),
        "kind": IndicatorKind(data.kind),
        "value": None if data.value is None else check_finite(data.value, "value", "The value"),
        "unit": clean_name(data.unit, "unit", "Unit", required=False),
        "recorded_on": check_plausible_date(data.recorded_on, "recorded_on", "Date"),
        "note": clean_text(data.note, "note", "Note"),
    }


def list_indicators(*, session: Session, engagement_id: int) -> list[LearningIndicator]:
    """The engagement's learning indicators in order."""
    return list_for(session, LearningIndicator, engagement_id)


def add_indicator(
    *, session: Session, engagement_id: int, data: IndicatorInput
) -> LearningIndicator:
    """Record a learning indicator."""
    values = _clean(data)
    touch(get_engagement(session, engagement_id))
    return append(session, LearningIndicator, engagement_id, values)


def _get(session: Session, indicator_id: int) -> LearningIndicator:
    return fetch(session, LearningIndicator, indicator_id, "learning indicator")


def update_indicator(
    *, session: Session, indicator_id: int, data: IndicatorInput
) -> LearningIndicator:
    """Replace a learning indicator."""
    values = _clean(data)
    row = _get(session, indicator_id)
    touch(get_engagement(session, row.engagement_id))
    return assign(session, row, values)


def delete_indicator(*, session: Session, indicator_id: int) -> None:
    """Remove a learning indicator."""
    row = _get(session, indicator_id)
    touch(get_engagement(session, row.engagement_id))
    remove(session, row)
