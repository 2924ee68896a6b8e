"""The rows that are a person, by consultation: member rows, ties, parts (for `person_data`)."""

from dataclasses import dataclass, field

from sqlalchemy import Table, func, or_, select
from sqlmodel import Session

from app.services.person_mentions import Mention, SignedMention
from models.enums import ScaffoldRole, TieType
from models.tables import ChosenScaffold, Engagement, NetworkTie, ScaffoldPerson, TeamMember

MEMBERS: Table = TeamMember.__table__  # type: ignore[attr-defined]  # (SQLModel)
_TIES: Table = NetworkTie.__table__  # type: ignore[attr-defined]
_PARTS: Table = ScaffoldPerson.__table__  # type: ignore[attr-defined]
_SCAFFOLDS: Table = ChosenScaffold.__table__  # type: ignore[attr-defined]
ENGAGEMENTS: Table = Engagement.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MemberEntry:
    """One team member row that is the person."""

    member_id: int
    name: str
    pseudonym: str
    role: str


@dataclass(frozen=True)
class TieEntry:
    """A tie to or from the person: `outgoing` when the person goes to `other_name`."""

    member_name: str
    other_name: str
    outgoing: bool
    tie_type: TieType


@dataclass(frozen=True)
class PartEntry:
    """The person's part in a scaffold."""

    member_name: str
    scaffold_name: str
    role: ScaffoldRole
    reason: str


@dataclass(frozen=True)
class Holdings:
    """What one consultation holds about the person."""

    engagement_id: int
    uid: str
    team_name: str
    manager_name: str
    members: tuple[MemberEntry, ...] = ()
    ties: tuple[TieEntry, ...] = ()
    parts: tuple[PartEntry, ...] = ()
    mentions: tuple[Mention, ...] = ()
    signed: tuple[SignedMention, ...] = ()

    @property
    def signed_versions(self) -> list[int]:
        """Numbers of the signed versions whose frozen content names the person."""
        return sorted({s.version_number for s in self.signed})


@dataclass(frozen=True)
class PersonData:
    """Everything held about a person, by consultation (only those holding something)."""

    name: str
    include_pseudonyms: bool
    holdings: tuple[Holdings, ...]
    terms: tuple[str, ...]  # what free text was searched for: the name and matched pseudonyms

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all is held."""
        return not self.holdings

    def count(self, what: str) -> int:
        """Total of one kind across consultations: "members", "ties", "parts", "mentions"…"""
        return sum(len(getattr(h, what)) for h in self.holdings)


@dataclass
class Found:
    """What was found in one consultation, while searching."""

    members: list[MemberEntry] = field(default_factory=list)
    ties: list[TieEntry] = field(default_factory=list)
    parts: list[PartEntry] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    signed: list[SignedMention] = field(default_factory=list)


def matching_members(
    session: Session, name: str, include_pseudonyms: bool
) -> list[tuple[int, MemberEntry]]:
    folded = name.casefold()
    match = func.casefold(MEMBERS.c.name) == folded
    if include_pseudonyms:
        match = or_(match, func.casefold(MEMBERS.c.pseudonym) == folded)
    query = select(MEMBERS).where(match).order_by(MEMBERS.c.id)
    return [
        (row.engagement_id, MemberEntry(row.id, row.name, row.pseudonym, row.role))
        for row in session.execute(query)
    ]


def ties_of(session: Session, member_ids: frozenset[int]) -> list[tuple[int, TieEntry]]:
    if not member_ids:
        return []
    source, target = MEMBERS.alias("source"), MEMBERS.alias("target")
    query = (
        select(
            _TIES.c.engagement_id,
            _TIES.c.tie_type,
            _TIES.c.from_member_id,
            source.c.name.label("from_name"),
            target.c.name.label("to_name"),
        )
        .join(source, source.c.id == _TIES.c.from_member_id)
        .join(target, target.c.id == _TIES.c.to_member_id)
        .where(or_(_TIES.c.from_member_id.in_(member_ids), _TIES.c.to_member_id.in_(member_ids)))
        .order_by(_TIES.c.id)
    )
    found = []
    for row in session.execute(query):
        kind = TieType(row.tie_type)
        # A tie between two matches (a name and a pseudonym) is told from its source's side.
        if row.from_member_id in member_ids:
            tie = TieEntry(row.from_name, row.to_name, True, kind)
        else:
            tie = TieEntry(row.to_name, row.from_name, False, kind)
        found.append((row.engagement_id, tie))
    return found


def parts_of(session: Session, member_ids: frozenset[int]) -> list[tuple[int, PartEntry]]:
    if not member_ids:
        return []
    query = (
        select(
            _SCAFFOLDS.c.engagement_id,
            MEMBERS.c.name.label("member_name"),
            _SCAFFOLDS.c.name.label("scaffold_name"),
            _PARTS.c.role,
            _PARTS.c.reason,
        )
        .join(_SCAFFOLDS, _SCAFFOLDS.c.id == _PARTS.c.scaffold_id)
        .join(MEMBERS, MEMBERS.c.id == _PARTS.c.member_id)
        .where(_PARTS.c.member_id.in_(member_ids))
        .order_by(_PARTS.c.id)
    )
    return [
        (
            row.engagement_id,
            PartEntry(row.member_name, row.scaffold_name, ScaffoldRole(row.role), row.reason),
        )
        for row in session.execute(query)
    ]


def holdings_of(session: Session, found: dict[int, Found]) -> tuple[Holdings, ...]:
    if not found:
        return ()
    query = select(
        ENGAGEMENTS.c.id, ENGAGEMENTS.c.uid, ENGAGEMENTS.c.team_name, ENGAGEMENTS.c.manager_name
    ).where(ENGAGEMENTS.c.id.in_(list(found)))
    rows = sorted(session.execute(query), key=lambda r: (r.team_name.casefold(), r.id))
    return tuple(
        Holdings(
            engagement_id=row.id,
            uid=row.uid,
            team_name=row.team_name,
            manager_name=row.manager_name,
            members=tuple(found[row.id].members),
            ties=tuple(found[row.id].ties),
            parts=tuple(found[row.id].parts),
            mentions=tuple(found[row.id].mentions),
            signed=tuple(found[row.id].signed),
        )
        for row in rows
    )
