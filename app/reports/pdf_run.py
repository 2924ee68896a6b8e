"""How every PDF is rendered: with WeasyPrint's font configuration kept, the collector paused.

Two costs of rendering a report again are not layout at all:
- A fresh `FontConfiguration` per render copies and registers the bundled fonts (6 MB) again
  and starts Pango's font caches empty: about 50 ms of a plan. One is kept per templates folder.
- WeasyPrint builds some 100,000 objects. While it does, Python's cyclic garbage collector runs
  full collections, each walking every object of the process (the whole app): about 150 ms each
  in a warm benchmark process, one in most renders, more in the app. `pdf_run` pauses the
  collector for the render and then collects only what the render left (its reference cycles).

WeasyPrint is imported only when a configuration is first needed.
"""

import atexit
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Idle font configurations by templates folder. One serves one render at a time; a render
# running at the same time as another (another worker thread) gets its own.
_IDLE_FONTS: dict[Path, list[Any]] = {}
_IDLE_FONTS_KEPT = 2  # per folder, at most: more only for renders running at the same time
_LOCK = threading.Lock()
# How many renders hold the collector paused, and whether it was running before the first.
_paused = 0
_resume = False


@contextmanager
def pdf_run(root: Path) -> Iterator[Any]:
    """Hold around one WeasyPrint render of a document from `root`'s templates, from parsing
    the HTML to writing the PDF; gives the `FontConfiguration` to render with.

    The configuration is reused from an earlier render of the same folder when one is idle, so
    its `@font-face` fonts are already loaded; the PDF is the same as with a fresh one. It is never
    shared by two renders at once. The garbage collector is paused meanwhile (in every thread:
    it is the process's) and runs again once the last render running has finished.
    """
    fonts = _take_fonts(root)
    _pause_collector()
    try:
        yield fonts
    finally:
        _resume_collector()
    _give_back_fonts(root, fonts)  # not after a failed render: it may be half-way through a change


def _take_fonts(root: Path) -> Any:
    from weasyprint.text.fonts import FontConfiguration

    with _LOCK:
        idle = _IDLE_FONTS.get(root.resolve())
        fonts = idle.pop() if idle else None
    return fonts if fonts is not None else FontConfiguration()


def _give_back_fonts(root: Path, fonts: Any) -> None:
    with _LOCK:
        idle = _IDLE_FONTS.setdefault(root.resolve(), [])
        if len(idle) < _IDLE_FONTS_KEPT:
            idle.append(fonts)


def _pause_collector() -> None:
    global _paused, _resume
    with _LOCK:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1


def _resume_collector() -> None:
    global _paused
    with _LOCK:
        _paused -= 1
        last = _paused == 0
        if last and _resume:
            gc.enable()
    if last:
        # The render's own leftovers are all young: collect them here, in the rendering thread,
        # rather than in whichever thread (the GUI's) next allocates.
        gc.collect(0)


@atexit.register
def forget_font_configurations() -> None:
    """Drop the kept font configurations (each deletes its temporary copy of the fonts)."""
    with _LOCK:
        _IDLE_FONTS.clear()
