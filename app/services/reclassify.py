"""Moving a "measure" that really counts learning activity over to the learning indicators."""

import re
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.progress.wording import format_day
from app.services.common import editable_engagement
from app.services.indicators import IndicatorInput, add_indicator
from app.services.ordered import fetch, remove
from app.validation import ValidationError
from models.enums import IndicatorKind
from models.tables import LearningIndicator, Observation, PerformanceMeasure


class TierSuggestion(NamedTuple):
    """The LTEM tier and kind a name suggests for a learning indicator."""

    tier: int
    kind: IndicatorKind


# Checked in this order; the first family whose words appear in the name wins. Completion sits
# in LTEM's tier 1 with attendance: Thalheimer's "Attendance" is signing up, starting,
# attending or completing a learning experience.
_FAMILIES = (
    (
        re.compile(r"attend|enrol|sign-?ups?\b|registration|turnout|log-?ins?\b|training hours"),
        TierSuggestion(1, IndicatorKind.attendance),
    ),
    (re.compile(r"\bcomplet"), TierSuggestion(1, IndicatorKind.completion)),
    (
        re.compile(
            r"satisf|smile sheet|happy sheet|feedback score|\bratings?\b|net promoter|\bnps\b"
        ),
        TierSuggestion(3, IndicatorKind.satisfaction),
    ),
    (
        re.compile(r"\b(quiz|quizzes|tests?|tested|exams?|knowledge|assessments?|pass rate)\b"),
        TierSuggestion(4, IndicatorKind.knowledge_check),
    ),
)
_OTHERWISE = TierSuggestion(2, IndicatorKind.other)


def suggest_tier(name: str) -> TierSuggestion:
    """The LTEM tier and kind a learning indicator with this name most likely has."""
    lowered = name.casefold()
    for pattern, suggestion in _FAMILIES:
        if pattern.search(lowered):
            return suggestion
    return _OTHERWISE


def count_observations(session: Session, measure_id: int) -> int:
    """How many check-in values were recorded for the measure."""
    query = select(func.count()).where(col(Observation.measure_id) == measure_id)
    return int(session.exec(query).one())


def _number(value: float) -> str:
    return f"{value:.15g}"


def _moved_note(measure: PerformanceMeasure) -> str:
    unit = f" {measure.unit}" if measure.unit else ""
    note = (
        "Moved from the performance measures. As a measure its target was "
        f"{_number(measure.target_value)}{unit} by {format_day(measure.target_date)}."
    )
    if measure.data_source:
        note += f" Source: {measure.data_source.rstrip('.')}."
    return note


def move_measure_to_indicator(
    *, session: Session, measure_id: int, ltem_tier: int, kind: IndicatorKind
) -> LearningIndicator:
    """Turn a measure into a learning indicator (its baseline becomes the value) and delete it.

    Refused while the agreement version is signed, and when check-ins already hold values for
    the measure (they would be lost). Runs in the caller's transaction.
    """
    measure = fetch(session, PerformanceMeasure, measure_id, "performance measure")
    editable_engagement(session, measure.engagement_id)
    recorded = count_observations(session, measure_id)
    if recorded:
        values = "one value" if recorded == 1 else f"{recorded} values"
        raise ValidationError(
            "measure",
            f"“{measure.name}” already has {values} recorded at check-ins, which would be lost "
            "if it became a learning indicator. Keep it as a measure, or clear those values in "
            "the check-ins first.",
        )
    indicator = add_indicator(
        session=session,
        engagement_id=measure.engagement_id,
        data=IndicatorInput(
            name=measure.name,
            ltem_tier=ltem_tier,
            kind=kind,
            value=measure.baseline_value,
            unit=measure.unit,
            recorded_on=measure.baseline_date,
            note=_moved_note(measure),
        ),
    )
    remove(session, measure)
    return indicator
