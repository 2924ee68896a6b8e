"""Moving a learning-activity "measure" to the learning indicators, and the tier it suggests."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.demo import load_demo
from app.services.checkins import CheckInInput, ObservationInput, record_checkin
from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import list_indicators
from app.services.measures import MeasureInput, add_measure, list_measures
from app.services.reclassify import move_measure_to_indicator, suggest_tier
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import IndicatorKind

K = IndicatorKind


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


@pytest.fixture
def engagement_id(engine: Engine) -> int:
    with transaction(engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="D")
        )
        assert e.id is not None
        return e.id


def add(engine: Engine, engagement_id: int, name: str, **changes: object) -> int:
    values: dict[str, object] = {
        "name": name,
        "unit": "%",
        "baseline_value": 62.5,
        "baseline_date": date(2026, 1, 5),
        "target_value": 90.0,
        "target_date": date(2026, 6, 1),
    } | changes
    data = MeasureInput(**values)  # type: ignore[arg-type]
    with transaction(engine) as s:
        m = add_measure(session=s, engagement_id=engagement_id, data=data)
        assert m.id is not None
        return m.id


def move(engine: Engine, measure_id: int, tier: int = 1, kind: K = K.completion) -> int:
    with transaction(engine) as s:
        row = move_measure_to_indicator(session=s, measure_id=measure_id, ltem_tier=tier, kind=kind)
        assert row.id is not None
        return row.id


def names(engine: Engine, engagement_id: int) -> tuple[list[str], list[str]]:
    """The measures' names and the indicators' names."""
    with transaction(engine) as s:
        return (
            [m.name for m in list_measures(session=s, engagement_id=engagement_id)],
            [i.name for i in list_indicators(session=s, engagement_id=engagement_id)],
        )


def test_a_moved_measure_becomes_an_indicator_with_its_baseline(engine, engagement_id) -> None:
    kept = add(engine, engagement_id, "Claims closed per week")
    moved = add(engine, engagement_id, "Course completion rate", data_source="LMS report.")
    move(engine, moved, tier=1, kind=K.completion)
    with transaction(engine) as s:
        (indicator,) = list_indicators(session=s, engagement_id=engagement_id)
        measures = list_measures(session=s, engagement_id=engagement_id)
    assert [m.id for m in measures] == [kept]
    assert indicator.name == "Course completion rate"
    assert (indicator.ltem_tier, indicator.kind) == (1, K.completion)
    assert (indicator.value, indicator.unit, indicator.recorded_on) == (62.5, "%", date(2026, 1, 5))
    assert indicator.note == (
        "Moved from the performance measures. As a measure its target was 90 % by 1 Jun 2026. "
        "Source: LMS report."
    )


def test_a_measure_without_unit_or_source_gets_a_short_note(engine, engagement_id) -> None:
    moved = add(engine, engagement_id, "Webinar sign-ups", unit="", target_value=120.0)
    move(engine, moved, tier=1, kind=K.attendance)
    with transaction(engine) as s:
        (indicator,) = list_indicators(session=s, engagement_id=engagement_id)
    assert indicator.note == (
        "Moved from the performance measures. As a measure its target was 120 by 1 Jun 2026."
    )


def test_a_measure_with_check_in_values_is_not_moved(engine, engagement_id) -> None:
    moved = add(engine, engagement_id, "Course completion rate")
    for day in (1, 15):
        with transaction(engine) as s:
            record_checkin(
                session=s,
                engagement_id=engagement_id,
                data=CheckInInput(
                    held_on=date(2026, 2, day), observations=(ObservationInput(moved, 70.0),)
                ),
            )
    with pytest.raises(ValidationError) as caught:
        move(engine, moved)
    assert caught.value.message.startswith(
        "“Course completion rate” already has 2 values recorded at check-ins, which would be lost"
    )
    assert names(engine, engagement_id) == (["Course completion rate"], [])


def test_one_check_in_value_is_named_in_the_singular(engine, engagement_id) -> None:
    moved = add(engine, engagement_id, "Attendance")
    with transaction(engine) as s:
        record_checkin(
            session=s,
            engagement_id=engagement_id,
            data=CheckInInput(held_on=date(2026, 2, 1), observations=(ObservationInput(moved, 8),)),
        )
    with pytest.raises(ValidationError, match="already has one value recorded"):
        move(engine, moved)


def test_nothing_moves_while_the_agreement_is_signed(engine) -> None:
    with transaction(engine) as s:
        demo = load_demo(session=s)
        assert demo.id is not None
        first = list_measures(session=s, engagement_id=demo.id)[0]
        assert first.id is not None
        before = list_indicators(session=s, engagement_id=demo.id)
    with pytest.raises(ValidationError) as caught:
        move(engine, first.id)
    assert caught.value.message.startswith("Version 1 is signed and cannot change.")
    with transaction(engine) as s:
        assert len(list_indicators(session=s, engagement_id=demo.id)) == len(before)
        assert list_measures(session=s, engagement_id=demo.id)[0].id == first.id


def test_a_bad_tier_is_refused_and_the_measure_stays(engine, engagement_id) -> None:
    moved = add(engine, engagement_id, "Course completion rate")
    with pytest.raises(ValidationError) as caught:
        move(engine, moved, tier=9)
    assert caught.value.field == "ltem_tier"
    assert names(engine, engagement_id) == (["Course completion rate"], [])


def test_an_unknown_measure_is_not_found(engine, engagement_id) -> None:
    with pytest.raises(NotFoundError):
        move(engine, 999)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Attendance at the workshop", (1, K.attendance)),
        ("Advisers who attended", (1, K.attendance)),
        ("E-learning enrolments", (1, K.attendance)),
        ("Training hours per adviser", (1, K.attendance)),
        ("Course completion rate", (1, K.completion)),
        ("Modules completed", (1, K.completion)),
        ("Learner satisfaction", (3, K.satisfaction)),
        ("Smile sheet average", (3, K.satisfaction)),
        ("Quiz score", (4, K.knowledge_check)),
        ("Post-course test pass rate", (4, K.knowledge_check)),
        ("Product knowledge assessment", (4, K.knowledge_check)),
        ("Webinar views", (2, K.other)),
        ("Latest module opened", (2, K.other)),  # "test" only as a whole word
        ("Incomplete claims", (2, K.other)),  # not a completion
    ],
)
def test_the_suggested_tier_follows_the_words_of_the_name(name, expected) -> None:
    assert suggest_tier(name) == expected
