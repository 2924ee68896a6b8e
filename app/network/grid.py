"""The service behind the keyboard grid: rows are the people asking, columns the people asked."""

from dataclasses import dataclass

from sqlmodel import Session

from app.services.common import get_engagement
from app.services.ordered import fetch
from app.services.people import add_tie, delete_tie, find_tie, list_members, list_ties
from app.validation import ValidationError
from models.enums import TieType
from models.tables import TeamMember


@dataclass(frozen=True)
class GridMember:
    """A row and column of the grid."""

    member_id: int
    name: str


@dataclass(frozen=True)
class Grid:
    """Who goes to whom for one tie type.

    Attributes:
        tie_type: the tie type shown.
        members: the team in its order; row i and column i are `members[i]`.
        cells: `cells[i][j]` is True when `members[i]` goes to `members[j]`; the diagonal is
            always False.
    """

    tie_type: TieType
    members: tuple[GridMember, ...]
    cells: tuple[tuple[bool, ...], ...]

    def index_of(self, member_id: int) -> int:
        """The row (and column) of a member; ValueError if not in the grid."""
        for index, member in enumerate(self.members):
            if member.member_id == member_id:
                return index
        raise ValueError(f"Member {member_id} is not in this grid.")

    def has(self, from_id: int, to_id: int) -> bool:
        """Whether `from_id` goes to `to_id`."""
        return self.cells[self.index_of(from_id)][self.index_of(to_id)]


def network_grid(*, session: Session, engagement_id: int, tie_type: TieType) -> Grid:
    """The grid of one tie type for an engagement's team."""
    get_engagement(session, engagement_id)
    tie_type = TieType(tie_type)
    members = [
        GridMember(m.id, m.name)
        for m in list_members(session=session, engagement_id=engagement_id)
        if m.id is not None
    ]
    index = {m.member_id: i for i, m in enumerate(members)}
    cells = [[False] * len(members) for _ in members]
    for tie in list_ties(session=session, engagement_id=engagement_id):
        if tie.tie_type == tie_type:
            cells[index[tie.from_member_id]][index[tie.to_member_id]] = True
    return Grid(tie_type, tuple(members), tuple(tuple(row) for row in cells))


def _team_member(session: Session, engagement_id: int, member_id: int) -> TeamMember:
    member = fetch(session, TeamMember, member_id, "team member")
    if member.engagement_id != engagement_id:
        raise ValidationError("tie", "Both people must be members of this engagement's team.")
    return member


def set_tie(
    *,
    session: Session,
    engagement_id: int,
    from_id: int,
    to_id: int,
    tie_type: TieType,
    present: bool,
) -> bool:
    """Make one grid cell true or false; returns whether anything changed (idempotent).

    Refuses a member of another engagement and a person going to themselves (ValidationError),
    even when clearing a cell, so the grid's diagonal never looks editable.
    """
    get_engagement(session, engagement_id)
    asker = _team_member(session, engagement_id, from_id)
    _team_member(session, engagement_id, to_id)
    if from_id == to_id:
        raise ValidationError("tie", f"{asker.name} cannot go to themselves.")
    existing = find_tie(
        session=session, from_member_id=from_id, to_member_id=to_id, tie_type=tie_type
    )
    if present and existing is None:
        add_tie(
            session=session,
            engagement_id=engagement_id,
            from_member_id=from_id,
            to_member_id=to_id,
            tie_type=tie_type,
        )
        return True
    if not present and existing is not None and existing.id is not None:
        delete_tie(session=session, tie_id=existing.id)
        return True
    return False
