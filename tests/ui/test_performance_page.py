"""Step 3: critical behaviours as cards, and the measures' potential for improvement."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.flow.steps import StepId
from app.services.behaviours import BehaviourInput, add_behaviour, list_behaviours
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput, add_measure, update_measure
from app.storage import transaction
from app.vocab import Direction, Level
from ui.pages.behaviour_cards import BehaviourCard
from ui.pages.performance_page import PerformancePage


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> PerformancePage:
    return show_page(PerformancePage, editing)


def stored(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return [
            (b.role, b.expected, b.current, b.level)
            for b in list_behaviours(session=s, engagement_id=engagement_id)
        ]


def seed_behaviour(db_engine, engagement_id, role: str = "Claims handler") -> None:
    with transaction(db_engine) as s:
        add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(
                role=role, expected="Checks the policy before replying", current="Guesses"
            ),
        )


def measure(name: str, **changes) -> MeasureInput:
    values = {
        "name": name,
        "baseline_value": 40.0,
        "baseline_date": date(2026, 1, 5),
        "target_value": 55.0,
        "target_date": date(2026, 6, 1),
    } | changes
    return MeasureInput(**values)


def new_card(page: PerformancePage, qtbot) -> BehaviourCard:
    """Click "Add a behaviour"; the new card, once on screen with the cursor in it."""
    qtbot.mouseClick(page.behaviours.add_button, Qt.MouseButton.LeftButton)
    card = page.behaviours.cards[-1]
    assert isinstance(card, BehaviourCard)
    qtbot.waitUntil(lambda: card.role_edit.isVisible() and card.role_edit.hasFocus(), timeout=3000)
    return card


def type_and_tab(qtbot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


# Behaviours ----------------------------------------------------------------------------------


def test_adding_a_behaviour_with_the_keyboard_stores_it(page, qtbot, db_engine, engagement_id):
    card = new_card(page, qtbot)
    type_and_tab(qtbot, "Claims handler")
    assert card.level_combo.hasFocus()
    qtbot.keyClick(card.level_combo, Qt.Key.Key_Down)  # the team together
    type_and_tab(qtbot, "")
    type_and_tab(qtbot, "Checks the policy wording before replying")
    type_and_tab(qtbot, "Replies from memory")
    assert card.remove_button.hasFocus()
    qtbot.waitUntil(lambda: stored(db_engine, engagement_id) != [], timeout=3000)
    page.flush()
    assert stored(db_engine, engagement_id) == [
        (
            "Claims handler",
            "Checks the policy wording before replying",
            "Replies from memory",
            Level.team,
        )
    ]
    assert not page.has_unsaved_errors()


def test_a_missing_role_is_asked_for_under_the_role_and_nothing_is_stored(
    page, qtbot, db_engine, engagement_id
):
    card = new_card(page, qtbot)
    card.expected_edit.setFocus()
    qtbot.keyClicks(card.expected_edit, "Checks the policy before replying")
    page.flush()
    assert card.errors.message("role") == "The role (who should do this) is required."
    assert card.errors.shown_fields() == {"role"}
    assert card.expected_edit.toPlainText() == "Checks the policy before replying"
    assert stored(db_engine, engagement_id) == []
    assert page.has_unsaved_errors()
    qtbot.keyClicks(card.role_edit, "Claims handler")
    page.flush()
    assert card.errors.message("role") == ""
    assert [row[0] for row in stored(db_engine, engagement_id)] == ["Claims handler"]


def test_editing_a_behaviour_stores_the_change(editing, page, qtbot, db_engine, engagement_id):
    seed_behaviour(db_engine, engagement_id)
    editing.changed.emit(None)  # as after a change made elsewhere: the page reloads
    (card,) = page.behaviours.cards
    assert card.current_edit.toPlainText() == "Guesses"
    card.current_edit.selectAll()
    qtbot.keyClicks(card.current_edit, "Replies from memory")
    qtbot.waitUntil(
        lambda: stored(db_engine, engagement_id)[0][2] == "Replies from memory", timeout=3000
    )


def test_removing_a_behaviour_is_undone_and_shown_again(
    editing, page, qtbot, db_engine, engagement_id
):
    seed_behaviour(db_engine, engagement_id, "Claims handler")
    seed_behaviour(db_engine, engagement_id, "Team leader")
    page.reload()
    qtbot.mouseClick(page.behaviours.cards[0].remove_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in stored(db_engine, engagement_id)] == ["Team leader"]
    assert [c.role_edit.text() for c in page.behaviours.cards] == ["Team leader"]
    editing.undo_stack.undo()
    roles = ["Claims handler", "Team leader"]
    assert [row[0] for row in stored(db_engine, engagement_id)] == roles
    assert [c.role_edit.text() for c in page.behaviours.cards] == roles


def test_an_organisation_level_behaviour_keeps_its_level(editing, page, db_engine, engagement_id):
    with transaction(db_engine) as s:
        add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Everyone", expected="Logs fixes", level=Level.organisation),
        )
    page.reload()
    (card,) = page.behaviours.cards
    assert card.level_combo.currentText() == "The whole organisation"
    card.role_edit.setText("Every adviser")
    card.saver.touch()
    card.flush()
    assert stored(db_engine, engagement_id)[0][::3] == ("Every adviser", Level.organisation)


# Potential for improvement -------------------------------------------------------------------


def test_the_potential_for_improvement_is_shown_for_measures_with_both_figures(
    editing, page, db_engine, engagement_id
):
    assert page.pip_box.isHidden()
    assert page.no_pip.isVisible()
    with transaction(db_engine) as s:
        eid = engagement_id
        add_measure(
            session=s,
            engagement_id=eid,
            data=measure("First-contact resolution", unit="%", exemplar_value=82, typical_value=60),
        )
        add_measure(session=s, engagement_id=eid, data=measure("Sales", exemplar_value=90))
        add_measure(
            session=s,
            engagement_id=eid,
            data=measure(
                "Errors per 100 claims",
                direction=Direction.lower_is_better,
                target_value=20.0,
                exemplar_value=2.5,
                typical_value=5,
            ),
        )
    editing.changed.emit(None)
    assert page.pip_label.text() == (
        "First-contact resolution: best performer 82 %, typical performer 60 %. "
        "Exemplar ÷ typical = 1.37: the best do 37% better than a typical performer.\n"
        "Errors per 100 claims: best performer 2.5, typical performer 5. "
        "Typical ÷ exemplar = 2.00 (lower is better here): the best do 100% better than a "
        "typical performer."
    )
    assert page.pip_box.isVisible()
    assert page.no_pip.isHidden()


def test_a_figure_changed_in_step_2_updates_the_potential_here(
    editing, page, db_engine, engagement_id
):
    with transaction(db_engine) as s:
        m = add_measure(
            session=s,
            engagement_id=engagement_id,
            data=measure("Sales", exemplar_value=90, typical_value=60),
        )
    editing.changed.emit(None)
    assert "= 1.50" in page.pip_label.text()
    assert m.id is not None
    editing.apply(
        "Edit measure",
        lambda s: update_measure(
            session=s,
            measure_id=m.id,
            data=measure("Sales", exemplar_value=120, typical_value=60),
        ),
        origin=object(),  # another page
    )
    assert "= 2.00" in page.pip_label.text()


def test_the_step_2_buttons_ask_to_go_to_the_goal(page, qtbot):
    with qtbot.waitSignal(page.go_to_step) as signal:
        qtbot.mouseClick(page.to_goal_link, Qt.MouseButton.LeftButton)
    assert signal.args == [StepId.goal]
    with qtbot.waitSignal(page.go_to_step) as signal:
        page.to_goal_button.click()
    assert signal.args == [StepId.goal]
