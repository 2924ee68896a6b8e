"""Everything held about one person across consultations: found, exported as JSON, forgotten."""

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, Enum, String
from sqlalchemy.exc import DBAPIError
from sqlmodel import AutoString, select

from app.demo import load_demo
from app.privacy import VACUUM_RESULT, VacuumResult
from app.services import people, scaffold_people
from app.services.agreement import list_versions, version_content
from app.services.behaviours import BehaviourInput, CauseInput, add_behaviour, add_cause
from app.services.checkins import CheckInInput, ObservationInput, record_checkin, update_checkin
from app.services.engagements import EngagementDetails, create_engagement
from app.services.listing import list_engagements
from app.services.measures import MeasureInput, add_measure
from app.services.notes import add_private_note, list_private_notes
from app.services.person_data import (
    EXPORT_FORMAT,
    all_member_names,
    export_person,
    find_person,
    forget_person,
)
from app.services.person_mentions import FREE_TEXT
from app.services.scaffolds import ScaffoldInput, add_scaffold
from app.validation import ValidationError
from models.db import transaction
from models.enums import GilbertCell, ScaffoldRole, TieType
from models.tables import AgreementVersion, CheckIn, CheckInChange, Engagement, metadata


@dataclass(frozen=True)
class Teams:
    claims: int
    payroll: int
    sales: int


def _engagement(session, team: str) -> int:
    e = create_engagement(session=session, data=EngagementDetails(team_name=team, manager_name="D"))
    assert e.id is not None
    return e.id


def seed(engine: Engine, name: str = "Zofia") -> Teams:
    """Claims holds `name` everywhere; Payroll has a member of the same name in lower case;
    Sales has only a longer name that starts with it ("Zofiane") and must not match."""
    with transaction(engine) as s:
        claims, payroll, sales = (_engagement(s, t) for t in ("Claims", "Payroll", "Sales"))
        zofia = people.add_member(session=s, engagement_id=claims, name=name, role="Adviser")
        marek = people.add_member(session=s, engagement_id=claims, name="Marek", role="Adviser")
        people.add_member(
            session=s, engagement_id=claims, name="Ola", role=f"Deputy to {name} on Fridays"
        )
        assert zofia.id and marek.id
        scaffold_people.set_pseudonym(session=s, member_id=zofia.id, pseudonym="Adviser P1")
        people.add_tie(
            session=s,
            engagement_id=claims,
            from_member_id=marek.id,
            to_member_id=zofia.id,
            tie_type=TieType.help,
        )
        people.add_tie(
            session=s,
            engagement_id=claims,
            from_member_id=zofia.id,
            to_member_id=marek.id,
            tie_type=TieType.advice,
        )
        coaching = add_scaffold(
            session=s, engagement_id=claims, data=ScaffoldInput(name="Peer coaching")
        )
        assert coaching.id
        scaffold_people.give_part(
            session=s,
            scaffold_id=coaching.id,
            member_id=zofia.id,
            role=ScaffoldRole.peer_coach,
            reason="Marek trusts her.",
        )
        scaffold_people.give_part(
            session=s,
            scaffold_id=coaching.id,
            member_id=marek.id,
            role=ScaffoldRole.backup,
            reason=f"Learns fastest from {name}.",
        )
        add_private_note(
            session=s,
            engagement_id=claims,
            text=f"{name} is struggling with the new system; {name.upper()}'s lead agrees.",
        )
        behaviour = add_behaviour(
            session=s,
            engagement_id=claims,
            data=BehaviourInput(role="Advisers", expected="Use the billing guide"),
        )
        assert behaviour.id
        add_cause(
            session=s,
            behaviour_id=behaviour.id,
            data=CauseInput(cell=GilbertCell.information, evidence=f"{name} said it is stale."),
        )
        measure = add_measure(
            session=s,
            engagement_id=claims,
            data=MeasureInput(
                name="First-contact resolution",
                baseline_value=60,
                baseline_date=date(2026, 1, 1),
                target_value=75,
                target_date=date(2026, 12, 31),
            ),
        )
        assert measure.id
        held = CheckInInput(
            held_on=date(2026, 3, 2),
            what_changed=f"{name.lower()} ran the huddle.",
            observations=(ObservationInput(measure.id, 64, note=f"Counted by {name}"),),
        )
        checkin = record_checkin(session=s, engagement_id=claims, data=held)
        assert checkin.id
        # The edit's history entry quotes the old and the new text.
        held = replace(held, what_changed=f"{name.lower()} ran the huddle twice.")
        update_checkin(session=s, checkin_id=checkin.id, data=held)
        people.add_member(session=s, engagement_id=payroll, name=name.lower(), role="Analyst")
        add_private_note(session=s, engagement_id=payroll, text="Nothing about anyone here.")
        people.add_member(session=s, engagement_id=sales, name=f"{name}ne", role="Lead")
        add_private_note(session=s, engagement_id=sales, text=f"{name}ne leads the pilot.")
    return Teams(claims, payroll, sales)


def test_every_member_name_is_listed_once_whatever_its_case(db_engine: Engine):
    seed(db_engine)
    with transaction(db_engine) as s:
        assert all_member_names(session=s) == ["Marek", "Ola", "Zofia", "Zofiane"]


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_is_refused(db_engine: Engine, name: str):
    with transaction(db_engine) as s, pytest.raises(ValidationError) as caught:
        find_person(session=s, name=name)
    assert caught.value.field == "name"
    with transaction(db_engine) as s, pytest.raises(ValidationError):
        forget_person(session=s, name=name)


def test_everything_held_is_found_across_consultations(db_engine: Engine):
    teams = seed(db_engine)
    with transaction(db_engine) as s:
        data = find_person(session=s, name=" zOFIA ")
    assert data.name == "zOFIA"
    assert [h.team_name for h in data.holdings] == ["Claims", "Payroll"]
    claims, payroll = data.holdings
    assert claims.engagement_id == teams.claims
    assert [(m.name, m.role, m.pseudonym) for m in claims.members] == [
        ("Zofia", "Adviser", "Adviser P1")
    ]
    assert [(t.other_name, t.outgoing, t.tie_type) for t in claims.ties] == [
        ("Marek", False, TieType.help),
        ("Marek", True, TieType.advice),
    ]
    assert [(p.scaffold_name, p.role, p.reason) for p in claims.parts] == [
        ("Peer coaching", ScaffoldRole.peer_coach, "Marek trusts her.")
    ]
    where = sorted(m.where for m in claims.mentions)
    assert where == [
        "Cause: evidence",
        "Check-in history",  # the history quotes what changed
        "Check-in: what changed",
        "Observation note",
        "Private note",
        "Reason for a part in a scaffold",  # Marek's part, which names her
        "Team member's role",  # Ola's role
    ]
    assert [m.name for m in payroll.members] == ["zofia"]
    assert payroll.mentions == () and payroll.ties == ()


def test_a_longer_word_that_starts_with_the_name_is_not_a_mention(db_engine: Engine):
    seed(db_engine)
    with transaction(db_engine) as s:
        data = find_person(session=s, name="Zofia")
    texts = [m.text for h in data.holdings for m in h.mentions]
    assert texts and not any("Zofiane" in t for t in texts)
    assert "Sales" not in [h.team_name for h in data.holdings]


def test_a_pseudonym_finds_the_person_only_when_asked(db_engine: Engine):
    seed(db_engine)
    with transaction(db_engine) as s:
        assert find_person(session=s, name="adviser p1").is_empty
        data = find_person(session=s, name="adviser p1", include_pseudonyms=True)
    assert [m.name for h in data.holdings for m in h.members] == ["Zofia"]
    assert set(data.terms) == {"adviser p1", "Adviser P1", "Zofia"}  # her name is searched too
    assert data.count("mentions") == 7


def test_someone_unknown_has_nothing_held(db_engine: Engine):
    seed(db_engine)
    with transaction(db_engine) as s:
        data = find_person(session=s, name="Nobody")
        document = json.loads(export_person(session=s, name="Nobody"))
    assert data.is_empty and data.count("members") == 0
    assert document["engagements"] == []


def test_the_export_lists_everything_held_as_json(db_engine: Engine):
    seed(db_engine)
    with transaction(db_engine) as s:
        document = json.loads(export_person(session=s, name="Zofia"))
    assert document["format"] == EXPORT_FORMAT and document["format_version"] == 1
    assert document["name"] == "Zofia" and document["matched_pseudonyms"] is False
    claims, payroll = document["engagements"]
    assert claims["team"] == "Claims" and payroll["team"] == "Payroll"
    assert claims["members"] == [{"name": "Zofia", "pseudonym": "Adviser P1", "role": "Adviser"}]
    assert claims["ties"] == [
        {"from": "Marek", "to": "Zofia", "for": "help"},
        {"from": "Zofia", "to": "Marek", "for": "advice"},
    ]
    assert claims["scaffold_parts"] == [
        {
            "person": "Zofia",
            "scaffold": "Peer coaching",
            "role": "peer coach",
            "reason": "Marek trusts her.",
        }
    ]
    notes = [m["text"] for m in claims["mentions"] if m["where"] == "Private note"]
    assert notes == ["Zofia is struggling with the new system; ZOFIA's lead agrees."]
    assert claims["signed_versions"] == []
    assert payroll["members"] == [{"name": "zofia", "pseudonym": "", "role": "Analyst"}]


def test_forgetting_deletes_the_members_and_replaces_every_mention(db_engine: Engine):
    teams = seed(db_engine)
    with transaction(db_engine) as s:
        summary = forget_person(session=s, name="zofia")
    assert (summary.members, summary.ties, summary.parts) == (2, 2, 1)
    assert (summary.texts, summary.signed_versions, summary.engagements) == (7, 0, 2)
    with transaction(db_engine) as s:
        assert find_person(session=s, name="Zofia").is_empty
        assert all_member_names(session=s) == ["Marek", "Ola", "Zofiane"]
        claims_members = people.list_members(session=s, engagement_id=teams.claims)
        assert [(m.name, m.role) for m in claims_members] == [
            ("Marek", "Adviser"),
            ("Ola", "Deputy to [removed] on Fridays"),
        ]
        assert people.list_ties(session=s, engagement_id=teams.claims) == []
        parts = scaffold_people.list_parts(session=s, engagement_id=teams.claims)
        assert [(p.member_name, p.reason) for p in parts] == [
            ("Marek", "Learns fastest from [removed].")
        ]
        note = list_private_notes(session=s, engagement_id=teams.claims)[0].text
        assert note == "[removed] is struggling with the new system; [removed]'s lead agrees."
        checkin = s.exec(select(CheckIn)).one()
        assert checkin.what_changed == "[removed] ran the huddle twice."
        history = [h.summary for h in s.exec(select(CheckInChange))]
        assert len(history) == 2 and "[removed] ran the huddle twice" in history[1]
        assert not any("zofia" in h.casefold() for h in history)
        sales = list_private_notes(session=s, engagement_id=teams.sales)[0].text
        assert sales == "Zofiane leads the pilot."  # another word, another person
        # The search index follows: the note is found by its new text, not the old.
        assert [e.id for e in list_engagements(session=s, search="Zofia")] == [teams.sales]
        assert [e.id for e in list_engagements(session=s, search="[removed]")] == [teams.claims]


def test_forgetting_then_erases_the_old_text_from_the_file(db_engine: Engine, tmp_path: Path):
    seed(db_engine, name="Qwyzbek")
    traces = [b"qwyzbek", b"qwy", b"wyz", b"yzb", b"zbe"]  # the name, and its search trigrams
    assert all(_raw_contains(tmp_path, t) for t in traces[:2])
    with transaction(db_engine) as s:
        forget_person(session=s, name="Qwyzbek")
    assert s.info[VACUUM_RESULT] == VacuumResult(vacuumed=True, wal_emptied=True)
    # "Qwyzbekne" (another person, kept) shares every trigram; forget them too to check bytes.
    with transaction(db_engine) as s:
        forget_person(session=s, name="Qwyzbekne")
    assert [t for t in traces if _raw_contains(tmp_path, t)] == []


def _raw_contains(folder: Path, needle: bytes) -> bool:
    data = b"".join(p.read_bytes() for p in sorted(folder.glob("scaffold.sqlite*")))
    return re.search(re.escape(needle), data, re.IGNORECASE) is not None


def test_a_refused_forget_changes_nothing(db_engine: Engine):
    with transaction(db_engine) as s:
        demo = load_demo(session=s).id
    with transaction(db_engine) as s:
        before = export_person(session=s, name="Priya")
    with pytest.raises(ValidationError) as caught, transaction(db_engine) as s:
        forget_person(session=s, name="Priya")
    assert caught.value.field == "signed"
    assert caught.value.message.startswith(
        "“Priya” is named in signed agreements: “Customer Support – Tier 1” (version 1)."
    )
    with transaction(db_engine) as s:
        assert _without_time(export_person(session=s, name="Priya")) == _without_time(before)
        assert s.get(Engagement, demo) is not None


def _without_time(document: str) -> dict[str, object]:
    data = json.loads(document)
    data.pop("exported_at")
    return data


def test_signed_versions_are_rewritten_only_when_asked_and_stay_frozen(db_engine: Engine):
    with transaction(db_engine) as s:
        demo = load_demo(session=s).id
        assert demo is not None
        before = list_versions(session=s, engagement_id=demo)[0]
    with transaction(db_engine) as s:
        summary = forget_person(session=s, name="Priya", rewrite_signed=True)
    assert summary.signed_versions == 1 and summary.members == 0
    with transaction(db_engine) as s:
        after = list_versions(session=s, engagement_id=demo)[0]
        content = version_content(after)
        assert (after.id, after.number, after.signed_at) == (
            before.id,
            before.number,
            before.signed_at,
        )
        assert after.manager_signature == before.manager_signature
        assert "Priya" not in json.dumps(content, ensure_ascii=False).replace(
            content["context"]["manager_name"], ""
        )
        assert content["context"]["manager_name"] == "Priya Nair"  # names the consultation
        assert any("[removed]" in p["note"] for p in content["support_phases"])
        assert find_person(session=s, name="Priya").count("signed") == 0
    with pytest.raises(DBAPIError, match="cannot be changed"), transaction(db_engine) as s:
        version = s.get(AgreementVersion, after.id)
        assert version is not None
        version.content_json = "{}"
        s.add(version)


def test_every_text_column_is_either_searched_or_known_not_to_hold_people_s_words():
    searched = {(f.model.__tablename__, f.column) for f in FREE_TEXT}
    not_people_text = {
        ("app_setting", "key"),
        ("app_setting", "value"),
        ("engagement", "uid"),
        # These name the consultation itself, not a team member (see docs/privacy.md).
        ("engagement", "organisation"),
        ("engagement", "business_unit"),
        ("engagement", "team_name"),
        ("engagement", "manager_name"),
        ("engagement", "partner_name"),
        ("agreement_version", "manager_signature"),
        ("agreement_version", "partner_signature"),
        ("agreement_version", "content_json"),  # searched as JSON, see signed_mentions
        ("team_member", "name"),
        ("team_member", "pseudonym"),
        ("performance_measure", "unit"),
        ("learning_indicator", "unit"),
        ("chosen_scaffold", "library_key"),
    }
    text_columns = {
        (table.name, column.name)
        for table in metadata.sorted_tables
        if table.name != "library_scaffold"  # the scaffold library, not about anyone
        for column in table.columns
        if isinstance(column.type, AutoString | String) and not isinstance(column.type, Enum)
    }
    assert searched <= text_columns
    assert text_columns - searched - not_people_text == set()
