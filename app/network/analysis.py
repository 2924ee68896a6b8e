"""Measures of a team's value network, per person and per team, computed with networkx.

The network is directed: an arrow from A to B means "A goes to B for …". When several tie types
are analysed together, A → B counts once however many types link them, so degrees count people.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session

from app.network.lazy import networkx
from app.network.measure import Measure
from app.services.people import list_members, list_ties
from models.enums import TieType

# PageRank's damping factor: the usual 0.85 (a walker follows an arrow 85 % of the time).
PAGERANK_ALPHA = 0.85


class MemberLike(Protocol):
    """What the analysis reads from a team member (a `TeamMember` row fits)."""

    @property
    def id(self) -> int | None:
        """The member's id."""

    @property
    def name(self) -> str:
        """The member's name or pseudonym."""


class TieLike(Protocol):
    """What the analysis reads from a tie (a `NetworkTie` row fits)."""

    @property
    def from_member_id(self) -> int:
        """Who goes to someone."""

    @property
    def to_member_id(self) -> int:
        """Whom they go to."""

    @property
    def tie_type(self) -> TieType:
        """What they go to them for."""


@dataclass(frozen=True)
class PersonMetrics:
    """One person's place in the network.

    Attributes:
        member_id: the team member's id.
        name: their name as stored (callers may show a pseudonym instead).
        in_degree: how many people go to them.
        out_degree: how many people they go to.
        betweenness: share of shortest asking-routes between two others that pass through them,
            normalised to 0–1 (directed, networkx `betweenness_centrality(normalized=True)`).
        pagerank: PageRank (damping 0.85); the values of a team sum to 1, so 1/n is average.
        is_isolate: no ties either way.
        is_cut_point: an articulation point of the undirected network: without them, some
            people would no longer be connected to the rest (a single point of failure).
    """

    member_id: int
    name: str
    in_degree: int
    out_degree: int
    betweenness: float
    pagerank: float
    is_isolate: bool
    is_cut_point: bool

    def value(self, measure: Measure) -> float:
        """This person's value of a measure."""
        return float(getattr(self, measure.value))


@dataclass(frozen=True)
class Link:
    """A directed pair in the analysed network, with the tie types that join them."""

    from_id: int
    to_id: int
    tie_types: tuple[TieType, ...]


@dataclass(frozen=True)
class NetworkAnalysis:
    """The measures of one team's network for some tie types.

    Attributes:
        tie_types: the tie types analysed, in `TieType` order.
        people: every member, in the order given.
        links: the directed pairs analysed, in the order of `people` (askers, then asked).
        density: links present ÷ links possible (n × (n − 1)); 0 for fewer than 2 people.
        component_count: weakly connected components; each isolate counts as one.
        groups: member ids of each component of 2 or more people, largest first.
        isolates: member ids of people with no ties either way, in member order.
        cut_points: member ids of the articulation points of the undirected view, in member order.
        split_without: for each cut point, the parts their component would fall into without
            them (no tie between parts), largest first, each in member order.
    """

    tie_types: tuple[TieType, ...]
    people: tuple[PersonMetrics, ...]
    links: tuple[Link, ...]
    density: float
    component_count: int
    groups: tuple[tuple[int, ...], ...]
    isolates: tuple[int, ...]
    cut_points: tuple[int, ...]
    split_without: Mapping[int, tuple[tuple[int, ...], ...]]

    @property
    def size(self) -> int:
        """How many people are in the team."""
        return len(self.people)

    @property
    def all_types(self) -> bool:
        """Whether every tie type was analysed together."""
        return len(self.tie_types) == len(TieType)

    def person(self, member_id: int) -> PersonMetrics:
        """The metrics of one member (KeyError if not in the team)."""
        for person in self.people:
            if person.member_id == member_id:
                return person
        raise KeyError(member_id)


def _chosen_types(tie_types: Iterable[TieType] | None) -> tuple[TieType, ...]:
    if tie_types is None:
        return tuple(TieType)
    chosen = {TieType(t) for t in tie_types}
    return tuple(t for t in TieType if t in chosen)


def _collect(
    members: Sequence[MemberLike], ties: Iterable[TieLike], types: tuple[TieType, ...]
) -> tuple[list[tuple[int, str]], list[Link]]:
    people: list[tuple[int, str]] = []
    for member in members:
        if member.id is None:
            raise ValueError(f"Member {member.name!r} has no id; store it before analysing.")
        people.append((member.id, member.name))
    order = {member_id: index for index, (member_id, _) in enumerate(people)}
    pairs: dict[tuple[int, int], set[TieType]] = {}
    for tie in ties:
        ends = (tie.from_member_id, tie.to_member_id)
        if ends[0] not in order or ends[1] not in order:
            raise ValueError(f"Tie {ends} names someone who is not in the team given.")
        if ends[0] != ends[1] and tie.tie_type in types:
            pairs.setdefault(ends, set()).add(TieType(tie.tie_type))
    links = [
        Link(a, b, tuple(t for t in types if t in kinds))
        for (a, b), kinds in sorted(
            pairs.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])
        )
    ]
    return people, links


def _pagerank(graph: Any) -> dict[int, float]:
    """PageRank from networkx's Google matrix.

    `nx.pagerank` needs SciPy, which Scaffold does not ship; `nx.google_matrix` needs only NumPy
    and already handles people who go to no one (they "teleport" evenly). Its stationary vector
    is solved exactly, which is deterministic and instant for teams of a few dozen.
    PageRank rather than eigenvector centrality: eigenvector centrality is undefined or zero for
    networks without cycles and for disconnected teams, both common in a survey.
    """
    nx = networkx()
    import numpy as np

    nodes = list(graph)
    if not nodes:
        return {}
    google = nx.google_matrix(graph, alpha=PAGERANK_ALPHA, nodelist=nodes)
    system = np.asarray(google).T - np.eye(len(nodes))
    system[-1, :] = 1.0  # replace one (redundant) balance equation by "the ranks sum to 1"
    target = np.zeros(len(nodes))
    target[-1] = 1.0
    ranks = np.linalg.solve(system, target)
    return {node: float(rank) for node, rank in zip(nodes, ranks, strict=True)}


def _split_without(
    undirected: Any, cut_point: int, order: dict[int, int]
) -> tuple[tuple[int, ...], ...]:
    """The parts `cut_point`'s own component falls into without them, largest first."""
    nx = networkx()
    component = nx.node_connected_component(undirected, cut_point) - {cut_point}
    parts = sorted(
        (
            sorted(part, key=order.__getitem__)
            for part in nx.connected_components(undirected.subgraph(component))
        ),
        key=lambda part: (-len(part), order[part[0]]),
    )
    return tuple(tuple(part) for part in parts)


def analyse_network(
    members: Sequence[MemberLike],
    ties: Iterable[TieLike],
    tie_types: Iterable[TieType] | None = None,
) -> NetworkAnalysis:
    """Measure a team's network: degrees, betweenness, PageRank, density, components, cut points.

    `tie_types` keeps only ties of those types (None: all types together). Self-ties are ignored;
    a tie naming someone not in `members` is a programming error (ValueError).
    The last few analyses are kept by what they are computed from (the members' ids and names in
    order, and the links analysed), so the same network again, e.g. the plan rendered again from
    unchanged data, is not measured again; the result is shared, so never change it.
    """
    types = _chosen_types(tie_types)
    people, links = _collect(members, ties, types)
    key = (types, tuple(people), tuple(links))
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    analysis = _measure(types, people, links)
    with _CACHE_LOCK:
        _CACHE[key] = analysis
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return analysis


# Recent analyses by everything they are computed from; networkx's measures are deterministic.
_CACHE: OrderedDict[tuple[object, ...], NetworkAnalysis] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _measure(
    types: tuple[TieType, ...], people: list[tuple[int, str]], links: list[Link]
) -> NetworkAnalysis:
    """The analysis of collected people and links (see `analyse_network`)."""
    nx = networkx()
    order = {member_id: index for index, (member_id, _) in enumerate(people)}
    graph = nx.DiGraph()
    graph.add_nodes_from(order)
    graph.add_edges_from((link.from_id, link.to_id) for link in links)
    undirected = graph.to_undirected()

    betweenness: dict[int, float] = nx.betweenness_centrality(graph, normalized=True)
    ranks = _pagerank(graph)
    isolates = {n for n in graph if graph.degree(n) == 0}
    cut_points = set(nx.articulation_points(undirected))
    in_member_order = sorted(order, key=order.__getitem__)
    components: list[list[int]] = [
        sorted(c, key=order.__getitem__) for c in nx.weakly_connected_components(graph)
    ]
    groups = sorted((c for c in components if len(c) > 1), key=lambda c: (-len(c), order[c[0]]))
    metrics = tuple(
        PersonMetrics(
            member_id=member_id,
            name=name,
            in_degree=int(graph.in_degree(member_id)),
            out_degree=int(graph.out_degree(member_id)),
            betweenness=float(betweenness.get(member_id, 0.0)),
            pagerank=ranks.get(member_id, 0.0),
            is_isolate=member_id in isolates,
            is_cut_point=member_id in cut_points,
        )
        for member_id, name in people
    )
    cut_list = tuple(n for n in in_member_order if n in cut_points)
    return NetworkAnalysis(
        tie_types=types,
        people=metrics,
        links=tuple(links),
        density=float(nx.density(graph)),
        component_count=len(components),
        groups=tuple(tuple(g) for g in groups),
        isolates=tuple(n for n in in_member_order if n in isolates),
        cut_points=cut_list,
        split_without={n: _split_without(undirected, n, order) for n in cut_list},
    )


def analyse_engagement(
    *, session: Session, engagement_id: int, tie_types: Iterable[TieType] | None = None
) -> NetworkAnalysis:
    """Analyse an engagement's stored team and ties (see `analyse_network`)."""
    members = list_members(session=session, engagement_id=engagement_id)
    ties = list_ties(session=session, engagement_id=engagement_id)
    return analyse_network(members, ties, tie_types)
