"""Child process of the window benchmarks: says when its window's first frame has been painted.

    python bench/window_probe.py bare                   a bare PySide6 window (the baseline)
    python bench/window_probe.py scaffold DATABASE      Scaffold, through its real entry point
    python bench/window_probe.py scaffold DATABASE --search   … then search as a user would

Both watch the application's events the same way: at the first paint event of any widget, a
zero-delay timer fires once the whole frame is painted and flushed ("painted"). Scaffold paints
its window's frame before it opens the database (ui/app_main.py), so the probe then waits until
the window has its database attached and its list filled, and for the frame painted after that
("populated"; for the bare window, the same as "painted"). It prints one JSON line,
{"painted": …, "populated": …, "rows": rows in the window's table, "peak_rss_mib": …}, times
from time.monotonic(), and quits. The parent compares them with its own time.monotonic() taken
just before starting the process (the clock is the same for every process), so interpreter
start-up and imports count.

Scaffold is started as `scaffold gui --db DATABASE` would start it (`app.__main__.main`); the
probe only creates the QApplication first, which Scaffold then reuses: the same work in another
order. With --search, after the first frame the probe types "e", then "en", then clears the box
(each time waiting for the list to refresh), so the peak memory includes searching.
"""

import json
import resource
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QTableView

SEARCH_STEPS = ("e", "en", "")
SEARCH_WAIT_MS = 400  # the window refreshes the list 150 ms after the last keystroke
_KEEP: list[QObject] = []


class FirstFrame(QObject):
    """Calls `then` once, just after the first frame painted while `ready()` holds (by
    default: the first frame of any window).

    Watches every paint from the start: the list's first filled frame may come between two
    looks of a timer, and later frames (the rest of the window being built) must not count.
    """

    def __init__(self, qt_app: QApplication, then: Any, ready: Any = lambda: True) -> None:
        super().__init__()
        self._qt_app = qt_app
        self._then = then
        self._ready = ready

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._ready():
            self._qt_app.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _table_rows() -> int:
    for widget in QApplication.topLevelWidgets():
        table = widget.findChild(QTableView)
        if table is not None and table.model() is not None:
            return int(table.model().rowCount())
    return 0


def _search_box() -> QLineEdit | None:
    for widget in QApplication.topLevelWidgets():
        for box in widget.findChildren(QLineEdit):
            if box.accessibleName() == "Search consultations":
                return box
    return None


def _report(times: dict[str, float], rows: int) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**times, "rows": rows, "peak_rss_mib": peak}), flush=True)
    QApplication.quit()


def _search_then_report(times: dict[str, float], rows: int, steps: list[str]) -> None:
    box = _search_box()
    if not steps or box is None:
        _report(times, rows)
        return
    box.setText(steps[0])
    QTimer.singleShot(SEARCH_WAIT_MS, lambda: _search_then_report(times, rows, steps[1:]))


def _filled() -> bool:
    """Whether a window shows its list: rows in its table, or (an empty database, a bare
    window) nothing to wait for once the window says it is ready."""
    if _table_rows() > 0:
        return True
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    return any(getattr(w, "ready", True) for w in windows)


def main() -> int:
    """Start the window named on the command line and report its first frame."""
    mode, rest = sys.argv[1], sys.argv[2:]
    qt_app = QApplication(sys.argv[:1])
    search = "--search" in rest

    times: dict[str, float] = {}

    def populated() -> None:
        times["populated"] = time.monotonic()
        times.setdefault("painted", times["populated"])
        rows = _table_rows()
        if search:
            _search_then_report(times, rows, list(SEARCH_STEPS))
        else:
            _report(times, rows)

    def first_frame() -> None:
        times.setdefault("painted", time.monotonic())

    for watcher in (FirstFrame(qt_app, first_frame), FirstFrame(qt_app, populated, _filled)):
        _KEEP.append(watcher)  # an event filter needs a living Python object
        qt_app.installEventFilter(watcher)
    if mode == "bare":
        window = QMainWindow()
        window.setWindowTitle("Bare window")
        window.setCentralWidget(QLabel("A bare PySide6 window"))
        window.resize(1280, 800)
        window.show()
        return qt_app.exec()
    from app.__main__ import main as scaffold_main

    sys.argv = ["scaffold", "gui", "--db", rest[0]]
    return scaffold_main()


if __name__ == "__main__":
    sys.exit(main())
