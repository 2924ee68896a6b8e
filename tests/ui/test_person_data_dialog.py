"""Tools ▸ People's data…: what is held about a person, by consultation; export and forget."""

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.demo import load_demo
from app.services import people
from app.services.engagements import EngagementDetails, create_engagement
from app.services.notes import add_private_note
from app.storage import transaction
from app.vocab import TieType
from ui.dialogs.person_data_dialog import (
    ExportFileChooser,
    ForgetChoice,
    ForgetQuestion,
    PersonDataDialog,
)
from ui.dialogs.person_data_store import PersonDataStore
from ui.home_actions import DeleteQuestion
from ui.main_window import MainWindow


@pytest.fixture
def teams(db_engine) -> dict[str, int]:
    """Claims and Payroll both have a Zofia; a Sales note names her; Quality holds nothing."""
    ids = {}
    with transaction(db_engine) as s:
        for team in ("Claims", "Payroll", "Sales", "Quality"):
            e = create_engagement(
                session=s, data=EngagementDetails(team_name=team, manager_name="Dana")
            )
            assert e.id
            ids[team] = e.id
        zofia = people.add_member(session=s, engagement_id=ids["Claims"], name="Zofia")
        marek = people.add_member(session=s, engagement_id=ids["Claims"], name="Marek")
        assert zofia.id and marek.id
        people.add_tie(
            session=s,
            engagement_id=ids["Claims"],
            from_member_id=marek.id,
            to_member_id=zofia.id,
            tie_type=TieType.help,
        )
        people.add_member(session=s, engagement_id=ids["Payroll"], name="zofia", role="Analyst")
        add_private_note(session=s, engagement_id=ids["Sales"], text="Ask Zofia about the pilot.")
        add_private_note(session=s, engagement_id=ids["Quality"], text="Quarter end is busy.")
    return ids


@pytest.fixture
def dialog(qtbot, db_engine, teams) -> PersonDataDialog:
    shown = PersonDataDialog(PersonDataStore(db_engine))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def type_name(qtbot, dialog: PersonDataDialog, name: str) -> None:
    """Type a name as a person would and wait for the look-up."""
    dialog.name_combo.lineEdit().clear()
    qtbot.keyClicks(dialog.name_combo.lineEdit(), name)
    qtbot.waitUntil(lambda: dialog.data is not None and dialog.data.name == name.strip())


def rows(dialog: PersonDataDialog) -> list[list[str]]:
    tree = dialog.tree
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_the_list_offers_every_member_name_once(dialog):
    names = [dialog.name_combo.itemText(i) for i in range(dialog.name_combo.count())]
    assert names == ["Marek", "Zofia"]
    assert dialog.summary_label.text() == "Type a name, or pick one from the list."
    assert not dialog.export_button.isEnabled() and not dialog.forget_button.isEnabled()


def test_typing_a_name_shows_what_each_consultation_holds(qtbot, dialog):
    type_name(qtbot, dialog, "ZOFIA")
    assert rows(dialog) == [
        ["Claims (Dana)", "1", "1", "0", "0", "0"],
        ["Payroll (Dana)", "1", "0", "0", "0", "0"],
        ["Sales (Dana)", "0", "0", "0", "1", "0"],
    ]
    assert dialog.summary_label.text() == (
        "Scaffold holds this about “ZOFIA” in 3 consultations: 2 team member entries, 1 tie "
        "and 1 mention in text."
    )
    claims = dialog.tree.topLevelItem(0)
    assert [claims.child(i).text(0) for i in range(claims.childCount())] == [
        "Team member: Zofia",
        "Tie: Marek goes to Zofia for help",
    ]
    sales = dialog.tree.topLevelItem(2)
    assert sales.child(0).text(0) == "Private note: “Ask Zofia about the pilot.”"
    assert dialog.export_button.isEnabled() and dialog.forget_button.isEnabled()


def test_picking_a_name_from_the_list_looks_it_up(qtbot, dialog):
    dialog.name_combo.setCurrentIndex(0)
    dialog.name_combo.activated.emit(0)
    assert dialog.data is not None and dialog.data.name == "Marek"
    assert rows(dialog) == [["Claims (Dana)", "1", "1", "0", "0", "0"]]


def test_someone_unknown_has_nothing_to_export_or_forget(qtbot, dialog):
    type_name(qtbot, dialog, "Nobody")
    assert rows(dialog) == []
    assert dialog.summary_label.text() == "Scaffold holds nothing about “Nobody”."
    assert not dialog.export_button.isEnabled() and not dialog.forget_button.isEnabled()


def test_export_writes_an_owner_only_json_file(qtbot, dialog, monkeypatch, tmp_path):
    target = tmp_path / "zofia.json"
    suggested: list[Path] = []

    def ask(cls, parent, suggestion):
        suggested.append(suggestion)
        return target

    monkeypatch.setattr(ExportFileChooser, "ask", classmethod(ask))
    type_name(qtbot, dialog, "Zofia")
    dialog.export_button.click()
    assert suggested[0].name == "Zofia – data held by Scaffold.json"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [e["team"] for e in document["engagements"]] == ["Claims", "Payroll", "Sales"]
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert dialog.status_label.text() == "Saved what is held about “Zofia” to zofia.json."


def test_forget_asks_first_and_cancel_keeps_everything(qtbot, dialog, monkeypatch):
    asked = []
    monkeypatch.setattr(
        ForgetQuestion, "ask", classmethod(lambda cls, parent, data: asked.append(data))
    )
    type_name(qtbot, dialog, "Zofia")
    dialog.forget_button.click()
    assert [d.name for d in asked] == ["Zofia"]
    assert len(rows(dialog)) == 3


def test_the_question_names_what_will_be_removed(qtbot, dialog):
    type_name(qtbot, dialog, "Zofia")
    assert dialog.data is not None
    box = ForgetQuestion.box(dialog, dialog.data)
    assert box.text() == "Forget “Zofia” in every consultation?"
    assert box.informativeText() == (
        "In 3 consultations, 2 team member entries, with their 1 tie, will be deleted and the "
        "name will be replaced by “[removed]” in 1 piece of text. This cannot be undone, and "
        "the old text is erased from the database file."
    )
    assert "Sales (Dana)\nPrivate note: “Ask Zofia about the pilot.”" in box.detailedText()
    assert box.checkBox() is None  # no signed agreement names her
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.deleteLater()


def test_forgetting_removes_her_everywhere_and_says_so(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(
        ForgetQuestion, "ask", classmethod(lambda cls, parent, data: ForgetChoice(False))
    )
    type_name(qtbot, dialog, "Zofia")
    with qtbot.waitSignal(dialog.forgotten) as forgotten:
        dialog.forget_button.click()
    assert forgotten.args == ["Zofia"]
    assert dialog.status_label.text() == (
        "Forgot “Zofia”: 2 team member entries deleted, the name replaced in 1 text."
    )
    assert rows(dialog) == []
    assert dialog.summary_label.text() == "Scaffold holds nothing about “Zofia”."
    names = [dialog.name_combo.itemText(i) for i in range(dialog.name_combo.count())]
    assert names == ["Marek"]


def test_signed_agreements_are_changed_only_when_the_box_is_ticked(qtbot, db_engine, monkeypatch):
    with transaction(db_engine) as s:
        load_demo(session=s, today=date(2026, 11, 1))
    shown = PersonDataDialog(PersonDataStore(db_engine))
    qtbot.addWidget(shown)
    type_name(qtbot, shown, "Priya")
    assert shown.data is not None
    box = ForgetQuestion.box(shown, shown.data)
    assert box.checkBox() is not None
    assert box.checkBox().text() == "Also replace the name in the signed agreements"
    assert box.informativeText() == (
        "In 1 consultation, the name will be replaced by “[removed]” in 6 pieces of text. "
        "This cannot be undone, and the old text is erased from the database file. Signed "
        "agreements name them too: “Customer Support – Tier 1” version 1. Signed versions are "
        "frozen; tick the box to replace the name in them as well (they stay signed, but no "
        "longer read as they were agreed)."
    )
    assert "Signed version 1, measure 1, owner: “Priya Nair”" in box.detailedText()
    box.deleteLater()
    choice = [ForgetChoice(rewrite_signed=False)]
    monkeypatch.setattr(ForgetQuestion, "ask", classmethod(lambda cls, parent, data: choice[0]))
    shown.forget_button.click()
    assert shown.error_label.isVisibleTo(shown)
    assert shown.error_label.text().startswith("“Priya” is named in signed agreements")
    assert rows(shown)[0][4:] == ["6", "5"]  # nothing changed
    choice[0] = ForgetChoice(rewrite_signed=True)
    shown.forget_button.click()
    assert not shown.error_label.isVisibleTo(shown)
    assert "and in 1 signed version" in shown.status_label.text()
    assert rows(shown) == []


# Through the main window ------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, store, settings, teams):
    shown = MainWindow(store, settings)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def open_people_data(qtbot, window) -> PersonDataDialog:
    window.people_data_action.trigger()
    found = window.findChild(PersonDataDialog)
    assert found is not None
    qtbot.waitExposed(found)
    return found


def test_tools_menu_opens_the_dialog_and_closes_an_open_consultation_first(qtbot, window, teams):
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert window.people_data_action in tools.actions()
    assert window.host.open(teams["Claims"])
    found = open_people_data(qtbot, window)
    assert window.host.editor is None
    assert found.isModal() and found.windowTitle() == "People's data"
    found.close()


def test_forgetting_refreshes_the_list_and_drops_the_undo_of_a_deletion(
    qtbot, window, teams, monkeypatch
):
    monkeypatch.setattr(DeleteQuestion, "ask", classmethod(lambda cls, parent, summary: True))
    monkeypatch.setattr(
        ForgetQuestion, "ask", classmethod(lambda cls, parent, data: ForgetChoice(False))
    )
    assert window.select_engagement(teams["Payroll"])
    window.home_actions.delete_action.trigger()  # its Zofia could come back with Ctrl+Z
    assert window.home_actions.undo_stack.canUndo()
    assert window.home_actions.notice.isVisibleTo(window)
    window.home.search_edit.setText("Zofia")
    window.refresh()
    assert [window.model.row_at(r).team_name for r in range(window.model.rowCount())] == ["Sales"]
    found = open_people_data(qtbot, window)
    type_name(qtbot, found, "Zofia")
    found.forget_button.click()
    assert not window.home_actions.undo_stack.canUndo()
    assert not window.home_actions.notice.isVisibleTo(window)  # no Undo button left to press
    assert window.model.rowCount() == 0  # the note no longer names her
    found.close()
