"""The check-in form when the database refuses the write: the form stays open with every value
typed, says why, and saves once writing works again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.demo import load_demo
from app.services.checkins import list_checkins
from models.db import make_engine, transaction
from tests.ui.save_faults import disk_full, read_only
from ui.followup.progress_page import ProgressPage

TODAY = date(2026, 3, 1)
FCR = "First-contact resolution"
WHAT_CHANGED = " ".join(["Huddles held daily; the call guide is used on most calls."] * 200)


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        return load_demo(session=s, today=TODAY).id or 0


@pytest.fixture
def page(qtbot, editing):
    page = ProgressPage(editing)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.resize(1000, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)
    return page


def stored_checkins(db_engine, engagement_id) -> int:
    engine = make_engine(Path(db_engine.url.database))  # no fault on this one
    try:
        with transaction(engine) as s:
            return len(list_checkins(session=s, engagement_id=engagement_id))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("make_fault", "headline"),
    [
        (read_only, "cannot be written: the file or its folder is read-only"),
        (disk_full, "There is no space left on the disk that holds"),
    ],
)
def test_the_check_in_form_stays_open_with_its_input_and_saves_later(
    qtbot, page, db_engine, engagement_id, make_fault, headline
):
    before = stored_checkins(db_engine, engagement_id)
    dialog = page.record()
    assert dialog is not None
    fcr = next(m for m in dialog.form.measures if m.name == FCR)
    dialog.held_on.setDate(TODAY + timedelta(days=7))
    dialog.value_edits[fcr.id].setFocus()
    qtbot.keyClicks(dialog.value_edits[fcr.id], "68")
    qtbot.keyClicks(dialog.note_edits[fcr.id], "Weekly dashboard")
    dialog.what_changed.setPlainText(WHAT_CHANGED)
    dialog.next_date.set_value(TODAY + timedelta(days=21))

    fault = make_fault(db_engine)
    fault.inject()
    try:
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.result() != QDialog.DialogCode.Accepted
        message = dialog.errors.fallback.text()
        assert message.startswith("Not saved: ")
        assert headline in message
        assert dialog.value_edits[fcr.id].text() == "68"
        assert dialog.note_edits[fcr.id].text() == "Weekly dashboard"
        assert dialog.what_changed.toPlainText() == WHAT_CHANGED
        assert stored_checkins(db_engine, engagement_id) == before
    finally:
        fault.lift()

    dialog.accept()  # Save again, once the folder is writable or the disk has room
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_checkins(db_engine, engagement_id) == before + 1
