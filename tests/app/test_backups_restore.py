"""Restoring a backup: the round trip, the safety copy, and refusals that change nothing."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.backups import BackupError, backup_now, backups_dir, list_backups, restore_backup
from app.demo import load_demo
from models.db import transaction
from models.schema_version import HEAD_REVISION
from tests.app.backup_helpers import add_team, digest, teams_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def db(db_engine: Engine, tmp_path: Path) -> Path:
    """The test's database file, holding one consultation."""
    add_team(db_engine, "Claims handling")
    return tmp_path / "scaffold.sqlite"


def revision_of(path: Path) -> str:
    with closing(sqlite3.connect(path)) as con:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_restore_round_trip_keeps_the_replaced_data_in_the_safety_copy(db, db_engine, tmp_path):
    backup = backup_now(db, tmp_path / "monday.sqlite")
    add_team(db_engine, "Field sales")  # written after the backup

    safety = restore_backup(db, backup)

    assert teams_in(db) == ["Claims handling"]
    assert safety is not None and teams_in(safety) == ["Claims handling", "Field sales"]
    assert [(b.kind, b.path) for b in list_backups(db)] == [("pre-restore", safety)]
    # The engine that was open sees the restored data and keeps working on it.
    assert add_team(db_engine, "Payroll") == 2
    assert teams_in(db) == ["Claims handling", "Payroll"]
    assert [p.name for p in backups_dir(db).iterdir()] == [safety.name]  # no staging left


def test_restoring_the_safety_copy_undoes_a_restore(db, db_engine, tmp_path):
    backup = backup_now(db, tmp_path / "monday.sqlite")
    add_team(db_engine, "Field sales")
    safety = restore_backup(db, backup)
    assert safety is not None
    restore_backup(db, safety)
    assert teams_in(db) == ["Claims handling", "Field sales"]


def make_newer(path: Path) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()


def make_foreign(path: Path) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE recipe (name TEXT)")
        con.commit()


def make_empty_sqlite(path: Path) -> None:
    sqlite3.connect(path).close()
    path.write_bytes(b"")


REFUSALS = {
    "newer": (make_newer, r"written by a newer version of Scaffold \(schema 9999\)"),
    "foreign": (make_foreign, "is an SQLite file but not a Scaffold database"),
    "empty": (make_empty_sqlite, r"is empty \(0 bytes\)"),
    "text": (lambda p: p.write_text("team,manager\n"), "cannot be read as a Scaffold database"),
}


@pytest.mark.parametrize("kind", sorted(REFUSALS))
def test_a_file_that_is_no_restorable_backup_is_refused_and_nothing_changes(
    kind, db, db_engine, tmp_path
):
    make, message = REFUSALS[kind]
    source = tmp_path / f"{kind}.sqlite"
    if kind == "newer":
        backup_now(db, source)
    make(source)
    before = digest(db)

    with pytest.raises(BackupError, match=message) as refused:
        restore_backup(db, source)

    assert str(refused.value).endswith("Nothing was restored.")
    assert digest(db) == before
    assert not backups_dir(db).exists()
    assert teams_in(db) == ["Claims handling"]


@pytest.fixture
def whole(db, db_engine, tmp_path) -> bytes:
    """The bytes of a backup with enough pages for a cut or a bad page to fall inside the data."""
    with transaction(db_engine) as session:
        load_demo(session=session)
    return backup_now(db, tmp_path / "whole.sqlite").read_bytes()


@pytest.mark.parametrize("kept", [0.25, 0.5, 0.9, 0.99])
def test_a_truncated_backup_is_refused_and_nothing_changes(kept, db, whole, tmp_path):
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(whole[: int(len(whole) * kept)])
    before = digest(db)

    with pytest.raises(BackupError, match=r"cut.sqlite .* Nothing was restored\.$"):
        restore_backup(db, cut)

    assert digest(db) == before
    assert not backups_dir(db).exists()  # no safety copy, no staging


def test_a_backup_cut_inside_its_last_page_is_refused(db, whole, tmp_path):
    """SQLite reads the missing bytes as zeros; only the length gives the cut away."""
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(whole[:-3000])
    with pytest.raises(BackupError, match=r"cut.sqlite is incomplete \([\d,]+ of [\d,]+ bytes\)"):
        restore_backup(db, cut)


def test_a_backup_with_a_damaged_page_is_refused_and_nothing_changes(db, whole, tmp_path):
    page = 4096
    damaged = bytearray(whole)
    damaged[10 * page : 11 * page] = b"\xff" * page  # a page of the data, not of the schema
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(bytes(damaged))
    before = digest(db)

    with pytest.raises(BackupError, match=r"bad.sqlite is damaged \(.*malformed\), so it cannot"):
        restore_backup(db, bad)

    assert digest(db) == before
    assert [p.name for p in backups_dir(db).iterdir()] == []  # the staging copy is gone


def test_a_missing_file_and_the_database_itself_are_refused(db, tmp_path):
    before = digest(db)
    with pytest.raises(BackupError, match=r"gone\.sqlite: no such file"):
        restore_backup(db, tmp_path / "gone.sqlite")
    with pytest.raises(BackupError, match="is the database in use, not a backup"):
        restore_backup(db, db)
    assert digest(db) == before


def test_an_older_backup_is_brought_up_to_date_as_it_is_restored(db, tmp_path):
    old = tmp_path / "from-last-year.sqlite"
    shutil.copyfile(FIXTURES / "schema_0003.sqlite", old)
    fixture_bytes = digest(old)

    restore_backup(db, old)

    assert revision_of(db) == HEAD_REVISION
    assert digest(old) == fixture_bytes  # the backup itself is never changed
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT count(*) FROM library_scaffold").fetchone()[0] > 0


def test_restoring_onto_a_new_machine_creates_the_database(db, tmp_path):
    backup = backup_now(db, tmp_path / "carried.sqlite")
    fresh = tmp_path / "new laptop" / "scaffold.sqlite"
    assert restore_backup(fresh, backup) is None
    assert teams_in(fresh) == ["Claims handling"]


def test_an_unreadable_current_file_is_moved_aside_whole(db, tmp_path):
    backup = backup_now(db, tmp_path / "good.sqlite")
    broken = tmp_path / "broken" / "scaffold.sqlite"
    broken.parent.mkdir()
    broken.write_bytes(b"this was a database before the disk failed")

    aside = restore_backup(broken, backup)

    assert aside is not None and aside.read_bytes() == b"this was a database before the disk failed"
    assert [b.kind for b in list_backups(broken)] == ["pre-restore"]
    assert teams_in(broken) == ["Claims handling"]


def test_a_backup_with_another_page_size_is_restored(db, tmp_path):
    other = tmp_path / "other" / "scaffold.sqlite"
    other.parent.mkdir()
    with closing(sqlite3.connect(other)) as con:
        con.execute("PRAGMA page_size = 8192")
        con.execute("CREATE TABLE scratch (x)")
        con.execute("DROP TABLE scratch")
    from models.db import open_database

    engine = open_database(other)
    add_team(engine, "Eight-kilobyte pages")
    engine.dispose()
    with closing(sqlite3.connect(other)) as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == 8192

    restore_backup(db, other)

    assert teams_in(db) == ["Eight-kilobyte pages"]
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == 4096
