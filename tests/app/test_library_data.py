"""Loading the built-in library file: every failure names the file, the entry and the problem."""

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from library_files import scaffold, toml_text, write_library

from app.library.data import ENV_LIBRARY_FILE, load_builtin_library, load_library_schema
from app.library.entry import Effort, LibraryEntry
from app.library.errors import LibraryDataError
from models.enums import GilbertCell, Level, NewSkill, OwnerRole, ScaffoldKind

REAL_FILE = Path(__file__).resolve().parents[2] / "app" / "data" / "scaffold_library.toml"


def _failure(path: Path) -> LibraryDataError:
    with pytest.raises(LibraryDataError) as info:
        load_builtin_library(path)
    return info.value


def _assert_names(error: LibraryDataError, path: Path, *parts: str) -> None:
    message = str(error)
    assert message.startswith(str(path)), message
    for part in parts:
        assert part in message, (part, message)
    assert "\n" not in message


# --- A good file -----------------------------------------------------------------------------


def test_a_valid_file_becomes_entries_in_file_order(tmp_path: Path) -> None:
    path = write_library(
        tmp_path / "lib.toml",
        scaffold("decision-guide", name="  Decision guide  ", new_skills=None),
        scaffold(
            "skills-workshop",
            kind="formal_training",
            addresses=["knowledge"],
            does_not_address=["resources", "incentives"],
            levels=["individual", "team"],
            owner_role="manager",
            effort="high",
            lead_time_days=365,
            new_skills=["connected_working"],
        ),
    )

    first, second = load_builtin_library(path)

    assert first == LibraryEntry(
        key="decision-guide",
        name="Decision guide",
        kind=ScaffoldKind.performance_support,
        summary="What decision-guide is.",
        setup="How to set up decision-guide.",
        addresses=(GilbertCell.resources, GilbertCell.information),
        does_not_address=(GilbertCell.motives,),
        levels=(Level.individual,),
        owner_role=OwnerRole.partner,
        effort=Effort.low,
        lead_time_days=10,
        step_back="The team keeps it up to date.",
        signal="Fewer escalations.",
        reference="Job aids (Rossett & Schafer).",
        new_skills=(),
        builtin=True,
        retired=False,
    )
    assert second.kind is ScaffoldKind.formal_training
    assert second.levels == (Level.individual, Level.team)
    assert second.new_skills == (NewSkill.connected_working,)
    assert second.lead_time_days == 365


def test_without_a_path_the_loader_reads_the_file_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_library(tmp_path / "other.toml", scaffold("only-one"))
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))
    assert [e.key for e in load_builtin_library()] == ["only-one"]


def test_the_shipped_library_loads_and_keeps_its_own_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_LIBRARY_FILE, raising=False)
    entries = load_builtin_library()  # the packaged file, through importlib.resources

    assert entries == load_builtin_library(REAL_FILE)
    assert len(entries) >= 10
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))
    training = [e for e in entries if e.kind is ScaffoldKind.formal_training]
    assert training, "the library should show formal training as the last resort"
    assert all(e.addresses == (GilbertCell.knowledge,) for e in training)
    assert any(e.kind is not ScaffoldKind.formal_training for e in entries)


def test_the_schema_is_valid_and_its_vocabularies_are_the_enums() -> None:
    schema = load_library_schema()
    Draft202012Validator.check_schema(schema)
    fields = schema["$defs"]["scaffold"]["properties"]

    def values(enum: Any) -> list[str]:
        return [member.value for member in enum]

    assert fields["kind"]["enum"] == values(ScaffoldKind)
    assert schema["$defs"]["gilbertCell"]["enum"] == values(GilbertCell)
    assert fields["levels"]["items"]["enum"] == values(Level)
    assert fields["owner_role"]["enum"] == values(OwnerRole)
    assert fields["effort"]["enum"] == values(Effort)
    assert fields["new_skills"]["items"]["enum"] == values(NewSkill)
    entry_fields = {"builtin", "retired"} | set(fields)
    assert entry_fields == set(LibraryEntry.__dataclass_fields__)


# --- Files that cannot be read ---------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    error = _failure(path)
    _assert_names(error, path, "cannot be read")
    assert error.index is None


def test_invalid_toml_names_the_line_and_the_entry(tmp_path: Path) -> None:
    text = toml_text(scaffold("first"), scaffold("second-one"), scaffold("third"))
    broken = text.replace('signal = "Fewer escalations."', "signal = Fewer escalations", 2)
    path = tmp_path / "lib.toml"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("signal = Fewer escalations") + 1

    error = _failure(path)

    _assert_names(error, path, f"line {line}", 'scaffold #1 (key "first")', "invalid TOML")
    assert (error.line, error.index, error.key) == (line, 0, "first")


def test_invalid_toml_in_a_later_entry_names_that_entry(tmp_path: Path) -> None:
    text = toml_text(scaffold("first"), scaffold("second-one"), scaffold("third"))
    lines = text.splitlines()
    at = [n for n, content in enumerate(lines) if content.startswith("lead_time_days")][1]
    lines[at] = "lead_time_days = = 10"
    path = tmp_path / "lib.toml"
    path.write_text("\n".join(lines), encoding="utf-8")

    error = _failure(path)

    _assert_names(error, path, f"line {at + 1}", 'scaffold #2 (key "second-one")')


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    text = toml_text(scaffold("first"), scaffold("second-one"))
    data = text.encode("utf-8").replace(b"How to set up second-one", b"Caf\xe9 set-up")
    path = tmp_path / "lib.toml"
    path.write_bytes(data)

    error = _failure(path)

    _assert_names(error, path, "not UTF-8", 'scaffold #2 (key "second-one")', "line ")


# --- Schema violations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"lead_time_days": 0}, "lead_time_days", "minimum of 1"),
        ({"lead_time_days": 366}, "lead_time_days", "maximum of 365"),
        ({"lead_time_days": "10"}, "lead_time_days", "not of type 'integer'"),
        ({"lead_time_days": True}, "lead_time_days", "not of type 'integer'"),
        ({"kind": "e_learning"}, "kind", "'e_learning' is not one of performance_support"),
        ({"owner_role": "hr"}, "owner_role", "'hr' is not one of manager"),
        ({"effort": "tiny"}, "effort", "'tiny' is not one of low | medium | high"),
        ({"name": "   "}, "name", "must not be empty"),
        ({"summary": ""}, "summary", "must not be empty"),
        ({"name": "N" * 201}, "name", "is too long"),
        ({"addresses": []}, "addresses", "needs at least one value"),
        ({"levels": []}, "levels", "needs at least one value"),
        ({"addresses": ["resources", "resources"]}, "addresses", "lists resources more than once"),
        ({"addresses": ["skills"]}, "addresses[0]", "'skills' is not one of information"),
        ({"levels": ["department"]}, "levels[0]", "'department' is not one of individual"),
        ({"new_skills": ["juggling"]}, "new_skills[0]", "'juggling' is not one of personal"),
        ({"does_not_address": "motives"}, "does_not_address", "not of type 'array'"),
    ],
)
def test_a_schema_violation_names_the_entry_and_its_json_path(
    tmp_path: Path, overrides: dict[str, Any], field: str, says: str
) -> None:
    path = write_library(
        tmp_path / "lib.toml", scaffold("first"), scaffold("second-one", **overrides)
    )
    error = _failure(path)
    _assert_names(error, path, 'scaffold #2 (key "second-one")', f"$.scaffold[1].{field}: ", says)
    assert (error.index, error.key) == (1, "second-one")


def test_a_bad_key_is_reported_with_the_key_it_has(tmp_path: Path) -> None:
    path = write_library(tmp_path / "lib.toml", scaffold("Decision_Guide"))
    error = _failure(path)
    _assert_names(error, path, "scaffold #1", "$.scaffold[0].key", "not a valid key")


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    path = write_library(tmp_path / "lib.toml", scaffold("first", step_back=None))
    error = _failure(path)
    _assert_names(error, path, 'scaffold #1 (key "first")', "the field step_back is missing")


def test_an_entry_without_a_key_is_named_by_its_position(tmp_path: Path) -> None:
    item = scaffold("ignored")
    del item["key"]
    path = write_library(tmp_path / "lib.toml", scaffold("first"), item)
    error = _failure(path)
    _assert_names(error, path, "scaffold #2: ", "the field key is missing")
    assert (error.index, error.key) == (1, None)


def test_an_unknown_field_is_named(tmp_path: Path) -> None:
    path = write_library(tmp_path / "lib.toml", scaffold("first", cost_eur=200))
    error = _failure(path)
    _assert_names(error, path, 'scaffold #1 (key "first")', "unknown field(s) cost_eur")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the field scaffold is missing"),
        ("title = 'Library'\n" + toml_text(scaffold("first")), "unknown field(s) title"),
        ("[scaffold]\nkey = 'first'\n", "not of type 'array'"),
    ],
    ids=["empty", "unknown-top-level-field", "table-not-array"],
)
def test_a_file_of_the_wrong_shape_is_named(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "lib.toml"
    path.write_text(text, encoding="utf-8")
    error = _failure(path)
    _assert_names(error, path, says)
    assert error.index is None


def test_the_first_broken_entry_is_the_one_reported(tmp_path: Path) -> None:
    path = write_library(
        tmp_path / "lib.toml",
        scaffold("first"),
        scaffold("second-one", lead_time_days=0),
        scaffold("third", effort="huge"),
    )
    _assert_names(_failure(path), path, 'scaffold #2 (key "second-one")')


# --- Rules checked in code -------------------------------------------------------------------


def test_a_duplicate_key_names_both_entries(tmp_path: Path) -> None:
    path = write_library(
        tmp_path / "lib.toml", scaffold("first"), scaffold("guide"), scaffold("guide")
    )
    error = _failure(path)
    _assert_names(
        error, path, 'scaffold #3 (key "guide")', 'the key "guide" is already used by scaffold #2'
    )


def test_formal_training_may_address_knowledge_only(tmp_path: Path) -> None:
    training = scaffold(
        "workshop", kind="formal_training", addresses=["knowledge", "information", "motives"]
    )
    path = write_library(tmp_path / "lib.toml", scaffold("first"), training)
    error = _failure(path)
    _assert_names(
        error,
        path,
        'scaffold #2 (key "workshop")',
        "formal training addresses knowledge only",
        "information, motives",
    )


def test_a_cause_cannot_be_both_addressed_and_not(tmp_path: Path) -> None:
    item = scaffold("first", addresses=["resources"], does_not_address=["resources", "motives"])
    path = write_library(tmp_path / "lib.toml", item)
    error = _failure(path)
    _assert_names(error, path, 'scaffold #1 (key "first")', "resources is listed in both addresses")


def test_messages_quote_no_python_reprs_of_the_document(tmp_path: Path) -> None:
    path = write_library(tmp_path / "lib.toml", scaffold("first", cost_eur=200))
    message = str(_failure(path))
    assert "{" not in message, message
    assert json.dumps(str(path))[1:-1] in message or str(path) in message
