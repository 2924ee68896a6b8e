"""The team network page on the demo: the grid by keyboard, members, the diagram, the setting."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.demo import load_demo
from app.services.common import get_engagement
from app.services.people import list_members, list_ties
from app.services.scaffold_people import print_names
from models.db import transaction
from models.enums import TieType
from ui.followup.network_grid_model import MARK
from ui.followup.network_members_model import MemberColumn
from ui.followup.network_page import NetworkPage
from ui.followup.registry import FOLLOWUP_TITLES

TIMEOUT = 20_000


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        return load_demo(session=s, today=date(2026, 3, 1)).id or 0


@pytest.fixture
def page(qtbot, editing):
    page = NetworkPage(editing)
    qtbot.addWidget(page)
    page.resize(1060, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    settle(qtbot, page)
    return page


def settle(qtbot, page: NetworkPage) -> None:
    qtbot.waitUntil(lambda: not page.findings_pending and not page.diagram_pending, timeout=TIMEOUT)


def ties_by_name(db_engine, eid: int) -> set[tuple[str, str, TieType]]:
    with transaction(db_engine) as s:
        names = {m.id: m.name for m in list_members(session=s, engagement_id=eid)}
        return {
            (names[t.from_member_id], names[t.to_member_id], TieType(t.tie_type))
            for t in list_ties(session=s, engagement_id=eid)
        }


def test_the_page_follows_the_progress_page_in_the_go_menu():
    assert [key for key, _title in FOLLOWUP_TITLES] == ["progress", "network"]
    assert dict(FOLLOWUP_TITLES)["network"] == "Team network"


def test_ties_entered_with_arrow_keys_and_space_are_stored_and_undone(
    qtbot, page, db_engine, editing
):
    before = ties_by_name(db_engine, editing.engagement_id)
    grid, model = page.ties_panel.view, page.ties_panel.model
    type_combo = page.ties_panel.type_combo
    type_combo.setCurrentIndex(type_combo.findData(TieType.advice))
    grid.setCurrentIndex(model.index(0, 1))  # Aisha → Bartek
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    drawn = page._drawing

    qtbot.keyClick(grid, Qt.Key.Key_Down)  # Bartek → Bartek is skipped: Chen → Bartek
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # Chen → Chen is skipped: Chen → Dana
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # Chen → Emeka
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.ties_panel.cursor_line.text() == "Chen goes to Emeka for advice."
    # Toggling does not redraw at once: the diagram waits for a pause in the typing.
    assert page._drawing == drawn and page.diagram_pending

    chen_bartek = ("Chen", "Bartek", TieType.advice)
    chen_emeka = ("Chen", "Emeka", TieType.advice)
    assert ties_by_name(db_engine, editing.engagement_id) == before | {chen_bartek, chen_emeka}
    assert model.data(model.index(2, 1)) == model.data(model.index(2, 4)) == MARK
    settle(qtbot, page)
    assert page._drawing == drawn + 1  # one redraw for the two toggles
    assert page.diagram_panel.caption.text().startswith("8 people, 11 arrows")

    qtbot.keyClick(grid, Qt.Key.Key_Space)  # Chen → Emeka again: cleared
    assert ties_by_name(db_engine, editing.engagement_id) == before | {chen_bartek}
    assert model.data(model.index(2, 4)) == ""
    editing.undo_stack.undo()  # the clearing is undone
    assert ties_by_name(db_engine, editing.engagement_id) == before | {chen_bartek, chen_emeka}
    editing.undo_stack.undo()
    editing.undo_stack.undo()
    assert ties_by_name(db_engine, editing.engagement_id) == before
    assert model.data(model.index(2, 1)) == "" and model.data(model.index(2, 4)) == ""
    assert (model.tie_type, grid.currentIndex().row(), grid.currentIndex().column()) == (
        TieType.advice,
        2,
        4,
    )


def test_the_demo_diagram_is_drawn_as_svg_with_its_caption(qtbot, page):
    view = page.diagram_panel.view
    assert view.svg.startswith(b"<?xml")
    assert view.renderer().isValid()
    assert page.diagram_panel.caption.text() == (
        "8 people, 9 arrows; 16% of the possible ties are there."
    )
    assert view.accessibleDescription() == page.diagram_panel.caption.text()
    first = view.svg
    page.diagram_panel.size_combo.setCurrentIndex(2)  # Reach (PageRank)
    settle(qtbot, page)
    assert view.svg != first and view.renderer().isValid()
    filter_combo = page.diagram_panel.filter_combo
    filter_combo.setCurrentIndex(filter_combo.findData(TieType.information))
    settle(qtbot, page)
    assert page.diagram_panel.caption.text().startswith("8 people, 3 arrows")


def test_members_are_added_by_typing_a_name_and_enter(qtbot, page, db_engine, editing):
    panel = page.members_panel
    panel.name_edit.setFocus()
    qtbot.waitUntil(panel.name_edit.hasFocus)
    qtbot.keyClicks(panel.name_edit, "Ivo")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.members_panel.model.rowCount() == 9)
    assert panel.name_edit.text() == "" and panel.name_edit.hasFocus()
    assert page.ties_panel.model.rowCount() == 9  # the grid has a row for Ivo

    qtbot.keyClicks(panel.name_edit, "aisha")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert panel.add_error.isVisible()
    assert "already in this team" in panel.add_error.text()
    assert panel.name_edit.text() == "aisha"  # what was typed stays
    assert page.has_unsaved_errors()  # leaving would lose it: the editor asks first
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Backspace)
    assert not panel.add_error.isVisible() and not page.has_unsaved_errors()
    with transaction(db_engine) as s:
        names = [m.name for m in list_members(session=s, engagement_id=editing.engagement_id)]
    assert names[-1] == "Ivo" and len(names) == 9


def test_renaming_and_removing_a_member_is_undoable(qtbot, page, db_engine, editing):
    panel = page.members_panel
    model = panel.model
    assert model.setData(model.index(1, MemberColumn.person), "Bart")
    qtbot.waitUntil(lambda: page.ties_panel.model.headerData(1, Qt.Orientation.Vertical) == "Bart")
    assert not model.setData(model.index(1, MemberColumn.person), "Chen")  # taken
    assert "already in this team" in panel.edit_error.text()

    panel.table.selectRow(1)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: model.rowCount() == 7)
    assert "Removed Bart" in panel.status_label.text()
    assert all("Bart" not in pair for pair in ties_by_name(db_engine, editing.engagement_id))
    editing.undo_stack.undo()
    assert model.rowCount() == 8 and model.member(1).name == "Bart"
    assert ("Bart", "Aisha", TieType.help) in ties_by_name(db_engine, editing.engagement_id)


def test_the_pseudonym_setting_and_a_pseudonym_are_stored(qtbot, page, db_engine, editing):
    panel = page.members_panel
    assert not panel.pseudonyms_box.isChecked()
    assert panel.model.setData(panel.model.index(0, MemberColumn.pseudonym), "Robin")
    qtbot.mouseClick(panel.pseudonyms_box, Qt.MouseButton.LeftButton)
    assert panel.pseudonyms_box.isChecked()
    eid = editing.engagement_id
    with transaction(db_engine) as s:
        assert get_engagement(s, eid).print_pseudonyms
        printed = list(print_names(session=s, engagement_id=eid).values())
    assert printed[:3] == ["Robin", "Person A", "Person B"]
    qtbot.waitUntil(lambda: panel.model.member(0).pseudonym == "Robin")
    assert panel.pseudonyms_box.isChecked()  # still ticked after the page read it back
    assert page.diagram_panel.caption.text()  # the screen keeps the real names:
    assert page.ties_panel.model.headerData(0, Qt.Orientation.Horizontal) == "Aisha"
    editing.undo_stack.undo()
    assert not panel.pseudonyms_box.isChecked()


def test_a_click_toggles_a_cell_and_the_diagonal_ignores_clicks(qtbot, page, db_engine, editing):
    before = ties_by_name(db_engine, editing.engagement_id)
    view, model = page.ties_panel.view, page.ties_panel.model

    def click(row: int, column: int) -> None:
        rect = view.visualRect(model.index(row, column))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    click(7, 6)  # Hana → Gareth, for help (the type shown first)
    assert ties_by_name(db_engine, editing.engagement_id) == before | {
        ("Hana", "Gareth", TieType.help)
    }
    assert model.data(model.index(7, 6)) == MARK
    click(5, 5)  # Fatima → Fatima: nothing happens
    assert ties_by_name(db_engine, editing.engagement_id) == before | {
        ("Hana", "Gareth", TieType.help)
    }
    assert editing.undo_stack.count() == 1
