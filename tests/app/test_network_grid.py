"""The keyboard grid's service: the matrix of one tie type, and setting a cell idempotently."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.network.grid import GridMember, network_grid, set_tie
from app.services import people as pp
from app.services.engagements import EngagementDetails, create_engagement
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import TieType


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def new_team(engine: Engine, *names: str) -> tuple[int, list[int]]:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name="T", manager_name="M"))
        assert e.id is not None
        ids = [pp.add_member(session=s, engagement_id=e.id, name=n).id for n in names]
        return e.id, [i for i in ids if i is not None]


def set_cell(
    engine: Engine, engagement_id: int, a: int, b: int, present: bool, kind: TieType = TieType.help
) -> bool:
    with transaction(engine) as s:
        return set_tie(
            session=s,
            engagement_id=engagement_id,
            from_id=a,
            to_id=b,
            tie_type=kind,
            present=present,
        )


def matrix(engine: Engine, engagement_id: int, kind: TieType = TieType.help) -> list[list[int]]:
    with transaction(engine) as s:
        grid = network_grid(session=s, engagement_id=engagement_id, tie_type=kind)
    return [[int(cell) for cell in row] for row in grid.cells]


def test_grid_rows_ask_columns_are_asked(engine: Engine) -> None:
    e, (ana, ben, cy) = new_team(engine, "Ana", "Ben", "Cy")
    set_cell(engine, e, ben, ana, True)
    set_cell(engine, e, cy, ana, True)
    set_cell(engine, e, ana, cy, True, TieType.advice)  # another type: not in the help grid
    with transaction(engine) as s:
        grid = network_grid(session=s, engagement_id=e, tie_type=TieType.help)
    assert grid.tie_type is TieType.help
    assert grid.members == (GridMember(ana, "Ana"), GridMember(ben, "Ben"), GridMember(cy, "Cy"))
    assert matrix(engine, e) == [[0, 0, 0], [1, 0, 0], [1, 0, 0]]
    assert matrix(engine, e, TieType.advice) == [[0, 0, 1], [0, 0, 0], [0, 0, 0]]
    assert grid.has(ben, ana) and not grid.has(ana, ben)
    assert grid.index_of(cy) == 2
    with pytest.raises(ValueError):
        grid.index_of(999)


def test_setting_a_cell_is_idempotent(engine: Engine) -> None:
    e, (ana, ben) = new_team(engine, "Ana", "Ben")
    assert set_cell(engine, e, ana, ben, True) is True
    assert set_cell(engine, e, ana, ben, True) is False
    assert matrix(engine, e) == [[0, 1], [0, 0]]
    assert set_cell(engine, e, ana, ben, False) is True
    assert set_cell(engine, e, ana, ben, False) is False
    assert matrix(engine, e) == [[0, 0], [0, 0]]


@pytest.mark.parametrize("present", [True, False])
def test_self_tie_refused(engine: Engine, present: bool) -> None:
    e, (ana,) = new_team(engine, "Ana")
    with pytest.raises(ValidationError) as caught:
        set_cell(engine, e, ana, ana, present)
    assert (caught.value.field, caught.value.message) == ("tie", "Ana cannot go to themselves.")


@pytest.mark.parametrize("present", [True, False])
def test_member_of_another_engagement_refused(engine: Engine, present: bool) -> None:
    e, (ana,) = new_team(engine, "Ana")
    other, (stranger,) = new_team(engine, "Stranger")
    for a, b in ((ana, stranger), (stranger, ana)):
        with pytest.raises(ValidationError) as caught:
            set_cell(engine, e, a, b, present)
        assert caught.value.message == "Both people must be members of this engagement's team."
    assert matrix(engine, e) == [[0]]
    assert matrix(engine, other) == [[0]]


def test_unknown_member_or_engagement_not_found(engine: Engine) -> None:
    e, (ana,) = new_team(engine, "Ana")
    with pytest.raises(NotFoundError):
        set_cell(engine, e, ana, 999, True)
    with pytest.raises(NotFoundError), transaction(engine) as s:
        network_grid(session=s, engagement_id=999, tie_type=TieType.help)


def test_empty_team_gives_an_empty_grid(engine: Engine) -> None:
    e, _ = new_team(engine)
    with transaction(engine) as s:
        grid = network_grid(session=s, engagement_id=e, tie_type=TieType.new_ideas)
    assert (grid.members, grid.cells) == ((), ())
