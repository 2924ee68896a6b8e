"""Starting on an encrypted database asks the passphrase once; encrypting reopens the window."""

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.encryption import encrypt_database, is_encrypted
from app.encryption_session import forget
from app.storage import open_engine
from tests.app.backup_helpers import add_team
from tests.app.encryption_helpers import memory_keychain, no_keychain
from ui import app_main
from ui.dialogs.encryption_dialog import EncryptionDialog
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.main_window import MainWindow

PASSPHRASE = "correct horse battery"


@pytest.fixture
def app_names(qapp):
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationVersion())
    yield
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
    qapp.setApplicationVersion(names[2])


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "scaffold.sqlite"
    engine = open_engine(path, backup=False)
    add_team(engine, "Alpha")
    engine.dispose()
    return path


def when_shown(kind, action) -> None:
    """Run `action` on the first visible top-level widget of `kind`, once there is one."""

    def look() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            action(found[0])
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def teams(window: MainWindow) -> list[str]:
    return [window.model.row_at(r).team_name for r in range(window.model.rowCount())]


def test_the_passphrase_is_asked_at_start_a_wrong_one_said_then_the_list_shown(
    qtbot, db, settings, app_names, when_window_ready
):
    seen: dict[str, object] = {}
    with no_keychain():
        encrypt_database(db, passphrase=PASSPHRASE)
        forget()  # a new session: the key is not known yet

        def answer(dialog: PassphraseDialog) -> None:
            open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
            qtbot.keyClicks(dialog.passphrase_edit, "not the one")
            open_button.click()
            seen["wrong"] = dialog.error.text()
            dialog.passphrase_edit.clear()
            qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
            open_button.click()

        def look_then_close(window: MainWindow) -> None:
            seen["teams"] = teams(window)
            window.close()
            window.deleteLater()

        when_shown(PassphraseDialog, answer)
        when_window_ready(look_then_close)
        assert app_main.run_gui(db, settings) == 0

    assert "does not open this database" in str(seen["wrong"])
    assert seen["teams"] == ["Alpha"]


def test_cancelling_the_passphrase_quits_with_1_and_changes_nothing(qtbot, db, settings, app_names):
    with no_keychain():
        encrypt_database(db, passphrase=PASSPHRASE)
        forget()
        before = db.read_bytes()
        when_shown(PassphraseDialog, lambda dialog: dialog.reject())
        assert app_main.run_gui(db, settings) == 1
    assert db.read_bytes() == before


def test_encrypting_from_the_tools_menu_reopens_the_window_on_the_encrypted_file(
    qtbot, db, settings, app_names, when_window_ready
):
    seen: dict[str, object] = {}
    with memory_keychain():

        def encrypt(window: MainWindow) -> None:
            seen["first"] = window
            window.encryption_action.trigger()

        def close_when_done(dialog: EncryptionDialog) -> None:
            if dialog.job is None:  # the outcome is shown: read, then closed
                dialog.close()
            else:
                QTimer.singleShot(20, lambda: close_when_done(dialog))

        def convert(dialog: EncryptionDialog) -> None:
            dialog.converted.connect(lambda _on: close_when_done(dialog))
            dialog.start_button.click()

        def look_at_the_new_window() -> None:
            windows = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible() and w.ready
            ]
            if not windows or windows[0] is seen.get("first", windows[0]):
                QTimer.singleShot(20, look_at_the_new_window)
                return
            window = windows[0]
            seen["teams"] = teams(window)
            seen["new engine works"] = window.store.count() == 1
            window.close()

        QTimer.singleShot(60_000, QApplication.quit)  # fail rather than hang
        when_window_ready(encrypt)
        when_shown(EncryptionDialog, convert)
        QTimer.singleShot(50, look_at_the_new_window)
        assert app_main.run_gui(db, settings) == 0
        assert is_encrypted(db)

    assert seen["teams"] == ["Alpha"]
    assert seen["new engine works"] is True
