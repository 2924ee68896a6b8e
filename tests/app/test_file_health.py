"""The quick look at the database file before opening it, and setting a bad file aside."""

import random
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from app import __version__
from app.backup_files import BackupError
from app.backups import backup_now
from app.file_health import (
    FileHealthError,
    check_database_file,
    keyinfo_path,
    recover_from_backup,
    set_aside_name,
    set_damaged_aside,
    start_new_database,
)
from models.db import open_database
from models.schema_version import HEAD_REVISION
from tests.app.backup_helpers import add_team, digest, teams_in

PAGE = 4096
WHEN = datetime(2026, 11, 28, 20, 15, 0)


def make_db(path: Path, *teams: str) -> Path:
    """A real Scaffold database at `path` holding `teams` (at least a few pages of them)."""
    engine = open_database(path)
    try:
        for team in teams or ("Claims handling",):
            add_team(engine, team)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database of a hundred teams, some pages past the schema's, made once per module."""
    folder = tmp_path_factory.mktemp("template")
    return make_db(folder / "scaffold.sqlite", *(f"Team {n} " + "x" * 150 for n in range(100)))


@pytest.fixture
def db(tmp_path, template) -> Path:
    """The test's own copy of the template database."""
    path = tmp_path / "scaffold.sqlite"
    shutil.copyfile(template, path)
    return path


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero_pages(path: Path, first: int, count: int) -> None:
    """Overwrite whole pages in the middle of the file with zeros, keeping its length."""
    data = bytearray(path.read_bytes())
    data[first * PAGE : (first + count) * PAGE] = bytes(count * PAGE)
    path.write_bytes(bytes(data))


def set_revision(path: Path, revision: str) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.commit()


# What each kind of file is called --------------------------------------------------------------


def test_a_good_file_is_ok_and_checked_in_full(db):
    before = digest(db)
    health = check_database_file(db)
    assert (health.kind, health.revision, health.fully_checked) == ("ok", HEAD_REVISION, True)
    assert health.opens and not health.can_set_aside
    assert health.reason == "The file is a Scaffold database in good order."
    assert health.backup is None  # only a bad file looks for one
    assert digest(db) == before


def test_a_missing_file_opens_as_a_new_database(tmp_path):
    health = check_database_file(tmp_path / "none.sqlite")
    assert (health.kind, health.opens) == ("missing", True)
    assert not (tmp_path / "none.sqlite").exists()


def test_a_file_cut_in_half_is_damaged_and_says_by_how_much(db):
    full = db.stat().st_size
    cut_in_half(db)
    before = digest(db)
    health = check_database_file(db)
    assert (health.kind, health.can_set_aside, health.opens) == ("damaged", True, False)
    assert health.reason == (
        f"The file is cut off: it has {full // 2:,} of the {full:,} bytes it should have, "
        "probably because copying or syncing it was interrupted."
    )
    assert digest(db) == before


def test_zeroed_pages_in_the_middle_fail_the_quick_check(db):
    with closing(sqlite3.connect(db)) as con:  # the teams' pages come after the schema's
        last_schema_page = con.execute("SELECT max(rootpage) FROM sqlite_master").fetchone()[0]
    pages = db.stat().st_size // PAGE
    zero_pages(db, (last_schema_page + pages) // 2, 4)
    health = check_database_file(db)
    assert health.kind == "damaged"
    assert health.reason.startswith("Parts of the file are damaged: SQLite's check found")
    assert "*** in database main ***" not in health.reason


def test_a_blank_first_page_is_damaged(db):
    zero_pages(db, 0, 1)
    health = check_database_file(db)
    assert health.kind == "damaged"
    assert health.reason.startswith("The file's first page is blank (all zeros)")


def test_random_bytes_are_not_a_database(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    path.write_bytes(random.Random(7).randbytes(3 * PAGE))
    health = check_database_file(path)
    assert (health.kind, health.can_set_aside) == ("not_database", True)
    assert "does not begin the way every SQLite database begins" in health.reason


def test_a_png_is_named_as_an_image(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    health = check_database_file(path)
    assert (health.kind, health.reason) == (
        "not_database",
        "The file is a PNG image, not a database.",
    )


def test_an_empty_file_is_empty(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    path.touch()
    health = check_database_file(path)
    assert (health.kind, health.can_set_aside) == ("empty", True)
    assert health.reason.startswith("The file is empty (0 bytes)")


def test_another_programs_database_is_foreign_and_names_its_tables(tmp_path):
    path = tmp_path / "photos.sqlite"
    with closing(sqlite3.connect(path)) as con:
        con.executescript(
            "CREATE TABLE album (id); CREATE TABLE photo (id); CREATE TABLE tag (id);"
        )
        con.executescript("CREATE TABLE zone (id);")
    before = digest(path)
    health = check_database_file(path)
    assert health.kind == "foreign"
    assert health.reason.endswith("it holds another program's tables (album, photo, tag, …).")
    assert digest(path) == before


def test_an_sqlite_file_without_tables_opens_as_new(tmp_path):
    path = tmp_path / "blank.sqlite"
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA user_version = 1")
    assert check_database_file(path).kind == "ok"


def test_a_newer_schema_names_both_versions_and_offers_no_set_aside(db):
    set_revision(db, "0999")
    before = digest(db)
    health = check_database_file(db)
    assert (health.kind, health.revision, health.can_set_aside) == ("newer", "0999", False)
    assert "format 0999" in health.reason
    assert f"this Scaffold ({__version__}) reads formats up to {HEAD_REVISION}" in health.reason
    assert health.backup is None
    assert digest(db) == before


def test_scaffold_tables_without_a_schema_version_are_damaged(db):
    with closing(sqlite3.connect(db)) as con:
        con.execute("DELETE FROM alembic_version")
        con.commit()
    health = check_database_file(db)
    assert health.kind == "damaged"
    assert "records no schema version" in health.reason


def test_an_encrypted_file_is_not_read(tmp_path):
    path = tmp_path / "scaffold.sqlite"
    path.write_bytes(random.Random(3).randbytes(2 * PAGE))  # what SQLCipher pages look like
    assert check_database_file(path).kind == "not_database"
    keyinfo_path(path).write_text("{}", encoding="utf-8")
    assert keyinfo_path(path).name == "scaffold.sqlite.keyinfo"
    health = check_database_file(path)
    assert (health.kind, health.opens) == ("encrypted", True)


def test_the_encryption_test_can_be_given(tmp_path, db):
    asked: list[Path] = []

    def encrypted(path: Path) -> bool:
        asked.append(path)
        return True

    assert check_database_file(db, is_encrypted=encrypted).kind == "encrypted"
    assert check_database_file(db, is_encrypted=lambda _p: False).kind == "ok"
    assert asked == [db]


def test_a_folder_in_place_of_the_file_is_unreadable(tmp_path):
    folder = tmp_path / "scaffold.sqlite"
    folder.mkdir()
    health = check_database_file(folder)
    assert (health.kind, health.opens, health.can_set_aside) == ("unreadable", False, False)
    assert health.reason == "The path is a folder, not a database file."


def test_uncheckpointed_changes_in_the_wal_are_read_not_reported(db):
    # While another connection is open, closing the writer does not fold the WAL in.
    with closing(sqlite3.connect(db)) as other:
        other.execute("SELECT count(*) FROM engagement").fetchone()
        engine = open_database(db)
        try:
            add_team(engine, "Payroll")
        finally:
            engine.dispose()
        assert db.with_name(db.name + "-wal").stat().st_size > 0
        health = check_database_file(db)
        assert health.kind == "ok"
        assert teams_in(db)[-1] == "Payroll"


def test_a_large_file_checks_only_the_tables_read_at_start(db):
    with closing(sqlite3.connect(db)) as con:  # damage a page that belongs to the library only
        root = con.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='table' AND name='library_scaffold'"
        ).fetchone()[0]
    zero_pages(db, root - 1, 1)
    partial = check_database_file(db, full_check_max_bytes=PAGE)
    assert (partial.kind, partial.fully_checked) == ("ok", False)
    assert check_database_file(db).kind == "damaged"


# Backups: the newest that passes the same check ------------------------------------------------


def backup_taken(db: Path, when: datetime) -> Path:
    made = backup_now(db, kind="daily")
    stamped = made.with_name(f"scaffold.daily-{when:%Y%m%dT%H%M%S}.sqlite")
    made.rename(stamped)
    return stamped


def test_the_latest_backup_that_passes_is_offered_skipping_a_damaged_one(db):
    older = backup_taken(db, datetime(2026, 11, 20, 9, 0))
    newer = backup_taken(db, datetime(2026, 11, 27, 9, 0))
    cut_in_half(newer)
    zero_pages(db, 0, 1)
    health = check_database_file(db)
    assert health.backup is not None
    assert (health.backup.path, health.skipped_backups) == (older, (newer,))
    assert health.backup.taken_at == datetime(2026, 11, 20, 9, 0)


def test_no_backup_when_every_one_is_bad(db):
    only = backup_taken(db, datetime(2026, 11, 27, 9, 0))
    set_revision(only, "0999")  # from a newer Scaffold: cannot be restored here
    db.write_bytes(b"")
    health = check_database_file(db)
    assert (health.backup, health.skipped_backups) == (None, (only,))


# Setting a file aside ---------------------------------------------------------------------------


def test_set_aside_renames_beside_with_its_wal_and_keeps_the_bytes(db):
    cut_in_half(db)
    wal = db.with_name(db.name + "-wal")
    wal.write_bytes(b"frames that may hold the last edits")
    hashes = (digest(db), digest(wal))
    kept = set_damaged_aside(db, now=WHEN)
    assert kept == db.with_name("scaffold.damaged-20261128T201500.sqlite")
    assert (digest(kept), digest(kept.with_name(kept.name + "-wal"))) == hashes
    assert not db.exists() and not wal.exists()


def test_set_aside_never_replaces_an_existing_file(db):
    taken = set_aside_name(db, WHEN)
    taken.write_bytes(b"an earlier damaged file")
    taken_wal = set_aside_name(db, WHEN, 2).with_name(set_aside_name(db, WHEN, 2).name + "-wal")
    taken_wal.write_bytes(b"someone's wal")
    before = digest(db)
    kept = set_damaged_aside(db, now=WHEN)
    assert kept == db.with_name("scaffold.damaged-20261128T201500-3.sqlite")
    assert digest(kept) == before
    assert taken.read_bytes() == b"an earlier damaged file"
    assert taken_wal.read_bytes() == b"someone's wal"


def test_set_aside_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(FileHealthError, match=r"There is no file at .* to set aside"):
        set_damaged_aside(tmp_path / "none.sqlite")


def test_recover_restores_the_backup_and_keeps_the_damaged_file(tmp_path):
    db = make_db(tmp_path / "scaffold.sqlite", "Claims handling", "Payroll")
    good = backup_taken(db, datetime(2026, 11, 20, 9, 0))
    engine = open_database(db)
    add_team(engine, "Field sales")  # after the backup: lost with the damage
    engine.dispose()
    cut_in_half(db)
    damaged = digest(db)
    health = check_database_file(db)
    assert health.backup is not None and health.backup.path == good
    kept = recover_from_backup(db, health.backup)
    assert kept.name.startswith("scaffold.damaged-")
    assert digest(kept) == damaged
    assert teams_in(db) == ["Claims handling", "Payroll"]
    assert check_database_file(db).kind == "ok"


def test_recover_from_a_bad_backup_changes_nothing(db, tmp_path):
    zero_pages(db, 0, 1)
    before = digest(db)
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a backup", encoding="utf-8")
    with pytest.raises(BackupError, match="cannot be restored: The file is not a database"):
        recover_from_backup(db, notes)
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite", "scaffold.sqlite"]


def test_recover_refuses_a_file_in_good_order(db):
    good = backup_taken(db, datetime(2026, 11, 20, 9, 0))
    before = digest(db)
    with pytest.raises(FileHealthError, match="is in good order, so it was not set aside"):
        recover_from_backup(db, good)
    assert digest(db) == before


def test_start_new_database_keeps_the_old_file_and_the_next_open_creates_one(db):
    db.write_bytes(b"")
    kept = start_new_database(db)
    assert kept.read_bytes() == b""
    assert not db.exists()
    open_database(db).dispose()
    assert (check_database_file(db).kind, teams_in(db)) == ("ok", [])


def test_start_new_database_refuses_a_newer_file(db):
    set_revision(db, "0999")
    with pytest.raises(FileHealthError, match="was not set aside: The file was written by a newer"):
        start_new_database(db)
    assert check_database_file(db).kind == "newer"
