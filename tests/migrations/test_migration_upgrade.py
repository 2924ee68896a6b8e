"""Upgrades keep every row, run in one transaction that really rolls back, and back up first."""

import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models.db import make_engine, open_database, read_schema_state
from models.migrate import (
    MIGRATIONS_DIR,
    MigrationError,
    head_revision_from_scripts,
    upgrade_with_backup,
)
from models.schema_version import HEAD_REVISION
from models.search import include_in_autogenerate, is_search_table
from models.tables import metadata

# The full-text indexes (virtual tables) have no models; Alembic compares everything else.
COMPARE_OPTIONS = {"compare_type": True, "include_name": include_in_autogenerate}

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FROZEN = sorted(FIXTURES.glob("schema_*.sqlite"))

Rows = dict[str, Counter[tuple[object, ...]]]


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _columns(path: Path) -> dict[str, list[str]]:
    with closing(_connect_ro(path)) as con:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != "alembic_version"
        ]
        return {t: [c[1] for c in con.execute(f"PRAGMA table_info('{t}')")] for t in tables}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(path: Path, columns: dict[str, list[str]]) -> Rows:
    """The rows of each table, limited to `columns` (those of the older schema).

    A later revision that drops or renames a table or column fails here, on purpose: map the old
    data to its new place in the test, so that the loss (or move) is a decision, not an accident.
    """
    with closing(_connect_ro(path)) as con:
        return {
            table: Counter(con.execute(f"SELECT {', '.join(map(_quoted, names))} FROM {table}"))
            for table, names in columns.items()
        }


def _snapshot(path: Path) -> tuple[Rows, list[tuple[str, str, str]]]:
    """All data and all DDL: enough to say that nothing at all changed."""
    with closing(_connect_ro(path)) as con:
        master = sorted(con.execute("SELECT type, name, sql FROM sqlite_master"))
    return _rows(path, _columns(path)), master


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _fixture_revision(fixture: Path) -> str:
    return fixture.stem.removeprefix("schema_")


@pytest.fixture
def scaffold_db(tmp_path: Path) -> Path:
    """A copy of the newest frozen database, at the current head."""
    return _copy(FIXTURES / f"schema_{HEAD_REVISION}.sqlite", tmp_path / "scaffold.sqlite")


# --- Frozen databases of every released schema keep every row --------------------------------


@pytest.mark.parametrize("fixture", FROZEN, ids=lambda p: p.stem)
def test_frozen_database_fills_every_table_and_is_at_its_revision(
    fixture: Path, tmp_path: Path
) -> None:
    copy = _copy(fixture, tmp_path / fixture.name)
    assert read_schema_state(copy).revision == _fixture_revision(fixture)
    rows = _rows(copy, _columns(copy))
    assert [table for table, counted in rows.items() if not counted] == []
    if _fixture_revision(fixture) == HEAD_REVISION:
        assert {table for table in rows if not is_search_table(table)} == set(metadata.tables)


@pytest.mark.parametrize("fixture", FROZEN, ids=lambda p: p.stem)
def test_open_database_keeps_every_row_of_a_frozen_database(fixture: Path, tmp_path: Path) -> None:
    pristine = _copy(fixture, tmp_path / "pristine" / fixture.name)
    old_columns = _columns(pristine)
    before = _rows(pristine, old_columns)
    db = _copy(fixture, tmp_path / "scaffold.sqlite")

    engine = open_database(db)
    try:
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                # Through the models' column types: enum values and timestamps must still parse.
                # A table added by a later revision starts empty.
                expected = sum(before.get(table.name, Counter()).values())
                assert len(conn.execute(table.select()).all()) == expected
    finally:
        engine.dispose()

    assert read_schema_state(db).revision == HEAD_REVISION
    assert _rows(db, old_columns) == before


def _schema_names(path: Path) -> list[tuple[str, str, str]]:
    with closing(_connect_ro(path)) as con:
        return sorted(con.execute("SELECT type, name, tbl_name FROM sqlite_master"))


@pytest.mark.parametrize("fixture", FROZEN, ids=lambda p: p.stem)
def test_a_frozen_database_upgraded_to_head_has_the_schema_of_a_new_one(
    fixture: Path, tmp_path: Path
) -> None:
    # Batch mode silently drops triggers and may lose indexes: compare every object by name.
    db = _copy(fixture, tmp_path / "upgraded.sqlite")
    upgrade_with_backup(db)
    new = tmp_path / "new.sqlite"
    open_database(new).dispose()
    assert _schema_names(db) == _schema_names(new)
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts=COMPARE_OPTIONS)
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("fixture", FROZEN, ids=lambda p: p.stem)
def test_upgrade_with_backup_keeps_every_row_and_the_old_database(
    fixture: Path, tmp_path: Path
) -> None:
    pristine = _copy(fixture, tmp_path / "pristine" / fixture.name)
    old_columns = _columns(pristine)
    before = _rows(pristine, old_columns)
    db = _copy(fixture, tmp_path / "scaffold.sqlite")

    backup = upgrade_with_backup(db)

    assert read_schema_state(db).revision == HEAD_REVISION
    assert _rows(db, old_columns) == before
    assert backup.parent == tmp_path / "backups"
    assert read_schema_state(backup).revision == _fixture_revision(fixture)
    assert _rows(backup, old_columns) == before


# --- A copy of the scripts with a test-only revision 9999 after head --------------------------

REVISION_9999 = '''"""Test-only revision."""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    raise NotImplementedError
'''


@pytest.fixture
def scripts_with_9999(tmp_path: Path) -> Callable[[str], Path]:
    """Copy the migration scripts (into a folder whose name has a "%") and add revision 9999."""

    def make(body: str) -> Path:
        location = tmp_path / "scripts 100% copy"
        shutil.copytree(MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
        source = REVISION_9999.format(head=head_revision_from_scripts(), body=body)
        (location / "versions" / "9999_test_only.py").write_text(source, encoding="utf-8")
        assert head_revision_from_scripts(location) == "9999"
        return location

    return make


BACKUP_CHECK = """\
    db = Path(op.get_context().config.attributes["db_path"])
    if not list((db.parent / "backups").glob(f"{db.stem}.before-9999-*{db.suffix}")):
        raise RuntimeError("no backup was written before the upgrade")
"""

ADD_COLUMN_AND_RECREATE = """\
    with op.batch_alter_table("engagement") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(), nullable=False, server_default="-"))
    # Recreates team_member (copy, drop, rename), which network_tie references.
    with op.batch_alter_table("team_member", recreate="always") as batch_op:
        batch_op.alter_column("role", existing_type=sa.String(), nullable=True)
    op.execute("UPDATE engagement SET nickname = 'changed'")
    op.execute("DELETE FROM private_note")
"""


def test_a_failing_revision_rolls_back_everything(
    scaffold_db: Path, scripts_with_9999: Callable[[str], Path]
) -> None:
    scripts = scripts_with_9999(
        ADD_COLUMN_AND_RECREATE + '    raise RuntimeError("simulated failure in 9999")'
    )
    before = _snapshot(scaffold_db)

    with pytest.raises(MigrationError, match="simulated failure in 9999") as info:
        upgrade_with_backup(scaffold_db, script_location=scripts)

    assert f"{HEAD_REVISION} to 9999" in str(info.value)
    assert "nickname" not in _columns(scaffold_db)["engagement"]
    assert read_schema_state(scaffold_db).revision == HEAD_REVISION
    assert _snapshot(scaffold_db) == before  # every row and every CREATE statement
    backups = list((scaffold_db.parent / "backups").iterdir())
    assert len(backups) == 1
    assert str(backups[0]) in str(info.value)


def test_an_upgrade_that_breaks_a_reference_is_rolled_back(
    scaffold_db: Path, scripts_with_9999: Callable[[str], Path]
) -> None:
    # Foreign keys are off during upgrades, so only the final foreign_key_check can catch this.
    scripts = scripts_with_9999('    op.execute("DELETE FROM team_member WHERE id = 1")')
    before = _snapshot(scaffold_db)

    with pytest.raises(MigrationError, match="broken reference"):
        upgrade_with_backup(scaffold_db, script_location=scripts)

    assert read_schema_state(scaffold_db).revision == HEAD_REVISION
    assert _snapshot(scaffold_db) == before


def test_the_backup_is_written_first_and_is_the_old_database(
    scaffold_db: Path, scripts_with_9999: Callable[[str], Path]
) -> None:
    scripts = scripts_with_9999(BACKUP_CHECK + ADD_COLUMN_AND_RECREATE)
    old_columns = _columns(scaffold_db)
    before_rows, before_master = _snapshot(scaffold_db)

    backup = upgrade_with_backup(scaffold_db, script_location=scripts)

    assert backup.parent == scaffold_db.parent / "backups"
    assert backup.name.startswith("scaffold.before-9999-")
    assert backup.suffix == ".sqlite"
    assert [p.name for p in backup.parent.iterdir() if p.suffix == ".partial"] == []
    # The backup is a complete database at the old revision, with the old data and schema.
    with closing(_connect_ro(backup)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert read_schema_state(backup).revision == HEAD_REVISION
    assert _snapshot(backup) == (before_rows, before_master)
    # The database itself moved on: new column, changed rows, references intact.
    assert read_schema_state(scaffold_db).revision == "9999"
    assert "nickname" in _columns(scaffold_db)["engagement"]
    after = _rows(scaffold_db, old_columns)
    assert after["private_note"] == Counter()
    assert after["team_member"] == before_rows["team_member"]
    with closing(_connect_ro(scaffold_db)) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT DISTINCT nickname FROM engagement").fetchall() == [("changed",)]


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(scaffold_db: Path) -> None:
    first = upgrade_with_backup(scaffold_db)
    second = upgrade_with_backup(scaffold_db)
    assert first != second
    assert first.is_file()
    assert second.is_file()


# --- Paths that are not plain ------------------------------------------------------------------


def test_folders_with_uri_characters_open_and_upgrade(
    tmp_path: Path, scripts_with_9999: Callable[[str], Path]
) -> None:
    # "#", "?" and "%" once cut the file name short in a sqlite3 URI / SQLAlchemy URL.
    folder_name = "Ana #1 100%" + ("" if os.name == "nt" else " ?x=1")
    db = _copy(FIXTURES / f"schema_{HEAD_REVISION}.sqlite", tmp_path / folder_name / "s.sqlite")
    scripts = scripts_with_9999(BACKUP_CHECK)

    open_database(db).dispose()
    open_database(db).dispose()
    assert read_schema_state(db).revision == HEAD_REVISION
    backup = upgrade_with_backup(db, script_location=scripts)

    assert read_schema_state(db).revision == "9999"
    assert read_schema_state(backup).revision == HEAD_REVISION
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder_name, scripts.name])
