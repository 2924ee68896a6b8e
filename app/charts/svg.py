"""Turn a matplotlib figure into SVG bytes: the one drawing path for the app and the PDFs.

matplotlib is imported here, lazily, by the chart modules only: it costs about 0.7 s and must stay
off the start-up path. No pyplot: figures are built with the object API, so nothing global changes
and drawing is safe in a worker thread.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colours that print in black and white as well as on screen (the Okabe–Ito palette).
INK = "#1f2328"
MUTED = "#6e7781"
GRID = "#d0d7de"
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "scaffold",
    "text.parse_math": False,  # a "$" typed in a name is a dollar, never mathematical notation
}


def new_figure(width_in: float, height_in: float, *, reserve_bottom_in: float = 0.0) -> Figure:
    """A blank figure in inches; call inside `drawing()` and draw on it with the object API.

    Axes are placed by constrained layout; `reserve_bottom_in` keeps a strip at the bottom out of
    it, for a legend or key written in figure coordinates.
    """
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    bottom = reserve_bottom_in / height_in
    layout = ConstrainedLayoutEngine(rect=(0, bottom, 1, 1 - bottom))
    return Figure(figsize=(width_in, height_in), dpi=100, layout=layout)


def figure_to_svg(fig: Figure, *, title: str) -> bytes:
    """The figure as a standalone SVG document with a <title>, the same bytes for the same data."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title})
    return _EMPTY_GLYPH.sub(rb'<path id="\1" d="M 0 0" ', buffer.getvalue())


# matplotlib writes a blank glyph (the space) as a path with no `d`. Qt's SVG renderer rejects
# such a path and then every <use> of it ("link … is undefined"); an empty move-to draws the same
# nothing and is valid everywhere.
_EMPTY_GLYPH = re.compile(rb'<path id="([^"]+)" (?=transform="[^"]*"/>)')


# matplotlib's settings are global: one chart at a time, whichever thread draws it.
_LOCK = threading.Lock()


@contextmanager
def drawing() -> Iterator[None]:
    """Hold this around building and saving a figure: Scaffold's look, one thread at a time."""
    from matplotlib import rc_context

    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        yield
