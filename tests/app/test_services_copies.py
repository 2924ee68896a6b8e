"""Duplicating an engagement: its diagnostic as a new unsigned draft, nothing that came after."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from strategies import PRIVATE_TEXT, build_full_engagement

from app.demo import load_demo
from app.exchange.document import agreement_content, export_engagement
from app.services.copies import COPY_SUFFIX, copy_name, duplicate_engagement
from app.services.engagements import (
    EngagementDetails,
    create_engagement,
    set_business_goal,
    status_history,
)
from app.validation import MAX_NAME_CHARS, NotFoundError
from models.db import open_database, transaction
from models.enums import EngagementStatus


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "t.sqlite")
    yield engine
    engine.dispose()


def export(engine: Engine, engagement_id: int) -> dict[str, Any]:
    with transaction(engine) as s:
        return export_engagement(s, engagement_id, include_private=True)["engagement"]


def content(engine: Engine, engagement_id: int) -> dict[str, Any]:
    with transaction(engine) as s:
        return agreement_content(s, engagement_id)


def duplicate(engine: Engine, engagement_id: int) -> int:
    with transaction(engine) as s:
        return duplicate_engagement(session=s, engagement_id=engagement_id)


@pytest.fixture
def signed(engine: Engine) -> int:
    """The hand-built engagement: signed versions, check-ins, people, notes, indicators."""
    with transaction(engine) as s:
        return build_full_engagement(s)


def test_the_copy_is_an_unsigned_draft_with_the_same_diagnostic(
    engine: Engine, signed: int
) -> None:
    copy = duplicate(engine, signed)
    assert copy != signed
    original, copied = export(engine, signed), export(engine, copy)
    assert original["agreement_versions"] and original["checkins"]  # the test means something

    assert copied["uid"] != original["uid"]
    assert copied["team_name"] == original["team_name"] + " (copy)"
    assert copied["status"] == "draft"
    assert copied["agreement_version"] == 1
    assert copied["agreement_versions"] == []
    assert copied["checkins"] == []
    assert copied["planned_checkins"] == []
    assert [(h["from_status"], h["to_status"]) for h in copied["status_history"]] == [
        (None, "draft")
    ]
    for part in ("measures", "behaviours", "readiness", "responsibilities", "support_phases"):
        assert copied[part] == original[part], part
    # Scaffolds (with the causes they address) are the same, all planned again.
    assert [{**s, "status": None} for s in copied["scaffolds"]] == [
        {**s, "status": None} for s in original["scaffolds"]
    ]
    assert {s["status"] for s in copied["scaffolds"]} == {"planned"}
    for part in ("request_verbatim", "business_goal", "organisation", "manager_name"):
        assert copied[part] == original[part], part


def test_the_copy_leaves_out_people_notes_and_indicators(engine: Engine, signed: int) -> None:
    original, copied = export(engine, signed), export(engine, duplicate(engine, signed))
    for part in ("team_members", "network_ties", "learning_indicators", "private_notes"):
        assert original[part], part
        assert copied[part] == [], part
    assert PRIVATE_TEXT not in str(copied)


def test_the_copy_can_be_edited_and_the_original_is_untouched(engine: Engine, signed: int) -> None:
    before = export(engine, signed)
    copy = duplicate(engine, signed)
    assert export(engine, signed) == before
    # The copy's version 1 is not signed: it can be edited.
    with transaction(engine) as s:
        set_business_goal(session=s, engagement_id=copy, goal="A new goal")
    assert content(engine, copy)["goal"] == "A new goal"
    with transaction(engine) as s:
        assert [h.to_status for h in status_history(session=s, engagement_id=copy)] == [
            EngagementStatus.draft
        ]


def test_a_copy_of_the_demo_and_a_copy_of_a_copy(engine: Engine) -> None:
    with transaction(engine) as s:
        demo = load_demo(session=s, today=date(2026, 3, 1))
        assert demo.id is not None
    first = duplicate(engine, demo.id)
    second = duplicate(engine, first)
    assert export(engine, second)["team_name"] == "Customer Support – Tier 1 (copy) (copy)"
    assert content(engine, second)["measures"] == content(engine, demo.id)["measures"]


def test_a_long_team_name_stays_within_the_limit(engine: Engine) -> None:
    name = "x" * MAX_NAME_CHARS
    assert len(copy_name(name)) == MAX_NAME_CHARS
    assert copy_name(name).endswith(COPY_SUFFIX)
    with transaction(engine) as s:
        e = create_engagement(session=s, data=EngagementDetails(name, "M"))
        assert e.id is not None
    assert export(engine, duplicate(engine, e.id))["team_name"] == copy_name(name)


def test_an_unknown_engagement_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        duplicate(engine, 42)
