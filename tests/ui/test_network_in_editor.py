"""The team network page inside the editor: reached with Ctrl+9, readable in meeting mode."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.demo import load_demo
from models.db import transaction
from ui.followup.network_page import NetworkPage
from ui.main_window import MainWindow


def test_ctrl_9_opens_the_team_network_and_meeting_mode_enlarges_the_grid(
    qtbot, store, settings, db_engine
):
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=date(2026, 3, 1)).id or 0
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.host.open(eid)
    editor = window.host.editor
    assert editor is not None
    action = window.host.followup_actions[1]
    assert action.shortcut() == QKeySequence("Ctrl+9")
    assert action.text() == "&9. Team network"
    action.trigger()
    page = editor.followup("network")
    assert isinstance(page, NetworkPage) and page.isVisible()
    qtbot.waitUntil(lambda: not page.findings_pending and not page.diagram_pending, timeout=20_000)
    assert page.ties_panel.model.rowCount() == 8

    view = page.ties_panel.view
    cell = view.horizontalHeader().sectionSize(0)
    window.host.meeting_action.trigger()
    assert view.horizontalHeader().sectionSize(0) > cell  # the grid grows with the type
    assert view.verticalHeader().sectionSize(0) == view.horizontalHeader().sectionSize(0)
    assert page.ties_panel.model.headerData(0, Qt.Orientation.Horizontal) == "Aisha"
    window.host.meeting_action.trigger()
