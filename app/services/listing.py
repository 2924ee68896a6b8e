"""The engagements list: search, status filter, and where each one stands with its check-ins."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    type_coerce,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.services.list_rows import DUE_SOON_DAYS, CheckinDue, EngagementSummary
from app.validation import MAX_NAME_CHARS
from models.enums import EngagementStatus
from models.tables import (
    ENGAGEMENT_SEARCH,
    PRIVATE_NOTE_SEARCH,
    CheckIn,
    Engagement,
    PlannedCheckin,
    PrivateNote,
)

__all__ = [  # the list's rows are defined in app.services.list_rows, free of the database layer
    "DUE_SOON_DAYS",
    "FIELD_SEPARATOR",
    "CheckinDue",
    "EngagementRef",
    "EngagementSummary",
    "clean_search",
    "count_engagements",
    "driver_rows",
    "engagement_ref",
    "engagement_refs",
    "is_indexed_search",
    "list_engagements",
    "matching_ids",
]


def count_engagements(*, session: Session) -> int:
    """How many engagements the database holds (cheaper than listing them)."""
    return session.connection().execute(select(func.count()).select_from(Engagement)).scalar_one()


@dataclass(frozen=True, slots=True)
class EngagementRef:
    """Enough to name an engagement in a menu, and to find it again by its stable uid."""

    id: int
    uid: str
    team_name: str
    manager_name: str


def _refs(session: Session, condition: ColumnElement[bool]) -> list[EngagementRef]:
    query = select(
        col(Engagement.id),
        col(Engagement.uid),
        col(Engagement.team_name),
        col(Engagement.manager_name),
    ).where(condition)
    return [
        EngagementRef(id=row_id or 0, uid=uid, team_name=team, manager_name=manager)
        for row_id, uid, team, manager in session.connection().execute(query)
    ]


def engagement_ref(*, session: Session, engagement_id: int) -> EngagementRef | None:
    """The engagement with this id, if it exists."""
    found = _refs(session, col(Engagement.id) == engagement_id)
    return found[0] if found else None


def engagement_refs(*, session: Session, uids: Iterable[str]) -> dict[str, EngagementRef]:
    """Those of these engagements (by uid) that exist; a uid is never given to another one."""
    wanted = list(dict.fromkeys(uids))
    if not wanted:
        return {}
    return {ref.uid: ref for ref in _refs(session, col(Engagement.uid).in_(wanted))}


# The trigram indexes find substrings this long or longer; shorter searches read every row.
_MIN_INDEXED_CHARS = 3
# Joins the searched fields into one text, so that each row costs one casefold call, not four.
# A control character no one can type separates them: a search never matches across two fields.
FIELD_SEPARATOR = "\x1f"


def clean_search(search: str) -> str:
    """The text a search looks for: trimmed, limited, printable characters only."""
    return "".join(c for c in search.strip()[:MAX_NAME_CHARS] if c.isprintable())


def is_indexed_search(text: str) -> bool:
    """Whether a cleaned search text goes through the full-text indexes (else every row is read)."""
    return len(text) >= _MIN_INDEXED_CHARS


def _indexed_condition(text: str, *, include_private: bool) -> ColumnElement[bool]:
    """Through the full-text indexes: a quoted phrase, so every character is taken literally."""
    phrase = '"' + text.replace('"', '""') + '"'
    engagement_index = table(ENGAGEMENT_SEARCH, column("rowid", Integer))
    matches: list[ColumnElement[bool]] = [
        col(Engagement.id).in_(
            select(engagement_index.c.rowid).where(literal_column(ENGAGEMENT_SEARCH).match(phrase))
        )
    ]
    if include_private:
        note_index = table(PRIVATE_NOTE_SEARCH, column("rowid", Integer))
        matching_notes = select(note_index.c.rowid).where(
            literal_column(PRIVATE_NOTE_SEARCH).match(phrase)
        )
        matches.append(
            col(Engagement.id).in_(
                select(col(PrivateNote.engagement_id)).where(
                    col(PrivateNote.id).in_(matching_notes)
                )
            )
        )
    return or_(*matches)


def _scanned_condition(text: str, *, include_private: bool) -> ColumnElement[bool]:
    """Reading every row: case-folded by Python (models.db registers `casefold`), LIKE escaped."""
    folded = text.casefold()
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    joined = (
        col(Engagement.team_name)
        + FIELD_SEPARATOR
        + col(Engagement.manager_name)
        + FIELD_SEPARATOR
        + col(Engagement.request_verbatim)
        + FIELD_SEPARATOR
        + col(Engagement.business_goal)
    )
    matches: list[ColumnElement[bool]] = [func.casefold(joined).like(pattern, escape="\\")]
    if include_private:
        in_notes = (
            select(col(PrivateNote.id))
            .where(
                col(PrivateNote.engagement_id) == Engagement.id,
                func.casefold(col(PrivateNote.text)).like(pattern, escape="\\"),
            )
            .correlate(Engagement)
            .exists()
        )
        matches.append(in_notes)
    return or_(*matches)


def _search_condition(search: str, *, include_private: bool) -> ColumnElement[bool] | None:
    """Rows whose team, manager, request, goal (or private notes) hold the search text."""
    text = clean_search(search)
    if not text:
        return None
    if is_indexed_search(text):
        return _indexed_condition(text, include_private=include_private)
    return _scanned_condition(text, include_private=include_private)


def _checkin_columns(today_text: str) -> tuple[ColumnElement[Any], ...]:
    """Per engagement, as ISO text, each read once: the next planned date from today, the date
    set at the latest check-in held, and the first planned date missed (none once closed).

    Check-ins are due on the agreed planned dates and on the "next check-in" date set at the
    latest check-in held. A planned date is missed when it is before today and no check-in was
    held on or after it. `_summaries` combines the three (each subquery appears once: SQLite
    runs a correlated subquery again wherever it appears).
    """
    due_on = type_coerce(col(PlannedCheckin.due_on), String)
    next_planned = (
        select(func.min(due_on))
        .where(col(PlannedCheckin.engagement_id) == Engagement.id, due_on >= today_text)
        .correlate(Engagement)
        .scalar_subquery()
    )
    latest = aliased(CheckIn)
    # The date set at the latest check-in held (by date, then by the order recorded).
    set_at_latest = (
        select(type_coerce(col(latest.next_date), String))
        .where(col(latest.engagement_id) == Engagement.id)
        .order_by(col(latest.held_on).desc(), col(latest.id).desc())
        .limit(1)
        .correlate(Engagement)
        .scalar_subquery()
    )
    held_since = (
        select(col(CheckIn.id))
        .where(
            col(CheckIn.engagement_id) == PlannedCheckin.engagement_id,
            col(CheckIn.held_on) >= PlannedCheckin.due_on,
        )
        .correlate(PlannedCheckin)
        .exists()
    )
    missed_planned = (
        select(func.min(due_on))
        .where(
            col(PlannedCheckin.engagement_id) == Engagement.id,
            due_on < today_text,
            ~held_since,
        )
        .correlate(Engagement)
        .scalar_subquery()
    )
    # A closed engagement has no check-ins to catch up on: its subquery is not even run.
    closed = type_coerce(col(Engagement.status), String) == EngagementStatus.closed.value
    return next_planned, set_at_latest, case((closed, None), else_=missed_planned)


def driver_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of `query` as plain tuples, straight from the DB-API driver.

    SQLAlchemy's own rows cost about a microsecond each: ~10 ms over a list of 10,000. Only for
    queries whose parameters are all text or numbers, since the driver gets them unprocessed.
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect)
    params = compiled.construct_params()
    values = [params[name] for name in compiled.positiontup or ()]
    if not all(type(value) in (str, int) for value in values):
        raise TypeError(f"only text and integer parameters go to the driver unprocessed: {values}")
    driver = connection.connection.driver_connection
    assert driver is not None  # the session's connection is checked out
    cursor = driver.cursor()
    try:
        rows: list[tuple[Any, ...]] = cursor.execute(str(compiled), values).fetchall()
    finally:
        cursor.close()
    return rows


def _earlier(a: str | None, b: str | None) -> str | None:
    """The earlier of two ISO dates, either of which may be None."""
    if a is None:
        return b
    return a if b is None or a <= b else b


_STATUSES = {s.value: s for s in EngagementStatus}


def _summaries(rows: list[tuple[Any, ...]], today: date) -> list[EngagementSummary]:
    """One summary per row of `list_engagements`'s query (ISO dates compare as text)."""
    today_text = today.isoformat()
    from_iso = date.fromisoformat
    make = tuple.__new__  # skips the keyword handling of EngagementSummary(...): 3× faster
    closed = EngagementStatus.closed.value
    summaries = []
    for row_id, team, manager, status_value, goal, planned, set_at_latest, missed in rows:
        if set_at_latest is not None and set_at_latest < today_text:
            # The latest check-in's own next date, once passed, is missed by definition: a
            # check-in held on or after it would be the latest one.
            upcoming = None
            if status_value != closed:
                missed = _earlier(missed, set_at_latest)
        else:
            upcoming = set_at_latest
        due_text = _earlier(planned, upcoming)
        due = None if due_text is None else from_iso(due_text)
        summary_fields = (
            row_id,
            team,
            manager,
            _STATUSES[status_value],
            goal,
            due,
            None if missed is None else from_iso(missed),
            None if due is None else (due - today).days,
        )
        summaries.append(make(EngagementSummary, summary_fields))
    return summaries


def list_engagements(
    *,
    session: Session,
    search: str = "",
    status: EngagementStatus | None = None,
    today: date | None = None,
    include_private: bool = True,
) -> list[EngagementSummary]:
    """Engagements matching the search text and status, newest first, with their check-ins.

    The search is literal and case-insensitive (beyond ASCII) over team, manager, request and
    goal, and over the private notes unless `include_private` is false (in meeting mode). Three
    characters or more go through the full-text indexes (SQLite's simple Unicode case folding);
    one or two are compared with Python's `casefold()` on every row.
    """
    today = today or date.today()
    query = select(
        col(Engagement.id),
        col(Engagement.team_name),
        col(Engagement.manager_name),
        type_coerce(col(Engagement.status), String),
        col(Engagement.business_goal),
        *_checkin_columns(today.isoformat()),
    )
    condition = _search_condition(search, include_private=include_private)
    if condition is not None:
        query = query.where(condition)
    if status is not None:
        query = query.where(type_coerce(col(Engagement.status), String) == status.value)
    query = query.order_by(col(Engagement.updated_at).desc(), col(Engagement.id).desc())
    return _summaries(driver_rows(session, query), today)


def matching_ids(*, session: Session, search: str, include_private: bool = True) -> set[int]:
    """The ids of the engagements the search finds, by the same rules as `list_engagements`
    (every id when the search is empty)."""
    query = select(col(Engagement.id))
    condition = _search_condition(search, include_private=include_private)
    if condition is not None:
        query = query.where(condition)
    return {row_id for (row_id,) in driver_rows(session, query)}
