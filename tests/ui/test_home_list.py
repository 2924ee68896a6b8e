"""The list in the window: due and overdue check-ins, sorting by the header, search in notes."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from app.services.checkins import CheckInInput, record_checkin
from app.services.listing import CheckinDue
from app.services.notes import add_private_note
from app.storage import transaction
from ui.engagement_table_model import Column, EngagementTableModel
from ui.home_page import SEARCH_HINT, SEARCH_HINT_MEETING
from ui.main_window import MainWindow

from .conftest import Sample


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
    return [window.model.row_at(r).team_name for r in range(window.model.rowCount())]


def shown(window, column):
    model = window.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def note(engine, engagement_id, text):
    with transaction(engine) as s:
        add_private_note(session=s, engagement_id=engagement_id, text=text)


def click_header(qtbot, window, column):
    header = window.home.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


@pytest.fixture
def checkins(seed, db_engine):
    """Five teams, oldest first: overdue, due in 3 days, in a month, none planned, closed."""
    ids = seed(
        Sample("Overdue team", "Ana", checkin_in_days=[-10, 20]),
        Sample("Due team", "Ben", checkin_in_days=[3]),
        Sample("Later team", "Cy", checkin_in_days=[30]),
        Sample("Unplanned team", "Di"),
        Sample("Closed team", "Ed", checkin_in_days=[-10, 2], closed=True),
    )
    return dict(zip(["overdue", "due", "later", "none", "closed"], ids, strict=True))


def test_overdue_and_due_check_ins_are_spelled_out_and_stand_out(make_window, checkins):
    window = make_window()
    texts = dict(zip(teams(window), shown(window, Column.next_checkin), strict=True))
    overdue_since = date.today() - timedelta(days=10)
    assert texts["Overdue team"].startswith("Overdue since ")
    assert texts["Overdue team"].split("since ")[1].startswith(f"{overdue_since.day} ")
    assert texts["Due team"] == "Due in 3 days"
    assert texts["Later team"][0].isdigit()
    assert texts["Unplanned team"] == "None planned"
    assert not texts["Closed team"].startswith(("Overdue", "Due"))  # closed: never overdue
    model = window.model
    urgency = {
        model.row_at(r).team_name: model.data(
            model.index(r, Column.team), EngagementTableModel.URGENCY_ROLE
        )
        for r in range(model.rowCount())
    }
    assert urgency["Overdue team"] is CheckinDue.overdue
    assert urgency["Due team"] is CheckinDue.due
    assert urgency["Closed team"] is CheckinDue.planned


def test_a_check_in_held_since_clears_the_overdue_mark(make_window, checkins, db_engine):
    with transaction(db_engine) as s:
        record_checkin(
            session=s, engagement_id=checkins["overdue"], data=CheckInInput(held_on=date.today())
        )
    window = make_window()
    texts = dict(zip(teams(window), shown(window, Column.next_checkin), strict=True))
    assert not texts["Overdue team"].startswith("Overdue")


def test_the_header_sorts_by_next_check_in_and_back_to_newest_first(qtbot, make_window, checkins):
    window = make_window()
    newest_first = ["Closed team", "Unplanned team", "Later team", "Due team", "Overdue team"]
    assert teams(window) == newest_first
    window.select_engagement(checkins["later"])

    click_header(qtbot, window, Column.next_checkin)
    # Missed dates first, then the nearest; none planned last. (Closed: its next date, 2 days.)
    assert teams(window) == [
        "Overdue team",
        "Closed team",
        "Due team",
        "Later team",
        "Unplanned team",
    ]
    assert window.selected_engagement_id() == checkins["later"]  # the selection follows
    click_header(qtbot, window, Column.next_checkin)
    assert teams(window)[-1] == "Unplanned team"  # none planned stays last
    assert teams(window)[0] == "Later team"
    click_header(qtbot, window, Column.next_checkin)
    assert teams(window) == newest_first
    assert window.selected_engagement_id() == checkins["later"]


def test_the_sort_survives_a_search_and_is_remembered(
    qtbot, make_window, checkins, store, settings
):
    window = make_window()
    click_header(qtbot, window, Column.team)
    assert teams(window) == sorted(teams(window))
    qtbot.keyClicks(window.home.search_edit, "team")
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    assert teams(window) == sorted(teams(window))
    window.close()

    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    assert again.home.table.horizontalHeader().sortIndicatorSection() == Column.team
    assert teams(again) == sorted(teams(again))


def test_search_finds_a_word_of_a_private_note_but_not_in_meeting_mode(
    qtbot, make_window, seed, db_engine
):
    claims, payroll = seed(("Claims", "Sofia"), ("Payroll", "Ana"))
    note(db_engine, claims, "Budget freeze until the spring; do not mention travel.")
    window = make_window()
    assert window.home.search_edit.placeholderText() == SEARCH_HINT
    qtbot.keyClicks(window.home.search_edit, "FREEZE")
    qtbot.waitUntil(lambda: teams(window) == ["Claims"])

    window.host.meeting_action.trigger()
    assert window.home.search_edit.placeholderText() == SEARCH_HINT_MEETING
    assert window.home.showing_no_match()  # the private note no longer counts
    window.host.meeting_action.trigger()
    assert teams(window) == ["Claims"]
    assert payroll not in [window.model.row_at(r).id for r in range(window.model.rowCount())]


@pytest.mark.parametrize("search", ["%", "50%"])
def test_search_treats_percent_literally(qtbot, make_window, seed, search):
    seed(Sample("Claims", "Sofia", request="Cut rework by 50% this year"), ("Payroll", "Ana"))
    window = make_window()
    qtbot.keyClicks(window.home.search_edit, search)
    qtbot.waitUntil(lambda: teams(window) == ["Claims"])
