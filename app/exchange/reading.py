"""Reading the file up to its schema: size, UTF-8, JSON syntax, format, version, schema, values."""

import json
import math
import re
from collections.abc import Sequence
from itertools import islice
from typing import Any, NoReturn

from app.exchange import FORMAT_BUNDLE, FORMAT_ENGAGEMENT, FORMAT_VERSION, Json
from app.exchange.errors import quoted, refuse
from app.exchange.schema import validator

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Files above this size (20 MB) are refused before they are parsed."""

MAX_INTEGER = 2**63 - 1  # what SQLite can store
_MAX_INTEGER_CHARS = len(str(-MAX_INTEGER)) + 1  # longer whole numbers are too large anyway

MAX_VALUES = 1_000_000
"""More JSON values than this (counted before parsing) are refused: an export holds one per
35 bytes or so, 600,000 at 20 MB, while 20 MB of `{},{},…` would be seven million objects and
over a gigabyte of memory once parsed."""

# A JSON string, escapes included: what is outside strings is structure.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')

_ERRORS_WEIGHED = 100  # schema errors looked at to choose the one to report

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Moments outside these years are refused, as the services refuse such dates: typing slips
or damage, and a date before year 1 or after 9999 in local time cannot even be shown."""


def _shown(value: object, limit: int = 60) -> str:
    """A value as it reads in JSON, shortened for a one-line message."""
    if isinstance(value, _HugeInteger):
        return f"a whole number of {value.digits:,} digits"
    if isinstance(value, list | dict) and len(value) > limit:
        value = value[:limit] if isinstance(value, list) else dict(list(value.items())[:limit])
    try:
        text = json.dumps(value, ensure_ascii=False)
    except RecursionError:  # nested deeper than Python goes
        text = "[…]" if isinstance(value, list) else "{…}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_path(parts: Sequence[str | int], root: str = "") -> str:
    """engagements[0].measures[1] from ("engagements", 0, "measures", 1)."""
    out = root
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "the document"


def check_size(size: int) -> None:
    """Refuse a file over `MAX_DOCUMENT_BYTES`, before anything of it is read or parsed."""
    if size > MAX_DOCUMENT_BYTES:
        refuse(
            f"The file is {size:,} bytes; an exchange file can be at most "
            f"{MAX_DOCUMENT_BYTES:,} bytes (20 MB). Nothing was read."
        )


def decode(data: str | bytes) -> str:
    if isinstance(data, str):
        size = len(data) if len(data) > MAX_DOCUMENT_BYTES else len(data.encode("utf-8", "replace"))
    else:
        size = len(data)
    check_size(size)
    if isinstance(data, str):
        text = data
    else:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            refuse(
                f"The file is not UTF-8 text (byte {exc.start:,} cannot be read), so it is not "
                "an exchange file: those are UTF-8 JSON."
            )
    return text.removeprefix("\ufeff")


class _DuplicateKeyError(ValueError):
    pass


class _ConstantError(ValueError):
    pass


class _HugeInteger(int):
    """A whole number with more digits than Python converts (4,300) or SQLite stores.

    It stands in for the number, as `MAX_INTEGER + 1`, so that `check_values` refuses it with
    its place in the file; `digits` says how long it was.
    """

    digits: int

    def __new__(cls, text: str) -> "_HugeInteger":
        number = super().__new__(cls, -MAX_INTEGER - 1 if text.startswith("-") else MAX_INTEGER + 1)
        number.digits = len(text.lstrip("-"))
        return number


def _integer(text: str) -> int:
    return int(text) if len(text) <= _MAX_INTEGER_CHARS else _HugeInteger(text)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> Json:
    obj: Json = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key)
        obj[key] = value
    return obj


def _no_constants(name: str) -> NoReturn:
    raise _ConstantError(name)


def count_values(text: str) -> int:
    """An upper bound of the values in JSON text (objects, lists and the items in them), from
    its structure alone: quick, and without parsing or copying anything."""
    count = text.count("{") + text.count("[") + text.count(",") + 1
    if count <= MAX_VALUES:
        return count
    # Rare: look again. Every second quote ends a text, and a text is a value or a key (at
    # most one key per value): so many texts are too many values, without counting further.
    texts = (text.count('"') - text.count('\\"')) // 2
    if texts > 2 * MAX_VALUES:
        return texts // 2
    for match in _JSON_STRING.finditer(text):  # leave out what is inside texts
        inside = match.group()
        count -= inside.count("{") + inside.count("[") + inside.count(",")
    return count


def parse(text: str) -> Any:
    if not text or text.isspace():  # no copy of a file of up to 20 MB
        refuse("The file is empty: it holds no JSON.")
    if count_values(text) > MAX_VALUES:
        refuse(
            f"The file holds over {MAX_VALUES:,} values (texts, numbers, lists and objects), "
            "far more than an exchange file holds, so it was not read."
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constants,
            parse_int=_integer,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            refuse(
                f"The file ends before its JSON is complete ({exc.msg} at {where}): "
                "it looks truncated. Export it again."
            )
        refuse(f"The file is not valid JSON: {exc.msg} at {where}.")
    except _DuplicateKeyError as exc:
        refuse(
            f"The file is not valid for Scaffold: the key {quoted(str(exc))} appears twice "
            "in one object."
        )
    except _ConstantError as exc:
        refuse(f"The file is not valid JSON: {exc} is not a JSON number.")
    except RecursionError:
        refuse("The file is not an exchange file: its JSON is nested too deeply.")


def check_format(doc: Any) -> str:
    if not isinstance(doc, dict):
        kind = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(
            type(doc), "a number"
        )
        refuse(
            f"This is not a Scaffold exchange file: it holds {kind} where an object with a "
            "“format” field was expected."
        )
    if "format" not in doc:
        keys = ", ".join(_shown(k, 30) for k in list(doc)[:5]) or "none"
        refuse(
            "This is not a Scaffold exchange file: it has no “format” field "
            f"(its fields are: {keys})."
        )
    found = doc["format"]
    if found not in (FORMAT_ENGAGEMENT, FORMAT_BUNDLE):
        refuse(
            f"This is not a Scaffold exchange file: its format is {_shown(found)}, "
            f"where Scaffold reads “{FORMAT_ENGAGEMENT}” or “{FORMAT_BUNDLE}”."
        )
    return str(found)


def check_version(doc: Json) -> None:
    if "format_version" not in doc:
        refuse("The file has no “format_version”, so Scaffold cannot tell how to read it.")
    version = doc["format_version"]
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_INTEGER:
        refuse(f"format_version must be a whole number from 1, not {_shown(version)}.")
    if version > FORMAT_VERSION:
        refuse(
            f"This file was written by a newer Scaffold (format {version}); this version reads "
            f"up to {FORMAT_VERSION}. Update Scaffold to import it."
        )


_JSON_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _describe(error: Any) -> str:
    """What a jsonschema error means, in one line for a person."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("description", "")
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return f"the field “{missing[0]}” is missing."
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        extra = [name for name in instance if name not in known]
        return f"unknown field {quoted(extra[0])} (format {FORMAT_VERSION} has no such field)."
    if kind == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in expected)
        return f"{_shown(instance)} is not one of: {allowed}."
    if kind == "const":
        return f"must be {_shown(expected)}, not {_shown(instance)}."
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_JSON_TYPES.get(w, w) for w in wanted)
        return f"must be {words}, not {_json_type(instance)}."
    if kind in ("pattern", "format"):
        return f"{_shown(instance)} is not valid here: {hint or 'it has the wrong form.'}"
    if kind == "minItems":
        return "must not be empty."
    if kind == "minimum":
        return f"must be at least {expected}, not {_shown(instance)}."
    if kind == "uniqueItems":
        return "lists the same entry twice."
    message = str(error.message)
    return message if len(message) <= 200 else message[:199] + "…"


def check_schema(doc: Json) -> None:
    from jsonschema.exceptions import best_match

    # The first errors are enough to name the most relevant one; a file with a million bad
    # items would otherwise keep the import busy for minutes listing them all.
    error = best_match(islice(validator().iter_errors(doc), _ERRORS_WEIGHED))
    if error is not None:
        refuse(f"{json_path(list(error.absolute_path))}: {_describe(error)}")


def _check_text(text: str, path: list[str | int]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        refuse(f"{json_path(path)}: contains an invalid character (a lone surrogate).")


def _check_value(node: object, path: list[str | int]) -> None:
    if isinstance(node, str):
        _check_text(node, path)
        if path and isinstance(path[-1], str) and path[-1].endswith("_at"):
            _check_moment(node, path)
    elif isinstance(node, _HugeInteger):
        refuse(f"{json_path(path)}: the whole number of {node.digits:,} digits is too large.")
    elif isinstance(node, int) and not isinstance(node, bool):
        if abs(node) > MAX_INTEGER:
            refuse(f"{json_path(path)}: the number {_shown(node, 30)} is too large.")
    elif isinstance(node, float) and not math.isfinite(node):
        refuse(f"{json_path(path)}: the number is too large to store.")


def _check_moment(text: str, path: list[str | int]) -> None:
    """Moments (the schema's date-times, all named …_at) within the years Scaffold handles."""
    year = int(text[:4]) if text[:4].isascii() and text[:4].isdigit() else FIRST_YEAR
    if not FIRST_YEAR <= year <= LAST_YEAR:
        refuse(
            f"{json_path(path)}: the moment {_shown(text)} is outside the years "
            f"{FIRST_YEAR}–{LAST_YEAR}."
        )


def check_values(doc: Any, path: list[str | int]) -> None:
    """What JSON allows but Scaffold cannot store: lone surrogates, huge or infinite numbers,
    moments outside 1900–2200. Runs after the schema check, in file order, without recursion
    (the parser allows nesting deeper than Python's recursion limit would)."""
    stack: list[tuple[Any, list[str | int]]] = [(doc, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, list):
            stack.extend((item, [*where, i]) for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, dict):
            for key in node:
                _check_text(key, where)  # a key may hold a lone surrogate too
            stack.extend((item, [*where, key]) for key, item in reversed(list(node.items())))
        else:
            _check_value(node, where)
