"""Signing the agreement: blockers, frozen versions, what stays editable, and amending."""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.exchange.document import agreement_content
from app.services import agreement as ag
from app.services import behaviours as bh
from app.services import engagements as eng
from app.services import measures as ms
from app.services import readiness as rd
from app.services import scaffolds as sc
from app.services.agreement import ResponsibilityInput, SignOff, SupportPhaseInput
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.checkins import CheckInInput, ScaffoldUpdateInput, list_checkins, record_checkin
from app.services.engagements import EngagementDetails
from app.services.indicators import IndicatorInput, add_indicator, list_indicators
from app.services.measures import MeasureInput
from app.services.notes import add_private_note, list_private_notes, update_private_note
from app.services.people import add_member, add_tie, list_members, list_ties
from app.services.scaffolds import ScaffoldInput
from app.validation import ValidationError
from models.db import open_database, transaction
from models.enums import (
    EngagementStatus,
    GilbertCell,
    NewSkill,
    OwnerRole,
    ScaffoldStatus,
    SupportMode,
    TieType,
)
from models.tables import ChosenScaffold, Engagement

GOAL = "Cut repeat calls by a fifth"
SIGN_OFF = SignOff(
    manager_signature="  Dana Reyes ",
    manager_signed_on=date(2026, 2, 1),
    partner_signature="Sam Partner",
    partner_signed_on=date(2026, 2, 2),
)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


@dataclass
class Ids:
    engagement: int
    measure: int = 0
    behaviour: int = 0
    cause: int = 0
    scaffold: int = 0
    responsibility: int = 0
    phase: int = 0
    planned: int = 0


def measure_input(name: str = "First-contact resolution") -> MeasureInput:
    return MeasureInput(
        name=name,
        baseline_value=60,
        baseline_date=date(2026, 1, 1),
        target_value=75,
        target_date=date(2026, 12, 31),
    )


def new_engagement(engine: Engine) -> int:
    with transaction(engine) as s:
        e = eng.create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Dana Reyes")
        )
        assert e.id is not None
        return e.id


def complete(engine: Engine) -> Ids:
    """An engagement with everything signing needs, and one row of every agreed part."""
    ids = Ids(engagement=new_engagement(engine))
    eid = ids.engagement
    with transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=eid, goal=GOAL)
        ids.measure = _id(ms.add_measure(session=s, engagement_id=eid, data=measure_input()))
        ids.behaviour = _id(
            bh.add_behaviour(
                session=s,
                engagement_id=eid,
                data=BehaviourInput(role="Handler", expected="Reads the history first"),
            )
        )
        ids.cause = _id(
            bh.add_cause(
                session=s, behaviour_id=ids.behaviour, data=CauseInput(cell=GilbertCell.information)
            )
        )
        ids.scaffold = _id(
            sc.add_scaffold(
                session=s,
                engagement_id=eid,
                data=ScaffoldInput(name="History panel", cause_ids=(ids.cause,)),
            )
        )
        rd.set_readiness(session=s, engagement_id=eid, skill=NewSkill.connected_working, rating=2)
        ids.responsibility = _id(
            ag.add_responsibility(
                session=s,
                engagement_id=eid,
                data=ResponsibilityInput(party=OwnerRole.manager, task="Share the dashboard"),
            )
        )
        ids.phase = _id(
            ag.add_support_phase(
                session=s,
                engagement_id=eid,
                data=SupportPhaseInput(
                    mode=SupportMode.upfront_advice, start_date=date(2026, 2, 1)
                ),
            )
        )
        ids.planned = _id(
            ag.add_planned_checkin(session=s, engagement_id=eid, due_on=date(2026, 4, 1))
        )
    return ids


def _id(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


def sign(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        ag.sign_agreement(session=s, engagement_id=engagement_id, data=SIGN_OFF)


def amend(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        ag.amend_agreement(session=s, engagement_id=engagement_id)


def set_goal(engine: Engine, engagement_id: int, goal: str) -> None:
    with transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=engagement_id, goal=goal)


def load(engine: Engine, engagement_id: int) -> Engagement:
    with transaction(engine) as s:
        found = s.get(Engagement, engagement_id)
        assert found is not None
        return found


def versions(engine: Engine, engagement_id: int) -> list[tuple[int, dict[str, Any]]]:
    with transaction(engine) as s:
        return [
            (v.number, ag.version_content(v))
            for v in ag.list_versions(session=s, engagement_id=engagement_id)
        ]


def live_content(engine: Engine, engagement_id: int) -> dict[str, Any]:
    with transaction(engine) as s:
        return json.loads(json.dumps(agreement_content(s, engagement_id), sort_keys=True))


def blockers(engine: Engine, engagement_id: int) -> list[str]:
    with transaction(engine) as s:
        return [field for field, _ in ag.signing_blockers(session=s, engagement_id=engagement_id)]


# --- blockers -------------------------------------------------------------------------------


def test_blockers_list_everything_missing_in_order(engine: Engine) -> None:
    eid = new_engagement(engine)
    with transaction(engine) as s:
        found = ag.signing_blockers(session=s, engagement_id=eid)
    assert found == [
        ("business_goal", "State the business goal the request serves."),
        ("measures", "Add at least one performance measure with a baseline and a target."),
        ("behaviours", "Describe at least one critical behaviour."),
        ("scaffolds", "Choose at least one scaffold."),
        ("checkins", "Agree the date of at least one check-in."),
    ]


def test_blockers_shrink_as_parts_are_added(engine: Engine) -> None:
    eid = new_engagement(engine)
    set_goal(engine, eid, "   ")  # blank goal still blocks
    assert blockers(engine, eid)[0] == "business_goal"
    set_goal(engine, eid, GOAL)
    assert blockers(engine, eid) == ["measures", "behaviours", "scaffolds", "checkins"]
    with transaction(engine) as s:
        ms.add_measure(session=s, engagement_id=eid, data=measure_input())
    assert blockers(engine, eid) == ["behaviours", "scaffolds", "checkins"]
    with transaction(engine) as s:
        bh.add_behaviour(
            session=s, engagement_id=eid, data=BehaviourInput(role="Handler", expected="x")
        )
    assert blockers(engine, eid) == ["scaffolds", "checkins"]
    with transaction(engine) as s:
        sc.add_scaffold(session=s, engagement_id=eid, data=ScaffoldInput(name="Job aid"))
    assert blockers(engine, eid) == ["checkins"]
    with transaction(engine) as s:
        ag.add_planned_checkin(session=s, engagement_id=eid, due_on=date(2026, 5, 1))
    assert blockers(engine, eid) == []


def test_complete_engagement_has_no_blockers(engine: Engine) -> None:
    assert blockers(engine, complete(engine).engagement) == []


def test_sign_refused_with_the_first_blockers_message(engine: Engine) -> None:
    eid = new_engagement(engine)
    with pytest.raises(ValidationError) as caught:
        sign(engine, eid)
    assert caught.value.field == "business_goal"
    assert caught.value.message == "Cannot sign yet: State the business goal the request serves."
    assert versions(engine, eid) == []
    assert load(engine, eid).status is EngagementStatus.draft


def test_sign_refused_when_only_the_checkin_date_is_missing(engine: Engine) -> None:
    ids = complete(engine)
    with transaction(engine) as s:
        ag.delete_planned_checkin(session=s, planned_checkin_id=ids.planned)
    with pytest.raises(ValidationError) as caught:
        sign(engine, ids.engagement)
    assert caught.value.field == "checkins"
    assert caught.value.message == "Cannot sign yet: Agree the date of at least one check-in."


@pytest.mark.parametrize(
    ("sign_off", "field"),
    [
        (SignOff("  ", date(2026, 2, 1), "Sam", date(2026, 2, 1)), "manager_signature"),
        (SignOff("Dana", date(2026, 2, 1), "", date(2026, 2, 1)), "partner_signature"),
        (SignOff("Dana", date(1026, 2, 1), "Sam", date(2026, 2, 1)), "manager_signed_on"),
        (SignOff("Dana", date(2026, 2, 1), "Sam", date(3026, 2, 1)), "partner_signed_on"),
    ],
)
def test_sign_off_names_and_dates_checked(engine: Engine, sign_off: SignOff, field: str) -> None:
    eid = complete(engine).engagement
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.sign_agreement(session=s, engagement_id=eid, data=sign_off)
    assert caught.value.field == field
    assert versions(engine, eid) == []


# --- signing --------------------------------------------------------------------------------


def test_signing_makes_the_engagement_agreed_and_freezes_the_content(engine: Engine) -> None:
    ids = complete(engine)
    expected = live_content(engine, ids.engagement)
    sign(engine, ids.engagement)

    found = load(engine, ids.engagement)
    assert found.status is EngagementStatus.agreed
    assert found.agreement_version == 1
    with transaction(engine) as s:
        history = eng.status_history(session=s, engagement_id=ids.engagement)
        (version,) = ag.list_versions(session=s, engagement_id=ids.engagement)
    assert [(h.from_status, h.to_status) for h in history][-1] == (
        EngagementStatus.draft,
        EngagementStatus.agreed,
    )
    assert version.number == 1
    assert version.manager_signature == "Dana Reyes"
    assert version.partner_signature == "Sam Partner"
    assert (version.manager_signed_on, version.partner_signed_on) == (
        date(2026, 2, 1),
        date(2026, 2, 2),
    )
    content = ag.version_content(version)
    assert content == expected
    assert content["goal"] == GOAL
    assert [m["name"] for m in content["measures"]] == ["First-contact resolution"]
    assert "History panel" in version.content_json


def test_signing_twice_refused(engine: Engine) -> None:
    eid = complete(engine).engagement
    sign(engine, eid)
    with pytest.raises(ValidationError) as caught:
        sign(engine, eid)
    assert caught.value.field == "agreement"
    assert caught.value.message == "Version 1 is already signed."
    assert len(versions(engine, eid)) == 1


FROZEN_MESSAGE = "Version 1 is signed and cannot change. Amend the agreement to start version 2."

Edit = Callable[[Session, Ids], object]

AGREED_EDITS: dict[str, Edit] = {
    "update details": lambda s, i: eng.update_details(
        session=s,
        engagement_id=i.engagement,
        data=EngagementDetails(team_name="Renamed", manager_name="Dana Reyes"),
    ),
    "goal": lambda s, i: eng.set_business_goal(session=s, engagement_id=i.engagement, goal="New"),
    "add measure": lambda s, i: ms.add_measure(
        session=s, engagement_id=i.engagement, data=measure_input("Handling time")
    ),
    "update measure": lambda s, i: ms.update_measure(
        session=s, measure_id=i.measure, data=measure_input("Renamed")
    ),
    "delete measure": lambda s, i: ms.delete_measure(session=s, measure_id=i.measure),
    "add behaviour": lambda s, i: bh.add_behaviour(
        session=s, engagement_id=i.engagement, data=BehaviourInput(role="Lead", expected="Coach")
    ),
    "update behaviour": lambda s, i: bh.update_behaviour(
        session=s, behaviour_id=i.behaviour, data=BehaviourInput(role="Lead", expected="Coach")
    ),
    "delete behaviour": lambda s, i: bh.delete_behaviour(session=s, behaviour_id=i.behaviour),
    "add cause": lambda s, i: bh.add_cause(
        session=s, behaviour_id=i.behaviour, data=CauseInput(cell=GilbertCell.motives)
    ),
    "update cause": lambda s, i: bh.update_cause(
        session=s, cause_id=i.cause, data=CauseInput(cell=GilbertCell.motives)
    ),
    "delete cause": lambda s, i: bh.delete_cause(session=s, cause_id=i.cause),
    "add scaffold": lambda s, i: sc.add_scaffold(
        session=s, engagement_id=i.engagement, data=ScaffoldInput(name="Peer review")
    ),
    "update scaffold": lambda s, i: sc.update_scaffold(
        session=s, scaffold_id=i.scaffold, data=ScaffoldInput(name="Renamed")
    ),
    "delete scaffold": lambda s, i: sc.delete_scaffold(session=s, scaffold_id=i.scaffold),
    "set readiness": lambda s, i: rd.set_readiness(
        session=s, engagement_id=i.engagement, skill=NewSkill.connected_working, rating=5
    ),
    "clear readiness": lambda s, i: rd.clear_readiness(
        session=s, engagement_id=i.engagement, skill=NewSkill.connected_working
    ),
    "add responsibility": lambda s, i: ag.add_responsibility(
        session=s,
        engagement_id=i.engagement,
        data=ResponsibilityInput(party=OwnerRole.team, task="More"),
    ),
    "update responsibility": lambda s, i: ag.update_responsibility(
        session=s,
        responsibility_id=i.responsibility,
        data=ResponsibilityInput(party=OwnerRole.team, task="Changed"),
    ),
    "delete responsibility": lambda s, i: ag.delete_responsibility(
        session=s, responsibility_id=i.responsibility
    ),
    "add phase": lambda s, i: ag.add_support_phase(
        session=s,
        engagement_id=i.engagement,
        data=SupportPhaseInput(mode=SupportMode.on_call, start_date=date(2026, 6, 1)),
    ),
    "update phase": lambda s, i: ag.update_support_phase(
        session=s,
        phase_id=i.phase,
        data=SupportPhaseInput(mode=SupportMode.step_back, start_date=date(2026, 3, 1)),
    ),
    "delete phase": lambda s, i: ag.delete_support_phase(session=s, phase_id=i.phase),
    "add planned check-in": lambda s, i: ag.add_planned_checkin(
        session=s, engagement_id=i.engagement, due_on=date(2026, 7, 1)
    ),
    "delete planned check-in": lambda s, i: ag.delete_planned_checkin(
        session=s, planned_checkin_id=i.planned
    ),
}


@pytest.fixture
def signed(engine: Engine) -> Ids:
    ids = complete(engine)
    sign(engine, ids.engagement)
    return ids


@pytest.mark.parametrize("name", sorted(AGREED_EDITS))
def test_every_agreed_content_edit_is_refused_after_signing(
    engine: Engine, signed: Ids, name: str
) -> None:
    before = live_content(engine, signed.engagement)
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        AGREED_EDITS[name](s, signed)
    assert caught.value.field == "agreement"
    assert caught.value.message == FROZEN_MESSAGE
    assert live_content(engine, signed.engagement) == before


@pytest.mark.parametrize("name", sorted(AGREED_EDITS))
def test_every_agreed_content_edit_works_again_after_amending(
    engine: Engine, signed: Ids, name: str
) -> None:
    amend(engine, signed.engagement)
    before = live_content(engine, signed.engagement)
    with transaction(engine) as s:
        AGREED_EDITS[name](s, signed)
    assert live_content(engine, signed.engagement) != before
    ((number, frozen),) = versions(engine, signed.engagement)
    assert number == 1
    assert frozen == before  # version 1 untouched by the edit


def test_follow_up_work_still_works_after_signing(engine: Engine, signed: Ids) -> None:
    eid = signed.engagement
    frozen = live_content(engine, eid)
    with transaction(engine) as s:
        record_checkin(
            session=s,
            engagement_id=eid,
            data=CheckInInput(
                held_on=date(2026, 4, 1),
                scaffold_updates=(
                    ScaffoldUpdateInput(scaffold_id=signed.scaffold, status=ScaffoldStatus.done),
                ),
            ),
        )
        add_indicator(
            session=s, engagement_id=eid, data=IndicatorInput(name="Attendance", ltem_tier=1)
        )
        ana = add_member(session=s, engagement_id=eid, name="Ana")
        ben = add_member(session=s, engagement_id=eid, name="Ben")
        add_tie(
            session=s,
            engagement_id=eid,
            from_member_id=_id(ana),
            to_member_id=_id(ben),
            tie_type=TieType.advice,
        )
        note = add_private_note(session=s, engagement_id=eid, text="Seems tense")
        update_private_note(session=s, note_id=_id(note), text="Less tense now")
    with transaction(engine) as s:
        sc.set_scaffold_status(
            session=s, scaffold_id=signed.scaffold, status=ScaffoldStatus.under_way
        )
    with transaction(engine) as s:
        assert len(list_checkins(session=s, engagement_id=eid)) == 1
        assert len(list_indicators(session=s, engagement_id=eid)) == 1
        assert [m.name for m in list_members(session=s, engagement_id=eid)] == ["Ana", "Ben"]
        assert len(list_ties(session=s, engagement_id=eid)) == 1
        assert [n.text for n in list_private_notes(session=s, engagement_id=eid)] == [
            "Less tense now"
        ]
        scaffold = s.get(ChosenScaffold, signed.scaffold)
        assert scaffold is not None
        assert scaffold.status is ScaffoldStatus.under_way
    # None of it is agreed content: the live agreed content still matches the signed version.
    assert live_content(engine, eid) == frozen
    assert versions(engine, eid)[0][1] == frozen


def test_status_moves_still_work_after_signing(engine: Engine, signed: Ids) -> None:
    with transaction(engine) as s:
        eng.change_status(
            session=s, engagement_id=signed.engagement, to_status=EngagementStatus.in_progress
        )
    assert load(engine, signed.engagement).status is EngagementStatus.in_progress


# --- amending -------------------------------------------------------------------------------


def test_amend_starts_an_editable_version_two(engine: Engine, signed: Ids) -> None:
    eid = signed.engagement
    v1_before = versions(engine, eid)[0][1]
    amend(engine, eid)
    assert load(engine, eid).agreement_version == 2
    set_goal(engine, eid, "Cut repeat calls by a third")
    with transaction(engine) as s:
        ms.update_measure(session=s, measure_id=signed.measure, data=measure_input("FCR"))
    assert load(engine, eid).business_goal == "Cut repeat calls by a third"
    ((number, v1_after),) = versions(engine, eid)
    assert number == 1
    assert v1_after == v1_before
    assert v1_after["goal"] == GOAL
    assert [m["name"] for m in v1_after["measures"]] == ["First-contact resolution"]


def test_amending_twice_without_signing_refused(engine: Engine, signed: Ids) -> None:
    amend(engine, signed.engagement)
    with pytest.raises(ValidationError) as caught:
        amend(engine, signed.engagement)
    assert caught.value.message == "Version 2 is not signed yet; edit it directly."
    assert load(engine, signed.engagement).agreement_version == 2


def test_amending_an_unsigned_version_refused(engine: Engine) -> None:
    eid = complete(engine).engagement
    with pytest.raises(ValidationError) as caught:
        amend(engine, eid)
    assert caught.value.field == "agreement"
    assert caught.value.message == "Version 1 is not signed yet; edit it directly."
    assert load(engine, eid).agreement_version == 1


def test_signing_again_keeps_both_versions_readable(engine: Engine, signed: Ids) -> None:
    eid = signed.engagement
    amend(engine, eid)
    set_goal(engine, eid, "Cut repeat calls by a third")
    with transaction(engine) as s:
        ms.add_measure(session=s, engagement_id=eid, data=measure_input("Repeat calls"))
    sign(engine, eid)

    found = versions(engine, eid)
    assert [number for number, _ in found] == [1, 2]
    (_, v1), (_, v2) = found
    assert v1 != v2
    assert v1["goal"] == GOAL
    assert v2["goal"] == "Cut repeat calls by a third"
    assert [m["name"] for m in v1["measures"]] == ["First-contact resolution"]
    assert [m["name"] for m in v2["measures"]] == ["First-contact resolution", "Repeat calls"]
    assert load(engine, eid).status is EngagementStatus.agreed

    # Version 2 is now frozen in turn.
    with pytest.raises(ValidationError) as caught:
        set_goal(engine, eid, "Another goal")
    assert caught.value.message == (
        "Version 2 is signed and cannot change. Amend the agreement to start version 3."
    )


def test_signing_an_amendment_keeps_an_in_progress_status(engine: Engine, signed: Ids) -> None:
    eid = signed.engagement
    with transaction(engine) as s:
        eng.change_status(session=s, engagement_id=eid, to_status=EngagementStatus.in_progress)
    amend(engine, eid)
    set_goal(engine, eid, "Revised")
    sign(engine, eid)
    assert load(engine, eid).status is EngagementStatus.in_progress
    assert [n for n, _ in versions(engine, eid)] == [1, 2]
