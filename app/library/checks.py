"""Checking a library entry typed by the partner (or shipped): fields, keys and content hashes."""

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from app.library.entry import Effort, LibraryEntry
from app.validation import ValidationError, check_range, clean_name, clean_text
from models.enums import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind

KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_KEY_CHARS = 80  # chosen_scaffold.library_key holds as much
_SLUG_CHARS = 60  # room for a "-2" suffix and more
MAX_LEAD_TIME_DAYS = 365

E = TypeVar("E", bound=StrEnum)

# The fields a hash of the content covers: everything but the two states kept per database.
_STATE_FIELDS = frozenset({"builtin", "retired"})


def check_key(value: str) -> str:
    """A key a person typed: lowercase letters, digits and single dashes, at most 80 characters."""
    key = value.strip()
    if not key:
        raise ValidationError("key", "Key is required.")
    if len(key) > MAX_KEY_CHARS:
        raise ValidationError(
            "key", f"Key is {len(key)} characters long; the limit is {MAX_KEY_CHARS}."
        )
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            "key",
            f"Key “{key}” may hold only lowercase letters, digits and single dashes "
            "(like “decision-guide”).",
        )
    return key


def slug(name: str) -> str:
    """A key-shaped version of a name: "Décision guide (v2)" → "decision-guide-v2"."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:_SLUG_CHARS].rstrip("-") or "scaffold"


def unused_key(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken yet."""
    used = set(taken)
    key, number = base, 2
    while key in used:
        key = f"{base}-{number}"
        number += 1
    return key


def _member(enum: type[E], value: object, field: str, label: str) -> E:
    if isinstance(value, str):  # members are strings too
        try:
            return enum(value)
        except ValueError:
            pass
    choices = " | ".join(member.value for member in enum)
    raise ValidationError(field, f"{label}: “{value}” is not one of {choices}.")


def _members(
    enum: type[E], values: object, field: str, label: str, *, required: bool
) -> tuple[E, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError(field, f"{label} must be a list of values.")
    members = tuple(_member(enum, value, field, label) for value in values)
    if required and not members:
        what = {"addresses": "cause it addresses", "levels": "level"}.get(field, "value")
        raise ValidationError(field, f"Tick at least one {what}.")
    repeated = sorted({m.value for m in members if members.count(m) > 1})
    if repeated:
        raise ValidationError(field, f"{label} lists {', '.join(repeated)} more than once.")
    return members


def clean_entry(data: LibraryEntry, *, key: str) -> LibraryEntry:
    """The entry with trimmed text and checked values under `key`, or `ValidationError`.

    Name and summary are required, and at least one cause addressed and one level; a formal
    training addresses knowledge only. Other texts may stay empty in the partner's own scaffolds.
    """
    kind = _member(ScaffoldKind, data.kind, "kind", "Kind")
    addresses = _members(GilbertCell, data.addresses, "addresses", "Addresses", required=True)
    does_not = _members(
        GilbertCell, data.does_not_address, "does_not_address", "Does not address", required=False
    )
    both = [cell.value for cell in addresses if cell in does_not]
    if both:
        raise ValidationError(
            "does_not_address",
            f"{', '.join(both)} cannot be both addressed and not addressed.",
        )
    if kind is ScaffoldKind.formal_training and set(addresses) != {GilbertCell.knowledge}:
        others = ", ".join(c.value for c in addresses if c is not GilbertCell.knowledge)
        raise ValidationError(
            "addresses",
            f"Formal training addresses knowledge only (not {others}); choose another kind "
            "for a scaffold that changes the work environment.",
        )
    return dataclasses.replace(
        data,
        key=key,
        name=clean_name(data.name, "name", "Name"),
        kind=kind,
        summary=clean_text(data.summary, "summary", "Summary", required=True),
        setup=clean_text(data.setup, "setup", "Set-up"),
        addresses=addresses,
        does_not_address=does_not,
        levels=_members(Level, data.levels, "levels", "Levels", required=True),
        owner_role=_member(OwnerRole, data.owner_role, "owner_role", "Owner"),
        effort=_member(Effort, data.effort, "effort", "Effort"),
        lead_time_days=check_range(
            data.lead_time_days, "lead_time_days", "Lead time in days", 1, MAX_LEAD_TIME_DAYS
        ),
        step_back=clean_text(data.step_back, "step_back", "Stepping back"),
        signal=clean_text(data.signal, "signal", "Signal"),
        reference=clean_text(data.reference, "reference", "Reference"),
        new_skills=_members(NewSkill, data.new_skills, "new_skills", "New skills", required=False),
    )


def content_hash(entry: LibraryEntry) -> str:
    """SHA-256 of an entry's content (not of whether it is built-in or retired)."""
    content = {
        field.name: getattr(entry, field.name)
        for field in dataclasses.fields(entry)
        if field.name not in _STATE_FIELDS
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
