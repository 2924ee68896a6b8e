"""The JSON Schema of the exchange file (app/data/engagement.schema.json) and its validator."""

import json
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

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


def _is_whole_number(checker: Any, instance: object) -> bool:
    """JSON Schema counts 3.0 (even 1e300) as an integer; Scaffold stores whole numbers as
    such and uses them as counts and indexes, so only a number written without a fraction or
    exponent is one."""
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A schema pattern with ECMA-262's `$` (the very end), not Python's (also before a final
    newline): "m1" and a line break is not a measure's ref."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: object, schema: Any) -> Iterator[Any]:
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(
    Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole_number),
)


@cache
def validator() -> Any:
    """A draft 2020-12 validator that also checks formats (date, date-time, uuid), with
    integers that are whole numbers as written and `$` in patterns as JSON Schema means it."""
    checker = FormatChecker()
    # jsonschema checks "date-time" only with an optional package; check it here instead.
    checker.checks("date-time", raises=ValueError)(_is_utc_datetime)
    return _Validator(load_schema(), format_checker=checker)
