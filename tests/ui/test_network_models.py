"""The ties grid model and the members model on their own, without a page or a database."""

import pytest
from PySide6.QtCore import Qt

from app.network.grid import Grid, GridMember
from models.enums import TieType
from ui.followup.network_data import MemberRow
from ui.followup.network_grid_model import MARK, PRESENT_ROLE, TieGridModel
from ui.followup.network_members_model import MemberColumn, MembersModel

NAMES = ["Aisha", "Bartek", "Chen", "Dana"]
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def grid(ties: set[tuple[int, int]], tie_type: TieType = TieType.advice) -> Grid:
    members = tuple(GridMember(10 + i, name) for i, name in enumerate(NAMES))
    cells = tuple(tuple((r, c) in ties for c in range(len(NAMES))) for r in range(len(NAMES)))
    return Grid(tie_type, members, cells)


def test_an_empty_grid_model_passes_the_model_tester(qtmodeltester):
    model = TieGridModel()
    assert model.rowCount() == model.columnCount() == 0
    qtmodeltester.check(model)


def test_the_grid_marks_who_goes_to_whom_and_says_it_in_words(qtmodeltester):
    model = TieGridModel()
    model.set_rows(grid({(1, 0), (2, 0)}))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (4, 4)
    marks = [[model.data(model.index(r, c)) for c in range(4)] for r in range(4)]
    assert marks[1][0] == marks[2][0] == MARK
    assert sum(row.count(MARK) for row in marks) == 2
    assert model.data(model.index(1, 0), PRESENT_ROLE) is True
    assert model.data(model.index(0, 1), PRESENT_ROLE) is False
    assert model.data(model.index(1, 0), TOOLTIP) == "Bartek goes to Aisha for advice"
    assert model.data(model.index(0, 3), TOOLTIP) == "Aisha does not go to Dana for advice"


def test_the_diagonal_can_be_neither_chosen_nor_changed():
    model = TieGridModel()
    model.set_rows(grid(set()))
    for i in range(4):
        assert model.flags(model.index(i, i)) == Qt.ItemFlag.NoItemFlags
        assert model.data(model.index(i, i), PRESENT_ROLE) is None
        assert model.data(model.index(i, i), TOOLTIP) == f"{NAMES[i]} cannot go to themselves"
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEnabled
    with pytest.raises(ValueError, match="diagonal"):
        model.set_cell(2, 2, True)


def test_headers_give_full_names_and_say_which_way_they_read():
    model = TieGridModel()
    model.set_rows(grid(set(), TieType.new_ideas))
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(i, horizontal) for i in range(4)] == NAMES
    assert [model.headerData(i, vertical) for i in range(4)] == NAMES
    assert model.headerData(2, horizontal, TOOLTIP) == (
        "Chen: who goes to Chen for new ideas (this column)"
    )
    assert (
        model.headerData(2, vertical, TOOLTIP) == "Chen: whom Chen goes to for new ideas (this row)"
    )
    assert model.headerData(4, horizontal) is None


def test_setting_one_cell_changes_only_that_cell(qtbot, qtmodeltester):
    model = TieGridModel()
    model.set_rows(grid(set()))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_cell(3, 1, True)
    assert [changed.args[0].row(), changed.args[0].column()] == [3, 1]
    assert model.is_present(3, 1) and not model.is_present(1, 3)
    assert model.data(model.index(3, 1)) == MARK
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_cell(3, 1, True)  # already there: nothing to announce
    qtmodeltester.check(model)


MEMBERS = [
    MemberRow(1, "Aisha", "Senior adviser", ""),
    MemberRow(2, "Bartek", "Adviser", "Bee"),
]


def test_the_members_model_shows_each_field_and_passes_the_model_tester(qtmodeltester):
    model = MembersModel(lambda *_args: True)
    model.set_rows(MEMBERS)
    qtmodeltester.check(model)
    rows = [[model.data(model.index(r, c)) for c in MemberColumn] for r in range(2)]
    assert rows == [["Aisha", "Senior adviser", ""], ["Bartek", "Adviser", "Bee"]]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in MemberColumn]
    assert headers == ["Name", "Role", "Pseudonym"]
    assert model.row_of(2) == 1 and model.row_of(99) is None


def test_a_member_edit_shows_only_once_saved():
    saved: list[tuple[int, MemberColumn, str]] = []
    accept = {"answer": False}

    def save(member: MemberRow, column: MemberColumn, text: str) -> bool:
        saved.append((member.id, column, text))
        return accept["answer"]

    model = MembersModel(save)
    model.set_rows(MEMBERS)
    index = model.index(0, MemberColumn.role)
    assert not model.setData(index, "Team lead")  # refused: the cell keeps the stored value
    assert model.data(index) == "Senior adviser"
    accept["answer"] = True
    assert model.setData(index, " Team lead ")
    assert model.data(index) == "Team lead"
    assert not model.setData(index, "Team lead")  # unchanged: nothing to save
    assert saved == [
        (1, MemberColumn.role, "Team lead"),
        (1, MemberColumn.role, " Team lead "),
    ]
