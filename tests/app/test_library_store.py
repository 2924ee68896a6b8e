"""The library in a real SQLite file: syncing built-ins, the partner's edits and additions."""

import dataclasses
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from library_files import scaffold, write_library
from sqlalchemy import Engine

from app.cli import main as cli_main
from app.library import store
from app.library.data import ENV_LIBRARY_FILE, load_builtin_library
from app.library.entry import Effort, LibraryEntry
from app.library.errors import LibraryDataError
from app.storage import StorageError, open_engine
from app.validation import NotFoundError, ValidationError
from models.db import open_database, transaction
from models.enums import GilbertCell, Level, OwnerRole, ScaffoldKind


def _v1(tmp_path: Path) -> list[LibraryEntry]:
    return load_builtin_library(
        write_library(
            tmp_path / "v1.toml",
            scaffold("decision-guide", name="Decision guide"),
            scaffold("peer-coaching", name="Peer coaching", kind="social_learning"),
            scaffold("old-poster", name="Old poster", kind="environment_fix"),
            scaffold(
                "skills-workshop",
                name="Skills workshop",
                kind="formal_training",
                addresses=["knowledge"],
            ),
        )
    )


def _v2(tmp_path: Path) -> list[LibraryEntry]:
    """The next version: two texts changed, one entry gone, one new."""
    return load_builtin_library(
        write_library(
            tmp_path / "v2.toml",
            scaffold("decision-guide", name="Decision guide", summary="A better summary."),
            scaffold(
                "peer-coaching",
                name="Peer coaching",
                kind="social_learning",
                summary="Shipped rewrite.",
            ),
            scaffold(
                "skills-workshop",
                name="Skills workshop",
                kind="formal_training",
                addresses=["knowledge"],
            ),
            scaffold("team-huddle", name="Team huddle", kind="social_learning"),
        )
    )


def _own(name: str = "Shift handover note", key: str = "", **changes: object) -> LibraryEntry:
    entry = LibraryEntry(
        key=key,
        name=name,
        kind=ScaffoldKind.performance_support,
        summary="Five lines each shift leaves for the next.",
        setup="",
        addresses=(GilbertCell.information,),
        does_not_address=(),
        levels=(Level.team,),
        owner_role=OwnerRole.team,
        effort=Effort.low,
        lead_time_days=3,
        step_back="",
        signal="",
        reference="",
        builtin=True,  # ignored: what the partner adds is never built-in
        retired=True,  # ignored: new scaffolds start in use
    )
    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]


def _keys(entries: list[LibraryEntry]) -> list[str]:
    return [e.key for e in entries]


# --- Syncing the built-ins ---------------------------------------------------------------------


def test_sync_adds_every_builtin_and_lists_them_by_kind_then_name(
    db_engine: Engine, tmp_path: Path
) -> None:
    with transaction(db_engine) as s:
        report = store.sync_builtins(session=s, entries=_v1(tmp_path))
    assert report.added == ("decision-guide", "peer-coaching", "old-poster", "skills-workshop")
    assert (report.refreshed, report.kept_edited, report.missing) == ((), (), ())
    with transaction(db_engine) as s:
        listed = store.list_library(session=s)
    # Kinds in their declared order: performance support … social learning … formal training.
    assert _keys(listed) == ["decision-guide", "old-poster", "peer-coaching", "skills-workshop"]
    assert all(e.builtin and not e.retired for e in listed)
    assert listed[0] == _v1(tmp_path)[0]


def test_sync_of_the_same_file_changes_nothing(db_engine: Engine, tmp_path: Path) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
    with transaction(db_engine) as s:
        report = store.sync_builtins(session=s, entries=_v1(tmp_path))
    assert report == store.SyncReport(unchanged=4)
    assert not report.changed


def test_a_new_version_refreshes_unedited_keeps_edited_and_user_additions(
    db_engine: Engine, tmp_path: Path
) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
        mine = store.add_entry(session=s, data=_own())
        coaching = store.get_entry(session=s, key="peer-coaching")
        store.update_entry(
            session=s,
            key="peer-coaching",
            data=dataclasses.replace(coaching, summary="Our own words for it."),
        )

    with transaction(db_engine) as s:
        report = store.sync_builtins(session=s, entries=_v2(tmp_path))

    assert report.added == ("team-huddle",)
    assert report.refreshed == ("decision-guide",)
    assert report.kept_edited == ("peer-coaching",)
    assert report.missing == ("old-poster",)
    assert report.unchanged == 1
    assert report.conflicts == ()
    with transaction(db_engine) as s:
        assert store.get_entry(session=s, key="decision-guide").summary == "A better summary."
        assert store.get_entry(session=s, key="peer-coaching").summary == "Our own words for it."
        assert store.get_entry(session=s, key="old-poster").builtin  # never deleted
        assert store.get_entry(session=s, key=mine.key) == mine
        assert store.edited_keys(session=s) == {"peer-coaching"}
        assert len(store.list_library(session=s)) == 6


def test_a_shipped_key_the_partner_already_uses_is_skipped(
    db_engine: Engine, tmp_path: Path
) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
        mine = store.add_entry(session=s, data=_own("Team huddle"))
    assert mine.key == "team-huddle"

    with transaction(db_engine) as s:
        report = store.sync_builtins(session=s, entries=_v2(tmp_path))
        assert store.get_entry(session=s, key="team-huddle") == mine

    assert report.conflicts == ("team-huddle",)
    assert "team-huddle" not in report.added


def test_a_retired_builtin_stays_retired_when_refreshed(db_engine: Engine, tmp_path: Path) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
        store.retire_entry(session=s, key="decision-guide")
    with transaction(db_engine) as s:
        report = store.sync_builtins(session=s, entries=_v2(tmp_path))
        refreshed = store.get_entry(session=s, key="decision-guide")
    assert report.refreshed == ("decision-guide", "peer-coaching")
    assert refreshed.retired
    assert refreshed.summary == "A better summary."


def test_sync_refuses_the_same_key_twice(db_engine: Engine, tmp_path: Path) -> None:
    entries = _v1(tmp_path)
    with pytest.raises(ValidationError) as info, transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=[*entries, entries[0]])
    assert info.value.field == "key"
    assert "decision-guide" in info.value.message


# --- Retiring and resetting --------------------------------------------------------------------


def test_retire_and_unretire(db_engine: Engine, tmp_path: Path) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
        retired = store.retire_entry(session=s, key="old-poster")
    assert retired.retired

    with transaction(db_engine) as s:
        assert "old-poster" not in _keys(store.list_library(session=s))
        assert "old-poster" in _keys(store.list_library(session=s, include_retired=True))
        assert store.get_entry(session=s, key="old-poster").retired
        back = store.retire_entry(session=s, key="old-poster", retired=False)
    assert not back.retired
    with transaction(db_engine) as s:
        assert "old-poster" in _keys(store.list_library(session=s))
        with pytest.raises(NotFoundError, match="no-such-key"):
            store.retire_entry(session=s, key="no-such-key")


def test_reset_brings_back_the_shipped_text_and_later_updates(
    db_engine: Engine, tmp_path: Path
) -> None:
    v1 = _v1(tmp_path)
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=v1)
        guide = store.get_entry(session=s, key="decision-guide")
        edited = store.update_entry(
            session=s,
            key="decision-guide",
            data=dataclasses.replace(guide, name="Our guide", lead_time_days=30),
        )
        assert edited.name == "Our guide"
        assert store.edited_keys(session=s) == {"decision-guide"}
        store.retire_entry(session=s, key="decision-guide")

    with transaction(db_engine) as s:
        reset = store.reset_to_builtin(session=s, key="decision-guide", entries=v1)
    assert reset == dataclasses.replace(v1[0], retired=True)  # retiring is not an edit
    with transaction(db_engine) as s:
        assert store.edited_keys(session=s) == frozenset()
        report = store.sync_builtins(session=s, entries=_v2(tmp_path))
    assert "decision-guide" in report.refreshed  # no longer held back by the edit


def test_reset_reads_the_shipped_file_by_default(
    db_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_library(tmp_path / "lib.toml", scaffold("decision-guide"))
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))
    shipped = load_builtin_library()
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=shipped)
        store.update_entry(
            session=s, key="decision-guide", data=dataclasses.replace(shipped[0], signal="Ours.")
        )
        assert store.reset_to_builtin(session=s, key="decision-guide") == shipped[0]


def test_reset_is_refused_for_own_scaffolds_and_for_builtins_no_longer_shipped(
    db_engine: Engine, tmp_path: Path
) -> None:
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=_v1(tmp_path))
        mine = store.add_entry(session=s, data=_own())
        with pytest.raises(ValidationError, match="your own scaffold") as own:
            store.reset_to_builtin(session=s, key=mine.key, entries=_v2(tmp_path))
        with pytest.raises(ValidationError, match="no longer shipped") as gone:
            store.reset_to_builtin(session=s, key="old-poster", entries=_v2(tmp_path))
    assert own.value.field == gone.value.field == "key"


def test_editing_a_builtin_back_to_the_shipped_text_clears_the_mark(
    db_engine: Engine, tmp_path: Path
) -> None:
    v1 = _v1(tmp_path)
    with transaction(db_engine) as s:
        store.sync_builtins(session=s, entries=v1)
        store.update_entry(
            session=s, key="decision-guide", data=dataclasses.replace(v1[0], summary="Ours.")
        )
        store.update_entry(session=s, key="decision-guide", data=v1[0])
        assert store.edited_keys(session=s) == frozenset()


# --- The partner's own scaffolds ---------------------------------------------------------------


def test_add_derives_a_unique_key_from_the_name(db_engine: Engine) -> None:
    with transaction(db_engine) as s:
        first = store.add_entry(session=s, data=_own("Décision guide (v2) – Lyon"))
        second = store.add_entry(session=s, data=_own("Décision guide (v2) – Lyon"))
        odd = store.add_entry(session=s, data=_own("¿¿??"))
        chosen = store.add_entry(session=s, data=_own("Anything", key=" my-key "))
    assert first.key == "decision-guide-v2-lyon"
    assert second.key == "decision-guide-v2-lyon-2"
    assert odd.key == "scaffold"
    assert chosen.key == "my-key"
    assert not first.builtin
    assert not first.retired
    assert first.name == "Décision guide (v2) – Lyon"


def test_add_trims_text_and_keeps_it_across_sessions(db_engine: Engine) -> None:
    with transaction(db_engine) as s:
        added = store.add_entry(session=s, data=_own("  Handover  ", setup="  Do this.\n"))
    with transaction(db_engine) as s:
        assert store.get_entry(session=s, key="handover") == added
    assert (added.name, added.setup) == ("Handover", "Do this.")


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("taken", "already used"),
        ("Has Capitals", "only lowercase letters"),
        ("double--dash", "only lowercase letters"),
        ("k" * 81, "the limit is 80"),
    ],
)
def test_add_refuses_a_bad_or_taken_key(db_engine: Engine, key: str, says: str) -> None:
    with transaction(db_engine) as s:
        store.add_entry(session=s, data=_own(key="taken"))
    with pytest.raises(ValidationError) as info, transaction(db_engine) as s:
        store.add_entry(session=s, data=_own(key=key))
    assert info.value.field == "key"
    assert says in info.value.message


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"name": "  "}, "name", "Name is required."),
        ({"name": "N" * 201}, "name", "201 characters long; the limit is 200"),
        ({"summary": ""}, "summary", "Summary is required."),
        ({"setup": "x" * 100_001}, "setup", "the limit is 100,000"),
        ({"addresses": ()}, "addresses", "Tick at least one cause it addresses."),
        ({"levels": ()}, "levels", "Tick at least one level."),
        ({"levels": (Level.team, Level.team)}, "levels", "lists team more than once"),
        ({"lead_time_days": 0}, "lead_time_days", "between 1 and 365, not 0"),
        ({"lead_time_days": 366}, "lead_time_days", "between 1 and 365, not 366"),
        ({"lead_time_days": True}, "lead_time_days", "whole number"),
        ({"kind": "e_learning"}, "kind", "“e_learning” is not one of performance_support"),
        ({"effort": "tiny"}, "effort", "“tiny” is not one of low | medium | high"),
        ({"addresses": ("skills",)}, "addresses", "“skills” is not one of information"),
        ({"addresses": "information"}, "addresses", "must be a list"),
        (
            {"does_not_address": (GilbertCell.information,)},
            "does_not_address",
            "information cannot be both addressed and not addressed",
        ),
        (
            {"kind": ScaffoldKind.formal_training, "addresses": (GilbertCell.information,)},
            "addresses",
            "Formal training addresses knowledge only (not information)",
        ),
    ],
)
def test_add_and_update_refuse_bad_fields_with_a_message(
    db_engine: Engine, changes: dict[str, object], field: str, says: str
) -> None:
    with transaction(db_engine) as s:
        store.add_entry(session=s, data=_own(key="good"))
    bad = _own(**changes)
    with pytest.raises(ValidationError) as added, transaction(db_engine) as s:
        store.add_entry(session=s, data=bad)
    with pytest.raises(ValidationError) as updated, transaction(db_engine) as s:
        store.update_entry(session=s, key="good", data=bad)
    for info in (added, updated):
        assert info.value.field == field
        assert says in info.value.message
    with transaction(db_engine) as s:
        assert _keys(store.list_library(session=s, include_retired=True)) == ["good"]
        assert store.get_entry(session=s, key="good").name == "Shift handover note"


def test_formal_training_that_addresses_knowledge_is_accepted(db_engine: Engine) -> None:
    training = _own(
        "Skills clinic", kind=ScaffoldKind.formal_training, addresses=(GilbertCell.knowledge,)
    )
    with transaction(db_engine) as s:
        assert store.add_entry(session=s, data=training).kind is ScaffoldKind.formal_training


def test_update_keeps_the_key_and_the_states(db_engine: Engine) -> None:
    with transaction(db_engine) as s:
        mine = store.add_entry(session=s, data=_own())
        store.retire_entry(session=s, key=mine.key)
        changed = store.update_entry(
            session=s,
            key=mine.key,
            data=dataclasses.replace(mine, key="", name="Renamed", builtin=True, retired=False),
        )
        assert store.edited_keys(session=s) == frozenset()  # only built-ins count as edited
    assert (changed.key, changed.name, changed.builtin, changed.retired) == (
        mine.key,
        "Renamed",
        False,
        True,
    )
    with pytest.raises(ValidationError, match="cannot change") as info, transaction(db_engine) as s:
        store.update_entry(session=s, key=mine.key, data=dataclasses.replace(mine, key="other"))
    assert info.value.field == "key"
    with pytest.raises(NotFoundError), transaction(db_engine) as s:
        store.update_entry(session=s, key="nothing-here", data=mine)
    with pytest.raises(NotFoundError), transaction(db_engine) as s:
        store.get_entry(session=s, key="nothing-here")


# --- Start-up: ensure_library --------------------------------------------------------------------


def _setting(db: Path) -> str | None:
    with closing(sqlite3.connect(db)) as con:
        row = con.execute(
            "SELECT value FROM app_setting WHERE key = ?", (store.LIBRARY_HASH_SETTING,)
        ).fetchone()
    return None if row is None else str(row[0])


def test_ensure_library_loads_once_per_version_of_the_file(
    db_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "scaffold.sqlite"
    path = write_library(tmp_path / "lib.toml", scaffold("decision-guide"))
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))

    first = store.ensure_library(db_engine)
    stored = _setting(db)
    second = store.ensure_library(db_engine)
    write_library(path, scaffold("decision-guide"), scaffold("team-huddle"))
    third = store.ensure_library(db_engine)

    assert first.added == ("decision-guide",)
    assert stored is not None
    assert second == store.SyncReport(skipped=True)
    assert third.added == ("team-huddle",)
    assert third.unchanged == 1
    assert _setting(db) not in {None, stored}


def test_ensure_library_writes_nothing_when_the_file_is_broken(
    db_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "scaffold.sqlite"
    path = write_library(tmp_path / "lib.toml", scaffold("decision-guide"))
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))
    store.ensure_library(db_engine)
    stored = _setting(db)
    write_library(path, scaffold("decision-guide"), scaffold("broken", lead_time_days=0))

    with pytest.raises(LibraryDataError, match=re.escape('scaffold #2 (key "broken")')):
        store.ensure_library(db_engine)

    assert _setting(db) == stored
    with transaction(db_engine) as s:
        assert _keys(store.list_library(session=s)) == ["decision-guide"]


# --- Start-up through app.storage and the command line ---------------------------------------


def test_opening_a_new_database_for_the_app_loads_the_shipped_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_LIBRARY_FILE, raising=False)
    db = tmp_path / "scaffold.sqlite"
    engine = open_engine(db)
    try:
        with transaction(engine) as s:
            listed = store.list_library(session=s)
        assert sorted(_keys(listed)) == sorted(_keys(load_builtin_library()))
        assert store.ensure_library(engine).skipped  # the same file: nothing to do
    finally:
        engine.dispose()
    open_engine(db).dispose()  # and again at the next start


def test_the_cli_reports_a_broken_library_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_library(
        tmp_path / "lib.toml", scaffold("decision-guide"), scaffold("broken", effort="huge")
    )
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))
    db = tmp_path / "scaffold.sqlite"

    code = cli_main(["list", "--db", str(db)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    prefix = "scaffold list: The built-in scaffold library cannot be loaded: "
    assert err.startswith(f'{prefix}{path}, scaffold #2 (key "broken"): $.scaffold[1].effort: ')
    assert "Traceback" not in err


def test_the_cli_reports_a_missing_library_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gone.toml"
    monkeypatch.setenv(ENV_LIBRARY_FILE, str(path))

    assert cli_main(["list", "--db", str(tmp_path / "scaffold.sqlite")]) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"scaffold list: The built-in scaffold library cannot be loaded: {path}")
    assert "cannot be read" in err


def test_a_database_locked_by_another_writer_is_a_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "scaffold.sqlite"
    open_database(db).dispose()
    monkeypatch.setattr("models.db.BUSY_TIMEOUT_MS", 50)
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError, match="could not be prepared"):
            open_engine(db)
        other.execute("ROLLBACK")
