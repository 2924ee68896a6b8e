"""A small portfolio of engagements built through the services, dated around a chosen today.

Shared by tests/app/test_portfolio.py and tests/ui/test_home_dashboard.py. Every engagement has
one measure, 60 → 75 (higher is better) from today − 150 to today + 200; check-ins held on
today − 90 and today − 30 observe it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from app.services import agreement, behaviours, engagements, measures, scaffolds
from app.services.agreement import SignOff
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.checkins import CheckInInput, ObservationInput, record_checkin
from app.services.engagements import EngagementDetails
from app.services.measures import MeasureInput
from app.services.scaffolds import ScaffoldInput
from models.db import transaction
from models.enums import Confidence, EngagementStatus, GilbertCell

FIRST_READING, SECOND_READING = -90, -30  # days from today


@dataclass(frozen=True)
class Team:
    """One engagement to build: who, at which stage, its readings, planned dates and causes."""

    name: str
    manager: str
    stage: EngagementStatus = EngagementStatus.draft
    readings: tuple[float, ...] = ()  # observed at today − 90 and today − 30, in turn
    planned: tuple[int, ...] = ()  # check-in dates, in days from today
    causes: tuple[GilbertCell, ...] = ()
    low_confidence: bool = False
    early_measure: bool = False  # a second measure observed only on its baseline date


def _day(today: date, days: int) -> date:
    return today + timedelta(days=days)


def _diagnose(session: Session, eid: int, team: Team, today: date) -> list[int]:
    engagements.set_business_goal(session=session, engagement_id=eid, goal="Fewer repeat calls")
    measure_ids = []
    main = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="First-contact resolution",
            baseline_value=60,
            baseline_date=_day(today, -150),
            target_value=75,
            target_date=_day(today, 200),
        ),
    )
    assert main.id is not None
    measure_ids.append(main.id)
    if team.early_measure:
        early = measures.add_measure(
            session=session,
            engagement_id=eid,
            data=MeasureInput(
                name="Compliments",
                baseline_value=2,
                baseline_date=_day(today, SECOND_READING),
                target_value=5,
                target_date=_day(today, 200),
            ),
        )
        assert early.id is not None
        measure_ids.append(early.id)
    behaviour = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(role="Agent", expected="Solves the problem in the first call"),
    )
    assert behaviour.id is not None
    confidence = Confidence.low if team.low_confidence else Confidence.high
    for cell in team.causes:
        behaviours.add_cause(
            session=session,
            behaviour_id=behaviour.id,
            data=CauseInput(cell=cell, evidence="Seen in the calls", confidence=confidence),
        )
    scaffolds.add_scaffold(session=session, engagement_id=eid, data=ScaffoldInput(name="Job aid"))
    for days in team.planned:
        agreement.add_planned_checkin(session=session, engagement_id=eid, due_on=_day(today, days))
    return measure_ids


def _follow_up(session: Session, eid: int, team: Team, measure_ids: list[int], today: date) -> None:
    for days, value in zip((FIRST_READING, SECOND_READING), team.readings, strict=False):
        observed = [ObservationInput(measure_id=measure_ids[0], value=value)]
        if team.early_measure and days == SECOND_READING:
            observed.append(ObservationInput(measure_id=measure_ids[1], value=3))
        record_checkin(
            session=session,
            engagement_id=eid,
            data=CheckInInput(held_on=_day(today, days), observations=tuple(observed)),
        )


def build_team(engine: Engine, team: Team, today: date) -> int:
    """Write one engagement through the services, signed when its stage asks; its id."""
    with transaction(engine) as session:
        created = engagements.create_engagement(
            session=session,
            data=EngagementDetails(team_name=team.name, manager_name=team.manager),
        )
        eid = created.id
        assert eid is not None
        measure_ids = _diagnose(session, eid, team, today)
        if team.stage is not EngagementStatus.draft:
            signed = _day(today, -160)
            sign = SignOff(team.manager, signed, "Partner", signed)
            agreement.sign_agreement(session=session, engagement_id=eid, data=sign)
        if team.stage in (EngagementStatus.in_progress, EngagementStatus.closed):
            engagements.change_status(
                session=session, engagement_id=eid, to_status=EngagementStatus.in_progress
            )
        _follow_up(session, eid, team, measure_ids, today)
        if team.stage is EngagementStatus.closed:
            engagements.change_status(
                session=session, engagement_id=eid, to_status=EngagementStatus.closed
            )
        return eid


# The worked example (see tests/app/test_portfolio.py for what it must give).
CLAIMS = Team(
    "Claims",
    "Sofia Marin",
    EngagementStatus.in_progress,
    readings=(65, 70),  # 1/12 a day: 75 at today + 30, well before the target date: on track
    planned=(2, 60),
    causes=(GilbertCell.information, GilbertCell.resources, GilbertCell.incentives),
    early_measure=True,  # too early to say: does not spoil "on track"
)
FIELD_SALES = Team(
    "Field sales",
    "Tom Okafor",
    EngagementStatus.in_progress,
    readings=(58, 55),  # falling: moving away
    planned=(-14,),  # missed: the last check-in was held before it
    causes=(GilbertCell.information, GilbertCell.knowledge),
)
PAYROLL = Team(
    "Payroll",
    "Ana Ruiz",
    EngagementStatus.agreed,
    planned=(6,),  # the last day of the week
    causes=(GilbertCell.information,),
    low_confidence=True,  # still a recorded cause
)
FRONT_DESK = Team(
    "Front desk",
    "Li Wei",
    EngagementStatus.agreed,
    readings=(60.5, 61),  # 1/120 a day: years late, behind
    planned=(-45, 7),  # held since the first; the second is a day beyond the week
    causes=(GilbertCell.motives,),
)
CLAIMS_AGAIN = Team(
    " claims ",  # the same team, written differently: trimmed by the service, case ignored
    "Sofia Marin",
    EngagementStatus.closed,
    readings=(61,),
    planned=(-14,),  # closed: never overdue
    causes=(GilbertCell.information, GilbertCell.incentives),
)
WAREHOUSE = Team(
    "Warehouse",
    "Ben Carter",
    planned=(1,),  # a draft's dates are not yet agreed: not due
    causes=(GilbertCell.resources,),
)
PORTFOLIO = (CLAIMS, FIELD_SALES, PAYROLL, FRONT_DESK, CLAIMS_AGAIN, WAREHOUSE)


def build_portfolio(engine: Engine, today: date) -> dict[str, int]:
    """Every team of `PORTFOLIO`, dated around `today`; their ids by team name as given."""
    return {team.name: build_team(engine, team, today) for team in PORTFOLIO}
