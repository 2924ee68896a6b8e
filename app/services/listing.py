"""The engagements list: search, status filter, and where each one stands with its check-ins."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
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

# A planned check-in this close (in days) is "due" and stands out in the list.
DUE_SOON_DAYS = 7


class CheckinDue(Enum):
    """Where an engagement stands with its check-ins, for the list."""

    none = "none"  # no check-in planned ahead
    planned = "planned"  # the next one is more than a week away (or the engagement is closed)
    due = "due"  # the next one is within a week
    overdue = "overdue"  # a planned date passed and no check-in was held since


@dataclass(frozen=True, slots=True)
class EngagementSummary:
    """One row of the engagements list.

    `overdue_since` is the first planned check-in date already past after which no check-in
    was held (never set once the engagement is closed); `days_to_next` counts from the day the
    list was made to `next_checkin`.
    """

    id: int
    team_name: str
    manager_name: str
    status: EngagementStatus
    business_goal: str
    next_checkin: date | None
    overdue_since: date | None = None
    days_to_next: int | None = None

    @property
    def checkin_due(self) -> CheckinDue:
        """How urgent the check-ins are (closed engagements are never overdue or due)."""
        if self.status is EngagementStatus.closed:
            return CheckinDue.none if self.next_checkin is None else CheckinDue.planned
        if self.overdue_since is not None:
            return CheckinDue.overdue
        if self.days_to_next is None:
            return CheckinDue.none
        return CheckinDue.due if self.days_to_next <= DUE_SOON_DAYS else CheckinDue.planned


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
_FIELD_SEPARATOR = "\x1f"


def _clean_search(search: str) -> str:
    """The text a search looks for: trimmed, limited, printable characters only."""
    return "".join(c for c in search.strip()[:MAX_NAME_CHARS] if c.isprintable())


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
        + _FIELD_SEPARATOR
        + col(Engagement.manager_name)
        + _FIELD_SEPARATOR
        + col(Engagement.request_verbatim)
        + _FIELD_SEPARATOR
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
    text = _clean_search(search)
    if not text:
        return None
    if len(text) >= _MIN_INDEXED_CHARS:
        return _indexed_condition(text, include_private=include_private)
    return _scanned_condition(text, include_private=include_private)


def _earlier(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """The earlier of two dates, either of which may be NULL (SQL's min() would give NULL)."""
    return case((a.is_(None), b), (b.is_(None), a), (b < a, b), else_=a)


def _checkin_columns(today: date) -> tuple[ColumnElement[str], ColumnElement[str]]:
    """The next check-in from today, and the first one missed, as ISO text.

    Check-ins are due on the agreed planned dates and on the "next check-in" date set at the
    latest check-in held. A date is missed when it is before today and no check-in was held on
    or after it.
    """
    next_planned = (
        select(func.min(PlannedCheckin.due_on))
        .where(
            col(PlannedCheckin.engagement_id) == Engagement.id,
            col(PlannedCheckin.due_on) >= today,
        )
        .correlate(Engagement)
        .scalar_subquery()
    )
    latest = aliased(CheckIn)
    # The date set at the latest check-in held (by date, then by the order recorded).
    set_at_latest = (
        select(col(latest.next_date))
        .where(col(latest.engagement_id) == Engagement.id)
        .order_by(col(latest.held_on).desc(), col(latest.id).desc())
        .limit(1)
        .correlate(Engagement)
        .scalar_subquery()
    )
    upcoming_set = case((set_at_latest >= today, set_at_latest), else_=None)
    next_checkin = _earlier(next_planned, upcoming_set)
    # Missed: a planned date before today with no check-in held on or after it.
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
        select(func.min(PlannedCheckin.due_on))
        .where(
            col(PlannedCheckin.engagement_id) == Engagement.id,
            col(PlannedCheckin.due_on) < today,
            ~held_since,
        )
        .correlate(Engagement)
        .scalar_subquery()
    )
    # The latest check-in's own next date, once passed, is missed by definition: a check-in
    # held on or after it would be the latest one.
    missed_set = case((set_at_latest < today, set_at_latest), else_=None)
    overdue_since = _earlier(missed_planned, missed_set)
    # A closed engagement has no check-ins to catch up on.
    missed = case((col(Engagement.status) == EngagementStatus.closed, None), else_=overdue_since)
    # Read as text and parsed with date.fromisoformat: much faster than the Date type's parser
    # when the list has thousands of rows.
    return type_coerce(next_checkin, String), type_coerce(missed, String)


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
    next_checkin, overdue_since = _checkin_columns(today)
    query = select(
        col(Engagement.id),
        col(Engagement.team_name),
        col(Engagement.manager_name),
        type_coerce(col(Engagement.status), String),
        col(Engagement.business_goal),
        next_checkin,
        overdue_since,
    )
    condition = _search_condition(search, include_private=include_private)
    if condition is not None:
        query = query.where(condition)
    if status is not None:
        query = query.where(col(Engagement.status) == status)
    query = query.order_by(col(Engagement.updated_at).desc(), col(Engagement.id).desc())
    statuses = {s.value: s for s in EngagementStatus}
    summaries = []
    # Core rows (not ORM entities): the list may hold thousands of engagements.
    for (
        row_id,
        team,
        manager,
        status_value,
        goal,
        due_text,
        missed_text,
    ) in session.connection().execute(query):
        row_status = statuses[status_value]
        due = None if due_text is None else date.fromisoformat(due_text)
        summaries.append(
            EngagementSummary(
                id=row_id or 0,
                team_name=team,
                manager_name=manager,
                status=row_status,
                business_goal=goal,
                next_checkin=due,
                overdue_since=None if missed_text is None else date.fromisoformat(missed_text),
                days_to_next=None if due is None else (due - today).days,
            )
        )
    return summaries
