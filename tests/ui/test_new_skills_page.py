"""Step 6, new skills: a 1–5 readiness rating per skill of connected work, with its support."""

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from app.demo import load_demo
from app.library.entry import Effort, LibraryEntry
from app.library.readiness_check import support_for
from app.library.store import add_entry, ensure_library, list_library
from app.services.engagements import EngagementDetails, create_engagement
from app.services.readiness import RATING_WORDS
from app.services.scaffolds import list_scaffolds, scaffold_cause_ids
from app.storage import transaction
from app.vocab import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind
from ui.editor.editing import EngagementEditing
from ui.pages.new_skills_page import NEEDS_RATING, NOT_RATED, NewSkillsPage

PKM = NewSkill.personal_knowledge_management


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def page(editing, show_page) -> NewSkillsPage:
    return show_page(NewSkillsPage, editing, (1280, 800))


def ratings(db_engine) -> list[tuple[str, int, str]]:
    """(skill, rating, support) rows as stored."""
    with closing(sqlite3.connect(db_engine.url.database)) as con:
        return con.execute(
            "SELECT skill, rating, support FROM readiness_rating ORDER BY skill"
        ).fetchall()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_every_skill_has_a_row_with_words_for_each_rating(page):
    assert list(page.rows) == list(NewSkill)
    row = page.rows[PKM]
    texts = [row.radios[v].text() for v in (NOT_RATED, *RATING_WORDS)]
    assert texts == ["Not rated"] + [f"{v} {w}" for v, w in RATING_WORDS.items()]
    assert "seek" in row.title_label.text() and row.explanation_label.text()
    assert all(r.rating() == NOT_RATED for r in page.rows.values())


def test_rating_stores_changing_replaces_and_not_rated_clears(qtbot, page, db_engine):
    row = page.rows[PKM]
    click(qtbot, row.radios[2])
    assert ratings(db_engine) == [(PKM.value, 2, "")]
    click(qtbot, row.radios[4])
    assert ratings(db_engine) == [(PKM.value, 4, "")]
    click(qtbot, row.radios[NOT_RATED])
    assert ratings(db_engine) == []


def test_support_text_saves_with_the_rating(qtbot, page, db_engine):
    row = page.rows[NewSkill.connected_working]
    click(qtbot, row.radios[3])
    row.support_edit.setFocus()
    qtbot.keyClicks(row.support_edit, "Fix of the day")
    qtbot.waitUntil(
        lambda: ratings(db_engine) == [(NewSkill.connected_working.value, 3, "Fix of the day")],
        timeout=1500,
    )
    click(qtbot, row.radios[5])
    assert ratings(db_engine) == [(NewSkill.connected_working.value, 5, "Fix of the day")]


def test_support_without_a_rating_asks_for_one_and_keeps_the_text(qtbot, page, db_engine):
    row = page.rows[NewSkill.leading_connected_team]
    qtbot.keyClicks(row.support_edit, "Coaching for Priya")
    row.flush()
    assert row.errors.message("rating") == NEEDS_RATING
    assert row.support_edit.text() == "Coaching for Priya"
    assert ratings(db_engine) == []
    assert page.has_unsaved_errors()
    click(qtbot, row.radios[2])
    assert row.errors.message("rating") == ""
    assert ratings(db_engine) == [(NewSkill.leading_connected_team.value, 2, "Coaching for Priya")]


def test_not_rated_forgets_the_support_too_and_undo_brings_both_back(
    qtbot, page, editing, db_engine
):
    row = page.rows[PKM]
    click(qtbot, row.radios[3])
    qtbot.keyClicks(row.support_edit, "Shared list of sources")
    row.flush()
    click(qtbot, row.radios[NOT_RATED])
    assert ratings(db_engine) == []
    assert row.support_edit.text() == ""
    editing.undo_stack.undo()
    assert ratings(db_engine) == [(PKM.value, 3, "Shared list of sources")]
    assert row.rating() == 3
    assert row.support_edit.text() == "Shared list of sources"


def test_the_page_shows_stored_ratings(qtbot, db_engine):
    with transaction(db_engine) as s:
        demo_id = load_demo(session=s).id
    page = NewSkillsPage(EngagementEditing(db_engine, demo_id))
    qtbot.addWidget(page)
    page.reload()
    assert page.rows[PKM].rating() == 2
    assert page.rows[NewSkill.community_management].rating() == 1
    assert page.rows[NewSkill.connected_working].support_edit.text() == (
        "Fix of the day, pinned thread."
    )
    # The demo is signed: a change is refused where it was made.
    page.show()
    click(qtbot, page.rows[PKM].radios[5])
    assert "Version 1 is signed" in page.rows[PKM].errors.fallback.text()


def stored_scaffolds(db_engine, engagement_id) -> list[tuple]:
    """(library key, name, kind, training reason, cause ids) of every stored scaffold."""
    with transaction(db_engine) as s:
        return [
            (
                x.library_key,
                x.name,
                x.kind,
                x.training_reason,
                scaffold_cause_ids(session=s, scaffold_id=x.id),
            )
            for x in list_scaffolds(session=s, engagement_id=engagement_id)
        ]


def test_a_skill_rated_low_shows_support_from_the_library_that_can_be_added(
    qtbot, db_engine, editing, engagement_id, show_page
):
    ensure_library(db_engine)
    page = show_page(NewSkillsPage, editing, (1280, 800))
    row = page.rows[PKM]
    assert not row.suggestions.isVisible()
    click(qtbot, row.radios[2])
    qtbot.waitUntil(row.suggestions.isVisible)
    with transaction(db_engine) as s:
        expected = support_for({PKM: 2.0}, list_library(session=s))[PKM]
    assert 0 < len(expected) <= 3
    assert [r.entry.key for r in row.suggestions.rows] == [e.key for e in expected]
    assert all(PKM in r.entry.new_skills for r in row.suggestions.rows)
    assert not page.rows[NewSkill.connected_working].suggestions.isVisible()

    first = row.suggestions.rows[0]
    click(qtbot, first.add_button)
    assert stored_scaffolds(db_engine, engagement_id) == [
        (first.entry.key, first.entry.name, first.entry.kind, "", [])
    ]
    assert row.suggestions.rows[0].in_plan()
    assert not row.suggestions.rows[1].in_plan()

    # Rated higher, the suggestions go; undo brings the low rating and them back.
    click(qtbot, row.radios[3])
    assert not row.suggestions.isVisible()
    editing.undo_stack.undo()
    assert row.rating() == 2 and row.suggestions.isVisible()
    editing.undo_stack.undo()
    assert stored_scaffolds(db_engine, engagement_id) == []
    assert not row.suggestions.rows[0].in_plan()


def test_formal_training_suggested_for_a_low_skill_is_added_with_its_reason(
    qtbot, db_engine, editing, engagement_id, show_page
):
    ensure_library(db_engine)
    with transaction(db_engine) as s:
        own = add_entry(
            session=s,
            data=LibraryEntry(
                key="",
                name="Community host course",
                kind=ScaffoldKind.formal_training,
                summary="Two mornings on hosting a community of practice.",
                setup="Book the trainer.",
                addresses=(GilbertCell.knowledge,),
                does_not_address=(),
                levels=(Level.individual,),
                owner_role=OwnerRole.partner,
                effort=Effort.low,
                lead_time_days=1,
                step_back="",
                signal="",
                reference="",
                new_skills=(NewSkill.community_management,),
                builtin=False,
            ),
        )
    page = show_page(NewSkillsPage, editing, (1280, 800))
    row = page.rows[NewSkill.community_management]
    click(qtbot, row.radios[1])
    qtbot.waitUntil(row.suggestions.isVisible)
    training = row.suggestions.rows[0]
    assert training.entry.key == own.key
    click(qtbot, training.add_button)
    (key, _name, kind, reason, causes) = stored_scaffolds(db_engine, engagement_id)[0]
    assert (key, kind, causes) == (own.key, ScaffoldKind.formal_training, [])
    assert "rated low in step 6" in reason
    assert not row.suggestions.error_line.isVisible()
