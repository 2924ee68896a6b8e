"""Team members (a first name or pseudonym is enough) and who goes to whom."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.services.common import get_engagement, next_position, touch
from app.services.ordered import fetch, list_for
from app.validation import NotFoundError, ValidationError, clean_name
from models.enums import TieType
from models.tables import NetworkTie, TeamMember


def list_members(*, session: Session, engagement_id: int) -> list[TeamMember]:
    """The engagement's team members in order."""
    return list_for(session, TeamMember, engagement_id)


def _check_unique(session: Session, engagement_id: int, name: str, member_id: int | None) -> None:
    for member in list_members(session=session, engagement_id=engagement_id):
        if member.name.casefold() == name.casefold() and member.id != member_id:
            raise ValidationError(
                "name", f"“{name}” is already in this team; use another name or a pseudonym."
            )


def add_member(*, session: Session, engagement_id: int, name: str, role: str = "") -> TeamMember:
    """Add a team member."""
    clean = clean_name(name, "name", "The member's name")
    role = clean_name(role, "role", "Role", required=False)
    engagement = get_engagement(session, engagement_id)
    _check_unique(session, engagement_id, clean, None)
    positions = [m.position for m in list_members(session=session, engagement_id=engagement_id)]
    member = TeamMember(
        engagement_id=engagement_id, position=next_position(positions), name=clean, role=role
    )
    touch(engagement)
    session.add(member)
    session.flush()
    return member


def add_members(*, session: Session, engagement_id: int, names: Sequence[str]) -> list[TeamMember]:
    """Add several members at once, in order (for imports); same rules as `add_member`."""
    engagement = get_engagement(session, engagement_id)
    existing = list_members(session=session, engagement_id=engagement_id)
    taken = {m.name.casefold() for m in existing}
    position = next_position([m.position for m in existing])
    added = []
    for name in names:
        clean = clean_name(name, "name", "The member's name")
        if clean.casefold() in taken:
            raise ValidationError(
                "name", f"“{clean}” is already in this team; use another name or a pseudonym."
            )
        taken.add(clean.casefold())
        added.append(TeamMember(engagement_id=engagement_id, position=position, name=clean))
        position += 1
    if added:
        touch(engagement)
        session.add_all(added)
        session.flush()
    return added


def _member(session: Session, member_id: int) -> TeamMember:
    return fetch(session, TeamMember, member_id, "team member")


def update_member(*, session: Session, member_id: int, name: str, role: str = "") -> TeamMember:
    """Rename a member or change their role."""
    clean = clean_name(name, "name", "The member's name")
    role = clean_name(role, "role", "Role", required=False)
    member = _member(session, member_id)
    _check_unique(session, member.engagement_id, clean, member_id)
    member.name = clean
    member.role = role
    touch(get_engagement(session, member.engagement_id))
    session.add(member)
    session.flush()
    return member


def delete_member(*, session: Session, member_id: int) -> None:
    """Remove a member and every tie to or from them."""
    member = _member(session, member_id)
    touch(get_engagement(session, member.engagement_id))
    session.delete(member)
    session.flush()


def list_ties(*, session: Session, engagement_id: int) -> list[NetworkTie]:
    """The engagement's ties in the order they were recorded."""
    return list(
        session.exec(
            select(NetworkTie)
            .where(col(NetworkTie.engagement_id) == engagement_id)
            .order_by(col(NetworkTie.id))
        )
    )


def add_tie(
    *,
    session: Session,
    engagement_id: int,
    from_member_id: int,
    to_member_id: int,
    tie_type: TieType,
) -> NetworkTie:
    """Record that one member goes to another for something."""
    engagement = get_engagement(session, engagement_id)
    asker, asked = _member(session, from_member_id), _member(session, to_member_id)
    if asker.engagement_id != engagement_id or asked.engagement_id != engagement_id:
        raise ValidationError("tie", "Both people must be members of this engagement's team.")
    if from_member_id == to_member_id:
        raise ValidationError("tie", f"{asker.name} cannot go to themselves.")
    tie_type = TieType(tie_type)
    existing = session.exec(
        select(NetworkTie.id).where(
            col(NetworkTie.from_member_id) == from_member_id,
            col(NetworkTie.to_member_id) == to_member_id,
            col(NetworkTie.tie_type) == tie_type,
        )
    ).first()
    if existing is not None:
        raise ValidationError(
            "tie", f"{asker.name} → {asked.name} ({tie_type.value}) is already recorded."
        )
    tie = NetworkTie(
        engagement_id=engagement_id,
        from_member_id=from_member_id,
        to_member_id=to_member_id,
        tie_type=tie_type,
    )
    touch(engagement)
    session.add(tie)
    session.flush()
    return tie


def find_tie(
    *, session: Session, from_member_id: int, to_member_id: int, tie_type: TieType
) -> NetworkTie | None:
    """The tie "from goes to to for tie_type", if recorded."""
    return session.exec(
        select(NetworkTie).where(
            col(NetworkTie.from_member_id) == from_member_id,
            col(NetworkTie.to_member_id) == to_member_id,
            col(NetworkTie.tie_type) == TieType(tie_type),
        )
    ).first()


@dataclass(frozen=True)
class TieInput:
    """One tie to record: `from_member_id` goes to `to_member_id` for `tie_type`."""

    from_member_id: int
    to_member_id: int
    tie_type: TieType


@dataclass(frozen=True)
class TiesAdded:
    """What `add_ties` did: ties recorded, and ties skipped because they were already there."""

    added: int
    duplicates: int


def add_ties(*, session: Session, engagement_id: int, ties: Iterable[TieInput]) -> TiesAdded:
    """Record many ties at once (for imports), skipping those already recorded.

    The same rules as `add_tie`: both people in this engagement's team, nobody going to themselves.
    """
    engagement = get_engagement(session, engagement_id)
    names = {m.id: m.name for m in list_members(session=session, engagement_id=engagement_id)}
    seen = {
        (t.from_member_id, t.to_member_id, t.tie_type)
        for t in list_ties(session=session, engagement_id=engagement_id)
    }
    new: list[NetworkTie] = []
    duplicates = 0
    for tie in ties:
        key = (tie.from_member_id, tie.to_member_id, TieType(tie.tie_type))
        if key[0] not in names or key[1] not in names:
            raise ValidationError("tie", "Both people must be members of this engagement's team.")
        if key[0] == key[1]:
            raise ValidationError("tie", f"{names[key[0]]} cannot go to themselves.")
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        new.append(
            NetworkTie(
                engagement_id=engagement_id,
                from_member_id=key[0],
                to_member_id=key[1],
                tie_type=key[2],
            )
        )
    if new:
        touch(engagement)
        session.add_all(new)
        session.flush()
    return TiesAdded(added=len(new), duplicates=duplicates)


def delete_tie(*, session: Session, tie_id: int) -> None:
    """Remove a tie."""
    tie = session.get(NetworkTie, tie_id)
    if tie is None:
        raise NotFoundError(f"No tie with id {tie_id}.")
    touch(get_engagement(session, tie.engagement_id))
    session.delete(tie)
    session.flush()
