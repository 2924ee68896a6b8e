"""The short readiness check: twelve answers become four ratings, stored in one undoable step."""

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from app.library.readiness_check import STATEMENTS, as_rating, score
from app.library.store import ensure_library
from app.services.engagements import EngagementDetails, create_engagement
from app.services.readiness import set_readiness
from app.storage import transaction
from app.vocab import NewSkill
from ui.dialogs.readiness_check import ReadinessCheckDialog
from ui.pages.new_skills_page import NewSkillsPage

PKM = NewSkill.personal_knowledge_management
# Low on knowledge management and communities, higher on the team and its lead.
ANSWERS = {
    "pkm-seek": 2,
    "pkm-sense": 4,  # reverse-scored: counts as 2
    "pkm-share": 1,
    "team-show": 4,
    "team-ask": 5,
    "team-silo": 2,  # reverse: 4
    "lead-reflect": 3,
    "lead-bottleneck": 3,  # reverse: 3
    "lead-connect": 4,
    "cop-exists": 1,
    "cop-tended": 2,
    "cop-fades": 5,  # reverse: 1
}


@pytest.fixture
def engagement_id(db_engine) -> int:
    ensure_library(db_engine)
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> NewSkillsPage:
    return show_page(NewSkillsPage, editing, (1280, 800))


@pytest.fixture
def dialog(qtbot, page) -> ReadinessCheckDialog:
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    dialog = page.check_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def ratings(db_engine) -> dict[str, tuple[int, str]]:
    with closing(sqlite3.connect(db_engine.url.database)) as con:
        rows = con.execute("SELECT skill, rating, support FROM readiness_rating").fetchall()
    return {skill: (rating, support) for skill, rating, support in rows}


def radio(dialog: ReadinessCheckDialog, statement_id: str, value: int) -> QRadioButton:
    button = dialog.groups[statement_id].button(value)
    assert isinstance(button, QRadioButton)
    return button


def test_all_twelve_answers_give_four_ratings_kept_with_the_support_and_undone_at_once(
    qtbot, page, dialog, editing, db_engine, engagement_id
):
    with transaction(db_engine) as s:
        set_readiness(session=s, engagement_id=engagement_id, skill=PKM, rating=4, support="Buddy")
    page.reload()
    assert [s.id for s in STATEMENTS] == list(ANSWERS)
    expected = {skill: as_rating(value) for skill, value in score(ANSWERS).items()}
    assert expected == {
        PKM: 2,  # (2 + 2 + 1) / 3
        NewSkill.connected_working: 4,  # (4 + 5 + 4) / 3
        NewSkill.leading_connected_team: 3,
        NewSkill.community_management: 1,  # (1 + 2 + 1) / 3
    }
    for statement_id, value in ANSWERS.items():
        qtbot.mouseClick(radio(dialog, statement_id, value), Qt.MouseButton.LeftButton)
    # The profile shows before anything is stored.
    assert dialog.profile_labels[PKM].text() == "1.7 of 5 → rating 2, starting"
    assert (
        dialog.profile_labels[NewSkill.connected_working].text().startswith("4.3 of 5 → rating 4")
    )
    assert ratings(db_engine) == {PKM.value: (4, "Buddy")}

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert page.check_dialog is None  # closed
    assert ratings(db_engine) == {
        PKM.value: (2, "Buddy"),
        NewSkill.connected_working.value: (4, ""),
        NewSkill.leading_connected_team.value: (3, ""),
        NewSkill.community_management.value: (1, ""),
    }
    assert {skill: row.rating() for skill, row in page.rows.items()} == expected
    assert page.rows[PKM].support_edit.text() == "Buddy"

    editing.undo_stack.undo()
    assert ratings(db_engine) == {PKM.value: (4, "Buddy")}
    assert page.rows[PKM].rating() == 4
    assert page.rows[NewSkill.community_management].rating() == 0


def test_a_missing_answer_is_named_inline_and_nothing_is_stored(qtbot, page, dialog, db_engine):
    for statement_id, value in ANSWERS.items():
        if statement_id not in ("team-ask", "cop-fades"):
            dialog.set_answer(statement_id, value)
    assert dialog.profile_labels[PKM].text().startswith("1.7 of 5")
    assert dialog.profile_labels[NewSkill.connected_working].text() == (
        "1 of its 3 statements still to answer"
    )
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and page.check_dialog is dialog
    assert dialog.error_line.isVisible()
    message = dialog.error_line.text()
    assert message.startswith("Statement 5 needs an answer, from 1 (strongly disagree)")
    assert "I know who in the team to ask" in message
    assert message.endswith("Still unanswered too: 12.")
    assert radio(dialog, "team-ask", 1).hasFocus()
    assert ratings(db_engine) == {}
    # Answering takes the message away.
    dialog.set_answer("team-ask", 5)
    assert not dialog.error_line.isVisible()


def test_the_keyboard_answers_tab_goes_from_statement_to_statement(qtbot, dialog):
    first = radio(dialog, "pkm-seek", 1)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_4)
    assert dialog.groups["pkm-seek"].checkedId() == 4
    assert radio(dialog, "pkm-seek", 4).hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused in dialog.groups["pkm-sense"].buttons()
    qtbot.keyClick(focused, Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert dialog.groups["pkm-sense"].checkedId() == 2
    assert radio(dialog, "pkm-seek", 1).accessibleName() == "Statement 1: Strongly disagree"


def test_cancel_stores_nothing(qtbot, page, dialog, db_engine):
    for statement_id, value in ANSWERS.items():
        dialog.set_answer(statement_id, value)
    dialog.reject()
    assert page.check_dialog is None
    assert ratings(db_engine) == {}
    assert all(row.rating() == 0 for row in page.rows.values())
