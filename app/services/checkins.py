"""Check-ins: what the measures show now, how the scaffolds are going, and what happens next."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, delete, select

from app.services.checkin_history import (
    checkin_state,
    describe_edit,
    describe_record,
    log_change,
)
from app.services.common import get_engagement, touch
from app.validation import (
    NotFoundError,
    ValidationError,
    check_finite,
    check_plausible_date,
    clean_text,
)
from models.base import utcnow
from models.enums import CheckInAction, Decision, ScaffoldStatus, SupportMode
from models.tables import (
    CheckIn,
    ChosenScaffold,
    Observation,
    PerformanceMeasure,
    ScaffoldUpdate,
)


@dataclass(frozen=True)
class ObservationInput:
    """The value of one measure seen at the check-in, and where it came from."""

    measure_id: int
    value: float
    note: str = ""


@dataclass(frozen=True)
class ScaffoldUpdateInput:
    """How one scaffold is going."""

    scaffold_id: int
    status: ScaffoldStatus
    note: str = ""


@dataclass(frozen=True)
class CheckInInput:
    """A check-in as recorded."""

    held_on: date
    decision: Decision = Decision.continue_
    what_changed: str = ""
    next_date: date | None = None
    support_mode: SupportMode | None = None
    observations: tuple[ObservationInput, ...] = ()
    scaffold_updates: tuple[ScaffoldUpdateInput, ...] = ()


def _validate(session: Session, engagement_id: int, data: CheckInInput) -> dict[str, object]:
    check_plausible_date(data.held_on, "held_on", "Check-in date")
    check_plausible_date(data.next_date, "next_date", "Next check-in date")
    if data.next_date is not None and data.next_date <= data.held_on:
        raise ValidationError(
            "next_date",
            f"The next check-in ({data.next_date.isoformat()}) must come after this one "
            f"({data.held_on.isoformat()}).",
        )
    measure_ids = set(
        session.exec(
            select(PerformanceMeasure.id).where(
                col(PerformanceMeasure.engagement_id) == engagement_id
            )
        )
    )
    seen: set[int] = set()
    for i, obs in enumerate(data.observations):
        field = f"observations[{i}]"
        if obs.measure_id not in measure_ids:
            raise ValidationError(field, "That measure does not belong to this engagement.")
        if obs.measure_id in seen:
            raise ValidationError(field, "The same measure is observed twice in one check-in.")
        seen.add(obs.measure_id)
        check_finite(obs.value, field, "The observed value")
        clean_text(obs.note, field, "The source note")
    scaffold_ids = set(
        session.exec(
            select(ChosenScaffold.id).where(col(ChosenScaffold.engagement_id) == engagement_id)
        )
    )
    for i, upd in enumerate(data.scaffold_updates):
        if upd.scaffold_id not in scaffold_ids:
            raise ValidationError(
                f"scaffold_updates[{i}]", "That scaffold does not belong to this engagement."
            )
        ScaffoldStatus(upd.status)
        clean_text(upd.note, f"scaffold_updates[{i}]", "The note")
    return {
        "held_on": data.held_on,
        "decision": Decision(data.decision),
        "what_changed": clean_text(data.what_changed, "what_changed", "What changed"),
        "next_date": data.next_date,
        "support_mode": None if data.support_mode is None else SupportMode(data.support_mode),
    }


def _write_children(session: Session, checkin_id: int, data: CheckInInput) -> None:
    session.exec(delete(Observation).where(col(Observation.checkin_id) == checkin_id))
    session.exec(delete(ScaffoldUpdate).where(col(ScaffoldUpdate.checkin_id) == checkin_id))
    for obs in data.observations:
        session.add(
            Observation(
                checkin_id=checkin_id,
                measure_id=obs.measure_id,
                value=float(obs.value),
                note=obs.note.strip(),
            )
        )
    for upd in data.scaffold_updates:
        session.add(
            ScaffoldUpdate(
                checkin_id=checkin_id,
                scaffold_id=upd.scaffold_id,
                status=ScaffoldStatus(upd.status),
                note=upd.note.strip(),
            )
        )
        scaffold = session.get(ChosenScaffold, upd.scaffold_id)
        if scaffold is not None:
            scaffold.status = ScaffoldStatus(upd.status)
            session.add(scaffold)
    session.flush()


def record_checkin(
    *, session: Session, engagement_id: int, data: CheckInInput, log: bool = True
) -> CheckIn:
    """Record a check-in with its observations and scaffold updates, and note it in the history.

    `log=False` is for restoring a file, which brings its own history.
    """
    engagement = get_engagement(session, engagement_id)
    values = _validate(session, engagement_id, data)
    checkin = CheckIn(engagement_id=engagement_id, **values)  # type: ignore[arg-type]
    session.add(checkin)
    session.flush()
    assert checkin.id is not None
    _write_children(session, checkin.id, data)
    if log:
        log_change(
            session,
            checkin,
            CheckInAction.recorded,
            describe_record(checkin_state(session, checkin)),
        )
    touch(engagement)
    session.add(engagement)
    session.flush()
    return checkin


def _get(session: Session, checkin_id: int) -> CheckIn:
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None:
        raise NotFoundError(f"No check-in with id {checkin_id}.")
    return checkin


def update_checkin(*, session: Session, checkin_id: int, data: CheckInInput) -> CheckIn:
    """Replace a past check-in; the history says when, and what changed.

    Saving a check-in unchanged writes nothing.
    """
    checkin = _get(session, checkin_id)
    values = _validate(session, checkin.engagement_id, data)
    before = checkin_state(session, checkin)
    for name, value in values.items():
        setattr(checkin, name, value)
    session.add(checkin)
    _write_children(session, checkin_id, data)
    summary = describe_edit(before, checkin_state(session, checkin))
    if not summary:
        return checkin
    checkin.updated_at = utcnow()
    session.add(checkin)
    log_change(session, checkin, CheckInAction.edited, summary)
    touch(get_engagement(session, checkin.engagement_id))
    return checkin


def delete_checkin(*, session: Session, checkin_id: int) -> None:
    """Remove a check-in with its observations; the history keeps what it held."""
    checkin = _get(session, checkin_id)
    state = checkin_state(session, checkin)
    held = "; ".join(f"{name} {value}" for name, value in state.observations.items())
    summary = f"Deleted the check-in of {state.fields['Date']}" + (
        f" (it held {held})." if held else " (it held no observations)."
    )
    log_change(session, checkin, CheckInAction.deleted, summary)
    touch(get_engagement(session, checkin.engagement_id))
    session.delete(checkin)
    session.flush()


def list_checkins(*, session: Session, engagement_id: int) -> list[CheckIn]:
    """The engagement's check-ins, oldest first."""
    return list(
        session.exec(
            select(CheckIn)
            .where(col(CheckIn.engagement_id) == engagement_id)
            .order_by(col(CheckIn.held_on), col(CheckIn.id))
        )
    )


def list_observations(*, session: Session, checkin_id: int) -> list[Observation]:
    """A check-in's observations in measure order."""
    return list(
        session.exec(
            select(Observation)
            .join(PerformanceMeasure, col(PerformanceMeasure.id) == col(Observation.measure_id))
            .where(col(Observation.checkin_id) == checkin_id)
            .order_by(col(PerformanceMeasure.position), col(PerformanceMeasure.id))
        )
    )


def list_scaffold_updates(*, session: Session, checkin_id: int) -> list[ScaffoldUpdate]:
    """A check-in's scaffold updates in scaffold order."""
    return list(
        session.exec(
            select(ScaffoldUpdate)
            .join(ChosenScaffold, col(ChosenScaffold.id) == col(ScaffoldUpdate.scaffold_id))
            .where(col(ScaffoldUpdate.checkin_id) == checkin_id)
            .order_by(col(ChosenScaffold.position), col(ChosenScaffold.id))
        )
    )
