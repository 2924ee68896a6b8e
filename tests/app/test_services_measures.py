"""Performance measures: the rules on baseline, target, dates and direction."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import measures as ms
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import Direction
from models.tables import PerformanceMeasure

HIGHER = Direction.higher_is_better
LOWER = Direction.lower_is_better


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
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


def measure(**overrides: object) -> MeasureInput:
    base = MeasureInput(
        name="First-contact resolution",
        baseline_value=60.0,
        baseline_date=date(2026, 1, 1),
        target_value=75.0,
        target_date=date(2026, 12, 31),
        unit="%",
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def add(engine: Engine, engagement_id: int, **overrides: object) -> PerformanceMeasure:
    with transaction(engine) as s:
        return ms.add_measure(session=s, engagement_id=engagement_id, data=measure(**overrides))


def refused(engine: Engine, engagement_id: int, **overrides: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        add(engine, engagement_id, **overrides)
    with transaction(engine) as s:
        assert ms.list_measures(session=s, engagement_id=engagement_id) == []
    return caught.value


def test_add_stores_trimmed_values(engine: Engine, engagement_id: int) -> None:
    add(
        engine,
        engagement_id,
        name="  Repeat calls ",
        unit=" % ",
        owner=" Ops ",
        data_source="  CRM report  ",
        direction=LOWER,
        baseline_value=30,
        target_value=20,
        exemplar_value=12,
        typical_value=31,
    )
    with transaction(engine) as s:
        (found,) = ms.list_measures(session=s, engagement_id=engagement_id)
    assert (found.name, found.unit, found.owner, found.data_source) == (
        "Repeat calls",
        "%",
        "Ops",
        "CRM report",
    )
    assert found.direction is LOWER
    assert (found.baseline_value, found.target_value) == (30.0, 20.0)
    assert (found.exemplar_value, found.typical_value) == (12.0, 31.0)
    assert (found.baseline_date, found.target_date) == (date(2026, 1, 1), date(2026, 12, 31))


def test_measures_are_listed_in_the_order_added(engine: Engine, engagement_id: int) -> None:
    for name in ("A", "B", "C"):
        add(engine, engagement_id, name=name)
    with transaction(engine) as s:
        found = ms.list_measures(session=s, engagement_id=engagement_id)
    assert [m.name for m in found] == ["A", "B", "C"]
    assert [m.position for m in found] == [0, 1, 2]


def test_target_equal_to_baseline_refused(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, baseline_value=50, target_value=50)
    assert error.field == "target_value"
    assert error.message == "The target equals the baseline: there is no change to aim for."


@pytest.mark.parametrize("target_date", [date(2025, 12, 31), date(2026, 1, 1)])
def test_target_date_not_after_baseline_date_refused(
    engine: Engine, engagement_id: int, target_date: date
) -> None:
    error = refused(engine, engagement_id, target_date=target_date)
    assert error.field == "target_date"
    assert error.message == (
        f"The target date ({target_date.isoformat()}) must come after the baseline "
        "date (2026-01-01)."
    )


def test_higher_is_better_with_target_below_baseline_refused(
    engine: Engine, engagement_id: int
) -> None:
    error = refused(engine, engagement_id, direction=HIGHER, baseline_value=60, target_value=50)
    assert error.field == "target_value"
    assert error.message.startswith(
        "Higher is better for this measure, but the target is below the baseline."
    )
    assert "lower is better" in error.message


def test_lower_is_better_with_target_above_baseline_refused(
    engine: Engine, engagement_id: int
) -> None:
    error = refused(engine, engagement_id, direction=LOWER, baseline_value=30, target_value=40)
    assert error.field == "target_value"
    assert error.message.startswith(
        "Lower is better for this measure, but the target is above the baseline."
    )
    assert "higher is better" in error.message


def test_lower_is_better_with_target_below_baseline_accepted(
    engine: Engine, engagement_id: int
) -> None:
    assert add(engine, engagement_id, direction=LOWER, baseline_value=30, target_value=20).id


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("baseline_value", float("nan")),
        ("baseline_value", float("inf")),
        ("target_value", float("nan")),
        ("target_value", float("-inf")),
        ("exemplar_value", float("nan")),
        ("typical_value", float("inf")),
    ],
)
def test_nan_and_infinity_refused(
    engine: Engine, engagement_id: int, field: str, value: float
) -> None:
    error = refused(engine, engagement_id, **{field: value})
    assert error.field == field
    assert "finite number" in error.message


@pytest.mark.parametrize("name", ["", "   "])
def test_name_required(engine: Engine, engagement_id: int, name: str) -> None:
    error = refused(engine, engagement_id, name=name)
    assert error.field == "name"
    assert error.message == "The measure's name is required."


def test_implausible_dates_refused(engine: Engine, engagement_id: int) -> None:
    error = refused(engine, engagement_id, target_date=date(2620, 1, 1))
    assert error.field == "target_date"
    assert "1900–2200" in error.message


def test_update_applies_the_same_rules_and_replaces_values(
    engine: Engine, engagement_id: int
) -> None:
    measure_id = add(engine, engagement_id).id
    assert measure_id is not None
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ms.update_measure(session=s, measure_id=measure_id, data=measure(target_value=60.0))
    assert caught.value.field == "target_value"
    with transaction(engine) as s:
        ms.update_measure(
            session=s, measure_id=measure_id, data=measure(name="FCR", target_value=80)
        )
    with transaction(engine) as s:
        found = s.get(PerformanceMeasure, measure_id)
        assert found is not None
    assert (found.name, found.target_value) == ("FCR", 80.0)


def test_delete_and_not_found(engine: Engine, engagement_id: int) -> None:
    measure_id = add(engine, engagement_id).id
    assert measure_id is not None
    with transaction(engine) as s:
        ms.delete_measure(session=s, measure_id=measure_id)
    with transaction(engine) as s:
        assert ms.list_measures(session=s, engagement_id=engagement_id) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ms.delete_measure(session=s, measure_id=measure_id)
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ms.update_measure(session=s, measure_id=measure_id, data=measure())


def test_add_to_unknown_engagement_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ms.add_measure(session=s, engagement_id=404, data=measure())


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Course completion rate", "completion"),
        ("Course satisfaction score", "course satisfaction"),
        ("Training hours per person", "training hours"),
        ("Module ATTENDANCE", "attendance"),
    ],
)
def test_learning_activity_hint_flags_learning_activity(name: str, word: str) -> None:
    hint = ms.learning_activity_hint(name)
    assert hint is not None
    assert f"“{word}”" in hint
    assert "learning indicator" in hint


@pytest.mark.parametrize(
    "name", ["First-contact resolution", "Average handling time", "Repeat calls per week"]
)
def test_learning_activity_hint_leaves_performance_measures_alone(name: str) -> None:
    assert ms.learning_activity_hint(name) is None
