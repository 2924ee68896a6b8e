"""Where a person's name appears in free text, and replacing it there (for `person_data`).

A name matches as a whole word, whatever its case: "Sam" is found in "asked sam's view" but
not in "Samuel". The free-text columns are listed in `FREE_TEXT`; names that identify a
consultation itself (team, manager, partner, organisation) and the scaffold library are not
people's free text and are not searched (see docs/privacy.md).
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, or_, select, update
from sqlmodel import Session, SQLModel

from models.tables import (
    AgreementVersion,
    Behaviour,
    Cause,
    CheckIn,
    CheckInChange,
    ChosenScaffold,
    Engagement,
    LearningIndicator,
    Observation,
    PerformanceMeasure,
    PrivateNote,
    ReadinessRating,
    Responsibility,
    ScaffoldPerson,
    ScaffoldUpdate,
    SupportPhase,
    TeamMember,
)

REMOVED = "[removed]"
# In a signed version, the names that identify the consultation, like their live columns,
# are not searched: they name the team, its manager and the partner, not team members.
SIGNED_IDENTITY_PATHS = frozenset(
    f"context.{name}"
    for name in ("organisation", "business_unit", "team_name", "manager_name", "partner_name")
)
_VERSIONS: Table = AgreementVersion.__table__  # type: ignore[attr-defined]  # (SQLModel)


@dataclass(frozen=True)
class TextField:
    """A column of free text that may name a person, and how its rows reach their engagement.

    `via` is the parent table and this table's key to it, for rows that belong to an
    engagement only through a parent (a cause through its behaviour).
    """

    label: str
    model: type[SQLModel]
    column: str
    via: tuple[type[SQLModel], str] | None = None


FREE_TEXT: tuple[TextField, ...] = (
    TextField("Team context", Engagement, "team_context"),
    TextField("Request as asked", Engagement, "request_verbatim"),
    TextField("Business goal", Engagement, "business_goal"),
    TextField("Measure name", PerformanceMeasure, "name"),
    TextField("Measure data source", PerformanceMeasure, "data_source"),
    TextField("Measure owner", PerformanceMeasure, "owner"),
    TextField("Behaviour: role", Behaviour, "role"),
    TextField("Behaviour: what is expected", Behaviour, "expected"),
    TextField("Behaviour: what happens now", Behaviour, "current"),
    TextField("Cause: evidence", Cause, "evidence", via=(Behaviour, "behaviour_id")),
    TextField("Scaffold name", ChosenScaffold, "name"),
    TextField("Scaffold description", ChosenScaffold, "description"),
    TextField("Scaffold: why training", ChosenScaffold, "training_reason"),
    TextField("Readiness: support", ReadinessRating, "support"),
    TextField("Responsibility", Responsibility, "task"),
    TextField("Support phase note", SupportPhase, "note"),
    TextField("Team member's role", TeamMember, "role"),
    TextField(
        "Reason for a part in a scaffold",
        ScaffoldPerson,
        "reason",
        via=(ChosenScaffold, "scaffold_id"),
    ),
    TextField("Private note", PrivateNote, "text"),
    TextField("Check-in: what changed", CheckIn, "what_changed"),
    TextField("Check-in history", CheckInChange, "summary"),
    TextField("Observation note", Observation, "note", via=(CheckIn, "checkin_id")),
    TextField("Scaffold update note", ScaffoldUpdate, "note", via=(CheckIn, "checkin_id")),
    TextField("Learning indicator", LearningIndicator, "name"),
    TextField("Learning indicator note", LearningIndicator, "note"),
)


@dataclass(frozen=True)
class Mention:
    """A piece of free text that names the person, with where it is."""

    engagement_id: int
    where: str
    table: str
    column: str
    row_id: int
    text: str


@dataclass(frozen=True)
class SignedMention:
    """A place in a signed agreement version's frozen content that names the person."""

    engagement_id: int
    version_id: int
    version_number: int
    where: str  # a path into the content, e.g. "behaviours[1].causes[0].evidence"
    text: str


def name_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of `terms` as whole words, case-insensitively.

    Spaces inside a term match any run of white space ("Anne Marie" finds "Anne\\nMarie").
    """
    words = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        raise ValueError("a name pattern needs at least one non-empty term")
    alternatives = (r"\s+".join(re.escape(w) for w in term.split()) for term in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _first_words(terms: Iterable[str]) -> list[str]:
    # Folded like SQL's casefold(), a superset of what the pattern's IGNORECASE matches.
    return sorted({t.split()[0].casefold() for t in terms if t.strip()})


def find_mentions(
    session: Session,
    terms: Iterable[str],
    *,
    skip_members: frozenset[int] = frozenset(),
) -> list[Mention]:
    """Every free-text value naming one of `terms`, in `FREE_TEXT` order.

    Rows of the members in `skip_members` (their role, the reasons for their parts) are left
    out: those rows are the person's own and are reported as such.
    """
    terms = list(terms)
    pattern = name_pattern(terms)
    needles = _first_words(terms)
    found: list[Mention] = []
    for field in FREE_TEXT:
        for row_id, engagement_id, value in _candidates(session, field, needles, skip_members):
            if value and pattern.search(value):
                table = _table(field.model).name
                found.append(
                    Mention(engagement_id, field.label, table, field.column, row_id, value)
                )
    return found


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _candidates(
    session: Session, field: TextField, needles: list[str], skip_members: frozenset[int]
) -> Iterator[tuple[int, int, str]]:
    table = _table(field.model)
    column = table.c[field.column]
    if field.via is None:
        owner = table.c.id if field.model is Engagement else table.c.engagement_id
        query = select(table.c.id, owner, column)
    else:
        parent = _table(field.via[0])
        query = select(table.c.id, parent.c.engagement_id, column).join(
            parent, parent.c.id == table.c[field.via[1]]
        )
    query = query.where(or_(*(func.instr(func.casefold(column), n) > 0 for n in needles)))
    if skip_members and field.model is TeamMember:
        query = query.where(table.c.id.not_in(skip_members))
    if skip_members and field.model is ScaffoldPerson:
        query = query.where(table.c.member_id.not_in(skip_members))
    for row_id, engagement_id, value in session.execute(query.order_by(table.c.id)):
        yield int(row_id), int(engagement_id), str(value or "")


def redact(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every match of `pattern` replaced by "[removed]"."""
    return pattern.sub(REMOVED, text)


def redact_mentions(session: Session, mentions: Iterable[Mention], terms: Iterable[str]) -> int:
    """Replace the name in each mention's column; how many values changed."""
    pattern = name_pattern(terms)
    tables = {_table(f.model).name: _table(f.model) for f in FREE_TEXT}
    changed = 0
    for mention in mentions:
        table = tables[mention.table]
        new = redact(mention.text, pattern)
        if new == mention.text:
            continue
        session.execute(
            update(table).where(table.c.id == mention.row_id).values({mention.column: new})
        )
        changed += 1
    return changed


def signed_mentions(
    session: Session, terms: Iterable[str], engagement_ids: Iterable[int] | None = None
) -> list[SignedMention]:
    """Places in signed versions' frozen content that name one of `terms`."""
    pattern = name_pattern(terms)
    query = select(_VERSIONS).order_by(_VERSIONS.c.engagement_id, _VERSIONS.c.number)
    if engagement_ids is not None:
        query = query.where(_VERSIONS.c.engagement_id.in_(list(engagement_ids)))
    found: list[SignedMention] = []
    for version in session.execute(query).mappings():
        for where, value in _strings(json.loads(version["content_json"]), ""):
            if pattern.search(value):
                found.append(
                    SignedMention(
                        version["engagement_id"], version["id"], version["number"], where, value
                    )
                )
    return found


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if where in SIGNED_IDENTITY_PATHS:
        return
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def _redacted(value: Any, pattern: re.Pattern[str], where: str) -> Any:
    if where in SIGNED_IDENTITY_PATHS:
        return value
    if isinstance(value, str):
        return redact(value, pattern)
    if isinstance(value, dict):
        return {
            key: _redacted(item, pattern, f"{where}.{key}" if where else str(key))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redacted(item, pattern, f"{where}[{i}]") for i, item in enumerate(value)]
    return value


def rewrite_signed_versions(
    session: Session, version_ids: Iterable[int], terms: Iterable[str]
) -> int:
    """Replace the name inside these signed versions' content; how many versions changed.

    A signed version cannot be updated (a trigger forbids it), so each is deleted and written
    again under the same id, number, dates and signatures, with only the name replaced.
    """
    pattern = name_pattern(terms)
    changed = 0
    for version_id in sorted(set(version_ids)):
        row = session.execute(select(_VERSIONS).where(_VERSIONS.c.id == version_id)).mappings()
        values = dict(row.one())
        content = _redacted(json.loads(values["content_json"]), pattern, "")
        values["content_json"] = json.dumps(content, sort_keys=True, ensure_ascii=False)
        session.execute(delete(_VERSIONS).where(_VERSIONS.c.id == version_id))
        session.execute(insert(_VERSIONS).values(values))
        changed += 1
    return changed
