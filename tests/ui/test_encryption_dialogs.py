"""The passphrase dialog and Tools ▸ Encryption…, on real files, without a real keychain."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.encryption import encrypt_database, is_encrypted, needs_passphrase
from app.encryption_session import forget
from app.storage import open_engine
from tests.app.backup_helpers import add_team
from tests.app.encryption_helpers import is_plain, memory_keychain, no_keychain, teams_with_key
from ui.dialogs.encryption_dialog import EncryptionDialog
from ui.dialogs.passphrase_dialog import PassphraseDialog

PASSPHRASE = "correct horse battery"
SHOTS = Path("/tmp/shots/enc")


def shoot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "scaffold.sqlite"
    engine = open_engine(path, backup=False)
    add_team(engine, "Alpha")
    engine.dispose()
    return path


@pytest.fixture
def locked_db(db) -> Path:
    with no_keychain():
        encrypt_database(db, passphrase=PASSPHRASE)
        forget()
        yield db


def test_a_wrong_passphrase_is_said_in_the_dialog_which_stays_open(qtbot, locked_db):
    dialog = PassphraseDialog(locked_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase_edit, "not it at all")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not open this database" in dialog.error.text()
    assert needs_passphrase(locked_db)
    shoot(dialog, "passphrase-wrong")
    dialog.passphrase_edit.clear()
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert not needs_passphrase(locked_db)
    assert dialog.passphrase_edit.text() == ""  # not kept in the widget
    open_engine(locked_db, backup=False).dispose()


def test_without_a_keychain_the_dialog_offers_only_a_passphrase(qtbot, db):
    with no_keychain():
        dialog = EncryptionDialog(db)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.keychain_radio.isEnabled() and dialog.passphrase_radio.isChecked()
        assert "No system keychain" in dialog.no_keychain_note.text()
        qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
        qtbot.keyClicks(dialog.confirm_edit, PASSPHRASE + "!")
        dialog.start_button.click()
        assert dialog.confirm_error.isVisible() and dialog.job is None
        assert "not the same" in dialog.confirm_error.text()
        shoot(dialog, "encrypt-mismatch")
        dialog.confirm_edit.clear()
        qtbot.keyClicks(dialog.confirm_edit, PASSPHRASE)
        with (
            qtbot.waitSignal(dialog.about_to_convert),
            qtbot.waitSignal(dialog.converted, timeout=20_000) as converted,
        ):
            dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.job is None)
        assert converted.args == [True]
        assert not is_plain(db) and is_encrypted(db)
        assert "now encrypted" in dialog.outcome.text() and dialog.outcome.isVisible()
        assert not dialog.start_button.isVisible()
        shoot(dialog, "encrypt-done")


def test_keychain_encryption_and_turning_it_off_again(qtbot, db):
    with memory_keychain() as keychain:
        dialog = EncryptionDialog(db)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.keychain_radio.isChecked() and not dialog.passphrase_fields.isEnabled()
        shoot(dialog, "encrypt-choose")
        with qtbot.waitSignal(dialog.converted, timeout=20_000):
            dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.job is None)
        assert len(keychain.entries) == 1 and is_encrypted(db)

        off = EncryptionDialog(db)
        qtbot.addWidget(off)
        off.show()
        assert off.off_panel.isVisible() and not off.start_button.isEnabled()
        off.confirm_off.setChecked(True)
        shoot(off, "decrypt-confirm")
        with qtbot.waitSignal(off.converted, timeout=20_000) as converted:
            off.start_button.click()
        qtbot.waitUntil(lambda: off.job is None)
        assert converted.args == [False]
        assert is_plain(db) and keychain.entries == {}
        assert teams_with_key(db, None) == ["Alpha"]


def test_a_failed_conversion_is_reported_in_the_dialog(qtbot, tmp_path):
    with memory_keychain():
        dialog = EncryptionDialog(tmp_path / "missing.sqlite")
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.about_to_convert):
            dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.job is None)
        assert dialog.general_error.isVisible()
        assert "no Scaffold database" in dialog.general_error.text()
        assert dialog.start_button.isEnabled()
