"""People's parts in scaffolds ("peer coaching led by …") and the names a print shows.

A part is not part of the signed agreement: champions are often found once the team's network
is mapped, after signing, so parts can be given and taken back at any time.
"""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.services.common import get_engagement, touch
from app.services.ordered import fetch
from app.validation import ValidationError, clean_name, clean_text
from models.enums import ScaffoldRole
from models.tables import ChosenScaffold, ScaffoldPerson, TeamMember

ROLE_WORDS: dict[ScaffoldRole, str] = {
    ScaffoldRole.champion: "champion",
    ScaffoldRole.peer_coach: "peer coach",
    ScaffoldRole.community_lead: "community lead",
    ScaffoldRole.backup: "back-up",
}


@dataclass(frozen=True)
class ScaffoldPart:
    """One person's part in one scaffold, with the names needed to show it."""

    id: int
    scaffold_id: int
    scaffold_name: str
    member_id: int
    member_name: str
    role: ScaffoldRole
    reason: str


def give_part(
    *,
    session: Session,
    scaffold_id: int,
    member_id: int,
    role: ScaffoldRole,
    reason: str = "",
) -> ScaffoldPerson:
    """Give a team member a part in a scaffold of the same engagement."""
    scaffold = fetch(session, ChosenScaffold, scaffold_id, "scaffold")
    member = fetch(session, TeamMember, member_id, "team member")
    if member.engagement_id != scaffold.engagement_id:
        raise ValidationError("member", "That person belongs to another consultation's team.")
    role = ScaffoldRole(role)
    existing = session.exec(
        select(ScaffoldPerson).where(
            col(ScaffoldPerson.scaffold_id) == scaffold_id,
            col(ScaffoldPerson.member_id) == member_id,
            col(ScaffoldPerson.role) == role,
        )
    ).first()
    if existing is not None:
        raise ValidationError(
            "member",
            f"{member.name} is already the {ROLE_WORDS[role]} of “{scaffold.name}”.",
        )
    part = ScaffoldPerson(
        scaffold_id=scaffold_id,
        member_id=member_id,
        role=role,
        reason=clean_text(reason, "reason", "The reason"),
    )
    touch(get_engagement(session, scaffold.engagement_id))
    session.add(part)
    session.flush()
    return part


def take_back_part(*, session: Session, part_id: int) -> None:
    """Remove a person's part in a scaffold."""
    part = fetch(session, ScaffoldPerson, part_id, "part in a scaffold")
    scaffold = fetch(session, ChosenScaffold, part.scaffold_id, "scaffold")
    touch(get_engagement(session, scaffold.engagement_id))
    session.delete(part)
    session.flush()


def list_parts(*, session: Session, engagement_id: int) -> list[ScaffoldPart]:
    """Every part in the engagement's scaffolds, in scaffold order, then by role and name."""
    rows = session.exec(
        select(ScaffoldPerson, ChosenScaffold, TeamMember)
        .join(ChosenScaffold, col(ChosenScaffold.id) == col(ScaffoldPerson.scaffold_id))
        .join(TeamMember, col(TeamMember.id) == col(ScaffoldPerson.member_id))
        .where(col(ChosenScaffold.engagement_id) == engagement_id)
        .order_by(
            col(ChosenScaffold.position),
            col(ChosenScaffold.id),
            col(TeamMember.position),
            col(ScaffoldPerson.id),
        )
    )
    return [
        ScaffoldPart(
            id=_id(part.id),
            scaffold_id=_id(scaffold.id),
            scaffold_name=scaffold.name,
            member_id=_id(member.id),
            member_name=member.name,
            role=ScaffoldRole(part.role),
            reason=part.reason,
        )
        for part, scaffold, member in rows
    ]


def _id(value: int | None) -> int:
    assert value is not None, "rows read from the database have ids"
    return value


def set_print_pseudonyms(*, session: Session, engagement_id: int, on: bool) -> None:
    """Choose whether prints of this engagement show pseudonyms instead of names."""
    engagement = get_engagement(session, engagement_id)
    engagement.print_pseudonyms = bool(on)
    touch(engagement)
    session.add(engagement)
    session.flush()


def set_pseudonym(*, session: Session, member_id: int, pseudonym: str) -> TeamMember:
    """Give a member the pseudonym prints show; empty means "Person A", "Person B"… by order."""
    member = fetch(session, TeamMember, member_id, "team member")
    clean = clean_name(pseudonym, "pseudonym", "The pseudonym", required=False)
    if clean and clean.casefold() == member.name.casefold():
        raise ValidationError("pseudonym", "A pseudonym must differ from the person's name.")
    member.pseudonym = clean
    touch(get_engagement(session, member.engagement_id))
    session.add(member)
    session.flush()
    return member


def _letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA…"""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def print_names(*, session: Session, engagement_id: int) -> dict[int, str]:
    """The name to print for each member: their name, or their pseudonym when prints hide names.

    A member without a pseudonym prints as "Person A", "Person B"… in team order; a generated
    label never repeats a pseudonym someone was given.
    """
    engagement = get_engagement(session, engagement_id)
    members = list(
        session.exec(
            select(TeamMember)
            .where(col(TeamMember.engagement_id) == engagement_id)
            .order_by(col(TeamMember.position), col(TeamMember.id))
        )
    )
    if not engagement.print_pseudonyms:
        return {_id(m.id): m.name for m in members}
    taken = {m.pseudonym.casefold() for m in members if m.pseudonym}
    out: dict[int, str] = {}
    n = 0
    for member in members:
        if member.pseudonym:
            out[_id(member.id)] = member.pseudonym
            continue
        while (label := f"Person {_letters(n)}").casefold() in taken:
            n += 1
        taken.add(label.casefold())
        out[_id(member.id)] = label
    return out
