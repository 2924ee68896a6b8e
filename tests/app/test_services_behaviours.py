"""Critical behaviours and their causes in Gilbert's six cells."""

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import behaviours as bh
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffolds import ScaffoldInput, add_scaffold, scaffold_cause_ids
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import Confidence, GilbertCell, Level
from models.tables import Engagement


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


def new_engagement(engine: Engine, team: str = "Claims") -> int:
    with transaction(engine) as s:
        engagement = create_engagement(
            session=s, data=EngagementDetails(team_name=team, manager_name="Dana")
        )
        assert engagement.id is not None
        return engagement.id


def new_behaviour(engine: Engine, engagement_id: int, role: str = "Handler") -> int:
    with transaction(engine) as s:
        behaviour = bh.add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role=role, expected="Reads the history before calling back"),
        )
        assert behaviour.id is not None
        return behaviour.id


def new_cause(engine: Engine, behaviour_id: int, cell: GilbertCell = GilbertCell.resources) -> int:
    with transaction(engine) as s:
        cause = bh.add_cause(session=s, behaviour_id=behaviour_id, data=CauseInput(cell=cell))
        assert cause.id is not None
        return cause.id


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    return new_engagement(engine)


def test_add_behaviour_trims_and_keeps_level(engine: Engine, engagement_id: int) -> None:
    with transaction(engine) as s:
        bh.add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(
                role="  Team lead ",
                expected="  Holds a weekly huddle \n",
                current=" Skips it ",
                level=Level.team,
            ),
        )
    with transaction(engine) as s:
        (found,) = bh.list_behaviours(session=s, engagement_id=engagement_id)
    assert (found.role, found.expected, found.current) == (
        "Team lead",
        "Holds a weekly huddle",
        "Skips it",
    )
    assert found.level is Level.team


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            BehaviourInput(role=" ", expected="x"),
            "role",
            "The role (who should do this) is required.",
        ),
        (
            BehaviourInput(role="Handler", expected="\n"),
            "expected",
            "What people should do is required.",
        ),
    ],
)
def test_behaviour_requires_role_and_expected(
    engine: Engine, engagement_id: int, data: BehaviourInput, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        bh.add_behaviour(session=s, engagement_id=engagement_id, data=data)
    assert (caught.value.field, caught.value.message) == (field, message)
    with transaction(engine) as s:
        assert bh.list_behaviours(session=s, engagement_id=engagement_id) == []


def test_behaviours_listed_in_order_and_per_engagement(engine: Engine, engagement_id: int) -> None:
    other = new_engagement(engine, "Other")
    first = new_behaviour(engine, engagement_id, "A")
    new_behaviour(engine, other, "Elsewhere")
    second = new_behaviour(engine, engagement_id, "B")
    with transaction(engine) as s:
        found = bh.list_behaviours(session=s, engagement_id=engagement_id)
    assert [b.id for b in found] == [first, second]
    assert [b.position for b in found] == [0, 1]


def test_update_behaviour(engine: Engine, engagement_id: int) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    with transaction(engine) as s:
        bh.update_behaviour(
            session=s,
            behaviour_id=behaviour_id,
            data=BehaviourInput(
                role="Senior handler", expected="Coaches", level=Level.organisation
            ),
        )
    with transaction(engine) as s:
        (found,) = bh.list_behaviours(session=s, engagement_id=engagement_id)
    assert (found.role, found.expected, found.level) == (
        "Senior handler",
        "Coaches",
        Level.organisation,
    )


def test_add_cause_records_cell_evidence_confidence(engine: Engine, engagement_id: int) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    with transaction(engine) as s:
        bh.add_cause(
            session=s,
            behaviour_id=behaviour_id,
            data=CauseInput(
                cell=GilbertCell.information, evidence="  No feedback  ", confidence=Confidence.high
            ),
        )
        bh.add_cause(session=s, behaviour_id=behaviour_id, data=CauseInput(cell="knowledge"))  # type: ignore[arg-type]
    with transaction(engine) as s:
        causes = bh.list_causes(session=s, behaviour_id=behaviour_id)
    assert [(c.cell, c.evidence, c.confidence, c.position) for c in causes] == [
        (GilbertCell.information, "No feedback", Confidence.high, 0),
        (GilbertCell.knowledge, "", Confidence.medium, 1),
    ]


def test_add_cause_with_unknown_cell_refused(engine: Engine, engagement_id: int) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    with pytest.raises(ValueError), transaction(engine) as s:
        bh.add_cause(session=s, behaviour_id=behaviour_id, data=CauseInput(cell="luck"))  # type: ignore[arg-type]


def test_engagement_causes_gathers_all_behaviours_only_of_that_engagement(
    engine: Engine, engagement_id: int
) -> None:
    first = new_behaviour(engine, engagement_id, "A")
    second = new_behaviour(engine, engagement_id, "B")
    other = new_behaviour(engine, new_engagement(engine, "Other"), "C")
    a1 = new_cause(engine, first, GilbertCell.information)
    b1 = new_cause(engine, second, GilbertCell.motives)
    a2 = new_cause(engine, first, GilbertCell.capacity)
    new_cause(engine, other, GilbertCell.knowledge)
    with transaction(engine) as s:
        found = bh.engagement_causes(session=s, engagement_id=engagement_id)
    assert [c.id for c in found] == [a1, a2, b1]


def test_update_and_delete_cause(engine: Engine, engagement_id: int) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    cause_id = new_cause(engine, behaviour_id)
    with transaction(engine) as s:
        bh.update_cause(
            session=s,
            cause_id=cause_id,
            data=CauseInput(cell=GilbertCell.incentives, evidence="Paid per call"),
        )
    with transaction(engine) as s:
        (found,) = bh.list_causes(session=s, behaviour_id=behaviour_id)
    assert (found.cell, found.evidence) == (GilbertCell.incentives, "Paid per call")
    with transaction(engine) as s:
        bh.delete_cause(session=s, cause_id=cause_id)
    with transaction(engine) as s:
        assert bh.list_causes(session=s, behaviour_id=behaviour_id) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        bh.update_cause(session=s, cause_id=cause_id, data=CauseInput(cell=GilbertCell.motives))


def test_deleting_a_cause_unlinks_it_from_scaffolds(engine: Engine, engagement_id: int) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    kept, gone = new_cause(engine, behaviour_id), new_cause(engine, behaviour_id)
    with transaction(engine) as s:
        scaffold = add_scaffold(
            session=s,
            engagement_id=engagement_id,
            data=ScaffoldInput(name="Job aid", cause_ids=(kept, gone)),
        )
        assert scaffold.id is not None
        scaffold_id = scaffold.id
    with transaction(engine) as s:
        bh.delete_cause(session=s, cause_id=gone)
    with transaction(engine) as s:
        assert scaffold_cause_ids(session=s, scaffold_id=scaffold_id) == [kept]


def test_deleting_a_behaviour_deletes_its_causes(
    engine: Engine, engagement_id: int, db_path: Path
) -> None:
    behaviour_id = new_behaviour(engine, engagement_id)
    survivor = new_behaviour(engine, engagement_id, "Other role")
    new_cause(engine, behaviour_id)
    new_cause(engine, behaviour_id)
    kept = new_cause(engine, survivor)
    with transaction(engine) as s:
        bh.delete_behaviour(session=s, behaviour_id=behaviour_id)
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT id FROM cause").fetchall()
        behaviours = con.execute("SELECT id FROM behaviour").fetchall()
    finally:
        con.close()
    assert rows == [(kept,)]
    assert behaviours == [(survivor,)]
    with pytest.raises(NotFoundError), transaction(engine) as s:
        bh.add_cause(
            session=s, behaviour_id=behaviour_id, data=CauseInput(cell=GilbertCell.motives)
        )


def test_unknown_behaviour_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        bh.update_behaviour(session=s, behaviour_id=9, data=BehaviourInput(role="r", expected="e"))
    with pytest.raises(NotFoundError), transaction(engine) as s:
        bh.delete_behaviour(session=s, behaviour_id=9)


def test_behaviour_text_limit(engine: Engine, engagement_id: int) -> None:
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        bh.add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Handler", expected="x", current="y" * 100_001),
        )
    assert caught.value.field == "current"
    assert "100,001" in caught.value.message


def test_adding_a_behaviour_marks_the_engagement_updated(
    engine: Engine, engagement_id: int
) -> None:
    with transaction(engine) as s:
        before = s.get(Engagement, engagement_id)
        assert before is not None
        stamp = before.updated_at
    time.sleep(0.02)  # let a coarse clock tick
    new_behaviour(engine, engagement_id)
    with transaction(engine) as s:
        after = s.get(Engagement, engagement_id)
        assert after is not None
        assert after.updated_at > stamp
