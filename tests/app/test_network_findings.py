"""Plain-language findings: what each known team shape should (and should not) make us say."""

from network_graphs import Team, clique, star, team, two_cliques_and_bridge

from app.network.analysis import analyse_network
from app.network.findings import MIN_PEOPLE, Finding, FindingKind, network_findings
from models.enums import TieType


def findings(t: Team, tie_types: list[TieType] | None = None, **names: str) -> list[Finding]:
    pseudonyms = {t.ids[real]: alias for real, alias in names.items()}
    return list(network_findings(analyse_network(t.members, t.ties, tie_types), names=pseudonyms))


def kinds(found: list[Finding]) -> list[FindingKind]:
    return [f.kind for f in found]


def test_star_centre_is_champion_and_bottleneck() -> None:
    found = findings(star(6))
    assert kinds(found) == [
        FindingKind.champion,
        FindingKind.bottleneck,
        FindingKind.unreached,
        FindingKind.not_seeking,
    ]
    champion, bottleneck, unreached, not_seeking = found
    assert champion.member_ids == (1,)
    assert champion.sentence == "P0 is the person sought out most: all 5 others go to P0."
    assert "peer coaching" in champion.scaffold_role
    assert bottleneck.member_ids == (1, 2, 3, 4, 5, 6)
    assert bottleneck.sentence == (
        "P0 is a one-person bottleneck: P1, P2, P3, P4 and P5 have no tie to one another "
        "except through P0."
    )
    assert bottleneck.scaffold_role.startswith("Back up P0's knowledge")
    assert unreached.sentence == "No one goes to P1, P2, P3, P4 and P5."
    assert not_seeking.sentence == "P0 goes to no one, though others go to them."


def test_bridge_between_two_cliques_is_the_bottleneck() -> None:
    t = two_cliques_and_bridge(4)
    found = findings(t)
    (bottleneck,) = [f for f in found if f.kind is FindingKind.bottleneck]
    assert bottleneck.member_ids[0] == t.ids["Bridge"]
    assert bottleneck.sentence == (
        "Bridge is a one-person bottleneck: 8 people in 2 groups (of 4 and 4) are linked to "
        "each other only through Bridge."
    )
    # The bottleneck finding already covers the broker role: not said twice.
    assert FindingKind.broker not in kinds(found)
    assert FindingKind.champion not in kinds(found)  # everyone is sought out a lot here


def test_broker_who_is_not_a_single_point_of_failure() -> None:
    left, right = [f"L{i}" for i in range(4)], [f"R{i}" for i in range(4)]
    edges = clique(left) + clique(right) + [("L0", "R0")]  # one direct link besides X
    edges += [(p, "X") for p in left + right] + [("X", p) for p in left + right]
    t = team([*left, "X", *right], edges)
    (broker,) = [f for f in findings(t) if f.kind is FindingKind.broker]
    assert broker.member_ids == (t.ids["X"],)
    assert broker.sentence == (
        "X links people who would otherwise have a long way round: 50% of the shortest routes "
        "between two others pass through X."
    )
    assert FindingKind.bottleneck not in kinds(findings(t))


def test_only_contact_of_several_people() -> None:
    edges = [("b", "a"), ("c", "a"), ("d", "b"), ("d", "c"), ("e", "d"), ("a", "e"), ("e", "c")]
    t = team(list("abcde"), edges, TieType.advice)
    (sole,) = [f for f in findings(t, [TieType.advice]) if f.kind is FindingKind.sole_contact]
    assert sole.member_ids == (t.ids["a"], t.ids["b"], t.ids["c"])
    assert sole.sentence == "b and c go only to a for advice: when a is away, they have no one."


def test_isolates_and_separate_groups() -> None:
    t = team(list("abcdefg"), clique(list("abc")) + clique(list("def")))
    found = findings(t)
    assert kinds(found) == [FindingKind.divided, FindingKind.isolate]
    divided, isolate = found
    assert divided.sentence == (
        "The team falls into 2 groups (of 3 and 3 people) that do not go to each other."
    )
    assert isolate.member_ids == (t.ids["g"],)
    assert isolate.sentence == "g has no ties: no one goes to them and they go to no one."


def test_everyone_going_to_everyone_names_no_champion_or_coach() -> None:
    assert findings(team(list("abcdef"), clique(list("abcdef")))) == []


def test_tiny_network_is_cautioned_and_no_roles_are_read_into_it() -> None:
    t = team(["Ana", "Ben", "Cy"], [("Ben", "Ana"), ("Cy", "Ana")])
    assert MIN_PEOPLE == 4
    found = findings(t)
    assert kinds(found) == [FindingKind.caution, FindingKind.unreached, FindingKind.not_seeking]
    assert found[0].sentence == (
        "With only 3 people, these measures say little: talk the picture through with the "
        "team rather than read roles into it."
    )
    assert (found[0].member_ids, found[0].scaffold_role) == ((), "")


def test_no_ties_gives_only_a_caution() -> None:
    t = team(["Ana", "Ben", "Cy", "Dee", "Eve"], [])
    assert [(f.kind, f.sentence) for f in findings(t, [TieType.new_ideas])] == [
        (
            FindingKind.caution,
            "No ties are recorded yet for new ideas: add who goes to whom before reading "
            "anything into the network.",
        )
    ]


def test_empty_team_gives_only_a_caution() -> None:
    found = list(network_findings(analyse_network([], [])))
    assert [(f.kind, f.member_ids) for f in found] == [(FindingKind.caution, ())]
    assert found[0].sentence == "No team members are recorded yet, so there is no network to read."


def test_pseudonyms_replace_names_everywhere() -> None:
    found = findings(star(6), P0="Robin", P1="Sky")
    text = " ".join(f.sentence + f.scaffold_role for f in found)
    assert "Robin" in text and "Sky" in text
    assert "P0" not in text and "P1" not in text


def test_tie_types_are_named_in_sentences() -> None:
    t = star(5)
    for tie in t.ties:
        tie.tie_type = TieType.information
    (champion, *_) = findings(t, [TieType.information, TieType.advice])
    assert champion.sentence == (
        "P0 is the person sought out most: all 4 others go to P0 for advice or information."
    )


def test_long_lists_are_shortened_for_reading_aloud() -> None:
    t = star(9)
    unreached = next(f for f in findings(t) if f.kind is FindingKind.unreached)
    assert unreached.sentence == "No one goes to P1, P2, P3, P4, P5 and 3 others."
    assert len(unreached.member_ids) == 8


def test_champions_are_capped_at_three_strongest_first() -> None:
    # Four hubs, each sought out by their own five people.
    names, edges = [], []
    for hub, sought in (("H1", 8), ("H2", 7), ("H3", 6), ("H4", 5)):
        followers = [f"{hub}f{i}" for i in range(sought)]
        names += [hub, *followers]
        edges += [(f, hub) for f in followers]
    found = [f for f in findings(team(names, edges)) if f.kind is FindingKind.champion]
    assert [f.sentence.split()[0] for f in found] == ["H1", "H2", "H3"]
    assert found[0].sentence.startswith("H1 is one of the people sought out most: 8 of the")


def test_every_kind_has_a_label() -> None:
    assert FindingKind.bottleneck.label == "One-person bottleneck"
    assert len({kind.label for kind in FindingKind}) == len(FindingKind)
