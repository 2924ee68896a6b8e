"""Files that are not a Scaffold database this build can open are refused and left untouched."""

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from models.db import DatabaseError, NewerDatabaseError, open_database, read_schema_state
from models.migrate import upgrade_with_backup
from models.schema_version import HEAD_REVISION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_files(folder: Path, db: Path) -> list[str]:
    """Files beside `db`, apart from the empty -wal/-shm a read-only SQLite open may leave."""
    names = []
    for path in sorted(folder.iterdir()):
        if path == db:
            continue
        empty_wal = path.name == f"{db.name}-wal" and path.stat().st_size == 0
        if empty_wal or path.name == f"{db.name}-shm":
            continue
        names.append(path.name)
    return names


def _set_revision(path: Path, revision: str | None) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("DELETE FROM alembic_version")
        if revision is not None:
            con.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (revision,))
        con.commit()


def test_a_database_from_a_newer_scaffold_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "scaffold.sqlite"
    shutil.copyfile(FIXTURES / f"schema_{HEAD_REVISION}.sqlite", db)
    _set_revision(db, "9999")
    before = _digest(db)

    with pytest.raises(NewerDatabaseError) as info:
        open_database(db)
    assert "9999" in str(info.value)
    assert HEAD_REVISION in str(info.value)
    with pytest.raises(NewerDatabaseError):
        upgrade_with_backup(db)

    assert _digest(db) == before
    assert _other_files(tmp_path, db) == []  # in particular, no backups/ folder


def test_a_database_without_a_recorded_revision_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "scaffold.sqlite"
    shutil.copyfile(FIXTURES / f"schema_{HEAD_REVISION}.sqlite", db)
    _set_revision(db, None)
    before = _digest(db)

    with pytest.raises(DatabaseError, match="no schema version") as info:
        open_database(db)
    assert not isinstance(info.value, NewerDatabaseError)

    assert _digest(db) == before
    assert _other_files(tmp_path, db) == []


def _text(path: Path) -> None:
    path.write_text("Meeting notes, 2 March\n" * 40, encoding="utf-8")


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 16)


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_scaffold_database(path: Path) -> None:
    data = (FIXTURES / f"schema_{HEAD_REVISION}.sqlite").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _foreign_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
        con.commit()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_text, "file is not a database"),
        (_pdf, "file is not a database"),
        (_zero_bytes, "empty"),
        (_truncated_scaffold_database, "malformed"),
        (_foreign_sqlite, "not a Scaffold database"),
    ],
    ids=["text", "pdf", "zero-bytes", "truncated", "foreign-sqlite"],
)
def test_a_file_that_is_not_a_scaffold_database_is_refused_untouched(
    tmp_path: Path, make: Callable[[Path], None], reason: str
) -> None:
    db = tmp_path / "scaffold.sqlite"
    make(db)
    before = _digest(db)

    for attempt in (read_schema_state, open_database, upgrade_with_backup):
        with pytest.raises(DatabaseError) as info:
            attempt(db)
        message = str(info.value)
        assert type(info.value) is DatabaseError, attempt
        assert str(db) in message
        assert reason in message
        assert "Scaffold database" in message

    assert _digest(db) == before
    assert _other_files(tmp_path, db) == []
