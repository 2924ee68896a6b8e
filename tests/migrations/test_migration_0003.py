"""Revision 0003 adds the scaffold library table and touches nothing else; the app then fills it."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from library_files import scaffold, write_library

from app.library import store
from app.library.data import ENV_LIBRARY_FILE
from app.storage import open_engine
from models.db import read_schema_state, transaction
from models.migrate import alembic_config
from models.schema_version import HEAD_REVISION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _copy(name: str, target: Path) -> Path:
    shutil.copyfile(FIXTURES / name, target)
    return target


def _master(path: Path, *tables: str) -> list[tuple[str, str, str]]:
    marks = ", ".join("?" for _ in tables)
    with closing(sqlite3.connect(path)) as con:
        query = f"SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ({marks})"
        return sorted(con.execute(query, tables))


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _search_notes(path: Path, word: str) -> int:
    with closing(sqlite3.connect(path)) as con:
        query = "SELECT count(*) FROM private_note_search WHERE private_note_search MATCH ?"
        return int(con.execute(query, (f'"{word}"',)).fetchone()[0])


def test_0002_to_0003_adds_an_empty_library_and_keeps_the_search_triggers(tmp_path: Path) -> None:
    db = _copy("schema_0002.sqlite", tmp_path / "scaffold.sqlite")
    indexed = ("engagement", "private_note", "engagement_search", "private_note_search")
    before = _master(db, *indexed)

    command.upgrade(alembic_config(db), "0003")

    assert read_schema_state(db).revision == "0003"
    assert _count(db, "library_scaffold") == 0
    assert _master(db, *indexed) == before  # not rebuilt: same DDL, same triggers
    assert _search_notes(db, "travel") == 1
    with closing(sqlite3.connect(db)) as con:
        con.execute(
            "INSERT INTO private_note (engagement_id, text, created_at, updated_at) "
            "VALUES (1, 'Quarterly offsite', '2026-12-01', '2026-12-01')"
        )
        con.commit()
    assert _search_notes(db, "offsite") == 1


def test_opening_a_0002_database_for_the_app_upgrades_it_and_fills_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = write_library(
        tmp_path / "lib.toml",
        scaffold("queue-aging-view", kind="environment_fix"),
        scaffold("decision-guide"),
    )
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(library))
    db = _copy("schema_0002.sqlite", tmp_path / "scaffold.sqlite")
    engagements = _count(db, "engagement")
    settings = _count(db, "app_setting")

    engine = open_engine(db)
    try:
        with transaction(engine) as s:
            keys = [e.key for e in store.list_library(session=s)]
    finally:
        engine.dispose()

    assert read_schema_state(db).revision == HEAD_REVISION
    assert keys == ["decision-guide", "queue-aging-view"]
    assert _count(db, "engagement") == engagements
    assert _count(db, "app_setting") == settings + 1  # the loaded file's hash


def test_the_0003_fixture_reads_through_the_store_and_syncs_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _copy("schema_0003.sqlite", tmp_path / "scaffold.sqlite")
    library = write_library(
        tmp_path / "lib.toml",
        scaffold("queue-aging-view", kind="environment_fix", summary="New shipped text."),
        scaffold(
            "difficult-calls-workshop",
            kind="formal_training",
            addresses=["knowledge"],
            summary="New shipped text.",
        ),
        scaffold("decision-guide"),
    )
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(library))

    engine = open_engine(db)
    try:
        with transaction(engine) as s:
            listed = {e.key: e for e in store.list_library(session=s)}
            retired = store.get_entry(session=s, key="working-out-loud-circle")
            edited = store.edited_keys(session=s)
    finally:
        engine.dispose()

    assert sorted(listed) == [
        "decision-guide",
        "difficult-calls-workshop",
        "queue-aging-view",
        "shift-handover-note",
    ]
    assert listed["queue-aging-view"].summary == "New shipped text."  # never edited: refreshed
    assert listed["difficult-calls-workshop"].name == "Difficult calls workshop (Lyon version)"
    assert listed["difficult-calls-workshop"].summary.startswith("Half a day")  # edit kept
    assert not listed["shift-handover-note"].builtin
    assert listed["shift-handover-note"].name == "Shift handover note – « Lyon »"
    assert retired.retired  # gone from the file, still there, still retired
    assert edited == {"difficult-calls-workshop"}


def test_downgrading_0003_forgets_the_library_and_its_file_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = write_library(tmp_path / "lib.toml", scaffold("decision-guide"))
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(library))
    db = _copy("schema_0002.sqlite", tmp_path / "scaffold.sqlite")
    settings = _count(db, "app_setting")
    open_engine(db).dispose()

    command.downgrade(alembic_config(db), "0002")
    assert _master(db, "library_scaffold") == []
    assert _count(db, "app_setting") == settings

    open_engine(db).dispose()  # upgrades again, and loads the file again
    assert _count(db, "library_scaffold") == 1
