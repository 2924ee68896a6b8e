"""The main window on a real database: welcome, list, search, filter, new consultation, settings."""

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from ui.dialogs.about import AboutDialog
from ui.engagement_table_model import Column
from ui.main_window import MainWindow, demo_command
from ui.new_engagement_dialog import NewEngagementDialog


@pytest.fixture
def make_window(qtbot, store, settings):
    def _make():
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return _make


def teams(window):
    model = window.model
    return [model.data(model.index(row, Column.team)) for row in range(model.rowCount())]


def test_an_empty_database_shows_what_to_do_first(make_window, store):
    window = make_window()
    assert window.home.showing_welcome()
    assert window.home.empty_state.isVisible()
    assert not window.home.table.isVisible()
    text = " ".join(label.text() for label in window.home.empty_state.findChildren(QLabel))
    assert "Start a consultation" in text
    assert "scaffold demo --db" in text  # the test database is not the default one
    assert window.home.empty_state.start_button.text() == "New consultation…"
    assert str(store.location) in window.database_label.text()


def test_with_engagements_the_table_lists_them_newest_first(make_window, three_teams):
    window = make_window()
    assert not window.home.showing_welcome()
    assert window.home.table.isVisible()
    assert teams(window) == ["Payroll", "Field sales north", "Claims handling"]
    assert window.count_label.text() == "3 consultations shown"


def test_typing_in_search_filters_the_list_after_a_short_pause(qtbot, make_window, three_teams):
    window = make_window()
    qtbot.keyClicks(window.home.search_edit, "okafor")
    assert window._search_timer.isActive()  # debounced: not one query per key
    qtbot.waitUntil(lambda: teams(window) == ["Field sales north"])
    assert window.count_label.text() == "1 consultation shown"

    window.home.search_edit.clear()
    qtbot.waitUntil(lambda: len(teams(window)) == 3)


def test_search_also_finds_words_of_the_request(qtbot, make_window, three_teams):
    window = make_window()
    qtbot.keyClicks(window.home.search_edit, "time management")
    qtbot.waitUntil(lambda: teams(window) == ["Claims handling"])


def test_status_filter_and_no_match(qtbot, make_window, three_teams):
    window = make_window()
    window.home.status_combo.setCurrentText("Closed")
    assert teams(window) == ["Payroll"]

    qtbot.keyClicks(window.home.search_edit, "Lyon")
    qtbot.waitUntil(window.home.showing_no_match)
    assert not window.home.showing_welcome()
    assert window.home.no_match_label.text() == "No closed consultation matches “Lyon”."

    window.home.clear_filters_button.click()
    assert window.home.search_edit.text() == ""
    assert window.home.status_combo.currentText() == "All statuses"
    assert len(teams(window)) == 3


def test_new_consultation_from_the_keyboard_appears_selected_in_the_list(
    qtbot, make_window, monkeypatch, seed
):
    seed(("Payroll", "Ana Ruiz"))
    window = make_window()
    qtbot.keyClicks(window.home.search_edit, "Payroll")
    qtbot.waitUntil(lambda: teams(window) == ["Payroll"])

    def answer_with_keyboard(cls, parent, create):
        dialog = cls(create, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.team_edit, "Claims handling")
        qtbot.keyClicks(dialog.manager_edit, "Sofia Marin")
        qtbot.keyClicks(dialog.request_edit, "They need a time-management course.")
        qtbot.keyClick(dialog.manager_edit, Qt.Key.Key_Return)
        return dialog.created_id

    monkeypatch.setattr(NewEngagementDialog, "ask", classmethod(answer_with_keyboard))
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    window.new_action.trigger()

    assert teams(window) == ["Claims handling", "Payroll"]  # filters cleared to show it
    assert window.home.search_edit.text() == ""
    assert window.selected_engagement_id() == window.model.row_at(0).id


def test_the_first_consultation_leaves_the_welcome_page(qtbot, make_window, monkeypatch, seed):
    window = make_window()

    def create_one(cls, parent, create):
        return seed(("Claims handling", "Sofia Marin"))[0]

    monkeypatch.setattr(NewEngagementDialog, "ask", classmethod(create_one))
    window.home.empty_state.start_button.click()
    assert not window.home.showing_welcome()
    assert teams(window) == ["Claims handling"]


def test_cancelling_the_dialog_changes_nothing(make_window, monkeypatch, three_teams):
    window = make_window()
    monkeypatch.setattr(NewEngagementDialog, "ask", classmethod(lambda cls, parent, create: None))
    window.home.new_button.click()
    assert len(teams(window)) == 3


def test_about_shows_the_about_box_for_this_database(make_window, monkeypatch, store):
    shown = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent, db: shown.append(db)))
    window = make_window()
    window.about_action.trigger()
    assert shown == [store.location]


def test_menus_hold_the_actions(make_window):
    window = make_window()
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert window.new_action in menus["&File"].actions()
    assert window.quit_action in menus["&File"].actions()
    assert window.about_action in menus["&Help"].actions()
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")


def test_quit_closes_and_the_size_is_remembered(qtbot, store, settings, make_window):
    window = make_window()
    window.resize(720, 450)  # within the offscreen screen (800 × 600)
    window.home.table.horizontalHeader().resizeSection(Column.team, 260)
    window.quit_action.trigger()
    assert not window.isVisible()
    assert settings.contains("main_window/geometry")

    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    assert again.size() == QSize(720, 450)
    assert again.home.table.horizontalHeader().sectionSize(Column.team) == 260


def test_the_demo_hint_names_this_window_s_database(monkeypatch, tmp_path):
    monkeypatch.setenv("SCAFFOLD_DB", str(tmp_path / "mine.sqlite"))
    assert demo_command(tmp_path / "mine.sqlite") == "scaffold demo"
    other = tmp_path / "with space" / "other.sqlite"
    assert demo_command(other) == f"scaffold demo --db '{other}'"
