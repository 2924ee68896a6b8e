"""The "New consultation" dialog, driven from the keyboard against a real database."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from app.storage import StorageError
from ui.new_engagement_dialog import NewEngagementDialog

REQUEST = "My team needs a course on time management.\nThey keep missing the Friday cut-off."


@pytest.fixture
def dialog(qtbot, store):
    widget = NewEngagementDialog(store.create)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill(qtbot, dialog, *, team="Claims handling", manager="Sofia Marin", request=REQUEST):
    qtbot.keyClicks(dialog.team_edit, team)
    qtbot.keyClicks(dialog.manager_edit, manager)
    qtbot.keyClicks(dialog.organisation_edit, "Northwind Insurance")
    dialog.date_edit.setDate(QDate(2026, 3, 9))
    for number, line in enumerate(request.split("\n")):
        if number:
            qtbot.keyClick(dialog.request_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.request_edit, line)


def test_typing_and_pressing_enter_creates_the_engagement(qtbot, dialog, store):
    fill(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.team_edit, Qt.Key.Key_Return)

    assert dialog.created_id is not None
    [row] = store.list()
    assert row.id == dialog.created_id
    assert (row.team_name, row.manager_name) == ("Claims handling", "Sofia Marin")
    details = dialog.details()
    assert details.request_verbatim == REQUEST
    assert details.meeting_date == date(2026, 3, 9)


def test_empty_team_name_is_shown_under_the_field_and_nothing_is_lost(qtbot, dialog, store):
    fill(qtbot, dialog, team="")
    qtbot.keyClick(dialog.manager_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("team_name") == "Team name is required."
    assert dialog.error_text("manager_name") is None
    assert dialog.team_edit.accessibleDescription() == "Team name is required."
    assert dialog.manager_edit.text() == "Sofia Marin"
    assert dialog.organisation_edit.text() == "Northwind Insurance"
    assert dialog.request_edit.toPlainText() == REQUEST
    assert store.list() == []


def test_the_error_sits_right_under_its_field(qtbot, dialog):
    neighbour_top = dialog.manager_edit.geometry().top()
    qtbot.keyClick(dialog.team_edit, Qt.Key.Key_Return)
    error = next(
        label
        for label in dialog.findChildren(QLabel)
        if label.text() == "Team name is required." and label.isVisible()
    )
    below_field = dialog.team_edit.geometry().bottom()
    assert error.buddy() is dialog.team_edit
    assert 0 < error.geometry().top() - below_field < 20
    assert dialog.manager_edit.geometry().top() == neighbour_top


def test_typing_in_the_field_clears_its_error_and_a_retry_saves(qtbot, dialog, store):
    fill(qtbot, dialog, team="")
    dialog.ok_button.click()
    assert dialog.error_text("team_name")

    qtbot.keyClicks(dialog.team_edit, "Claims")
    assert dialog.error_text("team_name") is None
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert [row.team_name for row in store.list()] == ["Claims"]


def test_a_storage_failure_is_shown_in_the_dialog(qtbot):
    def broken(_details):
        raise StorageError("The consultation could not be saved: disk I/O error")

    dialog = NewEngagementDialog(broken)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.error_text("") == "The consultation could not be saved: disk I/O error"
    assert dialog.team_edit.text() == "Claims handling"


def test_every_field_has_a_label_with_a_shortcut_and_an_accessible_name(dialog):
    fields = [
        dialog.team_edit,
        dialog.manager_edit,
        dialog.organisation_edit,
        dialog.date_edit,
        dialog.request_edit,
    ]
    buddies = {
        label.buddy(): label.text() for label in dialog.findChildren(QLabel) if "&" in label.text()
    }
    for widget in fields:
        assert widget in buddies
        assert widget.accessibleName()
        assert buddies[widget].replace("&", "") == widget.accessibleName()


def test_tab_walks_the_fields_in_reading_order(qtbot, dialog):
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.team_edit)
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        dialog.manager_edit,
        dialog.organisation_edit,
        dialog.date_edit,
        dialog.request_edit,
    ]
    qtbot.keyClick(dialog.request_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.ok_button


def test_ask_returns_the_new_id_or_none(qtbot, store, monkeypatch):
    def answer_with_keyboard(self):
        qtbot.addWidget(self)
        self.show()
        fill(qtbot, self)
        self.ok_button.click()
        return self.result()

    monkeypatch.setattr(NewEngagementDialog, "exec", answer_with_keyboard)
    created = NewEngagementDialog.ask(None, store.create)
    assert created == store.list()[0].id

    monkeypatch.setattr(NewEngagementDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert NewEngagementDialog.ask(None, store.create) is None
