"""People's parts in scaffolds, and the names prints show."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import people
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffold_people import (
    give_part,
    list_parts,
    print_names,
    set_print_pseudonyms,
    set_pseudonym,
    take_back_part,
)
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.validation import ValidationError
from models.db import open_database, transaction
from models.enums import ScaffoldRole


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def _team(engine: Engine, team: str, names: list[str]) -> tuple[int, int, list[int]]:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name=team, manager_name="M"))
        assert e.id is not None
        sc = add_scaffold(session=s, engagement_id=e.id, data=ScaffoldInput(name="Peer coaching"))
        ids = [people.add_member(session=s, engagement_id=e.id, name=n).id or 0 for n in names]
        return e.id, sc.id or 0, ids


def test_a_part_is_given_listed_and_taken_back(engine: Engine) -> None:
    eid, scaffold, (ana, bo) = _team(engine, "Desk", ["Ana", "Bo"])
    with transaction(engine) as s:
        give_part(
            session=s,
            scaffold_id=scaffold,
            member_id=bo,
            role=ScaffoldRole.peer_coach,
            reason="Most sought",
        )
        part = give_part(session=s, scaffold_id=scaffold, member_id=ana, role=ScaffoldRole.backup)
    with transaction(engine) as s:
        parts = list_parts(session=s, engagement_id=eid)
        assert [(p.member_name, p.role, p.reason) for p in parts] == [
            ("Ana", ScaffoldRole.backup, ""),
            ("Bo", ScaffoldRole.peer_coach, "Most sought"),
        ]
        assert parts[0].scaffold_name == "Peer coaching"
        take_back_part(session=s, part_id=part.id or 0)
    with transaction(engine) as s:
        assert [p.member_name for p in list_parts(session=s, engagement_id=eid)] == ["Bo"]


def test_the_same_part_twice_and_a_person_of_another_team_are_refused(engine: Engine) -> None:
    _eid, scaffold, (ana,) = _team(engine, "Desk", ["Ana"])
    _other, _sc, (zed,) = _team(engine, "Claims", ["Zed"])
    with transaction(engine) as s:
        give_part(session=s, scaffold_id=scaffold, member_id=ana, role=ScaffoldRole.champion)
    with (
        pytest.raises(ValidationError, match="Ana is already the champion of “Peer coaching”"),
        transaction(engine) as s,
    ):
        give_part(session=s, scaffold_id=scaffold, member_id=ana, role=ScaffoldRole.champion)
    with (
        pytest.raises(ValidationError, match="belongs to another consultation's team"),
        transaction(engine) as s,
    ):
        give_part(session=s, scaffold_id=scaffold, member_id=zed, role=ScaffoldRole.champion)


def test_deleting_a_member_takes_their_parts_with_them(engine: Engine) -> None:
    eid, scaffold, (ana,) = _team(engine, "Desk", ["Ana"])
    with transaction(engine) as s:
        give_part(session=s, scaffold_id=scaffold, member_id=ana, role=ScaffoldRole.champion)
        people.delete_member(session=s, member_id=ana)
    with transaction(engine) as s:
        assert list_parts(session=s, engagement_id=eid) == []


def test_prints_show_names_until_pseudonyms_are_turned_on(engine: Engine) -> None:
    eid, _scaffold, (ana, bo, cy) = _team(engine, "Desk", ["Ana", "Bo", "Cy"])
    with transaction(engine) as s:
        set_pseudonym(session=s, member_id=bo, pseudonym="Person A")
        assert print_names(session=s, engagement_id=eid) == {ana: "Ana", bo: "Bo", cy: "Cy"}
        set_print_pseudonyms(session=s, engagement_id=eid, on=True)
        # Generated labels skip the one Bo was given.
        assert print_names(session=s, engagement_id=eid) == {
            ana: "Person B",
            bo: "Person A",
            cy: "Person C",
        }


def test_a_pseudonym_equal_to_the_name_is_refused(engine: Engine) -> None:
    _eid, _scaffold, (ana,) = _team(engine, "Desk", ["Ana"])
    with (
        pytest.raises(ValidationError, match="must differ from the person's name"),
        transaction(engine) as s,
    ):
        set_pseudonym(session=s, member_id=ana, pseudonym=" ana ")
