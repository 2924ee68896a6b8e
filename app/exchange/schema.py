"""The JSON Schema of the exchange file (app/data/engagement.schema.json) and its validator."""

import json
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_RESOURCE = ("data", "engagement.schema.json")


@cache
def load_schema() -> dict[str, Any]:
    """The schema, read from the installed package (works from a wheel as from the source tree)."""
    text = files("app").joinpath(*SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _is_utc_datetime(value: object) -> bool:
    """ISO 8601 date-time that Python can read and that carries a time zone."""
    if not isinstance(value, str):
        return True  # formats only speak about strings
    return datetime.fromisoformat(value).tzinfo is not None


@cache
def validator() -> Any:
    """A draft 2020-12 validator that also checks formats (date, date-time, uuid)."""
    checker = FormatChecker()
    # jsonschema checks "date-time" only with an optional package; check it here instead.
    checker.checks("date-time", raises=ValueError)(_is_utc_datetime)
    return Draft202012Validator(load_schema(), format_checker=checker)
