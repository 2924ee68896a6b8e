"""Reads take no write lock: a writer commits while a read is open, and the read keeps its
snapshot; an ordinary transaction (BEGIN IMMEDIATE) would make the writer wait."""

import sqlite3
import time

import pytest
from sqlalchemy import text

from app.services.engagements import EngagementDetails, create_engagement
from models.db import reading, transaction


def count(session) -> int:
    return session.execute(text("SELECT count(*) FROM engagement")).scalar_one()


def add_one(engine) -> None:
    with transaction(engine) as session:
        create_engagement(
            session=session, data=EngagementDetails(team_name="Payroll", manager_name="Ana")
        )


def test_a_writer_commits_while_a_read_is_open_and_the_read_keeps_its_snapshot(db_engine):
    with reading(db_engine) as session:
        before = count(session)
        started = time.monotonic()
        add_one(db_engine)  # would wait 5 s, then fail, behind a BEGIN IMMEDIATE
        waited = time.monotonic() - started
        assert count(session) == before  # the same snapshot throughout
    assert waited < 2  # not a budget: a writer held up would wait the full busy timeout
    with reading(db_engine) as session:
        assert count(session) == before + 1


def test_an_ordinary_transaction_holds_the_writer_up(db_engine):
    """The contrast that makes the test above mean something."""
    with transaction(db_engine) as session:
        count(session)
        raw = db_engine.raw_connection()
        try:
            driver = raw.driver_connection
            driver.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                driver.execute("BEGIN IMMEDIATE")
        finally:
            raw.close()


def test_what_a_read_writes_is_rolled_back(db_engine):
    with reading(db_engine) as session:
        before = count(session)
    with reading(db_engine) as session:
        create_engagement(
            session=session, data=EngagementDetails(team_name="Claims", manager_name="Dana")
        )
        session.flush()
        assert count(session) == before + 1
    with reading(db_engine) as session:
        assert count(session) == before
