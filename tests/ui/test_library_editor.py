"""The scaffold library editor on the shipped library: list, search, edit, add, retire, reset."""

import re
import sqlite3
from contextlib import closing
from importlib.resources import files
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from app.library.data import ENV_LIBRARY_FILE, LIBRARY_RESOURCE, load_builtin_library
from app.library.store import edited_keys, ensure_library, get_entry, list_library
from app.storage import transaction
from app.vocab import GilbertCell, Level
from ui.dialogs.library_editor import Answer, LibraryEditorDialog
from ui.library_table_model import DETAILS_ROLE, Column
from ui.main_window import MainWindow
from ui.store import LibraryStore

LIBRARY_FILE = Path(str(files("app").joinpath(*LIBRARY_RESOURCE)))
GUIDE = "decision-guide"
CHECKLIST = "point-of-work-checklist"


@pytest.fixture
def engine(db_engine):
    """The test database with the shipped library loaded, as the app loads it at start."""
    ensure_library(db_engine)
    return db_engine


@pytest.fixture
def dialog(qtbot, engine) -> LibraryEditorDialog:
    widget = LibraryEditorDialog(LibraryStore(engine))
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """Answer the editor's questions from a queue, else "Don't save" (closing at the end of a
    test with unsaved changes asks too); each question asked is recorded. No box ever shows."""
    queue: list[Answer] = []
    asked: list[tuple[str, tuple[Answer, ...]]] = []

    def ask(cls, parent, title, text, choices):
        asked.append((text, tuple(choices)))
        return queue.pop(0) if queue else Answer.discard

    monkeypatch.setattr(LibraryEditorDialog, "ask", classmethod(ask))
    return queue, asked


def entry_summary(key: str) -> str:
    """The summary of a shipped scaffold, as written in the library file."""
    return next(e for e in load_builtin_library() if e.key == key).summary


def stored(engine, key: str):
    with transaction(engine) as s:
        return get_entry(session=s, key=key)


def library_keys(engine, *, include_retired: bool = False) -> list[str]:
    with transaction(engine) as s:
        return [e.key for e in list_library(session=s, include_retired=include_retired)]


def row_count(engine) -> int:
    path = engine.url.database
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM library_scaffold").fetchone()[0]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, dialog: LibraryEditorDialog, key: str) -> None:
    """Click the scaffold's row in the list."""
    row = dialog.model.row_of(key)
    assert row is not None, key
    index = dialog.model.index(row, Column.scaffold)
    dialog.table.scrollTo(index)
    rect = dialog.table.visualRect(index)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def selected_key(dialog: LibraryEditorDialog) -> str | None:
    rows = dialog.table.selectionModel().selectedRows()
    return dialog.model.entry_at(rows[0].row()).key if rows else None


def badge(dialog: LibraryEditorDialog, key: str) -> str:
    row = dialog.model.row_of(key)
    assert row is not None, key
    return dialog.model.data(dialog.model.index(row, Column.state))


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def tick(qtbot, box) -> None:
    """Tick or untick a box from the keyboard (a click may miss a box stretched wide)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def fill_new(qtbot, dialog: LibraryEditorDialog, name: str) -> None:
    """Fill a new scaffold's form with valid content (the name as given)."""
    form = dialog.form
    qtbot.keyClicks(form.name_edit, name)
    qtbot.keyClicks(form.summary_edit, "Half an hour over lunch where one person shows a trick.")
    qtbot.keyClicks(form.lead_time_edit, "14")
    tick(qtbot, form.address_boxes[GilbertCell.knowledge])
    tick(qtbot, form.level_boxes[Level.team])


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_the_shipped_library_with_badges(dialog):
    shipped = load_builtin_library()
    assert len(shipped) >= 40
    model = dialog.model
    assert model.rowCount() == len(shipped)
    assert set(model.shown_keys()) == {e.key for e in shipped}
    assert {badge(dialog, key) for key in model.shown_keys()} == {"Built-in"}
    assert dialog.count_label.text() == f"{len(shipped)} scaffolds"
    row = model.row_of(GUIDE)
    assert model.data(model.index(row, Column.scaffold)) == "Decision guide"
    assert model.data(model.index(row, Column.scaffold), DETAILS_ROLE) == (
        "Performance support · L&D partner · low effort · 10 days"
    )
    # The top scaffold is chosen and shown in the form at once.
    assert selected_key(dialog) == model.shown_keys()[0]
    assert dialog.form.name_edit.text() == model.entry_at(0).name
    assert dialog.state_label.text().startswith("Built-in")
    assert not dialog.reset_button.isVisible()
    assert not dialog.save_button.isEnabled()  # nothing changed yet


def test_search_filters_the_list_by_any_of_its_words(qtbot, dialog):
    qtbot.keyClicks(dialog.search_edit, "checklist")
    keys = dialog.model.shown_keys()
    assert CHECKLIST in keys
    assert GUIDE not in keys
    assert 0 < len(keys) < dialog.model.total()
    assert dialog.count_label.text() == f"{len(keys)} of {dialog.model.total()} shown"

    retype(qtbot, dialog.search_edit, "GUIDE judgement")  # every word, in any order and case
    assert dialog.model.shown_keys() == [GUIDE]
    retype(qtbot, dialog.search_edit, "community manager")  # the owner's words count too
    assert "community-of-practice" in dialog.model.shown_keys()

    retype(qtbot, dialog.search_edit, "no such scaffold anywhere")
    assert dialog.model.rowCount() == 0
    dialog.search_edit.clear()
    assert dialog.model.rowCount() == dialog.model.total()


# Editing a built-in --------------------------------------------------------------------------


def test_editing_a_built_in_stores_it_marks_it_edited_and_updates_leave_it_alone(
    qtbot, dialog, engine, tmp_path, monkeypatch
):
    choose(qtbot, dialog, GUIDE)
    assert dialog.form.name_edit.text() == "Decision guide"
    retype(qtbot, dialog.form.summary_edit, "Our own one-page guide for tricky claims.")
    assert dialog.is_dirty()
    assert dialog.save_button.isEnabled()
    assert dialog.notice_label.text() == "Changes not saved yet."
    click(qtbot, dialog.save_button)

    assert stored(engine, GUIDE).summary == "Our own one-page guide for tricky claims."
    with transaction(engine) as s:
        assert edited_keys(session=s) == {GUIDE}
    assert badge(dialog, GUIDE) == "Edited"
    assert dialog.state_label.text().startswith("Built-in, edited by you")
    assert dialog.reset_button.isVisible()
    assert not dialog.is_dirty()
    assert selected_key(dialog) == GUIDE

    # A later Scaffold ships new texts for both: the edited one keeps the partner's text.
    assert ensure_library(engine).skipped  # the same file: nothing read
    shipped = LIBRARY_FILE.read_text(encoding="utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(
        shipped.replace(entry_summary(GUIDE), "Shipped rewrite.").replace(
            entry_summary(CHECKLIST), "Shipped rewrite."
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(newer))
    report = ensure_library(engine)
    assert report.kept_edited == (GUIDE,)
    assert report.refreshed == (CHECKLIST,)
    assert stored(engine, GUIDE).summary == "Our own one-page guide for tricky claims."
    assert stored(engine, CHECKLIST).summary == "Shipped rewrite."


def test_back_to_the_built_in_text_asks_first(qtbot, dialog, engine, answers):
    queue, asked = answers
    shipped = next(e for e in load_builtin_library() if e.key == GUIDE)
    choose(qtbot, dialog, GUIDE)
    retype(qtbot, dialog.form.name_edit, "Claims decision guide")
    click(qtbot, dialog.save_button)
    assert stored(engine, GUIDE).name == "Claims decision guide"

    queue.append(Answer.cancel)
    click(qtbot, dialog.reset_button)
    assert asked[-1][1] == (Answer.reset, Answer.cancel)
    assert stored(engine, GUIDE).name == "Claims decision guide"

    queue.append(Answer.reset)
    click(qtbot, dialog.reset_button)
    entry = stored(engine, GUIDE)
    assert (entry.name, entry.summary) == (shipped.name, shipped.summary)
    assert badge(dialog, GUIDE) == "Built-in"
    assert dialog.form.name_edit.text() == shipped.name
    assert not dialog.reset_button.isVisible()
    assert not dialog.is_dirty()


# Adding --------------------------------------------------------------------------------------


def test_a_new_scaffold_without_a_name_shows_the_message_and_saves_nothing(qtbot, dialog, engine):
    before = row_count(engine)
    click(qtbot, dialog.new_button)
    assert dialog.title_label.text() == "New scaffold"
    assert dialog.form.name_edit.hasFocus()
    fill_new(qtbot, dialog, "")
    click(qtbot, dialog.save_button)

    assert dialog.form.errors.message("name") == "Name is required."
    assert dialog.form.errors.shown_fields() == {"name"}
    assert dialog.form.name_edit.hasFocus()
    assert row_count(engine) == before
    assert dialog.form.summary_edit.toPlainText().startswith("Half an hour")  # text kept
    assert dialog.form.lead_time_edit.text() == "14"

    qtbot.keyClicks(dialog.form.name_edit, "L")  # typing in the field clears its message
    assert dialog.form.errors.message("name") == ""


def test_a_blank_new_scaffold_shows_every_message_at_once(qtbot, dialog, engine):
    before = row_count(engine)
    click(qtbot, dialog.new_button)
    click(qtbot, dialog.save_button)
    assert dialog.form.errors.shown_fields() == {
        "name",
        "lead_time_days",
        "summary",
        "addresses",
        "levels",
    }
    assert dialog.form.errors.message("lead_time_days") == "Lead time in days is required."
    assert dialog.notice_label.text() == "Not saved: see the messages under the fields."
    assert row_count(engine) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,5", "Lead time in days: “2,5” is not a whole number of days (write for example 10)."),
        ("soon", "Lead time in days: “soon” is not a whole number of days (write for example 10)."),
        ("0", "Lead time in days must be between 1 and 365, not 0."),
    ],
)
def test_a_lead_time_that_is_not_a_number_of_days_is_refused_inline(
    qtbot, dialog, engine, typed, message
):
    choose(qtbot, dialog, GUIDE)
    retype(qtbot, dialog.form.lead_time_edit, typed)
    click(qtbot, dialog.save_button)
    assert dialog.form.errors.message("lead_time_days") == message
    assert dialog.form.lead_time_edit.text() == typed
    assert stored(engine, GUIDE).lead_time_days == 10
    with transaction(engine) as s:
        assert edited_keys(session=s) == frozenset()


def test_adding_a_valid_scaffold_stores_it_as_yours(qtbot, dialog, engine):
    qtbot.keyClicks(dialog.search_edit, "checklist")  # the new one does not match: search cleared
    click(qtbot, dialog.new_button)
    fill_new(qtbot, dialog, "Lunch and learn")
    dialog.form.owner_combo.setCurrentIndex(dialog.form.owner_combo.findData("team"))
    click(qtbot, dialog.save_button)

    entry = stored(engine, "lunch-and-learn")
    assert entry.name == "Lunch and learn"
    assert not entry.builtin and not entry.retired
    assert entry.addresses == (GilbertCell.knowledge,)
    assert entry.levels == (Level.team,)
    assert entry.lead_time_days == 14
    assert entry.owner_role == "team"
    assert dialog.search_edit.text() == ""
    assert badge(dialog, "lunch-and-learn") == "Yours"
    assert selected_key(dialog) == "lunch-and-learn"
    assert dialog.current_key == "lunch-and-learn"
    assert dialog.state_label.text().startswith("Yours")
    assert dialog.notice_label.text() == "“Lunch and learn” added to the library."
    assert not dialog.is_dirty()


# Retiring ------------------------------------------------------------------------------------


def test_retire_hides_it_show_retired_shows_it_and_bring_back_restores_it(qtbot, dialog, engine):
    choose(qtbot, dialog, CHECKLIST)
    assert dialog.retire_button.text() == "Ret&ire"
    click(qtbot, dialog.retire_button)

    assert stored(engine, CHECKLIST).retired
    assert CHECKLIST not in library_keys(engine)
    assert CHECKLIST in library_keys(engine, include_retired=True)
    assert CHECKLIST not in dialog.model.shown_keys()
    assert dialog.form.name_edit.text() == "Point-of-work checklist"  # still in the form
    assert dialog.retire_button.text() == "Br&ing back"
    assert "Show retired scaffolds" in dialog.notice_label.text()

    mnemonic = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_D, mnemonic)  # Show retire&d
    qtbot.waitUntil(dialog.retired_check.isChecked)
    assert CHECKLIST in dialog.model.shown_keys()
    assert badge(dialog, CHECKLIST) == "Retired"
    assert selected_key(dialog) == CHECKLIST

    click(qtbot, dialog.retire_button)
    assert not stored(engine, CHECKLIST).retired
    assert CHECKLIST in library_keys(engine)
    assert badge(dialog, CHECKLIST) == "Built-in"
    tick(qtbot, dialog.retired_check)
    assert CHECKLIST in dialog.model.shown_keys()


# Leaving unsaved changes ---------------------------------------------------------------------


def test_switching_away_from_unsaved_changes_asks(qtbot, dialog, engine, answers):
    queue, asked = answers
    choose(qtbot, dialog, GUIDE)
    qtbot.keyClicks(dialog.form.name_edit, " (draft)")

    queue.append(Answer.cancel)
    choose(qtbot, dialog, CHECKLIST)
    assert asked[-1] == (
        "“Decision guide (draft)” has changes that are not saved yet.",
        (Answer.save, Answer.discard, Answer.cancel),
    )
    qtbot.waitUntil(lambda: selected_key(dialog) == GUIDE)
    assert dialog.form.name_edit.text() == "Decision guide (draft)"
    assert stored(engine, GUIDE).name == "Decision guide"

    queue.append(Answer.discard)
    choose(qtbot, dialog, CHECKLIST)
    assert dialog.current_key == CHECKLIST
    assert dialog.form.name_edit.text() == "Point-of-work checklist"
    assert stored(engine, GUIDE).name == "Decision guide"

    qtbot.keyClicks(dialog.form.name_edit, " v2")
    queue.append(Answer.save)
    click(qtbot, dialog.new_button)
    assert stored(engine, CHECKLIST).name == "Point-of-work checklist v2"
    assert dialog.title_label.text() == "New scaffold"
    assert len(asked) == 3

    click(qtbot, dialog.new_button)  # a blank new form has nothing to lose: no question
    assert len(asked) == 3


def test_escape_closes_and_asks_only_when_something_is_unsaved(qtbot, dialog, answers):
    queue, asked = answers
    qtbot.keyClicks(dialog.form.name_edit, "!")
    queue.append(Answer.cancel)
    qtbot.keyClick(dialog.form.name_edit, Qt.Key.Key_Escape)
    assert len(asked) == 1
    assert dialog.isVisible()

    queue.append(Answer.discard)
    qtbot.keyClick(dialog.form.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_without_changes_closes_without_asking(qtbot, dialog, answers):
    _queue, asked = answers
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert asked == []


# Keyboard and names --------------------------------------------------------------------------


def test_every_input_has_a_name_and_a_label_with_a_mnemonic(dialog):
    groups = {box: group for group in dialog.findChildren(QGroupBox) for box in group.children()}
    buddies = {label.buddy(): label.text() for label in dialog.findChildren(QLabel)}
    for widget in dialog.form.inputs_in_order():
        assert widget.accessibleName(), widget
        caption = buddies.get(widget) or groups[widget].title()
        assert "&" in caption, caption
    for widget in (dialog.search_edit, dialog.table):
        assert widget.accessibleName() and "&" in buddies[widget]


def test_mnemonics_are_unique(dialog):
    dialog.reset_button.show()
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    letters = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(letters) == len(set(letters)), sorted(letters)


def test_tab_goes_from_the_list_to_the_form_in_reading_order(qtbot, dialog):
    dialog.search_edit.setFocus()
    seen: list[QWidget] = []
    for _ in range(8):
        seen.append(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    form = dialog.form
    assert seen == [
        dialog.search_edit,
        dialog.retired_check,
        dialog.table,
        dialog.new_button,
        form.name_edit,
        form.kind_combo,
        form.owner_combo,
        form.effort_combo,
    ]


# The menu ------------------------------------------------------------------------------------


def test_tools_menu_opens_the_library_with_ctrl_l(qtbot, store, settings, engine):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.library_action.shortcut().toString() == "Ctrl+L"
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert window.library_action in menus["&Tools"].actions()

    window.library_action.trigger()
    dialog = window.findChild(LibraryEditorDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == len(load_builtin_library())
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(LibraryEditorDialog) is None)
