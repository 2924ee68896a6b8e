"""`scaffold encrypt` and `scaffold decrypt`, and every command on an encrypted database."""

import io
import sys

import pytest

from app.backups import list_backups
from app.cli import main
from app.encryption import forget, is_encrypted
from tests.app.encryption_helpers import is_plain, memory_keychain, no_keychain

PASSPHRASE = "correct horse battery"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    forget()  # each command is a session of its own
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "scaffold.sqlite"
    assert run(capsys, "demo", "--db", str(path))[0] == 0
    return path


@pytest.fixture
def passphrase_db(db, capsys, monkeypatch):
    """The sample database, encrypted with PASSPHRASE (there is no keychain)."""
    with no_keychain():
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
        code, out, err = run(capsys, "encrypt", "--passphrase-stdin", "--db", str(db))
        assert (code, err) == (0, "")
        assert "is now encrypted" in out and "passphrase" in out
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        yield db


def test_the_passphrase_comes_from_the_environment(passphrase_db, capsys, monkeypatch):
    monkeypatch.setenv("SCAFFOLD_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "list", "--db", str(passphrase_db))
    assert (code, err) == (0, "")
    assert "Customer Support" in out


def test_a_wrong_passphrase_fails_with_a_clear_message(passphrase_db, capsys, monkeypatch):
    monkeypatch.setenv("SCAFFOLD_PASSPHRASE", "not the passphrase")
    code, out, err = run(capsys, "list", "--db", str(passphrase_db))
    assert (code, out) == (1, "")
    assert err == (
        f"scaffold list: The passphrase does not open {passphrase_db}. "
        "Check it (capitals count) and try again.\n"
    )


def test_without_a_passphrase_or_a_terminal_the_command_fails(passphrase_db, capsys, monkeypatch):
    monkeypatch.delenv("SCAFFOLD_PASSPHRASE", raising=False)
    code, out, err = run(capsys, "backup", "--db", str(passphrase_db))
    assert (code, out) == (1, "")
    assert "is encrypted: set $SCAFFOLD_PASSPHRASE" in err
    assert list_backups(passphrase_db) == []


def test_backup_and_decrypt_on_an_encrypted_database(passphrase_db, capsys, monkeypatch):
    monkeypatch.setenv("SCAFFOLD_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "backup", "--db", str(passphrase_db))[0] == 0
    [backup] = list_backups(passphrase_db)
    assert not is_plain(backup.path)
    code, out, err = run(capsys, "decrypt", "--db", str(passphrase_db))
    assert (code, err) == (0, "")
    assert "no longer encrypted" in out and "1 backup" in out
    assert is_plain(passphrase_db) and is_plain(backup.path)
    monkeypatch.delenv("SCAFFOLD_PASSPHRASE")
    assert run(capsys, "list", "--db", str(passphrase_db))[0] == 0


def test_without_a_keychain_encrypt_asks_for_a_passphrase(db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    with no_keychain():
        code, out, err = run(capsys, "encrypt", "--db", str(db))
    assert (code, out) == (1, "")
    assert "no system keychain" in err and "--passphrase-stdin" in err
    assert is_plain(db)


def test_with_a_keychain_encrypt_needs_nothing_typed(db, capsys):
    with memory_keychain() as keychain:
        code, out, err = run(capsys, "encrypt", "--db", str(db))
        assert (code, err) == (0, "")
        assert "system keychain" in out and len(keychain.entries) == 1
        assert is_encrypted(db)
        code, out, err = run(capsys, "list", "--db", str(db))
        assert (code, err) == (0, "")
        assert "Customer Support" in out
