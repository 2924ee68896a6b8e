"""The engagements list for one window, kept between refreshes while nothing is written.

Typing in the home search refreshes the list at every pause. Reading 10,000 engagements with
their check-ins takes ~40 ms, and a search of one or two characters compares every row with
Python's `casefold()` in SQLite (~100 ms more), so `ListCache` keeps the last list read without
a search and narrows it in memory instead: by the full-text indexes' ids for three characters
or more, and for one or two by the casefolded texts (team, manager, request, goal and private
notes), read once in a worker thread shortly after the list. The rows and their order are
exactly those `list_engagements` would give.

What is kept is dropped as soon as a transaction through the same engine changes a row, the
engine is disposed (a backup restored), or the date changes. Another process writing meanwhile
(`scaffold demo` in a terminal) is seen at the next refresh without a search, or after `forget`.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from threading import Lock, Timer
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Select, event, select
from sqlmodel import Session, col

from app.services.listing import (
    FIELD_SEPARATOR,
    EngagementSummary,
    clean_search,
    driver_rows,
    is_indexed_search,
    list_engagements,
    matching_ids,
)
from models.enums import EngagementStatus
from models.tables import Engagement, PrivateNote

_log = logging.getLogger(__name__)


class _Writes:
    """Counts the transactions that changed rows through one engine, and its disposals."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = Lock()  # commits may come from worker threads (the overview's, an editor's)

    def on_commit(self, connection: Connection) -> None:
        # `total_changes`: rows written by this DB-API connection since it opened (NullPool
        # opens one per transaction). Read-only transactions commit too and are not counted.
        driver = connection.connection.driver_connection
        if getattr(driver, "total_changes", 1):
            self._add_one()
            # Counted again once the commit is done (`on_checkin`): this event comes a moment
            # before SQLite makes the write visible, and a list read in that moment (another
            # thread) would otherwise be kept as if it held the write.
            connection.connection.info[_WROTE] = True

    def on_checkin(self, _dbapi_connection: object, record: Any) -> None:
        if record is not None and record.info.pop(_WROTE, False):
            self._add_one()

    def on_dispose(self, _engine: Engine) -> None:
        self._add_one()

    def _add_one(self) -> None:
        with self._lock:
            self.count += 1


_WATCHED: "WeakKeyDictionary[Engine, _Writes]" = WeakKeyDictionary()
_WROTE = "scaffold.list_cache.wrote"  # in a pooled connection's info: it committed a change


def write_count(engine: Engine) -> int:
    """A count that grows with every change this process commits through `engine` (twice: when
    the commit is announced and once it is done) and every disposal, since it was first asked:
    equal counts mean nothing was written in between."""
    writes = _WATCHED.get(engine)
    if writes is None:
        writes = _WATCHED[engine] = _Writes()
        event.listen(engine, "commit", writes.on_commit)
        event.listen(engine, "checkin", writes.on_checkin)  # a pool event, kept across dispose
        event.listen(engine, "engine_disposed", writes.on_dispose)
    return writes.count


# An engagement's searched texts, casefolded: team, manager, request and goal in one string,
# its private notes in the other (the fields and the notes separated by a character no search
# holds, so that no match spans two of them).
Texts = tuple[str, str]
_NO_TEXTS: Texts = ("", "")


def _text_queries() -> tuple[Select[*tuple[Any, ...]], Select[*tuple[Any, ...]]]:
    fields = select(
        col(Engagement.id),
        col(Engagement.team_name),
        col(Engagement.manager_name),
        col(Engagement.request_verbatim),
        col(Engagement.business_goal),
    )
    return fields, select(col(PrivateNote.engagement_id), col(PrivateNote.text))


def _fold_texts(
    engagements: Iterable[tuple[Any, ...]], notes: Iterable[tuple[Any, ...]]
) -> dict[int, Texts]:
    by_engagement: defaultdict[int, list[str]] = defaultdict(list)
    for engagement_id, text in notes:
        by_engagement[engagement_id].append(text)
    return {
        row_id: (
            FIELD_SEPARATOR.join((team, manager, request, goal)).casefold(),
            FIELD_SEPARATOR.join(by_engagement.get(row_id, ())).casefold(),
        )
        for row_id, team, manager, request, goal in engagements
    }


def read_search_texts(*, session: Session) -> dict[int, Texts]:
    """The searched texts of every engagement, by id (~40 ms for 10,000 with their notes)."""
    fields, notes = _text_queries()
    return _fold_texts(driver_rows(session, fields), driver_rows(session, notes))


# One worker for every window's cache: reading the texts ahead is a convenience, not a queue.
_AHEAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-texts")
# Reading starts this long after the list was read: a Python thread busy while the window
# paints the list it just got would slow the painting, and typing rarely starts sooner.
READ_AHEAD_DELAY_S = 0.4


class _Ahead:
    """The searched texts of one kept list, read in a worker thread a moment after the list."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = Lock()
        self._future: Future[dict[int, Texts] | None] | None = None
        self._dropped = False
        self._timer = Timer(READ_AHEAD_DELAY_S, self._start)
        self._timer.daemon = True  # it only waits: nothing to finish when the program ends
        self._timer.start()

    def result(self) -> dict[int, Texts] | None:
        """The texts if they are being read or were read (waiting for them), else None."""
        self._timer.cancel()
        with self._lock:
            self._dropped = True  # not started yet: the caller reads them itself, at once
            future = self._future
        return None if future is None else future.result()

    def drop(self) -> None:
        """Not wanted any more (the list was read again): no read if none started."""
        self._timer.cancel()
        with self._lock:
            self._dropped = True

    def _start(self) -> None:
        with self._lock:
            if not self._dropped:
                self._future = _AHEAD.submit(_read_search_texts_aside, self._engine)


def _read_search_texts_aside(engine: Engine) -> dict[int, Texts] | None:
    """`read_search_texts` on a connection of its own that takes no lock: each SELECT reads
    alone (the write count says later whether the result still holds).

    None on any failure: the search then reads the texts itself, and reports what fails.
    """
    try:
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            queries = [str(q.compile(dialect=engine.dialect)) for q in _text_queries()]
            fields, notes = (driver.execute(sql).fetchall() for sql in queries)
            return _fold_texts(fields, notes)
        finally:
            raw.close()
    except Exception:  # any failure: the search reads the texts itself and reports it
        _log.debug("The search texts could not be read ahead", exc_info=True)
        return None


def narrow(
    rows: list[EngagementSummary],
    texts: list[Texts],
    search: str,
    *,
    include_private: bool,
    status: EngagementStatus | None = None,
) -> list[EngagementSummary]:
    """The rows whose texts (`texts[i]` for `rows[i]`) hold the cleaned search text, compared
    as `list_engagements` does for one or two characters: both casefolded."""
    folded = search.casefold()
    found = [
        s
        for s, (public, private) in zip(rows, texts, strict=True)
        if folded in public or (include_private and folded in private)
    ]
    return found if status is None else [s for s in found if s.status is status]


@dataclass
class _Kept:
    """A list read without a search, and what it was read under."""

    status: EngagementStatus | None
    today: date
    writes: int
    rows: list[EngagementSummary]
    by_id: dict[int, Texts] | None = field(default=None, repr=False)
    texts: list[Texts] | None = field(default=None, repr=False)  # row by row
    ahead: _Ahead | None = field(default=None, repr=False)

    def search_texts(self, session: Session | None) -> list[Texts] | None:
        """The texts row by row: read ahead if that worked, else read now (None without a
        session to read them with)."""
        if self.texts is None:
            if self.by_id is None and self.ahead is not None:
                self.by_id = self.ahead.result()  # at most one read, as if done here
            if self.by_id is None:
                if session is None:
                    return None
                self.by_id = read_search_texts(session=session)
            by_id = self.by_id
            self.texts = [by_id.get(s.id, _NO_TEXTS) for s in self.rows]
        return self.texts


class ListCache:
    """`list_engagements` for one window, reusing the last list read without a search."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._kept: _Kept | None = None
        write_count(engine)  # start counting now

    def forget(self) -> None:
        """Read everything again next time (another process may have written)."""
        if self._kept is not None and self._kept.ahead is not None:
            self._kept.ahead.drop()
        self._kept = None

    def from_memory(
        self,
        search: str,
        status: EngagementStatus | None = None,
        *,
        include_private: bool = True,
        today: date | None = None,
    ) -> list[EngagementSummary] | None:
        """What `list` would give, if it needs no database at all (a search of one or two
        characters over a kept list whose texts were read); else None."""
        text = clean_search(search)
        kept = self._usable(status, today or date.today())
        if kept is None or not text or is_indexed_search(text):
            return None
        texts = kept.search_texts(None)
        if texts is None:
            return None
        return narrow(kept.rows, texts, text, include_private=include_private, status=status)

    def list(
        self,
        *,
        session: Session,
        search: str = "",
        status: EngagementStatus | None = None,
        include_private: bool = True,
        today: date | None = None,
    ) -> list[EngagementSummary]:
        """What `list_engagements` gives for these arguments, narrowed from memory when it can."""
        today = today or date.today()
        text = clean_search(search)
        kept = self._usable(status, today)
        if not text or (kept is None and not is_indexed_search(text)):
            # Read the whole list (for the status), keep it, and narrow it below if searching.
            kept = self._read(session, status, today)
        if kept is None:  # an indexed search with nothing kept: the indexes and the list at once
            return list_engagements(
                session=session,
                search=text,
                status=status,
                include_private=include_private,
                today=today,
            )
        if not text:
            return list(kept.rows)  # just read, for this status
        if is_indexed_search(text):
            ids = matching_ids(session=session, search=text, include_private=include_private)
            return [s for s in kept.rows if s.id in ids and status in (None, s.status)]
        texts = kept.search_texts(session)
        assert texts is not None  # read with the session if need be
        return narrow(kept.rows, texts, text, include_private=include_private, status=status)

    def _usable(self, status: EngagementStatus | None, today: date) -> _Kept | None:
        kept = self._kept
        if kept is None or kept.today != today or kept.writes != write_count(self._engine):
            return None
        return kept if kept.status is None or kept.status is status else None

    def _read(self, session: Session, status: EngagementStatus | None, today: date) -> _Kept:
        writes = write_count(self._engine)  # before reading: a write meanwhile drops the list
        rows = list_engagements(session=session, status=status, today=today)
        old = self._kept
        # The texts do not depend on the status or the date: keep them while nothing is written.
        same = old is not None and old.writes == writes
        kept = _Kept(status=status, today=today, writes=writes, rows=rows)
        if old is not None and same:
            kept.by_id, kept.ahead = old.by_id, old.ahead
        elif old is not None and old.ahead is not None:
            old.ahead.drop()
        if kept.by_id is None and kept.ahead is None:
            # Typing usually follows: read the texts in a worker, not at the first key.
            kept.ahead = _Ahead(self._engine)
        self._kept = kept
        return kept
