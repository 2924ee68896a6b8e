"""The loop after the meeting, through the window: three check-ins on the demo recorded in the
form; the chart, the home overview and the progress report then show the same figures."""

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialog

from app.demo import load_demo
from models.db import transaction
from ui.followup.checkin_dialog import CheckInDialog
from ui.home_dashboard_job import wait_for_portfolio_jobs
from ui.main_window import MainWindow

FCR = "First-contact resolution"
REPEAT = "Repeat contacts within 7 days"


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    wait_for_portfolio_jobs()


def _fill(dialog: CheckInDialog, held_on: date, fcr: str, repeat: str, next_on: date) -> None:
    dialog.held_on.setDate(held_on)
    for measure in dialog.form.measures:
        value = {FCR: fcr, REPEAT: repeat}.get(measure.name)
        if value is not None:
            dialog.value_edits[measure.id].setText(value)
            dialog.note_edits[measure.id].setText("Weekly dashboard")
    dialog.what_changed.setPlainText("Huddles held; the guide is used on most calls.")
    dialog.next_date.set_value(next_on)


def test_three_check_ins_move_the_chart_the_overview_and_the_report(
    qtbot, store, settings, db_engine, pdf_words
):
    today = date.today()
    with transaction(db_engine) as s:
        demo = load_demo(session=s, today=today).id or 0
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    assert window.host.open(demo)
    window.host.followup_actions[0].trigger()  # Go ▸ 8. Check-ins and progress (Ctrl+8)
    editor = window.host.editor
    assert editor is not None
    page = editor.followup("progress")
    assert editor.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)

    # The demo's first check-in was a week ago; three more follow, the last one today.
    for days_ago, fcr, repeat in ((6, "68", "290"), (3, "70,5", "280"), (0, "72", "265")):
        dialog = page.record()
        assert dialog is not None
        _fill(dialog, today - timedelta(days=days_ago), fcr, repeat, today + timedelta(days=3))
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)

    # First-contact resolution: baseline 61, target 75, now 72 → (72 − 61) ÷ 14 = 78.6 %.
    # Repeat contacts (lower is better): baseline 340, target 240, now 265 → 75/100 = 75 %.
    fcr_summary, repeat_summary, _csat = (label.text() for label in page.summaries.values())
    assert fcr_summary.startswith("Closed 79% of the gap")
    assert repeat_summary.startswith("Closed 75% of the gap")
    assert page.table.rowCount() == 4
    fcr_chart = next(iter(page.charts.values()))
    assert fcr_chart.svg.count(b'id="observations"') == 1  # the observed points, drawn as one set

    # Home: the next check-in (in three days) is due this week.
    assert window.host.close()
    dashboard = window.home.dashboard
    qtbot.waitUntil(lambda: dashboard.portfolio is not None and not dashboard.busy())
    assert dashboard.due_list.engagement_ids() == [demo]
    portfolio = dashboard.portfolio
    assert portfolio is not None
    assert [entry.team.engagement_id for entry in portfolio.due_this_week] == [demo]
    assert portfolio.due_this_week[0].on == today + timedelta(days=3)

    # The progress report prints the same closures, to one decimal.
    assert window.host.open(demo)
    window.host.report_action.trigger()
    view = window.host.plan_view
    assert view is not None and view.is_progress
    qtbot.waitUntil(view.showing_document, timeout=60_000)
    text = pdf_words(view.pdf_bytes())
    assert "78.6% of the gap closed" in text
    assert "75.0% of the gap closed" in text
    assert "Huddles held; the guide is used on most calls." in text
    view.close()
