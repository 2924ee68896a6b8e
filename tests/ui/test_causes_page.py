"""Step 4, causes: Gilbert's six cells per behaviour, environment first, and the verdict."""

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from app.demo import load_demo
from app.flow.prompts import CELL_PROMPTS
from app.flow.steps import StepId
from app.services.agreement import amend_agreement
from app.services.behaviours import (
    BehaviourInput,
    CauseInput,
    add_behaviour,
    add_cause,
    engagement_causes,
)
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.storage import transaction
from app.validation import MAX_TEXT_CHARS
from app.vocab import Confidence, GilbertCell, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.cause_cards import (
    ENVIRONMENT_TITLE,
    INDIVIDUAL_TITLE,
    SCAFFOLD_STEP_HINT,
    CauseCard,
)
from ui.pages.causes_page import CausesPage

ENVIRONMENT_ORDER = [GilbertCell.information, GilbertCell.resources, GilbertCell.incentives]
INDIVIDUAL_ORDER = [GilbertCell.knowledge, GilbertCell.capacity, GilbertCell.motives]


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


def add_behaviours(db_engine, engagement_id, *roles: str) -> list[int]:
    ids = []
    with transaction(db_engine) as s:
        for role in roles:
            b = add_behaviour(
                session=s,
                engagement_id=engagement_id,
                data=BehaviourInput(
                    role=role, expected=f"{role} calls back within a day", current="Waits"
                ),
            )
            assert b.id is not None
            ids.append(b.id)
    return ids


@pytest.fixture
def behaviour_id(db_engine, engagement_id) -> int:
    return add_behaviours(db_engine, engagement_id, "Claims handler")[0]


@pytest.fixture
def make_page(editing, show_page):
    def _make() -> CausesPage:
        return show_page(CausesPage, editing, (1280, 800))

    return _make


def stored_causes(db_engine) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db_engine.url.database)
    return con.execute("SELECT cell, evidence, confidence FROM cause ORDER BY id").fetchall()


def seed_cause(editing, behaviour_id, cell, evidence="", confidence=Confidence.medium) -> int:
    """Record a cause as if from elsewhere (another page, an import): the page reloads."""
    cause = editing.apply(
        "Add cause",
        lambda s: add_cause(
            session=s,
            behaviour_id=behaviour_id,
            data=CauseInput(cell=cell, evidence=evidence, confidence=confidence),
        ),
    )
    assert cause.id is not None
    return cause.id


def cards(page, cell, behaviour_id=None) -> list[CauseCard]:
    section = page.sections[0] if behaviour_id is None else page.section(behaviour_id)
    return [c for c in section.cells[cell].records.cards if isinstance(c, CauseCard)]


def add_through_page(qtbot, page, cell, evidence) -> CauseCard:
    section = page.sections[0]
    qtbot.mouseClick(section.cells[cell].records.add_button, Qt.MouseButton.LeftButton)
    card = cards(page, cell)[-1]
    qtbot.keyClicks(card.evidence_edit, evidence)
    card.flush()
    return card


def test_adding_a_resources_cause_through_the_keyboard(qtbot, make_page, db_engine, behaviour_id):
    page = make_page()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    add_button = page.sections[0].cells[GilbertCell.resources].records.add_button
    add_button.setFocus()
    qtbot.keyClick(add_button, Qt.Key.Key_Space)
    (card,) = cards(page, GilbertCell.resources)
    qtbot.waitUntil(card.confidence_combo.isVisible)  # layouts show new children on the next turn
    assert QApplication.focusWidget() is card.evidence_edit
    qtbot.keyClicks(card.evidence_edit, "No time is set aside for call-backs")
    qtbot.keyClick(card.evidence_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.confidence_combo
    qtbot.keyClick(card.confidence_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(stored_causes(db_engine)) == 1, timeout=3000)
    assert stored_causes(db_engine) == [
        ("resources", "No time is set aside for call-backs", "high")
    ]
    assert cards(page, GilbertCell.knowledge) == []
    assert page.current_verdict() == "No"


def test_an_empty_new_card_saves_nothing(qtbot, make_page, db_engine, behaviour_id):
    page = make_page()
    qtbot.mouseClick(
        page.sections[0].cells[GilbertCell.motives].records.add_button, Qt.MouseButton.LeftButton
    )
    (card,) = cards(page, GilbertCell.motives)
    card.saver.touch()
    page.flush()
    assert stored_causes(db_engine) == []
    assert card.record_id is None


def test_environment_cells_come_first_in_layout_and_tab_order(make_page, editing, behaviour_id):
    seed_cause(editing, behaviour_id, GilbertCell.knowledge, "Cannot explain the rule")
    page = make_page()
    section = page.sections[0]
    assert [p.cell for p in CELL_PROMPTS] == ENVIRONMENT_ORDER + INDIVIDUAL_ORDER
    # Grouped under the two headings, the environment group above the individual one.
    for cell in ENVIRONMENT_ORDER:
        assert section.cells[cell].parent() is section.environment_box
    for cell in INDIVIDUAL_ORDER:
        assert section.cells[cell].parent() is section.individual_box
    assert section.environment_box.accessibleName() == ENVIRONMENT_TITLE
    assert section.individual_box.accessibleName() == INDIVIDUAL_TITLE
    tops = [
        section.cells[p.cell].mapTo(page, section.cells[p.cell].rect().topLeft()).y()
        for p in CELL_PROMPTS
    ]
    assert tops == sorted(tops) and len(set(tops)) == 6
    # Each cell shows its title and the questions to ask the manager.
    for prompt in CELL_PROMPTS:
        panel = section.cells[prompt.cell]
        assert panel.title_label.text() == prompt.title
        for question in prompt.questions:
            assert question in panel.questions_label.text()
    # Tabbing visits the cells in the same order, the knowledge cause card inside its cell.
    (card,) = cards(page, GilbertCell.knowledge)
    wanted: list[QWidget] = [section.cells[c].records.add_button for c in ENVIRONMENT_ORDER]
    wanted += [card.evidence_edit, section.cells[GilbertCell.knowledge].records.add_button]
    seen: list[QWidget] = []
    widget = page.behaviour_combo
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget in wanted:
            seen.append(widget)
    assert seen[: len(wanted)] == wanted


def test_the_verdict_follows_the_causes(qtbot, make_page, editing, db_engine, behaviour_id):
    page = make_page()
    assert page.current_verdict() == "Not yet known"
    seed_cause(editing, behaviour_id, GilbertCell.information, "Never hear about repeat calls")
    seed_cause(editing, behaviour_id, GilbertCell.incentives, "Only speed is praised")
    assert page.current_verdict() == "No"
    assert "No knowledge or skill gap" in page.verdict.explanation_label.text()

    add_through_page(qtbot, page, GilbertCell.knowledge, "New starters cannot explain pro-rata")
    assert [row[0] for row in stored_causes(db_engine)][-1] == "knowledge"
    assert page.current_verdict() == "Partly"
    assert "1 of 3 causes" in page.verdict.explanation_label.text()

    for cell in (GilbertCell.information, GilbertCell.incentives):
        (card,) = cards(page, cell)
        qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in stored_causes(db_engine)] == ["knowledge"]
    assert page.current_verdict() == "Yes"


def test_editing_evidence_saves_and_shows_in_the_selector(
    qtbot, make_page, editing, db_engine, behaviour_id
):
    seed_cause(editing, behaviour_id, GilbertCell.resources, "Old articles", Confidence.low)
    page = make_page()
    assert "(1 cause)" in page.behaviour_combo.itemText(0)
    (card,) = cards(page, GilbertCell.resources)
    assert card.evidence_edit.toPlainText() == "Old articles"
    assert card.confidence() is Confidence.low
    card.evidence_edit.selectAll()
    qtbot.keyClicks(card.evidence_edit, "A third of the articles describe the old tariffs")
    qtbot.waitUntil(
        lambda: (
            stored_causes(db_engine)
            == [("resources", "A third of the articles describe the old tariffs", "low")]
        ),
        timeout=3000,
    )
    add_through_page(qtbot, page, GilbertCell.capacity, "Fourteen calls an hour")
    assert "(2 causes)" in page.behaviour_combo.itemText(0)


def test_removing_a_cause_and_undoing_brings_it_back(
    qtbot, make_page, editing, db_engine, behaviour_id
):
    seed_cause(editing, behaviour_id, GilbertCell.motives, "Says it is pointless", Confidence.high)
    page = make_page()
    (card,) = cards(page, GilbertCell.motives)
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    assert stored_causes(db_engine) == []
    assert cards(page, GilbertCell.motives) == []
    assert page.current_verdict() == "Not yet known"
    editing.undo_stack.undo()
    assert stored_causes(db_engine) == [("motives", "Says it is pointless", "high")]
    (back,) = cards(page, GilbertCell.motives)
    assert back.evidence_edit.toPlainText() == "Says it is pointless"
    assert back.confidence() is Confidence.high
    assert page.current_verdict() == "No"


def test_the_training_refusal_shows_beside_the_card_and_deletes_nothing(
    qtbot, make_page, editing, db_engine, engagement_id, behaviour_id
):
    gap = seed_cause(editing, behaviour_id, GilbertCell.knowledge, "Cannot explain pro-rata")
    editing.apply(
        "Add scaffold",
        lambda s: add_scaffold(
            session=s,
            engagement_id=engagement_id,
            data=ScaffoldInput(
                name="Billing course", kind=ScaffoldKind.formal_training, cause_ids=(gap,)
            ),
        ),
    )
    page = make_page()
    steps = editing.undo_stack.count()
    (card,) = cards(page, GilbertCell.knowledge)
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    message = card.errors.fallback
    assert message.isVisible()
    assert "formal training" in message.text()
    assert "Record why it is still needed" in message.text()
    assert message.text().endswith(SCAFFOLD_STEP_HINT)
    assert card.isAncestorOf(message)
    assert stored_causes(db_engine) == [("knowledge", "Cannot explain pro-rata", "medium")]
    assert cards(page, GilbertCell.knowledge) == [card]
    assert editing.undo_stack.count() == steps
    assert page.current_verdict() == "Yes"
    # Nothing typed is lost, so leaving the page need not warn.
    assert not page.has_unsaved_errors()


def test_too_long_evidence_is_refused_inline_and_kept(qtbot, make_page, db_engine, behaviour_id):
    page = make_page()
    card = add_through_page(qtbot, page, GilbertCell.information, "x")
    assert stored_causes(db_engine) == [("information", "x", "medium")]
    too_long = "y" * (MAX_TEXT_CHARS + 1)
    card.evidence_edit.setPlainText(too_long)
    card.flush()
    assert "the limit is" in card.errors.message("evidence")
    assert card.evidence_edit.toPlainText() == too_long
    assert stored_causes(db_engine) == [("information", "x", "medium")]
    assert page.has_unsaved_errors()


def test_a_signed_version_refuses_new_causes_inline(qtbot, db_engine):
    with transaction(db_engine) as s:
        demo = load_demo(session=s)
        assert demo.id is not None
        before = len(engagement_causes(session=s, engagement_id=demo.id))
    editing = EngagementEditing(db_engine, demo.id)
    page = CausesPage(editing)
    qtbot.addWidget(page)
    page.reload()
    page.show()
    card = add_through_page(qtbot, page, GilbertCell.capacity, "Too many calls")
    assert "is signed" in card.errors.fallback.text()
    assert card.record_id is None
    assert card.evidence_edit.toPlainText() == "Too many calls"
    with transaction(db_engine) as s:
        assert len(engagement_causes(session=s, engagement_id=demo.id)) == before


def test_the_demo_shows_each_behaviour_through_the_selector(qtbot, db_engine):
    with transaction(db_engine) as s:
        demo = load_demo(session=s)
        assert demo.id is not None
        amend_agreement(session=s, engagement_id=demo.id)
    page = CausesPage(EngagementEditing(db_engine, demo.id))
    qtbot.addWidget(page)
    page.reload()
    page.show()
    assert page.behaviour_combo.count() == 3
    assert page.selector.isVisible()
    assert [s.isVisible() for s in page.sections] == [True, False, False]
    first = page.sections[0]
    assert first.role_label.text() == "Support adviser"
    assert first.expected_label.text().startswith("Should do: Checks the knowledge base")
    assert first.current_label.text().startswith("Does now: Answers from memory")
    counts = [len(cards(page, c, s.behaviour_id)) for s in page.sections for c in GilbertCell]
    assert sum(counts) == 5
    assert page.current_verdict() == "Partly"
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.behaviour_combo.currentIndex() == 1
    assert [s.isVisible() for s in page.sections] == [False, True, False]
    assert "3 of 3" in page.next_button.text()
    page.behaviour_combo.setCurrentIndex(2)
    assert not page.next_button.isVisible()


def test_an_engagement_without_behaviours_points_to_step_three(qtbot, make_page, editing):
    page = make_page()
    assert page.empty_box.isVisible()
    assert not page.selector.isVisible()
    assert page.sections == []
    assert page.current_verdict() == "Not yet known"
    with qtbot.waitSignal(page.go_to_step) as signal:
        qtbot.mouseClick(page.to_behaviours_button, Qt.MouseButton.LeftButton)
    assert signal.args == [StepId.performance]


def test_a_behaviour_added_elsewhere_appears_with_meeting_sized_headings(
    qtbot, make_page, editing, db_engine, engagement_id
):
    page = make_page()
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    page.setFont(font)
    add_behaviours(db_engine, engagement_id, "Team lead")
    editing.changed.emit(None)  # as after a change made on another page
    assert not page.empty_box.isVisible()
    (section,) = page.sections
    assert section.role_label.text() == "Team lead"
    title = section.cells[GilbertCell.information].title_label
    assert title.font().pointSizeF() == pytest.approx(font.pointSizeF() * 1.1)


def test_the_evidence_box_grows_with_the_text(qtbot, make_page, editing, behaviour_id):
    seed_cause(editing, behaviour_id, GilbertCell.resources, "Short")
    page = make_page()
    (card,) = cards(page, GilbertCell.resources)
    box = card.evidence_edit
    qtbot.waitUntil(lambda: box.height() == box.sizeHint().height())
    two_lines = box.height()
    box.setPlainText("\n".join(f"Seen on call {n}" for n in range(4)))
    qtbot.waitUntil(lambda: box.height() > two_lines and box.verticalScrollBar().maximum() == 0)


def test_removing_a_card_first_saves_what_is_typed_in_another(
    qtbot, make_page, editing, db_engine, behaviour_id
):
    seed_cause(editing, behaviour_id, GilbertCell.resources, "Old articles")
    seed_cause(editing, behaviour_id, GilbertCell.capacity, "Too many calls")
    page = make_page()
    (typing,) = cards(page, GilbertCell.resources)
    typing.evidence_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(typing.evidence_edit, " nobody trusts")
    assert typing.saver.pending
    (other,) = cards(page, GilbertCell.capacity)
    qtbot.mouseClick(other.remove_button, Qt.MouseButton.LeftButton)
    assert stored_causes(db_engine) == [("resources", "Old articles nobody trusts", "medium")]
    (shown,) = cards(page, GilbertCell.resources)
    assert shown.evidence_edit.toPlainText() == "Old articles nobody trusts"
