"""Known teams for the value-network tests: real `TeamMember` and `NetworkTie` rows, unsaved."""

import itertools
import random
from dataclasses import dataclass

from models.enums import TieType
from models.tables import NetworkTie, TeamMember


@dataclass(frozen=True)
class Team:
    """Members and ties, plus each name's id."""

    members: list[TeamMember]
    ties: list[NetworkTie]
    ids: dict[str, int]


def team(names: list[str], edges: list[tuple[str, str]], tie_type: TieType = TieType.help) -> Team:
    """A team whose member ids are 1, 2, … in the order of `names`; "A goes to B" for each edge."""
    ids = {name: index + 1 for index, name in enumerate(names)}
    members = [TeamMember(id=ids[n], engagement_id=1, position=ids[n], name=n) for n in names]
    ties = [
        NetworkTie(engagement_id=1, from_member_id=ids[a], to_member_id=ids[b], tie_type=tie_type)
        for a, b in edges
    ]
    return Team(members, ties, ids)


def star(n: int = 6) -> Team:
    """Everyone goes to the first person, who goes to no one."""
    names = [f"P{i}" for i in range(n)]
    return team(names, [(name, names[0]) for name in names[1:]])


def clique(names: list[str]) -> list[tuple[str, str]]:
    """Everyone in `names` goes to everyone else."""
    return list(itertools.permutations(names, 2))


def two_cliques_and_bridge(size: int = 4) -> Team:
    """Two cliques; one person goes to, and is gone to by, everyone in both; nothing else."""
    left = [f"L{i}" for i in range(size)]
    right = [f"R{i}" for i in range(size)]
    bridge = [(p, "Bridge") for p in left + right] + [("Bridge", p) for p in left + right]
    return team([*left, "Bridge", *right], clique(left) + clique(right) + bridge)


def random_team(size: int, seed: int = 1, tie_type: TieType = TieType.help) -> Team:
    """`size` people, each going to up to three others at random (fixed seed)."""
    rnd = random.Random(seed)
    names = [f"Member {i:02d}" for i in range(size)]
    edges = {(a, b) for a in names for b in rnd.sample(names, 3) if a != b}
    return team(names, sorted(edges), tie_type)
