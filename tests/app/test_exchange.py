"""The exchange file: exact round trips, the schema, privacy, and every refusal writing nothing."""

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import Engine
from sqlmodel import select
from strategies import PRIVATE_TEXT, build_full_engagement, snapshot

from app.demo import load_demo
from app.exchange import ExchangeError
from app.exchange.document import agreement_content, dumps, export_bundle, export_engagement
from app.exchange.importer import MAX_DOCUMENT_BYTES, import_document
from app.exchange.schema import load_schema, validator
from app.services import behaviours, engagements, scaffolds
from app.services.agreement import list_versions, version_content
from app.services.behaviours import BehaviourInput, CauseInput
from app.services.engagements import EngagementDetails
from app.services.scaffolds import ScaffoldInput
from app.validation import ValidationError
from models import enums
from models.db import open_database, transaction
from models.tables import Engagement

Doc = dict[str, Any]


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Engine]:
    """A database holding the full hand-built engagement (id 1) and the demo (id 2)."""
    engine = open_database(tmp_path / "source.sqlite")
    with transaction(engine) as session:
        build_full_engagement(session)
        load_demo(session=session, today=date(2025, 4, 1))
    yield engine
    engine.dispose()


@pytest.fixture
def target_path(tmp_path: Path) -> Path:
    return tmp_path / "target.sqlite"


@pytest.fixture
def target(target_path: Path) -> Iterator[Engine]:
    """An empty database to import into."""
    engine = open_database(target_path)
    yield engine
    engine.dispose()


def export_text(engine: Engine, ids: list[int], *, include_private: bool = False) -> str:
    with transaction(engine) as session:
        if len(ids) == 1:
            return dumps(export_engagement(session, ids[0], include_private=include_private))
        return dumps(export_bundle(session, ids, include_private=include_private))


def import_text(engine: Engine, data: str | bytes) -> list[int]:
    with transaction(engine) as session:
        return import_document(session, data)


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("include_private", [False, True])
@pytest.mark.parametrize("engagement_id", [1, 2], ids=["full", "demo"])
def test_export_import_export_is_byte_identical(
    source: Engine, target: Engine, engagement_id: int, include_private: bool
) -> None:
    first = export_text(source, [engagement_id], include_private=include_private)
    new_ids = import_text(target, first)
    assert new_ids == [1]
    assert export_text(target, new_ids, include_private=include_private) == first


def test_import_restores_identity_timestamps_status_and_signed_versions(
    source: Engine, target: Engine
) -> None:
    (new_id,) = import_text(target, export_text(source, [1]))
    with transaction(source) as s, transaction(target) as t:
        before, after = s.get(Engagement, 1), t.get(Engagement, new_id)
        assert before is not None and after is not None
        for name in ("uid", "status", "agreement_version", "created_at", "updated_at"):
            assert getattr(after, name) == getattr(before, name), name
        assert after.status is enums.EngagementStatus.in_progress
        assert after.agreement_version == 3
        assert [version_content(v) for v in list_versions(session=t, engagement_id=new_id)] == [
            version_content(v) for v in list_versions(session=s, engagement_id=1)
        ]
        history = engagements.status_history(session=t, engagement_id=new_id)
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, enums.EngagementStatus.draft),
            (enums.EngagementStatus.draft, enums.EngagementStatus.agreed),
            (enums.EngagementStatus.agreed, enums.EngagementStatus.in_progress),
        ]


def test_a_signed_current_version_stays_frozen_after_import(source: Engine, target: Engine) -> None:
    # The demo's version 1 is signed and still current.
    (new_id,) = import_text(target, export_text(source, [2]))
    with transaction(target) as session, pytest.raises(ValidationError, match="is signed"):
        engagements.set_business_goal(session=session, engagement_id=new_id, goal="Changed")


def test_bundle_round_trips_and_keeps_its_order(source: Engine, target: Engine) -> None:
    first = export_text(source, [2, 1, 2])
    doc = json.loads(first)
    assert doc["format"] == "scaffold.bundle"
    assert [e["team_name"] for e in doc["engagements"]] == [
        "Customer Support – Tier 1",
        "Claims – Team Ø",
    ]
    new_ids = import_text(target, first)
    assert new_ids == [1, 2]
    assert export_text(target, new_ids) == first


def test_a_deleted_engagement_can_be_imported_again_into_the_same_database(
    source: Engine,
) -> None:
    text = export_text(source, [1])
    with transaction(source) as session:
        engagements.delete_engagement(session=session, engagement_id=1)
    (new_id,) = import_text(source, text)
    assert export_text(source, [new_id]) == text


def test_the_document_has_no_database_ids_and_uses_local_refs(source: Engine) -> None:
    e = json.loads(export_text(source, [1]))["engagement"]
    assert "id" not in e and "engagement_id" not in e
    assert [m["ref"] for m in e["measures"]] == ["m1", "m2"]  # the deleted one left no gap
    assert [c["ref"] for b in e["behaviours"] for c in b["causes"]] == ["b1c1", "b1c2", "b2c1"]
    assert [s["addresses"] for s in e["scaffolds"]] == [["b1c1"], ["b1c1", "b1c2"], ["b2c1"]]
    checkin = e["checkins"][1]  # check-ins are oldest first, whatever order they were typed in
    assert [o["measure"] for o in checkin["observations"]] == ["m1", "m2"]
    assert [u["scaffold"] for u in checkin["scaffold_updates"]] == ["s1", "s3"]
    assert e["network_ties"] == [
        {"from": "p2", "to": "p1", "tie_type": "help"},
        {"from": "p2", "to": "p1", "tie_type": "advice"},
        {"from": "p4", "to": "p1", "tie_type": "help"},
    ]
    assert e["measures"][0]["typical_value"] == 0.0  # -0.0 is written as 0.0, as SQLite keeps it
    assert e["created_at"].endswith("Z")
    assert "indicators" not in e and len(e["learning_indicators"]) == 2
    assert all("ltem_tier" not in m for m in e["measures"])


def test_agreement_content_holds_only_the_agreed_content(source: Engine) -> None:
    with transaction(source) as session:
        content = agreement_content(session, 1)
        versions = list_versions(session=session, engagement_id=1)
    assert set(content) == {
        "context",
        "request",
        "goal",
        "measures",
        "behaviours",
        "scaffolds",
        "readiness",
        "responsibilities",
        "support_phases",
        "planned_checkins",
    }
    assert all("status" not in s for s in content["scaffolds"])
    assert PRIVATE_TEXT not in json.dumps(content, ensure_ascii=False)
    assert content["goal"] == "Claims settled within 9 working days."  # version 3, unsigned
    frozen = [version_content(v) for v in versions]
    assert [v["goal"] for v in frozen] == ["Claims settled within 10 working days."] * 2
    assert [len(v["planned_checkins"]) for v in frozen] == [2, 3]


# --- privacy --------------------------------------------------------------------------------


def test_a_plain_export_carries_no_private_note(source: Engine) -> None:
    plain = export_text(source, [1, 2])
    assert PRIVATE_TEXT not in plain
    assert "under pressure" not in plain  # the demo's note
    assert "private_notes" not in plain

    private = export_text(source, [1], include_private=True)
    notes = json.loads(private)["engagement"]["private_notes"]
    assert [n["text"] for n in notes] == [PRIVATE_TEXT, "Second note."]


def test_private_notes_survive_a_private_round_trip_with_their_times(
    source: Engine, target: Engine
) -> None:
    private = export_text(source, [1], include_private=True)
    import_text(target, private)
    assert export_text(target, [1], include_private=True) == private
    assert PRIVATE_TEXT not in export_text(target, [1])


# --- the schema -----------------------------------------------------------------------------


def test_the_schema_is_valid_draft_2020_12_and_loads_from_the_package() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("include_private", [False, True])
def test_the_schema_accepts_what_the_exporter_writes(source: Engine, include_private: bool) -> None:
    for ids in ([1], [2], [1, 2]):
        doc = json.loads(export_text(source, ids, include_private=include_private))
        assert list(validator().iter_errors(doc)) == []


def test_the_schema_enums_are_the_models_enums() -> None:
    defs = load_schema()["$defs"]
    pairs = {
        "engagementStatus": enums.EngagementStatus,
        "direction": enums.Direction,
        "level": enums.Level,
        "gilbertCell": enums.GilbertCell,
        "confidence": enums.Confidence,
        "scaffoldKind": enums.ScaffoldKind,
        "ownerRole": enums.OwnerRole,
        "scaffoldStatus": enums.ScaffoldStatus,
        "newSkill": enums.NewSkill,
        "supportMode": enums.SupportMode,
        "decision": enums.Decision,
        "tieType": enums.TieType,
        "indicatorKind": enums.IndicatorKind,
    }
    for name, enum_cls in pairs.items():
        assert defs[name]["enum"] == [m.value for m in enum_cls], name


# Fields a file may leave out: private notes by choice, the rest because files written before
# schema 0004 lack them.
OPTIONAL_FIELDS = {
    "private_notes",
    "pseudonym",
    "print_pseudonyms",
    "scaffold_people",
    "checkin_history",
}


def test_the_schema_is_strict_about_unknown_fields_everywhere() -> None:
    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from walk(value)

    objects = list(walk(load_schema()["$defs"]))
    assert len(objects) > 20
    for node in objects:
        assert node["additionalProperties"] is False
        assert set(node["required"]) | OPTIONAL_FIELDS >= set(node["properties"])


# --- refusals: each one says what is wrong and writes nothing -------------------------------


@pytest.fixture
def doc(source: Engine) -> Doc:
    """The full engagement as a document, ready to be spoiled."""
    parsed: Doc = json.loads(export_text(source, [1]))
    return parsed


def refused(engine: Engine, path: Path, data: str | bytes) -> str:
    """Import `data`, expect a refusal, check the database did not change; return the message."""
    before = snapshot(path)
    with pytest.raises(ExchangeError) as caught, transaction(engine) as session:
        import_document(session, data)
    assert snapshot(path) == before
    message = caught.value.message
    assert "\n" not in message
    return message


@pytest.fixture
def occupied(target: Engine, target_path: Path) -> tuple[Engine, Path]:
    """A target that already holds an engagement, so "nothing changed" means something."""
    with transaction(target) as session:
        engagements.create_engagement(session=session, data=EngagementDetails("Ops", "Kim"))
    return target, target_path


def test_a_file_over_20_mb_is_refused_before_parsing(occupied: tuple[Engine, Path]) -> None:
    data = b"[" * (MAX_DOCUMENT_BYTES + 1)  # would be a JSON error if it were parsed
    message = refused(*occupied, data)
    assert message == (
        "The file is 20,971,521 bytes; an exchange file can be at most 20,971,520 bytes (20 MB)."
        " Nothing was read."
    )


def test_malformed_json_names_line_and_column(occupied: tuple[Engine, Path]) -> None:
    text = '{\n  "format": "scaffold.engagement"\n  "format_version": 1\n}'
    assert refused(*occupied, text) == (
        "The file is not valid JSON: Expecting ',' delimiter at line 3, column 3."
    )


def test_a_truncated_file_is_called_truncated(
    source: Engine, occupied: tuple[Engine, Path]
) -> None:
    text = export_text(source, [1])
    for cut in (len(text) // 2, len(text) - 3, 1):
        message = refused(*occupied, text[:cut].encode("utf-8", "ignore"))
        assert message.startswith("The file ends before its JSON is complete (")
        assert "line " in message and "column " in message
        assert message.endswith("it looks truncated. Export it again.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty: it holds no JSON."),
        (b"  \n", "The file is empty: it holds no JSON."),
        (
            b"\xff\xfe{}",
            "The file is not UTF-8 text (byte 0 cannot be read), so it is not an exchange file: "
            "those are UTF-8 JSON.",
        ),
        (b'{"a": NaN}', "The file is not valid JSON: NaN is not a JSON number."),
        (
            b'{"format": "scaffold.bundle", "format": "x"}',
            "The file is not valid for Scaffold: the key “format” appears twice in one object.",
        ),
    ],
)
def test_unreadable_bytes_are_refused(
    occupied: tuple[Engine, Path], data: bytes, expected: str
) -> None:
    assert refused(*occupied, data) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[1, 2]",
            "This is not a Scaffold exchange file: it holds an array where an object with a "
            "“format” field was expected.",
        ),
        (
            '{"hello": "world", "n": 1}',
            "This is not a Scaffold exchange file: it has no “format” field (its fields are: "
            '"hello", "n").',
        ),
        (
            '{"format": "trello.board", "cards": []}',
            'This is not a Scaffold exchange file: its format is "trello.board", where Scaffold '
            "reads “scaffold.engagement” or “scaffold.bundle”.",
        ),
    ],
)
def test_foreign_json_says_what_it_found(
    occupied: tuple[Engine, Path], text: str, expected: str
) -> None:
    assert refused(*occupied, text) == expected


def test_a_newer_format_version_is_refused_with_both_versions(
    doc: Doc, occupied: tuple[Engine, Path]
) -> None:
    doc["format_version"] = 2
    doc["engagement"]["something_new"] = True  # a newer format may add fields
    assert refused(*occupied, dumps(doc)) == (
        "This file was written by a newer Scaffold (format 2); this version reads up to 1. "
        "Update Scaffold to import it."
    )


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda e: e["measures"][1].pop("name"),
            "engagement.measures[1]: the field “name” is missing.",
        ),
        (
            lambda e: e["behaviours"][0].update(colour="red"),
            "engagement.behaviours[0]: unknown field “colour” (format 1 has no such field).",
        ),
        (
            lambda e: e["scaffolds"][2].update(kind="lecture"),
            'engagement.scaffolds[2].kind: "lecture" is not one of: performance_support, '
            "environment_fix, social_learning, individual_learning, formal_training, other.",
        ),
        (
            lambda e: e.update(team_size="nine"),
            "engagement.team_size: must be a whole number or null, not text.",
        ),
        (
            lambda e: e["measures"][0].update(baseline_date="2025-02-30"),
            'engagement.measures[0].baseline_date: "2025-02-30" is not valid here: '
            "A calendar date, ISO 8601 (YYYY-MM-DD).",
        ),
        (
            lambda e: e["checkins"][0].update(created_at="2025-03-01 10:00"),
            'engagement.checkins[0].created_at: "2025-03-01 10:00" is not valid here: A moment, '
            "ISO 8601 in UTC: YYYY-MM-DDTHH:MM:SS[.ffffff]Z (Scaffold writes microseconds).",
        ),
        (
            lambda e: e["scaffolds"][0].update(addresses=["m1"]),
            'engagement.scaffolds[0].addresses[0]: "m1" is not valid here: Local reference of a '
            "cause: b2c1 is the first cause of behaviour b2.",
        ),
        (
            lambda e: e.update(status_history=[]),
            "engagement.status_history: must not be empty.",
        ),
        (
            lambda e: e["agreement_versions"][0]["content"].pop("goal"),
            "engagement.agreement_versions[0].content: the field “goal” is missing.",
        ),
        (
            lambda e: e["agreement_versions"][0]["content"]["scaffolds"][0].update(status="done"),
            "engagement.agreement_versions[0].content.scaffolds[0]: unknown field “status” "
            "(format 1 has no such field).",
        ),
    ],
)
def test_schema_violations_name_the_json_path(
    doc: Doc, occupied: tuple[Engine, Path], spoil: Callable[[Doc], object], expected: str
) -> None:
    spoil(doc["engagement"])
    assert refused(*occupied, dumps(doc)) == expected


def test_a_document_without_its_engagement_is_a_schema_violation(
    doc: Doc, occupied: tuple[Engine, Path]
) -> None:
    del doc["engagement"]
    assert refused(*occupied, dumps(doc)) == "the document: the field “engagement” is missing."


def test_json_that_cannot_be_stored_is_refused(doc: Doc, occupied: tuple[Engine, Path]) -> None:
    doc["engagement"]["learning_indicators"][0]["value"] = 123456.789
    text = dumps(doc)
    doc["engagement"]["business_unit"] = "Cla\ud800ims"  # JSON allows "\ud800"; UTF-8 does not
    assert refused(*occupied, dumps(doc)) == (
        "engagement.business_unit: contains an invalid character (a lone surrogate)."
    )
    infinite = text.replace("123456.789", "1e400")  # JSON has no limit; a float does
    assert refused(*occupied, infinite) == (
        "engagement.learning_indicators[0].value: the number is too large to store."
    )
    doc["engagement"]["agreement_version"] = 2**64
    assert refused(*occupied, dumps(doc)) == (
        "engagement.agreement_version: the number 18446744073709551616 is too large."
    )


def test_an_engagement_already_in_the_database_is_refused_by_team_and_uid(
    source: Engine, tmp_path: Path
) -> None:
    text = export_text(source, [1])
    uid = json.loads(text)["engagement"]["uid"]
    assert refused(source, tmp_path / "source.sqlite", text) == (
        f"engagement: this database already holds the engagement of team “Claims – Team Ø” "
        f"(manager Zoë Ndlovu, uid {uid}). Nothing was imported; delete that engagement first "
        "to import it again."
    )


def test_a_bundle_holding_one_engagement_twice_is_refused(
    source: Engine, occupied: tuple[Engine, Path]
) -> None:
    bundle = json.loads(export_text(source, [1, 2]))
    bundle["engagements"].append(bundle["engagements"][0])
    uid = bundle["engagements"][0]["uid"]
    assert refused(*occupied, dumps(bundle)) == (
        f"engagements[2].uid: the file holds engagement {uid} twice (also at engagements[0])."
    )


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda e: e["checkins"][1]["observations"][0].update(measure="m9"),
            "engagement.checkins[1].observations[0].measure: “m9” is not the ref of any measure "
            "in this engagement.",
        ),
        (
            lambda e: e["checkins"][1]["scaffold_updates"][1].update(scaffold="s7"),
            "engagement.checkins[1].scaffold_updates[1].scaffold: “s7” is not the ref of any "
            "scaffold in this engagement.",
        ),
        (
            lambda e: e["scaffolds"][1]["addresses"].append("b2c5"),
            "engagement.scaffolds[1].addresses[2]: “b2c5” is not the ref of any cause in this "
            "engagement.",
        ),
        (
            lambda e: e["network_ties"][0].update(to="p12"),
            "engagement.network_ties[0].to: “p12” is not the ref of any team member in this "
            "engagement.",
        ),
        (
            lambda e: e["measures"][1].update(ref="m1"),
            "engagement.measures[1].ref: “m1” is already the ref of measure "
            "engagement.measures[0].",
        ),
        (
            lambda e: e["agreement_versions"][1]["content"]["scaffolds"][0].update(
                addresses=["b4c1"]
            ),
            "engagement.agreement_versions[1].content.scaffolds[0].addresses[0]: “b4c1” is not "
            "the ref of any cause in this engagement.",
        ),
    ],
)
def test_dangling_or_repeated_refs_are_refused(
    doc: Doc, occupied: tuple[Engine, Path], spoil: Callable[[Doc], object], expected: str
) -> None:
    spoil(doc["engagement"])
    assert refused(*occupied, dumps(doc)) == expected


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda e: e.update(agreement_version=1),
            "engagement.agreement_version: with 2 signed version(s) it must be 2 (signed) or 3 "
            "(being amended), not 1.",
        ),
        (
            lambda e: e["agreement_versions"][1].update(number=3),
            "engagement.agreement_versions: signed versions must be numbered 1, 2, 3… oldest "
            "first, not 1, 3.",
        ),
        (
            lambda e: e.update(status="closed"),
            "engagement.status: the status is “closed” but the status history ends with "
            "“in_progress”.",
        ),
        (
            lambda e: e["readiness"].append(dict(e["readiness"][0])),
            "engagement.readiness[2].skill: “personal_knowledge_management” is rated twice.",
        ),
    ],
)
def test_an_inconsistent_file_is_refused(
    doc: Doc, occupied: tuple[Engine, Path], spoil: Callable[[Doc], object], expected: str
) -> None:
    spoil(doc["engagement"])
    assert refused(*occupied, dumps(doc)) == expected


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda e: e["measures"][1].update(target_value=e["measures"][1]["baseline_value"]),
            "engagement.measures[1].target_value: The target equals the baseline: there is no "
            "change to aim for.",
        ),
        (
            lambda e: e.update(team_name="   "),
            "engagement.team_name: Team name is required.",
        ),
        (
            lambda e: e["team_members"][1].update(name="ANA"),
            "engagement.team_members[1].name: “ANA” is already in this team; use another name "
            "or a pseudonym.",
        ),
        (
            lambda e: e["learning_indicators"][0].update(ltem_tier=9),
            "engagement.learning_indicators[0].ltem_tier: The LTEM tier must be between 1 and 8, "
            "not 9.",
        ),
        (
            lambda e: e["checkins"][0].update(next_date="2025-02-01"),
            "engagement.checkins[0].next_date: The next check-in (2025-02-01) must come after "
            "this one (2025-03-01).",
        ),
        (
            lambda e: e["network_ties"][0].update(to=e["network_ties"][0]["from"]),
            "engagement.network_ties[0]: Bo cannot go to themselves.",
        ),
        (
            lambda e: e["agreement_versions"][0].update(manager_signature=" "),
            "engagement.agreement_versions[0].manager_signature: The manager's name is required.",
        ),
    ],
)
def test_domain_rules_are_the_services_own_with_their_place_in_the_file(
    doc: Doc, occupied: tuple[Engine, Path], spoil: Callable[[Doc], object], expected: str
) -> None:
    spoil(doc["engagement"])
    assert refused(*occupied, dumps(doc)) == expected


def test_a_bundle_is_all_or_nothing(source: Engine, occupied: tuple[Engine, Path]) -> None:
    bundle = json.loads(export_text(source, [1, 2]))
    measure = bundle["engagements"][1]["measures"][0]
    measure["target_value"] = measure["baseline_value"]
    message = refused(*occupied, dumps(bundle))
    assert message.startswith("engagements[1].measures[0].target_value: The target equals")


def test_a_refusal_writes_nothing_even_when_the_caller_commits(
    doc: Doc, occupied: tuple[Engine, Path]
) -> None:
    engine, path = occupied
    before = snapshot(path)
    doc["engagement"]["team_members"][1]["name"] = "ANA"  # fails late, after many rows were added
    # The caller swallows the error and goes on: its transaction commits.
    with transaction(engine) as session, pytest.raises(ExchangeError):
        import_document(session, dumps(doc))
    assert snapshot(path) == before
    with transaction(engine) as session:
        assert len(session.exec(select(Engagement)).all()) == 1


def test_training_justified_by_its_reason_alone_round_trips(target: Engine, tmp_path: Path) -> None:
    # No knowledge cause at all: the import's add_scaffold must accept the recorded reason.
    engine = open_database(tmp_path / "other.sqlite")
    try:
        with transaction(engine) as session:
            eid = engagements.create_engagement(
                session=session, data=EngagementDetails("Team", "Manager")
            ).id
            assert eid is not None
            b = behaviours.add_behaviour(
                session=session, engagement_id=eid, data=BehaviourInput("Role", "Does it")
            )
            cause = behaviours.add_cause(
                session=session,
                behaviour_id=b.id or 0,
                data=CauseInput(enums.GilbertCell.resources),
            )
            scaffolds.add_scaffold(
                session=session,
                engagement_id=eid,
                data=ScaffoldInput(
                    "Course",
                    kind=enums.ScaffoldKind.formal_training,
                    cause_ids=(cause.id or 0,),
                    training_reason="Required by the regulator every year.",
                ),
            )
        text = export_text(engine, [eid])
    finally:
        engine.dispose()
    import_text(target, text)
    assert export_text(target, [1]) == text
