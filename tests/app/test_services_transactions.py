"""One `transaction` block is all or nothing, as seen by a fresh connection to the file."""

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services.agreement import add_planned_checkin
from app.services.behaviours import BehaviourInput, add_behaviour
from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from app.services.measures import MeasureInput, add_measure
from app.services.people import add_member
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction

GOOD_MEASURE = MeasureInput(
    name="First-contact resolution",
    baseline_value=60,
    baseline_date=date(2026, 1, 1),
    target_value=75,
    target_date=date(2026, 12, 31),
)
BAD_MEASURE = MeasureInput(
    name="Repeat calls",
    baseline_value=30,
    baseline_date=date(2026, 1, 1),
    target_value=30,  # equals the baseline: refused
    target_date=date(2026, 12, 31),
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


def on_disk(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows read by a brand-new sqlite3 connection, independent of SQLAlchemy."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(path: Path, table: str) -> int:
    return int(on_disk(path, f'SELECT count(*) FROM "{table}"')[0][0])  # type: ignore[call-overload]


def details(team: str = "Claims") -> EngagementDetails:
    return EngagementDetails(team_name=team, manager_name="Dana")


def test_a_successful_block_is_on_disk(engine: Engine, db_path: Path) -> None:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=details())
        assert e.id is not None
        add_measure(session=s, engagement_id=e.id, data=GOOD_MEASURE)
    assert on_disk(db_path, "SELECT team_name, status FROM engagement") == [("Claims", "draft")]
    assert count(db_path, "performance_measure") == 1
    assert count(db_path, "status_change") == 1


def test_validation_error_after_a_write_leaves_nothing_of_the_block(
    engine: Engine, db_path: Path
) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        e = create_engagement(session=s, data=details())
        assert e.id is not None
        add_measure(session=s, engagement_id=e.id, data=GOOD_MEASURE)
        # The earlier writes reached the database inside the transaction...
        assert count(db_path, "engagement") == 0  # ...but another connection cannot see them
        add_measure(session=s, engagement_id=e.id, data=BAD_MEASURE)
    assert caught.value.field == "target_value"
    for table in ("engagement", "status_change", "performance_measure"):
        assert count(db_path, table) == 0, table


def test_failed_block_leaves_earlier_committed_work_as_it_was(
    engine: Engine, db_path: Path
) -> None:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=details())
        assert e.id is not None
        engagement_id = e.id
        set_business_goal(session=s, engagement_id=engagement_id, goal="Original goal")
    before = on_disk(db_path, "SELECT business_goal, updated_at FROM engagement")

    with pytest.raises(ValidationError), transaction(engine) as s:
        set_business_goal(session=s, engagement_id=engagement_id, goal="Changed goal")
        add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Handler", expected="Reads the history"),
        )
        add_planned_checkin(session=s, engagement_id=engagement_id, due_on=date(2026, 5, 1))
        add_member(session=s, engagement_id=engagement_id, name="Ana")
        add_member(session=s, engagement_id=engagement_id, name="ana")  # duplicate: refused

    assert on_disk(db_path, "SELECT business_goal, updated_at FROM engagement") == before
    for table in ("behaviour", "planned_checkin", "team_member"):
        assert count(db_path, table) == 0, table


def test_not_found_error_rolls_back_too(engine: Engine, db_path: Path) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        create_engagement(session=s, data=details())
        set_business_goal(session=s, engagement_id=12345, goal="x")
    assert count(db_path, "engagement") == 0


def test_the_file_is_usable_after_a_rollback(engine: Engine, db_path: Path) -> None:
    with pytest.raises(ValidationError), transaction(engine) as s:
        create_engagement(session=s, data=details("Lost"))
        create_engagement(session=s, data=details(" "))
    with transaction(engine) as s:
        create_engagement(session=s, data=details("Kept"))
    assert on_disk(db_path, "SELECT team_name FROM engagement") == [("Kept",)]
    # and a plain sqlite3 writer is not blocked by a lock left behind
    con = sqlite3.connect(db_path, timeout=0.5)
    try:
        con.execute("UPDATE engagement SET organisation = 'Acme'")
        con.commit()
    finally:
        con.close()
    assert on_disk(db_path, "SELECT organisation FROM engagement") == [("Acme",)]
