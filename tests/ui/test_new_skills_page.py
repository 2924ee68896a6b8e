"""Step 6, new skills: a 1–5 readiness rating per skill of connected work, with its support."""

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from app.demo import load_demo
from app.services.engagements import EngagementDetails, create_engagement
from app.services.readiness import RATING_WORDS
from app.storage import transaction
from app.vocab import NewSkill
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
