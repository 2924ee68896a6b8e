"""Deleting with a snapshot and putting the engagement back whole: the list's undo."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from strategies import PRIVATE_TEXT, build_full_engagement, snapshot

from app.demo import load_demo
from app.exchange.document import dumps, export_engagement
from app.exchange.importer import import_document
from app.services.engagements import EngagementDetails, create_engagement
from app.services.listing import list_engagements
from app.services.trash import delete_keeping_snapshot, restore_deleted
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def full(engine: Engine) -> int:
    with transaction(engine) as s:
        return build_full_engagement(s)


def export_text(engine: Engine, engagement_id: int) -> str:
    with transaction(engine) as s:
        return dumps(export_engagement(s, engagement_id, include_private=True))


def listed(engine: Engine, search: str = "") -> list[int]:
    with transaction(engine) as s:
        return [r.id for r in list_engagements(session=s, search=search)]


def test_delete_then_restore_gives_back_everything_under_the_old_id(
    engine: Engine, full: int
) -> None:
    with transaction(engine) as s:
        other = load_demo(session=s, today=date(2026, 3, 1)).id
    before = export_text(engine, full)
    assert PRIVATE_TEXT in before

    with transaction(engine) as s:
        deleted = delete_keeping_snapshot(session=s, engagement_id=full)
    assert deleted.engagement_id == full
    assert deleted.team_name == "Claims – Team Ø"
    assert listed(engine) == [other]
    with pytest.raises(NotFoundError), transaction(engine) as s:
        export_engagement(s, full)

    with transaction(engine) as s:
        assert restore_deleted(session=s, deleted=deleted) == full
    assert export_text(engine, full) == before  # private notes, versions, history, timestamps
    assert set(listed(engine)) == {full, other}
    assert listed(engine, "defensive") == [full]  # its private note is searchable again


def test_if_the_old_id_was_taken_it_comes_back_under_a_new_one(engine: Engine, full: int) -> None:
    before = export_text(engine, full)
    with transaction(engine) as s:
        deleted = delete_keeping_snapshot(session=s, engagement_id=full)
        # SQLite gives the highest free id again: the next engagement takes the old one.
        newcomer = create_engagement(session=s, data=EngagementDetails("New", "Manager"))
    assert newcomer.id == full
    with transaction(engine) as s:
        back = restore_deleted(session=s, deleted=deleted)
    assert back != full
    assert export_text(engine, back) == before


def test_restoring_an_engagement_that_was_imported_again_is_refused(
    engine: Engine, full: int, db_path: Path
) -> None:
    text = export_text(engine, full)
    with transaction(engine) as s:
        deleted = delete_keeping_snapshot(session=s, engagement_id=full)
    with transaction(engine) as s:
        import_document(s, text)
    unchanged = snapshot(db_path)
    with pytest.raises(ValidationError, match="in the list again"), transaction(engine) as s:
        restore_deleted(session=s, deleted=deleted)
    assert snapshot(db_path) == unchanged


def test_deleting_an_unknown_engagement_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError), transaction(engine) as s:
        delete_keeping_snapshot(session=s, engagement_id=7)
