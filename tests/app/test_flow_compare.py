"""Comparing two agreement contents: what changed, matched item by item, in plain words."""

import copy
from datetime import date
from typing import Any

import pytest

from app.demo import load_demo
from app.exchange.document import agreement_content
from app.flow.compare import ChangeKind, SectionDiff, compare_contents, summarise
from app.flow.plain_words import PARTY_WORDS, SUPPORT_MODE_WORDS, plain_date, plain_number
from app.storage import transaction
from models.db import open_database
from models.enums import OwnerRole, SupportMode


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Any]:
    """The demo's agreed content, as the services store it."""
    engine = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    with transaction(engine) as s:
        e = load_demo(session=s, today=date(2025, 3, 1))
        assert e.id is not None
        content = agreement_content(s, e.id)
    engine.dispose()
    return content


def section(sections: tuple[SectionDiff, ...], key: str) -> SectionDiff:
    return next(s for s in sections if s.key == key)


def kinds(diff: SectionDiff) -> list[str]:
    return [item.kind.value for item in diff.items]


def test_the_same_content_has_no_change(demo):
    sections = compare_contents(demo, copy.deepcopy(demo))
    assert not any(s.changed for s in sections)
    assert summarise(sections) == []
    # Every part is there, in the order of the diagnostic, each item shown on both sides.
    assert [s.key for s in sections][:4] == ["context", "request", "goal", "measures"]
    assert [s.key for s in sections][-3:] == [
        "responsibilities",
        "support_phases",
        "planned_checkins",
    ]
    measures = section(sections, "measures")
    assert kinds(measures) == ["unchanged"] * 3
    assert measures.items[0].before == measures.items[0].after
    assert measures.items[0].after == (
        "First-contact resolution: from 61 to 75 % of contacts by 18 May 2025 (higher is better)"
    )


def test_a_changed_goal_and_an_added_measure_are_named(demo):
    new = copy.deepcopy(demo)
    new["goal"] = "Half as many repeat contacts by June."
    new["measures"].append(dict(new["measures"][0], name="Complaints", ref="m4"))
    sections = compare_contents(demo, new)
    goal = section(sections, "goal")
    assert goal.items[0].kind is ChangeKind.changed
    assert goal.items[0].before is not None and goal.items[0].before.startswith("Customers get")
    assert goal.items[0].after == "Half as many repeat contacts by June."
    assert kinds(section(sections, "measures")) == ["unchanged"] * 3 + ["added"]
    assert summarise(sections) == [
        "The business goal changed.",
        "Measure added: Complaints: from 61 to 75 % of contacts by 18 May 2025 (higher is better)",
    ]
    assert not section(sections, "scaffolds").changed


def test_a_changed_detail_is_said_with_its_before_and_after(demo):
    new = copy.deepcopy(demo)
    new["measures"][0]["target_value"] = 80.0
    new["measures"][0]["data_source"] = ""
    new["responsibilities"][0]["party"] = "community_manager"
    new["support_phases"][2]["end_date"] = "2025-09-30"
    sentences = summarise(compare_contents(demo, new))
    assert sentences == [
        "Measure changed: First-contact resolution — Target: 75 → 80; Where the figures come "
        "from: Contact-centre dashboard, weekly export → nothing",
        "Responsibility changed: Change the wall board and brief the team on why. — "
        "Who: Manager → Community manager",
        "Support period changed: On call — Until: no end date → 30 Sep 2025",
    ]


def test_a_renamed_item_is_matched_to_its_old_self_not_removed_and_added(demo):
    new = copy.deepcopy(demo)
    new["measures"][1]["name"] = "Repeat contacts in a week"
    measures = section(compare_contents(demo, new), "measures")
    assert kinds(measures) == ["unchanged", "changed", "unchanged"]
    assert measures.items[1].details == (
        "Name: Repeat contacts within 7 days → Repeat contacts in a week",
    )
    assert measures.items[1].label == "Repeat contacts in a week"


def test_a_removed_item_stays_where_it_was_and_a_new_date_is_added(demo):
    new = copy.deepcopy(demo)
    removed = new["scaffolds"].pop(2)
    new["planned_checkins"].append({"due_on": "2025-12-01"})
    sections = compare_contents(demo, new)
    scaffolds = section(sections, "scaffolds")
    assert kinds(scaffolds) == ["unchanged", "unchanged", "removed"] + ["unchanged"] * 3
    assert scaffolds.items[2].before is not None
    assert scaffolds.items[2].before.startswith(removed["name"])
    assert scaffolds.items[2].after is None
    checkins = section(sections, "planned_checkins")
    assert kinds(checkins) == ["unchanged"] * 3 + ["added"]
    assert checkins.items[-1].after == "1 Dec 2025"
    assert summarise(sections)[-1] == "Check-in date added: 1 Dec 2025"


def test_causes_and_readiness_changes_are_found(demo):
    new = copy.deepcopy(demo)
    new["behaviours"][0]["causes"][0]["confidence"] = "low"
    new["readiness"][3]["rating"] = 4
    sentences = summarise(compare_contents(demo, new))
    assert sentences == [
        "Cause changed: Resources and tools for “Checks the knowledge base and the custo…” — "
        "How sure: high confidence → low confidence",
        "Readiness changed: Community management — Readiness: 1 of 5 → 4 of 5",
    ]


def test_a_goal_written_or_cleared_and_repeated_dates_are_handled():
    empty: dict[str, Any] = {"goal": "", "planned_checkins": []}
    written = {"goal": "Fewer errors", "planned_checkins": [{"due_on": "2025-05-01"}] * 2}
    assert summarise(compare_contents(empty, written)) == [
        "The business goal was written down.",
        "Check-in date added: 1 May 2025",
        "Check-in date added: 1 May 2025",
    ]
    assert summarise(compare_contents(written, empty))[0] == "The business goal was cleared."


def test_unknown_values_from_a_later_format_do_not_break_the_comparison():
    old = {"responsibilities": [{"party": "sponsor", "task": "Fund it", "due_date": None}]}
    new = {"responsibilities": [{"party": "sponsor_team", "task": "Fund it", "due_date": None}]}
    assert summarise(compare_contents(old, new)) == [
        "Responsibility changed: Fund it — Who: sponsor → sponsor team"
    ]


def test_plain_words_for_dates_numbers_and_vocabularies():
    assert plain_date(date(2025, 3, 4)) == "4 Mar 2025"
    assert plain_date("2025-12-31") == "31 Dec 2025"
    assert plain_date(None) == "no date"
    assert plain_date(None, none="open") == "open"
    assert plain_number(61.0) == "61"
    assert plain_number(66.5) == "66.5"
    assert plain_number(-0.25) == "-0.25"
    assert plain_number(None) == "—"
    assert set(PARTY_WORDS) == set(OwnerRole)
    assert set(SUPPORT_MODE_WORDS) == set(SupportMode)
    assert SUPPORT_MODE_WORDS[SupportMode.step_back] == "Stepping back"
