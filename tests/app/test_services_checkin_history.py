"""Editing or deleting a past check-in is recorded: when, and what changed."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import checkins as ci
from app.services.checkin_history import list_checkin_history
from app.services.checkins import CheckInInput, ObservationInput, ScaffoldUpdateInput
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput, add_measure
from app.services.scaffolds import ScaffoldInput, add_scaffold
from models.db import open_database, transaction
from models.enums import CheckInAction, Decision, ScaffoldStatus


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


@pytest.fixture
def ids(engine: Engine) -> tuple[int, int, int]:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name="Desk", manager_name="M"))
        assert e.id is not None
        m = add_measure(
            session=s,
            engagement_id=e.id,
            data=MeasureInput(
                name="Resolved first time",
                unit="%",
                baseline_value=60,
                baseline_date=date(2026, 1, 1),
                target_value=75,
                target_date=date(2026, 12, 31),
            ),
        )
        sc = add_scaffold(session=s, engagement_id=e.id, data=ScaffoldInput(name="Job aid"))
        assert m.id is not None and sc.id is not None
        return e.id, m.id, sc.id


def _data(measure: int, scaffold: int, value: float, **kw: object) -> CheckInInput:
    return CheckInInput(
        held_on=kw.pop("held_on", date(2026, 3, 1)),  # type: ignore[arg-type]
        observations=(ObservationInput(measure_id=measure, value=value, note="Dashboard"),),
        scaffold_updates=(ScaffoldUpdateInput(scaffold_id=scaffold, status=ScaffoldStatus.done),),
        **kw,  # type: ignore[arg-type]
    )


def test_recording_editing_and_deleting_each_leave_an_entry(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    eid, measure, scaffold = ids
    with transaction(engine) as s:
        checkin = ci.record_checkin(
            session=s, engagement_id=eid, data=_data(measure, scaffold, 64.0)
        )
        cid = checkin.id
        assert cid is not None
    with transaction(engine) as s:
        ci.update_checkin(
            session=s,
            checkin_id=cid,
            data=_data(measure, scaffold, 66.5, decision=Decision.adjust, what_changed="Guide"),
        )
    with transaction(engine) as s:
        history = list_checkin_history(session=s, engagement_id=eid)
        assert [h.action for h in history] == [CheckInAction.edited, CheckInAction.recorded]
        edited, recorded = history
        assert recorded.summary == (
            "Recorded with 1 observation and 1 scaffold update; decision: continue."
        )
        assert "Decision: continue → adjust" in edited.summary
        assert "What changed: (empty) → “Guide”" in edited.summary
        assert "Resolved first time: 64 (“Dashboard”) → 66.5 (“Dashboard”)" in edited.summary
        assert edited.changed_at >= recorded.changed_at
        assert edited.checkin_id == cid

    with transaction(engine) as s:
        ci.delete_checkin(session=s, checkin_id=cid)
    with transaction(engine) as s:
        history = list_checkin_history(session=s, engagement_id=eid)
        assert [h.action for h in history] == [
            CheckInAction.deleted,
            CheckInAction.edited,
            CheckInAction.recorded,
        ]
        assert history[0].summary == (
            "Deleted the check-in of 1 Mar 2026 (it held Resolved first time 66.5 (“Dashboard”))."
        )
        # The history outlives the check-in and no longer points at its id.
        assert {h.checkin_id for h in history} == {None}
        assert {h.held_on for h in history} == {date(2026, 3, 1)}


def test_saving_a_check_in_unchanged_writes_no_entry_and_keeps_its_update_time(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    eid, measure, scaffold = ids
    with transaction(engine) as s:
        checkin = ci.record_checkin(
            session=s, engagement_id=eid, data=_data(measure, scaffold, 64.0)
        )
        cid, updated = checkin.id, checkin.updated_at
        assert cid is not None
    with transaction(engine) as s:
        ci.update_checkin(session=s, checkin_id=cid, data=_data(measure, scaffold, 64.0))
    with transaction(engine) as s:
        assert len(list_checkin_history(session=s, engagement_id=eid)) == 1
        assert ci._get(s, cid).updated_at == updated


def test_an_observation_removed_and_a_date_moved_are_both_named(
    engine: Engine, ids: tuple[int, int, int]
) -> None:
    eid, measure, scaffold = ids
    with transaction(engine) as s:
        checkin = ci.record_checkin(
            session=s, engagement_id=eid, data=_data(measure, scaffold, 64.0)
        )
        assert checkin.id is not None
        ci.update_checkin(
            session=s,
            checkin_id=checkin.id,
            data=CheckInInput(held_on=date(2026, 3, 2)),
        )
        entry = list_checkin_history(session=s, engagement_id=eid)[0]
    assert entry.summary == (
        "Date: 1 Mar 2026 → 2 Mar 2026; Resolved first time: removed 64 (“Dashboard”); "
        "Scaffold Job aid: removed done"
    )
    assert entry.held_on == date(2026, 3, 2)


def test_a_failed_edit_leaves_no_entry(engine: Engine, ids: tuple[int, int, int]) -> None:
    eid, measure, scaffold = ids
    with transaction(engine) as s:
        checkin = ci.record_checkin(
            session=s, engagement_id=eid, data=_data(measure, scaffold, 64.0)
        )
        cid = checkin.id
        assert cid is not None
    with pytest.raises(Exception, match="must come after"), transaction(engine) as s:
        ci.update_checkin(
            session=s,
            checkin_id=cid,
            data=_data(measure, scaffold, 70.0, next_date=date(2026, 2, 1)),
        )
    with transaction(engine) as s:
        assert len(list_checkin_history(session=s, engagement_id=eid)) == 1
