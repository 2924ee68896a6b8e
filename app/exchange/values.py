"""How the file spells dates, datetimes and numbers, both ways, and the ids of rows just added."""

from datetime import UTC, date, datetime


def iso_datetime(value: datetime) -> str:
    """A datetime as ISO 8601 UTC with microseconds, e.g. 2025-03-01T09:30:00.000000Z.

    SQLite gives back naive datetimes; Scaffold only ever stores UTC, so naive means UTC.
    """
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_date(value: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return None if value is None else value.isoformat()


def number(value: float | None) -> float | None:
    """A float for JSON; -0.0 becomes 0.0 (SQLite does the same, so round trips stay equal)."""
    return None if value is None else float(value) + 0.0


def read_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def read_day(value: str) -> date:
    return date.fromisoformat(value)


def read_moment(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def new_id(value: int | None) -> int:
    assert value is not None, "a flushed row has an id"
    return value
