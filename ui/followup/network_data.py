"""What the team network page reads in one transaction, and the work its background jobs do.

The jobs get plain frozen data (no database rows, no widgets), so they are safe in a thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.network.grid import Grid, network_grid
from app.network.measure import Measure
from app.services.common import get_engagement
from app.services.people import list_members, list_ties
from app.services.scaffold_people import ScaffoldPart, list_parts
from app.services.scaffolds import list_scaffolds
from app.vocab import TieType

if TYPE_CHECKING:
    from sqlmodel import Session

    from app.network.analysis import NetworkAnalysis
    from app.network.findings import Finding


@dataclass(frozen=True)
class MemberRow:
    """A team member as the page shows and edits them."""

    id: int
    name: str
    role: str
    pseudonym: str


@dataclass(frozen=True)
class TieRow:
    """One recorded tie: `from_member_id` goes to `to_member_id` for `tie_type`."""

    from_member_id: int
    to_member_id: int
    tie_type: TieType


@dataclass(frozen=True)
class ScaffoldChoice:
    """A scaffold of the engagement someone can be given a part in."""

    id: int
    name: str


@dataclass(frozen=True)
class NetworkPageData:
    """Everything the page shows, read in one transaction."""

    members: tuple[MemberRow, ...]
    ties: tuple[TieRow, ...]
    grid: Grid
    print_pseudonyms: bool
    scaffolds: tuple[ScaffoldChoice, ...]
    parts: tuple[ScaffoldPart, ...]


def read_team(
    *, session: Session, engagement_id: int
) -> tuple[tuple[MemberRow, ...], tuple[TieRow, ...]]:
    """The team members in order and every tie, as plain data."""
    members = tuple(
        MemberRow(m.id, m.name, m.role, m.pseudonym)
        for m in list_members(session=session, engagement_id=engagement_id)
        if m.id is not None
    )
    ties = tuple(
        TieRow(t.from_member_id, t.to_member_id, TieType(t.tie_type))
        for t in list_ties(session=session, engagement_id=engagement_id)
    )
    return members, ties


def read_page(*, session: Session, engagement_id: int, tie_type: TieType) -> NetworkPageData:
    """The team, its ties, the grid of one tie type, the scaffolds and the parts given."""
    members, ties = read_team(session=session, engagement_id=engagement_id)
    return NetworkPageData(
        members=members,
        ties=ties,
        grid=network_grid(session=session, engagement_id=engagement_id, tie_type=tie_type),
        print_pseudonyms=get_engagement(session, engagement_id).print_pseudonyms,
        scaffolds=tuple(
            ScaffoldChoice(s.id, s.name)
            for s in list_scaffolds(session=session, engagement_id=engagement_id)
            if s.id is not None
        ),
        parts=tuple(list_parts(session=session, engagement_id=engagement_id)),
    )


@dataclass(frozen=True)
class NetworkQuestion:
    """What to analyse: the team and its ties, which tie types (None: all) and the circle size."""

    members: tuple[MemberRow, ...]
    ties: tuple[TieRow, ...]
    tie_types: tuple[TieType, ...] | None
    size_by: Measure

    @property
    def names(self) -> dict[int, str]:
        """The label of each member id."""
        return {m.id: m.name for m in self.members}


def _analyse(question: NetworkQuestion) -> NetworkAnalysis:
    from app.network.analysis import analyse_network

    return analyse_network(question.members, question.ties, question.tie_types)


def find_findings(question: NetworkQuestion) -> tuple[NetworkAnalysis, tuple[Finding, ...]]:
    """The analysis and its findings (runs in a worker thread)."""
    from app.network.findings import network_findings

    analysis = _analyse(question)
    return analysis, network_findings(analysis, names=question.names)


def draw_diagram(question: NetworkQuestion) -> bytes:
    """The diagram's SVG (runs in a worker thread: a 50-person team takes a second or two)."""
    from app.charts.network import network_diagram_svg

    return network_diagram_svg(_analyse(question), names=question.names, size_by=question.size_by)


def describe(analysis: NetworkAnalysis) -> str:
    """One line saying how big the network is, for the diagram's caption."""
    people = "1 person" if analysis.size == 1 else f"{analysis.size} people"
    links = len(analysis.links)
    arrows = "1 arrow" if links == 1 else f"{links} arrows"
    return f"{people}, {arrows}; {analysis.density:.0%} of the possible ties are there."
