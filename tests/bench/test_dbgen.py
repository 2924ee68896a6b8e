"""The benchmarks' database generator: valid engagements the app accepts, cached once."""

import shutil
import sqlite3
from pathlib import Path

from benchlib import QUICK_ENGAGEMENTS
from dbgen import cache_key, cached_database, template_count

from app.exchange.document import dumps, export_bundle
from app.exchange.importer import import_document
from app.services.listing import list_engagements
from models.db import open_database, transaction
from models.enums import EngagementStatus
from models.schema_version import HEAD_REVISION
from models.search import INDEXES


def _copy(database: Path, folder: Path) -> Path:
    target = folder / "copy.sqlite"
    shutil.copyfile(database, target)
    return target


def test_small_database_lists_every_status_and_searches_copies(small_database, tmp_path):
    engine = open_database(_copy(small_database, tmp_path))
    try:
        with transaction(engine) as session:
            rows = list_engagements(session=session)
            copy = rows[0] if rows[0].id > template_count(QUICK_ENGAGEMENTS) else rows[-1]
            surname = copy.manager_name.split()[-1]
            found = list_engagements(session=session, search=surname)
    finally:
        engine.dispose()
    assert len(rows) == QUICK_ENGAGEMENTS
    assert {row.status for row in rows} == set(EngagementStatus)
    assert len({row.business_goal for row in rows}) > QUICK_ENGAGEMENTS // 2
    assert copy.id in {row.id for row in found}  # the copies went into the full-text index


def test_small_database_keeps_keys_indexes_and_unique_uids(small_database, tmp_path):
    con = sqlite3.connect(_copy(small_database, tmp_path))  # the check is written as an INSERT
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for index in INDEXES:  # rank 1: also compares the index with its table's rows
            con.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
        uids = con.execute("SELECT count(DISTINCT uid), count(*) FROM engagement").fetchone()
        days = con.execute("SELECT count(DISTINCT date(created_at)) FROM engagement").fetchone()
    finally:
        con.close()
    assert uids == (QUICK_ENGAGEMENTS, QUICK_ENGAGEMENTS)
    assert days[0] > 1  # the copies' dates were moved


def test_copies_export_and_import_through_every_rule(small_database, tmp_path):
    first = template_count(QUICK_ENGAGEMENTS) + 1
    copies = range(first, first + 8)  # one copy of each stage's template
    source = open_database(_copy(small_database, tmp_path))
    target = open_database(tmp_path / "imported.sqlite")
    try:
        with transaction(source) as session:
            text = dumps(export_bundle(session, copies, include_private=True))
        with transaction(target) as session:
            new_ids = import_document(session, text)
        with transaction(target) as session:
            again = dumps(export_bundle(session, new_ids, include_private=True))
    finally:
        source.dispose()
        target.dispose()
    assert len(new_ids) == 8
    assert again == text


def test_cached_database_is_built_once_per_size_and_schema(small_database, bench_cache):
    built = small_database.stat().st_mtime_ns
    assert cached_database(QUICK_ENGAGEMENTS, bench_cache) == small_database
    assert small_database.stat().st_mtime_ns == built
    assert [p.name for p in bench_cache.iterdir()] == [small_database.name]  # no .part, no stale
    assert f"schema-{HEAD_REVISION}-" in cache_key(10)
    assert cache_key(10) != cache_key(11)
