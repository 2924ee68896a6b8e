"""A realistic sample consultation, built through the services so that it obeys every rule.

The story: a customer-support team lead asks for an "empathy course" because satisfaction is low.
The diagnostic finds that most of the gap is in the environment (an out-of-date knowledge base,
a handle-time target that punishes finishing the job, no feedback on repeat contacts), plus one
real skill gap for new starters on billing rules.
"""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.demo_followup import add_followup
from app.services import (
    agreement,
    behaviours,
    engagements,
    measures,
    readiness,
    scaffolds,
)
from app.services.agreement import ResponsibilityInput, SignOff, SupportPhaseInput
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.engagements import EngagementDetails
from app.services.measures import MeasureInput
from app.services.scaffolds import ScaffoldInput
from app.validation import ValidationError
from models.enums import (
    Confidence,
    Direction,
    EngagementStatus,
    GilbertCell,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    SupportMode,
)
from models.tables import Engagement

DEMO_UID = "5ca1f01d-0000-4000-8000-00000000de30"

REQUEST = (
    "Our customer satisfaction has dropped for two quarters running. Can you put the whole team "
    "through a customer empathy course before the spring peak? Something practical, a day at most."
)
GOAL = (
    "Customers get their problem solved in the first contact, so that repeat contacts fall and "
    "satisfaction recovers before the spring peak."
)


def load_demo(*, session: Session, today: date | None = None) -> Engagement:
    """Create the sample engagement (dated around `today`); refuse if it is already loaded."""
    existing = session.exec(select(Engagement).where(col(Engagement.uid) == DEMO_UID)).first()
    if existing is not None:
        raise ValidationError(
            "demo", f"The sample engagement is already loaded (id {existing.id})."
        )
    t = today or date.today()
    start = t - timedelta(days=42)

    def d(days: int) -> date:
        return start + timedelta(days=days)

    e = engagements.create_engagement(
        session=session,
        data=EngagementDetails(
            team_name="Customer Support – Tier 1",
            manager_name="Priya Nair",
            organisation="Northwind Utilities",
            business_unit="Customer Operations",
            team_size=14,
            team_context=(
                "Fourteen advisers on phone and chat, two of them hired in the last three months. "
                "Billing questions are 40% of contacts since the tariff change in the autumn."
            ),
            partner_name="Sam Okafor",
            meeting_date=start,
            request_verbatim=REQUEST,
        ),
    )
    e.uid = DEMO_UID
    assert e.id is not None
    eid = e.id
    engagements.set_business_goal(session=session, engagement_id=eid, goal=GOAL)

    fcr = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="First-contact resolution",
            unit="% of contacts",
            baseline_value=61.0,
            baseline_date=d(-7),
            target_value=75.0,
            target_date=d(120),
            data_source="Contact-centre dashboard, weekly export",
            owner="Priya Nair",
            exemplar_value=82.0,
            typical_value=60.0,
        ),
    )
    repeat = measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="Repeat contacts within 7 days",
            unit="contacts per week",
            direction=Direction.lower_is_better,
            baseline_value=340.0,
            baseline_date=d(-7),
            target_value=240.0,
            target_date=d(120),
            data_source="CRM report 'repeat within 7 days'",
            owner="Team analyst",
        ),
    )
    measures.add_measure(
        session=session,
        engagement_id=eid,
        data=MeasureInput(
            name="Customer satisfaction after contact",
            unit="% satisfied",
            baseline_value=71.0,
            baseline_date=d(-7),
            target_value=80.0,
            target_date=d(150),
            data_source="Post-contact survey",
            owner="Priya Nair",
        ),
    )

    check_kb = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(
            role="Support adviser",
            expected="Checks the knowledge base and the customer's history before answering "
            "or escalating a billing question.",
            current="Answers from memory or escalates; the knowledge base is opened in about a "
            "third of billing contacts.",
            level=Level.individual,
        ),
    )
    confirm = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(
            role="Support adviser",
            expected="Before closing, summarises what was done and confirms with the customer "
            "that the problem is solved.",
            current="Closes the contact once the immediate question is answered.",
            level=Level.individual,
        ),
    )
    share = behaviours.add_behaviour(
        session=session,
        engagement_id=eid,
        data=BehaviourInput(
            role="The team",
            expected="Shares new fixes and tricky cases the same day so the whole team learns.",
            current="Fixes stay with the person who found them.",
            level=Level.team,
        ),
    )

    def cause(behaviour_id: int | None, cell: GilbertCell, evidence: str, conf: Confidence) -> int:
        assert behaviour_id is not None
        row = behaviours.add_cause(
            session=session,
            behaviour_id=behaviour_id,
            data=CauseInput(cell=cell, evidence=evidence, confidence=conf),
        )
        assert row.id is not None
        return row.id

    kb_outdated = cause(
        check_kb.id,
        GilbertCell.resources,
        "A third of the billing articles still describe the old tariffs; advisers have "
        "stopped trusting them.",
        Confidence.high,
    )
    no_feedback = cause(
        confirm.id,
        GilbertCell.information,
        "Advisers never see which of their contacts came back within a week.",
        Confidence.high,
    )
    aht = cause(
        confirm.id,
        GilbertCell.incentives,
        "The handle-time target (under 6 minutes) is on the wall; confirming takes a minute "
        "and nobody is thanked for it.",
        Confidence.medium,
    )
    billing_rules = cause(
        check_kb.id,
        GilbertCell.knowledge,
        "The two new starters could not explain the pro-rata rule when asked; the others can.",
        Confidence.medium,
    )
    no_channel = cause(
        share.id,
        GilbertCell.resources,
        "There is no agreed place or moment to share a fix; the team chat is used for rotas.",
        Confidence.medium,
    )

    plan = [
        ScaffoldInput(
            name="Repeat-contact feedback for each adviser",
            kind=ScaffoldKind.environment_fix,
            level=Level.individual,
            owner_role=OwnerRole.manager,
            description="A weekly list of each adviser's contacts that came back within seven "
            "days, reviewed in the one-to-one as a learning conversation, never a ranking.",
            start_date=d(3),
            due_date=d(14),
            cause_ids=(no_feedback,),
        ),
        ScaffoldInput(
            name="Balance handle time with resolution",
            kind=ScaffoldKind.environment_fix,
            level=Level.team,
            owner_role=OwnerRole.manager,
            description="Replace the handle-time target on the wall with first-contact "
            "resolution; handle time stays visible to the manager only.",
            start_date=d(0),
            due_date=d(7),
            cause_ids=(aht,),
        ),
        ScaffoldInput(
            name="Knowledge-base owners rota",
            kind=ScaffoldKind.environment_fix,
            level=Level.team,
            owner_role=OwnerRole.team,
            description="Two advisers a fortnight own the billing articles: anyone who finds "
            "a wrong article flags it; the owners fix it within two days.",
            start_date=d(7),
            due_date=d(60),
            cause_ids=(kb_outdated,),
        ),
        ScaffoldInput(
            name="Billing decision guide",
            kind=ScaffoldKind.performance_support,
            level=Level.individual,
            owner_role=OwnerRole.partner,
            description="A one-page decision guide for the five commonest billing questions, "
            "pinned in the knowledge base and tested with two advisers first.",
            start_date=d(3),
            due_date=d(21),
            cause_ids=(kb_outdated, billing_rules),
        ),
        ScaffoldInput(
            name="Buddy for new starters",
            kind=ScaffoldKind.social_learning,
            level=Level.individual,
            owner_role=OwnerRole.team,
            description="Each new starter sits with an experienced buddy for billing calls "
            "two hours a week for six weeks.",
            start_date=d(7),
            due_date=d(49),
            cause_ids=(billing_rules,),
        ),
        ScaffoldInput(
            name="Fix of the day",
            kind=ScaffoldKind.social_learning,
            level=Level.team,
            owner_role=OwnerRole.team,
            description="Five minutes at the end of the morning huddle: one adviser shows a fix "
            "or a tricky case; it goes into a pinned thread in the team channel.",
            start_date=d(7),
            due_date=d(90),
            cause_ids=(no_channel,),
        ),
    ]
    chosen = [
        scaffolds.add_scaffold(session=session, engagement_id=eid, data=item) for item in plan
    ]

    for skill, rating, support in (
        (NewSkill.personal_knowledge_management, 2, "Buddy pairs keep a shared list of sources."),
        (NewSkill.connected_working, 3, "Fix of the day, pinned thread."),
        (NewSkill.leading_connected_team, 2, "Partner coaches Priya on running the huddle."),
        (NewSkill.community_management, 1, "Not needed yet."),
    ):
        readiness.set_readiness(
            session=session, engagement_id=eid, skill=skill, rating=rating, support=support
        )

    for party, task, due in (
        (OwnerRole.manager, "Change the wall board and brief the team on why.", d(7)),
        (OwnerRole.manager, "Review repeat contacts in every one-to-one.", d(14)),
        (OwnerRole.team, "Run the knowledge-base owners rota.", d(60)),
        (OwnerRole.partner, "Draft and test the billing decision guide.", d(21)),
        (OwnerRole.partner, "Pull the three measures before each check-in.", None),
    ):
        agreement.add_responsibility(
            session=session,
            engagement_id=eid,
            data=ResponsibilityInput(party=party, task=task, due_date=due),
        )
    for mode, begin, end, note in (
        (SupportMode.upfront_advice, d(0), d(21), "Weekly half hour with Priya."),
        (SupportMode.step_back, d(22), d(90), "Check-ins only; Priya runs the huddles."),
        (SupportMode.on_call, d(91), None, "On request."),
    ):
        agreement.add_support_phase(
            session=session,
            engagement_id=eid,
            data=SupportPhaseInput(mode=mode, start_date=begin, end_date=end, note=note),
        )
    for days in (35, 63, 120):
        agreement.add_planned_checkin(session=session, engagement_id=eid, due_on=d(days))

    agreement.sign_agreement(
        session=session,
        engagement_id=eid,
        data=SignOff(
            manager_signature="Priya Nair",
            manager_signed_on=d(1),
            partner_signature="Sam Okafor",
            partner_signed_on=d(1),
        ),
    )
    engagements.change_status(
        session=session, engagement_id=eid, to_status=EngagementStatus.in_progress
    )

    assert fcr.id is not None and repeat.id is not None
    add_followup(
        session,
        eid,
        measure_ids=(fcr.id, repeat.id),
        scaffold_ids=[s.id or 0 for s in chosen],
        start=start,
    )
    session.add(e)
    session.flush()
    return e
