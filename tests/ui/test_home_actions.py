"""Duplicate, delete with confirmation and undo, the row's menu, and File ▸ Open Recent."""

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from app.demo import load_demo
from app.exchange.document import agreement_content, dumps, export_engagement
from app.flow.steps import StepId
from app.services.notes import add_private_note
from app.storage import transaction
from ui.home_actions import RECENT_SHOWN, DeleteQuestion
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def make_window(qtbot, store, settings):
    def _make():
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitActive(window):  # shortcuts reach the active window only
            window.activateWindow()
        return window

    return _make


@pytest.fixture
def demo(db_engine, seed):
    """The sample consultation (signed, with check-ins and a private note) and one other."""
    (other,) = seed(("Payroll", "Ana Ruiz"))
    with transaction(db_engine) as s:
        demo_id = load_demo(session=s, today=date(2026, 11, 1)).id
        add_private_note(session=s, engagement_id=demo_id, text="Priya prefers mornings.")
    return demo_id, other


@pytest.fixture
def asked(monkeypatch):
    """Answer the delete question with `answer[0]`; each question asked is recorded."""
    record: list[str] = []
    answer = [True]

    def ask(cls, parent, summary):
        record.append(summary.team_name)
        return answer[0]

    monkeypatch.setattr(DeleteQuestion, "ask", classmethod(ask))
    return record, answer


def teams(window):
    return [window.model.row_at(r).team_name for r in range(window.model.rowCount())]


def export_text(engine, engagement_id):
    with transaction(engine) as s:
        return dumps(export_engagement(s, engagement_id, include_private=True))


def db_dump(engine):
    con = sqlite3.connect(engine.url.database)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def ids_in_db(engine):
    con = sqlite3.connect(engine.url.database)
    try:
        return {row[0] for row in con.execute("SELECT id FROM engagement")}
    finally:
        con.close()


# --- Duplicate ------------------------------------------------------------------------------


def test_ctrl_d_copies_the_diagnostic_into_a_new_selected_draft(
    qtbot, make_window, demo, db_engine
):
    demo_id, _other = demo
    window = make_window()
    window.select_engagement(demo_id)
    window.home.table.setFocus()
    assert window.home_actions.duplicate_action.shortcut() == QKeySequence("Ctrl+D")
    qtbot.keyClick(window.home.table, Qt.Key.Key_D, CTRL)

    assert teams(window)[0] == "Customer Support – Tier 1 (copy)"
    copy_id = window.selected_engagement_id()
    assert copy_id not in demo
    assert "Customer Support – Tier 1 (copy)" in window.statusBar().currentMessage()
    with transaction(db_engine) as s:
        original = export_engagement(s, demo_id)["engagement"]
        copied = export_engagement(s, copy_id)["engagement"]
        assert (
            agreement_content(s, copy_id)["measures"] == agreement_content(s, demo_id)["measures"]
        )
    assert original["agreement_versions"] and original["checkins"]
    assert (copied["status"], copied["agreement_version"]) == ("draft", 1)
    assert copied["agreement_versions"] == copied["checkins"] == []
    for part in ("behaviours", "measures"):
        assert copied[part] == original[part]
    assert [s["name"] for s in copied["scaffolds"]] == [s["name"] for s in original["scaffolds"]]


def test_the_row_menu_opens_duplicates_and_deletes(qtbot, make_window, demo, asked):
    _demo_id, other = demo
    window = make_window()
    window.select_engagement(other)
    menu = window.home_actions.context_menu()
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == ["&Open consultation", "&Duplicate", "&Delete…"]
    actions[1].trigger()
    assert "Payroll (copy)" in teams(window)
    window.select_engagement(other)
    actions[2].trigger()
    assert asked[0] == ["Payroll"]
    assert "Payroll" not in teams(window)
    menu.deleteLater()


# --- Delete and undo ------------------------------------------------------------------------


def test_delete_asks_deletes_and_ctrl_z_brings_everything_back(
    qtbot, make_window, demo, asked, db_engine
):
    demo_id, other = demo
    before = export_text(db_engine, demo_id)
    window = make_window()
    window.select_engagement(demo_id)
    window.home.table.setFocus()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Delete)

    assert asked[0] == ["Customer Support – Tier 1"]
    assert ids_in_db(db_engine) == {other}
    assert teams(window) == ["Payroll"]
    assert window.selected_engagement_id() == other  # the next row is selected
    notice = window.home_actions.notice
    assert notice.isVisible()
    assert notice.label.text() == "Deleted “Customer Support – Tier 1”."
    assert window.host.undo_action.isEnabled()
    assert window.host.undo_action.text() == "&Undo Delete “Customer Support – Tier 1”"

    qtbot.keyClick(window.home.table, Qt.Key.Key_Z, CTRL)
    assert ids_in_db(db_engine) == {demo_id, other}
    assert export_text(db_engine, demo_id) == before  # notes, versions, check-ins, history
    assert window.selected_engagement_id() == demo_id
    assert not notice.isVisible()

    window.host.redo_action.trigger()
    assert ids_in_db(db_engine) == {other}
    window.host.undo_action.trigger()
    assert export_text(db_engine, demo_id) == before


def test_the_undo_button_in_the_status_bar_brings_it_back(make_window, demo, asked, db_engine):
    demo_id, other = demo
    window = make_window()
    window.select_engagement(other)
    window.home_actions.delete_action.trigger()
    assert ids_in_db(db_engine) == {demo_id}
    window.home_actions.notice.undo_button.click()
    assert ids_in_db(db_engine) == {demo_id, other}
    assert "Payroll" in teams(window)


def test_cancelling_deletes_nothing(qtbot, make_window, demo, asked, db_engine):
    _demo_id, other = demo
    asked[1][0] = False
    before = db_dump(db_engine)
    window = make_window()
    window.select_engagement(other)
    window.home.table.setFocus()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Delete)
    assert asked[0] == ["Payroll"]
    assert db_dump(db_engine) == before
    assert len(teams(window)) == 2
    assert not window.host.undo_action.isEnabled()
    assert not window.home_actions.notice.isVisible()


def test_the_delete_key_in_the_search_box_edits_the_search(qtbot, make_window, demo, asked):
    window = make_window()
    window.select_engagement(demo[1])
    qtbot.keyClicks(window.home.search_edit, "Payx")
    qtbot.keyClick(window.home.search_edit, Qt.Key.Key_Left)
    qtbot.keyClick(window.home.search_edit, Qt.Key.Key_Delete)
    assert window.home.search_edit.text() == "Pay"
    assert asked[0] == []


def test_ctrl_z_undoes_in_the_editor_while_it_is_open_then_in_the_list(
    qtbot, make_window, seed, asked, db_engine
):
    gone, kept = seed(("Claims", "Sofia"), ("Payroll", "Ana"))
    window = make_window()
    window.select_engagement(gone)
    window.home_actions.delete_action.trigger()
    assert ids_in_db(db_engine) == {kept}

    window.host.open(kept)
    assert not window.home_actions.delete_action.isEnabled()
    page = window.host.editor.page(StepId.context)
    page.team_edit.setFocus()
    page.team_edit.selectAll()
    qtbot.keyClicks(page.team_edit, "Payroll Lyon")
    qtbot.waitUntil(
        lambda: window.host.undo_action.isEnabled() and "Lyon" in export_text(db_engine, kept)
    )
    page.team_edit.clearFocus()  # Ctrl+Z in a line edit undoes its own typing first
    window.host.editor.step_list.setFocus()
    qtbot.keyClick(window.host.editor.step_list, Qt.Key.Key_Z, CTRL)
    assert "Lyon" not in export_text(db_engine, kept)  # the editor's edit was undone
    assert ids_in_db(db_engine) == {kept}  # and not the deletion

    window.host.close()
    window.home.table.setFocus()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Z, CTRL)
    assert ids_in_db(db_engine) == {gone, kept}


def test_duplicate_and_delete_need_a_row_and_the_list(make_window, demo):
    window = make_window()
    window.home.table.clearSelection()
    assert not window.home_actions.duplicate_action.isEnabled()
    window.select_engagement(demo[0])
    assert window.home_actions.duplicate_action.isEnabled()
    assert window.home_actions.delete_action.isEnabled()
    window.host.open(demo[0])
    assert not window.home_actions.duplicate_action.isEnabled()
    window.host.close()
    assert window.home_actions.delete_action.isEnabled()


# --- Recent ---------------------------------------------------------------------------------


def recent(window):
    window.home_actions.update_recent_menu()
    return [
        action.text()
        for action in window.home_actions.recent_menu.actions()
        if action.isEnabled() and action.data() is not None
    ]


def test_open_recent_lists_the_last_opened_and_skips_deleted_ones(
    make_window, seed, asked, db_engine
):
    a, b, c = seed(("Claims", "Sofia"), ("Payroll", "Ana"), ("R&D", "Tom"))
    window = make_window()
    assert recent(window) == []
    for engagement_id in (a, b, c, a):
        window.host.open(engagement_id)
        window.host.close()
    assert recent(window) == ["&1 Claims (Sofia)", "&2 R&&D (Tom)", "&3 Payroll (Ana)"]

    window.select_engagement(c)
    window.home_actions.delete_action.trigger()
    assert recent(window) == ["&1 Claims (Sofia)", "&2 Payroll (Ana)"]
    window.host.undo_action.trigger()
    assert recent(window) == ["&1 Claims (Sofia)", "&2 R&&D (Tom)", "&3 Payroll (Ana)"]

    menu_actions = window.home_actions.recent_menu.actions()
    payroll = next(action for action in menu_actions if action.data() == b)
    payroll.trigger()
    assert window.host.editor is not None
    assert window.host.editor.editing.engagement_id == b


def test_open_recent_shows_eight_and_can_be_cleared(make_window, seed, settings):
    ids = seed(*[(f"Team {n}", "M") for n in range(10)])
    window = make_window()
    for engagement_id in ids:
        window.host.open(engagement_id)
        window.host.close()
    shown = recent(window)
    assert len(shown) == RECENT_SHOWN
    assert shown[0] == "&1 Team 9 (M)"
    assert shown[-1] == "&8 Team 2 (M)"
    window.home_actions.clear_recent_action.trigger()
    assert recent(window) == []
    placeholder = window.home_actions.recent_menu.actions()[0]
    assert placeholder.text() == "No consultations opened yet"
    assert not placeholder.isEnabled()


def test_the_question_names_the_consultation_and_defaults_to_cancel(qtbot, make_window, demo):
    window = make_window()
    summary = window.model.row_at(window.model.row_of(demo[1]))
    box = DeleteQuestion.box(window, summary)
    qtbot.addWidget(box)
    assert box.text() == "Delete the consultation with “Payroll” (Ana Ruiz)?"
    assert "private notes" in box.informativeText()
    assert "Ctrl+Z" in box.informativeText()
    assert box.defaultButton().text() == "Cancel"


@pytest.mark.parametrize(("button", "expected"), [("Delete", True), ("Cancel", False)])
def test_ask_returns_what_was_clicked(qtbot, make_window, demo, button, expected):
    window = make_window()
    summary = window.model.row_at(0)

    def click_when_shown():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, click_when_shown)
    assert DeleteQuestion.ask(window, summary) is expected


def test_open_recent_is_remembered_for_next_time(qtbot, make_window, seed, store, settings):
    a, b = seed(("Claims", "Sofia"), ("Payroll", "Ana"))
    window = make_window()
    for engagement_id in (b, a):
        window.host.open(engagement_id)
        window.host.close()
    window.close()
    settings.sync()
    again = MainWindow(store, type(settings)(settings.fileName(), settings.format()))
    qtbot.addWidget(again)
    assert recent(again) == ["&1 Claims (Sofia)", "&2 Payroll (Ana)"]
