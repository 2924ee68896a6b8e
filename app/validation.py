"""Domain validation: one error type that names the field and says what is wrong, for a person."""

import calendar
import math
import re
from datetime import date

MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 100_000


class ValidationError(Exception):
    """Bad input for one field. `field` names it; `message` is shown next to it or printed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(Exception):
    """Something asked for by id does not exist (any longer)."""


def clean_name(value: str, field: str, label: str, *, required: bool = True) -> str:
    """Trim a short name; refuse it when empty (if required) or too long."""
    text = value.strip()
    if required and not text:
        raise ValidationError(field, f"{label} is required.")
    if len(text) > MAX_NAME_CHARS:
        raise ValidationError(
            field, f"{label} is {len(text):,} characters long; the limit is {MAX_NAME_CHARS}."
        )
    return text


def clean_text(value: str, field: str, label: str, *, required: bool = False) -> str:
    """Trim free text; refuse it when required and empty, or when beyond the length limit."""
    text = value.strip()
    if required and not text:
        raise ValidationError(field, f"{label} is required.")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            field, f"{label} is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}."
        )
    return text


def check_finite(value: float, field: str, label: str) -> float:
    """Refuse NaN and infinities, which no measure can hold."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"{label} must be a number.")
    if not math.isfinite(value):
        raise ValidationError(field, f"{label} must be a finite number, not {value}.")
    return float(value)


# "1,000" or "2.500": thousands in one convention, a decimal in the other.
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(text: str, field: str, label: str) -> float:
    """Read a number typed by a person: "12.5", "12,5", " -3 " (no thousands separators).

    A single comma is read as the decimal mark. A value like "1,000" or "2.500" that means a
    thousand-something in one convention and a decimal in the other is refused, never guessed.
    """
    raw = text.strip().replace("\u2212", "-")
    if not raw:
        raise ValidationError(field, f"{label} is required.")
    if not _NUMBER.match(raw):
        raise ValidationError(
            field, f"{label}: “{raw[:40]}” is not a number (write for example 12.5 or 12,5)."
        )
    if _AMBIGUOUS.match(raw):
        raise ValidationError(
            field,
            f"{label}: “{raw}” could be a whole number with a thousands separator or a "
            "decimal; write it without the separator (1000) or with fewer decimals (1.0).",
        )
    value = float(raw.replace(",", "."))
    if not math.isfinite(value):  # "1e309": too large for a float
        raise ValidationError(field, f"{label} must be a finite number; “{raw[:40]}” is too large.")
    return value


def parse_whole_number(text: str, field: str, label: str) -> int:
    """Read a whole number typed by a person, as `parse_number` reads it; refuse a fraction."""
    value = parse_number(text, field, label)
    if not value.is_integer():
        raise ValidationError(
            field,
            f"{label}: “{text.strip()[:40]}” is not a whole number (write for example 12).",
        )
    return int(value)


def check_range(value: int, field: str, label: str, low: int, high: int) -> int:
    """Refuse an integer outside [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"{label} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(field, f"{label} must be between {low} and {high}, not {value}.")
    return value


def check_date_order(
    start: date | None, end: date | None, field: str, start_label: str, end_label: str
) -> None:
    """Refuse an end date that comes before its start date."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            field,
            f"{end_label} ({end.isoformat()}) is before {start_label} ({start.isoformat()}).",
        )


def check_plausible_date(value: date | None, field: str, label: str) -> date | None:
    """Refuse dates outside 1900–2200, which are always typing slips here."""
    if value is not None and not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        raise ValidationError(field, f"{label} {value.isoformat()} is outside the years 1900–2200.")
    return value


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = tuple(name[:3] for name in _MONTH_NAMES)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d+)$")


def describe_unreadable_date(label: str, text: str, *, today: date | None = None) -> str:
    """Say why `text`, as typed in the date field `label`, is not a date, and show one in full.

    Typed dates read like "5 Jan 2027". A year cut short ("5 Jan 1") and a day the month
    does not have ("29 Feb 2027", "31 Apr 2027") each get their own message.
    """
    raw = " ".join(text.split())
    this_year = (today or date.today()).year
    example = f"5 Jan {this_year}"
    if not raw:
        return f"{label} is empty: write a date such as {example}."
    match = _DAY_MONTH_YEAR.match(raw)
    month_word = match.group(2).title() if match else ""
    if match is None or month_word not in _MONTHS:
        return f"{label}: “{raw[:40]}” is not a complete date (write for example {example})."
    day, year_text = int(match.group(1)), match.group(3)
    month, year = _MONTHS.index(month_word) + 1, int(year_text)
    if len(year_text) < 4:
        return (
            f"{label}: “{raw}” is not a complete date "
            f"(write the year in full, for example {day} {month_word} {this_year})."
        )
    if not 1 <= year <= 9999:
        return f"{label}: “{raw[:40]}” is not a date (write for example {example})."
    if year < 100:  # four digits, but a year no date field can hold
        return (
            f"{label}: “{raw}” is outside the years 1900–2200 "
            f"(write for example {min(day, 28)} {month_word} {this_year})."
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (
            f"{label}: “{raw}” is not a date: {_MONTH_NAMES[month - 1]} {year} has {last} days "
            f"(write for example {last if day > last else 1} {month_word} {year})."
        )
    return f"{label}: “{raw}” is not a complete date (write for example {example})."
