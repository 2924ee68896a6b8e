"""The optional parts of the file: check-in history, people's parts in scaffolds, pseudonyms."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from strategies import build_full_engagement

from app.exchange import ExchangeError
from app.exchange.document import dumps, export_engagement
from app.exchange.importer import import_document
from app.services.checkin_history import list_checkin_history
from app.services.scaffold_people import list_parts, print_names
from models.db import open_database, transaction
from models.enums import CheckInAction, ScaffoldRole
from models.tables import Engagement


@pytest.fixture
def document(tmp_path: Path) -> dict[str, Any]:
    engine = open_database(tmp_path / "source.sqlite")
    try:
        with transaction(engine) as s:
            eid = build_full_engagement(s)
            doc: dict[str, Any] = json.loads(dumps(export_engagement(s, eid)))
            return doc
    finally:
        engine.dispose()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "target.sqlite")
    yield engine
    engine.dispose()


def _import(engine: Engine, doc: dict[str, Any]) -> int:
    with transaction(engine) as s:
        (eid,) = import_document(s, json.dumps(doc))
        return eid


def test_the_file_carries_history_parts_and_pseudonyms(
    document: dict[str, Any], target: Engine
) -> None:
    e = document["engagement"]
    assert e["print_pseudonyms"] is True
    assert [h["action"] for h in e["checkin_history"]] == [
        "recorded",
        "recorded",
        "edited",
        "recorded",
        "deleted",
    ]
    assert e["checkin_history"][-1]["checkin"] is None
    assert [p["role"] for p in e["scaffold_people"]] == ["champion", "backup"]

    eid = _import(target, document)
    with transaction(target) as s:
        history = list_checkin_history(session=s, engagement_id=eid)
        assert [h.action for h in history] == [
            CheckInAction.deleted,
            CheckInAction.recorded,
            CheckInAction.edited,
            CheckInAction.recorded,
            CheckInAction.recorded,
        ]
        assert history[1].checkin_id is None  # the deleted check-in's own entries
        assert history[2].checkin_id is not None  # relinked to the imported check-in
        parts = list_parts(session=s, engagement_id=eid)
        assert [(p.member_name, p.role) for p in parts] == [
            ("Ana", ScaffoldRole.champion),
            ("Bo", ScaffoldRole.backup),
        ]
        assert list(print_names(session=s, engagement_id=eid).values()) == [
            "Lead",
            "Person A",
            "Person B",
            "Person C",
        ]


def test_a_file_written_before_these_parts_existed_still_imports(
    document: dict[str, Any], target: Engine
) -> None:
    e = document["engagement"]
    for key in ("print_pseudonyms", "scaffold_people", "checkin_history"):
        del e[key]
    for member in e["team_members"]:
        del member["pseudonym"]

    eid = _import(target, document)
    with transaction(target) as s:
        engagement = s.get(Engagement, eid)
        assert engagement is not None and engagement.print_pseudonyms is False
        assert list_parts(session=s, engagement_id=eid) == []
        assert list_checkin_history(session=s, engagement_id=eid) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda e: e["scaffold_people"][0].update(scaffold="s99"),
            "engagement.scaffold_people[0].scaffold: “s99” is not the ref of any scaffold",
        ),
        (
            lambda e: e["scaffold_people"][0].update(member="p99"),
            "engagement.scaffold_people[0].member: “p99” is not the ref of any team member",
        ),
        (
            lambda e: e["checkin_history"][0].update(checkin=7),
            "engagement.checkin_history[0].checkin: there is no check-in number 7",
        ),
        (
            lambda e: e["checkin_history"][-1].update(checkin=0),
            "a deleted check-in cannot point to one held",
        ),
        (
            lambda e: e["scaffold_people"].append(dict(e["scaffold_people"][0])),
            "is already the champion of",
        ),
        (
            lambda e: e["team_members"][1].update(pseudonym=e["team_members"][1]["name"]),
            "A pseudonym must differ from the person's name",
        ),
    ],
)
def test_bad_parts_or_history_are_refused_and_nothing_is_written(
    document: dict[str, Any], target: Engine, change: Any, message: str
) -> None:
    change(document["engagement"])
    with pytest.raises(ExchangeError, match=re.escape(message)), transaction(target) as s:
        import_document(s, json.dumps(document))
    with transaction(target) as s:
        assert s.get(Engagement, 1) is None
