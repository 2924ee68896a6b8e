"""Step 2: the business goal beside the request, and measures as cards saved as you type."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.demo import load_demo
from app.services.common import get_engagement
from app.services.engagements import EngagementDetails, create_engagement
from app.services.measures import MeasureInput, add_measure, list_measures
from app.storage import transaction
from app.vocab import Direction
from ui.editor.editing import EngagementEditing
from ui.pages.goal_page import GoalPage
from ui.pages.measure_cards import MeasureCard, potential_for_improvement

REQUEST = "A course on time management for the claims team, please."


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Claims", manager_name="Sofia", request_verbatim=REQUEST
            ),
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> GoalPage:
    return show_page(GoalPage, editing)


def stored_measures(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return list_measures(session=s, engagement_id=engagement_id)


def stored_engagement(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return get_engagement(s, engagement_id)


def seed_measure(db_engine, engagement_id, **changes) -> int:
    values = {
        "name": "Claims closed per week",
        "unit": "claims",
        "baseline_value": 40.0,
        "baseline_date": date(2026, 1, 5),
        "target_value": 55.0,
        "target_date": date(2026, 6, 1),
    } | changes
    with transaction(db_engine) as s:
        m = add_measure(session=s, engagement_id=engagement_id, data=MeasureInput(**values))
        assert m.id is not None
        return m.id


def type_and_tab(qtbot, text: str) -> None:
    """Type into the widget that has the keyboard focus, then press Tab."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def fill(card: MeasureCard, **texts: str) -> None:
    """Put text in a card's line edits by attribute name, as if typed, and save at once."""
    for name, text in texts.items():
        getattr(card, name).setText(text)
    card.saver.touch()
    card.flush()


def new_card(page: GoalPage, qtbot) -> MeasureCard:
    """Click "Add a measure"; the new card, once on screen."""
    qtbot.mouseClick(page.measures.add_button, Qt.MouseButton.LeftButton)
    card = page.measures.cards[-1]
    assert isinstance(card, MeasureCard)
    qtbot.waitUntil(card.isVisible, timeout=3000)
    return card


def new_valid_card(page: GoalPage, qtbot) -> MeasureCard:
    card = new_card(page, qtbot)
    card.baseline_date.set_value(date(2026, 1, 5))
    card.target_date.set_value(date(2026, 6, 1))
    return card


# The goal ------------------------------------------------------------------------------------


def test_typing_the_goal_saves_it_and_keeps_the_request_untouched(
    page, qtbot, db_engine, engagement_id
):
    assert page.request_label.text() == f"You asked: “{REQUEST}”"
    goal = "Close 30% more claims a week without more errors"
    qtbot.keyClicks(page.goal_edit, goal)
    qtbot.waitUntil(
        lambda: stored_engagement(db_engine, engagement_id).business_goal == goal, timeout=3000
    )
    assert stored_engagement(db_engine, engagement_id).request_verbatim == REQUEST
    assert page.request_label.text() == f"You asked: “{REQUEST}”"


def test_the_vague_verb_hint_appears_while_typing_and_goes_when_reworded(page, qtbot):
    assert page.goal_hint_label.isHidden()
    qtbot.keyClicks(page.goal_edit, "The team should understand the new tariffs")
    assert page.goal_hint_label.isVisible()
    assert page.goal_hint_label.text().startswith("“understand” is hard to see or measure.")
    page.goal_edit.selectAll()
    qtbot.keyClicks(page.goal_edit, "Answer tariff questions on the first call")
    assert page.goal_hint_label.isHidden()


def test_on_a_signed_version_the_refusal_shows_inline_and_the_text_stays(db_engine, qtbot):
    with transaction(db_engine) as s:
        demo_id = load_demo(session=s).id
    editing = EngagementEditing(db_engine, demo_id)
    page = GoalPage(editing)
    qtbot.addWidget(page)
    with page.saver.loading():
        page.reload()
    page.goal_edit.selectAll()
    qtbot.keyClicks(page.goal_edit, "Fewer errors")
    page.flush()
    assert page.errors.fallback.text().startswith("Version 1 is signed and cannot change.")
    assert page.goal_edit.toPlainText() == "Fewer errors"
    card = page.measures.cards[0]
    fill(card, owner_edit="Someone else")
    assert card.errors.fallback.text().startswith("Version 1 is signed and cannot change.")
    assert stored_engagement(db_engine, demo_id).business_goal != "Fewer errors"


# Measures ------------------------------------------------------------------------------------


def test_adding_a_measure_with_the_keyboard_stores_it(page, qtbot, db_engine, engagement_id):
    qtbot.mouseClick(page.measures.add_button, Qt.MouseButton.LeftButton)
    card = page.measures.cards[0]
    # The new card appears (Qt shows it on the next turn of the event loop) with the cursor in it.
    qtbot.waitUntil(lambda: card.name_edit.isVisible() and card.name_edit.hasFocus(), timeout=3000)
    type_and_tab(qtbot, "Claims closed per week")
    type_and_tab(qtbot, "claims")
    assert card.direction_combo.hasFocus()
    qtbot.keyClick(card.direction_combo, Qt.Key.Key_Down)  # lower is better
    qtbot.keyClick(card.direction_combo, Qt.Key.Key_Up)  # back to higher is better
    type_and_tab(qtbot, "")
    type_and_tab(qtbot, "40")
    assert card.baseline_date.hasFocus()
    qtbot.keyClicks(card.baseline_date, "5 Jan 2026")
    assert card.baseline_date.value() == date(2026, 1, 5)
    card.target_edit.setFocus()  # Tab in a date edit walks its day, month and year first
    type_and_tab(qtbot, "55,5")
    qtbot.keyClicks(card.target_date, "1 Jun 2026")
    card.source_edit.setFocus()
    type_and_tab(qtbot, "Claims system, weekly report")
    type_and_tab(qtbot, "Sofia")
    type_and_tab(qtbot, "70")
    type_and_tab(qtbot, "38")
    qtbot.waitUntil(lambda: len(stored_measures(db_engine, engagement_id)) == 1, timeout=3000)
    page.flush()
    (m,) = stored_measures(db_engine, engagement_id)
    assert (m.name, m.unit, m.direction) == (
        "Claims closed per week",
        "claims",
        Direction.higher_is_better,
    )
    assert (m.baseline_value, m.baseline_date) == (40.0, date(2026, 1, 5))
    assert (m.target_value, m.target_date) == (55.5, date(2026, 6, 1))
    assert (m.data_source, m.owner) == ("Claims system, weekly report", "Sofia")
    assert (m.exemplar_value, m.typical_value) == (70.0, 38.0)
    assert card.record_id == m.id
    assert not page.has_unsaved_errors()


def test_a_target_equal_to_the_baseline_is_refused_beside_the_target_then_fixed(
    page, qtbot, db_engine, engagement_id
):
    card = new_valid_card(page, qtbot)
    fill(card, name_edit="Claims closed per week", baseline_edit="40", target_edit="40")
    assert card.errors.message("target_value") == (
        "The target equals the baseline: there is no change to aim for."
    )
    assert card.target_edit.text() == "40"
    assert stored_measures(db_engine, engagement_id) == []
    assert page.has_unsaved_errors()
    fill(card, target_edit="50")
    assert card.errors.message("target_value") == ""
    assert [m.target_value for m in stored_measures(db_engine, engagement_id)] == [50.0]
    assert not page.has_unsaved_errors()


@pytest.mark.parametrize(
    ("texts", "field", "start"),
    [
        ({"baseline_edit": "1e999"}, "baseline_value", "Baseline must be a finite number"),
        ({"baseline_edit": "forty"}, "baseline_value", "Baseline: “forty” is not a number"),
        ({"target_edit": ""}, "target_value", "Target is required."),
        ({"name_edit": " "}, "name", "The measure's name is required."),
        ({"target_edit": "30"}, "target_value", "Higher is better for this measure, but"),
        ({"typical_edit": "n/a"}, "typical_value", "Typical: “n/a” is not a number"),
    ],
)
def test_bad_figures_are_refused_beside_their_field(
    page, qtbot, db_engine, engagement_id, texts, field, start
):
    card = new_valid_card(page, qtbot)
    good = {"name_edit": "Claims closed", "baseline_edit": "40", "target_edit": "55"}
    fill(card, **(good | texts))
    assert card.errors.message(field).startswith(start)
    assert card.errors.shown_fields() == {field}
    assert stored_measures(db_engine, engagement_id) == []


def test_dates_are_required_and_in_order(page, qtbot, db_engine, engagement_id):
    card = new_card(page, qtbot)
    fill(card, name_edit="Claims closed", baseline_edit="40", target_edit="55")
    assert card.errors.message("baseline_date") == "The baseline date is required."
    card.baseline_date.set_value(date(2026, 6, 1))
    fill(card)
    assert card.errors.message("target_date") == "The target date is required."
    card.target_date.set_value(date(2026, 1, 5))
    fill(card)
    assert card.errors.message("target_date").startswith("The target date (2026-01-05) must")
    assert stored_measures(db_engine, engagement_id) == []
    card.target_date.set_value(date(2026, 12, 1))
    fill(card)
    assert [m.target_date for m in stored_measures(db_engine, engagement_id)] == [date(2026, 12, 1)]


def test_a_wrong_direction_is_refused_beside_the_target(page, qtbot, db_engine, engagement_id):
    card = new_valid_card(page, qtbot)
    card.direction_combo.setCurrentIndex(card.direction_combo.findData(Direction.lower_is_better))
    fill(card, name_edit="Errors per 100 claims", baseline_edit="8", target_edit="12")
    assert card.errors.message("target_value").startswith("Lower is better for this measure")
    fill(card, target_edit="4")
    (m,) = stored_measures(db_engine, engagement_id)
    assert (m.direction, m.target_value) == (Direction.lower_is_better, 4.0)


def test_a_completions_measure_is_warned_about_inline_but_still_saved(
    page, qtbot, db_engine, engagement_id
):
    card = new_valid_card(page, qtbot)
    assert card.activity_warning.isHidden()
    qtbot.keyClicks(card.name_edit, "Course completions")
    assert card.activity_warning.isVisible()
    assert "learning activity, not performance" in card.activity_warning.text()
    fill(card, baseline_edit="10", target_edit="14")
    assert [m.name for m in stored_measures(db_engine, engagement_id)] == ["Course completions"]
    card.name_edit.selectAll()
    qtbot.keyClicks(card.name_edit, "Claims closed per week")
    assert card.activity_warning.isHidden()


def test_editing_a_stored_measure_updates_it(editing, page, db_engine, engagement_id):
    seed_measure(db_engine, engagement_id)
    editing.changed.emit(None)  # as after a change made elsewhere: the page reloads
    (card,) = page.measures.cards
    assert card.baseline_edit.text() == "40"
    assert card.target_date.value() == date(2026, 6, 1)
    fill(card, owner_edit="Team analyst")
    assert [m.owner for m in stored_measures(db_engine, engagement_id)] == ["Team analyst"]


def test_removing_a_measure_is_undone_and_the_page_shows_it_again(
    editing, page, qtbot, db_engine, engagement_id
):
    seed_measure(db_engine, engagement_id)
    seed_measure(db_engine, engagement_id, name="Errors per 100 claims")
    page.reload()
    first, _second = page.measures.cards
    qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in stored_measures(db_engine, engagement_id)] == ["Errors per 100 claims"]
    assert [c.name_edit.text() for c in page.measures.cards] == ["Errors per 100 claims"]
    editing.undo_stack.undo()
    names = ["Claims closed per week", "Errors per 100 claims"]
    assert [m.name for m in stored_measures(db_engine, engagement_id)] == names
    assert [c.name_edit.text() for c in page.measures.cards] == names


def test_the_card_shows_the_potential_for_improvement(page, qtbot):
    card = new_valid_card(page, qtbot)
    assert card.pip_label.isHidden()
    assert card.exemplar_help.isVisible()
    qtbot.keyClicks(card.exemplar_edit, "82")
    qtbot.keyClicks(card.typical_edit, "60")
    assert card.pip_label.text() == (
        "Potential for improvement: Exemplar ÷ typical = 1.37: "
        "the best do 37% better than a typical performer."
    )
    assert card.exemplar_help.isHidden()


def test_an_empty_date_starts_at_today_when_typed_into(page, qtbot):
    card = new_card(page, qtbot)
    assert card.baseline_date.value() is None
    assert card.baseline_date.text() == "Not set"
    qtbot.keyClick(card.baseline_date, Qt.Key.Key_Up)
    assert card.baseline_date.value() == date.today()


@pytest.mark.parametrize(
    ("exemplar", "typical", "direction", "expected"),
    [
        (82, 60, "higher", "Exemplar ÷ typical = 1.37: the best do 37% better than a typical"),
        (4, 6, "lower", "Typical ÷ exemplar = 1.50 (lower is better here): the best do 50% "),
        (50, 50, "higher", "Exemplar ÷ typical = 1.00: the best do no better than a typical"),
        (40, 50, "higher", "Exemplar ÷ typical = 0.80: the exemplar's figure is worse"),
        (10, 0, "higher", "The potential for improvement can only be worked out from figures"),
        (None, 50, "higher", None),
    ],
)
def test_potential_for_improvement_in_words(exemplar, typical, direction, expected):
    text = potential_for_improvement(exemplar, typical, direction)
    assert text == expected if expected is None else text.startswith(expected)
