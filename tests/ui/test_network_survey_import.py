"""Importing a survey CSV through the team network page: preview, import, report, refusals."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.demo import load_demo
from app.services.people import list_members, list_ties
from models.db import transaction
from ui.followup.network_page import NetworkPage
from ui.followup.network_survey import SurveyFileChooser

# A form tool's export, typed by hand afterwards: Windows-1252, a blank line, a name in lower
# case, a row without a name, someone naming themselves, and a row with an unquoted comma.
MESSY = (
    "Timestamp,Name,Who do you go to for advice?,Who do you go to for help with the work?\r\n"
    '2026-01-01,aisha,"Bartek; Chen",Dana\r\n'
    "2026-01-01,,Aisha,\r\n"
    "\r\n"
    "2026-01-02,Bartek,Bartek,Aisha\r\n"
    "2026-01-02,Chen,Aisha,Dana,extra\r\n"
    '2026-01-03,Ivo,"Aisha, Jo",\r\n'
    "2026-01-03,Zoë,Hana,\r\n"
).encode("cp1252")


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
    qtbot.waitUntil(lambda: not page.findings_pending, timeout=20_000)
    return page


@pytest.fixture
def choose(monkeypatch, tmp_path):
    """Make the file chooser answer with a file holding `data`."""

    def _choose(data: bytes, name: str = "team survey.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        monkeypatch.setattr(SurveyFileChooser, "ask", classmethod(lambda cls, parent: path))
        return path

    return _choose


def counts(db_engine, eid: int) -> tuple[int, int]:
    with transaction(db_engine) as s:
        members = list_members(session=s, engagement_id=eid)
        return len(members), len(list_ties(session=s, engagement_id=eid))


def test_a_messy_file_is_previewed_imported_and_reported_with_its_bad_lines(
    qtbot, page, choose, db_engine, editing
):
    choose(MESSY)
    qtbot.mouseClick(page.survey.button, Qt.MouseButton.LeftButton)
    dialog = page.survey.dialog
    assert dialog is not None and dialog.isVisible()
    preview = dialog.preview.text()
    assert "holds 7 answers from 4 people" in preview
    assert "Windows-1252" in preview and "ignored: “Timestamp”" in preview
    for line in ("Line 3</b>: the “Name” column is empty", "Line 5</b>: Bartek names", "Line 6"):
        assert line in preview
    assert counts(db_engine, editing.engagement_id) == (8, 9)  # nothing stored yet

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.survey.report.isVisible()
    report = page.survey.report_label.text()
    assert "<b>Imported team survey.csv</b>: 6 ties added" in report
    assert "3 people added (Ivo, Jo, Zoë)" in report
    assert "1 duplicate skipped" in report  # Bartek → Aisha for help was already there
    assert "3 lines could not be read" in report
    for line in ("Line 3", "Line 5", "Line 6"):
        assert f"<b>{line}</b>" in report
    assert counts(db_engine, editing.engagement_id) == (11, 15)
    qtbot.waitUntil(lambda: page.ties_panel.model.rowCount() == 11)
    assert page.members_panel.model.member(10).name == "Zoë"

    editing.undo_stack.undo()  # the whole import is one step
    assert counts(db_engine, editing.engagement_id) == (8, 9)
    assert page.ties_panel.model.rowCount() == 8


def test_a_file_that_is_not_a_survey_is_refused_beside_the_button(qtbot, page, choose):
    choose(b"%PDF-1.7\n%binary", "survey.pdf")
    qtbot.mouseClick(page.survey.button, Qt.MouseButton.LeftButton)
    assert page.survey.dialog is None
    assert page.survey.error.isVisible()
    assert page.survey.error.text().startswith("survey.pdf was not imported: This is a PDF")
    assert page.survey.button.accessibleDescription() == page.survey.error.text()


def test_a_refused_import_is_shown_in_the_dialog_and_stores_nothing(
    qtbot, page, choose, db_engine, editing
):
    rows = "".join(f"Asker {i},Asked {i}\n" for i in range(160))
    choose(("Name,Goes to\n" + rows).encode())
    dialog = page.survey.start()
    assert dialog is not None
    dialog.accept()
    assert dialog.isVisible()
    assert "would make a team of 328 people" in dialog.errors.fallback.text()
    assert counts(db_engine, editing.engagement_id) == (8, 9)
    assert not page.survey.report.isVisible()
    dialog.reject()
