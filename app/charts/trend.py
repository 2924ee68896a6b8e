"""The trend chart of one performance measure: baseline, target, what was observed, where it heads
at this pace, and when each scaffold started. Drawn once as SVG for the app and the PDF."""

from __future__ import annotations

import math
import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.charts.dates import date_ticks, day_number
from app.charts.milestones import (
    KEY_LEFT,
    KEY_LINE_PT,
    ROW_PT,
    draw_key,
    draw_marks,
    group_by_date,
    key_lines,
    mark_labels,
)
from app.charts.svg import GRID, INK, MUTED, PALETTE, drawing, figure_to_svg, new_figure
from app.progress.maths import Progress, Status
from app.progress.series import MeasureSeries
from app.progress.wording import format_day
from models.enums import Direction

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_IN = 6.3  # 16 cm: the printed plan's text width; the app scales the SVG to its widget
PLOT_IN = 2.7
PLOT_WIDTH_PT = (WIDTH_IN - 0.85) * 72  # about the plot's width once the y labels are placed
TITLE_CHARS = 60  # a longer measure name wraps
TITLE_LINE_PT = 14.0
LEGEND_PT = 34.0  # the strip under the dates for two legend rows
OBSERVED = PALETTE[0]  # blue: what happened
TARGET = PALETTE[5]  # vermilion: what was agreed
# SVG ids of the markers: counted observations, and those dated before the baseline (not counted).
OBSERVATION_GID = "observations"
EXCLUDED_GID = "observations-before-baseline"


def trend_chart_svg(series: MeasureSeries, progress: Progress) -> bytes:
    """The measure's trend chart as SVG bytes (same input, same bytes); safe from any thread."""
    with drawing():
        return figure_to_svg(trend_figure(series, progress), title=series.name)


def trend_figure(series: MeasureSeries, progress: Progress) -> Figure:
    """The trend chart as a matplotlib figure; call inside `app.charts.svg.drawing()`."""
    groups = group_by_date(series.milestones)
    first, last = _date_range(series)
    x_range = (day_number(first), day_number(last))
    marks = mark_labels(groups, x_range, axes_width_pt=PLOT_WIDTH_PT)
    marks_pt = max((m.row for m in marks), default=-1) * ROW_PT + (ROW_PT + 4 if groups else 0)
    title = textwrap.fill(series.name, TITLE_CHARS)
    title_pt = TITLE_LINE_PT * title.count("\n")
    key_pt = KEY_LINE_PT * (key_lines(groups) + 1) + 6 if groups else 0.0
    bottom_in = (LEGEND_PT + key_pt) / 72
    height_in = PLOT_IN + (marks_pt + title_pt) / 72 + bottom_in
    fig = new_figure(WIDTH_IN, height_in, reserve_bottom_in=bottom_in)
    ax = fig.add_subplot()
    _draw_data(ax, series, progress)
    ax.set_xlim(*x_range)
    ax.set_xticks(*date_ticks(first, last))
    _set_y_limits(ax, series, progress)
    _format_axes(ax, series)
    draw_marks(ax, groups, marks)
    ax.set_title(title, pad=4 + marks_pt, color=INK)
    _legend(fig, series, progress, top_in=bottom_in)
    draw_key(fig, groups, top_in=bottom_in - LEGEND_PT / 72)
    return fig


def _date_range(series: MeasureSeries) -> tuple[date, date]:
    """The x axis: baseline, target date, every observation and milestone, with a margin."""
    y = series.yardstick
    days = [y.baseline_date, y.target_date, *(p.on for p in series.observations)]
    days += [m.on for m in series.milestones]
    first, last = min(days), max(days)
    margin = timedelta(days=max(2, math.ceil((last - first).days * 0.04)))
    return first - margin, last + margin


def _value(v: float) -> str:
    return f"{v:,.6g}"


def _shows_trajectory(progress: Progress) -> bool:
    """Draw "at this pace" until the target is reached, while the target date lies ahead of it."""
    path = progress.trajectory
    return (
        path is not None
        and progress.status is not Status.reached
        and path.anchor_date < progress.yardstick.target_date
    )


def _draw_data(ax: Axes, series: MeasureSeries, progress: Progress) -> None:
    y = series.yardstick
    ax.plot(
        [day_number(y.baseline_date), day_number(y.target_date)],
        [y.target_value, y.target_value],
        color=TARGET,
        linewidth=1.4,
        linestyle=(0, (6, 3)),
        zorder=2,
        gid="target",
    )
    ax.plot(
        [day_number(y.target_date)],
        [y.target_value],
        marker="D",
        markersize=6.5,
        color=TARGET,
        markeredgecolor="white",
        linestyle="none",
        zorder=5,
        gid="target-date",
    )
    path = progress.trajectory
    if _shows_trajectory(progress) and path is not None:
        ax.plot(
            [day_number(path.anchor_date), day_number(y.target_date)],
            [path.anchor_value, path.value_at_target_date],
            color=OBSERVED,
            linewidth=0.9,
            linestyle=(0, (3, 2)),
            zorder=3,
            gid="trajectory",
        )
    counted = [p for p in series.observations if p.on >= y.baseline_date]
    early = [p for p in series.observations if p.on < y.baseline_date]
    line_dates = [day_number(y.baseline_date), *(day_number(p.on) for p in counted)]
    line_values = [y.baseline_value, *(p.value for p in counted)]
    ax.plot(line_dates, line_values, color=OBSERVED, linewidth=1.8, zorder=4, gid="observed-line")
    ax.plot(
        [day_number(p.on) for p in counted],
        [p.value for p in counted],
        marker="o",
        markersize=5.5,
        color=OBSERVED,
        markeredgecolor="white",
        markeredgewidth=0.8,
        linestyle="none",
        zorder=6,
        gid=OBSERVATION_GID,
    )
    ax.plot(
        [day_number(p.on) for p in early],
        [p.value for p in early],
        marker="o",
        markersize=5,
        markerfacecolor="white",
        markeredgecolor=MUTED,
        linestyle="none",
        zorder=6,
        gid=EXCLUDED_GID,
    )
    ax.plot(
        [day_number(y.baseline_date)],
        [y.baseline_value],
        marker="s",
        markersize=6,
        markerfacecolor="white",
        markeredgecolor=INK,
        markeredgewidth=1.3,
        linestyle="none",
        zorder=7,
        gid="baseline",
    )
    if not counted:
        ax.text(
            0.5,
            0.5,
            "No observations yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=9,
            style="italic",
        )


def _set_y_limits(ax: Axes, series: MeasureSeries, progress: Progress) -> None:
    y = series.yardstick
    values = [y.baseline_value, y.target_value, *(p.value for p in series.observations)]
    low, high = min(values), max(values)
    path = progress.trajectory
    if _shows_trajectory(progress) and path is not None:
        # Show where the line heads, but never let a steep projection squash the data.
        reach = max(high - low, abs(high) * 0.05, 1e-9) * 0.5
        end = min(max(path.value_at_target_date, low - reach), high + reach)
        low, high = min(low, end), max(high, end)
    pad = max(high - low, abs(high) * 0.05, 1e-9) * 0.12
    ax.set_ylim(low - pad, high + pad)


def _format_axes(ax: Axes, series: MeasureSeries) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.ticklabel_format(axis="y", useOffset=False, style="plain")
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    better = "higher" if series.direction is Direction.higher_is_better else "lower"
    ax.set_ylabel(f"{series.unit or 'Value'} ({better} is better)")


def _legend(fig: Figure, series: MeasureSeries, progress: Progress, *, top_in: float) -> None:
    from matplotlib.lines import Line2D

    y = series.yardstick
    handles = [
        Line2D([], [], color=INK, marker="s", markerfacecolor="white", linestyle="none"),
        Line2D([], [], color=TARGET, linewidth=1.4, linestyle=(0, (6, 3)), marker="D"),
    ]
    labels = [
        f"Baseline {_value(y.baseline_value)}, {format_day(y.baseline_date)}",
        f"Target {_value(y.target_value)} by {format_day(y.target_date)}",
    ]
    if progress.readings:
        handles.insert(0, Line2D([], [], color=OBSERVED, linewidth=1.8, marker="o", markersize=5))
        labels.insert(0, "Observed")
    if _shows_trajectory(progress):
        handles.append(Line2D([], [], color=OBSERVED, linewidth=0.9, linestyle=(0, (3, 2))))
        labels.append("At this pace")
    if progress.excluded_before_baseline:
        handles.append(
            Line2D([], [], marker="o", markerfacecolor="white", color=MUTED, linestyle="none")
        )
        labels.append("Before the baseline: not counted")
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(KEY_LEFT, top_in / fig.get_figheight()),
        ncols=3,
        borderaxespad=0,
        handlelength=2.6,
        columnspacing=1.6,
    )
    legend.set_in_layout(False)  # it sits in the strip kept out of the layout
