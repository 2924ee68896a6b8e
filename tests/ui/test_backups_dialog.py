"""The backups dialog and File ▸ backup actions, on a real database and real backup files."""

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.backups import backup_now, daily_backup, list_backups
from tests.app.backup_helpers import digest, teams_in
from ui.dialogs.backup_parts import KIND_WORDS, RestoreQuestion, size_words, when_words
from ui.dialogs.backups_dialog import BackupsDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.engagement_table_model import Column
from ui.main_window import MainWindow

SCREENSHOT = os.environ.get("SCAFFOLD_SCREENSHOT_DIR")


@pytest.fixture(autouse=True)
def _no_real_questions(monkeypatch):
    """A test that does not answer a file chooser or question fails instead of waiting."""

    def refuse(*_args):
        raise AssertionError("a real dialog was opened")

    monkeypatch.setattr(BackupsDialog, "ask_save_file", classmethod(refuse))
    monkeypatch.setattr(BackupsDialog, "ask_backup_file", classmethod(refuse))
    monkeypatch.setattr(RestoreQuestion, "ask", classmethod(refuse))


def answer(monkeypatch, name: str, value) -> None:
    owner = RestoreQuestion if name == "ask" else BackupsDialog
    monkeypatch.setattr(owner, name, classmethod(lambda cls, *args: value))


@pytest.fixture
def make_dialog(qtbot, store):
    reloads: list[int] = []

    def _make(*, closes: bool = True) -> BackupsDialog:
        dialog = BackupsDialog(
            store.location,
            10,
            close_consultation=lambda: closes,
            reload=lambda: reloads.append(1),
        )
        dialog.reloads = reloads  # type: ignore[attr-defined]
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _make


def window_teams(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(row, Column.team)) for row in range(model.rowCount())]


def test_the_dialog_lists_backups_newest_first_and_says_how_long_they_keep_data(
    make_dialog, store, three_teams
):
    daily = daily_backup(store.location, keep=10, now=datetime(2026, 11, 27, 9, 5))
    manual = backup_now(store.location)
    dialog = make_dialog()

    assert [b.path for b in dialog.backups] == [manual, daily]
    cells = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert cells[1] == ["Fri 27 Nov 2026, 09:05", "Daily", size_words(daily.stat().st_size)]
    assert cells[0][1] == KIND_WORDS["manual"] == "On request"
    assert dialog.selected_backup() == dialog.backups[0] and dialog.restore_button.isEnabled()
    text = dialog.retention_label.text()
    assert "a consultation you delete stays in them until they rotate out" in text
    assert "after 10 more days" in text
    assert str(store.location.parent / "backups") in dialog.folder_label.text()
    if SCREENSHOT:
        dialog.resize(680, 480)
        dialog.grab().save(str(Path(SCREENSHOT) / "backups-dialog.png"))


def test_an_empty_folder_says_when_the_first_backup_comes(make_dialog, three_teams):
    dialog = make_dialog()
    assert dialog.table.rowCount() == 0
    assert dialog.empty_label.isVisible()
    assert not dialog.restore_button.isEnabled() and not dialog.folder_button.isEnabled()


def test_back_up_now_writes_the_chosen_file(qtbot, monkeypatch, tmp_path, make_dialog, three_teams):
    target = tmp_path / "for the archive.sqlite"
    answer(monkeypatch, "ask_save_file", target)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.message() == f"Backed up to {target}."
    assert teams_in(target) == ["Claims handling", "Field sales north", "Payroll"]


def test_restore_through_the_dialog(qtbot, monkeypatch, make_dialog, store, three_teams):
    backup_now(store.location)
    store.delete(three_teams[0])  # after the backup
    answer(monkeypatch, "ask", True)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert teams_in(store.location) == ["Claims handling", "Field sales north", "Payroll"]
    assert dialog.reloads == [1]  # type: ignore[attr-defined]
    assert dialog.message().startswith("Restored the backup taken ")
    assert [b.kind for b in dialog.backups] == ["pre-restore", "manual"]
    assert teams_in(dialog.backups[0].path) == ["Field sales north", "Payroll"]


def test_saying_no_or_staying_in_the_consultation_changes_nothing(
    qtbot, monkeypatch, make_dialog, store, three_teams
):
    backup_now(store.location)
    store.delete(three_teams[0])
    before = digest(store.location)
    answer(monkeypatch, "ask", False)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    answer(monkeypatch, "ask", True)
    staying = make_dialog(closes=False)
    qtbot.mouseClick(staying.restore_button, Qt.MouseButton.LeftButton)
    assert digest(store.location) == before
    assert len(list_backups(store.location)) == 1
    assert dialog.message() is None and staying.message() is None


def test_a_file_that_is_not_a_backup_is_refused_in_the_dialog(
    qtbot, monkeypatch, tmp_path, make_dialog, store, three_teams
):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database", encoding="utf-8")
    answer(monkeypatch, "ask_backup_file", notes)
    answer(monkeypatch, "ask", True)
    before = digest(store.location)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.restore_file_button, Qt.MouseButton.LeftButton)
    assert dialog.message() == (
        f"{notes} cannot be read as a Scaffold database: file is not a database. "
        "Nothing was restored."
    )
    assert not dialog.error_label.isHidden()
    assert digest(store.location) == before
    assert dialog.reloads == []  # type: ignore[attr-defined]


def test_the_main_window_shows_the_restored_data(qtbot, monkeypatch, store, settings, three_teams):
    backup_now(store.location)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    store.delete(three_teams[0])
    window.refresh()
    assert window_teams(window) == ["Payroll", "Field sales north"]
    assert window.host.open(three_teams[1])  # a consultation is open during the restore

    def drive(cls, parent, db_path, keep, *, close_consultation, reload):
        dialog = cls(db_path, keep, close_consultation=close_consultation, reload=reload)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.message().startswith("Restored")

    monkeypatch.setattr(BackupsDialog, "ask", classmethod(drive))
    answer(monkeypatch, "ask", True)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.backup_actions.restore_action in file_menu.actions()
    window.backup_actions.restore_action.trigger()

    assert window.host.editor is None and window.pages.currentWidget() is window.home
    assert window_teams(window) == ["Payroll", "Field sales north", "Claims handling"]
    assert window.host.open(three_teams[0])  # the engine reads and writes the restored file


def test_file_back_up_now_from_the_main_window(
    qtbot, monkeypatch, tmp_path, store, settings, three_teams
):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    target = tmp_path / "copy.sqlite"
    answer(monkeypatch, "ask_save_file", target)
    window.backup_actions.backup_action.trigger()
    assert window.statusBar().currentMessage() == f"Backed up to {target}."
    assert len(teams_in(target)) == 3

    answer(monkeypatch, "ask_save_file", tmp_path / "missing folder" / "copy.sqlite")
    window.backup_actions.backup_action.trigger()
    assert "could not be written: No such file or directory" in window.statusBar().currentMessage()


def test_words_for_times_and_sizes():
    assert when_words(datetime(2026, 3, 2, 7, 4)) == "Mon 2 Mar 2026, 07:04"
    assert size_words(300) == "1 KB"
    assert size_words(320 * 1024) == "320 KB"
    assert size_words(12 * 1024 * 1024 + 300 * 1024) == "12.3 MB"


def test_preferences_set_how_many_backups_are_kept(qtbot, store):
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.keep_spin.value() == 10
    assert (dialog.keep_spin.minimum(), dialog.keep_spin.maximum()) == (1, 100)
    dialog.keep_spin.setValue(4)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert store.preferences().backups_keep == 4
