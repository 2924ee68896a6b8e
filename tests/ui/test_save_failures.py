"""A full disk or a read-only database while typing: the text stays, a message says why and
what to do, saving is tried again, and nothing is lost or dropped without asking."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.flow.steps import StepId
from app.services.common import get_engagement
from app.services.engagements import set_business_goal
from app.services.notes import add_private_note, list_private_notes
from app.storage import StorageError, transaction
from models.db import make_engine
from tests.ui.save_faults import disk_full, read_only
from ui.editor.editing import RETRY_DELAYS_MS, EngagementEditing
from ui.editor.unsaved_question import Leave, NotSavedQuestion, not_saved_text
from ui.main_window import MainWindow
from ui.widgets.autosave import DebouncedSaver

# Longer than a database page (4 KiB): storing it needs new pages, which a full disk refuses.
LONG_REQUEST = " ".join(
    ["A course on time management for the claims team, to cut the backlog."] * 70
)


@pytest.fixture
def engagement_id(seed) -> int:
    return seed(("Claims handling", "Sofia Marin"))[0]


@pytest.fixture
def window(qtbot, store, settings, engagement_id):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.host.open(engagement_id)
    yield window
    if window.host.editor is not None:  # no question when the test's window closes
        window.host.editor.editing.forget_waiting()


@pytest.fixture
def faults(db_engine):
    """Make faults on the test's database; every one is lifted when the test ends."""
    made = []

    def _make(kind):
        fault = kind(db_engine)
        made.append(fault)
        return fault

    yield _make
    for fault in made:
        fault.lift()


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    """The answers `NotSavedQuestion` gives, in order; each question asked is recorded.

    With no answer left (a failed test's window closing), it answers "close anyway".
    """

    class Script:
        answers: ClassVar[list] = []  # a Leave, or a function run when asked that returns one
        asked: ClassVar[list[tuple[str, list[str]]]] = []

    def ask(cls, parent, problem, edits):
        Script.asked.append((problem, list(edits)))
        answer = Script.answers.pop(0) if Script.answers else Leave.discard
        return answer() if callable(answer) else answer

    monkeypatch.setattr(NotSavedQuestion, "ask", classmethod(ask))
    return Script


@pytest.fixture
def reader(db_engine):
    """A second engine on the same file, without the fault: what the database really holds."""
    engine = make_engine(Path(db_engine.url.database))
    yield engine
    engine.dispose()


def stored_request(engine, engagement_id) -> str:
    with transaction(engine) as s:
        return get_engagement(s, engagement_id).request_verbatim


def context_page(window):
    return window.host.editor.page(StepId.context)


def type_request(qtbot, page, text: str) -> None:
    page.request_edit.setFocus()
    qtbot.keyClicks(page.request_edit, text)


def test_a_full_disk_keeps_the_text_says_so_and_saves_once_there_is_room(
    qtbot, window, faults, reader, db_engine, engagement_id
):
    page = context_page(window)
    banner = window.host.editor.save_banner
    fault = faults(disk_full)
    fault.inject()

    type_request(qtbot, page, LONG_REQUEST)
    qtbot.waitUntil(banner.isVisible, timeout=3000)

    assert banner.title_label.text() == "Not saved yet: the disk is full"
    message = banner.message_label.text()
    assert "There is no space left on the disk that holds" in message
    assert "What you typed stays in the window" in message
    assert "Free some space" in message
    assert banner.retry_button.isVisible()
    assert page.errors.fallback.isVisible()
    assert page.errors.fallback.text().startswith("Not saved yet: the disk is full.")
    assert window.statusBar().currentMessage().startswith("Not saved yet: the disk is full")
    assert page.request_edit.toPlainText() == LONG_REQUEST  # kept, never reloaded over
    assert stored_request(reader, engagement_id) == ""
    assert window.host.editor.has_unsaved_errors()

    fault.lift()
    # No click: the automatic retry (a few seconds after the failure) saves it.
    qtbot.waitUntil(
        lambda: stored_request(reader, engagement_id) == LONG_REQUEST,
        timeout=RETRY_DELAYS_MS[0] + 3000,
    )
    qtbot.waitUntil(lambda: banner.title_label.text() == "Saved", timeout=3000)
    assert banner.message_label.text() == "Everything you typed is stored now."
    assert not banner.retry_button.isVisible()
    assert not page.errors.fallback.isVisible()
    assert window.statusBar().currentMessage() == "Saved"
    assert not window.host.editor.has_unsaved_errors()
    assert page.request_edit.toPlainText() == LONG_REQUEST
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=6000)  # "Saved" goes after a while


def test_a_read_only_database_keeps_every_edit_made_meanwhile_and_try_again_saves_them(
    qtbot, window, faults, reader, db_engine, engagement_id
):
    page = context_page(window)
    banner = window.host.editor.save_banner
    fault = faults(read_only)
    fault.inject()

    typed = ""
    for part in ("Fewer reopened claims", ", faster first replies", " and calmer handovers."):
        type_request(qtbot, page, part)
        typed += part
        page.flush()  # leaving the field saves at once, and fails at once
        assert banner.isVisible()
        assert page.request_edit.toPlainText() == typed

    assert banner.title_label.text() == "Not saved yet: the database's folder is read-only"
    assert "cannot be written: the file or its folder is read-only" in banner.message_label.text()
    assert "USB stick" in banner.message_label.text()
    assert stored_request(reader, engagement_id) == ""

    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)  # still read-only
    assert banner.title_label.text().startswith("Not saved yet")
    assert stored_request(reader, engagement_id) == ""

    fault.lift()
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert banner.title_label.text() == "Saved"
    lost = len(typed) - len(stored_request(reader, engagement_id))
    assert stored_request(reader, engagement_id) == typed
    assert lost == 0


def test_the_next_edit_saves_what_waited_without_a_retry_timer(
    qtbot, window, faults, reader, db_engine, engagement_id
):
    page = context_page(window)
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "Cut the backlog")
    page.flush()
    assert window.host.editor.editing.waiting_savers()

    fault.lift()
    type_request(qtbot, page, " by half")
    page.flush()
    assert stored_request(reader, engagement_id) == "Cut the backlog by half"
    assert not window.host.editor.editing.waiting_savers()
    assert window.host.editor.save_banner.title_label.text() == "Saved"


def test_a_private_note_that_could_not_be_saved_survives_saves_elsewhere(
    qtbot, window, faults, db_engine, engagement_id
):
    editor = window.host.editor
    notes = editor.notes
    fault = faults(disk_full)
    fault.inject()
    notes.editor.setFocus()
    note = " ".join(["Sofia hinted the backlog comes from the new intake form."] * 80)
    qtbot.keyClicks(notes.editor, note)
    notes.flush()
    assert notes.saver.failure is not None
    assert editor.save_banner.isVisible()

    # A small edit elsewhere still fits in the database's pages, and is saved …
    page = context_page(window)
    page.team_edit.setFocus()
    qtbot.keyClicks(page.team_edit, " Lyon")
    page.flush()
    with transaction(db_engine) as s:
        assert get_engagement(s, engagement_id).team_name == "Claims handling Lyon"
    # … without the note being reloaded over.
    assert notes.editor.toPlainText() == note

    fault.lift()
    assert editor.editing.retry_now()
    with transaction(db_engine) as s:
        stored = list_private_notes(session=s, engagement_id=engagement_id)
    assert [n.text for n in stored] == [note]


def test_undo_waits_while_an_edit_is_not_saved(
    qtbot, window, faults, reader, db_engine, engagement_id
):
    page = context_page(window)
    page.team_edit.setFocus()
    qtbot.keyClicks(page.team_edit, " Lyon")
    page.flush()
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "Fewer reopened claims")
    page.flush()

    window.host.undo_action.trigger()
    assert window.statusBar().currentMessage().startswith("Undo and redo wait")
    assert page.request_edit.toPlainText() == "Fewer reopened claims"
    assert page.team_edit.text() == "Claims handling Lyon"

    fault.lift()
    assert window.host.editor.editing.retry_now()
    assert stored_request(reader, engagement_id) == "Fewer reopened claims"


def test_closing_the_consultation_with_an_unsaved_edit_asks_and_each_answer_holds(
    qtbot, window, faults, reader, db_engine, engagement_id, questions
):
    page = context_page(window)
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "Fewer reopened claims")

    # Cancel: the consultation stays open with the text.
    questions.answers = [Leave.stay]
    assert not window.host.close()
    assert window.host.editor is not None
    assert page.request_edit.toPlainText() == "Fewer reopened claims"
    problem, edits = questions.asked[-1]
    assert "read-only" in problem
    assert edits == ["Step 1: Context and request — The request: “Fewer reopened claims”"]

    # Try again while it is still read-only: asked again; then stay.
    questions.answers = [Leave.try_again, Leave.stay]
    assert not window.host.close()
    assert len(questions.asked) == 3

    # Try again once writing works (the person freed the folder meanwhile): saved, and closed.
    def lift_then_try_again():
        fault.lift()
        return Leave.try_again

    questions.answers = [lift_then_try_again]
    assert window.host.close()
    assert window.host.editor is None
    assert stored_request(reader, engagement_id) == "Fewer reopened claims"


def test_close_anyway_loses_only_the_named_edit(
    qtbot, window, faults, db_engine, engagement_id, questions
):
    page = context_page(window)
    page.team_edit.setFocus()
    qtbot.keyClicks(page.team_edit, " Lyon")
    page.flush()
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "Fewer reopened claims")

    questions.answers = [Leave.discard]
    assert window.host.close()
    assert window.host.editor is None
    assert len(questions.asked) == 1
    fault.lift()
    with transaction(db_engine) as s:
        engagement = get_engagement(s, engagement_id)
    assert engagement.team_name == "Claims handling Lyon"  # saved before the fault
    assert engagement.request_verbatim == ""  # the one edit the person chose to lose


def test_quitting_and_switching_consultation_ask_too(
    qtbot, window, faults, reader, db_engine, engagement_id, seed, questions
):
    other = seed(("Field sales", "Tom Okafor"))[0]
    page = context_page(window)
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "Fewer reopened claims")

    questions.answers = [Leave.stay]
    window.close()  # the window's close event asks the host
    assert window.isVisible()
    assert len(questions.asked) == 1

    questions.answers = [Leave.stay]
    assert not window.host.open(other)
    assert window.host.editor.editing.engagement_id == engagement_id
    assert len(questions.asked) == 2
    assert page.request_edit.toPlainText() == "Fewer reopened claims"

    fault.lift()
    assert window.host.open(other)  # saved on the way out: no question
    assert len(questions.asked) == 2
    assert stored_request(reader, engagement_id) == "Fewer reopened claims"


def test_the_failure_goes_to_the_database_file_named(qtbot, window, faults, db_engine):
    page = context_page(window)
    fault = faults(read_only)
    fault.inject()
    type_request(qtbot, page, "x")
    page.flush()
    path = db_engine.url.database
    assert f"{path} cannot be written" in window.host.editor.save_banner.message_label.text()


def test_the_question_names_the_edits_and_each_button_gives_its_answer(qtbot):
    edit = "Step 1: Context and request — The request: “Fewer reopened claims”"
    box, answers = NotSavedQuestion.build(None, "There is no space left on the disk.", [edit])
    qtbot.addWidget(box)
    assert box.text() == "An edit could not be saved."
    assert box.informativeText() == (
        "There is no space left on the disk.\n\nNot saved:\n• " + edit + "\n\n"
        "Try again once that is put right, or close anyway and lose it."
    )
    button = {answer: button for button, answer in answers.items()}
    assert button[Leave.try_again].text() == "&Try again"
    assert button[Leave.discard].text() == "&Close anyway, losing it"
    assert box.defaultButton() is button[Leave.try_again]
    assert box.escapeButton() is button[Leave.stay]
    box.show()
    qtbot.mouseClick(button[Leave.discard], Qt.MouseButton.LeftButton)
    assert answers[box.clickedButton()] is Leave.discard


def test_a_long_list_of_unsaved_edits_is_cut_short():
    edits = [f"Step 4: Causes — Cause {n}" for n in range(1, 10)]
    text = not_saved_text("The disk is full.", edits)
    assert "• Step 4: Causes — Cause 6" in text
    assert "Cause 7" not in text
    assert "• and 3 more" in text
    assert text.endswith("close anyway and lose them.")


def test_an_edit_dropped_on_purpose_clears_the_message_without_claiming_saved(
    qtbot, db_engine, engagement_id, faults
):
    editing = EngagementEditing(db_engine, engagement_id)
    field = QLineEdit()
    qtbot.addWidget(field)

    def save() -> None:
        goal = field.text()
        with contextlib.suppress(StorageError):
            editing.apply(
                "Edit goal",
                lambda s: set_business_goal(session=s, engagement_id=engagement_id, goal=goal),
            )

    saver = DebouncedSaver(save)
    saver.watch(field)
    problems, recovered = [], []
    editing.save_problem.connect(problems.append)
    editing.save_recovered.connect(lambda: recovered.append(True))
    fault = faults(read_only)
    fault.inject()
    qtbot.keyClicks(field, "Fewer reopened claims")
    saver.flush()
    assert saver.failure is not None
    assert editing.waiting_savers() == [saver]
    assert saver.edited_widget() is field

    saver.cancel()  # the card it belonged to was removed, say
    assert editing.waiting_savers() == []
    assert problems[-1] == ""
    assert recovered == []


def test_a_note_not_yet_written_is_not_replaced_by_adding_or_choosing_another(
    qtbot, window, faults, db_engine, engagement_id
):
    notes = window.host.editor.notes
    with transaction(db_engine) as s:
        add_private_note(session=s, engagement_id=engagement_id, text="Older note")
    window.host.editor.editing.changed.emit(None)  # as after a change elsewhere: reloaded
    fault = faults(disk_full)
    fault.inject()
    notes.add_button.click()
    notes.editor.setFocus()
    note = " ".join(["Sofia hinted the backlog comes from the new intake form."] * 80)
    qtbot.keyClicks(notes.editor, note)
    notes.flush()
    assert notes.saver.failure is not None

    notes.add_button.click()  # a new note would clear it: refused while it cannot be written
    assert notes.editor.toPlainText() == note
    notes.note_list.setCurrentRow(0)  # choosing the older note: refused too
    assert notes.editor.toPlainText() == note
    assert notes.note_list.currentItem() is None

    fault.lift()
    notes.add_button.click()  # now the held note is written first, then a new one starts
    assert notes.editor.toPlainText() == ""
    with transaction(db_engine) as s:
        texts = sorted(n.text for n in list_private_notes(session=s, engagement_id=engagement_id))
    assert texts == sorted(["Older note", note])
