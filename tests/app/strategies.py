"""Engagements for the exchange tests: one full hand-built case, and random ones for hypothesis.

Everything is created through the services, so every engagement here is one the app can make.
"""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from hypothesis import assume
from hypothesis import strategies as st
from sqlmodel import Session

from app.services import (
    agreement,
    behaviours,
    checkins,
    engagements,
    indicators,
    measures,
    notes,
    people,
    readiness,
    scaffold_people,
    scaffolds,
)
from app.services.agreement import ResponsibilityInput, SignOff, SupportPhaseInput
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.checkins import CheckInInput, ObservationInput, ScaffoldUpdateInput
from app.services.engagements import EngagementDetails
from app.services.indicators import IndicatorInput
from app.services.measures import MeasureInput
from app.services.scaffolds import ScaffoldInput
from app.validation import ValidationError
from models.enums import (
    Confidence,
    Decision,
    Direction,
    EngagementStatus,
    GilbertCell,
    IndicatorKind,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    ScaffoldRole,
    ScaffoldStatus,
    SupportMode,
    TieType,
)

T = TypeVar("T")

PRIVATE_TEXT = "Manager seems defensive about the last reorganisation — do not quote."


def snapshot(path: Path) -> list[str]:
    """Every row and table of the database file, as SQL text, to prove nothing changed."""
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


# --- one full engagement, by hand -----------------------------------------------------------


def build_full_engagement(session: Session, *, team: str = "Claims – Team Ø") -> int:
    """An engagement that uses every part of the file: two signed versions, a third being
    edited, status moves, check-ins, indicators, people, ties, private notes, a deleted row."""
    e = engagements.create_engagement(
        session=session,
        data=EngagementDetails(
            team_name=team,
            manager_name="Zoë Ndlovu",
            organisation="Mutual “Insurance” Ltd",
            business_unit="Claims",
            team_size=9,
            team_context="Nine handlers.\nTwo part-time; one on loan from Motor claims. 🚗",
            partner_name="Lars Åberg",
            meeting_date=date(2025, 2, 3),
            request_verbatim="  Can you run a “resilience” workshop? People are stressed.  ",
        ),
    )
    assert e.id is not None
    eid = e.id
    engagements.set_business_goal(
        session=session, engagement_id=eid, goal="Claims settled within 10 working days."
    )
    dropped = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="To be deleted",
            baseline_value=1,
            baseline_date=date(2025, 1, 1),
            target_value=2,
            target_date=date(2025, 6, 1),
        ),
    )
    days = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="Days to settle",
            unit="working days",
            direction=Direction.lower_is_better,
            baseline_value=17.25,
            baseline_date=date(2025, 1, 31),
            target_value=10.0,
            target_date=date(2025, 9, 30),
            data_source="Claims system, monthly",
            owner="Zoë",
            exemplar_value=8.5,
            typical_value=-0.0,
        ),
    )
    reopened = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="Claims reopened",
            unit="%",
            baseline_value=-3.5e-7,
            baseline_date=date(2025, 1, 31),
            target_value=-1e-7,
            target_date=date(2025, 12, 31),
        ),
    )
    measures.delete_measure(session=session, measure_id=dropped.id or 0)
    handle = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(
            role="Claims handler",
            expected="Asks for all missing documents in the first call.",
            current="Asks piecemeal, one document per letter.",
        ),
    )
    share = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(role="Team", expected="Reviews stuck claims weekly.", level=Level.team),
    )
    checklist_gap = behaviours.add_cause(
        session=session,
        behaviour_id=handle.id or 0,
        data=CauseInput(
            cell=GilbertCell.resources,
            evidence="No checklist per claim type.",
            confidence=Confidence.high,
        ),
    )
    skill_gap = behaviours.add_cause(
        session=session,
        behaviour_id=handle.id or 0,
        data=CauseInput(cell=GilbertCell.knowledge, evidence="New joiners unsure of rules."),
    )
    no_meeting = behaviours.add_cause(
        session=session,
        behaviour_id=share.id or 0,
        data=CauseInput(cell=GilbertCell.information, confidence=Confidence.low),
    )
    checklist = scaffolds.add_scaffold(
        session=session,
        engagement_id=eid,
        data=ScaffoldInput(
            name="Document checklist per claim type",
            kind=ScaffoldKind.performance_support,
            level=Level.individual,
            owner_role=OwnerRole.partner,
            library_key="job-aid",
            start_date=date(2025, 2, 10),
            due_date=date(2025, 3, 1),
            cause_ids=(checklist_gap.id or 0,),
        ),
    )
    course = scaffolds.add_scaffold(
        session=session,
        engagement_id=eid,
        data=ScaffoldInput(
            name="Rules refresher",
            kind=ScaffoldKind.formal_training,
            description="Two hours, for new joiners only.",
            cause_ids=(skill_gap.id or 0, checklist_gap.id or 0),
        ),
    )
    huddle = scaffolds.add_scaffold(
        session=session,
        engagement_id=eid,
        data=ScaffoldInput(
            name="Friday stuck-claims huddle",
            kind=ScaffoldKind.social_learning,
            owner_role=OwnerRole.team,
            cause_ids=(no_meeting.id or 0,),
        ),
    )
    readiness.set_readiness(
        session=session, engagement_id=eid, skill=NewSkill.connected_working, rating=2
    )
    readiness.set_readiness(
        session=session,
        engagement_id=eid,
        skill=NewSkill.personal_knowledge_management,
        rating=4,
        support="Share note templates",
    )
    agreement.add_responsibility(
        session=session,
        engagement_id=eid,
        data=ResponsibilityInput(OwnerRole.manager, "Protect Friday 30 minutes", date(2025, 3, 7)),
    )
    agreement.add_responsibility(
        session=session,
        engagement_id=eid,
        data=ResponsibilityInput(OwnerRole.partner, "Draft the checklist"),
    )
    agreement.add_support_phase(
        session=session,
        engagement_id=eid,
        data=SupportPhaseInput(SupportMode.upfront_advice, date(2025, 2, 3), date(2025, 3, 1)),
    )
    agreement.add_support_phase(
        session=session,
        engagement_id=eid,
        data=SupportPhaseInput(SupportMode.on_call, date(2025, 3, 2), note="Email me"),
    )
    for due in (date(2025, 5, 2), date(2025, 3, 28)):
        agreement.add_planned_checkin(session=session, engagement_id=eid, due_on=due)
    sign = SignOff("Zoë Ndlovu", date(2025, 2, 4), "Lars Åberg", date(2025, 2, 5))
    agreement.sign_agreement(session=session, engagement_id=eid, data=sign)
    agreement.amend_agreement(session=session, engagement_id=eid)
    agreement.add_planned_checkin(session=session, engagement_id=eid, due_on=date(2025, 7, 4))
    agreement.sign_agreement(
        session=session, engagement_id=eid, data=replace(sign, manager_signed_on=date(2025, 3, 3))
    )
    engagements.change_status(
        session=session, engagement_id=eid, to_status=EngagementStatus.in_progress
    )
    agreement.amend_agreement(session=session, engagement_id=eid)
    engagements.set_business_goal(
        session=session, engagement_id=eid, goal="Claims settled within 9 working days."
    )
    checkins.record_checkin(
        session=session,
        engagement_id=eid,
        data=CheckInInput(
            held_on=date(2025, 3, 28),
            decision=Decision.adjust,
            what_changed="Checklist live.",
            next_date=date(2025, 5, 2),
            support_mode=SupportMode.step_back,
            observations=(
                ObservationInput(reopened.id or 0, 4.0, "From the dashboard"),
                ObservationInput(days.id or 0, 15.5),
            ),
            scaffold_updates=(
                ScaffoldUpdateInput(huddle.id or 0, ScaffoldStatus.under_way),
                ScaffoldUpdateInput(checklist.id or 0, ScaffoldStatus.done, "In use by all"),
            ),
        ),
    )
    quick = checkins.record_checkin(
        session=session,
        engagement_id=eid,
        data=CheckInInput(held_on=date(2025, 3, 1), what_changed="Quick call."),
    )
    # An edited check-in and a deleted one leave their history in the file.
    checkins.update_checkin(
        session=session,
        checkin_id=quick.id or 0,
        data=CheckInInput(held_on=date(2025, 3, 1), what_changed="Quick call with Dee."),
    )
    mistaken = checkins.record_checkin(
        session=session, engagement_id=eid, data=CheckInInput(held_on=date(2025, 3, 2))
    )
    checkins.delete_checkin(session=session, checkin_id=mistaken.id or 0)
    scaffolds.set_scaffold_status(
        session=session, scaffold_id=course.id or 0, status=ScaffoldStatus.dropped
    )
    indicators.add_indicator(
        session=session,
        engagement_id=eid,
        data=IndicatorInput(
            "Refresher attendance", 1, IndicatorKind.attendance, 7, "of 9", date(2025, 3, 14)
        ),
    )
    indicators.add_indicator(
        session=session, engagement_id=eid, data=IndicatorInput("Quiz", 4, note="Not run yet")
    )
    names = ["Ana", "Bo", "Ciarán", "Dee"]
    ids = [
        people.add_member(session=session, engagement_id=eid, name=n, role="Handler").id or 0
        for n in names
    ]
    for a, b, kind in ((3, 0, TieType.help), (1, 0, TieType.advice), (1, 0, TieType.help)):
        people.add_tie(
            session=session,
            engagement_id=eid,
            from_member_id=ids[a],
            to_member_id=ids[b],
            tie_type=kind,
        )
    scaffold_people.set_pseudonym(session=session, member_id=ids[0], pseudonym="Lead")
    scaffold_people.set_print_pseudonyms(session=session, engagement_id=eid, on=True)
    scaffold_people.give_part(
        session=session,
        scaffold_id=huddle.id or 0,
        member_id=ids[0],
        role=ScaffoldRole.champion,
        reason="Three colleagues go to her.",
    )
    scaffold_people.give_part(
        session=session, scaffold_id=huddle.id or 0, member_id=ids[1], role=ScaffoldRole.backup
    )
    notes.add_private_note(session=session, engagement_id=eid, text=PRIVATE_TEXT)
    notes.add_private_note(session=session, engagement_id=eid, text="Second note.")
    return eid


# --- random engagements ---------------------------------------------------------------------

# Non-blank: the first character is neither a separator nor a control character.
names = st.builds(
    str.__add__,
    st.characters(blacklist_categories=("Z", "C")),
    st.text(max_size=29),
)
texts = st.text(max_size=60)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def measure_inputs(draw: st.DrawFn) -> MeasureInput:
    direction = draw(st.sampled_from(Direction))
    baseline = draw(values)
    step = draw(st.floats(min_value=1e-3, max_value=1e6))
    target = baseline + step if direction is Direction.higher_is_better else baseline - step
    assume(target != baseline)
    start = draw(dates)
    return MeasureInput(
        name=draw(names),
        unit=draw(st.text(max_size=10)),
        direction=direction,
        baseline_value=baseline,
        baseline_date=start,
        target_value=target,
        target_date=start + timedelta(days=draw(st.integers(1, 2000))),
        data_source=draw(texts),
        owner=draw(st.text(max_size=10)),
        exemplar_value=draw(st.none() | values),
        typical_value=draw(st.none() | values),
    )


def _optional_span(draw: st.DrawFn) -> tuple[date | None, date | None]:
    start = draw(st.none() | dates)
    end = draw(st.none() | dates)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


@st.composite
def scaffold_plans(draw: st.DrawFn) -> tuple[ScaffoldInput, list[int], ScaffoldStatus]:
    start, due = _optional_span(draw)
    kind = draw(st.sampled_from(ScaffoldKind))
    data = ScaffoldInput(
        name=draw(names),
        kind=kind,
        level=draw(st.sampled_from(Level)),
        owner_role=draw(st.sampled_from(OwnerRole)),
        description=draw(texts),
        library_key=draw(st.none() | st.text(max_size=12)),
        start_date=start,
        due_date=due,
        training_reason=draw(names) if kind is ScaffoldKind.formal_training else draw(texts),
    )
    causes = draw(st.lists(st.integers(0, 20), max_size=3, unique=True))
    return data, causes, draw(st.sampled_from(ScaffoldStatus))


@dataclass(frozen=True)
class CheckinPlan:
    data: CheckInInput
    observations: list[tuple[int, float, str]]
    updates: list[tuple[int, ScaffoldStatus, str]]


@st.composite
def checkin_plans(draw: st.DrawFn) -> CheckinPlan:
    held = draw(dates)
    next_date = draw(st.none() | st.integers(1, 200).map(lambda n: held + timedelta(days=n)))
    return CheckinPlan(
        data=CheckInInput(
            held_on=held,
            decision=draw(st.sampled_from(Decision)),
            what_changed=draw(texts),
            next_date=next_date,
            support_mode=draw(st.none() | st.sampled_from(SupportMode)),
        ),
        observations=draw(
            st.lists(
                st.tuples(st.integers(0, 5), values, st.text(max_size=10)),
                max_size=3,
                unique_by=lambda o: o[0],
            )
        ),
        updates=draw(
            st.lists(
                st.tuples(st.integers(0, 5), st.sampled_from(ScaffoldStatus), st.text(max_size=10)),
                max_size=3,
            )
        ),
    )


@dataclass(frozen=True)
class EngagementPlan:
    """Everything to create one random engagement through the services."""

    details: EngagementDetails
    goal: str
    measures: list[MeasureInput]
    behaviours: list[tuple[BehaviourInput, list[CauseInput]]]
    scaffolds: list[tuple[ScaffoldInput, list[int], ScaffoldStatus]]
    readiness: list[tuple[NewSkill, int, str]]
    responsibilities: list[ResponsibilityInput]
    phases: list[SupportPhaseInput]
    planned: list[date]
    signings: int
    status_moves: list[EngagementStatus]
    checkins: list[CheckinPlan]
    indicators: list[IndicatorInput]
    members: list[tuple[str, str]]
    ties: list[tuple[int, int, TieType]]
    notes: list[str]


@st.composite
def engagement_plans(draw: st.DrawFn) -> EngagementPlan:
    # Half the plans hold what signing needs, so signed versions are common.
    least = 1 if draw(st.booleans()) else 0
    phases = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(dates)
        end = draw(st.none() | st.integers(0, 300).map(lambda n, s=start: s + timedelta(days=n)))
        phases.append(
            SupportPhaseInput(draw(st.sampled_from(SupportMode)), start, end, draw(texts))
        )
    return EngagementPlan(
        details=EngagementDetails(
            team_name=draw(names),
            manager_name=draw(names),
            organisation=draw(st.text(max_size=20)),
            business_unit=draw(st.text(max_size=20)),
            team_size=draw(st.none() | st.integers(1, 100_000)),
            team_context=draw(texts),
            partner_name=draw(st.text(max_size=20)),
            meeting_date=draw(st.none() | dates),
            request_verbatim=draw(texts),
        ),
        goal=draw(names if least else texts),
        measures=draw(st.lists(measure_inputs(), min_size=least, max_size=3)),
        behaviours=draw(
            st.lists(
                st.tuples(
                    st.builds(
                        BehaviourInput,
                        role=names,
                        expected=names,
                        current=texts,
                        level=st.sampled_from(Level),
                    ),
                    st.lists(
                        st.builds(
                            CauseInput,
                            cell=st.sampled_from(GilbertCell),
                            evidence=texts,
                            confidence=st.sampled_from(Confidence),
                        ),
                        max_size=3,
                    ),
                ),
                min_size=least,
                max_size=3,
            )
        ),
        scaffolds=draw(st.lists(scaffold_plans(), min_size=least, max_size=3)),
        readiness=draw(
            st.lists(
                st.tuples(st.sampled_from(NewSkill), st.integers(1, 5), st.text(max_size=15)),
                max_size=4,
                unique_by=lambda r: r[0],
            )
        ),
        responsibilities=draw(
            st.lists(
                st.builds(
                    ResponsibilityInput,
                    party=st.sampled_from(OwnerRole),
                    task=names,
                    due_date=st.none() | dates,
                ),
                max_size=2,
            )
        ),
        phases=phases,
        planned=draw(st.lists(dates, min_size=least, max_size=3, unique=True)),
        signings=draw(st.integers(0, 3)),
        status_moves=draw(st.lists(st.sampled_from(EngagementStatus), max_size=3)),
        checkins=draw(st.lists(checkin_plans(), max_size=3)),
        indicators=draw(
            st.lists(
                st.builds(
                    IndicatorInput,
                    name=names,
                    ltem_tier=st.integers(1, 8),
                    kind=st.sampled_from(IndicatorKind),
                    value=st.none() | values,
                    unit=st.text(max_size=8),
                    recorded_on=st.none() | dates,
                    note=texts,
                ),
                max_size=2,
            )
        ),
        members=draw(
            st.lists(
                st.tuples(names, st.text(max_size=10)),
                max_size=4,
                unique_by=lambda m: m[0].strip().casefold(),
            )
        ),
        ties=draw(
            st.lists(
                st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from(TieType)),
                max_size=5,
            )
        ),
        notes=draw(st.lists(names, max_size=2)),
    )


def _attempt(action: Callable[[], T]) -> T | None:
    """Run one service call; a refusal just means this random item is left out."""
    try:
        return action()
    except ValidationError:
        return None


def apply_plan(session: Session, plan: EngagementPlan) -> int:
    """Create the engagement a plan describes, leaving out whatever a service refuses."""
    eid = engagements.create_engagement(session=session, data=plan.details).id or 0
    s = session
    engagements.set_business_goal(session=s, engagement_id=eid, goal=plan.goal)
    measure_ids = [
        m.id or 0
        for data in plan.measures
        if (
            m := _attempt(lambda d=data: measures.add_measure(session=s, engagement_id=eid, data=d))
        )
    ]
    cause_ids: list[int] = []
    for b_data, causes in plan.behaviours:
        b = behaviours.add_behaviour(session=s, engagement_id=eid, data=b_data)
        for c_data in causes:
            c = behaviours.add_cause(session=s, behaviour_id=b.id or 0, data=c_data)
            cause_ids.append(c.id or 0)
    scaffold_ids: list[int] = []
    for data, picks, status in plan.scaffolds:
        chosen = tuple(cause_ids[i] for i in picks if i < len(cause_ids))
        made = _attempt(
            lambda d=data, c=chosen: scaffolds.add_scaffold(
                session=s, engagement_id=eid, data=replace(d, cause_ids=c)
            )
        )
        if made is not None:
            scaffolds.set_scaffold_status(session=s, scaffold_id=made.id or 0, status=status)
            scaffold_ids.append(made.id or 0)
    for skill, rating, support in plan.readiness:
        readiness.set_readiness(
            session=s, engagement_id=eid, skill=skill, rating=rating, support=support
        )
    for r in plan.responsibilities:
        agreement.add_responsibility(session=s, engagement_id=eid, data=r)
    for p in plan.phases:
        agreement.add_support_phase(session=s, engagement_id=eid, data=p)
    for due in plan.planned:
        agreement.add_planned_checkin(session=s, engagement_id=eid, due_on=due)
    for n in range(plan.signings):
        signed = _attempt(
            lambda n=n: agreement.sign_agreement(
                session=s,
                engagement_id=eid,
                data=SignOff("Manager", date(2025, 1, 1 + n), "Partner", date(2025, 1, 2 + n)),
            )
        )
        if signed is None:
            break
        if n < plan.signings - 1:
            agreement.amend_agreement(session=s, engagement_id=eid)
    for status in plan.status_moves:
        _attempt(
            lambda st_=status: engagements.change_status(
                session=s, engagement_id=eid, to_status=st_
            )
        )
    for c in plan.checkins:
        data = replace(
            c.data,
            observations=tuple(
                ObservationInput(measure_ids[i], value, note)
                for i, value, note in c.observations
                if i < len(measure_ids)
            ),
            scaffold_updates=tuple(
                ScaffoldUpdateInput(scaffold_ids[i], status, note)
                for i, status, note in c.updates
                if i < len(scaffold_ids)
            ),
        )
        checkins.record_checkin(session=s, engagement_id=eid, data=data)
    for ind in plan.indicators:
        indicators.add_indicator(session=s, engagement_id=eid, data=ind)
    member_ids = [
        m.id or 0
        for name, role in plan.members
        if (
            m := _attempt(
                lambda n=name, r=role: people.add_member(
                    session=s, engagement_id=eid, name=n, role=r
                )
            )
        )
    ]
    for a, b, kind in plan.ties:
        if a < len(member_ids) and b < len(member_ids):
            _attempt(
                lambda a=a, b=b, k=kind: people.add_tie(
                    session=s,
                    engagement_id=eid,
                    from_member_id=member_ids[a],
                    to_member_id=member_ids[b],
                    tie_type=k,
                )
            )
    for text in plan.notes:
        notes.add_private_note(session=s, engagement_id=eid, text=text)
    return eid
