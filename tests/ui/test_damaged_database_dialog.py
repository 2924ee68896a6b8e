"""The dialog for a database file that cannot be opened, and carrying out its choices."""

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.backups import backup_now
from app.file_health import check_database_file
from models.db import open_database
from models.schema_version import HEAD_REVISION
from tests.app.backup_helpers import add_team, digest, teams_in
from ui.damaged_start import StartNotices, resolve_damaged_database
from ui.dialogs.backup_parts import when_words
from ui.dialogs.damaged_database_dialog import (
    DamagedDatabaseDialog,
    DamagedDecision,
    NewDatabaseQuestion,
)

SCREENSHOT = os.environ.get("SCAFFOLD_SCREENSHOT_DIR")
TAKEN = datetime(2026, 11, 27, 9, 15)


@pytest.fixture(autouse=True)
def _no_real_questions(monkeypatch):
    """A test that does not answer a file chooser or question fails instead of waiting."""

    def refuse(*_args):
        raise AssertionError("a real dialog was opened")

    monkeypatch.setattr(DamagedDatabaseDialog, "ask_open_file", classmethod(refuse))
    monkeypatch.setattr(NewDatabaseQuestion, "ask", classmethod(refuse))


def answer(monkeypatch, owner, name: str, value) -> None:
    monkeypatch.setattr(owner, name, classmethod(lambda cls, *args: value))


def make_db(path: Path, *teams: str) -> Path:
    engine = open_database(path)
    try:
        for team in teams:
            add_team(engine, team)
    finally:
        engine.dispose()
    return path


def take_backup(db: Path, when: datetime = TAKEN) -> Path:
    made = backup_now(db, kind="daily")
    return made.rename(made.with_name(f"{db.stem}.daily-{when:%Y%m%dT%H%M%S}{db.suffix}"))


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.fixture
def damaged(tmp_path) -> Path:
    """A database of two teams with a backup of them, then cut in half."""
    db = make_db(tmp_path / "scaffold.sqlite", "Claims handling", "Payroll")
    take_backup(db)
    cut_in_half(db)
    return db


@pytest.fixture
def make_dialog(qtbot):
    def _make(health) -> DamagedDatabaseDialog:
        dialog = DamagedDatabaseDialog(health)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _make


def shoot(dialog, name: str) -> None:
    if SCREENSHOT:
        dialog.grab().save(str(Path(SCREENSHOT) / name))


# The dialog -------------------------------------------------------------------------------------


def test_a_damaged_file_is_explained_with_three_choices_restore_first(make_dialog, damaged):
    dialog = make_dialog(check_database_file(damaged))
    shoot(dialog, "damaged-database.png")
    assert dialog.windowTitle() == "Scaffold cannot open its database"
    assert dialog.heading_label.text() == "The database file is damaged"
    assert dialog.reason_label.text().startswith("The file is cut off: it has ")
    assert dialog.path_edit.text() == str(damaged)
    assert dialog.path_edit.isReadOnly()
    assert dialog.kept_label.text().startswith("Scaffold has left the file exactly as it is.")
    visible = [b.text() for b in dialog.choices if b.isVisible()]
    assert visible == [
        f"&Restore the latest backup (taken {when_words(TAKEN)})",
        "&Open another file…",
        "&Start a new database",
    ]
    assert dialog.restore_button.isEnabled()
    assert "scaffold.damaged-<date and time>.sqlite" in dialog.restore_button.description()
    assert dialog.restore_button.isDefault()
    assert dialog.quit_button.text() == "&Quit"


def test_enter_restores_the_latest_backup(qtbot, make_dialog, damaged):
    health = check_database_file(damaged)
    dialog = make_dialog(health)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.result() == DamagedDatabaseDialog.DialogCode.Accepted
    assert health.backup is not None
    assert dialog.decision == DamagedDecision("restore", health.backup.path)


def test_without_a_backup_restore_is_disabled_with_the_reason_and_open_is_the_default(
    qtbot, make_dialog, tmp_path
):
    empty = tmp_path / "scaffold.sqlite"
    empty.touch()
    dialog = make_dialog(check_database_file(empty))
    assert dialog.heading_label.text() == "The database file is empty"
    assert not dialog.restore_button.isEnabled()
    assert dialog.restore_button.text() == "&Restore the latest backup"
    reason = f"Not possible: there is no backup in {tmp_path / 'backups'}."
    assert dialog.restore_button.description() == reason
    assert dialog.restore_button.accessibleDescription() == reason
    assert dialog.open_button.isDefault()
    assert not dialog.restore_button.isDefault()


def test_a_damaged_backup_is_mentioned_when_it_is_skipped(make_dialog, tmp_path):
    db = make_db(tmp_path / "scaffold.sqlite", "Payroll")
    take_backup(db, datetime(2026, 11, 1, 8, 0))
    cut_in_half(take_backup(db, TAKEN))
    cut_in_half(db)
    dialog = make_dialog(check_database_file(db))
    assert dialog.restore_button.text().endswith("(taken Sun 1 Nov 2026, 08:00)")
    assert dialog.restore_button.description().endswith(
        "1 later backup is damaged too and skipped."
    )


def test_open_another_file_from_the_keyboard(qtbot, monkeypatch, make_dialog, damaged, tmp_path):
    chosen = tmp_path / "copy.sqlite"
    asked: list[Path] = []

    def ask_open_file(cls, parent, folder):
        asked.append(folder)
        return chosen

    monkeypatch.setattr(DamagedDatabaseDialog, "ask_open_file", classmethod(ask_open_file))
    dialog = make_dialog(check_database_file(damaged))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.result() == DamagedDatabaseDialog.DialogCode.Accepted)
    assert asked == [damaged.parent]
    assert dialog.decision == DamagedDecision("open", chosen)


def test_cancelling_the_file_chooser_or_the_question_keeps_the_dialog_open(
    qtbot, monkeypatch, make_dialog, damaged
):
    answer(monkeypatch, DamagedDatabaseDialog, "ask_open_file", None)
    answer(monkeypatch, NewDatabaseQuestion, "ask", False)
    dialog = make_dialog(check_database_file(damaged))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.decision == DamagedDecision("quit")


def test_start_a_new_database_after_saying_yes(qtbot, monkeypatch, make_dialog, damaged):
    answer(monkeypatch, NewDatabaseQuestion, "ask", True)
    dialog = make_dialog(check_database_file(damaged))
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.decision == DamagedDecision("new")


def test_the_new_database_question_says_where_the_file_is_kept(qtbot, damaged):
    box = NewDatabaseQuestion.box(None, damaged)
    qtbot.addWidget(box)
    assert box.text() == "Start a new, empty database?"
    assert "renamed “scaffold.damaged-<date and time>.sqlite”" in box.informativeText()
    assert f"Folder: {damaged.parent}" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)


def test_escape_quits(qtbot, make_dialog, damaged):
    dialog = make_dialog(check_database_file(damaged))
    dialog.decision = DamagedDecision("new")
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert dialog.result() == DamagedDatabaseDialog.DialogCode.Rejected
    assert dialog.decision == DamagedDecision("quit")


def test_a_newer_file_offers_only_another_file_and_names_both_versions(make_dialog, tmp_path):
    db = make_db(tmp_path / "scaffold.sqlite")
    take_backup(db)
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE alembic_version SET version_num = '0999'")
        con.commit()
    dialog = make_dialog(check_database_file(db))
    shoot(dialog, "newer-database.png")
    assert dialog.heading_label.text() == "This database is from a newer Scaffold"
    reason = dialog.reason_label.text()
    assert "format 0999" in reason
    assert f"this Scaffold ({__version__}) reads formats up to {HEAD_REVISION}" in reason
    assert dialog.kept_label.text().startswith("Scaffold has not changed the file.")
    assert [b for b in dialog.choices if b.isVisible()] == [dialog.open_button]
    assert dialog.open_button.isDefault()


def test_a_file_scaffold_cannot_read_offers_only_another_file(make_dialog, tmp_path):
    folder = tmp_path / "scaffold.sqlite"
    folder.mkdir()
    dialog = make_dialog(check_database_file(folder))
    assert dialog.heading_label.text() == "Scaffold cannot read the database file"
    assert dialog.reason_label.text() == "The path is a folder, not a database file."
    assert dialog.kept_label.text() == "Scaffold has not changed the file."
    assert [b for b in dialog.choices if b.isVisible()] == [dialog.open_button]


# Carrying the choice out -----------------------------------------------------------------------


@pytest.fixture
def notices(monkeypatch):
    said: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        StartNotices, "done", classmethod(lambda cls, parent, *text: said.append(("done", *text)))
    )
    monkeypatch.setattr(
        StartNotices,
        "problem",
        classmethod(lambda cls, parent, text: said.append(("problem", text))),
    )
    return said


@pytest.fixture
def press(monkeypatch, qtbot):
    """Answer the real dialog by clicking its buttons, in turn, one per showing."""
    shown: list[DamagedDatabaseDialog] = []
    clicks: list[str] = []

    def ask(cls, parent, health):
        dialog = cls(health, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append(dialog)
        name = clicks.pop(0)
        if name == "quit":
            dialog.reject()
        else:
            qtbot.mouseClick(getattr(dialog, f"{name}_button"), Qt.MouseButton.LeftButton)
        return dialog.decision

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", classmethod(ask))

    def _press(*names: str) -> list[DamagedDatabaseDialog]:
        clicks.extend(names)
        return shown

    return _press


def test_restore_end_to_end_gives_an_openable_file_and_keeps_the_damaged_one(
    press, notices, damaged
):
    before = digest(damaged)
    shown = press("restore")
    path = resolve_damaged_database(None, damaged, check_database_file(damaged))
    assert path == damaged and len(shown) == 1
    open_database(path).dispose()
    assert teams_in(path) == ["Claims handling", "Payroll"]
    [kept] = damaged.parent.glob("scaffold.damaged-*.sqlite")
    assert digest(kept) == before
    assert notices == [
        (
            "done",
            "Backup restored",
            f"Scaffold restored the backup taken {when_words(TAKEN)}.\n\n"
            f"The file you had is kept, unchanged, as:\n{kept}",
        )
    ]


def test_new_database_end_to_end(monkeypatch, press, notices, damaged):
    answer(monkeypatch, NewDatabaseQuestion, "ask", True)
    before = digest(damaged)
    press("new")
    path = resolve_damaged_database(None, damaged, check_database_file(damaged))
    assert path == damaged and not path.exists()
    open_database(path).dispose()
    assert teams_in(path) == []
    [kept] = damaged.parent.glob("scaffold.damaged-*.sqlite")
    assert digest(kept) == before
    assert notices[0][:2] == ("done", "New database")


def test_another_file_that_is_bad_too_is_explained_in_turn(
    monkeypatch, press, notices, damaged, tmp_path
):
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    good = make_db(tmp_path / "good.sqlite", "Field sales")
    chosen = iter([other, good])
    monkeypatch.setattr(
        DamagedDatabaseDialog, "ask_open_file", classmethod(lambda cls, *args: next(chosen))
    )
    shown = press("open", "open")
    path = resolve_damaged_database(None, damaged, check_database_file(damaged))
    assert path == good
    assert [d.health.path for d in shown] == [damaged, other]
    assert shown[1].reason_label.text() == "The file is a PNG image, not a database."
    assert notices == []


def test_quit_leaves_everything_as_it_was(press, notices, damaged):
    before = sorted(p.name for p in damaged.parent.iterdir())
    press("quit")
    assert resolve_damaged_database(None, damaged, check_database_file(damaged)) is None
    assert sorted(p.name for p in damaged.parent.iterdir()) == before


def test_a_file_that_opens_is_returned_without_asking(press, tmp_path):
    good = make_db(tmp_path / "scaffold.sqlite")
    shown = press()
    assert resolve_damaged_database(None, good, check_database_file(good)) == good
    assert shown == []


def test_a_failed_restore_says_why_puts_the_file_back_and_asks_again(
    monkeypatch, press, notices, damaged
):
    health = check_database_file(damaged)
    assert health.backup is not None
    cut_in_half(health.backup.path)  # spoilt after the check, before the click
    before = digest(damaged)
    shown = press("restore", "quit")
    assert resolve_damaged_database(None, damaged, health) is None
    [(kind, text)] = notices
    assert kind == "problem" and "cannot be restored: The file is cut off" in text
    assert digest(damaged) == before
    assert list(damaged.parent.glob("scaffold.damaged-*")) == []
    assert not shown[1].restore_button.isEnabled()  # checked again: no usable backup now


def test_the_busy_cursor_is_put_back(monkeypatch, press, notices, damaged):
    answer(monkeypatch, NewDatabaseQuestion, "ask", True)
    press("new")
    resolve_damaged_database(None, damaged, check_database_file(damaged))
    assert QApplication.overrideCursor() is None
