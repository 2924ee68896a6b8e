"""Network measures on teams whose answers are known: star, two cliques and a bridge, isolates."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from network_graphs import star, team, two_cliques_and_bridge
from sqlalchemy import Engine

from app.network.analysis import analyse_engagement, analyse_network
from app.network.measure import Measure
from app.services import people as pp
from app.services.engagements import EngagementDetails, create_engagement
from models.db import open_database, transaction
from models.enums import TieType
from models.tables import NetworkTie, TeamMember


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def test_star_centre_leads_in_degree_and_pagerank() -> None:
    t = star(6)
    a = analyse_network(t.members, t.ties)
    centre, *leaves = a.people
    assert (centre.in_degree, centre.out_degree) == (5, 0)
    assert all((p.in_degree, p.out_degree) == (0, 1) for p in leaves)
    assert centre.pagerank > max(p.pagerank for p in leaves)
    assert centre.is_cut_point and a.cut_points == (centre.member_id,)
    assert a.density == pytest.approx(5 / (6 * 5))
    assert (a.component_count, a.isolates) == (1, ())
    # Without the centre, the five others fall apart into five people on their own.
    assert a.split_without[centre.member_id] == ((2,), (3,), (4,), (5,), (6,))


def test_two_cliques_joined_by_one_person_the_bridge_leads_betweenness() -> None:
    t = two_cliques_and_bridge(4)
    a = analyse_network(t.members, t.ties)
    bridge = a.person(t.ids["Bridge"])
    others = [p for p in a.people if p.member_id != bridge.member_id]
    assert bridge.betweenness > 0.5
    assert all(p.betweenness < bridge.betweenness / 10 for p in others)
    assert a.cut_points == (bridge.member_id,)
    left = tuple(t.ids[f"L{i}"] for i in range(4))
    right = tuple(t.ids[f"R{i}"] for i in range(4))
    assert a.split_without[bridge.member_id] == (left, right)
    assert a.component_count == 1
    assert a.groups == (tuple(p.member_id for p in a.people),)


def test_betweenness_is_normalised_on_a_chain() -> None:
    # A → B → C: B lies on the only route of 1 of the 2 ordered pairs of others (A to C).
    t = team(["A", "B", "C"], [("A", "B"), ("B", "C")])
    a = analyse_network(t.members, t.ties)
    assert [p.betweenness for p in a.people] == pytest.approx([0.0, 0.5, 0.0])


def test_isolate_is_found_and_counts_as_a_component() -> None:
    t = team(["Ana", "Ben", "Cy", "Dee"], [("Ana", "Ben"), ("Ben", "Cy"), ("Cy", "Ana")])
    a = analyse_network(t.members, t.ties)
    dee = a.person(t.ids["Dee"])
    assert (dee.in_degree, dee.out_degree, dee.betweenness, dee.is_isolate) == (0, 0, 0.0, True)
    assert a.isolates == (t.ids["Dee"],)
    assert a.component_count == 2
    assert a.groups == ((1, 2, 3),)
    assert a.cut_points == ()


def test_pagerank_matches_the_value_worked_by_hand() -> None:
    # A → B, damping 0.85; B goes to no one, so B's walker jumps anywhere.
    # π_A = 0.15/2 π_A + 0.5 π_B  ⇒  π_B = 1.85 π_A  ⇒  π_A = 1/2.85.
    t = team(["A", "B"], [("A", "B")])
    a = analyse_network(t.members, t.ties)
    assert [p.pagerank for p in a.people] == pytest.approx([1 / 2.85, 1.85 / 2.85])


def test_pagerank_is_defined_without_cycles_and_sums_to_one() -> None:
    # A tree of asking (no cycle) and a separate pair: eigenvector centrality would fail here.
    t = team(["A", "B", "C", "D", "E"], [("B", "A"), ("C", "A"), ("E", "D")])
    ranks = [p.pagerank for p in analyse_network(t.members, t.ties).people]
    assert sum(ranks) == pytest.approx(1.0)
    assert all(r > 0 for r in ranks)
    assert ranks[0] == max(ranks)


def test_a_cycle_gives_everyone_the_same_pagerank() -> None:
    t = team(["A", "B", "C"], [("A", "B"), ("B", "C"), ("C", "A")])
    assert [p.pagerank for p in analyse_network(t.members, t.ties).people] == pytest.approx(
        [1 / 3] * 3
    )


def test_empty_network() -> None:
    a = analyse_network([], [])
    assert (a.size, a.people, a.links, a.density, a.component_count) == (0, (), (), 0.0, 0)
    assert (a.groups, a.isolates, a.cut_points, dict(a.split_without)) == ((), (), (), {})
    assert a.all_types


def test_one_person_network() -> None:
    t = team(["Solo"], [])
    a = analyse_network(t.members, t.ties)
    (solo,) = a.people
    assert (solo.in_degree, solo.out_degree, solo.betweenness) == (0, 0, 0.0)
    assert solo.pagerank == pytest.approx(1.0)
    assert (a.density, a.component_count, a.isolates) == (0.0, 1, (1,))


def test_tie_types_filter_and_combine() -> None:
    t = team(["Ana", "Ben", "Cy"], [])
    ties = [
        NetworkTie(engagement_id=1, from_member_id=2, to_member_id=1, tie_type=TieType.advice),
        NetworkTie(engagement_id=1, from_member_id=2, to_member_id=1, tie_type=TieType.help),
        NetworkTie(engagement_id=1, from_member_id=3, to_member_id=1, tie_type=TieType.new_ideas),
    ]
    together = analyse_network(t.members, ties)
    assert together.person(1).in_degree == 2  # Ben counts once, for two types
    assert [(lk.from_id, lk.to_id, lk.tie_types) for lk in together.links] == [
        (2, 1, (TieType.help, TieType.advice)),
        (3, 1, (TieType.new_ideas,)),
    ]
    advice = analyse_network(t.members, ties, [TieType.advice])
    assert (advice.tie_types, advice.person(1).in_degree, advice.isolates) == (
        (TieType.advice,),
        1,
        (3,),
    )
    assert not advice.all_types
    assert analyse_network(t.members, ties, []).links == ()


def test_self_ties_are_ignored() -> None:
    t = team(["Ana", "Ben"], [("Ana", "Ana"), ("Ana", "Ben")])
    a = analyse_network(t.members, t.ties)
    assert [(p.in_degree, p.out_degree) for p in a.people] == [(0, 1), (1, 0)]


def test_tie_to_someone_outside_the_team_is_a_programming_error() -> None:
    t = team(["Ana"], [])
    stray = NetworkTie(engagement_id=1, from_member_id=1, to_member_id=9, tie_type=TieType.help)
    with pytest.raises(ValueError, match="not in the team"):
        analyse_network(t.members, [stray])
    with pytest.raises(ValueError, match="has no id"):
        analyse_network([TeamMember(engagement_id=1, name="Unsaved")], [])


def test_person_lookup_and_measure_values() -> None:
    t = star(4)
    a = analyse_network(t.members, t.ties)
    centre = a.person(1)
    assert centre.value(Measure.in_degree) == 3.0
    assert centre.value(Measure.pagerank) == centre.pagerank
    assert {m.label for m in Measure} == {
        "Sought out (in-degree)",
        "Broker (betweenness)",
        "Reach (PageRank)",
    }
    assert all(m.meaning for m in Measure)
    with pytest.raises(KeyError):
        a.person(99)


def test_analyse_engagement_reads_the_stored_team(engine: Engine) -> None:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name="T", manager_name="M"))
        assert e.id is not None
        ids = [
            pp.add_member(session=s, engagement_id=e.id, name=n).id for n in ("Ana", "Ben", "Cy")
        ]
        a, b, c = (i for i in ids if i is not None)
        for asker, kind in ((b, TieType.help), (c, TieType.advice)):
            pp.add_tie(
                session=s, engagement_id=e.id, from_member_id=asker, to_member_id=a, tie_type=kind
            )
        engagement_id = e.id
    with transaction(engine) as s:
        everything = analyse_engagement(session=s, engagement_id=engagement_id)
        helping = analyse_engagement(
            session=s, engagement_id=engagement_id, tie_types=[TieType.help]
        )
    assert [p.name for p in everything.people] == ["Ana", "Ben", "Cy"]
    assert everything.person(a).in_degree == 2
    assert (helping.person(a).in_degree, helping.isolates) == (1, (c,))
