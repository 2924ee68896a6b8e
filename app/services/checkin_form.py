"""What the check-in form shows: the measures and scaffolds to report on, and sensible defaults."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.flow.plain_words import plain_date, plain_number
from app.services.agreement import list_planned_checkins, list_support_phases
from app.services.checkins import (
    CheckInInput,
    ObservationInput,
    ScaffoldUpdateInput,
    list_checkins,
    list_observations,
    list_scaffold_updates,
)
from app.services.common import get_engagement
from app.services.measures import list_measures
from app.services.scaffolds import list_scaffolds
from models.enums import Decision, ScaffoldStatus, SupportMode

DEFAULT_INTERVAL = timedelta(weeks=4)


@dataclass(frozen=True)
class MeasureLine:
    """A measure as the form lists it, with what it should be compared against."""

    id: int
    name: str
    unit: str
    hint: str  # "Baseline 62 % (1 Mar 2026) → target 75 % by 30 Sep 2026; last seen 66.5 %"


@dataclass(frozen=True)
class ScaffoldLine:
    """A scaffold as the form lists it, with its status now."""

    id: int
    name: str
    status: ScaffoldStatus


@dataclass(frozen=True)
class CheckInForm:
    """Everything the check-in form needs, read in one go."""

    engagement_id: int
    checkin_id: int | None  # None for a new check-in
    measures: tuple[MeasureLine, ...]
    scaffolds: tuple[ScaffoldLine, ...]
    values: CheckInInput  # the existing check-in, or the defaults for a new one


def _hint(session: Session, engagement_id: int) -> dict[int, str]:
    last: dict[int, float] = {}
    for checkin in list_checkins(session=session, engagement_id=engagement_id):
        for obs in list_observations(session=session, checkin_id=checkin.id or 0):
            last[obs.measure_id] = obs.value
    hints: dict[int, str] = {}
    for m in list_measures(session=session, engagement_id=engagement_id):
        unit = f" {m.unit}" if m.unit else ""
        text = (
            f"Baseline {plain_number(m.baseline_value)}{unit} ({plain_date(m.baseline_date)}) "
            f"→ target {plain_number(m.target_value)}{unit} by {plain_date(m.target_date)}"
        )
        if m.id in last:
            text += f"; last seen {plain_number(last[m.id])}{unit}"
        hints[m.id or 0] = text
    return hints


def _defaults(session: Session, engagement_id: int, today: date) -> CheckInInput:
    """A new check-in: today, the next planned date (or four weeks on), the support as it stands."""
    planned = [
        p.due_on
        for p in list_planned_checkins(session=session, engagement_id=engagement_id)
        if p.due_on > today
    ]
    previous = list_checkins(session=session, engagement_id=engagement_id)
    support: SupportMode | None = None
    if previous and previous[-1].support_mode is not None:
        support = previous[-1].support_mode
    else:
        for phase in list_support_phases(session=session, engagement_id=engagement_id):
            if phase.start_date <= today:
                support = phase.mode
    return CheckInInput(
        held_on=today,
        decision=Decision.continue_,
        next_date=min(planned) if planned else today + DEFAULT_INTERVAL,
        support_mode=support,
    )


def checkin_form(
    *, session: Session, engagement_id: int, checkin_id: int | None = None, today: date
) -> CheckInForm:
    """The form for a new check-in (`checkin_id` None) or for editing one."""
    get_engagement(session, engagement_id)
    hints = _hint(session, engagement_id)
    measures = tuple(
        MeasureLine(id=m.id or 0, name=m.name, unit=m.unit, hint=hints[m.id or 0])
        for m in list_measures(session=session, engagement_id=engagement_id)
    )
    scaffolds = tuple(
        ScaffoldLine(id=s.id or 0, name=s.name, status=ScaffoldStatus(s.status))
        for s in list_scaffolds(session=session, engagement_id=engagement_id)
    )
    if checkin_id is None:
        values = _defaults(session, engagement_id, today)
    else:
        checkin = next(
            c
            for c in list_checkins(session=session, engagement_id=engagement_id)
            if c.id == checkin_id
        )
        values = CheckInInput(
            held_on=checkin.held_on,
            decision=Decision(checkin.decision),
            what_changed=checkin.what_changed,
            next_date=checkin.next_date,
            support_mode=checkin.support_mode,
            observations=tuple(
                ObservationInput(o.measure_id, o.value, o.note)
                for o in list_observations(session=session, checkin_id=checkin_id)
            ),
            scaffold_updates=tuple(
                ScaffoldUpdateInput(u.scaffold_id, ScaffoldStatus(u.status), u.note)
                for u in list_scaffold_updates(session=session, checkin_id=checkin_id)
            ),
        )
    return CheckInForm(
        engagement_id=engagement_id,
        checkin_id=checkin_id,
        measures=measures,
        scaffolds=scaffolds,
        values=values,
    )
