"""The network diagram: valid, titled, deterministic SVG; sizes follow the measure; legible."""

import hashlib
import itertools
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from network_graphs import Team, random_team, star, team, two_cliques_and_bridge

from app.charts.network import ISOLATES_GID, NODES_GID, network_diagram_svg, network_figure
from app.charts.svg import drawing
from app.network.analysis import NetworkAnalysis, analyse_network
from app.network.measure import Measure

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


def analysed(t: Team) -> NetworkAnalysis:
    return analyse_network(t.members, t.ties)


def labels(t: Team) -> dict[int, str]:
    return {member_id: name for name, member_id in t.ids.items()}


def test_svg_is_valid_and_titled() -> None:
    t = star(6)
    svg = network_diagram_svg(analysed(t), names=labels(t), title="Who the claims team asks")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title") == "Who the claims team asks"
    ids = {element.get("id") for element in root.iter()}
    assert NODES_GID in ids
    assert ISOLATES_GID not in ids  # nobody is without ties in a star


def test_isolates_drawn_as_their_own_group() -> None:
    t = team(["Ana", "Ben", "Cy"], [("Ana", "Ben")])
    root = ET.fromstring(network_diagram_svg(analysed(t), names=labels(t)))
    assert {NODES_GID, ISOLATES_GID} <= {element.get("id") for element in root.iter()}


def test_same_input_same_bytes_and_the_measure_matters() -> None:
    t = two_cliques_and_bridge(4)
    a, names = analysed(t), labels(t)
    first = network_diagram_svg(a, names=names, size_by="betweenness")
    assert network_diagram_svg(a, names=names, size_by=Measure.betweenness) == first
    assert network_diagram_svg(a, names=names, size_by="in_degree") != first


def test_bytes_do_not_depend_on_the_process() -> None:
    # Another interpreter with another hash seed draws exactly the same picture.
    script = (
        "import hashlib, sys; sys.path.insert(0, 'tests/app')\n"
        "from network_graphs import random_team\n"
        "from app.network.analysis import analyse_network\n"
        "from app.charts.network import network_diagram_svg\n"
        "t = random_team(20, seed=4)\n"
        "a = analyse_network(t.members, t.ties)\n"
        "names = {i: n for n, i in t.ids.items()}\n"
        "print(hashlib.sha256(network_diagram_svg(a, names=names)).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    t = random_team(20, seed=4)
    here = hashlib.sha256(network_diagram_svg(analysed(t), names=labels(t))).hexdigest()
    assert done.stdout.strip() == here


def circle_sizes(t: Team, measure: Measure) -> dict[str, float]:
    """Each label's circle area, read back from the figure (labels sit at their circle's centre)."""
    with drawing():
        fig = network_figure(analysed(t), names=labels(t), size_by=measure)
    ax = fig.axes[0]
    size_at = {
        (float(x), float(y)): float(size)
        for circles in ax.collections
        for (x, y), size in zip(circles.get_offsets(), circles.get_sizes(), strict=True)
    }
    return {text.get_text(): size_at[text.xy] for text in ax.texts}


def test_star_centre_is_the_largest_circle_by_in_degree() -> None:
    sizes = circle_sizes(star(6), Measure.in_degree)
    leaves = {sizes[f"P{i}"] for i in range(1, 6)}
    assert len(leaves) == 1 and sizes["P0"] > 5 * max(leaves)


def test_bridge_is_the_largest_circle_by_betweenness() -> None:
    sizes = circle_sizes(two_cliques_and_bridge(4), Measure.betweenness)
    bridge = sizes.pop("Bridge")
    assert len(sizes) == 8 and all(size < bridge / 5 for size in sizes.values())


def test_labels_are_the_names_given_not_the_stored_ones() -> None:
    t = star(4)
    pseudonyms = {1: "Robin", 2: "Sky", 3: "Ash", 4: "Rowan"}
    with drawing():
        fig = network_figure(analysed(t), names=pseudonyms)
        shown = {text.get_text() for text in fig.axes[0].texts}
    assert shown == {"Robin", "Sky", "Ash", "Rowan"}


def test_long_names_are_shortened_more_in_larger_teams() -> None:
    long_name = "Maximilian-Alexander"
    for size, expected in ((5, "Maximilian-Alex…"), (25, "Maximilian-…"), (50, "Maximili…")):
        t = random_team(size, seed=1)
        names = labels(t) | {1: long_name}
        with drawing():
            fig = network_figure(analysed(t), names=names)
            shown = {text.get_text() for text in fig.axes[0].texts}
        assert expected in shown


@pytest.mark.parametrize("size", [5, 15, 30, 60])
def test_labels_do_not_overlap_and_stay_on_the_page(size: int) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    t = random_team(size, seed=3)
    with drawing():
        fig = network_figure(analysed(t), names=labels(t))
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        boxes = [text.get_window_extent(canvas.get_renderer()) for text in fig.axes[0].texts]
    assert len(boxes) == size
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    page = fig.bbox
    assert all(page.x0 <= b.x0 and b.x1 <= page.x1 and page.y0 <= b.y0 for b in boxes)


def test_empty_team_and_team_without_ties_still_draw() -> None:
    empty = network_diagram_svg(analyse_network([], []), names={})
    assert ET.fromstring(empty).findtext(f"{SVG}title") == "Who goes to whom"
    t = team(["Ana", "Ben"], [])
    with drawing():
        fig = network_figure(analysed(t), names=labels(t))
        shown = {text.get_text() for text in fig.axes[0].texts}
    assert shown == {"Ana", "Ben", "No ties recorded yet"}
    with drawing():
        texts = {
            x.get_text() for x in network_figure(analyse_network([], []), names={}).axes[0].texts
        }
    assert texts == {"No team members yet"}


def test_missing_name_or_unknown_measure_refused() -> None:
    t = star(3)
    with pytest.raises(ValueError, match=r"No name given for member ids \[3\]"):
        network_diagram_svg(analysed(t), names={1: "A", 2: "B"})
    with pytest.raises(ValueError):
        network_diagram_svg(analysed(t), names=labels(t), size_by="eigenvector")


def test_importing_the_network_modules_loads_neither_networkx_nor_matplotlib() -> None:
    script = (
        "import sys\n"
        "import app.network, app.network.analysis, app.network.findings, app.network.grid\n"
        "import app.network.survey_csv, app.charts.network\n"
        "heavy = sorted(m for m in ('networkx', 'matplotlib', 'numpy') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_a_diagram_drawn_again_comes_from_the_cache_and_a_change_redraws_it() -> None:
    t = star(6)
    first = network_diagram_svg(analysed(t), names=labels(t))
    again = network_diagram_svg(analysed(t), names=labels(t))
    assert again is first  # not drawn a second time
    renamed = {k: f"{v}!" for k, v in labels(t).items()}
    other = network_diagram_svg(analysed(t), names=renamed)
    assert other is not first and other != first
