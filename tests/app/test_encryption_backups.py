"""Backups of an encrypted database stay encrypted; restoring works with the database's key."""

from datetime import datetime
from pathlib import Path

import pytest

from app.backups import BackupError, backup_now, daily_backup, list_backups, restore_backup
from app.encryption import decrypt_database, encrypt_database, key_for
from app.encryption_keyinfo import keyinfo_path
from app.storage import open_engine
from tests.app.backup_helpers import add_team
from tests.app.encryption_helpers import is_plain, memory_keychain, teams_with_key


@pytest.fixture
def keychain():
    with memory_keychain() as backend:
        yield backend


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    engine = open_engine(path, backup=False)
    add_team(engine, "Alpha")
    engine.dispose()
    return path


def test_encrypting_converts_the_plain_backups_and_decrypting_converts_them_back(keychain, db):
    plain_backup = backup_now(db)
    result = encrypt_database(db)
    assert result.backups_converted == [plain_backup]
    assert not is_plain(plain_backup)
    assert teams_with_key(plain_backup, key_for(db)) == ["Alpha"]
    assert keyinfo_path(plain_backup.parent / db.name).exists()  # a copy for the backups
    result = decrypt_database(db)
    assert result.backups_converted == [plain_backup]
    assert is_plain(plain_backup) and teams_with_key(plain_backup, None) == ["Alpha"]
    assert not keyinfo_path(plain_backup.parent / db.name).exists()


def test_manual_daily_and_pre_restore_backups_of_an_encrypted_database_are_encrypted(
    keychain, db, tmp_path
):
    encrypt_database(db)
    key = key_for(db)
    manual = backup_now(db)
    daily = daily_backup(db, keep=10, now=datetime(2030, 1, 2, 9, 0))
    engine = open_engine(db)
    add_team(engine, "Beta")
    engine.dispose()
    safety = restore_backup(db, manual)
    assert safety is not None
    for copy in (manual, daily, safety):
        assert copy is not None and not is_plain(copy)
    assert teams_with_key(safety, key) == ["Alpha", "Beta"]
    assert teams_with_key(db, key) == ["Alpha"]
    assert not is_plain(db)


def test_a_backup_written_elsewhere_is_encrypted_with_its_keyinfo_beside_it(keychain, db, tmp_path):
    encrypt_database(db)
    (tmp_path / "elsewhere").mkdir()
    target = backup_now(db, tmp_path / "elsewhere" / "copy.sqlite")
    assert not is_plain(target)
    assert keyinfo_path(target).read_text() == keyinfo_path(db).read_text()


def test_a_plain_backup_restored_into_an_encrypted_database_is_encrypted_on_the_way_in(
    keychain, db
):
    old_plain = backup_now(db)
    old_plain = old_plain.rename(old_plain.with_name("kept-plain.sqlite"))  # not converted
    encrypt_database(db)
    engine = open_engine(db, backup=False)
    add_team(engine, "Beta")
    engine.dispose()
    restore_backup(db, old_plain)
    assert not is_plain(db)
    assert teams_with_key(db, key_for(db)) == ["Alpha"]


def test_a_backup_encrypted_with_another_key_is_refused_and_nothing_changes(keychain, db, tmp_path):
    other = tmp_path / "other" / "o.sqlite"
    other.parent.mkdir()
    engine = open_engine(other, backup=False)
    add_team(engine, "Other")
    engine.dispose()
    encrypt_database(other)
    foreign = backup_now(other)
    encrypt_database(db)
    before = db.read_bytes()
    with pytest.raises(BackupError, match="another key"):
        restore_backup(db, foreign)
    assert db.read_bytes() == before
    assert [info.kind for info in list_backups(db)] == []


def test_an_encrypted_backup_is_refused_by_a_plain_database(keychain, db, tmp_path):
    other = tmp_path / "other" / "o.sqlite"
    other.parent.mkdir()
    open_engine(other, backup=False).dispose()
    encrypt_database(other)
    encrypted = backup_now(other)
    with pytest.raises(BackupError, match="is encrypted"):
        restore_backup(db, encrypted)
    assert teams_with_key(db, None) == ["Alpha"]
