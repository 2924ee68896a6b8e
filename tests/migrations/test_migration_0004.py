"""Revision 0004 adds check-in history, scaffold parts and pseudonyms without rebuilding a table."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from models.db import read_schema_state
from models.migrate import alembic_config

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _triggers(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as con:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        return list(con.execute(query))


def test_0003_to_0004_keeps_rows_triggers_and_gives_the_new_columns_their_defaults(
    tmp_path: Path,
) -> None:
    db = tmp_path / "scaffold.sqlite"
    shutil.copyfile(FIXTURES / "schema_0003.sqlite", db)
    triggers = _triggers(db)
    assert triggers, "the fixture has the search triggers"

    command.upgrade(alembic_config(db), "0004")

    assert read_schema_state(db).revision == "0004"
    assert _triggers(db) == triggers
    with closing(sqlite3.connect(db)) as con:
        assert set(con.execute("SELECT print_pseudonyms FROM engagement")) == {(0,)}
        assert set(con.execute("SELECT pseudonym FROM team_member")) == {("",)}
        assert con.execute("SELECT count(*) FROM checkin_change").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM scaffold_person").fetchone() == (0,)
        con.execute("UPDATE engagement SET team_name = 'Harbour desk' WHERE id = 1")
        hits = con.execute(
            "SELECT count(*) FROM engagement_search WHERE engagement_search MATCH '\"Harbour\"'"
        ).fetchone()
    assert hits == (1,)


def test_0004_downgrades_to_0003_and_back(tmp_path: Path) -> None:
    db = tmp_path / "scaffold.sqlite"
    shutil.copyfile(FIXTURES / "schema_0004.sqlite", db)
    config = alembic_config(db)

    command.downgrade(config, "0003")
    with closing(sqlite3.connect(db)) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info('engagement')")]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
    assert "print_pseudonyms" not in columns
    assert "checkin_change" not in tables and "scaffold_person" not in tables

    command.upgrade(config, "0004")
    assert read_schema_state(db).revision == "0004"
