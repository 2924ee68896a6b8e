"""Where each person goes on the network diagram: a seeded force layout, then labels unclashed.

No matplotlib here: positions are in the unit square of the diagram's plot area, computed from
networkx's ForceAtlas2 layout with a fixed seed (the same team always gives the same picture).
People with no ties are set apart in rows along the bottom rather than flung to the edges.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.network.analysis import NetworkAnalysis
from app.network.lazy import networkx

WIDTH_IN = 6.3  # 16 cm: the printed plan's text width; the app scales the SVG to its widget
LAYOUT_SEED = 20240
# Rows of people with no ties: height of a row, the most people per row, their widest spacing.
ISOLATE_ROW_IN = 0.5
ISOLATES_PER_ROW = 10
ISOLATE_STEP = 0.14  # a share of the width
# Rounds of nudging apart people whose labels would overlap.
SPREAD_ROUNDS = 60
# Height taken by the legend under the diagram.
LEGEND_IN = 0.7
# Room under the lowest circle for its label, above the row of people with no ties.
LABEL_ROOM_IN = 0.3

Point = tuple[float, float]


@dataclass(frozen=True)
class DiagramScale:
    """Sizes that keep 5 to 60 people readable."""

    height_in: float
    min_area: float  # pt², smallest circle
    max_area: float  # pt², largest circle
    font_pt: float
    label_chars: int
    arrow_width: float


def diagram_scale(size: int) -> DiagramScale:
    """Sizes for a team of `size` people: larger teams get smaller circles and type."""
    if size <= 15:
        return DiagramScale(4.6, 110.0, 1100.0, 8.5, 16, 0.9)
    if size <= 30:
        return DiagramScale(5.4, 70.0, 650.0, 7.5, 12, 0.7)
    return DiagramScale(6.6, 36.0, 380.0, 6.5, 9, 0.55)


def short_label(name: str, limit: int) -> str:
    """The name, cut to `limit` characters with an ellipsis."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _raw_layout(graph: Any) -> Any:
    """Positions from networkx's ForceAtlas2 layout, seeded.

    Strong gravity keeps separate groups on the page instead of drifting to the edges; the
    spring layout, tried first, packed each cluster too tightly to label.
    """
    nx = networkx()
    return nx.forceatlas2_layout(
        graph,
        seed=LAYOUT_SEED,
        max_iter=500,
        node_size=dict.fromkeys(graph, 1.0),
        strong_gravity=True,
        gravity=0.2,
        scaling_ratio=5.0,
    )


def isolate_band(analysis: NetworkAnalysis, scale: DiagramScale) -> float:
    """The share of the height kept at the bottom for people with no ties (1: nobody has any)."""
    if not analysis.isolates:
        return 0.0
    if len(analysis.isolates) == analysis.size:
        return 1.0
    rows = -(-len(analysis.isolates) // ISOLATES_PER_ROW)
    return min(0.4, rows * ISOLATE_ROW_IN / scale.height_in)


def diagram_layout(
    analysis: NetworkAnalysis, band: float, scale: DiagramScale, labels: Mapping[int, str]
) -> dict[int, Point]:
    """Positions in the unit square: connected people above `band`, the others in rows below."""
    positions: dict[int, Point] = {}
    connected = [p.member_id for p in analysis.people if not p.is_isolate]
    if connected:
        graph = networkx().Graph()
        graph.add_nodes_from(connected)
        graph.add_edges_from((link.from_id, link.to_id) for link in analysis.links)
        raw = _raw_layout(graph)
        low = band + (LABEL_ROOM_IN / scale.height_in if band else 0.0)
        fitted = _fit({n: (float(raw[n][0]), float(raw[n][1])) for n in connected}, low)
        widths = {n: _label_width_in(labels[n], scale) for n in connected}
        positions |= _spread(fitted, widths, low, scale)
    isolates = analysis.isolates
    rows = -(-len(isolates) // ISOLATES_PER_ROW)
    for index, n in enumerate(isolates):
        row, col = divmod(index, ISOLATES_PER_ROW)
        in_row = min(ISOLATES_PER_ROW, len(isolates) - row * ISOLATES_PER_ROW)
        step = min(ISOLATE_STEP, 0.84 / max(1, in_row - 1))
        x = 0.5 + (col - (in_row - 1) / 2) * step
        y = band * (1 - (row + 0.5) / rows)
        positions[n] = (x, y)
    return positions


def _fit(raw: dict[int, Point], low: float) -> dict[int, Point]:
    """Stretch positions to fill x in [0.04, 0.96] and y in [low + 0.04, 0.96]."""
    xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    height = 0.92 - low
    return {
        n: (
            0.04 + 0.92 * ((x - min(xs)) / span_x if span_x else 0.5),
            low + 0.04 + height * ((y - min(ys)) / span_y if span_y else 0.5),
        )
        for n, (x, y) in raw.items()
    }


def _label_width_in(label: str, scale: DiagramScale) -> float:
    """A generous estimate of a label's printed width (DejaVu Sans averages ~0.6 em a letter)."""
    return (len(label) * 0.62 + 0.8) * scale.font_pt / 72


def _spread(
    positions: dict[int, Point], widths: dict[int, float], low: float, scale: DiagramScale
) -> dict[int, Point]:
    """Nudge apart people whose labels would overlap; the layout keeps its shape.

    Two people collide when their centres are closer than half their labels' widths across and
    a label's height (with the circle above it) down. Each round pushes every colliding pair
    apart along the axis where they overlap least; deterministic (no randomness, fixed order).
    """
    height_in = scale.height_in - LEGEND_IN
    room_y = 2.8 * scale.font_pt / 72
    nodes = list(positions)
    xy = {n: [positions[n][0] * WIDTH_IN, positions[n][1] * height_in] for n in nodes}
    for _ in range(SPREAD_ROUNDS):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]
                over_x = (widths[a] + widths[b]) / 2 - abs(dx)
                over_y = room_y - abs(dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                axis, over, sign = (
                    (0, over_x, 1 if dx >= 0 else -1)
                    if over_x / (widths[a] + widths[b]) < over_y / (2 * room_y)
                    else (1, over_y, 1 if dy >= 0 else -1)
                )
                xy[a][axis] -= sign * over * 0.3
                xy[b][axis] += sign * over * 0.3
        for point in xy.values():
            point[0] = min(max(point[0], 0.04 * WIDTH_IN), 0.96 * WIDTH_IN)
            point[1] = min(max(point[1], (low + 0.04) * height_in), 0.96 * height_in)
        if not moved:
            break
    return {n: (xy[n][0] / WIDTH_IN, xy[n][1] / height_in) for n in nodes}
