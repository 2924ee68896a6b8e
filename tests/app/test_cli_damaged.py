"""The command line on a damaged, empty or foreign database file: what is wrong, and the ways on."""

import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.backups import list_backups
from app.cli import main
from tests.app.backup_helpers import digest, teams_in


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A database (in a folder with a space) holding the sample, with a backup of it."""
    path = tmp_path / "my data" / "scaffold.sqlite"
    path.parent.mkdir()
    assert run(capsys, "demo", "--db", str(path))[0] == 0
    assert run(capsys, "backup", "--db", str(path))[0] == 0
    return path


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_database_is_named_left_untouched_and_the_ways_on_listed(db, capsys):
    cut_in_half(db)
    before = digest(db)
    [backup] = list_backups(db)
    code, out, err = run(capsys, "list", "--db", str(db))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"scaffold list: {db} cannot be opened. The file is cut off: ")
    assert lines[0].endswith("The file was left untouched.")
    assert lines[1:] == [
        "To go on, choose one:",
        f"  restore the latest backup (taken {backup.taken_at:%Y-%m-%d %H:%M}), keeping this "
        "file aside:",
        f"    scaffold restore {shlex.quote(str(backup.path))} --db {shlex.quote(str(db))}",
        "  use another database file:",
        "    scaffold list --db OTHER_FILE",
        "  start a new, empty database here (this file is kept, renamed, beside it):",
        f"    scaffold set-aside --db {shlex.quote(str(db))}",
    ]
    assert digest(db) == before


def test_the_suggested_restore_keeps_the_damaged_file_aside(db, capsys):
    cut_in_half(db)
    before = digest(db)
    [backup] = list_backups(db)
    code, out, err = run(capsys, "restore", str(backup.path), "--db", str(db))
    assert (code, err) == (0, "")
    [kept] = db.parent.glob("scaffold.damaged-*.sqlite")
    assert out == (
        f"Restored {db} from {backup.path}. The damaged file is kept, unchanged, as {kept}.\n"
    )
    assert digest(kept) == before
    assert teams_in(db) == ["Customer Support – Tier 1"]


def test_set_aside_then_the_next_command_starts_a_new_database(db, capsys):
    db.write_bytes(b"")
    code, out, err = run(capsys, "set-aside", "--db", str(db))
    assert (code, err) == (0, "")
    [kept] = db.parent.glob("scaffold.damaged-*.sqlite")
    assert out == (
        f"Kept {db} aside, unchanged, as {kept}. The next command, or opening Scaffold, starts "
        "a new, empty database there.\n"
    )
    assert run(capsys, "list", "--db", str(db))[1] == f"No engagements in {db}.\n"


def test_set_aside_refuses_a_database_in_good_order(db, capsys):
    before = digest(db)
    code, out, err = run(capsys, "set-aside", "--db", str(db))
    assert (code, out) == (1, "")
    assert err == (
        f"scaffold set-aside: {db} is in good order, so it was not set aside. To start afresh, "
        "use another file (--db NEW_FILE).\n"
    )
    assert digest(db) == before


def test_a_file_that_is_not_a_database_and_has_no_backup(tmp_path, capsys):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("Priya: coaching on Tuesdays\n" * 20, encoding="utf-8")
    code, _, err = run(capsys, "export", "1", "-o", str(tmp_path / "x.json"), "--db", str(notes))
    assert code == 1
    assert err.splitlines()[0] == (
        f"scaffold export: {notes} cannot be opened. The file is not a database: it does not "
        "begin the way every SQLite database begins. It may be damaged beyond reading, or a "
        "different kind of file. If you encrypted it with Scaffold, its key file "
        "(notes.sqlite.keyinfo) is missing from beside it. The file was left untouched."
    )
    assert "  (no backup to restore: there are none beside this file)" in err.splitlines()
    assert "    scaffold export --db OTHER_FILE" in err.splitlines()
    assert notes.read_text(encoding="utf-8").startswith("Priya")


def test_a_newer_database_keeps_its_one_line_naming_both_versions(db, capsys):
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE alembic_version SET version_num = '0999'")
        con.commit()
    before = digest(db)
    code, _, err = run(capsys, "list", "--db", str(db))
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "newer version of Scaffold (schema 0999)" in err
    assert digest(db) == before
