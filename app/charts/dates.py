"""Dates on a chart's x axis as plain day numbers, with month ticks labelled "Mar 2027".

The charts place dates themselves instead of through matplotlib's date units, so ticks and labels
are the same whatever the locale, and the code stays typed.
"""

from datetime import date, timedelta

from app.progress.wording import MONTHS

EPOCH = date(1970, 1, 1)
MAX_TICKS = 7


def day_number(day: date) -> float:
    """The x coordinate of a date: days since 1 Jan 1970."""
    return float((day - EPOCH).days)


def from_day_number(x: float) -> date:
    """The date at an x coordinate (rounded down to the day)."""
    return EPOCH + timedelta(days=int(x // 1))


def _month_starts(first: date, last: date, every: int) -> list[date]:
    year, month = first.year, first.month
    if first.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    starts = []
    while date(year, month, 1) <= last:
        if (month - 1) % every == 0:
            starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def date_ticks(first: date, last: date) -> tuple[list[float], list[str]]:
    """Tick positions and labels between two dates: the 1st of every month or every 2nd, 3rd,
    6th or 12th month ("Mar 2027"), at most about seven; under ~2½ months, the 1st and 15th
    ("15 Mar")."""
    span = (last - first).days
    if span <= 80:
        days = [first + timedelta(days=n) for n in range(span + 1)]
        ticks = [d for d in days if d.day in (1, 15)]
        return [day_number(d) for d in ticks], [f"{d.day} {MONTHS[d.month - 1]}" for d in ticks]
    every = next((n for n in (1, 2, 3, 6) if len(_month_starts(first, last, n)) <= MAX_TICKS), 12)
    starts = _month_starts(first, last, every)
    return [day_number(d) for d in starts], [f"{MONTHS[d.month - 1]} {d.year}" for d in starts]
