"""`scaffold backup` and `scaffold restore`: real files, one-line messages, exit codes."""

import pytest

from app.backups import list_backups
from app.cli import main
from tests.app.backup_helpers import digest, teams_in


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys):
    """A database holding the sample engagement, loaded through the CLI."""
    path = tmp_path / "scaffold.sqlite"
    assert run(capsys, "demo", "--db", str(path))[0] == 0
    return path


def test_backup_without_a_file_goes_to_the_backups_folder(db, capsys):
    code, out, err = run(capsys, "backup", "--db", str(db))
    assert (code, err) == (0, "")
    [made] = list_backups(db)
    assert made.kind == "manual"
    assert out == f"Backed up {db} to {made.path}.\n"


def test_backup_to_a_chosen_file(db, tmp_path, capsys):
    copy = tmp_path / "before the workshop.sqlite"
    code, out, err = run(capsys, "backup", "-o", str(copy), "--db", str(db))
    assert (code, err) == (0, "")
    assert out == f"Backed up {db} to {copy}.\n"
    assert teams_in(copy) == teams_in(db) == ["Customer Support – Tier 1"]
    assert list_backups(db) == []


def test_restore_brings_back_what_the_backup_held(db, tmp_path, capsys):
    empty = tmp_path / "empty.sqlite"
    run(capsys, "list", "--db", str(empty))  # creates a database with no consultations
    code, out, err = run(capsys, "restore", str(empty), "--db", str(db))
    assert (code, err) == (0, "")
    [safety] = list_backups(db)
    assert safety.kind == "pre-restore"
    assert out == f"Restored {db} from {empty}. The data it held before is in {safety.path}.\n"
    assert teams_in(db) == []

    assert run(capsys, "restore", str(safety.path), "--db", str(db))[0] == 0
    assert teams_in(db) == ["Customer Support – Tier 1"]
    assert len(list_backups(db)) == 2  # one safety copy per restore


def test_restore_of_a_file_that_is_not_a_database_fails_in_one_line(db, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("Priya: coaching on Tuesdays\n", encoding="utf-8")
    before = digest(db)
    code, out, err = run(capsys, "restore", str(notes), "--db", str(db))
    assert (code, out) == (1, "")
    assert err == (
        f"scaffold restore: {notes} cannot be read as a Scaffold database: file is not a "
        "database. Nothing was restored.\n"
    )
    assert digest(db) == before


def test_restore_of_a_missing_file_fails_in_one_line(db, tmp_path, capsys):
    code, out, err = run(capsys, "restore", str(tmp_path / "gone.sqlite"), "--db", str(db))
    assert (code, out) == (1, "")
    assert (
        err
        == f"scaffold restore: {tmp_path / 'gone.sqlite'}: no such file. Nothing was restored.\n"
    )


def test_backup_of_a_missing_database_fails_in_one_line(tmp_path, capsys):
    missing = tmp_path / "none.sqlite"
    code, out, err = run(capsys, "backup", "--db", str(missing))
    assert (code, out) == (1, "")
    assert err == f"scaffold backup: There is no database at {missing} to back up.\n"
    assert not missing.exists()


def test_backup_into_a_folder_that_does_not_exist_fails_in_one_line(db, tmp_path, capsys):
    target = tmp_path / "no such folder" / "copy.sqlite"
    code, out, err = run(capsys, "backup", "-o", str(target), "--db", str(db))
    assert (code, out) == (1, "")
    assert err == f"scaffold backup: {target} could not be written: No such file or directory.\n"


def test_reading_commands_take_no_daily_backup_but_writing_ones_do(db, tmp_path, capsys):
    assert list_backups(db) == []  # the demo created the file: nothing to back up yet
    run(capsys, "list", "--db", str(db))
    run(capsys, "export", "1", "-o", str(tmp_path / "x.json"), "--db", str(db))
    assert list_backups(db) == []
    run(capsys, "import", str(tmp_path / "x.json"), "--db", str(db))  # refused, but opened
    assert [b.kind for b in list_backups(db)] == ["daily"]
