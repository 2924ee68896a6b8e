"""Chosen scaffolds: the causes they address, the training rule, dates and status."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import behaviours as b
from app.services import scaffolds as sc
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffolds import ScaffoldInput
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import GilbertCell, Level, OwnerRole, ScaffoldKind, ScaffoldStatus
from models.tables import ChosenScaffold

TRAINING = ScaffoldKind.formal_training


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def new_engagement(engine: Engine, team: str = "Claims") -> int:
    with transaction(engine) as s:
        engagement = create_engagement(
            session=s, data=EngagementDetails(team_name=team, manager_name="Dana")
        )
        assert engagement.id is not None
        return engagement.id


def new_cause(engine: Engine, engagement_id: int, cell: GilbertCell) -> int:
    with transaction(engine) as s:
        behaviour = add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Handler", expected="Checks the history"),
        )
        assert behaviour.id is not None
        cause = add_cause(session=s, behaviour_id=behaviour.id, data=CauseInput(cell=cell))
        assert cause.id is not None
        return cause.id


def scaffold(**overrides: object) -> ScaffoldInput:
    return replace(ScaffoldInput(name="Call checklist"), **overrides)  # type: ignore[arg-type]


def add(engine: Engine, engagement_id: int, **overrides: object) -> ChosenScaffold:
    with transaction(engine) as s:
        return sc.add_scaffold(session=s, engagement_id=engagement_id, data=scaffold(**overrides))


def refused(engine: Engine, engagement_id: int, **overrides: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        add(engine, engagement_id, **overrides)
    with transaction(engine) as s:
        assert sc.list_scaffolds(session=s, engagement_id=engagement_id) == []
    return caught.value


def links(engine: Engine, scaffold_id: int) -> list[int]:
    with transaction(engine) as s:
        return sc.scaffold_cause_ids(session=s, scaffold_id=scaffold_id)


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    return new_engagement(engine)


def test_add_stores_the_plan_details(engine: Engine, engagement_id: int) -> None:
    cause = new_cause(engine, engagement_id, GilbertCell.resources)
    created = add(
        engine,
        engagement_id,
        name="  Call checklist ",
        kind=ScaffoldKind.performance_support,
        level=Level.individual,
        owner_role=OwnerRole.partner,
        description="  One page  ",
        library_key="  checklist  ",
        start_date=date(2026, 2, 1),
        due_date=date(2026, 3, 1),
        cause_ids=(cause,),
    )
    assert created.id is not None
    with transaction(engine) as s:
        found = s.get(ChosenScaffold, created.id)
        assert found is not None
    assert (found.name, found.description, found.library_key) == (
        "Call checklist",
        "One page",
        "checklist",
    )
    assert (found.kind, found.level, found.owner_role) == (
        ScaffoldKind.performance_support,
        Level.individual,
        OwnerRole.partner,
    )
    assert (found.start_date, found.due_date) == (date(2026, 2, 1), date(2026, 3, 1))
    assert found.status is ScaffoldStatus.planned
    assert links(engine, created.id) == [cause]


def test_blank_library_key_becomes_none(engine: Engine, engagement_id: int) -> None:
    created = add(engine, engagement_id, library_key="   ")
    assert created.library_key is None


def test_name_required(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, name="  ")
    assert (error.field, error.message) == ("name", "The scaffold's name is required.")


def test_cause_of_another_engagement_refused(engine: Engine, engagement_id: int) -> None:
    mine = new_cause(engine, engagement_id, GilbertCell.resources)
    theirs = new_cause(engine, new_engagement(engine, "Other"), GilbertCell.resources)
    error = refused(engine, engagement_id, cause_ids=(mine, theirs))
    assert error.field == "cause_ids"
    assert error.message == f"Cause {theirs} is not one of this engagement's recorded causes."


def test_unknown_cause_refused(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, cause_ids=(12345,))
    assert error.field == "cause_ids"
    assert "12345" in error.message


def test_duplicate_cause_ids_linked_once(engine: Engine, engagement_id: int) -> None:
    cause = new_cause(engine, engagement_id, GilbertCell.resources)
    created = add(engine, engagement_id, cause_ids=(cause, cause))
    assert created.id is not None
    assert links(engine, created.id) == [cause]


def test_formal_training_without_knowledge_cause_needs_a_reason(
    engine: Engine, engagement_id: int
) -> None:
    new_cause(engine, engagement_id, GilbertCell.motives)
    error = refused(engine, engagement_id, kind=TRAINING, training_reason="   ")
    assert error.field == "training_reason"
    assert error.message == (
        "No knowledge or skill gap is recorded, so training is unlikely to help. "
        "Record why formal training is still chosen."
    )


def test_formal_training_without_knowledge_cause_accepted_with_a_reason(
    engine: Engine, engagement_id: int
) -> None:
    created = add(
        engine, engagement_id, kind=TRAINING, training_reason="  Required by the regulator "
    )
    assert created.training_reason == "Required by the regulator"


def test_formal_training_with_a_knowledge_cause_needs_no_reason(
    engine: Engine, engagement_id: int
) -> None:
    new_cause(engine, engagement_id, GilbertCell.knowledge)
    created = add(engine, engagement_id, kind=TRAINING)
    assert created.id is not None
    assert created.training_reason == ""


def test_knowledge_cause_of_another_engagement_does_not_count(
    engine: Engine, engagement_id: int
) -> None:
    new_cause(engine, new_engagement(engine, "Other"), GilbertCell.knowledge)
    error = refused(engine, engagement_id, kind=TRAINING)
    assert error.field == "training_reason"


def test_other_kinds_need_no_reason_without_knowledge_cause(
    engine: Engine, engagement_id: int
) -> None:
    assert add(engine, engagement_id, kind=ScaffoldKind.social_learning).id is not None


def test_due_before_start_refused(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, start_date=date(2026, 3, 2), due_date=date(2026, 3, 1))
    assert error.field == "due_date"
    assert error.message == "The due date (2026-03-01) is before the start date (2026-03-02)."


def test_due_on_start_day_accepted(engine: Engine, engagement_id: int) -> None:
    day = date(2026, 3, 2)
    assert add(engine, engagement_id, start_date=day, due_date=day).due_date == day


def test_implausible_start_refused(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, start_date=date(1026, 3, 2))
    assert error.field == "start_date"


def test_update_replaces_details_and_links(engine: Engine, engagement_id: int) -> None:
    first = new_cause(engine, engagement_id, GilbertCell.resources)
    second = new_cause(engine, engagement_id, GilbertCell.information)
    created = add(engine, engagement_id, cause_ids=(first,))
    assert created.id is not None
    with transaction(engine) as s:
        sc.update_scaffold(
            session=s,
            scaffold_id=created.id,
            data=scaffold(name="Feedback board", cause_ids=(second,), kind=ScaffoldKind.other),
        )
    with transaction(engine) as s:
        found = s.get(ChosenScaffold, created.id)
        assert found is not None
    assert found.name == "Feedback board"
    assert links(engine, created.id) == [second]


def test_update_refuses_a_foreign_cause_and_keeps_links(engine: Engine, engagement_id: int) -> None:
    mine = new_cause(engine, engagement_id, GilbertCell.resources)
    theirs = new_cause(engine, new_engagement(engine, "Other"), GilbertCell.resources)
    created = add(engine, engagement_id, cause_ids=(mine,))
    assert created.id is not None
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        sc.update_scaffold(session=s, scaffold_id=created.id, data=scaffold(cause_ids=(theirs,)))
    assert caught.value.field == "cause_ids"
    assert links(engine, created.id) == [mine]


def test_set_status_changes_only_the_status(engine: Engine, engagement_id: int) -> None:
    created = add(engine, engagement_id)
    assert created.id is not None
    with transaction(engine) as s:
        sc.set_scaffold_status(session=s, scaffold_id=created.id, status=ScaffoldStatus.done)
    with transaction(engine) as s:
        found = s.get(ChosenScaffold, created.id)
        assert found is not None
    assert found.status is ScaffoldStatus.done
    assert found.name == "Call checklist"


def test_list_order_delete_and_not_found(engine: Engine, engagement_id: int) -> None:
    a = add(engine, engagement_id, name="A").id
    b = add(engine, engagement_id, name="B").id
    assert a is not None and b is not None
    with transaction(engine) as s:
        assert [x.id for x in sc.list_scaffolds(session=s, engagement_id=engagement_id)] == [a, b]
        sc.delete_scaffold(session=s, scaffold_id=a)
    with transaction(engine) as s:
        assert [x.id for x in sc.list_scaffolds(session=s, engagement_id=engagement_id)] == [b]
    with pytest.raises(NotFoundError), transaction(engine) as s:
        sc.set_scaffold_status(session=s, scaffold_id=a, status=ScaffoldStatus.done)
    with pytest.raises(NotFoundError), transaction(engine) as s:
        sc.add_scaffold(session=s, engagement_id=999, data=scaffold())


def test_removing_the_only_skill_gap_behind_training_is_refused(tmp_path) -> None:
    engine = open_database(tmp_path / "t.sqlite")
    with transaction(engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Ops", manager_name="Ana")
        )
        assert e.id is not None
        beh = b.add_behaviour(
            session=s, engagement_id=e.id, data=b.BehaviourInput(role="Clerk", expected="X")
        )
        assert beh.id is not None
        gap = b.add_cause(
            session=s, behaviour_id=beh.id, data=b.CauseInput(cell=GilbertCell.knowledge)
        )
        assert gap.id is not None
        sc.add_scaffold(
            session=s,
            engagement_id=e.id,
            data=sc.ScaffoldInput(name="Billing course", kind=ScaffoldKind.formal_training),
        )
        gap_id, beh_id = gap.id, beh.id
    for change in (
        lambda s: b.delete_cause(session=s, cause_id=gap_id),
        lambda s: b.update_cause(
            session=s, cause_id=gap_id, data=b.CauseInput(cell=GilbertCell.resources)
        ),
        lambda s: b.delete_behaviour(session=s, behaviour_id=beh_id),
    ):
        with pytest.raises(ValidationError, match="Billing course"), transaction(engine) as s:
            change(s)
    with transaction(engine) as s:
        assert [c.cell for c in b.list_causes(session=s, behaviour_id=beh_id)] == [
            GilbertCell.knowledge
        ]
