"""Reading the built-in library file (app/data/scaffold_library.toml) into `LibraryEntry` values.

The file is TOML, checked against app/data/scaffold_library.schema.json (draft 2020-12) and then
in code for what a schema cannot say (unique keys, formal training addresses knowledge only).
Every failure is a `LibraryDataError` that names the file, the entry and what is wrong.
"""

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from app.library.entry import Effort, LibraryEntry
from app.library.errors import LibraryDataError
from models.enums import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind

# Tests point the loader at another file with this variable; the app never sets it.
ENV_LIBRARY_FILE = "SCAFFOLD_LIBRARY_FILE"
LIBRARY_RESOURCE = ("data", "scaffold_library.toml")
SCHEMA_RESOURCE = ("data", "scaffold_library.schema.json")

_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_HEADER = re.compile(r"^\s*\[\[\s*scaffold\s*\]\]")
_KEY_LINE = re.compile(r"""^\s*key\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class LibrarySource:
    """The library file's bytes and the name to show for it in messages."""

    name: str
    data: bytes

    @property
    def digest(self) -> str:
        """SHA-256 of the bytes: equal digests mean there is nothing new to load."""
        return hashlib.sha256(self.data).hexdigest()


def read_library_source(path: Path | None = None) -> LibrarySource:
    """Read the library file: `path`, else $SCAFFOLD_LIBRARY_FILE, else the packaged file."""
    if path is None:
        override = os.environ.get(ENV_LIBRARY_FILE, "").strip()
        if override:
            path = Path(override)
    resource = files("app").joinpath(*LIBRARY_RESOURCE) if path is None else path
    try:
        return LibrarySource(name=str(resource), data=resource.read_bytes())
    except OSError as exc:
        raise LibraryDataError(
            str(resource), f"the library file cannot be read ({exc.strerror or exc})."
        ) from exc


def load_builtin_library(path: Path | None = None) -> list[LibraryEntry]:
    """The built-in scaffolds, in file order; raises `LibraryDataError` when the file is broken.

    Without `path`, reads the file packaged with Scaffold (or $SCAFFOLD_LIBRARY_FILE in tests).
    """
    return parse_library(read_library_source(path))


def parse_library(source: LibrarySource) -> list[LibraryEntry]:
    """Parse, validate and convert a library file's bytes."""
    document = _parse_toml(source)
    _check_schema(source.name, document)
    items: list[dict[str, Any]] = document["scaffold"]
    _check_rules(source.name, items)
    return [_entry(item) for item in items]


# --- TOML ------------------------------------------------------------------------------------


def _parse_toml(source: LibrarySource) -> dict[str, Any]:
    text = _decode(source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_AT.search(message)
        problem = message[: found.start()] if found else message
        line = None
        if found and found.group(1):
            line = int(found.group(1))
            problem += f" (column {found.group(2)})"
        elif found:
            line = text.count("\n") + 1
        index, key = _entry_at_line(text, line) if line is not None else (None, None)
        raise LibraryDataError(
            source.name, f"invalid TOML: {problem}.", index=index, key=key, line=line
        ) from exc


def _decode(source: LibrarySource) -> str:
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        index, key = _entry_at_line(source.data.decode("utf-8", "replace"), line)
        raise LibraryDataError(
            source.name,
            f"the file is not UTF-8 text (byte {exc.start}).",
            index=index,
            key=key,
            line=line,
        ) from exc


def _entry_at_line(text: str, line: int) -> tuple[int | None, str | None]:
    """Which `[[scaffold]]` entry a line falls in (0-based), and that entry's key if readable."""
    lines = text.splitlines()
    headers = [n for n, content in enumerate(lines) if _HEADER.match(content)]
    before = [n for n in headers if n < line]
    if not before:
        return None, None
    start = before[-1]
    later = [n for n in headers if n > start]
    block = lines[start + 1 : later[0] if later else len(lines)]
    for content in block:
        match = _KEY_LINE.match(content)
        if match:
            return len(before) - 1, match.group(1)
    return len(before) - 1, None


# --- Schema ----------------------------------------------------------------------------------


@cache
def load_library_schema() -> dict[str, Any]:
    """The JSON Schema of the library file, from the installed package."""
    text = files("app").joinpath(*SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # only when a file is actually loaded

    return Draft202012Validator(load_library_schema())


def _entry_index(error: Any) -> int | None:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "scaffold" and isinstance(path[1], int):
        return int(path[1])
    return None


def _error_order(error: Any) -> tuple[int, str]:
    """Report the first entry's problem first (document-level problems before any entry's)."""
    index = _entry_index(error)
    return (-1 if index is None else index, error.json_path)


def _describe(error: Any) -> str:
    """jsonschema's message, reworded where it would puzzle a person."""
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"the field {missing} is missing."
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))
        return f"unknown field(s) {', '.join(unknown)}; the fields are {', '.join(known)}."
    if kind in {"minLength", "pattern"} and error.validator_value in {1, "\\S"}:
        return "must not be empty."
    if kind == "pattern":
        return (
            f"{error.instance!r} is not a valid key: use lowercase letters, digits and single "
            'dashes, like "decision-guide".'
        )
    if kind == "enum":
        choices = " | ".join(str(value) for value in error.validator_value)
        return f"{error.instance!r} is not one of {choices}."
    if kind == "minItems" and error.validator_value == 1:
        return "needs at least one value."
    if kind == "uniqueItems":
        repeated = [str(v) for n, v in enumerate(error.instance) if v in error.instance[:n]]
        return f"lists {', '.join(dict.fromkeys(repeated))} more than once."
    return f"{error.message}."


def _check_schema(name: str, document: dict[str, Any]) -> None:
    errors = list(_validator().iter_errors(document))
    if not errors:
        return
    error = min(errors, key=_error_order)
    index = _entry_index(error)
    where = error.json_path
    raise LibraryDataError(
        name,
        f"{where}: {_describe(error)}" if where != "$" else _describe(error),
        index=index,
        key=_key_of(document, index),
    )


def _key_of(document: dict[str, Any], index: int | None) -> str | None:
    if index is None:
        return None
    item = document["scaffold"][index]
    key = item.get("key") if isinstance(item, dict) else None
    return key if isinstance(key, str) else None


# --- Rules the schema cannot state -------------------------------------------------------------


def _check_rules(name: str, items: Sequence[dict[str, Any]]) -> None:
    first_with_key: dict[str, int] = {}
    for index, item in enumerate(items):
        key = item["key"]

        def fail(problem: str, index: int = index, key: str = key) -> LibraryDataError:
            return LibraryDataError(name, problem, index=index, key=key)

        if key in first_with_key:
            raise fail(f'the key "{key}" is already used by scaffold #{first_with_key[key] + 1}.')
        first_with_key[key] = index
        if item["kind"] == ScaffoldKind.formal_training:
            others = [cell for cell in item["addresses"] if cell != GilbertCell.knowledge]
            if others:
                raise fail(
                    "formal training addresses knowledge only, so addresses may not list "
                    f"{', '.join(others)}."
                )
        both = [cell for cell in item["addresses"] if cell in item["does_not_address"]]
        if both:
            raise fail(f"{', '.join(both)} is listed in both addresses and does_not_address.")


def _entry(item: dict[str, Any]) -> LibraryEntry:
    return LibraryEntry(
        key=item["key"],
        name=item["name"].strip(),
        kind=ScaffoldKind(item["kind"]),
        summary=item["summary"].strip(),
        setup=item["setup"].strip(),
        addresses=tuple(GilbertCell(value) for value in item["addresses"]),
        does_not_address=tuple(GilbertCell(value) for value in item["does_not_address"]),
        levels=tuple(Level(value) for value in item["levels"]),
        owner_role=OwnerRole(item["owner_role"]),
        effort=Effort(item["effort"]),
        lead_time_days=int(item["lead_time_days"]),
        step_back=item["step_back"].strip(),
        signal=item["signal"].strip(),
        reference=item["reference"].strip(),
        new_skills=tuple(NewSkill(value) for value in item.get("new_skills", ())),
        builtin=True,
        retired=False,
    )
