"""The value-network diagram: who goes to whom, circles sized by a chosen measure.

Drawn once as SVG for the app and the PDF through `app.charts.svg`; where people go is decided in
`app.network.layout` (seeded, so the same team gives the same picture and the same bytes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.charts.svg import GRID, INK, MUTED, PALETTE, drawing, figure_to_svg, new_figure
from app.network.analysis import NetworkAnalysis
from app.network.layout import (
    WIDTH_IN,
    DiagramScale,
    Point,
    diagram_layout,
    diagram_scale,
    isolate_band,
    short_label,
)
from app.network.measure import Measure
from app.network.wording import tie_phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MEMBER = PALETTE[0]  # blue
CUT_POINT = PALETTE[5]  # vermilion: a one-person bottleneck
ISOLATE = "#f6f8fa"
ARROW = "#8c959f"
# A message in place of a diagram.
_NOTE: dict[str, Any] = {
    "ha": "center",
    "va": "center",
    "color": MUTED,
    "fontsize": 9,
    "style": "italic",
}
# SVG ids, for tests and for styling.
NODES_GID = "members"
ISOLATES_GID = "no-ties"


def _areas(analysis: NetworkAnalysis, measure: Measure, scale: DiagramScale) -> dict[int, float]:
    values = {p.member_id: p.value(measure) for p in analysis.people}
    top = max(values.values(), default=0.0)
    spread = scale.max_area - scale.min_area
    return {n: scale.min_area + (spread * v / top if top > 0 else 0.0) for n, v in values.items()}


def _draw_arrows(
    ax: Axes,
    analysis: NetworkAnalysis,
    positions: dict[int, Point],
    areas: dict[int, float],
    scale: DiagramScale,
) -> None:
    from matplotlib.patches import FancyArrowPatch

    for link in analysis.links:
        ax.add_patch(
            FancyArrowPatch(
                positions[link.from_id],
                positions[link.to_id],
                arrowstyle="-|>",
                mutation_scale=7 + 2 * scale.arrow_width,
                connectionstyle="arc3,rad=0.12",
                shrinkA=(areas[link.from_id] ** 0.5) / 2 + 1,
                shrinkB=(areas[link.to_id] ** 0.5) / 2 + 1.5,
                color=ARROW,
                alpha=0.75,
                linewidth=scale.arrow_width,
                zorder=1,
                clip_on=False,
            )
        )


def _edge(is_isolate: bool, is_cut_point: bool) -> str:
    """Circle outlines: a dark ring marks a bottleneck even when printed in grey."""
    return MUTED if is_isolate else INK if is_cut_point else "white"


def _draw_people(
    ax: Axes,
    analysis: NetworkAnalysis,
    positions: dict[int, Point],
    areas: dict[int, float],
    labels: Mapping[int, str],
    scale: DiagramScale,
) -> None:
    ordered = sorted(analysis.people, key=lambda p: -areas[p.member_id])  # small ones on top
    for gid, keep in ((NODES_GID, False), (ISOLATES_GID, True)):
        group = [p for p in ordered if p.is_isolate == keep]
        if not group:
            continue
        ax.scatter(
            [positions[p.member_id][0] for p in group],
            [positions[p.member_id][1] for p in group],
            s=[areas[p.member_id] for p in group],
            c=[ISOLATE if keep else CUT_POINT if p.is_cut_point else MEMBER for p in group],
            edgecolors=[_edge(p.is_isolate, p.is_cut_point) for p in group],
            linewidths=[1.6 if p.is_cut_point else 0.8 for p in group],
            zorder=2,
            clip_on=False,
            gid=gid,
        )
    for p in analysis.people:
        ax.annotate(
            labels[p.member_id],
            xy=positions[p.member_id],
            xytext=(0, -(areas[p.member_id] ** 0.5) / 2 - 1.5),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=scale.font_pt,
            color=INK,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=3,
        )


def _legend(fig: Figure, analysis: NetworkAnalysis, measure: Measure) -> None:
    from matplotlib.lines import Line2D

    def dot(colour: str, *, isolate: bool = False, cut_point: bool = False) -> Line2D:
        return Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=8,
            color=colour,
            markeredgecolor=_edge(isolate, cut_point),
            markeredgewidth=1.6 if cut_point else 0.8,
        )

    handles, labels = [dot(MEMBER)], ["Team member"]
    if analysis.cut_points:
        handles.append(dot(CUT_POINT, cut_point=True))
        labels.append("One-person bottleneck")
    if analysis.isolates:
        handles.append(dot(ISOLATE, isolate=True))
        labels.append("No ties")
    title = (
        f"Circle size: {measure.meaning}.\n"
        f"An arrow from A to B: A goes to B{tie_phrase(analysis.tie_types)}."
    )
    legend = fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=len(handles),
        frameon=False,
        fontsize=8,
        title=title,
        title_fontsize=8,
    )
    legend.get_title().set_color(MUTED)


def network_figure(
    analysis: NetworkAnalysis,
    *,
    names: Mapping[int, str],
    size_by: Measure | str = Measure.in_degree,
) -> Figure:
    """The diagram as a matplotlib figure; call inside `app.charts.svg.drawing()`."""
    measure = Measure(size_by)
    missing = [p.member_id for p in analysis.people if p.member_id not in names]
    if missing:
        raise ValueError(f"No name given for member ids {missing}.")
    scale = diagram_scale(analysis.size)
    fig = new_figure(WIDTH_IN, scale.height_in)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.05, 1.02)
    if not analysis.people:
        ax.text(0.5, 0.5, "No team members yet", **_NOTE)
        return fig
    band = isolate_band(analysis, scale)
    labels = {
        p.member_id: short_label(names[p.member_id], scale.label_chars) for p in analysis.people
    }
    positions = diagram_layout(analysis, band, scale, labels)
    areas = _areas(analysis, measure, scale)
    if 0 < band < 1:
        ax.axhline(band, color=GRID, linewidth=0.6, zorder=0)
        ax.text(0.0, band - 0.01, "No ties", color=MUTED, fontsize=7.5, style="italic", va="top")
    _draw_arrows(ax, analysis, positions, areas, scale)
    _draw_people(ax, analysis, positions, areas, labels, scale)
    if analysis.links:
        _legend(fig, analysis, measure)
    else:
        ax.text(0.5, 0.75, f"No ties recorded yet{tie_phrase(analysis.tie_types)}", **_NOTE)
    return fig


def network_diagram_svg(
    analysis: NetworkAnalysis,
    *,
    names: Mapping[int, str],
    size_by: Measure | str = Measure.in_degree,
    title: str = "Who goes to whom",
) -> bytes:
    """The diagram as SVG bytes (same input, same bytes); safe from any thread.

    `names` gives the label of every member id (pass pseudonyms to hide real names); `size_by`
    chooses the measure circle areas are proportional to; `title` becomes the SVG's <title>.
    Drawing takes 0.15–1 s, so the last few diagrams are kept: rendering the same plan again,
    or showing the same network again, costs nothing.
    """
    key = (
        analysis.tie_types,
        analysis.people,
        analysis.links,
        tuple(sorted(names.items())),
        str(size_by),
        title,
    )
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    with drawing():
        svg = figure_to_svg(network_figure(analysis, names=names, size_by=size_by), title=title)
    with _CACHE_LOCK:
        _CACHE[key] = svg
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


# Recent diagrams by everything they are drawn from; the layout is seeded, so this is exact.
_CACHE: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()
