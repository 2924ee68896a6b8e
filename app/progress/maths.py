"""The arithmetic of progress on one measure: gap, closure, days left, trajectory and status.

Pure functions on plain values: no database, no drawing. The definitions are written out, with
worked examples, in docs/progress-maths.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from models.enums import Direction

# A projection further away than this is reported as "no date" rather than as a date in 2400.
MAX_PROJECTION_DAYS = 36_525


class Status(StrEnum):
    """Where a measure stands against its target."""

    reached = "reached"  # the current value is at or through the target
    on_track = "on_track"  # at this pace the target is reached by the target date
    behind = "behind"  # moving the right way (or flat) but too slowly, or the date has passed
    moving_away = "moving_away"  # the trend points away from the target
    too_early = "too_early"  # observations exist, but all are dated on the baseline date
    no_observations = "no_observations"  # nothing observed on or after the baseline date


@dataclass(frozen=True)
class Yardstick:
    """A measure's baseline and target, and which way is better."""

    direction: Direction
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date


@dataclass(frozen=True)
class Reading:
    """One observed value: the check-in's date, the value, and the check-in's id (breaks ties)."""

    on: date
    value: float
    checkin_id: int


@dataclass(frozen=True)
class Trajectory:
    """Where the measure heads at its recent average pace.

    The pace (`slope_per_day`) is the ordinary least-squares slope through the baseline point and
    every reading dated on or after the baseline date, with time in days. The line is drawn from
    the current reading (`anchor_date`, `anchor_value`) at that pace, so a projection always starts
    from where the measure is now.
    """

    slope_per_day: float  # in the measure's units per day, as recorded (not signed by direction)
    anchor_date: date
    anchor_value: float
    value_at_target_date: float
    reaches_target_on: date | None  # None when the pace never gets there (or not within a century)
    on_time: bool  # reaches_target_on is on or before the target date
    points: int  # how many points the slope was fitted through, the baseline included

    def value_on(self, day: date) -> float:
        """The line's value on `day`."""
        return self.anchor_value + self.slope_per_day * (day - self.anchor_date).days


@dataclass(frozen=True)
class Progress:
    """Everything the check-in form, dashboard and report say about one measure's movement."""

    yardstick: Yardstick
    as_of: date
    gap: float  # always > 0: the improvement the target asks for, in the measure's units
    readings: tuple[Reading, ...]  # those counted: on or after the baseline date, in time order
    excluded_before_baseline: int  # readings dated before the baseline date, left out
    current: Reading | None  # the last counted reading, or None
    movement: float | None  # improvement from baseline to current (negative: got worse)
    closure_percent: float | None  # movement ÷ gap × 100; may be below 0 or above 100
    days_to_target: int  # from as_of to the target date; negative once it has passed
    trajectory: Trajectory | None
    status: Status


def _sign(direction: Direction) -> float:
    return 1.0 if Direction(direction) is Direction.higher_is_better else -1.0


def gap(direction: Direction, baseline: float, target: float) -> float:
    """The improvement the target asks for: target − baseline, or baseline − target if lower is
    better. Raises ValueError when it is zero or points the wrong way."""
    sign = _sign(direction)
    size = sign * (target - baseline)
    if not size > 0:  # also refuses NaN
        side, better = ("above", "higher") if sign > 0 else ("below", "lower")
        raise ValueError(
            f"The target ({target:g}) must be {side} the baseline ({baseline:g}) "
            f"when {better} is better."
        )
    return size


def movement(direction: Direction, baseline: float, current: float) -> float:
    """How far the measure has improved from the baseline (negative when it got worse)."""
    return _sign(direction) * (current - baseline)


def closure_percent(direction: Direction, baseline: float, target: float, current: float) -> float:
    """Movement as a percentage of the gap: 0 at baseline, 100 at target, beyond either is fine."""
    return movement(direction, baseline, current) / gap(direction, baseline, target) * 100


def days_to_target(target_date: date, as_of: date) -> int:
    """Days from `as_of` to the target date; negative once the date has passed."""
    return (target_date - as_of).days


def in_time_order(readings: Sequence[Reading]) -> tuple[Reading, ...]:
    """Readings by date, then check-in id: the last one is the current value."""
    return tuple(sorted(readings, key=lambda r: (r.on, r.checkin_id)))


def counted_readings(
    yardstick: Yardstick, readings: Sequence[Reading]
) -> tuple[tuple[Reading, ...], int]:
    """The readings on or after the baseline date in time order, and how many were left out."""
    kept = in_time_order([r for r in readings if r.on >= yardstick.baseline_date])
    return kept, len(readings) - len(kept)


def least_squares_slope(points: Sequence[tuple[float, float]]) -> float | None:
    """The OLS slope of y on x; None when every x is the same (or there are no points)."""
    if not points:
        return None
    mean_x = math.fsum(x for x, _ in points) / len(points)
    mean_y = math.fsum(y for _, y in points) / len(points)
    sxx = math.fsum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return math.fsum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def trajectory(yardstick: Yardstick, counted: Sequence[Reading]) -> Trajectory | None:
    """The trajectory through the baseline and the counted readings (see `Trajectory`).

    `counted` must already be on or after the baseline date and in time order
    (`counted_readings`). None without readings, or when every reading is on the baseline date.
    """
    if not counted:
        return None
    base = yardstick.baseline_date
    points = [(0.0, yardstick.baseline_value)]
    points += [(float((r.on - base).days), r.value) for r in counted]
    slope = least_squares_slope(points)
    if slope is None:
        return None
    anchor = counted[-1]
    sign = _sign(yardstick.direction)
    remaining = sign * (yardstick.target_value - anchor.value)  # improvement still needed
    rate = sign * slope  # improvement per day
    reaches: date | None = None
    if remaining <= 0:
        reaches = anchor.on
    elif rate > 0:
        # The first whole day on which the line is at the target (rounding absorbs float noise).
        days = math.ceil(round(remaining / rate, 6))
        if days <= MAX_PROJECTION_DAYS:
            reaches = anchor.on + timedelta(days=days)
    value_at_target = anchor.value + slope * (yardstick.target_date - anchor.on).days
    return Trajectory(
        slope_per_day=slope,
        anchor_date=anchor.on,
        anchor_value=anchor.value,
        value_at_target_date=value_at_target,
        reaches_target_on=reaches,
        on_time=reaches is not None and reaches <= yardstick.target_date,
        points=len(points),
    )


def status_of(
    yardstick: Yardstick,
    current: Reading | None,
    path: Trajectory | None,
    as_of: date,
) -> Status:
    """The status rules, in order: no observations, reached, too early, moving away, on track,
    behind. Once the target date is past, an unreached target is behind (or moving away)."""
    if current is None:
        return Status.no_observations
    size = gap(yardstick.direction, yardstick.baseline_value, yardstick.target_value)
    if movement(yardstick.direction, yardstick.baseline_value, current.value) >= size:
        return Status.reached
    if path is None:
        return Status.too_early
    if _sign(yardstick.direction) * path.slope_per_day < 0:
        return Status.moving_away
    if path.on_time and as_of <= yardstick.target_date:
        return Status.on_track
    return Status.behind


def assess(yardstick: Yardstick, readings: Sequence[Reading], *, as_of: date) -> Progress:
    """Progress on one measure from all its readings (any order, any date), as of a day.

    Its sentence for people is `app.progress.wording.summary(progress)`.
    """
    size = gap(yardstick.direction, yardstick.baseline_value, yardstick.target_value)
    counted, excluded = counted_readings(yardstick, readings)
    current = counted[-1] if counted else None
    moved = (
        None
        if current is None
        else movement(yardstick.direction, yardstick.baseline_value, current.value)
    )
    path = trajectory(yardstick, counted)
    return Progress(
        yardstick=yardstick,
        as_of=as_of,
        gap=size,
        readings=counted,
        excluded_before_baseline=excluded,
        current=current,
        movement=moved,
        closure_percent=None if moved is None else moved / size * 100,
        days_to_target=days_to_target(yardstick.target_date, as_of),
        trajectory=path,
        status=status_of(yardstick, current, path, as_of),
    )
