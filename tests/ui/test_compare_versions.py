"""Comparing versions of the agreement: side by side, what changed in plain words."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.demo import GOAL, load_demo
from app.services.agreement import add_planned_checkin, list_versions
from app.services.engagements import set_business_goal
from app.services.measures import MeasureInput, add_measure
from app.storage import transaction
from app.vocab import Direction
from ui.dialogs.compare_versions import DRAFT, CompareVersionsDialog
from ui.editor.editing import EngagementEditing
from ui.pages.agreement_page import AgreementPage
from ui.pages.sign_off import SignConfirmation

TODAY = date.today()


@pytest.fixture
def page(db_engine, qtbot, monkeypatch) -> AgreementPage:
    """The agreement page of the demo consultation, whose version 1 is signed."""
    monkeypatch.setattr(SignConfirmation, "ask", classmethod(lambda cls, *args: True))
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=TODAY).id
    page = AgreementPage(EngagementEditing(db_engine, eid))
    qtbot.addWidget(page)
    with page.saver.loading():
        page.reload()
    page.show()
    return page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def cells(dialog: CompareVersionsDialog) -> list[str]:
    grid = dialog.grid
    return [
        widget.text()
        for i in range(grid.count())
        if isinstance(widget := grid.itemAt(i).widget(), QLabel)
    ]


def change_goal_and_add_a_measure(page: AgreementPage) -> None:
    """Edits made on other pages (another origin), as the goal page would make them."""
    eid = page.editing.engagement_id
    page.editing.apply(
        "Edit goal",
        lambda s: set_business_goal(session=s, engagement_id=eid, goal="Claims settled in 3 days"),
        origin=object(),
    )
    page.editing.apply(
        "Add measure",
        lambda s: add_measure(
            session=s,
            engagement_id=eid,
            data=MeasureInput(
                name="Complaints",
                direction=Direction.lower_is_better,
                unit="per month",
                baseline_value=12,
                baseline_date=TODAY,
                target_value=4,
                target_date=TODAY + timedelta(days=120),
            ),
        ),
        origin=object(),
    )


def test_two_signed_versions_show_a_changed_goal_and_an_added_measure(qtbot, page, db_engine):
    assert page.signed_box.isVisible()
    click(qtbot, page.signed_box.amend_button)
    change_goal_and_add_a_measure(page)
    click(qtbot, page.sign_box.sign_button)
    with transaction(db_engine) as s:
        assert len(list_versions(session=s, engagement_id=page.editing.engagement_id)) == 2

    click(qtbot, page.versions_box.compare_button)
    dialog = page.compare_dialog
    assert dialog is not None and dialog.isVisible()

    assert dialog.from_combo.currentData() == 1 and dialog.to_combo.currentData() == 2
    assert dialog.summary_lines == [
        "The business goal changed.",
        f"Measure added: Complaints: from 12 to 4 per month by "
        f"{(TODAY + timedelta(days=120)).day} {TODAY + timedelta(days=120):%b %Y} "
        "(lower is better)",
    ]
    assert dialog.summary_label.text().startswith("•  The business goal changed.")
    shown = cells(dialog)
    assert "Business goal — changed" in shown
    assert GOAL in shown  # the old goal, on the left
    assert "Changed: Claims settled in 3 days" in shown  # the new one, on the right
    assert any(text.startswith("New: Complaints: from 12 to 4") for text in shown)
    assert "Scaffolds" not in shown  # unchanged parts stay out of the way…
    dialog.show_all_check.setChecked(True)
    assert "Scaffolds" in cells(dialog)  # …until asked for


def test_a_signed_version_against_the_draft_and_the_same_version_twice(qtbot, page):
    click(qtbot, page.signed_box.amend_button)
    qtbot.mouseClick(page.checkins.add_button, Qt.MouseButton.LeftButton)  # four weeks on
    added = page.checkins.dates[-1][1]

    dialog = page.open_compare()
    signed = TODAY - timedelta(days=41)  # the demo was signed the day after its first meeting
    names = [dialog.to_combo.itemText(i) for i in range(dialog.to_combo.count())]
    assert names == [
        f"Version 1, signed {signed.day} {signed:%b %Y}",
        "Version 2, the draft (not signed yet)",
    ]
    assert dialog.to_combo.currentData() == DRAFT
    assert dialog.summary_lines == [f"Check-in date added: {added.day} {added:%b %Y}"]

    dialog.choose(1, 1)
    assert dialog.summary_label.text() == "These are the same version: choose two different ones."


def test_nothing_changed_is_said_and_the_dialog_follows_meeting_mode(qtbot, page):
    assert not page.versions_box.compare_button.isEnabled()  # one version, nothing to compare
    click(qtbot, page.signed_box.amend_button)
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    page.setFont(font)
    dialog = page.open_compare()
    assert dialog.summary_label.text() == "Nothing changed between these two versions."
    assert dialog.summary_label.font().pointSizeF() == pytest.approx(font.pointSizeF())


def test_a_long_list_of_changes_is_cut_short_above_the_versions(qtbot, page):
    click(qtbot, page.signed_box.amend_button)
    eid = page.editing.engagement_id
    for week in range(10):
        day = TODAY + timedelta(weeks=30 + week)
        page.editing.apply(
            "Add check-in date",
            lambda s, day=day: add_planned_checkin(session=s, engagement_id=eid, due_on=day),
        )
    dialog = page.open_compare()
    assert len(dialog.summary_lines) == 10
    lines = dialog.summary_label.text().split("\n")
    assert len(lines) == 9
    assert lines[-1] == "…and 2 more changes, shown below."
    news = [text for text in cells(dialog) if text.startswith("New: ")]
    assert len(news) == 10  # every one of them side by side
