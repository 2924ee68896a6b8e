"""Domain validation: one error type that names the field and says what is wrong, for a person."""

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
    return check_finite(float(raw.replace(",", ".")), field, label)


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
