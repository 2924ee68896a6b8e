"""Files holding people's data are readable by their owner only (POSIX): the database, its -wal
and -shm files, a folder made for it, and what the private writers export."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.privacy import (
    open_private,
    restrict_new_files,
    restrict_to_owner,
    write_private_bytes,
    write_private_text,
)
from models.db import open_database, transaction
from models.tables import AppSetting

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    """A umask that lets others read new files, as on many desktops: the code must not rely on
    the person's own umask being strict."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    """The permission bits of `path`."""
    return stat.S_IMODE(path.stat().st_mode)


def _write_something(engine) -> None:
    with transaction(engine) as s:
        s.add(AppSetting(key="partner_name", value="Sam"))


def test_a_new_database_and_its_log_files_are_owner_only(tmp_path: Path):
    path = tmp_path / "new folder" / "scaffold.sqlite"
    engine = open_database(path)
    try:
        with engine.connect():  # held open so the -wal and -shm files stay
            _write_something(engine)
            files = sorted(tmp_path.glob("new folder/scaffold.sqlite*"))
            assert [f.name[len("scaffold.sqlite") :] for f in files] == ["", "-shm", "-wal"]
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        engine.dispose()
    assert mode(path.parent) == 0o700  # the folder Scaffold made for it


def test_a_database_made_readable_by_others_is_tightened_when_opened(tmp_path: Path):
    path = tmp_path / "scaffold.sqlite"
    open_database(path).dispose()
    path.chmod(0o644)
    con = sqlite3.connect(path)  # an older Scaffold, or another tool, left log files too
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO app_setting (key, value) VALUES ('x', 'y')")
    con.commit()
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    assert mode(wal) == 0o644 and mode(shm) == 0o644
    try:
        open_database(path).dispose()
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        con.close()


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path):
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    open_database(folder / "scaffold.sqlite").dispose()
    assert mode(folder) == 0o755  # the person's own folder: only our file is ours to restrict
    assert mode(folder / "scaffold.sqlite") == 0o600


def test_private_writers_create_owner_only_files(tmp_path: Path):
    pdf, csv = tmp_path / "plan.pdf", tmp_path / "measures.csv"
    write_private_bytes(pdf, b"%PDF-1.7 plan")
    write_private_text(csv, "a,b\n1,2\n", encoding="utf-8-sig", newline="")
    assert (mode(pdf), mode(csv)) == (0o600, 0o600)
    assert pdf.read_bytes() == b"%PDF-1.7 plan"
    assert csv.read_bytes() == b"\xef\xbb\xbfa,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["measures.csv", "plan.pdf"]


def test_writing_over_a_file_others_could_read_takes_their_access_away(tmp_path: Path):
    target = tmp_path / "person.json"
    target.write_text("old")
    target.chmod(0o644)
    write_private_text(target, '{"name": "Sam"}')
    assert mode(target) == 0o600 and target.read_text() == '{"name": "Sam"}'
    with open_private(target, "a", encoding="utf-8") as file:
        file.write("\n")
    assert target.read_text().endswith("}\n")


def test_a_failed_write_leaves_no_part_file_and_the_old_file_whole(tmp_path: Path):
    target = tmp_path / "plan.csv"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_private_text(target, 12)  # type: ignore[arg-type]  # fails half-way
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]
    with pytest.raises(FileNotFoundError):
        write_private_bytes(tmp_path / "no such folder" / "plan.pdf", b"new")


def test_open_private_refuses_to_read(tmp_path: Path):
    with pytest.raises(ValueError, match="writes files"):
        open_private(tmp_path / "x", "rb")


def test_restrict_to_owner_leaves_missing_files_alone_and_keeps_the_owner_s_bits(tmp_path: Path):
    restrict_to_owner(tmp_path / "missing")  # no error
    script = tmp_path / "settings.conf"
    script.write_text("[General]\n")
    script.chmod(0o754)
    restrict_to_owner(script)
    assert mode(script) == 0o700


def test_restrict_new_files_sets_an_owner_only_umask(tmp_path: Path):
    old = restrict_new_files()
    try:
        (tmp_path / "made.txt").write_text("x")
        (tmp_path / "made").mkdir()
        assert mode(tmp_path / "made.txt") == 0o600 and mode(tmp_path / "made") == 0o700
    finally:
        os.umask(old)
    assert old == 0o022
