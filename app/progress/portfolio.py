"""Across all engagements: the week's check-ins, how the running ones progress, and which causes
recur across teams (evidence for fixes at the level of the organisation).

Read in a handful of queries whatever the number of engagements (one per kind of row, never one
per engagement); the progress maths per measure is `app.progress.maths.assess`.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Integer, String, select, type_coerce
from sqlmodel import Session, col

from app.flow.plain_words import CELL_WORDS
from app.progress.maths import Reading, Status, Yardstick, assess
from app.progress.portfolio_types import (
    RUNNING,
    WEEK_DAYS,
    CellRecurrence,
    CheckinEntry,
    OverallProgress,
    Portfolio,
    ProgressGroup,
    TeamRef,
)
from app.services.listing import EngagementSummary, list_engagements
from models.enums import Direction, GilbertCell
from models.tables import Behaviour, Cause, CheckIn, Engagement, Observation, PerformanceMeasure


def overall_progress(statuses: Iterable[Status]) -> OverallProgress:
    """One engagement's state from its measures' statuses, the first rule that applies:

    1. moving away: a measure's trend points away from its target;
    2. behind: a measure is behind (too slow, or its target date passed unreached);
    3. on track: a measure is reached or on track, so every measure with a trend is one of those;
    4. no data: no measure has a trend yet (no measures, no observations since the baseline, or
       observations only on the baseline date).
    """
    seen = set(statuses)
    if Status.moving_away in seen:
        return OverallProgress.moving_away
    if Status.behind in seen:
        return OverallProgress.behind
    if seen & {Status.reached, Status.on_track}:
        return OverallProgress.on_track
    return OverallProgress.no_data


def _team(summary: EngagementSummary) -> TeamRef:
    return TeamRef(summary.id, summary.team_name, summary.manager_name)


def _by_team(team: TeamRef) -> tuple[str, int]:
    return team.team_name.casefold(), team.engagement_id


def _checkins(
    running: list[EngagementSummary], today: date
) -> tuple[tuple[CheckinEntry, ...], tuple[CheckinEntry, ...]]:
    """Due this week (the next planned date, today to today + 6) and overdue (the first planned
    date passed with no check-in held on or after it, as the home list says it)."""
    last_day = today + timedelta(days=WEEK_DAYS - 1)
    due = [
        CheckinEntry(_team(s), s.next_checkin)
        for s in running
        if s.next_checkin is not None and s.next_checkin <= last_day
    ]
    overdue = [CheckinEntry(_team(s), s.overdue_since) for s in running if s.overdue_since]
    due.sort(key=lambda e: (e.on, *_by_team(e.team)))
    overdue.sort(key=lambda e: (e.on, *_by_team(e.team)))
    return tuple(due), tuple(overdue)


def _running_condition() -> ColumnElement[bool]:
    return col(Engagement.status).in_(RUNNING)


_DIRECTIONS = {d.value: d for d in Direction}


def _yardsticks(session: Session) -> dict[int, tuple[int, Yardstick]]:
    """Every measure of a running engagement: its engagement and yardstick, by measure id."""
    query = (
        select(
            type_coerce(col(PerformanceMeasure.id), Integer),
            col(PerformanceMeasure.engagement_id),
            type_coerce(col(PerformanceMeasure.direction), String),
            col(PerformanceMeasure.baseline_value),
            type_coerce(col(PerformanceMeasure.baseline_date), String),
            col(PerformanceMeasure.target_value),
            type_coerce(col(PerformanceMeasure.target_date), String),
        )
        .join(Engagement, col(Engagement.id) == col(PerformanceMeasure.engagement_id))
        .where(_running_condition())
    )
    found = {}
    for (
        measure_id,
        engagement_id,
        direction,
        base,
        base_on,
        target,
        target_on,
    ) in session.connection().execute(query):
        yardstick = Yardstick(
            direction=_DIRECTIONS[direction],
            baseline_value=base,
            baseline_date=date.fromisoformat(base_on),
            target_value=target,
            target_date=date.fromisoformat(target_on),
        )
        found[measure_id] = (engagement_id, yardstick)
    return found


def _readings(session: Session) -> dict[int, list[Reading]]:
    """Every observation of a running engagement's measures, as readings by measure id."""
    query = (
        select(
            col(Observation.measure_id),
            col(Observation.value),
            type_coerce(col(CheckIn.held_on), String),
            type_coerce(col(CheckIn.id), Integer),
        )
        .join(CheckIn, col(CheckIn.id) == col(Observation.checkin_id))
        .join(Engagement, col(Engagement.id) == col(CheckIn.engagement_id))
        .where(_running_condition())
    )
    found: dict[int, list[Reading]] = defaultdict(list)
    for measure_id, value, held_on, checkin_id in session.connection().execute(query):
        found[measure_id].append(Reading(date.fromisoformat(held_on), value, checkin_id))
    return found


def _progress(
    session: Session, running: list[EngagementSummary], today: date
) -> tuple[ProgressGroup, ...]:
    """The running engagements grouped by `overall_progress` of their measures as of today."""
    statuses: dict[int, list[Status]] = {s.id: [] for s in running}
    readings = _readings(session)
    for measure_id, (engagement_id, yardstick) in _yardsticks(session).items():
        if engagement_id not in statuses:  # read in one transaction: only a safeguard
            continue
        try:
            status = assess(yardstick, readings.get(measure_id, ()), as_of=today).status
        except ValueError:  # a target equal to its baseline: the services refuse it
            status = Status.no_observations
        statuses[engagement_id].append(status)
    grouped: dict[OverallProgress, list[TeamRef]] = {o: [] for o in OverallProgress}
    for summary in running:
        grouped[overall_progress(statuses[summary.id])].append(_team(summary))
    return tuple(
        ProgressGroup(overall, tuple(sorted(teams, key=_by_team)))
        for overall, teams in grouped.items()
    )


def _team_key(name: str) -> str:
    """Two spellings of one team's name count once: spaces and case do not matter."""
    return " ".join(name.split()).casefold()


_CELLS = {cell.value: cell for cell in GilbertCell}  # a dict is much faster than GilbertCell()


def _cells(session: Session, teams: dict[int, TeamRef]) -> tuple[CellRecurrence, ...]:
    """For each cell, the engagements (any status) whose diagnostic recorded a cause in it."""
    query = (
        select(col(Behaviour.engagement_id), type_coerce(col(Cause.cell), String))
        .distinct()
        .join(Behaviour, col(Behaviour.id) == col(Cause.behaviour_id))
    )
    found: dict[GilbertCell, list[TeamRef]] = {cell: [] for cell in GilbertCell}
    for engagement_id, cell in session.connection().execute(query):
        if engagement_id in teams:  # read in one transaction: only a safeguard
            found[_CELLS[cell]].append(teams[engagement_id])
    cells = []
    for cell, refs in found.items():
        refs.sort(key=_by_team)
        names: dict[str, str] = {}
        for ref in refs:
            names.setdefault(_team_key(ref.team_name), ref.team_name)
        cells.append(
            CellRecurrence(
                cell=cell,
                words=CELL_WORDS[cell],
                engagements=tuple(refs),
                teams=tuple(sorted(names.values(), key=str.casefold)),
            )
        )
    order = list(GilbertCell)  # environment first
    cells.sort(key=lambda c: (-len(c.teams), order.index(c.cell)))
    return tuple(cells)


def portfolio(*, session: Session, today: date) -> Portfolio:
    """The week's check-ins, the running engagements' progress and the recurring causes.

    Check-ins and progress cover the running engagements (agreed or in progress); causes come
    from every engagement's diagnostic, whatever its status, since a closed engagement's causes
    are still evidence.
    """
    every = list_engagements(session=session, today=today, include_private=False)
    running = [s for s in every if s.status in RUNNING]
    due, overdue = _checkins(running, today)
    return Portfolio(
        today=today,
        due_this_week=due,
        overdue=overdue,
        progress=_progress(session, running, today),
        cells=_cells(session, {s.id: _team(s) for s in every}),
    )
