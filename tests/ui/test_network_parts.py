"""A star-shaped team on the network page: its centre is the likely champion, and gets a part."""

import pytest
from PySide6.QtCore import Qt

from app.network.findings import FindingKind
from app.reports.plan import render_plan_pdf
from app.services.engagements import EngagementDetails, create_engagement
from app.services.people import TieInput, add_members, add_ties
from app.services.scaffold_people import list_parts
from app.services.scaffolds import ScaffoldInput, add_scaffold
from models.db import transaction
from models.enums import ScaffoldRole, TieType
from ui.followup.network_findings import GIVE_PART
from ui.followup.network_page import NetworkPage

TEAM = ["Aisha", "Bartek", "Chen", "Dana", "Emeka", "Fatima"]
SCAFFOLDS = ["Weekly huddle", "Buddy for new starters"]


@pytest.fixture
def engagement_id(db_engine) -> int:
    """Everyone goes to Aisha for help; two scaffolds are chosen."""
    with transaction(db_engine) as s:
        eid = create_engagement(
            session=s, data=EngagementDetails(team_name="Billing", manager_name="Priya")
        ).id
        assert eid is not None
        ids = [m.id or 0 for m in add_members(session=s, engagement_id=eid, names=TEAM)]
        add_ties(
            session=s,
            engagement_id=eid,
            ties=[TieInput(asker, ids[0], TieType.help) for asker in ids[1:]],
        )
        for name in SCAFFOLDS:
            add_scaffold(session=s, engagement_id=eid, data=ScaffoldInput(name=name))
        return eid


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


def test_the_centre_of_a_star_is_named_as_the_likely_champion(page):
    sentences = page.findings_panel.sentences()
    assert (
        sentences[0] == "Champion: Aisha is the person sought out most: all 5 others go to Aisha."
    )
    assert "One-person bottleneck: Aisha is a one-person bottleneck" in sentences[1]
    first = page.findings_panel.rows[0]
    assert first.give_button is not None and first.give_button.isEnabled()
    assert first.give_button.text() == GIVE_PART
    assert first.suggestion.text().startswith("Could lead peer coaching")


def test_giving_the_champion_a_part_through_the_dialog_stores_and_shows_it(
    qtbot, page, db_engine, editing, pdf_words
):
    champion = page.findings_panel.rows[0]
    assert champion.finding.kind == FindingKind.champion
    qtbot.mouseClick(champion.give_button, Qt.MouseButton.LeftButton)
    dialog = page.part_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.member_combo.currentText() == "Aisha"
    assert dialog.role_combo.currentData() == ScaffoldRole.champion
    assert dialog.reason_edit.toPlainText() == champion.finding.sentence
    assert [dialog.scaffold_combo.itemText(i) for i in range(2)] == SCAFFOLDS
    dialog.scaffold_combo.setCurrentIndex(1)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(ScaffoldRole.peer_coach))
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    with transaction(db_engine) as s:
        parts = list_parts(session=s, engagement_id=editing.engagement_id)
    assert [(p.scaffold_name, p.member_name, p.role) for p in parts] == [
        ("Buddy for new starters", "Aisha", ScaffoldRole.peer_coach)
    ]
    assert parts[0].reason == champion.finding.sentence
    qtbot.waitUntil(lambda: page.parts_panel.texts != [])
    assert page.parts_panel.texts == ["Buddy for new starters — peer coach: Aisha"]

    # The same part twice is refused beside the person, and the dialog stays open.
    again = page.give_part_for(champion.finding)
    assert again is not None
    again.scaffold_combo.setCurrentIndex(1)
    again.role_combo.setCurrentIndex(again.role_combo.findData(ScaffoldRole.peer_coach))
    again.accept()
    assert again.isVisible()
    assert again.errors.message("member") == (
        "Aisha is already the peer coach of “Buddy for new starters”."
    )
    again.reject()

    # The plan both people keep now says who leads the buddy scheme, and why.
    with transaction(db_engine) as s:
        printed = pdf_words(render_plan_pdf(s, editing.engagement_id))
    assert "Buddy for new starters" in printed
    assert "With Aisha (peer coach)" in printed
    assert "Champion: Aisha is the person sought out most" in printed


def test_a_bottleneck_suggests_a_back_up_and_a_part_can_be_taken_back(
    qtbot, page, db_engine, editing
):
    bottleneck = page.findings_panel.rows[1]
    assert bottleneck.finding.kind == FindingKind.bottleneck
    dialog = page.give_part_for(bottleneck.finding)
    assert dialog is not None
    assert dialog.role_combo.currentData() == ScaffoldRole.backup
    assert "Often someone other than" in dialog.role_meaning.text()
    dialog.member_combo.setCurrentIndex(dialog.member_combo.findText("Chen"))
    dialog.accept()
    qtbot.waitUntil(lambda: page.parts_panel.texts == ["Weekly huddle — back-up: Chen"])

    [take_back] = page.parts_panel.take_back_buttons
    qtbot.waitUntil(take_back.isVisible)
    qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.parts_panel.texts == [])
    with transaction(db_engine) as s:
        assert list_parts(session=s, engagement_id=editing.engagement_id) == []
    assert "Ctrl+Z" in page.status_label.text()
    editing.undo_stack.undo()
    assert page.parts_panel.texts == ["Weekly huddle — back-up: Chen"]
