"""Step 5's suggestions from the library: ranked for the causes, added to the plan in a click."""

import pytest
from PySide6.QtCore import Qt

from app.library.recommend_service import recommend_for_engagement
from app.library.store import ensure_library, get_entry
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from app.storage import transaction
from app.vocab import Confidence, GilbertCell, OwnerRole, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.recommendations import SHOWN_FIRST, SuggestionRow
from ui.pages.scaffolds_page import ScaffoldsPage

HIGH = Confidence.high


@pytest.fixture
def engagement_id(db_engine) -> int:
    ensure_library(db_engine)
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


def add_causes(db_engine, engagement_id, *cells: GilbertCell, confidence=HIGH) -> list[int]:
    """One (individual-level) behaviour with a cause in each of `cells`; the causes' ids."""
    with transaction(db_engine) as s:
        b = add_behaviour(
            session=s,
            engagement_id=engagement_id,
            data=BehaviourInput(role="Claims handler", expected="Calls back within a day"),
        )
        assert b.id is not None
        ids = []
        for cell in cells:
            cause = CauseInput(cell=cell, evidence=f"About {cell.value}", confidence=confidence)
            c = add_cause(session=s, behaviour_id=b.id, data=cause)
            assert c.id is not None
            ids.append(c.id)
        return ids


@pytest.fixture
def page(editing, show_page) -> ScaffoldsPage:
    return show_page(ScaffoldsPage, editing, (1280, 800))


def stored(db_engine, engagement_id) -> list[tuple]:
    """(library key, name, kind, level, owner, description, cause ids) of each stored scaffold."""
    with transaction(db_engine) as s:
        return [
            (
                x.library_key,
                x.name,
                x.kind,
                x.level,
                x.owner_role,
                x.description,
                scaffold_cause_ids(session=s, scaffold_id=x.id),
            )
            for x in list_scaffolds(session=s, engagement_id=engagement_id)
        ]


def keys(page: ScaffoldsPage) -> list[str]:
    return [row.entry.key for row in page.suggestions.rows]


def row_for(page: ScaffoldsPage, key: str) -> SuggestionRow:
    return next(row for row in page.suggestions.rows if row.entry.key == key)


def ranked(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return recommend_for_engagement(session=s, engagement_id=engagement_id)


def test_for_incentives_and_information_a_manager_fix_comes_first_with_its_reason(
    db_engine, engagement_id, editing, show_page
):
    add_causes(db_engine, engagement_id, GilbertCell.incentives, GilbertCell.information)
    page = show_page(ScaffoldsPage, editing, (1280, 800))
    panel = page.suggestions
    expected = ranked(db_engine, engagement_id).recommended
    assert keys(page) == [r.entry.key for r in expected] and len(expected) == 8
    first = panel.rows[0]
    assert first.entry.kind is ScaffoldKind.environment_fix
    assert first.entry.owner_role is OwnerRole.manager
    assert "Environment fix (manager)" in first.title_label.text()
    assert first.title_label.text().startswith(f"<b>{first.entry.name}</b>")
    assert first.reason_label.text() == expected[0].reason
    assert first.reason_label.text().startswith(
        "Addresses: information & feedback, incentives & consequences · owner: manager"
    )
    assert first.summary_label.full_text() == first.entry.summary
    assert [row.reason_label.text() for row in panel.rows] == [r.reason for r in expected]
    assert all(row.entry.kind is not ScaffoldKind.formal_training for row in panel.rows)
    assert panel.toggle.text() == "Su&ggested from the library (8)"
    # Compact: the first few show, the rest on demand.
    assert [row.isVisible() for row in panel.rows] == [True] * SHOWN_FIRST + [False] * 5
    panel.more_button.click()
    assert all(row.isVisible() for row in panel.rows)


def test_adding_a_suggestion_creates_the_scaffold_and_undo_removes_it(
    qtbot, db_engine, engagement_id, editing, show_page
):
    incentives, information = add_causes(
        db_engine, engagement_id, GilbertCell.incentives, GilbertCell.information
    )
    page = show_page(ScaffoldsPage, editing, (1280, 800))
    assert "clear-expectations" in keys(page)  # addresses information only
    page.suggestions.more_button.click()
    row = row_for(page, "clear-expectations")
    assert not row.in_plan()
    qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)

    with transaction(db_engine) as s:
        entry = get_entry(session=s, key="clear-expectations")
    assert stored(db_engine, engagement_id) == [
        (
            "clear-expectations",
            entry.name,
            ScaffoldKind.environment_fix,
            entry.levels[0],
            OwnerRole.manager,
            f"{entry.summary}\n\nSet-up: {entry.setup}",
            [information],
        )
    ]
    row = row_for(page, "clear-expectations")
    assert row.in_plan() and not row.add_button.isVisible()
    assert row.in_plan_label.isVisible() and row.in_plan_label.text() == "✓ In the plan"
    assert [c.name_edit.text() for c in page.manager_list.cards] == [entry.name]

    # The first suggestion addresses both causes.
    first = page.suggestions.rows[0]
    qtbot.mouseClick(first.add_button, Qt.MouseButton.LeftButton)
    assert stored(db_engine, engagement_id)[1][6] == sorted([incentives, information])
    assert "Every recorded cause is addressed" in page.gaps_label.text()

    editing.undo_stack.undo()
    editing.undo_stack.undo()
    assert stored(db_engine, engagement_id) == []
    assert not any(r.in_plan() for r in page.suggestions.rows)
    assert row_for(page, "clear-expectations").add_button.isVisible()
    assert page.manager_list.cards == []


def test_with_a_skill_gap_only_training_may_come_but_below_everything_else(
    qtbot, db_engine, engagement_id, editing, show_page
):
    add_causes(db_engine, engagement_id, GilbertCell.knowledge)
    page = show_page(ScaffoldsPage, editing, (1280, 800))
    panel = page.suggestions
    before = keys(page)
    assert any(row.entry.owner_role is OwnerRole.team for row in panel.rows)

    # Leaving out what the team owns changes the list; training then makes the list, last.
    qtbot.mouseClick(panel.owner_boxes[OwnerRole.team], Qt.MouseButton.LeftButton)
    assert keys(page) != before
    assert all(row.entry.owner_role is not OwnerRole.team for row in panel.rows)
    kinds = [row.entry.kind for row in panel.rows]
    assert ScaffoldKind.formal_training in kinds
    first_training = kinds.index(ScaffoldKind.formal_training)
    assert first_training > 0
    assert all(k is ScaffoldKind.formal_training for k in kinds[first_training:])
    assert "formal training: the last resort" in panel.rows[first_training].reason_label.text()
    assert "owner team is excluded" in panel.not_chosen_label.text()
    # Kept while the page lives, never stored: the check box is still ticked after a change.
    editing.apply("touch", lambda s: None, origin=None)
    assert panel.owner_boxes[OwnerRole.team].isChecked()
    assert panel.constraints().excluded_owners == frozenset({OwnerRole.team})


def test_set_up_time_and_effort_limits_narrow_the_list(
    db_engine, engagement_id, editing, show_page
):
    add_causes(db_engine, engagement_id, GilbertCell.incentives, GilbertCell.information)
    page = show_page(ScaffoldsPage, editing, (1280, 800))
    panel = page.suggestions
    assert any(row.entry.lead_time_days > 7 for row in panel.rows)
    panel.lead_combo.setCurrentIndex(panel.lead_combo.findText("1 week"))
    assert panel.rows and all(row.entry.lead_time_days <= 7 for row in panel.rows)
    assert "is over the 7 allowed" in panel.not_chosen_label.text()
    panel.lead_combo.setCurrentIndex(panel.lead_combo.findText("Any"))
    panel.effort_combo.setCurrentIndex(panel.effort_combo.findText("Low"))
    assert all(row.entry.effort.value == "low" for row in panel.rows)
    assert panel.constraints().max_lead_time_days is None


def test_not_suggested_is_folded_away_until_opened(db_engine, engagement_id, page, qtbot):
    panel = page.suggestions
    assert panel.rows == []
    assert panel.note_label.isVisible()
    assert panel.note_label.text().startswith("No causes are recorded yet")
    assert not panel.not_chosen_toggle.isVisible()

    # Causes recorded elsewhere (step 4): the panel ranks again at once.
    add_causes(db_engine, engagement_id, GilbertCell.incentives, GilbertCell.information)
    page.editing.apply("elsewhere", lambda s: None, origin=object())
    assert len(panel.rows) == 8
    assert not panel.note_label.isVisible()
    assert panel.not_chosen_toggle.isVisible()
    assert panel.not_chosen_toggle.text() == "Not suggested (5)"
    assert not panel.not_chosen_label.isVisible()
    qtbot.mouseClick(panel.not_chosen_toggle, Qt.MouseButton.LeftButton)
    assert panel.not_chosen_label.isVisible()
    assert "formal training: no knowledge or skill gap is recorded" in (
        panel.not_chosen_label.text()
    )
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert not panel.content.isVisible()


def test_a_scaffold_of_the_plan_from_the_library_shows_as_in_the_plan_when_opened(
    qtbot, db_engine, engagement_id, editing, show_page
):
    add_causes(db_engine, engagement_id, GilbertCell.incentives, GilbertCell.information)
    first = show_page(ScaffoldsPage, editing, (1280, 800))
    qtbot.mouseClick(first.suggestions.rows[0].add_button, Qt.MouseButton.LeftButton)
    other = show_page(ScaffoldsPage, EngagementEditing(db_engine, engagement_id), (1280, 800))
    assert [r.in_plan() for r in other.suggestions.rows][:2] == [True, False]
