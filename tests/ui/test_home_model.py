"""The list's model on its own: due and overdue words and colours, and sorting."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.services.listing import CheckinDue, EngagementSummary
from models.enums import EngagementStatus
from ui.engagement_table_model import (
    NO_CHECKIN_TEXT,
    Column,
    EngagementTableModel,
    checkin_text,
    urgency_colours,
)

TODAY = date(2026, 11, 28)
DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


def row(
    id_: int = 1,
    *,
    team: str = "Claims",
    status: EngagementStatus = EngagementStatus.in_progress,
    goal: str = "",
    next_in: int | None = None,
    overdue_since: date | None = None,
) -> EngagementSummary:
    return EngagementSummary(
        id=id_,
        team_name=team,
        manager_name=f"Manager {id_}",
        status=status,
        business_goal=goal,
        next_checkin=None if next_in is None else TODAY + timedelta(days=next_in),
        overdue_since=overdue_since,
        days_to_next=next_in,
    )


def model_of(*rows: EngagementSummary) -> EngagementTableModel:
    model = EngagementTableModel(today=lambda: TODAY)
    model.set_rows(list(rows))
    return model


def cell(model: EngagementTableModel, r: int, column: Column, role=DISPLAY):
    return model.data(model.index(r, column), role)


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        (row(overdue_since=date(2026, 11, 3), next_in=10), "Overdue since 3 Nov"),
        (row(overdue_since=date(2025, 12, 30)), "Overdue since 30 Dec 2025"),
        (row(next_in=0), "Due today"),
        (row(next_in=1), "Due tomorrow"),
        (row(next_in=3), "Due in 3 days"),
        (row(next_in=7), "Due in 7 days"),
        (row(next_in=8), "6 Dec 2026"),
        (row(), NO_CHECKIN_TEXT),
        # Closed: the date, never "due" (the service never marks it overdue).
        (row(status=EngagementStatus.closed, next_in=2), "30 Nov 2026"),
    ],
)
def test_the_check_in_column_says_how_urgent_in_words(summary, text):
    assert checkin_text(summary, TODAY) == text
    assert cell(model_of(summary), 0, Column.next_checkin) == text


def test_overdue_and_due_rows_stand_out_and_others_do_not():
    overdue = row(1, overdue_since=date(2026, 11, 3))
    due = row(2, next_in=3)
    later = row(3, next_in=30)
    closed = row(4, status=EngagementStatus.closed, next_in=3)
    model = model_of(overdue, due, later, closed)
    urgency = [cell(model, r, Column.team, EngagementTableModel.URGENCY_ROLE) for r in range(4)]
    assert urgency == [CheckinDue.overdue, CheckinDue.due, CheckinDue.planned, CheckinDue.planned]

    for r in (0, 1):
        backgrounds = {cell(model, r, c, BACKGROUND).name() for c in Column}
        assert len(backgrounds) == 1  # the whole row is tinted
        assert isinstance(cell(model, r, Column.next_checkin, FOREGROUND), QColor)
        assert cell(model, r, Column.next_checkin, Qt.ItemDataRole.FontRole).bold()
        assert cell(model, r, Column.team, FOREGROUND) is None
    assert cell(model, 0, Column.team, BACKGROUND) != cell(model, 1, Column.team, BACKGROUND)
    for r in (2, 3):
        assert all(cell(model, r, c, BACKGROUND) is None for c in Column)
        assert cell(model, r, Column.next_checkin, Qt.ItemDataRole.FontRole) is None
    assert cell(model, 2, Column.next_checkin, FOREGROUND) is None
    # A closed engagement's date is only for the record: grey, like "None planned".
    grey = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert cell(model, 3, Column.next_checkin, FOREGROUND) == grey


def test_the_tooltip_gives_the_dates():
    model = model_of(row(overdue_since=date(2026, 11, 3), next_in=10))
    tip = cell(model, 0, Column.next_checkin, Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "A check-in was planned for 3 Nov 2026 and none has been held since. "
        "The next one is planned for 8 Dec 2026."
    )
    assert cell(model_of(row()), 0, Column.next_checkin, Qt.ItemDataRole.ToolTipRole) is None


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("base", "text"), [("#ffffff", "#000000"), ("#1e1e1e", "#f0f0f0")])
@pytest.mark.parametrize("due", [CheckinDue.overdue, CheckinDue.due])
def test_the_colours_read_well_on_light_and_dark_palettes(qapp, base, text, due):
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    colours = urgency_colours(due, palette)
    assert colours is not None
    accent, tint = colours
    assert _contrast(accent, tint) >= 4.5  # WCAG AA for the coloured words on the tinted row
    assert _contrast(QColor(text), tint) >= 7  # ordinary text on the tinted row
    assert _contrast(QColor(base), tint) > 1.05  # the row does look different
    assert urgency_colours(CheckinDue.planned, palette) is None


def teams(model: EngagementTableModel) -> list[str]:
    return [model.row_at(r).team_name for r in range(model.rowCount())]


def test_sort_by_next_check_in_puts_missed_dates_first_and_none_last():
    model = model_of(
        row(1, team="None A"),
        row(2, team="Later", next_in=40),
        row(3, team="Overdue", overdue_since=TODAY - timedelta(days=5), next_in=60),
        row(4, team="Soon", next_in=2),
        row(5, team="None B"),
    )
    model.sort(Column.next_checkin, Qt.SortOrder.AscendingOrder)
    assert teams(model) == ["Overdue", "Soon", "Later", "None A", "None B"]
    model.sort(Column.next_checkin, Qt.SortOrder.DescendingOrder)
    assert teams(model) == ["Later", "Soon", "Overdue", "None A", "None B"]
    model.sort(-1)
    assert teams(model) == ["None A", "Later", "Overdue", "Soon", "None B"]  # as given
    assert model.row_of(4) == 3


def test_sort_by_the_other_columns():
    rows = [
        row(1, team="beta", status=EngagementStatus.closed, goal="Zeta"),
        row(2, team="Alpha", status=EngagementStatus.draft, goal=""),
        row(3, team="Édith", status=EngagementStatus.agreed, goal="alpha\nsecond line"),
    ]
    model = model_of(*rows)
    model.sort(Column.team)
    assert teams(model) == ["Alpha", "beta", "Édith"]
    model.sort(Column.status)
    assert teams(model) == ["Alpha", "Édith", "beta"]  # draft, agreed, closed
    model.sort(Column.goal, Qt.SortOrder.DescendingOrder)
    assert teams(model) == ["beta", "Édith", "Alpha"]  # no goal stays last
    model.sort(Column.manager, Qt.SortOrder.DescendingOrder)
    assert teams(model) == ["Édith", "Alpha", "beta"]


def test_the_order_stays_when_rows_are_replaced(qtbot):
    model = model_of(row(1, team="B"), row(2, team="A"))
    model.sort(Column.team)
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([row(3, team="D"), row(4, team="C"), row(5, team="E")])
    assert teams(model) == ["C", "D", "E"]
    assert model.sort_column() == Column.team


def test_sorting_ten_thousand_rows_by_every_column(qtmodeltester):
    # How fast it sorts is for a benchmark (bench/), not a test: a busy machine would fail it.
    rows = [
        row(n, team=f"Team {n * 7919 % 10_000}", next_in=None if n % 5 == 0 else n * 31 % 400)
        for n in range(10_000)
    ]
    model = model_of(*rows)
    for column in Column:
        model.sort(column, Qt.SortOrder.AscendingOrder)
        model.sort(column, Qt.SortOrder.DescendingOrder)
    assert model.row_at(model.rowCount() - 1).next_checkin is None
    small = model_of(*rows[:50])
    small.sort(Column.next_checkin)
    qtmodeltester.check(small)
