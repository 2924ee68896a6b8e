"""Starting the GUI: a database that cannot be opened is explained; a good one opens the window."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import app_main


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


@pytest.fixture
def damaged_answers(monkeypatch):
    """Answer the damaged-database dialog with the given decisions; the files it was shown for."""
    from ui.dialogs.damaged_database_dialog import DamagedDatabaseDialog

    shown = []
    answers = []

    def ask(cls, parent, health):
        shown.append(health)
        return answers.pop(0)

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", classmethod(ask))
    return shown, answers


def test_a_file_that_is_not_a_database_is_explained_and_quitting_exits_1(
    tmp_path, app_names, errors_shown, damaged_answers
):
    from ui.dialogs.damaged_database_dialog import DamagedDecision

    shown, answers = damaged_answers
    answers.append(DamagedDecision("quit"))
    bad = tmp_path / "notes.sqlite"
    bad.write_text("shopping list: milk, eggs\n" * 200)

    assert app_main.run_gui(bad) == 1
    [health] = shown
    assert (health.path, health.kind) == (bad, "not_database")
    assert errors_shown == []
    assert bad.read_text().startswith("shopping list")


def test_a_damaged_file_replaced_by_a_new_database_opens_the_window(
    monkeypatch, tmp_path, settings, app_names, errors_shown, damaged_answers, when_window_ready
):
    from ui.damaged_start import StartNotices
    from ui.dialogs.damaged_database_dialog import DamagedDecision

    monkeypatch.setattr(StartNotices, "done", classmethod(lambda cls, *args: None))
    shown, answers = damaged_answers
    answers.append(DamagedDecision("new"))
    bad = tmp_path / "scaffold.sqlite"
    bad.write_bytes(b"")
    seen = []

    def look_then_close(window):
        seen.append(window.database_label.text())
        window.close()
        window.deleteLater()

    when_window_ready(look_then_close)
    assert app_main.run_gui(bad, settings) == 0
    assert [h.kind for h in shown] == ["empty"]
    assert seen == [f"Database: {bad}"]
    assert [p.read_bytes() for p in tmp_path.glob("scaffold.damaged-*.sqlite")] == [b""]


def test_another_file_chosen_at_start_is_opened_and_locked(
    tmp_path, settings, app_names, errors_shown, damaged_answers, when_window_ready
):
    from models.db import open_database
    from ui.dialogs.damaged_database_dialog import DamagedDecision
    from ui.instance_lock import lock_path

    other = tmp_path / "copy.sqlite"
    open_database(other).dispose()
    _shown, answers = damaged_answers
    answers.append(DamagedDecision("open", other))
    bad = tmp_path / "scaffold.sqlite"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    seen = []

    def look_then_close(window):
        seen.append((window.database_label.text(), lock_path(other).exists()))
        window.close()
        window.deleteLater()

    when_window_ready(look_then_close)
    assert app_main.run_gui(bad, settings) == 0
    assert seen == [(f"Database: {other}", True)]
    assert not lock_path(other).exists() and not lock_path(bad).exists()


def test_run_gui_names_the_app_and_shows_the_window_on_the_database(
    qtbot, tmp_path, settings, app_names, errors_shown, when_window_ready
):
    seen = []

    def look_then_close(window):
        seen.append((window.isVisible(), window.database_label.text()))
        window.close()
        window.deleteLater()

    when_window_ready(look_then_close)
    path = tmp_path / "data" / "scaffold.sqlite"
    assert app_main.run_gui(path, settings) == 0

    assert errors_shown == []
    assert seen == [(True, f"Database: {path}")]
    assert path.exists()
    assert QApplication.organizationName() == "Scaffold"
    assert QApplication.applicationName() == "Scaffold"
    assert settings.contains("main_window/geometry")
