"""An encrypted database (SQLCipher, raw key) behaves like a plain one, and refuses a wrong key."""

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from app.encryption_convert import convert_file
from models.cipher import PLAIN_HEADER, looks_encrypted
from models.db import (
    DatabaseError,
    WrongKeyError,
    connect_file,
    open_database,
    read_schema_state,
    transaction,
)
from models.schema_version import HEAD_REVISION
from models.tables import Engagement

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def test_a_new_encrypted_file_has_no_plain_header_and_the_usual_pragmas(tmp_path):
    path = tmp_path / "e.sqlite"
    engine = open_database(path, key=KEY)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("SELECT casefold('STRASSE Ǆ')").scalar() == "strasse ǆ"
    engine.dispose()
    assert path.read_bytes()[:16] != PLAIN_HEADER
    assert looks_encrypted(path)
    assert read_schema_state(path, key=KEY).revision == HEAD_REVISION


def test_search_indexes_and_their_triggers_work_in_an_encrypted_file(tmp_path):
    engine = open_database(tmp_path / "e.sqlite", key=KEY)
    with transaction(engine) as session:
        session.add(Engagement(uid="a", team_name="Équipe Nord", manager_name="Zoë"))
    with transaction(engine) as session:
        found = session.execute(
            text("SELECT rowid FROM engagement_search WHERE engagement_search MATCH 'quipe'")
        ).all()
        assert found == [(1,)]
        session.execute(text("UPDATE engagement SET team_name = 'Süd' WHERE id = 1"))
    with transaction(engine) as session:
        for word, expected in (("quipe", []), ("Süd", [(1,)])):
            rows = session.execute(
                text("SELECT rowid FROM engagement_search WHERE engagement_search MATCH :w"),
                {"w": f'"{word}"'},
            ).all()
            assert rows == expected
    engine.dispose()


def test_the_text_is_not_in_the_encrypted_file(tmp_path):
    path = tmp_path / "e.sqlite"
    engine = open_database(path, key=KEY)
    with transaction(engine) as session:
        session.add(Engagement(uid="a", team_name="Very Secret Team", manager_name="M"))
    engine.dispose()
    for name in (path.name, f"{path.name}-wal"):
        file = path.with_name(name)
        if file.exists():
            assert b"Very Secret Team" not in file.read_bytes()


def test_a_wrong_key_gives_a_clear_error_and_changes_nothing(tmp_path):
    path = tmp_path / "e.sqlite"
    open_database(path, key=KEY).dispose()
    before = path.read_bytes()
    with pytest.raises(WrongKeyError, match="does not open") as raised:
        open_database(path, key=OTHER_KEY)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


def test_an_encrypted_file_read_without_a_key_is_not_a_database(tmp_path):
    path = tmp_path / "e.sqlite"
    open_database(path, key=KEY).dispose()
    with pytest.raises(DatabaseError, match="file is not a database"):
        read_schema_state(path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_a_key_for_a_plain_file_is_a_wrong_key(tmp_path):
    path = tmp_path / "p.sqlite"
    open_database(path).dispose()
    with pytest.raises(WrongKeyError):
        read_schema_state(path, key=KEY)


def test_an_encrypted_older_file_is_upgraded_and_its_backup_stays_encrypted(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0001.sqlite", path)
    convert_file(path, old_key=None, new_key=KEY)
    open_database(path, key=KEY).dispose()
    assert read_schema_state(path, key=KEY).revision == HEAD_REVISION
    (backup,) = (tmp_path / "backups").iterdir()
    assert looks_encrypted(backup)
    assert read_schema_state(backup, key=KEY).revision == "0001"


def test_opening_a_plain_database_loads_neither_sqlcipher_nor_keyring(tmp_path):
    path = tmp_path / "plain.sqlite"
    open_database(path).dispose()
    probe = (
        "import sys; from pathlib import Path; from app.storage import open_engine; "
        f"from app.backups import backup_now; p = Path({str(path)!r}); "
        "open_engine(p).dispose(); backup_now(p); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlcipher3', 'keyring')))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"


def test_a_keyed_connection_reads_what_the_engine_wrote(tmp_path):
    path = tmp_path / "e.sqlite"
    engine = open_database(path, key=KEY)
    with transaction(engine) as session:
        session.add(Engagement(uid="a", team_name="Alpha", manager_name="M"))
    engine.dispose()
    with closing(connect_file(path, key=KEY, read_only=True)) as con:
        assert con.execute("SELECT team_name FROM engagement").fetchall() == [("Alpha",)]
