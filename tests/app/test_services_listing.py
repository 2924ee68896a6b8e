"""The engagements list: overdue and due check-ins, search (notes included), the indexes."""

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import engagements as eng
from app.services.agreement import add_planned_checkin
from app.services.checkins import CheckInInput, record_checkin
from app.services.engagements import EngagementDetails
from app.services.listing import (
    DUE_SOON_DAYS,
    CheckinDue,
    EngagementSummary,
    count_engagements,
    engagement_ref,
    engagement_refs,
    list_engagements,
)
from app.services.notes import add_private_note, delete_private_note, update_private_note
from app.services.snapshots import restore_snapshot, take_snapshot
from models.db import open_database, transaction
from models.enums import EngagementStatus

TODAY = date(2026, 6, 15)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


def create(engine: Engine, team: str = "Claims", manager: str = "Dana Reyes", **kw: str) -> int:
    with transaction(engine) as s:
        row = eng.create_engagement(
            session=s, data=EngagementDetails(team_name=team, manager_name=manager, **kw)
        )
        assert row.id is not None
        return row.id


def plan(engine: Engine, engagement_id: int, *days: int) -> None:
    """Planned check-ins `days` after TODAY (negative: in the past)."""
    with transaction(engine) as s:
        for n in days:
            add_planned_checkin(
                session=s, engagement_id=engagement_id, due_on=TODAY + timedelta(days=n)
            )


def hold(engine: Engine, engagement_id: int, days: int) -> None:
    """A check-in held `days` after TODAY (negative: in the past)."""
    with transaction(engine) as s:
        record_checkin(
            session=s,
            engagement_id=engagement_id,
            data=CheckInInput(held_on=TODAY + timedelta(days=days)),
        )


def note(engine: Engine, engagement_id: int, text: str) -> int:
    with transaction(engine) as s:
        row = add_private_note(session=s, engagement_id=engagement_id, text=text)
        assert row.id is not None
        return row.id


def rows(engine: Engine, **kw: object) -> dict[int, EngagementSummary]:
    with transaction(engine) as s:
        return {r.id: r for r in list_engagements(session=s, today=TODAY, **kw)}  # type: ignore[arg-type]


def found(engine: Engine, search: str, **kw: object) -> set[int]:
    return set(rows(engine, search=search, **kw))


def close(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        eng.change_status(session=s, engagement_id=engagement_id, to_status=EngagementStatus.closed)


# --- Overdue and due -----------------------------------------------------------------------


def test_a_past_planned_date_without_a_check_in_since_is_overdue(engine: Engine) -> None:
    e = create(engine)
    plan(engine, e, -20, -5, 10)
    row = rows(engine)[e]
    assert row.overdue_since == TODAY - timedelta(days=20)
    assert row.next_checkin == TODAY + timedelta(days=10)
    assert row.checkin_due is CheckinDue.overdue


def test_a_check_in_held_on_or_after_the_date_covers_it(engine: Engine) -> None:
    on_the_day = create(engine, "On the day")
    plan(engine, on_the_day, -20)
    hold(engine, on_the_day, -20)
    late = create(engine, "Late")
    plan(engine, late, -20)
    hold(engine, late, -3)
    early = create(engine, "Early")
    plan(engine, early, -20)
    hold(engine, early, -21)  # held the day before: the planned date is still open
    listed = rows(engine)
    assert listed[on_the_day].overdue_since is None
    assert listed[late].overdue_since is None
    assert listed[early].overdue_since == TODAY - timedelta(days=20)


def test_overdue_since_the_first_date_missed_after_the_last_check_in(engine: Engine) -> None:
    e = create(engine)
    plan(engine, e, -60, -30, -10)
    hold(engine, e, -40)  # covers -60 only
    assert rows(engine)[e].overdue_since == TODAY - timedelta(days=30)
    hold(engine, e, -12)  # covers -30 too
    assert rows(engine)[e].overdue_since == TODAY - timedelta(days=10)
    hold(engine, e, -1)
    assert rows(engine)[e].overdue_since is None


def hold_setting_next(engine: Engine, engagement_id: int, days: int, next_in: int) -> None:
    """A check-in held `days` after TODAY that sets the next one `next_in` days after TODAY."""
    with transaction(engine) as s:
        record_checkin(
            session=s,
            engagement_id=engagement_id,
            data=CheckInInput(
                held_on=TODAY + timedelta(days=days), next_date=TODAY + timedelta(days=next_in)
            ),
        )


def test_the_next_date_set_at_the_latest_check_in_is_due_like_a_planned_one(
    engine: Engine,
) -> None:
    e = create(engine)
    plan(engine, e, 30)
    hold_setting_next(engine, e, -10, 4)  # sooner than the planned date
    assert rows(engine)[e].next_checkin == TODAY + timedelta(days=4)
    hold_setting_next(engine, e, -2, 45)  # the latest check-in now sets a later date
    assert rows(engine)[e].next_checkin == TODAY + timedelta(days=30)
    assert rows(engine)[e].overdue_since is None


def test_a_next_date_set_at_a_check_in_and_passed_without_one_is_overdue(
    engine: Engine,
) -> None:
    e = create(engine)
    hold_setting_next(engine, e, -20, -6)
    row = rows(engine)[e]
    assert row.overdue_since == TODAY - timedelta(days=6)
    assert row.next_checkin is None
    hold(engine, e, -1)  # held since: the latest check-in sets no date
    assert rows(engine)[e].overdue_since is None


def test_today_is_due_not_overdue(engine: Engine) -> None:
    e = create(engine)
    plan(engine, e, 0)
    row = rows(engine)[e]
    assert (row.overdue_since, row.days_to_next) == (None, 0)
    assert row.checkin_due is CheckinDue.due


@pytest.mark.parametrize(
    ("days", "due"),
    [
        (1, CheckinDue.due),
        (DUE_SOON_DAYS, CheckinDue.due),
        (DUE_SOON_DAYS + 1, CheckinDue.planned),
        (None, CheckinDue.none),
    ],
)
def test_due_within_a_week(engine: Engine, days: int | None, due: CheckinDue) -> None:
    e = create(engine)
    if days is not None:
        plan(engine, e, days)
    row = rows(engine)[e]
    assert row.days_to_next == days
    assert row.checkin_due is due


def test_a_closed_engagement_is_never_overdue_or_due(engine: Engine) -> None:
    e = create(engine)
    plan(engine, e, -20, 2)
    close(engine, e)
    row = rows(engine)[e]
    assert row.overdue_since is None
    assert row.next_checkin == TODAY + timedelta(days=2)  # the date is still shown
    assert row.checkin_due is CheckinDue.planned
    assert rows(engine, status=EngagementStatus.closed)[e].overdue_since is None


def test_check_ins_of_other_engagements_do_not_count(engine: Engine) -> None:
    a = create(engine, "A")
    b = create(engine, "B")
    plan(engine, a, -5)
    hold(engine, b, -1)
    assert rows(engine)[a].overdue_since == TODAY - timedelta(days=5)


# --- Search --------------------------------------------------------------------------------


@pytest.mark.parametrize("search", ["reorg", "REORGANISATION", "defensive about"])
def test_search_finds_a_word_of_a_private_note(engine: Engine, search: str) -> None:
    target = create(engine, "Claims")
    other = create(engine, "Payroll")
    note(engine, target, "Manager seems defensive about the last reorganisation.")
    note(engine, other, "Nothing special.")
    assert found(engine, search) == {target}


def test_meeting_mode_search_leaves_private_notes_out(engine: Engine) -> None:
    target = create(engine, "Claims")
    note(engine, target, "Budget pressure from head office")
    assert found(engine, "budget", include_private=False) == set()
    assert found(engine, "bu", include_private=False) == set()
    assert found(engine, "claims", include_private=False) == {target}


@pytest.mark.parametrize("search", ["%", "_", "50%", "10_0", "100%", "\\"])
def test_wildcards_and_the_escape_character_are_literal(engine: Engine, search: str) -> None:
    special = create(engine, "Team_100%", request_verbatim="Back\\slash 50% of 10_0")
    create(engine, "Team 1000", request_verbatim="Fifty percent")
    noted = create(engine, "Noted")
    note(engine, noted, "Nothing literal here")
    assert found(engine, search) == {special}


@pytest.mark.parametrize("search", ["é", "ÉQ", "équipe", "ÜBERSEE", "zoé", "ZOÉ", "ø", "ÆRØ"])
def test_case_insensitive_beyond_ascii_short_and_long(engine: Engine, search: str) -> None:
    target = create(engine, "Équipe Übersee", manager="Zoé Ærø")
    create(engine, "Other", manager="Someone")
    assert found(engine, search) == {target}


def test_quotes_and_fts_syntax_in_a_search_are_plain_text(engine: Engine) -> None:
    target = create(engine, "Claims", request_verbatim='They said "empathy course" NEAR AND OR *')
    create(engine, "Other")
    for search in ['"empathy course"', 'said "', "NEAR AND", "OR *", "*"]:
        assert found(engine, search) == {target}, search
    assert found(engine, '"empathy training"') == set()


def test_a_search_never_matches_across_two_fields(engine: Engine) -> None:
    create(engine, "Ab", manager="Cd")
    assert found(engine, "bc") == set()
    assert found(engine, "ab cd") == set()
    assert found(engine, "b") != set()


def test_the_indexes_follow_edits_and_deletes(engine: Engine) -> None:
    e = create(engine, "Claims handling")
    n = note(engine, e, "Call Amélie before the audit")
    assert found(engine, "amélie") == {e}
    with transaction(engine) as s:
        eng.update_details(
            session=s, engagement_id=e, data=EngagementDetails("Billing", "Dana Reyes")
        )
        eng.set_business_goal(session=s, engagement_id=e, goal="Fewer disputes")
        update_private_note(session=s, note_id=n, text="Call Bruno instead")
    assert found(engine, "claims") == set()
    assert found(engine, "billing") == found(engine, "disputes") == {e}
    assert found(engine, "amélie") == set()
    assert found(engine, "bruno") == {e}
    with transaction(engine) as s:
        delete_private_note(session=s, note_id=n)
    assert found(engine, "bruno") == set()


def test_an_engagement_put_back_by_undo_is_found_again(engine: Engine) -> None:
    e = create(engine, "Claims handling")
    note(engine, e, "Budget freeze until spring")
    with transaction(engine) as s:
        before = take_snapshot(s, e)
        eng.update_details(session=s, engagement_id=e, data=EngagementDetails("X", "Y"))
    with transaction(engine) as s:
        restore_snapshot(s, e, before)
    assert found(engine, "claims") == found(engine, "freeze") == {e}
    assert found(engine, "x") == set()


def test_deleting_an_engagement_clears_its_entries(engine: Engine, db_path: Path) -> None:
    e = create(engine, "Claims handling")
    note(engine, e, "Budget freeze")
    with transaction(engine) as s:
        eng.delete_engagement(session=s, engagement_id=e)
    with sqlite3.connect(db_path) as con:
        # 'integrity-check' fails if an index holds entries its table no longer has.
        for index in ("engagement_search", "private_note_search"):
            con.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
            count = con.execute(f"SELECT count(*) FROM {index} WHERE {index} MATCH 'eez'")
            assert count.fetchone() == (0,)
    assert found(engine, "freeze") == set()


def test_a_note_with_many_matches_lists_its_engagement_once(engine: Engine) -> None:
    e = create(engine)
    for _ in range(3):
        note(engine, e, "budget budget")
    with transaction(engine) as s:
        listed = list_engagements(session=s, search="budget")
    assert [r.id for r in listed] == [e]


# --- Counting and references -----------------------------------------------------------------


def test_count_and_references(engine: Engine) -> None:
    with transaction(engine) as s:
        assert count_engagements(session=s) == 0
    a = create(engine, "Claims")
    b = create(engine, "Payroll", manager="Ana Ruiz")
    with transaction(engine) as s:
        assert count_engagements(session=s) == 2
        ref_b = engagement_ref(session=s, engagement_id=b)
        assert ref_b is not None
        assert (ref_b.id, ref_b.team_name, ref_b.manager_name) == (b, "Payroll", "Ana Ruiz")
        assert engagement_ref(session=s, engagement_id=999) is None
        ref_a = engagement_ref(session=s, engagement_id=a)
        assert ref_a is not None
        refs = engagement_refs(session=s, uids=[ref_b.uid, "no-such-uid", ref_a.uid, ref_b.uid])
        assert refs == {ref_a.uid: ref_a, ref_b.uid: ref_b}
        assert engagement_refs(session=s, uids=[]) == {}
