"""The window's list kept between refreshes: the same rows as `list_engagements`, read again
as soon as anything is written."""

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text

from app.services import engagements as eng
from app.services.agreement import add_planned_checkin
from app.services.engagements import EngagementDetails
from app.services.list_cache import (
    ListCache,
    _read_search_texts_aside,
    read_search_texts,
    write_count,
)
from app.services.listing import EngagementSummary, list_engagements
from app.services.notes import add_private_note
from models.db import open_database, transaction
from models.enums import EngagementStatus

TODAY = date(2026, 6, 15)

# Characters whose case folding is not one-to-one or not ASCII: "ß" folds to "ss", the Kelvin
# sign to "k", "İ" to "i" and a combining dot, the long s to "s", "ﬁ" to "fi", final sigma to σ.
TEAMS = [
    ("Straße Team", "Kai Weiß"),
    ("STRASSE TEAM", "KAI WEISS"),
    ("\u212aelvin Labs", "Ilse İnan"),
    ("Meſſage ﬁnance", "Σίσυφος Ὀδυσσεύς"),
    ("Équipe Übersee", "Zoé Ærø"),
    ("Payroll", "Nair ʼN"),
    ("Ab", "Cd"),
    ("Team_100%", "Back\\slash"),
]
SEARCHES = [
    "s", "ss", "ß", "ẞ", "k", "K", "\u212a", "i", "İ", "ı", "fi", "ﬁ", "f", "σ", "ς", "Σ",
    "é", "É", "ø", "ae", "æ", "n", "ŉ", "ʼn", "%", "_", "\\", "bc", "b", "a", "e", "t",
    "stra", "strasse", "straße", "weiss", "kelvin", "\u212aelvin", "ﬁnance", "finance",
    "équipe", "ÜBERSEE", "nair", "secret", "budget", "zz", "   n  ", "",
]  # fmt: skip


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def create(engine: Engine, team: str, manager: str, request: str = "") -> int:
    with transaction(engine) as s:
        details = EngagementDetails(team_name=team, manager_name=manager, request_verbatim=request)
        row = eng.create_engagement(session=s, data=details)
        assert row.id is not None
        return row.id


def note(engine: Engine, engagement_id: int, text: str) -> None:
    with transaction(engine) as s:
        add_private_note(session=s, engagement_id=engagement_id, text=text)


@pytest.fixture
def filled(engine: Engine) -> list[int]:
    ids = [create(engine, team, manager, f"Asked by {manager}") for team, manager in TEAMS]
    note(engine, ids[0], "A secret about the budget: Straße")
    note(engine, ids[5], "ﬁnal word")
    with transaction(engine) as s:
        add_planned_checkin(session=s, engagement_id=ids[1], due_on=TODAY - timedelta(days=3))
        add_planned_checkin(session=s, engagement_id=ids[2], due_on=TODAY + timedelta(days=2))
        eng.change_status(session=s, engagement_id=ids[3], to_status=EngagementStatus.closed)
    return ids


def read(engine: Engine, **kw: object) -> list[EngagementSummary]:
    with transaction(engine) as s:
        return list_engagements(session=s, today=TODAY, **kw)  # type: ignore[arg-type]


def kept(engine: Engine, cache: ListCache, **kw: object) -> list[EngagementSummary]:
    with transaction(engine) as s:
        return cache.list(session=s, today=TODAY, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("include_private", [True, False])
@pytest.mark.parametrize("status", [None, EngagementStatus.draft, EngagementStatus.closed])
def test_the_kept_list_gives_exactly_what_list_engagements_gives(
    engine: Engine,
    filled: list[int],
    status: EngagementStatus | None,
    include_private: bool,
) -> None:
    cache = ListCache(engine)
    for first_status in (None, status):  # narrowed from the whole list, then from this status's
        assert kept(engine, cache, status=first_status) == read(engine, status=first_status)
        for search in SEARCHES:
            options = {"search": search, "status": status, "include_private": include_private}
            assert kept(engine, cache, **options) == read(engine, **options), search


def test_searching_reuses_the_rows_read_without_a_search(engine: Engine, filled: list[int]) -> None:
    cache = ListCache(engine)
    whole = {s.id: s for s in kept(engine, cache)}
    for search in ("s", "stra", "ab"):
        narrowed = kept(engine, cache, search=search)
        assert narrowed
        assert all(s is whole[s.id] for s in narrowed)  # the same objects: nothing read again


def test_a_write_through_the_engine_is_seen_at_the_next_search(
    engine: Engine, filled: list[int]
) -> None:
    cache = ListCache(engine)
    kept(engine, cache)
    assert kept(engine, cache, search="qx") == []
    with transaction(engine) as s:
        eng.update_details(
            session=s,
            engagement_id=filled[6],
            data=EngagementDetails(team_name="Qxy", manager_name="Cd"),
        )
    assert [s.team_name for s in kept(engine, cache, search="qx")] == ["Qxy"]
    note(engine, filled[7], "zq zq")
    assert [s.id for s in kept(engine, cache, search="zq")] == [filled[7]]
    with transaction(engine) as s:
        eng.delete_engagement(session=s, engagement_id=filled[7])
    assert kept(engine, cache, search="zq") == []
    with transaction(engine) as s:
        eng.change_status(session=s, engagement_id=filled[6], to_status=EngagementStatus.closed)
    assert kept(engine, cache, search="qx") == read(engine, search="qx")
    assert kept(engine, cache, search="qx")[0].status is EngagementStatus.closed


def test_reads_do_not_count_as_writes_but_writes_and_disposals_do(engine: Engine) -> None:
    before = write_count(engine)
    read(engine)
    assert write_count(engine) == before
    create(engine, "Claims", "Dana")
    assert write_count(engine) == before + 2  # when announced, and once done
    engine.dispose()  # a backup restored: the file changed under the engine
    assert write_count(engine) == before + 3


def test_the_list_is_read_again_on_another_day_or_when_forgotten(
    engine: Engine, filled: list[int]
) -> None:
    cache = ListCache(engine)
    first = {s.id: s for s in kept(engine, cache)}
    with transaction(engine) as s:
        tomorrow = cache.list(session=s, search="s", today=TODAY + timedelta(days=1))
    assert tomorrow == list_in(engine, search="s", today=TODAY + timedelta(days=1))
    assert all(s is not first[s.id] for s in tomorrow)
    again = {s.id: s for s in kept(engine, cache)}
    cache.forget()
    assert all(s is not again[s.id] for s in kept(engine, cache, search="s"))


def list_in(engine: Engine, **kw: object) -> list[EngagementSummary]:
    with transaction(engine) as s:
        return list_engagements(session=s, **kw)  # type: ignore[arg-type]


def test_texts_read_aside_are_those_read_in_a_transaction(
    engine: Engine, filled: list[int], tmp_path: Path
) -> None:
    with transaction(engine) as s:
        in_transaction = read_search_texts(session=s)
    assert _read_search_texts_aside(engine) == in_transaction
    assert in_transaction[filled[0]][1] == "a secret about the budget: strasse"
    not_scaffold = tmp_path / "other.sqlite"
    sqlite3.connect(not_scaffold).close()  # an empty SQLite file: no tables to read
    other = create_engine(f"sqlite:///{not_scaffold}")
    try:
        assert _read_search_texts_aside(other) is None  # the search then reads them itself
    finally:
        other.dispose()


def test_short_searches_need_no_transaction_once_the_texts_are_read(
    engine: Engine, filled: list[int]
) -> None:
    cache = ListCache(engine)
    kept(engine, cache)
    kept(engine, cache, search="s")  # the texts are read now, if not already
    for search in ("s", "ß", "K", "fi"):
        in_memory = cache.from_memory(search, today=TODAY)
        assert in_memory == read(engine, search=search), search
    in_meeting = cache.from_memory("bu", EngagementStatus.draft, include_private=False, today=TODAY)
    assert in_meeting == read(
        engine, search="bu", status=EngagementStatus.draft, include_private=False
    )
    assert cache.from_memory("", today=TODAY) is None  # the whole list: always read again
    assert cache.from_memory("stra", today=TODAY) is None  # three characters: the indexes
    create(engine, "Sales", "Sam")
    assert cache.from_memory("s", today=TODAY) is None  # written since: read again


def test_a_commit_counts_again_once_it_is_done(db_engine):
    """SQLAlchemy announces a commit a moment before SQLite makes it visible: a list read in
    that moment by another thread must not be kept as if it held the write."""
    from app.services.engagements import EngagementDetails, create_engagement
    from app.services.list_cache import write_count
    from app.storage import transaction

    before = write_count(db_engine)
    seen_during_commit: list[int] = []

    @event.listens_for(db_engine, "commit")
    def _look(_conn):  # runs after the counting listener, still before the real commit
        seen_during_commit.append(write_count(db_engine))

    with transaction(db_engine) as session:
        create_engagement(session=session, data=EngagementDetails(team_name="T", manager_name="M"))
    after = write_count(db_engine)
    assert seen_during_commit == [before + 1]
    assert after == before + 2  # counted again after the commit: a list read between is stale
    with transaction(db_engine) as session:
        session.execute(text("SELECT count(*) FROM engagement"))  # commits, writes nothing
    assert write_count(db_engine) == after
