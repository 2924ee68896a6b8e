"""Starting the GUI: a database that cannot be opened is explained; a good one opens the window."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import app_main
from ui.main_window import MainWindow


@pytest.fixture
def app_names(qapp):
    """Put back the test application's names after run_gui renames it."""
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationVersion())
    yield
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
    qapp.setApplicationVersion(names[2])


@pytest.fixture
def errors_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: shown.append((title, text))
    )
    return shown


def test_a_file_that_is_not_a_database_is_explained_and_exits_1(tmp_path, app_names, errors_shown):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("shopping list: milk, eggs\n" * 200)

    assert app_main.run_gui(bad) == 1
    [(title, text)] = errors_shown
    assert title == "Scaffold cannot open its database"
    assert "cannot be read as a Scaffold database" in text
    assert str(bad) in text
    assert bad.read_text().startswith("shopping list")


def test_run_gui_names_the_app_and_shows_the_window_on_the_database(
    qtbot, tmp_path, settings, app_names, errors_shown
):
    seen = []

    def look_then_close():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend((w.isVisible(), w.database_label.text()) for w in windows)
        for window in windows:
            window.close()

    QTimer.singleShot(0, look_then_close)
    path = tmp_path / "data" / "scaffold.sqlite"
    assert app_main.run_gui(path, settings) == 0

    assert errors_shown == []
    assert seen == [(True, f"Database: {path}")]
    assert path.exists()
    assert QApplication.organizationName() == "Scaffold"
    assert QApplication.applicationName() == "Scaffold"
    assert settings.contains("main_window/geometry")
