"""Step 2: a measure that counts learning activity moves to the learning indicators, undoably."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services.checkins import CheckInInput, ObservationInput, record_checkin
from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import list_indicators
from app.services.measures import MeasureInput, add_measure, list_measures
from app.storage import transaction
from app.vocab import IndicatorKind
from ui.followup.indicator_dialog import MoveToIndicatorsDialog
from ui.followup.indicators_panel import IndicatorsPanel
from ui.pages.goal_page import GoalPage
from ui.pages.measure_cards import MeasureCard


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> GoalPage:
    return show_page(GoalPage, editing)


def seed_measure(db_engine, engagement_id, name: str) -> int:
    data = MeasureInput(
        name=name,
        unit="%",
        baseline_value=64.0,
        baseline_date=date(2026, 1, 5),
        target_value=90.0,
        target_date=date(2026, 6, 1),
    )
    with transaction(db_engine) as s:
        m = add_measure(session=s, engagement_id=engagement_id, data=data)
        assert m.id is not None
        return m.id


def stored(db_engine, engagement_id) -> tuple[list[str], list[tuple[str, int, IndicatorKind]]]:
    """The measures' names, and the indicators' names, tiers and kinds."""
    with transaction(db_engine) as s:
        return (
            [m.name for m in list_measures(session=s, engagement_id=engagement_id)],
            [
                (i.name, i.ltem_tier, i.kind)
                for i in list_indicators(session=s, engagement_id=engagement_id)
            ],
        )


def card_named(page: GoalPage, name: str) -> MeasureCard:
    (card,) = [c for c in page.measures.cards if c.name_edit.text() == name]
    assert isinstance(card, MeasureCard)
    return card


def click_move(qtbot, card: MeasureCard) -> None:
    """Click the card's move button once it is on screen."""
    qtbot.waitUntil(card.move_button.isVisible, timeout=3000)
    qtbot.mouseClick(card.move_button, Qt.MouseButton.LeftButton)


def answer(monkeypatch, qtbot, tier_text: str | None) -> list[MoveToIndicatorsDialog]:
    """Replace the modal `ask` with the real dialog: choose `tier_text` and Move (None: Cancel)."""
    dialogs: list[MoveToIndicatorsDialog] = []

    def ask(cls, parent, measure_name, suggestion):
        dialog = cls(measure_name, suggestion, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        if tier_text is None:
            dialog.reject()
            return None
        dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findText(tier_text))
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        return dialog.choice()

    monkeypatch.setattr(MoveToIndicatorsDialog, "ask", classmethod(ask))
    return dialogs


def test_the_button_shows_only_beside_the_hint_of_a_saved_measure(
    page, qtbot, db_engine, engagement_id
) -> None:
    seed_measure(db_engine, engagement_id, "Claims closed per week")
    seed_measure(db_engine, engagement_id, "Course completion rate")
    page.reload()
    assert card_named(page, "Claims closed per week").move_button.isHidden()
    assert not card_named(page, "Course completion rate").move_button.isHidden()

    qtbot.mouseClick(page.measures.add_button, Qt.MouseButton.LeftButton)
    card = page.measures.cards[-1]
    qtbot.keyClicks(card.name_edit, "Webinar attendance")
    assert not card.activity_warning.isHidden()
    assert card.move_button.isHidden()  # nothing stored yet, so nothing to move
    card.baseline_edit.setText("20")
    card.baseline_date.set_value(date(2026, 1, 5))
    card.target_edit.setText("30")
    card.target_date.set_value(date(2026, 6, 1))
    card.saver.touch()
    card.flush()
    assert card.record_id is not None
    assert not card.move_button.isHidden()


def test_moving_a_completion_rate_and_undoing_it(
    page, editing, qtbot, monkeypatch, db_engine, engagement_id
) -> None:
    seed_measure(db_engine, engagement_id, "Claims closed per week")
    seed_measure(db_engine, engagement_id, "Course completion rate")
    page.reload()
    panel = IndicatorsPanel(editing)  # as on the follow-up page, on the same engagement
    qtbot.addWidget(panel)
    dialogs = answer(monkeypatch, qtbot, "2 · Activity")

    click_move(qtbot, card_named(page, "Course completion rate"))

    (dialog,) = dialogs
    assert dialog.windowTitle() == "Move to learning indicators"
    assert dialog.choice() == (2, IndicatorKind.completion)  # the tier chosen, the kind suggested
    assert stored(db_engine, engagement_id) == (
        ["Claims closed per week"],
        [("Course completion rate", 2, IndicatorKind.completion)],
    )
    assert [c.name_edit.text() for c in page.measures.cards] == ["Claims closed per week"]
    assert [panel.table.item(0, c).text() for c in range(4)] == [
        "Course completion rate",
        "2 · Activity",
        "64%",
        "5 Jan 2026",
    ]
    assert editing.undo_stack.undoText() == "Move measure to learning indicators"

    editing.undo_stack.undo()
    assert stored(db_engine, engagement_id) == (
        ["Claims closed per week", "Course completion rate"],
        [],
    )
    assert [c.name_edit.text() for c in page.measures.cards] == [
        "Claims closed per week",
        "Course completion rate",
    ]
    assert panel.table.rowCount() == 0


def test_the_dialog_suggests_a_tier_from_the_name(
    page, qtbot, monkeypatch, db_engine, engagement_id
):
    seed_measure(db_engine, engagement_id, "Learner satisfaction score")
    page.reload()
    dialogs = answer(monkeypatch, qtbot, None)
    click_move(qtbot, card_named(page, "Learner satisfaction score"))
    (dialog,) = dialogs
    assert dialog.tier_combo.currentText() == "3 · Learner perceptions"
    assert dialog.kind_combo.currentText() == "Satisfaction"
    # Cancelled: nothing moved.
    assert stored(db_engine, engagement_id) == (["Learner satisfaction score"], [])
    assert card_named(page, "Learner satisfaction score").move_error.isHidden()


def test_a_measure_with_check_in_values_is_not_moved_and_the_card_says_why(
    page, editing, qtbot, monkeypatch, db_engine, engagement_id
) -> None:
    measure_id = seed_measure(db_engine, engagement_id, "Course completion rate")
    with transaction(db_engine) as s:
        record_checkin(
            session=s,
            engagement_id=engagement_id,
            data=CheckInInput(
                held_on=date(2026, 2, 2), observations=(ObservationInput(measure_id, 71.0),)
            ),
        )
    page.reload()
    answer(monkeypatch, qtbot, "1 · Attendance")
    card = card_named(page, "Course completion rate")
    click_move(qtbot, card)
    assert card.move_error.isVisible()
    assert card.move_error.text().startswith(
        "“Course completion rate” already has one value recorded at check-ins, which would be lost"
    )
    assert stored(db_engine, engagement_id) == (["Course completion rate"], [])
    assert [c.name_edit.text() for c in page.measures.cards] == ["Course completion rate"]
    assert not page.has_unsaved_errors()  # a refused move leaves no unsaved input behind
    assert editing.undo_stack.count() == 0
