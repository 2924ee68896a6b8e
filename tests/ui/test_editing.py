"""Editing one engagement: saves as you type, inline errors, undo and redo of whole changes."""

import sqlite3

import pytest
from PySide6.QtCore import QElapsedTimer, Qt

from app.services.engagements import EngagementDetails, create_engagement, set_business_goal
from app.services.notes import list_private_notes
from app.storage import transaction
from app.validation import ValidationError
from ui.editor.editor_widget import EngagementEditor
from ui.editor.private_notes import PrivateNotesPanel
from ui.pages.context_page import ContextPage


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s,
            data=EngagementDetails(
                team_name="Claims", manager_name="Sofia", request_verbatim="A course, please."
            ),
        )
        assert e.id is not None
        return e.id


def stored(db_engine, column: str) -> object:
    path = db_engine.url.database
    return sqlite3.connect(path).execute(f"SELECT {column} FROM engagement").fetchone()[0]


def test_apply_saves_and_undo_redo_put_whole_states_back(editing, db_engine, engagement_id):
    editing.apply(
        "Set goal",
        lambda s: set_business_goal(session=s, engagement_id=engagement_id, goal="Fewer errors"),
    )
    assert stored(db_engine, "business_goal") == "Fewer errors"
    assert editing.undo_stack.count() == 1
    editing.undo_stack.undo()
    assert stored(db_engine, "business_goal") == ""
    assert stored(db_engine, "id") == engagement_id
    editing.undo_stack.redo()
    assert stored(db_engine, "business_goal") == "Fewer errors"


def test_a_refused_change_writes_nothing_and_adds_no_undo_step(editing, db_engine):
    def bad(s):
        set_business_goal(session=s, engagement_id=editing.engagement_id, goal="Half done")
        raise ValidationError("x", "refused")

    with pytest.raises(ValidationError):
        editing.apply("Bad", bad)
    assert stored(db_engine, "business_goal") == ""
    assert editing.undo_stack.count() == 0


def test_typing_saves_within_a_second_and_says_so(editing, db_engine, qtbot):
    page = ContextPage(editing)
    qtbot.addWidget(page)
    page.reload()
    messages = []
    editing.saved.connect(messages.append)
    page.team_edit.setFocus()
    page.team_edit.selectAll()
    qtbot.keyClicks(page.team_edit, "Claims Lyon")
    qtbot.waitUntil(lambda: stored(db_engine, "team_name") == "Claims Lyon", timeout=3000)
    assert messages and messages[-1] == "Saved"


def test_an_invalid_field_shows_inline_keeps_the_text_and_saves_nothing(editing, db_engine, qtbot):
    page = ContextPage(editing)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    page.request_edit.setPlainText("Please run a course on billing.")
    page.team_edit.clear()
    page.flush()
    page.saver.touch()
    page.flush()
    assert page.errors.message("team_name") == "Team name is required."
    assert page.team_edit.text() == ""
    assert stored(db_engine, "team_name") == "Claims"
    assert stored(db_engine, "request_verbatim") == "A course, please."
    qtbot.keyClicks(page.team_edit, "Claims")
    page.flush()
    assert page.errors.message("team_name") == ""
    assert stored(db_engine, "request_verbatim") == "Please run a course on billing."


def test_undo_reloads_the_page(editing, qtbot):
    page = ContextPage(editing)
    qtbot.addWidget(page)
    page.reload()
    page.manager_edit.setText("Sofia Marin")
    page.saver.touch()
    page.flush()
    assert editing.undo_stack.count() == 1
    editing.undo_stack.undo()
    assert page.manager_edit.text() == "Sofia"


def test_private_notes_are_saved_and_hidden_in_meeting_mode(editing, db_engine, qtbot):
    editor = EngagementEditor(editing, [ContextPage])
    qtbot.addWidget(editor)
    editor.show()
    notes: PrivateNotesPanel = editor.notes
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(notes.editor, "Manager seems under pressure")
    notes.flush()
    with transaction(db_engine) as s:
        texts = [n.text for n in list_private_notes(session=s, engagement_id=editing.engagement_id)]
    assert texts == ["Manager seems under pressure"]
    editor.set_meeting_mode(True)
    assert not notes.isVisible()
    assert all(
        "under pressure" not in w.text()
        for w in editor.findChildren(type(notes.add_button))
        if w.isVisible()
    )
    editor.set_meeting_mode(False)
    assert notes.isVisible()


def test_steady_typing_is_saved_within_a_second(editing, db_engine, qtbot):
    page = ContextPage(editing)
    qtbot.addWidget(page)
    page.reload()
    page.team_edit.setFocus()
    page.team_edit.selectAll()
    timer = QElapsedTimer()
    timer.start()
    typed = ""
    # Type a key every 150 ms (never pausing long enough for the pause rule) for 1.5 s.
    while timer.elapsed() < 1500:
        typed += "x"
        qtbot.keyClicks(page.team_edit, "x")
        qtbot.wait(150)
        if timer.elapsed() > 1000:
            saved = stored(db_engine, "team_name")
            assert saved.startswith("x"), "nothing saved after a second of steady typing"
    assert typed.startswith(stored(db_engine, "team_name"))
