"""Check-ins: observations of measures, scaffold updates, and the next date."""

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.services import checkins as ci
from app.services.checkins import CheckInInput, ObservationInput, ScaffoldUpdateInput
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput, add_measure
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import Decision, ScaffoldStatus, SupportMode
from models.tables import CheckIn, ChosenScaffold

HELD = date(2026, 4, 1)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class Case:
    engagement: int
    measure: int
    other_measure: int
    scaffold: int


def new_case(engine: Engine, team: str = "Claims") -> Case:
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(team_name=team, manager_name="D"))
        assert e.id is not None
        measures = [
            add_measure(
                session=s,
                engagement_id=e.id,
                data=MeasureInput(
                    name=name,
                    baseline_value=60,
                    baseline_date=date(2026, 1, 1),
                    target_value=75,
                    target_date=date(2026, 12, 31),
                ),
            ).id
            for name in ("First-contact resolution", "Quality score")
        ]
        scaffold = add_scaffold(session=s, engagement_id=e.id, data=ScaffoldInput(name="Job aid"))
        assert measures[0] and measures[1] and scaffold.id
        return Case(e.id, measures[0], measures[1], scaffold.id)


@pytest.fixture
def case(engine: Engine) -> Case:
    return new_case(engine)


def checkin(**overrides: object) -> CheckInInput:
    return replace(CheckInInput(held_on=HELD), **overrides)  # type: ignore[arg-type]


def record(engine: Engine, engagement_id: int, **overrides: object) -> int:
    with transaction(engine) as s:
        row = ci.record_checkin(session=s, engagement_id=engagement_id, data=checkin(**overrides))
        assert row.id is not None
        return row.id


def refused(engine: Engine, engagement_id: int, **overrides: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        record(engine, engagement_id, **overrides)
    with transaction(engine) as s:
        assert ci.list_checkins(session=s, engagement_id=engagement_id) == []
    return caught.value


def observations(engine: Engine, checkin_id: int) -> list[tuple[int, float, str]]:
    with transaction(engine) as s:
        return [
            (o.measure_id, o.value, o.note)
            for o in ci.list_observations(session=s, checkin_id=checkin_id)
        ]


def scaffold_status(engine: Engine, scaffold_id: int) -> ScaffoldStatus:
    with transaction(engine) as s:
        found = s.get(ChosenScaffold, scaffold_id)
        assert found is not None
        return found.status


def test_record_stores_everything(engine: Engine, case: Case) -> None:
    checkin_id = record(
        engine,
        case.engagement,
        decision=Decision.adjust,
        what_changed="  Fewer escalations  ",
        next_date=date(2026, 5, 1),
        support_mode=SupportMode.step_back,
        observations=(
            ObservationInput(case.other_measure, 70, " QA sample "),
            ObservationInput(case.measure, 66.5, "CRM"),
        ),
    )
    with transaction(engine) as s:
        found = s.get(CheckIn, checkin_id)
        assert found is not None
    assert found.held_on == HELD
    assert found.decision is Decision.adjust
    assert found.what_changed == "Fewer escalations"
    assert found.next_date == date(2026, 5, 1)
    assert found.support_mode is SupportMode.step_back
    # listed in measure order, notes trimmed
    assert observations(engine, checkin_id) == [
        (case.measure, 66.5, "CRM"),
        (case.other_measure, 70.0, "QA sample"),
    ]


def test_observation_of_another_engagements_measure_refused(engine: Engine, case: Case) -> None:
    other = new_case(engine, "Other")
    error = refused(
        engine,
        case.engagement,
        observations=(
            ObservationInput(case.measure, 65),
            ObservationInput(other.measure, 65),
        ),
    )
    assert error.field == "observations[1]"
    assert error.message == "That measure does not belong to this engagement."


def test_same_measure_twice_refused(engine: Engine, case: Case) -> None:
    error = refused(
        engine,
        case.engagement,
        observations=(ObservationInput(case.measure, 65), ObservationInput(case.measure, 66)),
    )
    assert error.field == "observations[1]"
    assert error.message == "The same measure is observed twice in one check-in."


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_observation_refused(engine: Engine, case: Case, value: float) -> None:
    error = refused(engine, case.engagement, observations=(ObservationInput(case.measure, value),))
    assert error.field == "observations[0]"
    assert "finite" in error.message


@pytest.mark.parametrize("next_date", [HELD, date(2026, 3, 31)])
def test_next_date_not_after_held_date_refused(engine: Engine, case: Case, next_date: date) -> None:
    error = refused(engine, case.engagement, next_date=next_date)
    assert error.field == "next_date"
    assert error.message == (
        f"The next check-in ({next_date.isoformat()}) must come after this one (2026-04-01)."
    )


def test_implausible_held_date_refused(engine: Engine, case: Case) -> None:
    error = refused(engine, case.engagement, held_on=date(1062, 4, 1))
    assert error.field == "held_on"


def test_scaffold_of_another_engagement_refused(engine: Engine, case: Case) -> None:
    other = new_case(engine, "Other")
    error = refused(
        engine,
        case.engagement,
        scaffold_updates=(ScaffoldUpdateInput(other.scaffold, ScaffoldStatus.done),),
    )
    assert error.field == "scaffold_updates[0]"
    assert error.message == "That scaffold does not belong to this engagement."
    assert scaffold_status(engine, other.scaffold) is ScaffoldStatus.planned


def test_observation_note_over_the_text_limit_refused(engine: Engine, case: Case) -> None:
    error = refused(
        engine,
        case.engagement,
        observations=(ObservationInput(case.measure, 65, "n" * 100_001),),
    )
    assert error.field == "observations[0]"
    assert "100,001" in error.message


def test_scaffold_update_note_over_the_text_limit_refused(engine: Engine, case: Case) -> None:
    # Every other free text is capped at 100,000 characters; this note should be too.
    error = refused(
        engine,
        case.engagement,
        scaffold_updates=(ScaffoldUpdateInput(case.scaffold, ScaffoldStatus.done, "n" * 100_001),),
    )
    assert error.field == "scaffold_updates[0]"
    assert "100,001" in error.message
    assert scaffold_status(engine, case.scaffold) is ScaffoldStatus.planned


def test_scaffold_updates_change_the_scaffolds_status(engine: Engine, case: Case) -> None:
    checkin_id = record(
        engine,
        case.engagement,
        scaffold_updates=(ScaffoldUpdateInput(case.scaffold, ScaffoldStatus.under_way, " ok "),),
    )
    assert scaffold_status(engine, case.scaffold) is ScaffoldStatus.under_way
    with transaction(engine) as s:
        (update,) = ci.list_scaffold_updates(session=s, checkin_id=checkin_id)
    assert (update.scaffold_id, update.status, update.note) == (
        case.scaffold,
        ScaffoldStatus.under_way,
        "ok",
    )
    with transaction(engine) as s:
        ci.update_checkin(
            session=s,
            checkin_id=checkin_id,
            data=checkin(
                scaffold_updates=(ScaffoldUpdateInput(case.scaffold, ScaffoldStatus.done),)
            ),
        )
    assert scaffold_status(engine, case.scaffold) is ScaffoldStatus.done


def test_update_replaces_observations_and_bumps_updated_at(engine: Engine, case: Case) -> None:
    checkin_id = record(
        engine,
        case.engagement,
        observations=(ObservationInput(case.measure, 61), ObservationInput(case.other_measure, 62)),
    )
    with transaction(engine) as s:
        before = s.get(CheckIn, checkin_id)
        assert before is not None
    time.sleep(0.02)  # let a coarse clock tick
    with transaction(engine) as s:
        ci.update_checkin(
            session=s,
            checkin_id=checkin_id,
            data=checkin(
                what_changed="Corrected",
                observations=(ObservationInput(case.other_measure, 68, "re-read"),),
            ),
        )
    with transaction(engine) as s:
        after = s.get(CheckIn, checkin_id)
        assert after is not None
    assert observations(engine, checkin_id) == [(case.other_measure, 68.0, "re-read")]
    assert after.what_changed == "Corrected"
    assert after.updated_at > before.updated_at
    assert after.created_at == before.created_at


def test_update_validates_like_record(engine: Engine, case: Case) -> None:
    checkin_id = record(engine, case.engagement, observations=(ObservationInput(case.measure, 61),))
    with pytest.raises(ValidationError) as caught, transaction(engine) as s:
        ci.update_checkin(
            session=s,
            checkin_id=checkin_id,
            data=checkin(
                observations=(ObservationInput(case.measure, 1), ObservationInput(case.measure, 2))
            ),
        )
    assert caught.value.field == "observations[1]"
    assert observations(engine, checkin_id) == [(case.measure, 61.0, "")]


def test_checkins_listed_oldest_first_and_deleted_with_observations(
    engine: Engine, case: Case
) -> None:
    later = record(engine, case.engagement, held_on=date(2026, 6, 1))
    earlier = record(engine, case.engagement, observations=(ObservationInput(case.measure, 63),))
    with transaction(engine) as s:
        assert [c.id for c in ci.list_checkins(session=s, engagement_id=case.engagement)] == [
            earlier,
            later,
        ]
        ci.delete_checkin(session=s, checkin_id=earlier)
    with transaction(engine) as s:
        assert [c.id for c in ci.list_checkins(session=s, engagement_id=case.engagement)] == [later]
    assert observations(engine, earlier) == []
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ci.delete_checkin(session=s, checkin_id=earlier)


def test_unknown_engagement_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        ci.record_checkin(session=s, engagement_id=77, data=checkin())
