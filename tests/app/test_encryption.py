"""Turning encryption on and off: keychain or passphrase, once per session, wrong keys, keyinfo."""

import json
from pathlib import Path

import pytest

from app.encryption import (
    EncryptionError,
    KeychainError,
    LockedError,
    PassphraseError,
    decrypt_database,
    encrypt_database,
    encryption_info,
    forget,
    is_encrypted,
    key_for,
    keychain_available,
    needs_passphrase,
    unlock,
)
from app.encryption_keyinfo import keyinfo_path
from app.privacy import vacuum
from app.services.engagements import EngagementDetails, create_engagement
from app.services.listing import list_engagements
from app.storage import open_engine, transaction
from app.validation import ValidationError
from tests.app.encryption_helpers import is_plain, memory_keychain, no_keychain, teams_with_key

PASSPHRASE = "correct horse battery"


@pytest.fixture
def keychain():
    with memory_keychain() as backend:
        yield backend


@pytest.fixture
def without_keychain():
    with no_keychain():
        yield


def make_db(path: Path, *teams: str) -> Path:
    engine = open_engine(path, backup=False)
    with transaction(engine) as session:
        for team in teams:
            create_engagement(
                session=session, data=EngagementDetails(team_name=team, manager_name="Dana")
            )
    engine.dispose()
    return path


def test_keychain_mode_encrypts_the_file_and_keeps_the_key_in_the_keychain(keychain, tmp_path):
    db = make_db(tmp_path / "s.sqlite", "Équipe Nord", "Support")
    assert keychain_available()
    result = encrypt_database(db)
    assert result.encrypted and result.mode == "keychain"
    assert not is_plain(db) and is_encrypted(db)
    (stored,) = keychain.entries.values()
    info = json.loads(keyinfo_path(db).read_text())
    assert info["mode"] == "keychain" and stored not in json.dumps(info)
    forget()  # a new session: the key comes from the keychain without asking anyone
    assert not needs_passphrase(db)
    assert key_for(db) == bytes.fromhex(stored)
    engine = open_engine(db)
    with transaction(engine) as session:
        found = list_engagements(session=session, search="équipe")  # FTS5 and casefold
    assert [row.team_name for row in found] == ["Équipe Nord"]
    engine.dispose()


def test_without_a_keychain_a_passphrase_is_needed(without_keychain, tmp_path):
    db = make_db(tmp_path / "s.sqlite", "Support")
    assert not keychain_available()
    with pytest.raises(KeychainError, match="passphrase"):
        encrypt_database(db)
    assert is_plain(db) and not keyinfo_path(db).exists()
    result = encrypt_database(db, passphrase=PASSPHRASE)
    assert result.mode == "passphrase" and encryption_info(db).mode == "passphrase"


def test_a_passphrase_is_asked_once_per_session_and_a_wrong_one_is_named(
    without_keychain, tmp_path
):
    db = make_db(tmp_path / "s.sqlite", "Support")
    encrypt_database(db, passphrase=PASSPHRASE)
    assert not needs_passphrase(db)  # the session that encrypted it knows the key
    forget()
    assert needs_passphrase(db)
    with pytest.raises(LockedError, match="passphrase"):
        open_engine(db)
    with pytest.raises(PassphraseError, match="The passphrase does not open") as wrong:
        unlock(db, "Correct horse battery")
    assert str(db) in str(wrong.value)
    key = unlock(db, PASSPHRASE)
    assert not needs_passphrase(db)
    assert key.hex() not in keyinfo_path(db).read_text()
    assert teams_with_key(db, key) == ["Support"]
    engine = open_engine(db)  # no passphrase again: the session's key
    engine.dispose()


def test_a_short_passphrase_is_refused_before_anything_changes(without_keychain, tmp_path):
    db = make_db(tmp_path / "s.sqlite", "Support")
    before = db.read_bytes()
    with pytest.raises(ValidationError, match="at least 8"):
        encrypt_database(db, passphrase="short")
    assert db.read_bytes() == before and not keyinfo_path(db).exists()


def test_turning_encryption_off_restores_a_plain_file_and_removes_the_key(keychain, tmp_path):
    db = make_db(tmp_path / "s.sqlite", "Support")
    encrypt_database(db)
    result = decrypt_database(db)
    assert not result.encrypted and "no longer encrypted" in result.summary()
    assert is_plain(db) and not is_encrypted(db) and not keyinfo_path(db).exists()
    assert keychain.entries == {}
    assert teams_with_key(db, None) == ["Support"]
    with pytest.raises(EncryptionError, match="not encrypted"):
        decrypt_database(db)


def test_encrypting_twice_or_a_missing_database_is_refused(keychain, tmp_path):
    with pytest.raises(EncryptionError, match="no Scaffold database"):
        encrypt_database(tmp_path / "none.sqlite")
    db = make_db(tmp_path / "s.sqlite", "Support")
    encrypt_database(db)
    with pytest.raises(EncryptionError, match="encrypted already"):
        encrypt_database(db)


def test_a_keyinfo_left_beside_a_plain_file_does_not_lock_it(keychain, tmp_path):
    """A conversion interrupted before the rename leaves the .keyinfo; the plain header wins."""
    db = make_db(tmp_path / "s.sqlite", "Support")
    encrypt_database(db)
    plain = make_db(tmp_path / "plain.sqlite", "Plain")
    keyinfo_path(plain).write_text(keyinfo_path(db).read_text())
    assert not is_encrypted(plain) and key_for(plain) is None
    open_engine(plain).dispose()


def test_vacuum_works_on_an_encrypted_database(keychain, tmp_path):
    db = make_db(tmp_path / "s.sqlite", "Support")
    encrypt_database(db)
    engine = open_engine(db, backup=False)
    assert vacuum(engine).vacuumed
    engine.dispose()
    assert teams_with_key(db, key_for(db)) == ["Support"]
