"""Scaffold start dates on a trend chart: numbered marks above the plot that never overlap, and a
key below it that names them (0–8 scaffolds, several may share a date)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.charts.dates import day_number
from app.charts.svg import INK, MUTED
from app.progress.series import Milestone
from app.progress.wording import MONTHS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MARK_FONT_PT = 7.5
ROW_PT = 12.0  # one row of numbered marks above the plot
MAX_MARK_ROWS = 2
# Marks closer than this share one label; wider steps are tried until two rows suffice.
CLUSTER_STEPS_PT = (0.0, 15.0, 30.0, 60.0, 120.0, math.inf)
KEY_LINE_PT = 12.5  # one line of the key
KEY_NAME_CHARS = 36  # a scaffold's name longer than this is cut with an ellipsis in the key
KEY_LEFT = 0.012  # the key starts at the figure's left edge (figure fraction)
_NUMBER_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": MUTED, "lw": 0.6}


@dataclass(frozen=True)
class MarkGroup:
    """The scaffolds that start on one date, drawn as one numbered line."""

    number: int
    on: date
    names: tuple[str, ...]


def group_by_date(milestones: Sequence[Milestone]) -> list[MarkGroup]:
    """One group per start date, numbered 1, 2, … in date order."""
    dates = sorted({m.on for m in milestones})
    return [
        MarkGroup(number=i, on=on, names=tuple(m.name for m in milestones if m.on == on))
        for i, on in enumerate(dates, start=1)
    ]


def stagger(
    centres_pt: Sequence[float], widths_pt: Sequence[float], gap_pt: float = 3
) -> list[int]:
    """A row for each label (0 = nearest the plot) so that labels in one row do not overlap;
    labels must come in left-to-right order."""
    row_ends: list[float] = []
    rows = []
    for centre, width in zip(centres_pt, widths_pt, strict=True):
        left = centre - width / 2
        for row, end in enumerate(row_ends):
            if left >= end + gap_pt:
                row_ends[row] = centre + width / 2
                rows.append(row)
                break
        else:
            row_ends.append(centre + width / 2)
            rows.append(len(row_ends) - 1)
    return rows


@dataclass(frozen=True)
class MarkLabel:
    """A number above the plot: one group's ("3"), or a run of close ones ("1–4")."""

    text: str
    x: float  # the day number it is centred on
    row: int  # 0 = just above the plot


def _label_width(text: str) -> float:
    return MARK_FONT_PT * 0.65 * len(text) + 8


def _labels_with(
    groups: Sequence[MarkGroup], left: float, scale: float, cluster_pt: float
) -> list[MarkLabel]:
    runs: list[list[MarkGroup]] = []
    for group in groups:
        if runs and (day_number(group.on) - day_number(runs[-1][-1].on)) * scale < cluster_pt:
            runs[-1].append(group)
        else:
            runs.append([group])
    texts = [
        str(run[0].number) if len(run) == 1 else f"{run[0].number}–{run[-1].number}" for run in runs
    ]
    middles = [(day_number(run[0].on) + day_number(run[-1].on)) / 2 for run in runs]
    rows = stagger([(x - left) * scale for x in middles], [_label_width(t) for t in texts])
    return [MarkLabel(text=t, x=x, row=r) for t, x, r in zip(texts, middles, rows, strict=True)]


def mark_labels(
    groups: Sequence[MarkGroup], x_range: tuple[float, float], axes_width_pt: float
) -> list[MarkLabel]:
    """The numbers above the plot, in at most two rows, none overlapping: one per group while
    they fit, else groups closer than a few points share one label ("1–4")."""
    left, right = x_range
    scale = axes_width_pt / (right - left)  # points per day
    for cluster_pt in CLUSTER_STEPS_PT:
        labels = _labels_with(groups, left, scale, cluster_pt)
        if all(label.row < MAX_MARK_ROWS for label in labels):
            break
    return labels


def draw_marks(ax: Axes, groups: Sequence[MarkGroup], labels: Sequence[MarkLabel]) -> None:
    """Draw each group's dotted line, and the numbers above the plot in their rows."""
    for group in groups:
        ax.axvline(
            day_number(group.on),
            color=MUTED,
            linewidth=0.8,
            linestyle=(0, (1, 2)),
            zorder=1,
            gid=f"milestone-{group.number}",
        )
    for label in labels:
        ax.annotate(
            label.text,
            xy=(label.x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3 + label.row * ROW_PT),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=MARK_FONT_PT,
            color=INK,
            bbox=_NUMBER_BOX,
            annotation_clip=False,
        )


def _entry(group: MarkGroup, name: str) -> str:
    """ "18 Jan  Billing decision guide", the name cut to fit half the chart's width."""
    when = f"{group.on.day} {MONTHS[group.on.month - 1]}"
    if len(name) > KEY_NAME_CHARS:
        name = name[: KEY_NAME_CHARS - 1].rstrip() + "…"
    return f"{when}   {name}"


def key_lines(groups: Sequence[MarkGroup]) -> int:
    """How many lines the key's entries take (two columns, one scaffold per entry)."""
    entries = sum(len(g.names) for g in groups)
    return (entries + 1) // 2


def draw_key(fig: Figure, groups: Sequence[MarkGroup], *, top_in: float) -> None:
    """Write "Scaffolds started" and one numbered entry per scaffold in two columns across the
    figure, starting `top_in` inches above the figure's bottom edge."""
    entries = [(g.number, _entry(g, name)) for g in groups for name in g.names]
    if not entries:
        return
    height_pt = fig.get_figheight() * 72

    def y(line: int) -> float:
        return (top_in * 72 - KEY_LINE_PT * line) / height_pt

    fig.text(KEY_LEFT, y(0), "Scaffolds started", va="top", fontsize=8, fontweight="bold")
    per_column = key_lines(groups)
    column_left = (KEY_LEFT, 0.5)
    points = 1 / (fig.get_figwidth() * 72)  # one point as a fraction of the figure's width
    for i, (number, text) in enumerate(entries):
        column, line = divmod(i, per_column)
        x = column_left[column]
        fig.text(
            x + 2 * points,
            y(line + 1),
            str(number),
            va="top",
            fontsize=MARK_FONT_PT,
            bbox=_NUMBER_BOX,
        )
        fig.text(x + 17 * points, y(line + 1), text, va="top", fontsize=8)
