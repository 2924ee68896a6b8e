"""Reading progress from a real database: series, milestones, progress and indicators by tier."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine

from app.demo import load_demo
from app.progress.maths import Status
from app.progress.series import (
    Milestone,
    ObservationPoint,
    engagement_progress,
    engagement_series,
    indicators_by_tier,
    scaffold_milestones,
)
from app.services.checkins import CheckInInput, ObservationInput, record_checkin
from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import IndicatorInput, add_indicator
from app.services.measures import MeasureInput, add_measure
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.validation import NotFoundError
from models.db import transaction
from models.enums import Direction, IndicatorKind


@dataclass(frozen=True)
class Case:
    engagement: int
    faster: int  # claims closed per week, higher is better: 40 → 60
    slower: int  # days to close a claim, lower is better: 12 → 4


def _case(engine: Engine) -> Case:
    with transaction(engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="D")
        )
        assert e.id is not None
        up = add_measure(
            session=s,
            engagement_id=e.id,
            data=MeasureInput(
                name="Claims closed",
                unit="per week",
                baseline_value=40,
                baseline_date=date(2026, 1, 1),
                target_value=60,
                target_date=date(2026, 4, 11),
            ),
        )
        down = add_measure(
            session=s,
            engagement_id=e.id,
            data=MeasureInput(
                name="Days to close",
                unit="days",
                direction=Direction.lower_is_better,
                baseline_value=12,
                baseline_date=date(2026, 1, 1),
                target_value=4,
                target_date=date(2026, 4, 11),
            ),
        )
        for name, start in (
            ("Checklist", date(2026, 1, 20)),
            ("Undated huddle", None),
            ("Buddy scheme", date(2026, 1, 5)),
        ):
            add_scaffold(
                session=s, engagement_id=e.id, data=ScaffoldInput(name=name, start_date=start)
            )
        assert up.id is not None and down.id is not None
        return Case(e.id, up.id, down.id)


def _checkin(engine: Engine, case: Case, held_on: date, *values: tuple[int, float, str]) -> int:
    with transaction(engine) as s:
        row = record_checkin(
            session=s,
            engagement_id=case.engagement,
            data=CheckInInput(
                held_on=held_on,
                observations=tuple(ObservationInput(m, v, note) for m, v, note in values),
            ),
        )
        assert row.id is not None
        return row.id


@pytest.fixture
def case(db_engine: Engine) -> Case:
    return _case(db_engine)


def test_series_hold_observations_in_time_order_with_milestones(
    db_engine: Engine, case: Case
) -> None:
    # Recorded out of order; the second measure is missing from one check-in.
    late = _checkin(db_engine, case, date(2026, 2, 10), (case.faster, 50, "Dashboard"))
    early = _checkin(
        db_engine, case, date(2026, 1, 21), (case.faster, 44, ""), (case.slower, 11, "CRM")
    )
    with transaction(db_engine) as s:
        series = engagement_series(session=s, engagement_id=case.engagement)
    assert [x.name for x in series] == ["Claims closed", "Days to close"]
    faster, slower = series
    assert faster.observations == (
        ObservationPoint(on=date(2026, 1, 21), value=44, checkin_id=early, note=""),
        ObservationPoint(on=date(2026, 2, 10), value=50, checkin_id=late, note="Dashboard"),
    )
    assert slower.observations == (
        ObservationPoint(on=date(2026, 1, 21), value=11, checkin_id=early, note="CRM"),
    )
    assert slower.direction is Direction.lower_is_better
    assert slower.yardstick.target_value == 4 and slower.unit == "days"
    # Undated scaffolds are not milestones; the rest go by date, not by their order in the plan.
    assert faster.milestones == (
        Milestone("Buddy scheme", date(2026, 1, 5)),
        Milestone("Checklist", date(2026, 1, 20)),
    )


def test_progress_combines_series_and_maths(db_engine: Engine, case: Case) -> None:
    _checkin(db_engine, case, date(2025, 12, 20), (case.faster, 30, "Before the baseline"))
    _checkin(db_engine, case, date(2026, 2, 10), (case.faster, 50, ""), (case.slower, 10, ""))
    with transaction(db_engine) as s:
        faster, slower = engagement_progress(
            session=s, engagement_id=case.engagement, as_of=date(2026, 2, 15)
        )
    # 40 → 50 of 40 → 60 is half the gap; the line reaches 60 forty days after 10 Feb.
    assert faster.progress.closure_percent == 50
    assert faster.progress.excluded_before_baseline == 1
    assert faster.progress.status is Status.on_track
    assert len(faster.series.observations) == 2  # the chart still shows the early one
    assert faster.summary == (
        "Closed 50% of the gap; at this pace the target is reached on 22 Mar 2026, 20 days early "
        "(1 observation dated before the baseline left out)."
    )
    # 12 → 10 of 12 → 4 is a quarter; 0.05 a day for 6 more days' worth → 120 days: 10 Jun.
    assert slower.progress.closure_percent == 25
    assert slower.progress.status is Status.behind
    assert "10 Jun 2026, 60 days late" in slower.summary


def test_a_measure_without_observations(db_engine: Engine, case: Case) -> None:
    with transaction(db_engine) as s:
        faster, _ = engagement_progress(
            session=s, engagement_id=case.engagement, as_of=date(2026, 1, 2)
        )
    assert faster.progress.status is Status.no_observations
    assert faster.series.observations == ()


def test_unknown_engagement(db_engine: Engine) -> None:
    with transaction(db_engine) as s, pytest.raises(NotFoundError):
        engagement_series(session=s, engagement_id=999)
    with transaction(db_engine) as s, pytest.raises(NotFoundError):
        indicators_by_tier(session=s, engagement_id=999)


def test_indicators_grouped_by_tier(db_engine: Engine, case: Case) -> None:
    with transaction(db_engine) as s:
        for name, tier, value in (
            ("Quiz average", 4, 78.0),
            ("Attended the briefing", 1, 12.0),
            ("Liked the session", 3, None),
            ("Passed the quiz", 4, 11.0),
        ):
            add_indicator(
                session=s,
                engagement_id=case.engagement,
                data=IndicatorInput(name=name, ltem_tier=tier, value=value),
            )
        groups = indicators_by_tier(session=s, engagement_id=case.engagement)
        assert scaffold_milestones(session=s, engagement_id=case.engagement)[0].name == (
            "Buddy scheme"
        )
    assert [(g.tier, g.tier_name) for g in groups] == [
        (1, "Attendance"),
        (3, "Learner perceptions"),
        (4, "Knowledge"),
    ]
    assert [i.name for i in groups[2].indicators] == ["Quiz average", "Passed the quiz"]
    assert groups[1].indicators[0].value is None
    assert groups[0].indicators[0].kind is IndicatorKind.other


def test_the_sample_engagement(db_engine: Engine) -> None:
    today = date(2026, 3, 1)
    with transaction(db_engine) as s:
        demo = load_demo(session=s, today=today)
        assert demo.id is not None
        rows = engagement_progress(session=s, engagement_id=demo.id, as_of=today)
        groups = indicators_by_tier(session=s, engagement_id=demo.id)
    assert [r.series.name for r in rows] == [
        "First-contact resolution",
        "Repeat contacts within 7 days",
        "Customer satisfaction after contact",
    ]
    fcr, repeat, satisfaction = rows
    # FCR 61 → 66.5 of 61 → 75: 5.5 ÷ 14 = 39.3 %; repeat contacts 340 → 301 of 340 → 240: 39 %.
    assert fcr.progress.closure_percent == pytest.approx(5.5 / 14 * 100)
    assert repeat.progress.closure_percent == pytest.approx(39.0)
    assert satisfaction.progress.status is Status.no_observations
    assert len(fcr.series.milestones) == 6
    assert [g.tier for g in groups] == [2]
