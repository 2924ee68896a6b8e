"""The parts of the agreement: responsibilities, support phases and planned check-ins."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import agreement as ag
from app.services.agreement import ResponsibilityInput, SupportPhaseInput
from app.services.engagements import EngagementDetails, create_engagement
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import OwnerRole, SupportMode


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def new_engagement(engine: Engine, team: str = "Claims") -> int:
    with transaction(engine) as s:
        engagement = create_engagement(
            session=s, data=EngagementDetails(team_name=team, manager_name="Dana")
        )
        assert engagement.id is not None
        return engagement.id


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    return new_engagement(engine)


# --- responsibilities -----------------------------------------------------------------------


def test_responsibility_added_trimmed_in_order(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        ag.add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(
                party=OwnerRole.manager, task="  Share the dashboard  ", due_date=date(2026, 4, 1)
            ),
        )
        ag.add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(party="partner", task="Draft the job aid"),  # type: ignore[arg-type]
        )
    with transaction(engine) as s:
        rows = ag.list_responsibilities(session=s, engagement_id=engagement_id)
    assert [(r.party, r.task, r.due_date, r.position) for r in rows] == [
        (OwnerRole.manager, "Share the dashboard", date(2026, 4, 1), 0),
        (OwnerRole.partner, "Draft the job aid", None, 1),
    ]


def test_responsibility_requires_a_task(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(party=OwnerRole.team, task="  "),
        )
    assert (caught.value.field, caught.value.message) == ("task", "The task is required.")


def test_responsibility_implausible_due_date_refused(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(party=OwnerRole.team, task="x", due_date=date(2202, 1, 1)),
        )
    assert caught.value.field == "due_date"


def test_responsibility_update_and_delete(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        row = ag.add_responsibility(
            session=s,
            engagement_id=engagement_id,
            data=ResponsibilityInput(party=OwnerRole.team, task="Old"),
        )
        assert row.id is not None
        row_id = row.id
    with transaction(engine) as s:
        ag.update_responsibility(
            session=s,
            responsibility_id=row_id,
            data=ResponsibilityInput(party=OwnerRole.community_manager, task="New"),
        )
    with transaction(engine) as s:
        (found,) = ag.list_responsibilities(session=s, engagement_id=engagement_id)
        assert (found.party, found.task) == (OwnerRole.community_manager, "New")
        ag.delete_responsibility(session=s, responsibility_id=row_id)
    with transaction(engine) as s:
        assert ag.list_responsibilities(session=s, engagement_id=engagement_id) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ag.delete_responsibility(session=s, responsibility_id=row_id)


# --- support phases -------------------------------------------------------------------------


def phase(
    start: date, end: date | None = None, mode: SupportMode = SupportMode.on_call
) -> SupportPhaseInput:
    return SupportPhaseInput(mode=mode, start_date=start, end_date=end, note=" note ")


def test_support_phases_added_in_order(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        ag.add_support_phase(
            session=s,
            engagement_id=engagement_id,
            data=phase(date(2026, 2, 1), date(2026, 3, 1), SupportMode.upfront_advice),
        )
        ag.add_support_phase(
            session=s,
            engagement_id=engagement_id,
            data=phase(date(2026, 3, 1), None, SupportMode.step_back),
        )
    with transaction(engine) as s:
        rows = ag.list_support_phases(session=s, engagement_id=engagement_id)
    assert [(r.mode, r.start_date, r.end_date, r.note) for r in rows] == [
        (SupportMode.upfront_advice, date(2026, 2, 1), date(2026, 3, 1), "note"),
        (SupportMode.step_back, date(2026, 3, 1), None, "note"),
    ]


def test_support_phase_ending_before_it_starts_refused(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.add_support_phase(
            session=s,
            engagement_id=engagement_id,
            data=phase(date(2026, 3, 1), date(2026, 2, 28)),
        )
    assert caught.value.field == "end_date"
    assert caught.value.message == (
        "The end date (2026-02-28) is before the start date (2026-03-01)."
    )
    with transaction(engine) as s:
        assert ag.list_support_phases(session=s, engagement_id=engagement_id) == []


def test_support_phase_update_checks_order_too(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        row = ag.add_support_phase(
            session=s, engagement_id=engagement_id, data=phase(date(2026, 3, 1))
        )
        assert row.id is not None
        phase_id = row.id
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.update_support_phase(
            session=s, phase_id=phase_id, data=phase(date(2026, 3, 1), date(2026, 1, 1))
        )
    assert caught.value.field == "end_date"
    with transaction(engine) as s:
        ag.update_support_phase(
            session=s, phase_id=phase_id, data=phase(date(2026, 4, 1), date(2026, 5, 1))
        )
    with transaction(engine) as s:
        (found,) = ag.list_support_phases(session=s, engagement_id=engagement_id)
        assert (found.start_date, found.end_date) == (date(2026, 4, 1), date(2026, 5, 1))
        ag.delete_support_phase(session=s, phase_id=phase_id)
    with transaction(engine) as s:
        assert ag.list_support_phases(session=s, engagement_id=engagement_id) == []


# --- planned check-ins ----------------------------------------------------------------------


def test_planned_checkins_listed_earliest_first(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        for day in (date(2026, 9, 1), date(2026, 3, 1), date(2026, 6, 1)):
            ag.add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day)
    with transaction(engine) as s:
        days = [p.due_on for p in ag.list_planned_checkins(session=s, engagement_id=engagement_id)]
    assert days == [date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)]


def test_duplicate_planned_checkin_date_refused(engine: Engine, engagement_id: int) -> None:
    day = date(2026, 6, 1)
    with transaction(engine) as s:
        ag.add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day)
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day)
    assert caught.value.field == "due_on"
    assert caught.value.message == "A check-in on 2026-06-01 is already planned."
    with transaction(engine) as s:
        assert len(ag.list_planned_checkins(session=s, engagement_id=engagement_id)) == 1


def test_same_date_in_two_engagements_is_fine(engine: Engine, engagement_id: int) -> None:
    other = new_engagement(engine, "Other")
    day = date(2026, 6, 1)
    with transaction(engine) as s:
        ag.add_planned_checkin(session=s, engagement_id=engagement_id, due_on=day)
        ag.add_planned_checkin(session=s, engagement_id=other, due_on=day)
    with transaction(engine) as s:
        assert len(ag.list_planned_checkins(session=s, engagement_id=other)) == 1


def test_implausible_planned_checkin_refused(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.add_planned_checkin(session=s, engagement_id=engagement_id, due_on=date(1826, 6, 1))
    assert caught.value.field == "due_on"


def test_delete_planned_checkin(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        row = ag.add_planned_checkin(
            session=s, engagement_id=engagement_id, due_on=date(2026, 6, 1)
        )
        assert row.id is not None
        row_id = row.id
    with transaction(engine) as s:
        ag.delete_planned_checkin(session=s, planned_checkin_id=row_id)
    with transaction(engine) as s:
        assert ag.list_planned_checkins(session=s, engagement_id=engagement_id) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ag.delete_planned_checkin(session=s, planned_checkin_id=row_id)


def test_amending_an_unsigned_version_refused(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ag.amend_agreement(session=s, engagement_id=engagement_id)
    assert caught.value.field == "agreement"
    assert caught.value.message == "Version 1 is not signed yet; edit it directly."


def test_no_versions_before_signing(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        assert ag.list_versions(session=s, engagement_id=engagement_id) == []
