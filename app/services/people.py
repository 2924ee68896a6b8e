"""Team members (a first name or pseudonym is enough) and who goes to whom."""

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


def delete_tie(*, session: Session, tie_id: int) -> None:
    """Remove a tie."""
    tie = session.get(NetworkTie, tie_id)
    if tie is None:
        raise NotFoundError(f"No tie with id {tie_id}.")
    touch(get_engagement(session, tie.engagement_id))
    session.delete(tie)
    session.flush()
