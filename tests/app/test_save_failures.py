"""Failed writes in plain words: real SQLite and OS errors told apart, with what to do."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from app.save_failures import (
    FailureKind,
    classify_write_failure,
    describe_write_failure,
    is_retryable,
)
from app.services.engagements import EngagementDetails, create_engagement
from app.storage import StorageError, transaction


def sqlite_error(path: Path, *pragmas: str, sql: str = "INSERT INTO t VALUES (?)") -> sqlite3.Error:
    """The error SQLite really raises for a long insert under these pragmas."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS t (x)")
        for pragma in pragmas:
            con.execute(f"PRAGMA {pragma}")
        con.execute(sql, ("x" * 20_000,))
    except sqlite3.Error as exc:
        return exc
    finally:
        con.close()
    raise AssertionError("the write did not fail")


def page_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS t (x)")
        return int(con.execute("PRAGMA page_count").fetchone()[0])
    finally:
        con.close()


def test_a_database_that_may_not_grow_is_a_full_disk(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    exc = sqlite_error(path, f"max_page_count = {page_count(path)}")
    failure = classify_write_failure(exc, location=path)
    assert failure.kind is FailureKind.disk_full
    assert failure.retryable
    assert failure.headline == "the disk is full"
    assert failure.what == f"There is no space left on the disk that holds {tmp_path}."
    assert failure.todo.startswith("Free some space on it")
    assert failure.reason == "database or disk is full"
    assert str(failure) == f"{failure.what} {failure.todo}"


def test_a_write_refused_as_read_only_names_the_file_and_the_usb_stick(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    exc = sqlite_error(path, "query_only = ON")
    text = describe_write_failure(exc, location=path)
    assert text.startswith(f"{path} cannot be written: the file or its folder is read-only.")
    assert f"the folder {tmp_path}" in text
    assert "USB stick" in text
    assert is_retryable(exc)


def test_a_database_held_by_another_program_is_busy(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    try:
        exc = sqlite_error(path, "busy_timeout = 0", sql="INSERT INTO t VALUES (?)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    failure = classify_write_failure(exc, location=path)
    assert failure.kind is FailureKind.busy
    assert failure.retryable
    assert "another program is using it" in failure.what


def test_a_missing_folder_cannot_be_opened(tmp_path):
    path = tmp_path / "unplugged" / "scaffold.sqlite"
    with pytest.raises(sqlite3.Error) as caught:
        sqlite3.connect(path).execute("CREATE TABLE t (x)")
    failure = classify_write_failure(caught.value, location=path)
    assert failure.kind is FailureKind.cannot_open
    assert failure.headline == "the database's folder or drive is not available"
    assert "connect it again" in failure.todo


def test_a_damaged_file_is_not_worth_retrying(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    path.write_bytes(b"this is no database at all " * 400)
    with pytest.raises(sqlite3.Error) as caught:
        sqlite3.connect(path).execute("CREATE TABLE t (x)")
    failure = classify_write_failure(caught.value, location=path)
    assert failure.kind is FailureKind.damaged
    assert not failure.retryable
    assert "restore the latest backup" in failure.todo


def test_sqlalchemy_and_storage_errors_are_read_through_their_chain(db_engine):
    def read_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(db_engine, "connect", read_only)
    try:
        with pytest.raises(SQLAlchemyError) as caught, transaction(db_engine) as session:
            create_engagement(
                session=session, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
            )
    finally:
        event.remove(db_engine, "connect", read_only)
    assert classify_write_failure(caught.value).kind is FailureKind.read_only
    try:
        raise StorageError("Not saved") from caught.value
    except StorageError as wrapped:
        assert classify_write_failure(wrapped).kind is FailureKind.read_only


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        (errno.ENOSPC, FailureKind.disk_full),
        (errno.EDQUOT, FailureKind.disk_full),
        (errno.EROFS, FailureKind.read_only),
        (errno.EACCES, FailureKind.no_permission),
        (errno.ENOENT, FailureKind.cannot_open),
        (errno.EIO, FailureKind.disk_error),
        (errno.EBUSY, FailureKind.busy),
        (errno.EINVAL, FailureKind.other),
    ],
)
def test_os_errors_by_their_number(tmp_path, number, kind):
    path = tmp_path / "scaffold.sqlite"
    exc = OSError(number, os.strerror(number), str(path))
    failure = classify_write_failure(exc, location=path)
    assert failure.kind is kind
    assert failure.reason == os.strerror(number)
    assert failure.retryable is (kind is not FailureKind.other)


def test_a_real_os_error_from_a_missing_folder(tmp_path):
    with pytest.raises(OSError) as caught:
        (tmp_path / "gone" / "scaffold.sqlite").write_bytes(b"")
    assert classify_write_failure(caught.value).kind is FailureKind.cannot_open


def test_a_vague_disk_error_is_refined_by_looking_at_the_folder(tmp_path):
    vague = sqlite3.OperationalError("disk I/O error")  # as raised without a result code
    here = classify_write_failure(vague, location=tmp_path / "scaffold.sqlite")
    assert here.kind is FailureKind.disk_error  # the folder exists and has room
    assert "still connected" in here.todo
    gone = classify_write_failure(vague, location=tmp_path / "gone" / "scaffold.sqlite")
    assert gone.kind is FailureKind.cannot_open


def test_messages_without_a_location_and_unknown_failures(tmp_path):
    full = sqlite3.OperationalError("database or disk is full")
    assert describe_write_failure(full).startswith("There is no space left on the disk.")
    odd = sqlite3.OperationalError("something nobody expected")
    failure = classify_write_failure(odd)
    assert failure.kind is FailureKind.other
    assert not failure.retryable
    assert failure.what == "The database could not be written: something nobody expected."


def test_sqlcipher_errors_are_read_too_and_no_sql_or_text_reaches_the_message():
    """An encrypted database's driver has errors of its own (not sqlite3's): a full disk is
    still a full disk, and what was being saved (the SQL's parameters) is never shown."""
    from sqlalchemy.exc import OperationalError

    cipher = pytest.importorskip("sqlcipher3.dbapi2")
    con = cipher.connect(":memory:")
    con.execute("CREATE TABLE note (text TEXT)")
    con.execute("PRAGMA max_page_count = 2")
    with pytest.raises(cipher.OperationalError) as raised:
        con.execute("INSERT INTO note VALUES (?)", ("x" * 100_000,))
    wrapped = OperationalError(
        "UPDATE private_note SET text=?", ("SECRET NOTE about Alice",), raised.value
    )
    failure = classify_write_failure(wrapped)
    assert failure.kind is FailureKind.disk_full
    assert "SECRET" not in str(failure) and "UPDATE" not in str(failure)

    con.execute("PRAGMA max_page_count = 1000")
    with pytest.raises(cipher.OperationalError) as raised:
        con.execute("INSERT INTO nowhere VALUES (?)", ("SECRET",))
    other = classify_write_failure(OperationalError("INSERT …", ("SECRET",), raised.value))
    assert "SECRET" not in str(other)
