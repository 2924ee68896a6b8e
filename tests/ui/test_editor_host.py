"""The main window with the diagnostic open: opening, undo from the menu, meeting mode, leaving."""

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.demo import load_demo
from app.flow.steps import StepId
from app.storage import transaction
from ui.editor.host import UnsavedInputQuestion
from ui.main_window import MainWindow
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


def team_in_db(db_engine, engagement_id):
    con = sqlite3.connect(db_engine.url.database)
    return con.execute(
        "SELECT team_name FROM engagement WHERE id = ?", (engagement_id,)
    ).fetchone()[0]


def test_enter_on_a_row_opens_the_diagnostic_and_ctrl_w_returns(qtbot, make_window, seed):
    (eid,) = seed(("Claims handling", "Sofia Marin"))
    window = make_window()
    window.select_engagement(eid)
    window.home.table.setFocus()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)
    editor = window.host.editor
    assert editor is not None
    assert window.pages.currentWidget() is editor
    assert editor.current_step() is StepId.context
    assert "Claims handling — Sofia Marin" in editor.title_label.text()
    assert not window.count_label.isVisible()  # the list's count is not about the diagnostic
    window.host.close_action.trigger()
    assert window.host.editor is None
    assert window.pages.currentWidget() is window.home
    assert window.count_label.isVisible()


def test_a_new_consultation_opens_at_step_one(make_window, monkeypatch, seed):
    window = make_window()
    monkeypatch.setattr(
        NewEngagementDialog, "ask", classmethod(lambda cls, p, c: seed(("Ops", "Ana"))[0])
    )
    window.new_action.trigger()
    assert window.host.editor is not None
    assert window.host.editor.current_step() is StepId.context


def test_edits_save_and_the_edit_menu_undoes_them(qtbot, make_window, seed, db_engine):
    (eid,) = seed(("Claims", "Sofia"))
    window = make_window()
    window.host.open(eid)
    page = window.host.editor.page(StepId.context)
    page.team_edit.setFocus()
    page.team_edit.selectAll()
    qtbot.keyClicks(page.team_edit, "Claims Lyon")
    qtbot.waitUntil(lambda: team_in_db(db_engine, eid) == "Claims Lyon", timeout=3000)
    assert window.statusBar().currentMessage() == "Saved"
    assert window.host.undo_action.isEnabled()
    window.host.undo_action.trigger()
    assert team_in_db(db_engine, eid) == "Claims"
    assert page.team_edit.text() == "Claims"
    window.host.redo_action.trigger()
    assert team_in_db(db_engine, eid) == "Claims Lyon"
    window.host.close()
    assert [window.model.row_at(0).team_name] == ["Claims Lyon"]


def test_steps_are_reached_with_shortcuts_in_any_order(make_window, seed):
    (eid,) = seed(("Claims", "Sofia"))
    window = make_window()
    window.host.open(eid)
    editor = window.host.editor
    window.host.step_actions[6].trigger()
    assert editor.current_step() is StepId.agreement
    window.host.previous_action.trigger()
    assert editor.current_step() is StepId.new_skills
    window.host.step_actions[0].trigger()
    window.host.next_action.trigger()
    assert editor.current_step() is StepId.goal


def test_meeting_mode_hides_private_notes_enlarges_type_and_is_remembered(
    make_window, seed, settings
):
    (eid,) = seed(("Claims", "Sofia"))
    window = make_window()
    window.host.open(eid)
    editor = window.host.editor
    normal = editor.font().pointSizeF()
    assert editor.notes.isVisible()
    window.host.meeting_action.trigger()
    assert not editor.notes.isVisible()
    assert editor.font().pointSizeF() == pytest.approx(normal * 1.3)
    assert settings.value("editor/meeting_mode", False, bool) is True
    window.close()
    again = MainWindow(window._store, settings)
    assert again.host.meeting_action.isChecked()
    assert again.host.editor is not None  # the last engagement reopens
    assert not again.host.editor.notes.isVisible()
    again.close()


def test_leaving_with_invalid_input_asks_and_can_stay(make_window, seed, monkeypatch):
    (eid,) = seed(("Claims", "Sofia"))
    window = make_window()
    window.host.open(eid)
    page = window.host.editor.page(StepId.context)
    page.team_edit.clear()
    page.saver.touch()
    asked = []
    monkeypatch.setattr(
        UnsavedInputQuestion, "ask", classmethod(lambda cls, parent: asked.append(1) or False)
    )
    assert window.host.close() is False
    assert asked == [1]
    assert window.host.editor is not None
    assert page.errors.message("team_name") == "Team name is required."
    monkeypatch.setattr(UnsavedInputQuestion, "ask", classmethod(lambda cls, parent: True))
    assert window.host.close() is True


def test_a_signed_agreement_locks_the_other_steps(make_window, db_engine):
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=date(2026, 11, 28)).id
    window = make_window()
    window.host.open(eid)
    page = window.host.editor.page(StepId.context)
    assert not page.body.isEnabled()
    assert "Version 1 of the agreement is signed" in page.locked_label.text()
