"""Readiness ratings for the new skills of connected work."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import readiness as rd
from app.services.engagements import EngagementDetails, create_engagement
from app.validation import ValidationError
from models.db import open_database, transaction
from models.enums import NewSkill


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    with transaction(engine) as s:
        engagement = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Dana")
        )
        assert engagement.id is not None
        return engagement.id


def rate(
    engine: Engine, engagement_id: int, skill: NewSkill, rating: int, support: str = ""
) -> None:
    with transaction(engine) as s:
        rd.set_readiness(
            session=s, engagement_id=engagement_id, skill=skill, rating=rating, support=support
        )


def ratings(engine: Engine, engagement_id: int) -> list[tuple[NewSkill, int, str]]:
    with transaction(engine) as s:
        rows = rd.list_readiness(session=s, engagement_id=engagement_id)
        return [(r.skill, r.rating, r.support) for r in rows]


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
def test_ratings_one_to_five_accepted(engine: Engine, engagement_id: int, rating: int) -> None:
    rate(engine, engagement_id, NewSkill.connected_working, rating)
    assert ratings(engine, engagement_id) == [(NewSkill.connected_working, rating, "")]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_one_to_five_refused(
    engine: Engine, engagement_id: int, rating: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        rate(engine, engagement_id, NewSkill.connected_working, rating)
    assert caught.value.field == "rating"
    assert caught.value.message == f"Readiness must be between 1 and 5, not {rating}."
    assert ratings(engine, engagement_id) == []


def test_second_set_replaces_the_first(engine: Engine, engagement_id: int, db_path: Path) -> None:
    rate(engine, engagement_id, NewSkill.community_management, 2, "Peer coaching")
    rate(engine, engagement_id, NewSkill.community_management, 4, "  Nothing more  ")
    assert ratings(engine, engagement_id) == [(NewSkill.community_management, 4, "Nothing more")]
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT count(*) FROM readiness_rating").fetchone()[0] == 1
    finally:
        con.close()


def test_listed_in_skill_order_whatever_the_order_set(engine: Engine, engagement_id: int) -> None:
    rate(engine, engagement_id, NewSkill.community_management, 1)
    rate(engine, engagement_id, NewSkill.personal_knowledge_management, 2)
    rate(engine, engagement_id, NewSkill.leading_connected_team, 3)
    assert [skill for skill, _, _ in ratings(engine, engagement_id)] == [
        NewSkill.personal_knowledge_management,
        NewSkill.leading_connected_team,
        NewSkill.community_management,
    ]


def test_clear_forgets_one_skill_only(engine: Engine, engagement_id: int) -> None:
    rate(engine, engagement_id, NewSkill.connected_working, 3)
    rate(engine, engagement_id, NewSkill.community_management, 4)
    with transaction(engine) as s:
        rd.clear_readiness(session=s, engagement_id=engagement_id, skill=NewSkill.connected_working)
        # clearing something never rated is harmless
        rd.clear_readiness(
            session=s, engagement_id=engagement_id, skill=NewSkill.leading_connected_team
        )
    assert ratings(engine, engagement_id) == [(NewSkill.community_management, 4, "")]


def test_ratings_are_per_engagement(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        other = create_engagement(
            session=s, data=EngagementDetails(team_name="Other", manager_name="Kim")
        )
        assert other.id is not None
        other_id = other.id
    rate(engine, engagement_id, NewSkill.connected_working, 2)
    rate(engine, other_id, NewSkill.connected_working, 5)
    assert ratings(engine, engagement_id) == [(NewSkill.connected_working, 2, "")]
    assert ratings(engine, other_id) == [(NewSkill.connected_working, 5, "")]


def test_bool_rating_refused(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError, match="whole number"):
        rate(engine, engagement_id, NewSkill.connected_working, True)
