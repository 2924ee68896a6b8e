"""Deleting a consultation really removes it: its text is gone from the database file, the
write-ahead log and the search indexes once the deletion commits."""

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.privacy import VACUUM_RESULT, VacuumResult, vacuum
from app.services.engagements import EngagementDetails, create_engagement
from app.services.listing import list_engagements
from app.services.notes import add_private_note
from app.services.trash import delete_keeping_snapshot, restore_deleted
from models.db import transaction

SECRET = "Xqvrzkj"  # a name no other text holds, nor any of its three-letter pieces
TRACES = [SECRET.casefold().encode(), b"xqv", b"qvr", b"vrz", b"rzk", b"zkj"]


def _raw(folder: Path) -> bytes:
    """The database file with its -wal and -shm files, as bytes on disk."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("scaffold.sqlite*")))


def _traces(folder: Path) -> list[bytes]:
    raw = _raw(folder)
    return [t for t in TRACES if re.search(re.escape(t), raw, re.IGNORECASE)]


def _seed(engine: Engine) -> tuple[int, int]:
    """A consultation naming SECRET in its context, request and a private note, and another."""
    with transaction(engine) as s:
        secret = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Claims",
                manager_name="Dana",
                team_context=f"{SECRET} joined in March.",
                request_verbatim=f"Can {SECRET} have a course?",
            ),
        )
        other = create_engagement(
            session=s, data=EngagementDetails(team_name="Payroll", manager_name="Ana")
        )
        assert secret.id and other.id
        add_private_note(session=s, engagement_id=secret.id, text=f"{SECRET} is on notice.")
        add_private_note(session=s, engagement_id=other.id, text="Quarter end is busy.")
    return secret.id, other.id


def test_every_connection_overwrites_deleted_content(db_engine: Engine):
    with db_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    raw = db_engine.raw_connection()
    try:
        assert raw.driver_connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    finally:
        raw.close()


def test_a_deleted_consultation_leaves_no_trace_in_the_file(db_engine: Engine, tmp_path: Path):
    secret, other = _seed(db_engine)
    assert _traces(tmp_path) == TRACES  # the check can see them while they are held
    with transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=secret)  # as the list's Delete does
    assert s.info[VACUUM_RESULT] == VacuumResult(vacuumed=True, wal_emptied=True)
    assert _traces(tmp_path) == []
    wal = tmp_path / "scaffold.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with transaction(db_engine) as s:
        assert [e.id for e in list_engagements(session=s, search="quarter end")] == [other]


def test_the_search_indexes_stay_whole_and_an_undo_still_brings_it_back(db_engine: Engine):
    secret, _other = _seed(db_engine)
    with transaction(db_engine) as s:
        deleted = delete_keeping_snapshot(session=s, engagement_id=secret)
    with db_engine.begin() as conn:
        for index in ("engagement_search", "private_note_search"):
            conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('integrity-check')"))
    with transaction(db_engine) as s:
        assert list_engagements(session=s, search=SECRET) == []
        restored = restore_deleted(session=s, deleted=deleted)
    with transaction(db_engine) as s:
        assert [e.id for e in list_engagements(session=s, search=SECRET)] == [restored]
        assert [e.id for e in list_engagements(session=s, search="on notice")] == [restored]


def test_a_deletion_rolled_back_keeps_everything_and_vacuums_nothing(
    db_engine: Engine, tmp_path: Path
):
    secret, _other = _seed(db_engine)
    with pytest.raises(RuntimeError, match="changed my mind"), transaction(db_engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=secret)
        raise RuntimeError("changed my mind")
    assert VACUUM_RESULT not in s.info
    with transaction(db_engine) as s:
        assert [e.id for e in list_engagements(session=s, search=SECRET)] == [secret]
    assert _traces(tmp_path) == TRACES


def test_a_reader_delays_emptying_the_log_but_never_undoes_the_deletion(
    db_engine: Engine, tmp_path: Path
):
    secret, _other = _seed(db_engine)
    reader = sqlite3.connect(tmp_path / "scaffold.sqlite", isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM engagement").fetchone()
        with transaction(db_engine) as s:
            delete_keeping_snapshot(session=s, engagement_id=secret)
        result = s.info[VACUUM_RESULT]
        assert result.vacuumed and not result.wal_emptied
        assert result.problem == "another connection was reading"
        reader.execute("COMMIT")
    finally:
        reader.close()
    with transaction(db_engine) as s:
        assert list_engagements(session=s, search=SECRET) == []
    assert vacuum(db_engine) == VacuumResult(vacuumed=True, wal_emptied=True)
    assert _traces(tmp_path) == []
