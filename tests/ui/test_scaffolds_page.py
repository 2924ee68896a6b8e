"""Step 5, scaffolds: cards linked to the causes they address, training only with a reason."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QLabel

from app.demo import load_demo
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffolds import (
    ScaffoldInput,
    add_scaffold,
    list_scaffolds,
    scaffold_cause_ids,
)
from app.storage import transaction
from app.vocab import GilbertCell, OwnerRole, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.scaffold_cards import ScaffoldCard
from ui.pages.scaffold_causes import CauseChoice
from ui.pages.scaffolds_page import ScaffoldsPage

# Pop-up lists (the causes of a scaffold) cannot grab the keyboard on the test-only platform.
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (grabbing the keyboard|raise\(\))$"
)
NO_SKILL_GAP = "No knowledge or skill gap is recorded, so training is unlikely to help."


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


def add_causes(db_engine, engagement_id, *cells: GilbertCell) -> list[int]:
    """One behaviour with a cause in each of `cells`; the causes' ids."""
    with transaction(db_engine) as s:
        b = add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Claims handler", expected="Calls back within a day"),
        )
        assert b.id is not None
        ids = []
        for cell in cells:
            c = add_cause(
                session=s,
                behaviour_id=b.id,
                data=CauseInput(cell=cell, evidence=f"Evidence about {cell.value} & more"),
            )
            assert c.id is not None
            ids.append(c.id)
        return ids


@pytest.fixture
def env_causes(db_engine, engagement_id) -> list[int]:
    """Two causes in the environment, no knowledge or skill gap."""
    return add_causes(db_engine, engagement_id, GilbertCell.resources, GilbertCell.information)


@pytest.fixture
def editing(db_engine, engagement_id, qtbot) -> EngagementEditing:
    return EngagementEditing(db_engine, engagement_id)


@pytest.fixture
def make_page(qtbot, editing):
    def _make() -> ScaffoldsPage:
        page = ScaffoldsPage(editing)
        qtbot.addWidget(page)
        with page.saver.loading():
            page.reload()
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return _make


def stored(db_engine, engagement_id) -> list[tuple]:
    """(name, kind, reason, start, due, cause ids) of every stored scaffold."""
    with transaction(db_engine) as s:
        return [
            (
                x.name,
                x.kind,
                x.training_reason,
                x.start_date,
                x.due_date,
                scaffold_cause_ids(session=s, scaffold_id=x.id),
            )
            for x in list_scaffolds(session=s, engagement_id=engagement_id)
        ]


def seed_scaffold(db_engine, engagement_id, name, kind, cause_ids=()) -> int:
    with transaction(db_engine) as s:
        x = add_scaffold(
            session=s,
            engagement_id=engagement_id,
            data=ScaffoldInput(name=name, kind=kind, cause_ids=tuple(cause_ids)),
        )
        assert x.id is not None
        return x.id


def new_card(qtbot, page: ScaffoldsPage, manager: bool = False) -> ScaffoldCard:
    group = page.manager_list if manager else page.learning_list
    qtbot.mouseClick(group.add_button, Qt.MouseButton.LeftButton)
    card = group.cards[-1]
    assert isinstance(card, ScaffoldCard)
    qtbot.waitUntil(lambda: card.name_edit.hasFocus())
    return card


@OFFSCREEN_POPUPS
def test_a_scaffold_added_by_keyboard_is_stored_with_the_causes_ticked(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    page = make_page()
    button = page.manager_list.add_button
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    card = page.manager_list.cards[-1]
    assert isinstance(card, ScaffoldCard)
    qtbot.waitUntil(card.name_edit.hasFocus)
    qtbot.keyClicks(card.name_edit, "Weekly feedback list")
    picker = card.cause_picker
    qtbot.keyClick(card.name_edit, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(picker.hasFocus)
    qtbot.keyClick(picker, Qt.Key.Key_Space)
    qtbot.waitUntil(picker.list.isVisible)
    first, second = (card.cause_boxes[cause_id] for cause_id in env_causes)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Space)
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    assert not picker.list.isVisible()
    assert picker.hasFocus()
    qtbot.waitUntil(
        lambda: (
            stored(db_engine, engagement_id)
            == [("Weekly feedback list", ScaffoldKind.environment_fix, "", None, None, env_causes)]
        ),
        timeout=2000,
    )
    assert card.record_id is not None
    assert picker.currentText() == "Resources and tools; Information and feedback"


@OFFSCREEN_POPUPS
def test_a_click_opens_the_list_and_ticking_keeps_it_open_until_enter(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    seed_scaffold(db_engine, engagement_id, "Guide", ScaffoldKind.performance_support)
    page = make_page()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    card = page.learning_list.cards[0]
    assert isinstance(card, ScaffoldCard)
    picker = card.cause_picker
    assert picker.currentText() == "None ticked yet: open the list to choose"
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(picker.list.isVisible)
    box = card.cause_boxes[env_causes[1]]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    qtbot.waitUntil(lambda: stored(db_engine, engagement_id)[0][5] == [env_causes[1]])
    assert picker.list.isVisible()
    assert picker.currentText() == "Information and feedback: Evidence about information & more"
    assert "Calls back within a day" in picker.toolTip()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not picker.list.isVisible()
    assert picker.hasFocus()


@OFFSCREEN_POPUPS
def test_the_list_shows_causes_under_their_behaviour_in_the_type_of_meeting_mode(
    qtbot, make_page, env_causes
):
    page = make_page()
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    page.setFont(font)
    card = new_card_quiet(page)
    card.cause_picker.showPopup()
    qtbot.waitUntil(card.cause_picker.list.isVisible)
    box = card.cause_boxes[env_causes[0]]
    assert box.text() == "Resources and tools: Evidence about resources && more"
    assert "Calls back within a day" in box.accessibleName()
    assert "Calls back within a day" in box.toolTip()
    headings = [label.text() for label in card.cause_picker.list.findChildren(QLabel)]
    assert headings[0] == "Behaviour: Calls back within a day"
    assert box.font().pointSizeF() == pytest.approx(font.pointSizeF())


def test_a_card_is_as_tall_with_many_causes_as_with_one(qtbot, editing):
    def card_height(count: int) -> int:
        causes = [
            CauseChoice(i, "Resources", f"Proof {i} " * 12, "Calls", False) for i in range(count)
        ]
        card = ScaffoldCard(editing, None, causes, ScaffoldKind.environment_fix, OwnerRole.manager)
        qtbot.addWidget(card)
        return card.sizeHint().height()

    assert card_height(8) == card_height(1)


def new_card_quiet(page: ScaffoldsPage) -> ScaffoldCard:
    card = page.learning_list.add_card()
    assert isinstance(card, ScaffoldCard)
    return card


def test_training_without_a_skill_gap_needs_a_reason_before_anything_is_stored(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    page = make_page()
    card = new_card(qtbot, page)
    assert not card.reason_edit.isVisible()
    card.kind_combo.setFocus()
    # One key: the combo's type-ahead forgets earlier keys after 400 ms, and the save that the
    # first key's choice sets off can take that long on a busy machine ("o" then meant "Other").
    qtbot.keyClicks(card.kind_combo, "F")
    assert card.kind() is ScaffoldKind.formal_training
    assert card.reason_edit.isVisible()
    assert card.errors.message("training_reason").startswith(NO_SKILL_GAP)
    qtbot.keyClicks(card.name_edit, "Empathy course")
    card.flush()
    assert card.errors.message("training_reason").startswith(NO_SKILL_GAP)
    assert card.errors.line("training_reason", "").isVisible()
    assert card.name_edit.text() == "Empathy course"
    assert stored(db_engine, engagement_id) == []

    qtbot.keyClicks(card.reason_edit, "The director insists")
    qtbot.waitUntil(lambda: stored(db_engine, engagement_id) != [], timeout=2000)
    assert stored(db_engine, engagement_id) == [
        ("Empathy course", ScaffoldKind.formal_training, "The director insists", None, None, [])
    ]
    assert card.errors.message("training_reason") == ""


def test_with_a_skill_gap_the_reason_for_training_is_optional(
    qtbot, make_page, db_engine, engagement_id
):
    add_causes(db_engine, engagement_id, GilbertCell.knowledge)
    page = make_page()
    card = new_card(qtbot, page)
    card.kind_combo.setCurrentIndex(card.kind_combo.findData(ScaffoldKind.formal_training.value))
    assert card.reason_edit.isVisible()
    assert "optional" in card.reason_edit.accessibleName()
    qtbot.keyClicks(card.name_edit, "Billing rules workshop")
    card.flush()
    assert stored(db_engine, engagement_id)[0][:3] == (
        "Billing rules workshop",
        ScaffoldKind.formal_training,
        "",
    )


def test_a_due_date_before_the_start_shows_under_the_due_date_and_is_not_stored(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    seed_scaffold(db_engine, engagement_id, "Guide", ScaffoldKind.performance_support)
    page = make_page()
    card = page.learning_list.cards[0]
    assert isinstance(card, ScaffoldCard)
    card.start_edit.setDate(QDate(2026, 5, 10))
    card.flush()
    card.due_edit.setDate(QDate(2026, 5, 1))
    card.flush()
    message = card.errors.message("due_date")
    assert message.startswith("The due date (2026-05-01) is before the start date")
    assert card.errors.line("due_date", "").isVisible()
    assert card.due_edit.value() == date(2026, 5, 1)
    assert stored(db_engine, engagement_id)[0][3:5] == (date(2026, 5, 10), None)
    card.due_edit.setDate(QDate(2026, 6, 1))
    card.flush()
    assert card.errors.message("due_date") == ""
    assert stored(db_engine, engagement_id)[0][3:5] == (date(2026, 5, 10), date(2026, 6, 1))


def test_the_causes_not_yet_addressed_update_as_scaffolds_tick_them(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    page = make_page()
    resources, information = env_causes
    assert "Not yet addressed by any scaffold (2)" in page.gaps_label.text()
    assert "Evidence about resources" in page.gaps_label.text()
    card = new_card(qtbot, page)
    qtbot.keyClicks(card.name_edit, "Checklist")
    card.cause_boxes[resources].click()
    qtbot.waitUntil(lambda: "(1)" in page.gaps_label.text())
    assert "Evidence about resources" not in page.gaps_label.text()
    assert "Evidence about information" in page.gaps_label.text()
    card.cause_boxes[information].click()
    qtbot.waitUntil(lambda: "Every recorded cause is addressed" in page.gaps_label.text())
    card.cause_boxes[resources].click()
    qtbot.waitUntil(lambda: "Evidence about resources" in page.gaps_label.text())


def test_without_causes_the_page_says_where_to_record_them(make_page):
    page = make_page()
    assert "No causes are recorded yet" in page.gaps_label.text()
    card = new_card_quiet(page)
    assert card.cause_boxes == {}
    assert not card.cause_picker.isEnabled()
    assert "step 4" in card.cause_picker.currentText()


def test_remove_deletes_the_scaffold_and_undo_brings_it_back_with_its_causes(
    qtbot, make_page, editing, db_engine, engagement_id, env_causes
):
    seed_scaffold(db_engine, engagement_id, "Rota", ScaffoldKind.environment_fix, env_causes)
    page = make_page()
    assert "Every recorded cause" in page.gaps_label.text()
    card = page.manager_list.cards[0]
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert stored(db_engine, engagement_id) == []
    assert page.manager_list.cards == []
    assert "Not yet addressed by any scaffold (2)" in page.gaps_label.text()
    editing.undo_stack.undo()
    assert [row[0] for row in stored(db_engine, engagement_id)] == ["Rota"]
    assert stored(db_engine, engagement_id)[0][5] == env_causes
    back = page.manager_list.cards[0]
    assert isinstance(back, ScaffoldCard)
    assert back.name_edit.text() == "Rota"
    assert back.checked_cause_ids() == tuple(env_causes)
    assert back.cause_picker.currentText() == "Resources and tools; Information and feedback"
    assert "Every recorded cause" in page.gaps_label.text()


def test_manager_changes_come_first_and_a_card_moves_when_its_kind_changes(
    qtbot, make_page, db_engine, engagement_id, env_causes
):
    seed_scaffold(db_engine, engagement_id, "Guide", ScaffoldKind.performance_support)
    seed_scaffold(db_engine, engagement_id, "Wall board", ScaffoldKind.environment_fix)
    page = make_page()
    assert page.manager_list.y() < page.learning_list.y()
    assert [c.name_edit.text() for c in page.manager_list.cards] == ["Wall board"]
    card = page.learning_list.cards[0]
    assert isinstance(card, ScaffoldCard)
    assert not card._accent
    card.kind_combo.setFocus()
    qtbot.waitUntil(card.kind_combo.hasFocus)
    card.kind_combo.setCurrentIndex(card.kind_combo.findData(ScaffoldKind.environment_fix.value))
    assert page.learning_list.cards == []
    assert page.manager_list.cards[-1] is card
    assert card._accent
    assert card.kind_combo.hasFocus()
    assert [row[1] for row in stored(db_engine, engagement_id)] == [
        ScaffoldKind.environment_fix
    ] * 2


def test_a_signed_engagement_refuses_edits_inline(qtbot, db_engine):
    with transaction(db_engine) as s:
        demo_id = load_demo(session=s).id
    page = ScaffoldsPage(EngagementEditing(db_engine, demo_id))
    qtbot.addWidget(page)
    page.reload()
    page.show()
    assert len(page.manager_list.cards) == 3 and len(page.learning_list.cards) == 3
    card = page.manager_list.cards[0]
    assert isinstance(card, ScaffoldCard)
    before = stored(db_engine, demo_id)
    card.name_edit.setText("Renamed")
    card.saver.touch()
    card.flush()
    assert "Version 1 is signed" in card.errors.fallback.text()
    assert stored(db_engine, demo_id) == before


def test_the_suggestions_replace_the_note_about_the_coming_library_and_stay_in_meeting_mode(
    make_page, env_causes
):
    page = make_page()
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert not any("coming with the scaffold library" in text for text in texts)
    assert page.suggestions.isVisible()
    assert page.suggestions.y() < page.manager_list.y()
    page.set_meeting_mode(True)
    assert page.suggestions.isVisible()
    assert page.suggestions.intro_label.isVisible()  # nothing in it is for the partner only
    page.set_meeting_mode(False)
    assert page.suggestions.isVisible()


def test_new_cards_default_to_the_manager_or_the_team(qtbot, make_page):
    page = make_page()
    manager = new_card(qtbot, page, manager=True)
    assert manager.kind() is ScaffoldKind.environment_fix
    assert manager.data().owner_role is OwnerRole.manager
    learning = new_card(qtbot, page)
    assert learning.kind() is ScaffoldKind.performance_support
    assert learning.data().owner_role is OwnerRole.team
