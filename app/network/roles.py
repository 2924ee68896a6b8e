"""Findings about roles people play: champions, peer coaches, bottlenecks, brokers, only contacts.

Each threshold is a named constant with the reason beside it; docs/value-network.md repeats them.
"""

import math

from app.network.finding_types import Finding, FindingKind, NetworkReading
from app.network.wording import join_words, people

# Champion: sought out by at least this many people…
CHAMPION_MIN_IN = 3
# …and by at least this share of the others (a fifth: in a large team, a whole sub-team)…
CHAMPION_MIN_SHARE = 0.2
# …and by at least this multiple of the team's average in-degree (so not in a team where
# everyone goes to everyone).
CHAMPION_MIN_RATIO = 2.0
# Peer coach: sought out by at least this many people and this multiple of the average.
PEER_COACH_MIN_IN = 2
PEER_COACH_MIN_RATIO = 1.25
# Broker: at least this share of the shortest routes between two others pass through them.
BROKER_MIN_BETWEENNESS = 0.2
# Only contact: at least this many people go to this one person and to no one else.
SOLE_CONTACT_MIN = 2
# At most this many champions, peer coaches and brokers are named: the strongest first.
MAX_NAMED = 3


def is_champion(r: NetworkReading, member_id: int) -> bool:
    """Sought out by ≥ 3 people, by ≥ a fifth of the others, and by ≥ twice the average."""
    p = r.analysis.person(member_id)
    others = r.analysis.size - 1
    return (
        p.in_degree >= CHAMPION_MIN_IN
        and p.in_degree >= math.ceil(CHAMPION_MIN_SHARE * others)
        and p.in_degree >= CHAMPION_MIN_RATIO * r.mean_in
    )


def champions(r: NetworkReading) -> list[Finding]:
    """The people most sought out (see `is_champion`), at most three."""
    chosen = r.strongest(
        lambda p: is_champion(r, p.member_id), lambda p: p.in_degree + p.pagerank, MAX_NAMED
    )
    found = []
    for p in chosen:
        name, others = r.name(p.member_id), r.analysis.size - 1
        how_many = f"all {others}" if p.in_degree == others else f"{p.in_degree} of the {others}"
        found.append(
            Finding(
                FindingKind.champion,
                (p.member_id,),
                f"{name} is {'one of the people' if len(chosen) > 1 else 'the person'} sought "
                f"out most: {how_many} others go to {name}{r.phrase}.",
                "Could lead peer coaching or a community of practice; protect their time for it.",
            )
        )
    return found


def peer_coaches(r: NetworkReading) -> list[Finding]:
    """Not a champion; sought out by ≥ 2 and ≥ 1.25 × average; goes to others; PageRank ≥ 1/n."""

    def keep(member_id: int) -> bool:
        p = r.analysis.person(member_id)
        return (
            not is_champion(r, member_id)
            and p.in_degree >= max(PEER_COACH_MIN_IN, PEER_COACH_MIN_RATIO * r.mean_in)
            and p.out_degree >= 1
            and p.pagerank >= 1 / r.analysis.size
        )

    return [
        Finding(
            FindingKind.peer_coach,
            (p.member_id,),
            f"{r.name(p.member_id)} is sought out by {people(p.in_degree)}{r.phrase} and goes "
            "to others too: someone who both gives and takes.",
            "Could be a peer coach, or a buddy for newcomers.",
        )
        for p in r.strongest(
            lambda p: keep(p.member_id), lambda p: p.in_degree + p.pagerank, MAX_NAMED
        )
    ]


def bottleneck(r: NetworkReading, member_id: int) -> Finding:
    """A cut point: the others in their part of the team are linked only through them."""
    name = r.name(member_id)
    parts = r.analysis.split_without[member_id]
    largest, rest = parts[0], tuple(m for part in parts[1:] for m in part)
    if len(largest) > len(rest):  # a clear "rest of the team" remains
        affected = rest
        are = "is" if len(rest) == 1 else "are"
        what = f"{r.names_of(rest)} {are} linked to the rest of the team only through {name}"
    else:
        affected = largest + rest
        if len(largest) == 1:
            what = f"{r.names_of(affected)} have no tie to one another except through {name}"
        else:
            sizes = join_words([str(len(part)) for part in parts])
            what = (
                f"{people(len(affected))} in {len(parts)} groups (of {sizes}) are linked to "
                f"each other only through {name}"
            )
    who = r.names_of(affected) if len(affected) <= 3 else "them"
    return Finding(
        FindingKind.bottleneck,
        (member_id, *affected),
        f"{name} is a one-person bottleneck: {what}.",
        f"Back up {name}'s knowledge: give {who} a second person to go to.",
    )


def bottlenecks(r: NetworkReading) -> list[Finding]:
    """Every cut point of the undirected network."""
    return [bottleneck(r, member_id) for member_id in r.analysis.cut_points]


def brokers(r: NetworkReading) -> list[Finding]:
    """Betweenness ≥ 0.2, unless already named as a bottleneck; at most three."""
    chosen = r.strongest(
        lambda p: p.betweenness >= BROKER_MIN_BETWEENNESS and not p.is_cut_point,
        lambda p: p.betweenness,
        MAX_NAMED,
    )
    return [
        Finding(
            FindingKind.broker,
            (p.member_id,),
            f"{r.name(p.member_id)} links people who would otherwise have a long way round: "
            f"{round(100 * p.betweenness)}% of the shortest routes between two others pass "
            f"through {r.name(p.member_id)}.",
            f"Protect {r.name(p.member_id)}'s time and back up what they pass on.",
        )
        for p in chosen
    ]


def sole_contacts(r: NetworkReading) -> list[Finding]:
    """≥ 2 people go to this person and no one else (unless already named as a bottleneck)."""
    only: dict[int, list[int]] = {}
    for link in r.analysis.links:
        if r.analysis.person(link.from_id).out_degree == 1:
            only.setdefault(link.to_id, []).append(link.from_id)
    found = []
    for p in r.analysis.people:
        askers = tuple(only.get(p.member_id, ()))
        if len(askers) >= SOLE_CONTACT_MIN and not p.is_cut_point:
            name = r.name(p.member_id)
            found.append(
                Finding(
                    FindingKind.sole_contact,
                    (p.member_id, *askers),
                    f"{r.names_of(askers)} go only to {name}{r.phrase}: when {name} is away, "
                    "they have no one.",
                    f"Back up {name}'s knowledge: a second person to go to, or a shared guide.",
                )
            )
    return found
