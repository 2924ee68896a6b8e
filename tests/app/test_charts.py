"""The trend and indicator charts: valid SVG, every observation drawn, the same bytes every time,
matplotlib kept off the import path, and drawing from a worker thread."""

import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from app.charts.dates import date_ticks, day_number
from app.charts.indicators import TITLE, indicator_chart_svg
from app.charts.milestones import MAX_MARK_ROWS, group_by_date, mark_labels
from app.charts.trend import EXCLUDED_GID, OBSERVATION_GID, trend_chart_svg
from app.demo import load_demo
from app.progress.maths import Yardstick, assess
from app.progress.series import (
    IndicatorPoint,
    MeasureSeries,
    Milestone,
    ObservationPoint,
    TierGroup,
    engagement_progress,
    indicators_by_tier,
)
from models.db import transaction
from models.enums import Direction, IndicatorKind

SVG = "{http://www.w3.org/2000/svg}"
BASE = date(2026, 1, 5)


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def claims_series(
    values: tuple[tuple[int, float], ...] = ((-21, 12.8), (35, 11.0), (63, 10.2), (98, 8.9)),
    milestones: tuple[tuple[str, int], ...] = (
        ("Checklist", 7),
        ("Buddy scheme", 9),
        ("Huddle", 28),
        ("Supplier portal", 70),
    ),
) -> MeasureSeries:
    """Days to settle a claim, lower is better: 12 → 6 by the end of July."""
    return MeasureSeries(
        measure_id=1,
        name="Days to settle a claim",
        unit="working days",
        yardstick=Yardstick(Direction.lower_is_better, 12.0, BASE, 6.0, date(2026, 7, 31)),
        observations=tuple(
            ObservationPoint(on=day(n), value=v, checkin_id=i) for i, (n, v) in enumerate(values)
        ),
        milestones=tuple(Milestone(name, day(n)) for name, n in milestones),
    )


def render(series: MeasureSeries, as_of: date = date(2026, 4, 20)) -> bytes:
    return trend_chart_svg(series, assess(series.yardstick, series.observations, as_of=as_of))


def group(svg: bytes, gid: str) -> ET.Element | None:
    root = ET.fromstring(svg)
    return next((g for g in root.iter(f"{SVG}g") if g.get("id") == gid), None)


def markers(svg: bytes, gid: str) -> int:
    found = group(svg, gid)
    return 0 if found is None else len(list(found.iter(f"{SVG}use")))


def test_the_svg_is_a_titled_document() -> None:
    root = ET.fromstring(render(claims_series()))
    assert root.tag == f"{SVG}svg"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Days to settle a claim"


def test_every_path_has_data_so_qt_draws_it_without_warnings() -> None:
    for svg in (render(claims_series()), indicator_chart_svg([])):
        paths = list(ET.fromstring(svg).iter(f"{SVG}path"))
        assert paths and all(path.get("d") for path in paths)


def test_every_observation_has_a_marker() -> None:
    svg = render(claims_series())
    assert markers(svg, OBSERVATION_GID) == 3  # on or after the baseline date
    assert markers(svg, EXCLUDED_GID) == 1  # the one before it, drawn apart
    assert markers(svg, "baseline") == 1
    assert markers(svg, "target-date") == 1


@pytest.mark.parametrize("count", [0, 1, 12])
def test_marker_count_follows_the_data(count: int) -> None:
    values = tuple((7 * (i + 1), 12.0 - 0.2 * i) for i in range(count))
    svg = render(claims_series(values=values))
    assert markers(svg, OBSERVATION_GID) == count
    assert markers(svg, EXCLUDED_GID) == 0


def test_milestones_one_line_per_start_date() -> None:
    series = claims_series(milestones=(("A", 7), ("B", 7), ("C", 30)))
    svg = render(series)
    assert group(svg, "milestone-1") is not None and group(svg, "milestone-2") is not None
    assert group(svg, "milestone-3") is None  # A and B share a date, so one line
    assert group(render(claims_series(milestones=())), "milestone-1") is None


def test_trajectory_is_drawn_until_the_target_is_reached() -> None:
    assert group(render(claims_series()), "trajectory") is not None
    reached = claims_series(values=((40, 5.5),))
    assert group(render(reached), "trajectory") is None


def test_same_input_same_bytes() -> None:
    first = render(claims_series())
    render(claims_series(values=((3, 11.0),), milestones=(("Other", 3),)))  # nothing carries over
    assert render(claims_series()) == first
    assert first != render(claims_series(values=((35, 11.0),)))


def test_drawing_from_worker_threads() -> None:
    expected = render(claims_series())
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(render(claims_series()))
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert results == [expected] * 3


def test_importing_progress_and_charts_leaves_matplotlib_unloaded() -> None:
    code = (
        "import sys\n"
        "import app.progress, app.progress.maths, app.progress.series, app.progress.wording\n"
        "import app.charts.trend, app.charts.indicators\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_indicator_chart() -> None:
    groups = [
        TierGroup(
            1,
            "Attendance",
            (
                IndicatorPoint(
                    7, "Came to the briefing", IndicatorKind.attendance, 11, "of 12", None
                ),
            ),
        ),
        TierGroup(
            7,
            "Transfer",
            (IndicatorPoint(9, "Used the checklist", IndicatorKind.other, None, "", day(30)),),
        ),
    ]
    svg = indicator_chart_svg(groups)
    root = ET.fromstring(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == TITLE
    assert "not performance" in TITLE
    assert group(svg, "indicator-7") is not None and group(svg, "indicator-9") is not None
    assert indicator_chart_svg(groups) == svg
    assert ET.fromstring(indicator_chart_svg([])).find(f"{SVG}title") is not None


def test_the_sample_engagement_draws(db_engine: Engine) -> None:
    today = date(2026, 3, 1)
    with transaction(db_engine) as s:
        demo = load_demo(session=s, today=today)
        assert demo.id is not None
        rows = engagement_progress(session=s, engagement_id=demo.id, as_of=today)
        groups = indicators_by_tier(session=s, engagement_id=demo.id)
    for row in rows:
        svg = trend_chart_svg(row.series, row.progress)
        assert markers(svg, OBSERVATION_GID) == len(row.progress.readings)
    assert group(indicator_chart_svg(groups), f"indicator-{groups[0].indicators[0].indicator_id}")


def test_date_ticks() -> None:
    ticks, labels = date_ticks(date(2026, 1, 10), date(2027, 8, 30))
    assert labels[0] == "Apr 2026" and len(labels) <= 7  # every third month from Jan
    assert ticks[0] == day_number(date(2026, 4, 1))
    _, labels = date_ticks(date(2026, 1, 10), date(2026, 3, 5))
    assert labels == ["15 Jan", "1 Feb", "15 Feb", "1 Mar"]


@given(
    st.lists(st.integers(min_value=0, max_value=200), max_size=8),
    st.integers(min_value=30, max_value=900),
)
def test_milestone_numbers_never_overlap(offsets: list[int], span: int) -> None:
    groups = group_by_date([Milestone(f"S{i}", day(n)) for i, n in enumerate(offsets)])
    x_range = (day_number(day(-5)), day_number(day(200 + span)))
    width_pt = 380.0
    labels = mark_labels(groups, x_range, width_pt)
    assert all(label.row < MAX_MARK_ROWS for label in labels)
    scale = width_pt / (x_range[1] - x_range[0])
    for row in range(MAX_MARK_ROWS):
        spans = sorted(
            ((label.x - x_range[0]) * scale, len(label.text))
            for label in labels
            if label.row == row
        )
        for (x1, n1), (x2, n2) in pairwise(spans):
            # half of each label's width (as milestones.py estimates it) must fit between centres
            assert x2 - x1 >= (7.5 * 0.65 * n1 + 8) / 2 + (7.5 * 0.65 * n2 + 8) / 2
    # Each group is named by exactly one label: "3" alone, or inside a run such as "1–4".
    covered: list[int] = []
    for label in labels:
        first, _, last = label.text.partition("–")
        covered += range(int(first), int(last or first) + 1)
    assert covered == [g.number for g in groups]
