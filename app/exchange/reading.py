"""Reading the file up to its schema: size, UTF-8, JSON syntax, format, version, schema, values."""

import json
import math
from collections.abc import Sequence
from typing import Any, NoReturn

from app.exchange import FORMAT_BUNDLE, FORMAT_ENGAGEMENT, FORMAT_VERSION, Json
from app.exchange.errors import refuse
from app.exchange.schema import validator

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Files above this size (20 MB) are refused before they are parsed."""

MAX_INTEGER = 2**63 - 1  # what SQLite can store


def _shown(value: object, limit: int = 60) -> str:
    """A value as it reads in JSON, shortened for a one-line message."""
    text = json.dumps(value, ensure_ascii=False)
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


def decode(data: str | bytes) -> str:
    if isinstance(data, str):
        size = len(data) if len(data) > MAX_DOCUMENT_BYTES else len(data.encode("utf-8", "replace"))
    else:
        size = len(data)
    if size > MAX_DOCUMENT_BYTES:
        refuse(
            f"The file is {size:,} bytes; an exchange file can be at most "
            f"{MAX_DOCUMENT_BYTES:,} bytes (20 MB). Nothing was read."
        )
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


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> Json:
    obj: Json = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key)
        obj[key] = value
    return obj


def _no_constants(name: str) -> NoReturn:
    raise _ConstantError(name)


def parse(text: str) -> Any:
    if not text.strip():
        refuse("The file is empty: it holds no JSON.")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            refuse(
                f"The file ends before its JSON is complete ({exc.msg} at {where}): "
                "it looks truncated. Export it again."
            )
        refuse(f"The file is not valid JSON: {exc.msg} at {where}.")
    except _DuplicateKeyError as exc:
        refuse(f"The file is not valid for Scaffold: the key “{exc}” appears twice in one object.")
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
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
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
        return f"unknown field “{extra[0]}” (format {FORMAT_VERSION} has no such field)."
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

    error = best_match(validator().iter_errors(doc))
    if error is not None:
        refuse(f"{json_path(list(error.absolute_path))}: {_describe(error)}")


def check_values(node: Any, path: list[str | int]) -> None:
    """What JSON allows but Scaffold cannot store: lone surrogates, huge or infinite numbers."""
    if isinstance(node, str):
        try:
            node.encode("utf-8")
        except UnicodeEncodeError:
            refuse(f"{json_path(path)}: contains an invalid character (a lone surrogate).")
    elif isinstance(node, bool):
        return
    elif isinstance(node, int):
        if abs(node) > MAX_INTEGER:
            refuse(f"{json_path(path)}: the number {_shown(node, 30)} is too large.")
    elif isinstance(node, float):
        if not math.isfinite(node):
            refuse(f"{json_path(path)}: the number is too large to store.")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            check_values(item, [*path, i])
    elif isinstance(node, dict):
        for key, item in node.items():
            check_values(item, [*path, key])
