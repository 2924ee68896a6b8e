"""The network analysis is kept by what it is computed from: the same team again gives the kept
analysis, and any change to the people, their names, order or ties gives a new one."""

from sqlalchemy import Engine

from app.network.analysis import NetworkAnalysis, analyse_engagement, analyse_network
from app.services import people as pp
from app.services.engagements import EngagementDetails, create_engagement
from models.db import transaction
from models.enums import TieType
from models.tables import TeamMember
from tests.app.network_graphs import team

NAMES = ["Ana", "Ben", "Cy", "Dee", "Eli"]
HELP = TieType.help
EDGES = [("Ben", "Ana"), ("Cy", "Ana"), ("Dee", "Ana"), ("Ana", "Eli"), ("Eli", "Dee")]


def _analyse(names: list[str], edges: list[tuple[str, str]]) -> NetworkAnalysis:
    t = team(names, edges)  # new row objects each time: only their content can match
    return analyse_network(t.members, t.ties)


def test_the_same_team_again_gives_the_kept_analysis() -> None:
    first = _analyse(NAMES, EDGES)
    assert _analyse(NAMES, EDGES) is first
    t = team(NAMES, EDGES)
    assert analyse_network(t.members, t.ties, list(TieType)) is first


def test_an_analysis_pushed_out_and_computed_again_is_the_same() -> None:
    first = _analyse(NAMES, EDGES)
    for n in range(40):  # more networks than are ever kept
        _analyse([*NAMES, f"Extra {n}"], EDGES)
    again = _analyse(NAMES, EDGES)
    assert again is not first
    assert again == first


def test_a_new_tie_a_new_name_another_order_or_other_tie_types_give_a_new_analysis() -> None:
    first = _analyse(NAMES, EDGES)
    ana = 1

    more = _analyse(NAMES, [*EDGES, ("Eli", "Ana")])
    assert more.person(ana).in_degree == first.person(ana).in_degree + 1

    t = team(NAMES, EDGES)
    t.members[0] = TeamMember(id=ana, engagement_id=1, position=1, name="Anna")
    assert analyse_network(t.members, t.ties).person(ana).name == "Anna"

    t = team(NAMES, EDGES)
    reordered = analyse_network(list(reversed(t.members)), t.ties)
    assert [p.member_id for p in reordered.people] == [5, 4, 3, 2, 1]

    t = team(NAMES, EDGES)
    advice_only = analyse_network(t.members, t.ties, [TieType.advice])
    assert (advice_only.links, advice_only.tie_types) == ((), (TieType.advice,))
    assert _analyse(NAMES, EDGES) is first  # the first is still kept


def test_a_tie_stored_after_an_analysis_is_in_the_next_one(db_engine: Engine) -> None:
    with transaction(db_engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name="T", manager_name="M"))
        assert e.id is not None
        engagement_id = e.id
        ids = [pp.add_member(session=s, engagement_id=e.id, name=n).id for n in NAMES[:3]]
        a, b, c = (i for i in ids if i is not None)
        pp.add_tie(session=s, engagement_id=e.id, from_member_id=b, to_member_id=a, tie_type=HELP)
    with transaction(db_engine) as s:
        before = analyse_engagement(session=s, engagement_id=engagement_id)
        assert analyse_engagement(session=s, engagement_id=engagement_id) is before
        pp.add_tie(
            session=s, engagement_id=engagement_id, from_member_id=c, to_member_id=a, tie_type=HELP
        )
    with transaction(db_engine) as s:
        after = analyse_engagement(session=s, engagement_id=engagement_id)
    assert (before.person(a).in_degree, after.person(a).in_degree) == (1, 2)
    assert before.isolates == (c,)
    assert after.isolates == ()
