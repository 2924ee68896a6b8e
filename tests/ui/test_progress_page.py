"""The check-ins and progress page: three check-ins recorded through the form on the demo."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.demo import load_demo
from app.services.checkin_history import list_checkin_history
from app.services.checkins import list_checkins, list_observations
from models.db import transaction
from models.enums import CheckInAction, Decision
from ui.followup.checkin_dialog import CheckInDialog
from ui.followup.progress_page import ProgressPage

TODAY = date(2026, 3, 1)
START = TODAY - timedelta(days=42)  # the demo's meeting day


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


def fill(dialog: CheckInDialog, held_on: date, values: dict[str, str], **kw: object) -> None:
    dialog.held_on.setDate(held_on)
    for measure in dialog.form.measures:
        if measure.name in values:
            dialog.value_edits[measure.id].setText(values[measure.name])
            dialog.note_edits[measure.id].setText("Dashboard")
    dialog.what_changed.setPlainText(str(kw.get("what", "")))
    if "decision" in kw:
        dialog.decision.setCurrentIndex(dialog.decision.findData(kw["decision"]))
    dialog.next_date.set_value(held_on + timedelta(days=14))


FCR = "First-contact resolution"
REPEAT = "Repeat contacts within 7 days"


def test_three_check_ins_through_the_form_show_the_right_figures(qtbot, page, db_engine, editing):
    assert page.table.rowCount() == 1  # the demo's own first check-in
    for offset, fcr, repeat, decision in (
        (7, "68", "290", Decision.continue_),
        (21, "70,5", "280", Decision.adjust),
        (35, "72", "265", Decision.continue_),
    ):
        dialog = page.record()
        assert dialog is not None
        fill(dialog, TODAY + timedelta(days=offset), {FCR: fcr, REPEAT: repeat}, decision=decision)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)

    assert page.table.rowCount() == 4
    assert page.table.item(0, 0).text() == "5 Apr 2026"  # newest first
    assert page.table.item(1, 1).text() == "Adjust the plan"
    with transaction(db_engine) as s:
        held = list_checkins(session=s, engagement_id=editing.engagement_id)
        values = [o.value for o in list_observations(session=s, checkin_id=held[2].id or 0)]
    assert values == [70.5, 280.0]  # the comma was read as a decimal mark

    # FCR: baseline 61, target 75: (72 − 61) ÷ 14 = 78.6 %. Repeat contacts, lower is better:
    # baseline 340, target 240: (340 − 265) ÷ 100 = 75 %.
    summaries = [label.text() for label in page.summaries.values()]
    assert summaries[0].startswith("Closed 79% of the gap")
    assert summaries[1].startswith("Closed 75% of the gap")
    assert summaries[2].startswith("No observations since the baseline date yet")
    for key, chart in page.charts.items():
        assert chart.svg.startswith(b"<?xml"), key
        assert chart.accessibleDescription() == page.summaries[key].text()


def test_a_bad_value_is_shown_beside_its_measure_and_nothing_is_saved(qtbot, page, editing):
    dialog = page.record()
    assert dialog is not None
    fill(dialog, TODAY, {FCR: "1,000"})
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    fcr = dialog.form.measures[0]
    assert "is ambiguous" in dialog.errors.message(f"measure:{fcr.id}") or "1,000" in (
        dialog.errors.message(f"measure:{fcr.id}")
    )
    assert dialog.value_edits[fcr.id].text() == "1,000"  # kept as typed
    assert page.table.rowCount() == 1
    dialog.reject()


def test_editing_then_deleting_a_check_in_is_recorded_and_undo_brings_it_back(
    qtbot, page, db_engine, editing
):
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    dialog.value_edits[dialog.form.measures[0].id].setText("67")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.table.rowCount() == 0
    assert "Undo" in page.status_label.text()
    with transaction(db_engine) as s:
        history = list_checkin_history(session=s, engagement_id=editing.engagement_id)
    assert [h.action for h in history] == [
        CheckInAction.deleted,
        CheckInAction.edited,
        CheckInAction.recorded,
    ]
    assert "First-contact resolution: 66.5 (“Dashboard, week 5”) → 67" in history[1].summary
    assert "Deleted the check-in of" in page.history_label.text()

    editing.undo_stack.undo()
    assert page.table.rowCount() == 1


def test_export_csv_writes_the_measures_for_a_spreadsheet(page, tmp_path, monkeypatch):
    from ui.followup.csv_save import CsvFileChooser

    target = tmp_path / "measures.csv"
    monkeypatch.setattr(CsvFileChooser, "ask", classmethod(lambda cls, parent, s: str(target)))
    page.csv_button.click()
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark: spreadsheets read the accents
    text = data.decode("utf-8-sig")
    assert "First-contact resolution" in text and "66.5" in text
    assert page.status_label.text() == "Saved measures.csv."


def test_a_cancelled_csv_export_writes_nothing(page, tmp_path, monkeypatch):
    from ui.followup.csv_save import CsvFileChooser

    monkeypatch.setattr(CsvFileChooser, "ask", classmethod(lambda cls, parent, s: ""))
    page.csv_button.click()
    assert list(tmp_path.glob("*.csv")) == []
    assert page.status_label.text() == ""
