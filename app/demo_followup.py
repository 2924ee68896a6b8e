"""The sample engagement after the meeting: a first check-in, a learning indicator, the team's
network and a private note (see app/demo.py for the story)."""

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session

from app.services import checkins, indicators, notes, people, scaffold_people
from app.services.checkins import CheckInInput, ObservationInput, ScaffoldUpdateInput
from app.services.indicators import IndicatorInput
from models.enums import (
    Decision,
    IndicatorKind,
    ScaffoldRole,
    ScaffoldStatus,
    SupportMode,
    TieType,
)


def add_followup(
    session: Session,
    eid: int,
    *,
    measure_ids: tuple[int, int],
    scaffold_ids: Sequence[int],
    start: date,
) -> None:
    """Record what happened after signing: dated from `start`, the meeting day."""

    def d(days: int) -> date:
        return start + timedelta(days=days)

    ids = list(scaffold_ids)
    fcr_id, repeat_id = measure_ids
    checkins.record_checkin(
        session=session,
        engagement_id=eid,
        data=CheckInInput(
            held_on=d(35),
            decision=Decision.adjust,
            what_changed="Wall board changed in week one. Repeat-contact lists reviewed in "
            "most one-to-ones. The guide is live; the rota started late.",
            next_date=d(63),
            support_mode=SupportMode.step_back,
            observations=(
                ObservationInput(measure_id=fcr_id, value=66.5, note="Dashboard, week 5"),
                ObservationInput(measure_id=repeat_id, value=301.0, note="CRM report"),
            ),
            scaffold_updates=(
                ScaffoldUpdateInput(scaffold_id=ids[0], status=ScaffoldStatus.under_way),
                ScaffoldUpdateInput(scaffold_id=ids[1], status=ScaffoldStatus.done),
                ScaffoldUpdateInput(
                    scaffold_id=ids[2],
                    status=ScaffoldStatus.under_way,
                    note="Started in week four.",
                ),
                ScaffoldUpdateInput(scaffold_id=ids[3], status=ScaffoldStatus.done),
            ),
        ),
    )
    indicators.add_indicator(
        session=session,
        engagement_id=eid,
        data=IndicatorInput(
            name="Advisers who opened the billing guide",
            ltem_tier=2,
            kind=IndicatorKind.other,
            value=12,
            unit="of 14",
            recorded_on=d(35),
        ),
    )

    names = [
        ("Aisha", "Senior adviser"),
        ("Bartek", "Adviser"),
        ("Chen", "Adviser"),
        ("Dana", "Adviser"),
        ("Emeka", "Adviser (new)"),
        ("Fatima", "Adviser (new)"),
        ("Gareth", "Adviser"),
        ("Hana", "Team analyst"),
    ]
    member_ids = {}
    for name, role in names:
        member = people.add_member(session=session, engagement_id=eid, name=name, role=role)
        member_ids[name] = member.id or 0
    for asker, asked, kind in (
        ("Bartek", "Aisha", TieType.help),
        ("Chen", "Aisha", TieType.help),
        ("Dana", "Aisha", TieType.advice),
        ("Emeka", "Aisha", TieType.help),
        ("Fatima", "Chen", TieType.help),
        ("Emeka", "Chen", TieType.information),
        ("Gareth", "Hana", TieType.information),
        ("Aisha", "Hana", TieType.information),
        ("Chen", "Dana", TieType.new_ideas),
    ):
        people.add_tie(
            session=session,
            engagement_id=eid,
            from_member_id=member_ids[asker],
            to_member_id=member_ids[asked],
            tie_type=kind,
        )
    if len(ids) > 4:
        # The buddy scheme, led by the adviser most of the team already asks.
        scaffold_people.give_part(
            session=session,
            scaffold_id=ids[4],
            member_id=member_ids["Aisha"],
            role=ScaffoldRole.peer_coach,
            reason="Four of the team go to her for help already.",
        )
    notes.add_private_note(
        session=session,
        engagement_id=eid,
        text="Priya is under pressure from her director to 'do training'; "
        "keep the course option visible but costed.",
    )
