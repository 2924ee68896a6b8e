"""The plan prints the team's network and people's parts in scaffolds, with pseudonyms if asked."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from app.demo import load_demo
from app.reports.network_section import NETWORK_CHART, network_chart, network_print
from app.reports.plan import render_plan_pdf
from app.services import people
from app.services.engagements import EngagementDetails, create_engagement
from app.services.scaffold_people import set_print_pseudonyms
from models.db import transaction

TODAY = date(2026, 3, 1)


@pytest.fixture
def demo(db_engine: Engine) -> int:
    with transaction(db_engine) as s:
        return load_demo(session=s, today=TODAY).id or 0


def _plan_text(engine: Engine, engagement_id: int, tmp_path: Path, poppler: Any) -> str:
    with transaction(engine) as s:
        pdf = render_plan_pdf(s, engagement_id, today=TODAY)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return " ".join(poppler.text(path).split())


def test_the_plan_shows_the_network_its_findings_and_the_buddy_scheme_s_peer_coach(
    db_engine: Engine, demo: int, tmp_path: Path, poppler: Any
) -> None:
    text = _plan_text(db_engine, demo, tmp_path, poppler)
    assert "Who the team goes to" in text
    assert "8 people, 9 recorded ties" in text
    assert "Champion: Aisha is the person sought out most: 4 of the 7 others go to Aisha." in text
    assert "With Aisha (peer coach)" in text
    # The diagram is the app's SVG: its labels are drawn as shapes, so the names in the text
    # come from the findings; the chart itself is served from memory under its fixed name.
    with transaction(db_engine) as s:
        charts = network_chart(network_print(s, demo))
    assert list(charts) == [NETWORK_CHART]
    assert charts[NETWORK_CHART].startswith(b"<?xml")


def test_with_pseudonyms_on_no_member_s_name_is_printed(
    db_engine: Engine, demo: int, tmp_path: Path, poppler: Any
) -> None:
    with transaction(db_engine) as s:
        set_print_pseudonyms(session=s, engagement_id=demo, on=True)
        names = [m.name for m in people.list_members(session=s, engagement_id=demo)]
    text = _plan_text(db_engine, demo, tmp_path, poppler)
    for name in names:
        assert name not in text, name
    assert "With Person A (peer coach)" in text
    assert "Person A is the person sought out most" in text


def test_a_team_without_members_prints_no_network_section(
    db_engine: Engine, tmp_path: Path, poppler: Any
) -> None:
    with transaction(db_engine) as s:
        eid = create_engagement(
            session=s, data=EngagementDetails(team_name="Desk", manager_name="M")
        ).id
        assert eid is not None
        assert network_chart(network_print(s, eid)) == {}
    assert "Who the team goes to" not in _plan_text(db_engine, eid, tmp_path, poppler)


def test_members_without_ties_print_a_caution_and_no_diagram(
    db_engine: Engine, tmp_path: Path, poppler: Any
) -> None:
    with transaction(db_engine) as s:
        eid = create_engagement(
            session=s, data=EngagementDetails(team_name="Desk", manager_name="M")
        ).id
        assert eid is not None
        for name in ("Ana", "Bo"):
            people.add_member(session=s, engagement_id=eid, name=name)
        assert network_chart(network_print(s, eid)) == {}
    text = _plan_text(db_engine, eid, tmp_path, poppler)
    assert "2 people, 0 recorded ties" in text
    assert "No ties are recorded yet" in text
