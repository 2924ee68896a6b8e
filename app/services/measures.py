"""Performance measures: the business yardsticks with baseline and target."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.services.common import editable_engagement
from app.services.ordered import append, assign, fetch, list_for, remove
from app.validation import (
    ValidationError,
    check_finite,
    check_plausible_date,
    clean_name,
    clean_text,
)
from models.enums import Direction
from models.tables import PerformanceMeasure

# Words that show a "measure" is really learning activity, not performance.
LEARNING_ACTIVITY_WORDS = (
    "completion",
    "completed",
    "attendance",
    "attended",
    "enrol",
    "hours of training",
    "training hours",
    "logins",
    "log-ins",
    # Customer satisfaction is a business result; satisfaction with training is not.
    "learner satisfaction",
    "course satisfaction",
    "training satisfaction",
    "smile sheet",
    "happy sheet",
    "awareness",
    "e-learning",
    "webinar",
    "course",
    "module",
)


@dataclass(frozen=True)
class MeasureInput:
    """A performance measure as typed in the diagnostic."""

    name: str
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    direction: Direction = Direction.higher_is_better
    unit: str = ""
    data_source: str = ""
    owner: str = ""
    exemplar_value: float | None = None
    typical_value: float | None = None


def learning_activity_hint(name: str) -> str | None:
    """A gentle warning when a measure's name describes learning activity rather than results."""
    lowered = name.casefold()
    for word in LEARNING_ACTIVITY_WORDS:
        if word in lowered:
            return (
                f"“{word}” describes learning activity, not performance. Record it as a learning "
                "indicator and measure what changes in the work (output, quality, time, cost)."
            )
    return None


def _clean(data: MeasureInput) -> dict[str, object]:
    direction = Direction(data.direction)
    baseline = check_finite(data.baseline_value, "baseline_value", "Baseline")
    target = check_finite(data.target_value, "target_value", "Target")
    check_plausible_date(data.baseline_date, "baseline_date", "Baseline date")
    check_plausible_date(data.target_date, "target_date", "Target date")
    if target == baseline:
        raise ValidationError(
            "target_value", "The target equals the baseline: there is no change to aim for."
        )
    if data.target_date <= data.baseline_date:
        raise ValidationError(
            "target_date",
            f"The target date ({data.target_date.isoformat()}) must come after the baseline "
            f"date ({data.baseline_date.isoformat()}).",
        )
    if direction is Direction.higher_is_better and target < baseline:
        raise ValidationError(
            "target_value",
            "Higher is better for this measure, but the target is below the baseline. "
            "Raise the target or choose “lower is better”.",
        )
    if direction is Direction.lower_is_better and target > baseline:
        raise ValidationError(
            "target_value",
            "Lower is better for this measure, but the target is above the baseline. "
            "Lower the target or choose “higher is better”.",
        )
    exemplar = (
        None
        if data.exemplar_value is None
        else check_finite(data.exemplar_value, "exemplar_value", "Exemplar value")
    )
    typical = (
        None
        if data.typical_value is None
        else check_finite(data.typical_value, "typical_value", "Typical value")
    )
    return {
        "name": clean_name(data.name, "name", "The measure's name"),
        "unit": clean_name(data.unit, "unit", "Unit", required=False),
        "direction": direction,
        "baseline_value": baseline,
        "baseline_date": data.baseline_date,
        "target_value": target,
        "target_date": data.target_date,
        "data_source": clean_text(data.data_source, "data_source", "Data source"),
        "owner": clean_name(data.owner, "owner", "Owner", required=False),
        "exemplar_value": exemplar,
        "typical_value": typical,
    }


def list_measures(*, session: Session, engagement_id: int) -> list[PerformanceMeasure]:
    """The engagement's measures in their order."""
    return list_for(session, PerformanceMeasure, engagement_id)


def add_measure(*, session: Session, engagement_id: int, data: MeasureInput) -> PerformanceMeasure:
    """Add a measure at the end of the list."""
    values = _clean(data)
    editable_engagement(session, engagement_id)
    return append(session, PerformanceMeasure, engagement_id, values)


def update_measure(*, session: Session, measure_id: int, data: MeasureInput) -> PerformanceMeasure:
    """Replace a measure's values."""
    values = _clean(data)
    measure = fetch(session, PerformanceMeasure, measure_id, "performance measure")
    editable_engagement(session, measure.engagement_id)
    return assign(session, measure, values)


def delete_measure(*, session: Session, measure_id: int) -> None:
    """Remove a measure (and the observations recorded against it)."""
    measure = fetch(session, PerformanceMeasure, measure_id, "performance measure")
    editable_engagement(session, measure.engagement_id)
    remove(session, measure)
