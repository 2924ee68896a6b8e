"""The maths of progress, with every expected number worked out by hand in the test."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.progress.maths import (
    Reading,
    Status,
    Yardstick,
    assess,
    closure_percent,
    counted_readings,
    days_to_target,
    gap,
    least_squares_slope,
    movement,
    trajectory,
)
from app.progress.wording import format_day, format_month, status_label, summary
from models.enums import Direction

HIGHER = Direction.higher_is_better
LOWER = Direction.lower_is_better
BASE = date(2026, 1, 1)  # the baseline date; day(100) = 11 Apr 2026 is the target date


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def reading(n: int, value: float, checkin_id: int | None = None) -> Reading:
    return Reading(on=day(n), value=value, checkin_id=n if checkin_id is None else checkin_id)


# Baseline 40 → target 60, higher is better: the gap is 20.
UP = Yardstick(HIGHER, 40.0, BASE, 60.0, day(100))
# Baseline 12 → target 4 (say days to close a claim), lower is better: the gap is 8.
DOWN = Yardstick(LOWER, 12.0, BASE, 4.0, day(100))


def test_the_calendar_used_by_the_examples() -> None:
    assert day(100) == date(2026, 4, 11)
    assert day(80) == date(2026, 3, 22)
    assert day(160) == date(2026, 6, 10)


class TestGapAndClosure:
    def test_gap_in_each_direction(self) -> None:
        assert gap(HIGHER, 40, 60) == 20  # 60 − 40
        assert gap(LOWER, 12, 4) == 8  # 12 − 4

    @pytest.mark.parametrize(
        ("direction", "baseline", "target"),
        [(HIGHER, 40, 40), (LOWER, 12, 12), (HIGHER, 40, 30), (LOWER, 12, 20)],
    )
    def test_a_zero_or_backwards_gap_is_refused(
        self, direction: Direction, baseline: float, target: float
    ) -> None:
        with pytest.raises(ValueError, match="must be"):
            gap(direction, baseline, target)

    def test_nan_target_is_refused(self) -> None:
        with pytest.raises(ValueError):
            gap(HIGHER, 40, float("nan"))

    def test_assess_refuses_a_yardstick_without_a_gap(self) -> None:
        with pytest.raises(ValueError):
            assess(replace(UP, target_value=40.0), [], as_of=day(10))

    @pytest.mark.parametrize(
        ("current", "moved", "percent"),
        [(50, 10, 50.0), (65, 25, 125.0), (35, -5, -25.0), (60, 20, 100.0), (40, 0, 0.0)],
    )
    def test_higher_is_better(self, current: float, moved: float, percent: float) -> None:
        # movement = current − 40; closure = movement ÷ 20 × 100
        assert movement(HIGHER, 40, current) == moved
        assert closure_percent(HIGHER, 40, 60, current) == percent

    @pytest.mark.parametrize(
        ("current", "moved", "percent"),
        [(10, 2, 25.0), (4, 8, 100.0), (2, 10, 125.0), (14, -2, -25.0)],
    )
    def test_lower_is_better(self, current: float, moved: float, percent: float) -> None:
        # movement = 12 − current; closure = movement ÷ 8 × 100
        assert movement(LOWER, 12, current) == moved
        assert closure_percent(LOWER, 12, 4, current) == percent

    def test_days_to_target_count_down_and_go_negative(self) -> None:
        assert days_to_target(day(100), day(90)) == 10
        assert days_to_target(day(100), day(100)) == 0
        assert days_to_target(day(100), day(110)) == -10


class TestReadingsCounted:
    def test_readings_before_the_baseline_are_left_out_and_counted(self) -> None:
        kept, excluded = counted_readings(UP, [reading(-3, 45), reading(5, 48), reading(0, 41)])
        assert [r.value for r in kept] == [41, 48]  # the baseline day itself counts
        assert excluded == 1

    def test_same_day_readings_end_with_the_later_checkin(self) -> None:
        readings = [reading(30, 55, checkin_id=9), reading(30, 47, checkin_id=4)]
        progress = assess(UP, readings, as_of=day(30))
        assert progress.current == reading(30, 55, checkin_id=9)
        assert [r.checkin_id for r in progress.readings] == [4, 9]
        # Both same-day points feed the slope: (0, 40), (30, 47), (30, 55) → mean x 20, mean y 47;
        # Sxy = (−20)(−7) + 10·0 + 10·8 = 220; Sxx = 400 + 100 + 100 = 600.
        assert progress.trajectory is not None
        assert progress.trajectory.slope_per_day == pytest.approx(220 / 600)
        assert progress.trajectory.points == 3


class TestTrajectory:
    def test_one_reading_gives_the_line_through_baseline_and_it(self) -> None:
        path = trajectory(UP, [reading(40, 50)])
        assert path is not None
        assert path.slope_per_day == 0.25  # (50 − 40) ÷ 40 days
        assert path.value_at_target_date == 65  # 50 + 0.25 × 60 days
        assert path.reaches_target_on == day(80)  # 10 still needed ÷ 0.25 a day = 40 days
        assert path.on_time
        assert path.value_on(day(0)) == 40

    def test_least_squares_through_baseline_and_readings(self) -> None:
        # (0, 40), (20, 44), (40, 50): mean x 20, mean y 134/3;
        # Sxy = −20(40 − 134/3) + 20(50 − 134/3) = 200; Sxx = 800; slope 0.25.
        assert least_squares_slope([(0, 40), (20, 44), (40, 50)]) == pytest.approx(0.25)
        path = trajectory(UP, [reading(20, 44), reading(40, 50)])
        assert path is not None
        assert path.anchor_value == 50  # drawn on from the current value
        assert path.reaches_target_on == day(80)

    def test_late(self) -> None:
        path = trajectory(UP, [reading(40, 45)])  # 0.125 a day; 15 still needed → 120 days
        assert path is not None
        assert path.reaches_target_on == day(160)
        assert not path.on_time

    def test_lower_is_better_slope_points_down(self) -> None:
        path = trajectory(DOWN, [reading(20, 10), reading(40, 8)])  # slope −0.1 a day
        assert path is not None
        assert path.slope_per_day == pytest.approx(-0.1)
        assert path.reaches_target_on == day(80)  # 4 still needed ÷ 0.1 = 40 days after day 40

    def test_none_without_readings_or_when_all_share_the_baseline_date(self) -> None:
        assert trajectory(UP, []) is None
        assert trajectory(UP, [reading(0, 45), reading(0, 47)]) is None

    def test_wrong_way_or_flat_never_reaches(self) -> None:
        for value in (38, 40):
            path = trajectory(UP, [reading(20, value)])
            assert path is not None and path.reaches_target_on is None and not path.on_time

    def test_a_crawl_beyond_a_century_has_no_date(self) -> None:
        path = trajectory(UP, [reading(40, 40.001)])  # 19.999 ÷ 0.000025 ≈ 800,000 days
        assert path is not None and path.reaches_target_on is None


class TestStatusAndSummary:
    def test_on_track_higher(self) -> None:
        progress = assess(UP, [reading(40, 50)], as_of=day(45))
        assert progress.status is Status.on_track
        assert progress.closure_percent == 50
        assert progress.days_to_target == 55
        assert summary(progress) == (
            "Closed 50% of the gap; at this pace the target is reached on 22 Mar 2026, "
            "20 days early."
        )

    def test_behind_lower(self) -> None:
        # (0, 12), (20, 11), (40, 10): slope −0.05; 6 still needed ÷ 0.05 = 120 days → day 160.
        progress = assess(DOWN, [reading(20, 11), reading(40, 10)], as_of=day(40))
        assert progress.status is Status.behind
        assert progress.closure_percent == 25  # (12 − 10) ÷ 8
        assert summary(progress) == (
            "Closed 25% of the gap; at this pace the target is reached on 10 Jun 2026, "
            "60 days late."
        )

    def test_reached_in_both_directions(self) -> None:
        up = assess(UP, [reading(40, 65)], as_of=day(40))
        down = assess(DOWN, [reading(40, 4)], as_of=day(40))
        assert (up.status, down.status) == (Status.reached, Status.reached)
        assert summary(up) == "Target reached: closed 125% of the gap."
        assert summary(down) == "Target reached: closed 100% of the gap."

    def test_moving_away(self) -> None:
        progress = assess(UP, [reading(20, 38)], as_of=day(20))
        assert progress.status is Status.moving_away
        assert progress.closure_percent == -10  # (38 − 40) ÷ 20
        assert summary(progress) == (
            "Moved 10% of the gap the wrong way; the trend points away from the target."
        )

    def test_moving_away_after_some_progress(self) -> None:
        # (0, 40), (10, 55), (60, 42): mean x 70/3, mean y 137/3; the late low point tips the
        # slope down: Sxy = (−70/3)(−17/3) + (−40/3)(28/3) + (110/3)(−11/3) = −1140/9 < 0.
        progress = assess(UP, [reading(10, 55), reading(60, 42)], as_of=day(60))
        assert progress.trajectory is not None
        assert progress.trajectory.slope_per_day < 0
        assert progress.status is Status.moving_away
        assert progress.closure_percent == 10  # (42 − 40) ÷ 20
        assert summary(progress) == (
            "Closed 10% of the gap, but the trend points away from the target."
        )

    def test_flat_is_behind(self) -> None:
        progress = assess(UP, [reading(40, 40)], as_of=day(40))
        assert progress.status is Status.behind
        assert summary(progress) == (
            "Closed 0% of the gap; the measure is flat, so at this pace the target is not reached."
        )

    def test_no_observations(self) -> None:
        progress = assess(UP, [], as_of=day(10))
        assert progress.status is Status.no_observations
        assert progress.current is None and progress.closure_percent is None
        assert progress.trajectory is None
        assert summary(progress) == "No observations since the baseline date yet."

    def test_only_observations_before_the_baseline(self) -> None:
        progress = assess(UP, [reading(-30, 45), reading(-2, 50)], as_of=day(10))
        assert progress.status is Status.no_observations
        assert progress.excluded_before_baseline == 2
        assert progress.readings == ()
        assert summary(progress) == (
            "No observations since the baseline date yet "
            "(2 observations dated before the baseline left out)."
        )

    def test_too_early_when_every_observation_is_on_the_baseline_date(self) -> None:
        progress = assess(UP, [reading(0, 45)], as_of=day(0))
        assert progress.status is Status.too_early
        assert progress.closure_percent == 25  # (45 − 40) ÷ 20
        assert "no pace yet" in summary(progress)

    def test_target_date_passed_without_reaching_is_behind(self) -> None:
        # On time by the projection (day 80), but by day 110 nothing shows the target reached.
        progress = assess(UP, [reading(40, 50)], as_of=day(110))
        assert progress.days_to_target == -10
        assert progress.status is Status.behind
        assert summary(progress) == (
            "Closed 50% of the gap; the target date (11 Apr 2026) passed 10 days ago."
        )

    def test_target_date_passed_with_a_late_projection(self) -> None:
        progress = assess(UP, [reading(105, 55)], as_of=day(110))
        # 15 ÷ 105 a day; 5 still needed → 35 days after day 105 = day 140 = 21 May 2026.
        assert progress.status is Status.behind
        assert summary(progress).endswith(
            "passed 10 days ago; at this pace it is reached on 21 May 2026."
        )

    def test_a_stale_projection_says_so(self) -> None:
        progress = assess(UP, [reading(40, 50)], as_of=day(90))
        assert progress.status is Status.on_track
        assert summary(progress).endswith(
            "would have been reached on 22 Mar 2026, 20 days early, "
            "but nothing has been observed since 10 Feb 2026."
        )

    def test_an_unreached_target_never_reads_as_100_percent(self) -> None:
        yardstick = replace(UP, baseline_value=0.0, target_value=1000.0)
        progress = assess(yardstick, [reading(40, 996)], as_of=day(40))
        assert progress.closure_percent == pytest.approx(99.6)
        assert summary(progress).startswith("Closed 99% of the gap;")

    def test_excluded_readings_are_mentioned(self) -> None:
        progress = assess(UP, [reading(-5, 30), reading(40, 50)], as_of=day(45))
        assert summary(progress).endswith("(1 observation dated before the baseline left out).")


def test_every_status_has_a_label() -> None:
    assert [status_label(s) for s in Status] == [
        "Target reached",
        "On track",
        "Behind",
        "Moving away",
        "Too early to tell",
        "No observations yet",
    ]


def test_dates_are_written_in_english_whatever_the_locale() -> None:
    assert format_day(date(2027, 3, 14)) == "14 Mar 2027"
    assert format_month(date(2027, 3, 14)) == "Mar 2027"


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 3))
offsets = st.integers(min_value=0, max_value=400)


@given(baseline=values, target=values)
def test_closure_is_exactly_100_at_the_target_either_way(baseline: float, target: float) -> None:
    assume(baseline != target)
    direction = HIGHER if target > baseline else LOWER
    assert closure_percent(direction, baseline, target, target) == 100
    assert closure_percent(direction, baseline, target, baseline) == 0


@given(
    baseline=values,
    target=values,
    observed=st.lists(st.tuples(st.integers(-20, 300), values), max_size=6),
    as_of=offsets,
)
def test_mirroring_values_and_swapping_direction_changes_nothing(
    baseline: float, target: float, observed: list[tuple[int, float]], as_of: int
) -> None:
    assume(baseline != target)
    direction = HIGHER if target > baseline else LOWER
    mirrored = LOWER if direction is HIGHER else HIGHER
    plain = Yardstick(direction, baseline, BASE, target, day(200))
    mirror = Yardstick(mirrored, -baseline, BASE, -target, day(200))
    readings = [Reading(day(n), v, i) for i, (n, v) in enumerate(observed)]
    flipped = [Reading(day(n), -v, i) for i, (n, v) in enumerate(observed)]
    a = assess(plain, readings, as_of=day(as_of))
    b = assess(mirror, flipped, as_of=day(as_of))
    assert (a.closure_percent, a.status, a.movement, a.gap) == (
        b.closure_percent,
        b.status,
        b.movement,
        b.gap,
    )
    assert (a.trajectory is None) == (b.trajectory is None)
    if a.trajectory and b.trajectory:
        assert a.trajectory.reaches_target_on == b.trajectory.reaches_target_on
        assert a.trajectory.slope_per_day == -b.trajectory.slope_per_day
    assert summary(a) == summary(b)
