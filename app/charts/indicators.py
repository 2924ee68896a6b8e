"""The learning-indicator chart: how far up Thalheimer's LTEM each indicator reaches, kept visibly
apart from the performance trends. Each bar's length is its tier (1–8); the value is written under
the indicator's name, because indicators come in units that cannot share one axis."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.charts.milestones import KEY_LEFT
from app.charts.svg import GRID, INK, MUTED, PALETTE, drawing, figure_to_svg, new_figure
from app.progress.series import IndicatorPoint, TierGroup
from app.progress.wording import format_day

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TITLE = "Learning indicators by LTEM tier: learning activity, not performance"
WIDTH_IN = 6.3
ROW_IN = 0.46
BAR = PALETTE[4]  # sky blue: lighter than the trend charts' blue, so never read as a result
TRANSFER_TIER = 7  # tiers 7 and 8 are transfer to the work and its effects
INSIDE_FROM_TIER = 5


def indicator_chart_svg(groups: Sequence[TierGroup]) -> bytes:
    """The indicator chart as SVG bytes (same input, same bytes); safe from any thread."""
    with drawing():
        return figure_to_svg(indicator_figure(groups), title=TITLE)


def _value_text(point: IndicatorPoint) -> str:
    if point.value is None:
        text = "no value"
    else:
        unit = point.unit if point.unit in ("", "%") else f" {point.unit}"
        text = f"{point.value:,.6g}{unit}"
    if point.recorded_on is not None:
        text += f" ({format_day(point.recorded_on)})"
    return text


def indicator_figure(groups: Sequence[TierGroup]) -> Figure:
    """The indicator chart as a matplotlib figure; call inside `app.charts.svg.drawing()`."""
    rows = [(g, p) for g in groups for p in g.indicators]
    fig = new_figure(WIDTH_IN, 1.3 + ROW_IN * max(len(rows), 1))
    ax = fig.add_subplot()
    # A figure title from the left edge: the indicator names push the plot's own left edge inwards.
    fig.suptitle(TITLE, x=KEY_LEFT, ha="left", fontsize=10.5, fontweight="bold", color=INK)
    ax.set_xlim(0, 8.6)
    ax.set_xticks(range(1, 9))
    ax.set_xlabel("LTEM tier (shaded: 7 transfer to the work, 8 effects of transfer)")
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.axvspan(TRANSFER_TIER - 0.5, 8.6, color=GRID, alpha=0.35, linewidth=0, zorder=0)
    if not rows:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "No learning indicators recorded",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            style="italic",
        )
        return fig
    positions = list(range(len(rows)))[::-1]  # the first row at the top
    for y, (group, point) in zip(positions, rows, strict=True):
        ax.barh(
            y,
            group.tier,
            height=0.62,
            color=BAR,
            edgecolor=INK,
            linewidth=0.6,
            gid=f"indicator-{point.indicator_id}",
        )
        label = f"{group.tier} · {group.tier_name}"
        inside = group.tier >= INSIDE_FROM_TIER  # a long bar holds its label, a short one not
        ax.text(
            group.tier - 0.1 if inside else group.tier + 0.1,
            y,
            label,
            va="center",
            ha="right" if inside else "left",
            fontsize=8,
            color=INK,
        )
    names = [f"{textwrap.fill(p.name, 32)}\n{_value_text(p)}" for _, p in rows]
    ax.set_yticks(positions, names, fontsize=8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.tick_params(axis="y", length=0, labelcolor=INK)
    return fig
