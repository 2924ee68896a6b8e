"""Engagements: creating, updating, the status lifecycle, listing and deleting with children."""

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import engagements as eng
from app.services.agreement import (
    ResponsibilityInput,
    SupportPhaseInput,
    add_planned_checkin,
    add_responsibility,
    add_support_phase,
)
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.checkins import (
    CheckInInput,
    ObservationInput,
    ScaffoldUpdateInput,
    record_checkin,
)
from app.services.engagements import EngagementDetails
from app.services.indicators import IndicatorInput, add_indicator
from app.services.measures import MeasureInput, add_measure
from app.services.notes import add_private_note
from app.services.people import add_member, add_tie
from app.services.readiness import set_readiness
from app.services.scaffold_people import give_part
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import (
    EngagementStatus,
    GilbertCell,
    NewSkill,
    OwnerRole,
    ScaffoldRole,
    ScaffoldStatus,
    SupportMode,
    TieType,
)
from models.tables import AgreementVersion, Engagement, metadata

S = EngagementStatus


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


def details(**overrides: object) -> EngagementDetails:
    base = EngagementDetails(team_name="Claims", manager_name="Dana Reyes")
    return replace(base, **overrides)  # type: ignore[arg-type]


def create(engine: Engine, **overrides: object) -> int:
    with transaction(engine) as s:
        engagement = eng.create_engagement(session=s, data=details(**overrides))
        assert engagement.id is not None
        return engagement.id


def load(engine: Engine, engagement_id: int) -> Engagement:
    with transaction(engine) as s:
        found = s.get(Engagement, engagement_id)
        assert found is not None
        return found


def move(engine: Engine, engagement_id: int, to: EngagementStatus) -> Engagement:
    with transaction(engine) as s:
        return eng.change_status(session=s, engagement_id=engagement_id, to_status=to)


def force_status(
    engine: Engine, engagement_id: int, status: EngagementStatus, *, signed: bool = True
) -> None:
    """Put an engagement in a status directly (as signing would), bypassing the move rules.

    With `signed`, a signed version 1 is written too, as signing would leave one.
    """
    with transaction(engine) as s:
        engagement = s.get(Engagement, engagement_id)
        assert engagement is not None
        if signed and not eng.has_signed_version(s, engagement_id):
            s.add(
                AgreementVersion(
                    engagement_id=engagement_id,
                    number=1,
                    manager_signature="M",
                    manager_signed_on=date(2026, 1, 1),
                    partner_signature="P",
                    partner_signed_on=date(2026, 1, 1),
                    content_json="{}",
                )
            )
        eng.record_status(s, engagement, status)


def count_rows(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


# --- create / update ------------------------------------------------------------------------


def test_create_trims_fields_and_starts_in_draft(engine: Engine) -> None:
    engagement_id = create(
        engine,
        team_name="  Claims Team  ",
        manager_name="\tDana Reyes\n",
        organisation=" Acme ",
        business_unit=" Ops ",
        partner_name=" Sam ",
        team_context="  Twelve handlers.  ",
        request_verbatim="\n\nWe need a training on empathy.\n\n",
        team_size=12,
        meeting_date=date(2026, 5, 4),
    )
    found = load(engine, engagement_id)
    assert found.team_name == "Claims Team"
    assert found.manager_name == "Dana Reyes"
    assert found.organisation == "Acme"
    assert found.business_unit == "Ops"
    assert found.partner_name == "Sam"
    assert found.team_context == "Twelve handlers."
    assert found.request_verbatim == "We need a training on empathy."
    assert found.team_size == 12
    assert found.meeting_date == date(2026, 5, 4)
    assert found.status is S.draft
    assert found.agreement_version == 1
    assert len(found.uid) == 36


def test_each_engagement_gets_its_own_uid(engine: Engine) -> None:
    first, second = create(engine), create(engine)
    assert load(engine, first).uid != load(engine, second).uid


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"team_name": "   "}, "team_name", "Team name is required."),
        ({"manager_name": ""}, "manager_name", "Manager's name is required."),
    ],
)
def test_create_requires_team_and_manager(
    engine: Engine, overrides: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        eng.create_engagement(session=s, data=details(**overrides))
    assert caught.value.field == field
    assert caught.value.message == message
    assert str(caught.value).startswith(f"{field}: ")


@pytest.mark.parametrize("size", [1, 100_000])
def test_team_size_bounds_accepted(engine: Engine, size: int) -> None:
    assert load(engine, create(engine, team_size=size)).team_size == size


@pytest.mark.parametrize("size", [0, -5, 100_001])
def test_team_size_out_of_range_refused(engine: Engine, size: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        eng.create_engagement(session=s, data=details(team_size=size))
    assert caught.value.field == "team_size"
    assert caught.value.message == f"Team size must be between 1 and 100000, not {size}."


def test_implausible_meeting_date_refused(engine: Engine) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        eng.create_engagement(session=s, data=details(meeting_date=date(2620, 1, 1)))
    assert caught.value.field == "meeting_date"


def test_create_writes_the_first_status_to_the_history(engine: Engine) -> None:
    engagement_id = create(engine)
    with transaction(engine) as s:
        history = eng.status_history(session=s, engagement_id=engagement_id)
    assert [(h.from_status, h.to_status) for h in history] == [(None, S.draft)]
    assert history[0].changed_at is not None


def test_update_details_replaces_and_trims(engine: Engine) -> None:
    engagement_id = create(engine, organisation="Acme")
    with transaction(engine) as s:
        eng.update_details(
            session=s,
            engagement_id=engagement_id,
            data=details(team_name=" Claims North ", manager_name="Lee", team_size=8),
        )
    found = load(engine, engagement_id)
    assert (found.team_name, found.manager_name, found.team_size) == ("Claims North", "Lee", 8)
    assert found.organisation == ""  # replaced, not merged


def test_update_details_validates_before_writing(engine: Engine) -> None:
    engagement_id = create(engine)
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        eng.update_details(session=s, engagement_id=engagement_id, data=details(manager_name=" "))
    assert caught.value.field == "manager_name"
    assert load(engine, engagement_id).manager_name == "Dana Reyes"


def test_set_business_goal_trims_and_keeps_request(engine: Engine) -> None:
    engagement_id = create(engine, request_verbatim="A course on empathy")
    with transaction(engine) as s:
        eng.set_business_goal(
            session=s, engagement_id=engagement_id, goal="  Cut repeat calls by 20 %  "
        )
    found = load(engine, engagement_id)
    assert found.business_goal == "Cut repeat calls by 20 %"
    assert found.request_verbatim == "A course on empathy"


def test_update_bumps_updated_at(engine: Engine) -> None:
    engagement_id = create(engine)
    before = load(engine, engagement_id).updated_at
    time.sleep(0.02)  # let a coarse clock tick
    with transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=engagement_id, goal="Goal")
    assert load(engine, engagement_id).updated_at > before


def test_unknown_engagement_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        eng.change_status(session=s, engagement_id=999, to_status=S.closed)
    with pytest.raises(NotFoundError), transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=999, goal="x")


# --- status lifecycle -----------------------------------------------------------------------


def test_draft_to_agreed_by_hand_is_refused_with_the_hint_to_sign(engine: Engine) -> None:
    engagement_id = create(engine)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.agreed)
    assert caught.value.field == "status"
    assert caught.value.message == (
        "An engagement cannot go from draft to agreed. Sign the agreement to make it agreed."
    )
    assert load(engine, engagement_id).status is S.draft


def test_draft_to_in_progress_refused_without_signing_hint(engine: Engine) -> None:
    engagement_id = create(engine)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.in_progress)
    assert caught.value.message == "An engagement cannot go from draft to in progress."


def test_in_progress_back_to_draft_refused(engine: Engine) -> None:
    engagement_id = create(engine)
    force_status(engine, engagement_id, S.in_progress)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.draft)
    assert caught.value.message == "An engagement cannot go from in progress to draft."
    assert load(engine, engagement_id).status is S.in_progress


def test_agreed_back_to_draft_refused(engine: Engine) -> None:
    engagement_id = create(engine)
    force_status(engine, engagement_id, S.agreed)
    with pytest.raises(ValidationError, match="cannot go from agreed to draft"):
        move(engine, engagement_id, S.draft)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.draft, S.closed),
        (S.agreed, S.in_progress),
        (S.agreed, S.closed),
        (S.in_progress, S.closed),
    ],
)
def test_allowed_moves(engine: Engine, start: EngagementStatus, to: EngagementStatus) -> None:
    engagement_id = create(engine)
    if start is not S.draft:
        force_status(engine, engagement_id, start)
    move(engine, engagement_id, to)
    assert load(engine, engagement_id).status is to


def test_a_signed_engagement_reopens_in_progress_never_draft(engine: Engine) -> None:
    engagement_id = create(engine)
    force_status(engine, engagement_id, S.closed, signed=True)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.draft)
    assert caught.value.message == (
        "This engagement reopens as in progress, because it has a signed agreement."
    )
    move(engine, engagement_id, S.in_progress)
    assert load(engine, engagement_id).status is S.in_progress


def test_an_unsigned_engagement_reopens_as_draft_never_in_progress(engine: Engine) -> None:
    engagement_id = create(engine)
    move(engine, engagement_id, S.closed)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.in_progress)
    assert caught.value.message == (
        "This engagement reopens as draft, because its agreement was never signed."
    )
    move(engine, engagement_id, S.draft)
    assert load(engine, engagement_id).status is S.draft


def test_an_agreed_engagement_gets_no_signing_hint(engine: Engine) -> None:
    engagement_id = create(engine)
    force_status(engine, engagement_id, S.in_progress)
    with pytest.raises(ValidationError) as caught:
        move(engine, engagement_id, S.agreed)
    assert caught.value.message == "An engagement cannot go from in progress to agreed."


def test_moving_to_the_same_status_changes_nothing(engine: Engine) -> None:
    engagement_id = create(engine)
    move(engine, engagement_id, S.draft)
    with transaction(engine) as s:
        assert len(eng.status_history(session=s, engagement_id=engagement_id)) == 1


def test_every_move_is_timestamped_in_order(engine: Engine) -> None:
    engagement_id = create(engine)
    force_status(engine, engagement_id, S.agreed)  # as signing would
    move(engine, engagement_id, S.in_progress)
    move(engine, engagement_id, S.closed)
    move(engine, engagement_id, S.in_progress)  # reopened
    move(engine, engagement_id, S.closed)
    with transaction(engine) as s:
        history = eng.status_history(session=s, engagement_id=engagement_id)
    assert [(h.from_status, h.to_status) for h in history] == [
        (None, S.draft),
        (S.draft, S.agreed),
        (S.agreed, S.in_progress),
        (S.in_progress, S.closed),
        (S.closed, S.in_progress),
        (S.in_progress, S.closed),
    ]
    stamps = [h.changed_at for h in history]
    assert all(stamp is not None for stamp in stamps)
    assert stamps == sorted(stamps)


def test_refused_move_adds_no_history(engine: Engine) -> None:
    engagement_id = create(engine)
    with pytest.raises(ValidationError):
        move(engine, engagement_id, S.agreed)
    with transaction(engine) as s:
        assert len(eng.status_history(session=s, engagement_id=engagement_id)) == 1


# --- listing --------------------------------------------------------------------------------


def _set_goal(engine: Engine, engagement_id: int, goal: str) -> None:
    with transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=engagement_id, goal=goal)


def _plan(engine: Engine, engagement_id: int, *days: date) -> None:
    with transaction(engine) as s:
        for day in days:
            add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day)


def _listed(engine: Engine, **kwargs: object) -> list[int]:
    with transaction(engine) as s:
        return [row.id for row in eng.list_engagements(session=s, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def four(engine: Engine) -> dict[str, int]:
    ids = {
        "claims": create(engine, team_name="Claims", manager_name="Dana Reyes"),
        "sales": create(engine, team_name="Field Sales", manager_name="Omar Haddad"),
        "it": create(
            engine,
            team_name="Service Desk",
            manager_name="Kim Lo",
            request_verbatim="They need an EXCEL course",
        ),
        "hr": create(engine, team_name="People Ops", manager_name="Ana Silva"),
    }
    _set_goal(engine, ids["hr"], "Shorten time-to-hire by two weeks")
    return ids


def test_list_without_filters_returns_all_newest_first(
    engine: Engine, four: dict[str, int]
) -> None:
    # "hr" was touched last (goal set), so it comes first; the rest by creation, newest first.
    assert _listed(engine) == [four["hr"], four["it"], four["sales"], four["claims"]]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("claims", ["claims"]),  # team, other case
        ("OMAR", ["sales"]),  # manager, other case
        ("excel", ["it"]),  # the request as asked
        ("Time-To-Hire", ["hr"]),  # the business goal
        ("  reyes  ", ["claims"]),  # surrounding spaces ignored
        ("nobody", []),
    ],
)
def test_search_is_case_insensitive_over_team_manager_request_goal(
    engine: Engine, four: dict[str, int], search: str, expected: list[str]
) -> None:
    assert sorted(_listed(engine, search=search)) == sorted(four[key] for key in expected)


def test_search_matches_across_several_fields(engine: Engine, four: dict[str, int]) -> None:
    # "o" occurs in several team or manager names; "Claims"/"Dana Reyes" has none.
    assert set(_listed(engine, search="o")) == {four["sales"], four["it"], four["hr"]}


def test_search_treats_percent_and_underscore_literally(
    engine: Engine, four: dict[str, int]
) -> None:
    special = create(engine, team_name="Team_100%")
    assert _listed(engine, search="_") == [special]
    assert _listed(engine, search="%") == [special]


def test_search_is_case_insensitive_beyond_ascii(engine: Engine) -> None:
    target = create(engine, team_name="ÉQUIPE ÜBERSEE", manager_name="Zoé")
    create(engine, team_name="Other", manager_name="Someone")
    assert _listed(engine, search="équipe") == [target]
    assert _listed(engine, search="ZOÉ") == [target]


def test_status_filter(engine: Engine, four: dict[str, int]) -> None:
    move(engine, four["sales"], S.closed)
    assert _listed(engine, status=S.closed) == [four["sales"]]
    assert set(_listed(engine, status=S.draft)) == {four["claims"], four["it"], four["hr"]}
    assert _listed(engine, status=S.in_progress) == []
    assert _listed(engine, search="sales", status=S.draft) == []


def test_summary_rows_carry_the_listed_fields(engine: Engine, four: dict[str, int]) -> None:
    with transaction(engine) as s:
        rows = {r.id: r for r in eng.list_engagements(session=s, search="people")}
    row = rows[four["hr"]]
    assert (row.team_name, row.manager_name, row.status) == ("People Ops", "Ana Silva", S.draft)
    assert row.business_goal == "Shorten time-to-hire by two weeks"


def test_next_checkin_is_the_earliest_planned_on_or_after_today(engine: Engine) -> None:
    today = date(2026, 6, 15)
    past_only = create(engine, team_name="Past")
    today_and_later = create(engine, team_name="Today")
    later = create(engine, team_name="Later")
    none_planned = create(engine, team_name="None")
    _plan(engine, past_only, date(2026, 6, 1), date(2026, 6, 14))
    _plan(engine, today_and_later, date(2026, 7, 1), date(2026, 6, 15), date(2026, 6, 1))
    _plan(engine, later, date(2026, 9, 1), date(2026, 6, 10), date(2026, 8, 1))
    with transaction(engine) as s:
        rows = {r.id: r.next_checkin for r in eng.list_engagements(session=s, today=today)}
    assert rows == {
        past_only: None,
        today_and_later: date(2026, 6, 15),
        later: date(2026, 8, 1),
        none_planned: None,
    }


# --- deleting -------------------------------------------------------------------------------

# Tables that hang off no engagement: settings and the scaffold library.
NOT_CHILDREN = {"app_setting", "library_scaffold"}
CHILD_TABLES = sorted(t.name for t in metadata.sorted_tables if t.name not in NOT_CHILDREN)


def fill_everything(engine: Engine, team: str) -> int:
    """An engagement with at least one row in every table that hangs off it."""
    engagement_id = create(engine, team_name=team)
    with transaction(engine) as s:
        eng.set_business_goal(session=s, engagement_id=engagement_id, goal="Fewer repeat calls")
        measure = add_measure(
            session=s,
            engagement_id=engagement_id,
            data=MeasureInput(
                name="First-contact resolution",
                baseline_value=60,
                baseline_date=date(2026, 1, 1),
                target_value=75,
                target_date=date(2026, 12, 1),
            ),
        )
        behaviour = add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Handler", expected="Checks the history first"),
        )
        assert behaviour.id is not None
        cause = add_cause(
            session=s, behaviour_id=behaviour.id, data=CauseInput(cell=GilbertCell.information)
        )
        assert cause.id is not None
        scaffold = add_scaffold(
            session=s,
            engagement_id=engagement_id,
            data=ScaffoldInput(name="History panel", cause_ids=(cause.id,)),
        )
        set_readiness(
            session=s,
            engagement_id=engagement_id,
            skill=NewSkill.connected_working,
            rating=3,
        )
        add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(party=OwnerRole.manager, task="Book the room"),
        )
        add_support_phase(
            session=s,
            engagement_id=engagement_id,
            data=SupportPhaseInput(mode=SupportMode.upfront_advice, start_date=date(2026, 2, 1)),
        )
        add_planned_checkin(session=s, engagement_id=engagement_id, due_on=date(2026, 3, 1))
        # A signed version, written directly so this test does not depend on document export.
        s.add(
            AgreementVersion(
                engagement_id=engagement_id,
                number=1,
                manager_signature="Dana",
                manager_signed_on=date(2026, 2, 1),
                partner_signature="Sam",
                partner_signed_on=date(2026, 2, 1),
                content_json="{}",
            )
        )
        assert measure.id is not None and scaffold.id is not None
        record_checkin(
            session=s,
            engagement_id=engagement_id,
            data=CheckInInput(
                held_on=date(2026, 3, 1),
                observations=(ObservationInput(measure_id=measure.id, value=65),),
                scaffold_updates=(
                    ScaffoldUpdateInput(scaffold_id=scaffold.id, status=ScaffoldStatus.under_way),
                ),
            ),
        )
        add_indicator(
            session=s,
            engagement_id=engagement_id,
            data=IndicatorInput(name="Attendance", ltem_tier=1),
        )
        ana = add_member(session=s, engagement_id=engagement_id, name="Ana")
        ben = add_member(session=s, engagement_id=engagement_id, name="Ben")
        assert ana.id is not None and ben.id is not None
        add_tie(
            session=s,
            engagement_id=engagement_id,
            from_member_id=ana.id,
            to_member_id=ben.id,
            tie_type=TieType.help,
        )
        give_part(session=s, scaffold_id=scaffold.id, member_id=ana.id, role=ScaffoldRole.champion)
        add_private_note(session=s, engagement_id=engagement_id, text="Private")
    return engagement_id


def test_delete_cascades_to_every_child_table(engine: Engine, db_path: Path) -> None:
    fill_everything(engine, "Survivor")
    survivor_counts = {table: count_rows(db_path, table) for table in CHILD_TABLES}
    assert all(survivor_counts[table] >= 1 for table in CHILD_TABLES), survivor_counts

    victim = fill_everything(engine, "Victim")
    for table in CHILD_TABLES:
        assert count_rows(db_path, table) > survivor_counts[table], table

    with transaction(engine) as s:
        eng.delete_engagement(session=s, engagement_id=victim)

    after = {table: count_rows(db_path, table) for table in CHILD_TABLES}
    assert after == survivor_counts
    with pytest.raises(NotFoundError), transaction(engine) as s:
        eng.delete_engagement(session=s, engagement_id=victim)


def test_a_new_consultation_takes_the_partner_from_preferences_unless_given(engine: Engine) -> None:
    from app.services.settings import save_partner_name

    with transaction(engine) as s:
        save_partner_name(session=s, name="  Sam Okafor ")
        defaulted = eng.start_consultation(
            session=s, data=EngagementDetails(team_name="Ops", manager_name="Ana")
        )
        given = eng.start_consultation(
            session=s,
            data=EngagementDetails(team_name="Ops 2", manager_name="Ana", partner_name="Lee"),
        )
        # Creating (as an import or an undo does) never invents a partner.
        plain = eng.create_engagement(
            session=s, data=EngagementDetails(team_name="Ops 3", manager_name="Ana")
        )
        assert (defaulted.partner_name, given.partner_name, plain.partner_name) == (
            "Sam Okafor",
            "Lee",
            "",
        )
