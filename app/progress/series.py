"""An engagement's progress read from the database: each measure's observations over time, the
scaffolds' start dates, the maths on top, and the learning indicators by LTEM tier."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.progress.maths import Progress, Reading, Yardstick, assess
from app.progress.wording import summary
from app.services.common import get_engagement
from app.services.indicators import LTEM_TIERS
from app.services.measures import list_measures
from app.services.scaffolds import list_scaffolds
from models.enums import Direction, IndicatorKind
from models.tables import CheckIn, LearningIndicator, Observation


@dataclass(frozen=True)
class ObservationPoint(Reading):
    """An observed value as a chart and a table show it: a reading with its source note."""

    note: str = ""


@dataclass(frozen=True)
class Milestone:
    """A scaffold's start date, marked on the trend charts."""

    name: str
    on: date


@dataclass(frozen=True)
class MeasureSeries:
    """One measure over time: its yardstick, its observations in time order, the milestones."""

    measure_id: int
    name: str
    unit: str
    yardstick: Yardstick
    observations: tuple[ObservationPoint, ...]  # by check-in date, then check-in id
    milestones: tuple[Milestone, ...]  # the engagement's scaffold starts, by date

    @property
    def direction(self) -> Direction:
        """Which way the measure improves."""
        return self.yardstick.direction


@dataclass(frozen=True)
class MeasureProgress:
    """A measure's series with its progress as of a day and the sentence that sums it up."""

    series: MeasureSeries
    progress: Progress
    summary: str


@dataclass(frozen=True)
class IndicatorPoint:
    """One learning indicator as the indicator chart shows it."""

    indicator_id: int
    name: str
    kind: IndicatorKind
    value: float | None
    unit: str
    recorded_on: date | None


@dataclass(frozen=True)
class TierGroup:
    """The learning indicators on one tier of Thalheimer's LTEM (1 Attendance … 8 Effects)."""

    tier: int
    tier_name: str
    indicators: tuple[IndicatorPoint, ...]


def scaffold_milestones(*, session: Session, engagement_id: int) -> tuple[Milestone, ...]:
    """The start dates of the engagement's scaffolds (those that have one), by date then order."""
    scaffolds = list_scaffolds(session=session, engagement_id=engagement_id)
    dated = [(s.start_date, i, s.name) for i, s in enumerate(scaffolds) if s.start_date]
    return tuple(Milestone(name=name, on=on) for on, _, name in sorted(dated))


def _observations(session: Session, engagement_id: int) -> dict[int, list[ObservationPoint]]:
    rows = session.exec(
        select(Observation, CheckIn)
        .join(CheckIn, col(CheckIn.id) == col(Observation.checkin_id))
        .where(col(CheckIn.engagement_id) == engagement_id)
        .order_by(col(CheckIn.held_on), col(CheckIn.id))
    )
    by_measure: dict[int, list[ObservationPoint]] = defaultdict(list)
    for obs, checkin in rows:
        assert checkin.id is not None
        point = ObservationPoint(
            on=checkin.held_on, value=obs.value, checkin_id=checkin.id, note=obs.note
        )
        by_measure[obs.measure_id].append(point)
    return by_measure


def engagement_series(*, session: Session, engagement_id: int) -> list[MeasureSeries]:
    """Every measure of the engagement in its order, with observations and milestones."""
    get_engagement(session, engagement_id)
    observed = _observations(session, engagement_id)
    milestones = scaffold_milestones(session=session, engagement_id=engagement_id)
    series = []
    for m in list_measures(session=session, engagement_id=engagement_id):
        assert m.id is not None
        yardstick = Yardstick(
            direction=Direction(m.direction),
            baseline_value=m.baseline_value,
            baseline_date=m.baseline_date,
            target_value=m.target_value,
            target_date=m.target_date,
        )
        series.append(
            MeasureSeries(
                measure_id=m.id,
                name=m.name,
                unit=m.unit,
                yardstick=yardstick,
                observations=tuple(observed.get(m.id, ())),
                milestones=milestones,
            )
        )
    return series


def engagement_progress(
    *, session: Session, engagement_id: int, as_of: date
) -> list[MeasureProgress]:
    """Every measure's series and progress as of `as_of` (usually today), in measure order."""
    result = []
    for s in engagement_series(session=session, engagement_id=engagement_id):
        progress = assess(s.yardstick, s.observations, as_of=as_of)
        result.append(MeasureProgress(series=s, progress=progress, summary=summary(progress)))
    return result


def indicators_by_tier(*, session: Session, engagement_id: int) -> list[TierGroup]:
    """The engagement's learning indicators grouped by LTEM tier, lowest tier first; only tiers
    that hold an indicator appear, and within a tier the indicators keep their order."""
    get_engagement(session, engagement_id)
    rows = session.exec(
        select(LearningIndicator)
        .where(col(LearningIndicator.engagement_id) == engagement_id)
        .order_by(
            col(LearningIndicator.ltem_tier),
            col(LearningIndicator.position),
            col(LearningIndicator.id),
        )
    )
    grouped: dict[int, list[IndicatorPoint]] = defaultdict(list)
    for row in rows:
        assert row.id is not None
        grouped[row.ltem_tier].append(
            IndicatorPoint(
                indicator_id=row.id,
                name=row.name,
                kind=IndicatorKind(row.kind),
                value=row.value,
                unit=row.unit,
                recorded_on=row.recorded_on,
            )
        )
    return [
        TierGroup(tier=tier, tier_name=LTEM_TIERS[tier], indicators=tuple(points))
        for tier, points in sorted(grouped.items())
    ]
