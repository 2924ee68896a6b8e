"""In the window, a deletion is erased from the file by a worker thread, not the GUI thread."""

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.privacy import VACUUM_RESULT, VacuumResult, erase_in_background
from app.services.engagements import EngagementDetails, create_engagement
from app.services.notes import add_private_note
from app.services.trash import delete_keeping_snapshot
from app.storage import transaction
from ui import erase_job

SECRET = "Xqvrzkj"  # a name no other text holds


def traces(folder: Path) -> bool:
    raw = b"".join(p.read_bytes() for p in sorted(folder.glob("scaffold.sqlite*")))
    return re.search(SECRET.encode(), raw, re.IGNORECASE) is not None


@pytest.fixture
def in_background():
    previous = erase_in_background(erase_job.erase_later)
    yield
    erase_job.wait_for_erasing()
    erase_in_background(previous)


def seed(engine: Engine) -> int:
    with transaction(engine) as s:
        made = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Claims", manager_name="Dana", team_context=f"{SECRET} joined."
            ),
        )
        assert made.id is not None
        add_private_note(session=s, engagement_id=made.id, text=f"{SECRET} is on notice.")
    return made.id


def test_the_deletion_returns_at_once_and_the_worker_erases_it(
    qtbot, db_engine, tmp_path, in_background
):
    engagement_id = seed(db_engine)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=engagement_id)
    assert s.info[VACUUM_RESULT] == VacuumResult(False, False, "left to the background")
    job = erase_job._running
    assert job is not None  # handed over: the committing thread did not vacuum

    qtbot.waitUntil(lambda: erase_job._running is None, timeout=30_000)
    assert job.result == VacuumResult(vacuumed=True, wal_emptied=True)
    assert not traces(tmp_path)


def test_a_deletion_during_an_erasure_is_erased_too(qtbot, db_engine, tmp_path, in_background):
    first, second = seed(db_engine), seed(db_engine)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=first)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=second)
    assert erase_job._again is db_engine  # asked for again, after the running one

    qtbot.waitUntil(lambda: erase_job._running is None and erase_job._again is None, timeout=30_000)
    assert not traces(tmp_path)


def test_without_a_background_eraser_the_deletion_erases_at_once(db_engine, tmp_path):
    engagement_id = seed(db_engine)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=engagement_id)
    assert s.info[VACUUM_RESULT] == VacuumResult(vacuumed=True, wal_emptied=True)
    assert not traces(tmp_path)


def test_quitting_erases_what_is_still_asked_for(qtbot, db_engine, tmp_path, in_background):
    first, second = seed(db_engine), seed(db_engine)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=first)
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=second)
    assert erase_job._again is db_engine

    erase_job.finish_erasing()  # as the window does once its event loop has ended
    assert erase_job._again is None
    assert not traces(tmp_path)
