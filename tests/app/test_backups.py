"""Backups: at most one a day, rotation, chosen files, owner-only, consistent under writes."""

import os
import shutil
import sqlite3
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.backups import (
    BACKUP_DIR_NAME,
    BackupError,
    backup_now,
    backups_dir,
    daily_backup,
    latest_backup,
    list_backups,
    retention_text,
    rotate,
)
from app.services.settings import (
    Preferences,
    load_backups_keep,
    load_preferences,
    save_backups_keep,
    save_preferences,
)
from app.storage import open_engine
from app.validation import ValidationError
from models.db import transaction
from models.engagement import AppSetting
from tests.app.backup_helpers import add_team, mode_of, teams_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MORNING = datetime(2026, 3, 2, 9, 15, 0)
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


@pytest.fixture
def db(db_engine: Engine, tmp_path: Path) -> Path:
    """The test's database file, holding one consultation."""
    add_team(db_engine, "Claims handling")
    return tmp_path / "scaffold.sqlite"


def test_the_daily_backup_is_taken_at_most_once_a_day(db):
    first = daily_backup(db, keep=10, now=MORNING)
    assert first is not None and first.parent == backups_dir(db)
    assert first.name == "scaffold.daily-20260302T091500.sqlite"
    assert daily_backup(db, keep=10, now=MORNING.replace(hour=17)) is None
    second = daily_backup(db, keep=10, now=MORNING + timedelta(days=1))
    assert second is not None
    assert [(b.kind, b.path) for b in list_backups(db)] == [("daily", second), ("daily", first)]
    assert teams_in(second) == ["Claims handling"]


def test_no_daily_backup_of_a_database_that_does_not_exist(tmp_path):
    assert daily_backup(tmp_path / "none.sqlite", keep=10, now=MORNING) is None
    assert not backups_dir(tmp_path / "none.sqlite").exists()


def test_rotation_keeps_the_newest_of_each_kind(db):
    manual = [backup_now(db), backup_now(db)]
    days = [MORNING + timedelta(days=n) for n in range(5)]
    for day in days:
        daily_backup(db, keep=3, now=day)
    dailies = [b for b in list_backups(db) if b.kind == "daily"]
    assert [b.taken_at for b in dailies] == days[:1:-1]  # the newest three, newest first
    assert {b.path for b in list_backups(db) if b.kind == "manual"} == set(manual)

    removed = rotate(db, keep=1)
    assert manual[0] in removed and manual[1].exists()
    assert sorted(b.kind for b in list_backups(db)) == ["daily", "manual"]


def test_back_up_now_to_a_chosen_file(db, db_engine, tmp_path):
    chosen = tmp_path / "usb stick #1" / "claims?.sqlite"
    chosen.parent.mkdir()
    assert backup_now(db, chosen) == chosen
    add_team(db_engine, "Field sales")  # later writes stay out of the copy
    assert teams_in(chosen) == ["Claims handling"]
    assert sorted(p.name for p in chosen.parent.iterdir()) == ["claims?.sqlite"]
    with closing(sqlite3.connect(chosen)) as con:  # a self-contained file, no WAL beside it
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert list_backups(db) == []  # a chosen file is not one of the rotated backups

    backup_now(db, chosen)  # replacing an older copy
    assert teams_in(chosen) == ["Claims handling", "Field sales"]


def test_the_database_itself_is_refused_as_the_target(db):
    before = db.read_bytes()
    with pytest.raises(BackupError, match="is the database itself"):
        backup_now(db, db)
    assert db.read_bytes() == before


def test_a_database_in_use_is_refused_as_the_target(db, tmp_path):
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"another program's database")
    (tmp_path / "other.sqlite-wal").write_bytes(b"its pending writes")
    with pytest.raises(BackupError, match="has a wal file beside it"):
        backup_now(db, other)
    assert other.read_bytes() == b"another program's database"


def test_backing_up_a_missing_database_says_so(tmp_path):
    with pytest.raises(BackupError, match=r"There is no database at .* to back up"):
        backup_now(tmp_path / "gone.sqlite")


def test_latest_backup_and_the_retention_wording(db):
    assert latest_backup(db) is None
    daily_backup(db, keep=10, now=MORNING)
    newest = backup_now(db)
    latest = latest_backup(db)
    assert latest is not None and latest.path == newest and latest.kind == "manual"
    assert latest.size == newest.stat().st_size > 0
    text = retention_text(7)
    assert "newest 7 backups of each kind" in text and "after 7 more days" in text


@posix_only
def test_backups_and_their_folder_are_owner_only(db, tmp_path):
    loose = backups_dir(db)
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)  # as an older Scaffold might have left it
    made = [daily_backup(db, keep=10, now=MORNING), backup_now(db)]
    chosen = backup_now(db, tmp_path / "chosen.sqlite")
    assert mode_of(loose) == 0o700
    assert [mode_of(p) for p in made if p] == [0o600, 0o600]
    assert mode_of(chosen) == 0o600


@posix_only
def test_the_backup_before_an_upgrade_is_owner_only_and_listed(tmp_path):
    old = tmp_path / "scaffold.sqlite"
    shutil.copyfile(FIXTURES / "schema_0003.sqlite", old)
    open_engine(old).dispose()
    folder = tmp_path / BACKUP_DIR_NAME
    assert mode_of(folder) == 0o700
    found = list_backups(old)
    assert {b.kind for b in found} == {"pre-migration", "daily"}
    assert all(mode_of(b.path) == 0o600 for b in found)


def test_the_folder_name_is_the_one_upgrades_use():
    from models import migrate

    assert migrate.BACKUP_DIR_NAME == BACKUP_DIR_NAME


def test_opening_for_the_window_takes_the_daily_backup_with_the_kept_count(db, db_engine):
    with transaction(db_engine) as session:
        save_backups_keep(session=session, keep=2)
    for days in (3, 2, 1):
        daily_backup(db, keep=10, now=datetime.now() - timedelta(days=days))
    open_engine(db, backup=False).dispose()
    assert len(list_backups(db)) == 3
    open_engine(db).dispose()
    dailies = [b.taken_at.date() for b in list_backups(db)]
    today = datetime.now().date()
    assert dailies == [today, today - timedelta(days=1)]
    open_engine(db).dispose()  # the same day again: no second backup
    assert len(list_backups(db)) == 2


def test_a_new_database_gets_no_backup_on_opening(tmp_path):
    open_engine(tmp_path / "fresh.sqlite").dispose()
    assert list_backups(tmp_path / "fresh.sqlite") == []


def test_leftovers_of_an_interrupted_backup_are_cleared_once_stale(db):
    folder = backups_dir(db)
    folder.mkdir()
    stale_copy = folder / "scaffold.daily-20260101T090000.sqlite.partial"
    stale_restore = folder / ".restore-abc"
    fresh_copy = folder / "scaffold.manual-20260302T090000.sqlite.partial"
    for path in (stale_copy, fresh_copy):
        path.write_bytes(b"half a database")
    stale_restore.mkdir()
    (stale_restore / "scaffold.sqlite").write_bytes(b"half a database")
    old = time.time() - 2 * 3600
    for path in (stale_copy, stale_restore):
        os.utime(path, (old, old))
    rotate(db, keep=10)
    assert sorted(p.name for p in folder.iterdir()) == [fresh_copy.name]


def test_backups_taken_while_the_app_writes_are_consistent(db, db_engine, tmp_path):
    """A writer keeps two settings equal in each transaction; every copy must agree with itself."""
    stop = threading.Event()
    written = [0]

    def write() -> None:
        while not stop.is_set():
            written[0] += 1
            with transaction(db_engine) as session:
                for key in ("test.a", "test.b"):
                    session.merge(AppSetting(key=key, value=str(written[0])))
                    session.flush()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        for n in range(8):
            while written[0] < (n + 1) * 5 and writer.is_alive():  # some writes between copies
                time.sleep(0.001)
            copies.append(backup_now(db, tmp_path / f"copy-{n}.sqlite"))
    finally:
        stop.set()
        writer.join()
    values = []
    for copy in copies:
        with closing(sqlite3.connect(copy)) as con:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            pair = dict(con.execute("SELECT key, value FROM app_setting WHERE key LIKE 'test.%'"))
        assert pair["test.a"] == pair["test.b"]
        values.append(int(pair["test.a"]))
    assert values == sorted(values) and len(set(values)) > 1  # the copies saw the writes move


def test_the_number_kept_is_a_checked_preference(db_engine):
    with transaction(db_engine) as session:
        assert load_backups_keep(session=session) == 10
        with pytest.raises(ValidationError) as refused:
            save_preferences(session=session, data=Preferences("Sam", backups_keep=0))
        assert refused.value.field == "backups_keep"
        assert (
            refused.value.message
            == "Scaffold can keep between 1 and 100 backups of each kind, not 0."
        )
    with transaction(db_engine) as session:
        assert session.get(AppSetting, "partner.name") is None  # nothing of it was written
        save_preferences(session=session, data=Preferences("Sam", backups_keep=3))
    with transaction(db_engine) as session:
        assert load_preferences(session=session).backups_keep == 3
        session.merge(AppSetting(key="backups.keep", value="lots"))
    with transaction(db_engine) as session:
        assert load_backups_keep(session=session) == 10
