"""SCAFFOLD_EXIT_AFTER_FIRST_PAINT: the window paints, reports one line and closes (packaging)."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import app_main
from ui.first_paint import ENV_EXIT_AFTER_FIRST_PAINT, close_after_first_paint_if_asked
from ui.main_window import MainWindow


@pytest.fixture
def app_names(qapp):
    """Put back the test application's names after run_gui renames it."""
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationVersion())
    yield
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
    qapp.setApplicationVersion(names[2])


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def test_asked_the_window_reports_its_first_paint_and_closes(
    qtbot, monkeypatch, capsys, tmp_path, settings, app_names
):
    monkeypatch.setenv(ENV_EXIT_AFTER_FIRST_PAINT, "1")
    earlier = set(main_windows())
    QTimer.singleShot(10_000, QApplication.quit)  # if it never closes, fail instead of hanging
    assert app_main.run_gui(tmp_path / "scaffold.sqlite", settings) == 0
    [window] = [w for w in main_windows() if w not in earlier]
    qtbot.addWidget(window)  # deleted after the test, so later tests see no stray window
    assert not window.isVisible()

    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("first paint: 'Scaffold' ")
    assert out[0].endswith(", 0 consultation(s) listed")
    assert settings.contains("main_window/geometry")  # closed the normal way
    assert not QApplication.windowIcon().isNull()


@pytest.mark.parametrize("value", [None, "0", "yes"])
def test_not_asked_nothing_is_armed(qtbot, store, settings, monkeypatch, value):
    if value is None:
        monkeypatch.delenv(ENV_EXIT_AFTER_FIRST_PAINT, raising=False)
    else:
        monkeypatch.setenv(ENV_EXIT_AFTER_FIRST_PAINT, value)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    assert close_after_first_paint_if_asked(window) is False
