"""Amending a signed agreement in the window: a new goal and measure, signed as version 2."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.demo import GOAL, load_demo
from app.flow.steps import StepId
from app.services.agreement import list_versions, version_content
from app.services.common import get_engagement
from app.services.measures import list_measures
from app.storage import transaction
from app.vocab import Direction
from ui.main_window import MainWindow
from ui.pages.measure_cards import MeasureCard
from ui.pages.sign_off import SignConfirmation

TODAY = date.today()
NEW_GOAL = "Customers get their problem solved in the first contact by the spring peak"
NEW_MEASURE = "Escalations to tier 2"
DEMO_MEASURES = [
    "First-contact resolution",
    "Repeat contacts within 7 days",
    "Customer satisfaction after contact",
]


def stored(db_engine, query):
    with transaction(db_engine) as s:
        return query(s)


def typed(day: date) -> str:
    """A date as typed in Scaffold's date fields: "5 Jan 2027"."""
    return f"{day.day} {day:%b %Y}"


def type_in(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_step(qtbot, editor, step: StepId) -> None:
    steps = editor.step_list
    rect = steps.visualItemRect(steps.item(steps.row_of(step)))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_step() is step


def test_amending_changing_the_goal_and_adding_a_measure_signs_version_two(
    qtbot, store, settings, db_engine, monkeypatch
):
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=TODAY).id
    monkeypatch.setattr(SignConfirmation, "ask", classmethod(lambda cls, *args: True))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.host.open(eid)
    editor = window.host.editor

    # Signed: step 2 is read-only until the agreement is amended on step 7.
    goal_page = editor.page(StepId.goal)
    assert not goal_page.body.isEnabled()
    window.host.step_actions[6].trigger()
    agreement = editor.page(StepId.agreement)
    assert agreement.signed_box.isVisible()
    click(qtbot, agreement.signed_box.amend_button)
    assert editor.version_label.text() == "Agreement version 2 · draft"
    assert agreement.sign_box.isVisible()
    assert agreement.sign_box.title() == "Sign version 2"
    assert goal_page.body.isEnabled()

    # Step 2: a new goal typed over the old one, and a fourth measure.
    click_step(qtbot, editor, StepId.goal)
    goal_page.goal_edit.setFocus()
    qtbot.keyClick(goal_page.goal_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(goal_page.goal_edit, NEW_GOAL)
    qtbot.waitUntil(
        lambda: stored(db_engine, lambda s: get_engagement(s, eid).business_goal) == NEW_GOAL
    )
    click(qtbot, goal_page.measures.add_button)
    card = goal_page.measures.cards[-1]
    assert isinstance(card, MeasureCard) and card.record_id is None
    qtbot.waitUntil(card.name_edit.hasFocus)
    qtbot.keyClicks(card.name_edit, NEW_MEASURE)
    type_in(qtbot, card.unit_edit, "per week")
    card.direction_combo.setFocus()
    qtbot.keyClick(card.direction_combo, Qt.Key.Key_Down)  # lower is better
    type_in(qtbot, card.baseline_edit, "45")
    type_in(qtbot, card.baseline_date, typed(TODAY))
    type_in(qtbot, card.target_edit, "30")
    type_in(qtbot, card.target_date, typed(TODAY + timedelta(days=90)))
    qtbot.waitUntil(
        lambda: (
            [
                m.name
                for m in stored(db_engine, lambda s: list_measures(session=s, engagement_id=eid))
            ]
            == [*DEMO_MEASURES, NEW_MEASURE]
        )
    )

    # Step 7: sign version 2.
    window.host.step_actions[6].trigger()
    assert agreement.sign_box.sign_button.isEnabled()
    click(qtbot, agreement.sign_box.sign_button)
    assert agreement.signed_box.isVisible()
    assert agreement.signed_box.signed_label.text().startswith("Version 2 signed by Priya Nair")
    assert editor.version_label.text() == "Agreement version 2 · signed"

    # Two versions: the first as it was signed, the second with the changes.
    first, second = stored(db_engine, lambda s: list_versions(session=s, engagement_id=eid))
    assert (first.number, second.number) == (1, 2)
    assert (second.manager_signature, second.partner_signature) == ("Priya Nair", "Sam Okafor")
    assert second.manager_signed_on == TODAY
    old, new = version_content(first), version_content(second)
    assert old["goal"] == GOAL
    assert [m["name"] for m in old["measures"]] == DEMO_MEASURES
    assert new["goal"] == NEW_GOAL
    assert [m["name"] for m in new["measures"]] == [*DEMO_MEASURES, NEW_MEASURE]
    added = new["measures"][-1]
    assert (added["unit"], added["direction"]) == ("per week", Direction.lower_is_better.value)
    assert (added["baseline_value"], added["target_value"]) == (45, 30)
    assert old["scaffolds"] == new["scaffolds"]  # what was not touched stays the same

    # The comparison lists the goal change and the added measure.
    assert agreement.versions_box.compare_button.isEnabled()
    click(qtbot, agreement.versions_box.compare_button)
    dialog = agreement.compare_dialog
    assert dialog is not None and dialog.isVisible()
    assert (dialog.from_combo.currentData(), dialog.to_combo.currentData()) == (1, 2)
    target = TODAY + timedelta(days=90)
    assert dialog.summary_lines == [
        "The business goal changed.",
        f"Measure added: {NEW_MEASURE}: from 45 to 30 per week by {typed(target)} "
        "(lower is better)",
    ]
    shown = dialog.summary_label.text()
    assert "•  The business goal changed." in shown
    assert f"•  Measure added: {NEW_MEASURE}" in shown
    dialog.close()
