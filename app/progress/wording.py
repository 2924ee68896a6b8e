"""Progress in plain words: one sentence per measure, and dates written the same way everywhere."""

from datetime import date

from app.progress.maths import Progress, Status

# English month names, whatever the machine's locale: the plan and the app read the same.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """A date as "14 Mar 2027"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_month(day: date) -> str:
    """A date's month as "Mar 2027"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


STATUS_LABELS = {
    Status.reached: "Target reached",
    Status.on_track: "On track",
    Status.behind: "Behind",
    Status.moving_away: "Moving away",
    Status.too_early: "Too early to tell",
    Status.no_observations: "No observations yet",
}


def status_label(status: Status) -> str:
    """A status in two or three words, for a badge or a table cell."""
    return STATUS_LABELS[Status(status)]


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _closed(percent: float, *, reached: bool) -> str:
    """ "Closed 62% of the gap", never rounding an unreached target up to 100%."""
    shown = round(abs(percent))
    if reached:
        return f"Closed {max(shown, 100)}% of the gap"
    if percent < 0:
        return f"Moved {shown}% of the gap the wrong way" if shown else "Closed 0% of the gap"
    return f"Closed {min(shown, 99)}% of the gap"


def _left_out(progress: Progress) -> str:
    n = progress.excluded_before_baseline
    if n == 0:
        return ""
    noun = "observation" if n == 1 else "observations"
    return f" ({n} {noun} dated before the baseline left out)"


def _pace(progress: Progress) -> str:
    """What the trajectory says: when the target is reached at this pace."""
    path = progress.trajectory
    target_date = progress.yardstick.target_date
    if path is None or path.slope_per_day == 0:
        return "the measure is flat, so at this pace the target is not reached"
    if path.reaches_target_on is None:
        return "at this pace the target is more than a century away"
    when = path.reaches_target_on
    offset = (target_date - when).days
    if offset == 0:
        timing = "on the target date"
    elif offset > 0:
        timing = f"{_days(offset)} early"
    else:
        timing = f"{_days(-offset)} late"
    if when < progress.as_of:  # no observation for a while: the projection lies in the past
        return (
            f"at this pace the target would have been reached on {format_day(when)}, {timing}, "
            f"but nothing has been observed since {format_day(path.anchor_date)}"
        )
    return f"at this pace the target is reached on {format_day(when)}, {timing}"


def summary(progress: Progress) -> str:
    """One sentence for people, e.g. "Closed 62% of the gap; at this pace the target is reached
    on 14 Mar 2027, 20 days early.\""""
    status = progress.status
    tail = _left_out(progress) + "."
    if status is Status.no_observations or progress.closure_percent is None:
        return "No observations since the baseline date yet" + tail
    closed = _closed(progress.closure_percent, reached=status is Status.reached)
    if status is Status.reached:
        return f"Target reached: {closed[0].lower()}{closed[1:]}" + tail
    if status is Status.too_early:
        return (
            f"{closed}; every observation is from the baseline date, so there is no pace yet" + tail
        )
    if status is Status.moving_away:
        joint = ";" if progress.closure_percent < 0 else ", but"
        return f"{closed}{joint} the trend points away from the target" + tail
    if progress.days_to_target < 0:
        passed = (
            f"{closed}; the target date ({format_day(progress.yardstick.target_date)}) "
            f"passed {_days(-progress.days_to_target)} ago"
        )
        when = None if progress.trajectory is None else progress.trajectory.reaches_target_on
        if when is not None and when > progress.as_of:
            passed += f"; at this pace it is reached on {format_day(when)}"
        return passed + tail
    return f"{closed}; {_pace(progress)}" + tail
