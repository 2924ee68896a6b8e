"""The engagements table model on its own: rows, headers, display text, resets."""

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.services.engagements import EngagementSummary
from models.enums import EngagementStatus
from ui.engagement_table_model import (
    NO_CHECKIN_TEXT,
    NO_GOAL_TEXT,
    Column,
    EngagementTableModel,
    date_text,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def summary(
    id_: int = 1,
    *,
    team: str = "Claims handling",
    status: EngagementStatus = EngagementStatus.draft,
    goal: str = "",
    next_checkin: date | None = None,
) -> EngagementSummary:
    return EngagementSummary(
        id=id_,
        team_name=team,
        manager_name="Sofia Marin",
        status=status,
        business_goal=goal,
        next_checkin=next_checkin,
    )


def cell(model: EngagementTableModel, row: int, column: Column, role=DISPLAY):
    return model.data(model.index(row, column), role)


def test_empty_model_has_columns_but_no_rows(qtmodeltester):
    model = EngagementTableModel()
    assert model.rowCount() == 0
    assert model.columnCount() == 5
    qtmodeltester.check(model)


def test_headers_name_the_five_columns():
    model = EngagementTableModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Team", "Manager", "Status", "Goal", "Next check-in"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_rows_show_each_field(qtmodeltester):
    model = EngagementTableModel()
    model.set_rows(
        [
            summary(7, goal="Cut rework on claims by a third", next_checkin=date(2026, 4, 14)),
            summary(8, team="Payroll"),
        ]
    )
    assert model.rowCount() == 2
    assert [cell(model, 0, c) for c in Column] == [
        "Claims handling",
        "Sofia Marin",
        "Draft",
        "Cut rework on claims by a third",
        "14 Apr 2026",
    ]
    assert cell(model, 1, Column.team) == "Payroll"
    assert cell(model, 0, Column.team, EngagementTableModel.ID_ROLE) == 7
    assert model.row_at(1).id == 8
    assert model.row_of(8) == 1
    assert model.row_of(99) is None
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (EngagementStatus.draft, "Draft"),
        (EngagementStatus.agreed, "Agreed"),
        (EngagementStatus.in_progress, "In progress"),
        (EngagementStatus.closed, "Closed"),
    ],
)
def test_status_is_shown_in_human_words(status, words):
    model = EngagementTableModel()
    model.set_rows([summary(status=status)])
    assert cell(model, 0, Column.status) == words


@pytest.mark.parametrize(
    ("value", "text"),
    [(date(2026, 1, 5), "5 Jan 2026"), (date(2027, 12, 31), "31 Dec 2027")],
)
def test_dates_read_the_same_on_every_machine(value, text):
    assert date_text(value) == text


def test_missing_goal_and_checkin_say_so_in_grey():
    model = EngagementTableModel()
    model.set_rows([summary(goal="  ", next_checkin=None)])
    assert cell(model, 0, Column.goal) == NO_GOAL_TEXT
    assert cell(model, 0, Column.next_checkin) == NO_CHECKIN_TEXT
    assert cell(model, 0, Column.goal, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 0, Column.team, Qt.ItemDataRole.ForegroundRole) is None


def test_long_goal_shows_its_first_line_and_all_of_it_as_tooltip():
    goal = "Cut rework by a third\nmeasured on the monthly audit"
    model = EngagementTableModel()
    model.set_rows([summary(goal=goal)])
    assert cell(model, 0, Column.goal) == "Cut rework by a third"
    assert cell(model, 0, Column.goal, Qt.ItemDataRole.ToolTipRole) == goal


def test_set_rows_resets_the_model(qtbot):
    model = EngagementTableModel()
    model.set_rows([summary(1), summary(2)])
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([summary(3, team="Payroll")])
    assert model.rowCount() == 1
    assert cell(model, 0, Column.team) == "Payroll"
    model.set_rows([])
    assert model.rowCount() == 0


def test_out_of_range_and_child_indexes_hold_nothing():
    model = EngagementTableModel()
    model.set_rows([summary()])
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
