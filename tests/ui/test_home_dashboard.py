"""The overview beside the home list: due and overdue check-ins that open their consultation,
progress counts and causes recurring across teams, read in a thread on a real database."""

from datetime import date, timedelta

import pytest
from portfolio_cases import CLAIMS, build_portfolio, build_team
from PySide6.QtCore import Qt

from app.progress.portfolio import OverallProgress
from models.enums import GilbertCell
from ui.home_dashboard import HomeDashboard
from ui.home_dashboard_job import wait_for_portfolio_jobs
from ui.home_dashboard_parts import NO_RECURRING_TEXT, ORGANISATION_HINT, due_text, overdue_text
from ui.home_page import SHOW_OVERVIEW
from ui.main_window import MainWindow

TODAY = date(2026, 6, 15)  # a Monday


@pytest.fixture(autouse=True)
def _no_job_left_running():
    """A read still running when the test's database goes away would fail in its thread."""
    yield
    wait_for_portfolio_jobs()


@pytest.fixture
def make_window(qtbot, store, settings):
    def _make():
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        dashboard = window.home.dashboard
        if not window.home.showing_welcome():  # the welcome page has no overview to read
            qtbot.waitUntil(lambda: dashboard.portfolio is not None and not dashboard.busy())
        return window

    return _make


@pytest.fixture
def panel(qtbot, db_engine):
    """The panel alone, on the worked example, as of `TODAY`."""
    ids = build_portfolio(db_engine, TODAY)
    dashboard = HomeDashboard(today=lambda: TODAY)
    qtbot.addWidget(dashboard)
    dashboard.set_engine(db_engine)
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.refresh()
    dashboard.resize(360, 900)
    dashboard.show()
    return dashboard, ids


def entries(check_list):
    model = check_list.model()
    return [model.index(row).data() for row in range(model.rowCount())]


def test_due_and_overdue_lists_name_the_team_manager_and_date(panel):
    dashboard, ids = panel
    assert entries(dashboard.due_list) == [
        "Claims — Sofia Marin\nDue Wed 17 Jun",
        "Payroll — Ana Ruiz\nDue Sun 21 Jun",
    ]
    assert dashboard.due_list.engagement_ids() == [ids["Claims"], ids["Payroll"]]
    assert entries(dashboard.overdue_list) == [
        "Field sales — Tom Okafor\nMissed 1 Jun, 14 days ago"
    ]
    assert dashboard.overdue_list.engagement_ids() == [ids["Field sales"]]
    assert dashboard.due_title.text() == "Due this week (2)"
    assert dashboard.overdue_title.text() == "Overdue (1)"


def test_progress_counts_and_the_teams_behind_them(panel):
    dashboard, _ = panel
    counts = {o: label.text() for o, label in dashboard.count_labels.items()}
    assert counts == {o: "1" for o in OverallProgress}
    assert dashboard.progress_intro.text() == "Of 4 consultations agreed or in progress:"
    assert "Field sales" in dashboard.count_labels[OverallProgress.moving_away].toolTip()
    assert "Front desk" in dashboard.count_words[OverallProgress.behind].toolTip()


def test_only_causes_from_two_teams_or_more_are_shown_with_their_side(panel):
    dashboard, _ = panel
    shown = [(e.cell.cell, e.text()) for e in dashboard.cause_entries()]
    assert shown == [
        (
            GilbertCell.information,
            "Information and feedback — 3 teams. Environment: Claims, Field sales, Payroll",
        ),
        (GilbertCell.resources, "Resources and tools — 2 teams. Environment: Claims, Warehouse"),
    ]
    assert dashboard.organisation_hint.text() == ORGANISATION_HINT
    assert dashboard.organisation_hint.isVisible()


def test_an_empty_week_says_so(qtbot, db_engine):
    dashboard = HomeDashboard(today=lambda: TODAY)
    qtbot.addWidget(dashboard)
    dashboard.set_engine(db_engine)
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.refresh()
    dashboard.show()
    assert not dashboard.due_list.isVisible() and dashboard.due_empty.isVisible()
    assert not dashboard.overdue_list.isVisible() and dashboard.overdue_empty.isVisible()
    assert dashboard.progress_intro.text() == "Nothing agreed or in progress yet."
    assert not dashboard.count_labels[OverallProgress.on_track].isVisible()
    texts = [w.text() for w in dashboard.findChildren(type(dashboard.due_title)) if w.isVisible()]
    assert NO_RECURRING_TEXT in texts


def test_date_words():
    entry = build_entry(TODAY)
    assert due_text(entry, TODAY) == "Due today"
    assert due_text(build_entry(TODAY + timedelta(days=1)), TODAY) == "Due tomorrow"
    assert due_text(build_entry(date(2027, 1, 2)), date(2026, 12, 28)) == "Due Sat 2 Jan 2027"
    assert overdue_text(build_entry(TODAY - timedelta(days=1)), TODAY) == "Missed 14 Jun, yesterday"


def build_entry(on):
    from app.progress.portfolio import CheckinEntry, TeamRef

    return CheckinEntry(TeamRef(1, "Claims", "Sofia Marin"), on)


def test_enter_on_an_overdue_check_in_opens_that_consultation(qtbot, make_window, db_engine):
    ids = build_portfolio(db_engine, date.today())
    window = make_window()
    overdue = window.home.dashboard.overdue_list
    assert overdue.engagement_ids() == [ids["Field sales"]]
    overdue.setFocus()  # keyboard users reach it with Tab after the table
    qtbot.waitUntil(overdue.hasFocus)
    assert overdue.current_row() == 0
    qtbot.keyClick(overdue, Qt.Key.Key_Return)
    assert window.host.editor is not None
    assert window.host.editor.editing.engagement_id == ids["Field sales"]


def test_double_click_on_a_due_check_in_opens_that_consultation(qtbot, make_window, db_engine):
    ids = build_portfolio(db_engine, date.today())
    window = make_window()
    due = window.home.dashboard.due_list
    second = due.visualRect(due.model().index(1, 0)).center()
    qtbot.mouseClick(due.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert window.host.editor is None  # one click only selects
    qtbot.mouseDClick(due.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert window.host.editor is not None
    assert window.host.editor.editing.engagement_id == ids["Payroll"]


def test_the_overview_is_read_again_when_the_list_refreshes(qtbot, make_window, db_engine, seed):
    seed(("Warehouse", "Ben Carter"))
    window = make_window()
    dashboard = window.home.dashboard
    assert dashboard.portfolio is not None and dashboard.portfolio.running == 0
    build_team(db_engine, CLAIMS, date.today())
    window.refresh()  # as F5, or coming back from a consultation
    qtbot.waitUntil(lambda: dashboard.portfolio is not None and dashboard.portfolio.running == 1)
    assert dashboard.due_list.engagement_ids() != []


def test_the_overview_can_be_hidden_and_is_not_read_meanwhile(qtbot, make_window, db_engine, seed):
    seed(("Warehouse", "Ben Carter"))
    window = make_window()
    home = window.home
    home.overview_button.click()
    assert not home.dashboard.isVisible()
    assert home.overview_button.text() == SHOW_OVERVIEW
    build_team(db_engine, CLAIMS, date.today())
    window.refresh()
    assert not home.dashboard.busy()  # hidden: nothing read
    home.overview_button.click()
    assert home.dashboard.isVisible()
    qtbot.waitUntil(lambda: home.dashboard.portfolio.running == 1)


def test_a_refresh_during_a_read_reads_once_more_afterwards(qtbot, db_engine):
    dashboard = HomeDashboard(today=lambda: TODAY)
    qtbot.addWidget(dashboard)
    dashboard.set_engine(db_engine)
    dashboard.refresh()
    build_team(db_engine, CLAIMS, TODAY)
    dashboard.refresh()  # while the first read may still run: its result must not stick
    qtbot.waitUntil(lambda: not dashboard.busy() and dashboard.portfolio is not None)
    assert dashboard.portfolio.running == 1


def test_searching_or_sorting_the_list_does_not_read_the_overview_again(qtbot, make_window, seed):
    seed(("Claims", "Sofia Marin"), ("Payroll", "Ana Ruiz"))
    window = make_window()
    dashboard = window.home.dashboard
    window.home.search_edit.setText("Claims")
    window.refresh()  # the search narrows the list, not the overview
    assert window.model.rowCount() == 1
    assert not dashboard.busy()
    window.model.sort(0)
    assert not dashboard.busy()
    window.refresh()  # the same search again: F5, the data may have changed
    assert dashboard.busy()


def test_tab_goes_from_the_table_to_the_overdue_then_the_due_check_ins(
    qtbot, make_window, db_engine
):
    build_portfolio(db_engine, date.today())
    window = make_window()
    home = window.home
    home.table.setFocus()
    qtbot.waitUntil(home.table.hasFocus)
    qtbot.keyClick(home.table, Qt.Key.Key_Tab)
    assert home.dashboard.overdue_list.hasFocus()
    qtbot.keyClick(home.dashboard.overdue_list, Qt.Key.Key_Tab)
    assert home.dashboard.due_list.hasFocus()
