"""Fuzzing the exchange file: whatever the bytes, a clean import or one `ExchangeError`.

Three sources of files: random JSON of any shape, real exports (the demo, the full hand-built
engagement and random ones made through the services) with one to three hostile changes, and
random bytes. Each goes into a real SQLite file that already holds engagements. The import
either succeeds, and then export → re-import → export gives the same text, or raises
`ExchangeError` with one short, printable line that says where (a JSON path, a line and
column, or the whole file) and what, and every table is row for row as before. Any other
exception is a bug. The examples are derandomised, so every run tries the same files.
"""

import copy
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from exchange_bytes import random_bytes
from exchange_mutations import EXISTING_UID, mutated_documents, random_documents
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from strategies import EngagementPlan, apply_plan, build_full_engagement, engagement_plans, snapshot

from app.demo import load_demo
from app.exchange import ExchangeError
from app.exchange.document import dumps, export_bundle, export_engagement
from app.exchange.importer import import_document
from app.services import engagements
from app.services.engagements import EngagementDetails
from models.db import open_database, transaction

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# Where a message may say the problem is: a JSON path, a line and column, or the whole file.
WHERE = re.compile(
    r"^(engagements?|the document)[.\[:]"
    r"|line \d+, column \d+"
    r"|^(The file |This is not a Scaffold exchange file|This file was written by a newer|"
    r"format_version )"
)
MAX_MESSAGE_CHARS = 400


@dataclass(frozen=True)
class Databases:
    """Template database files, copied for each example."""

    occupied: Path  # holds engagements already, so "nothing changed" means something
    empty: Path
    folder: Path


def _generated_plans(count: int) -> list[EngagementPlan]:
    """A fixed handful of random engagement plans (the same on every run)."""
    plans: list[EngagementPlan] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None)
    @given(engagement_plans())
    def collect(plan: EngagementPlan) -> None:
        plans.append(plan)

    collect()
    return plans[-count:]


def build_seeds(folder: Path) -> dict[str, dict]:
    """Real exports to mutate: the full engagement, the demo, random ones, and a bundle."""
    engine = open_database(folder / "source.sqlite")
    try:
        with transaction(engine) as session:
            ids = [build_full_engagement(session)]
            ids.append(load_demo(session=session, today=date(2025, 4, 1)).id or 0)
            ids += [apply_plan(session, plan) for plan in _generated_plans(4)]
        out: dict[str, dict] = {}
        with transaction(engine) as session:
            out["full"] = export_engagement(session, ids[0], include_private=True)
            out["full-plain"] = export_engagement(session, ids[0])
            out["demo"] = export_engagement(session, ids[1], include_private=True)
            for n, eid in enumerate(ids[2:]):
                out[f"random{n}"] = export_engagement(session, eid, include_private=True)
            out["bundle"] = export_bundle(session, ids[:3], include_private=True)
        return out
    finally:
        engine.dispose()


def build_databases(folder: Path) -> Databases:
    """The template files: one already holding two engagements, one empty."""
    occupied, empty = folder / "occupied.sqlite", folder / "empty.sqlite"
    engine = open_database(occupied)
    with transaction(engine) as session:
        build_full_engagement(session, team="Already here")
        e = engagements.create_engagement(
            session=session, data=EngagementDetails("Ops", "Kim", team_context="Second one")
        )
        EXISTING_UID[0] = e.uid
    engine.dispose()
    open_database(empty).dispose()
    return Databases(occupied, empty, folder)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Databases:
    return build_databases(tmp_path_factory.mktemp("fuzz"))


def _copy(template: Path, folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copyfile(template, path)
    return path


def _export(path: Path, ids: list[int]) -> str:
    engine = open_database(path)
    try:
        with transaction(engine) as session:
            if len(ids) == 1:
                return dumps(export_engagement(session, ids[0], include_private=True))
            return dumps(export_bundle(session, ids, include_private=True))
    finally:
        engine.dispose()


def _import(path: Path, data: bytes | str) -> list[int]:
    engine = open_database(path)
    try:
        with transaction(engine) as session:
            return import_document(session, data)
    finally:
        engine.dispose()


def check_message(message: str) -> None:
    """One short printable line that says where and what."""
    assert message.strip(), "an empty message"
    assert "\n" not in message and "\r" not in message, message
    assert len(message) <= MAX_MESSAGE_CHARS, message[:MAX_MESSAGE_CHARS] + "…"
    message.encode("utf-8")  # printable: no lone surrogate
    assert WHERE.search(message), f"does not say where: {message}"


_STAGES = (
    ("bytes", ("The file is not UTF-8", "The file is empty", "bytes; an exchange file")),
    ("JSON syntax", ("not valid JSON", "looks truncated", "appears twice", "nested too deeply")),
    ("format", ("not a Scaffold exchange file", "format_version", "newer Scaffold")),
    ("values", ("lone surrogate", "too large", "outside the years 1900–2200")),
    ("uid", ("already holds the engagement", "holds engagement")),
    ("refs", ("is not the ref", "already the ref", "no check-in number", "cannot point")),
    ("consistency", ("numbered 1, 2, 3", "the version being edited", "signed version(s)")),
    ("consistency", ("the status history ends", "is rated twice")),
    ("schema", ("is missing.", "unknown field", "is not one of", "must be ", "is not valid here")),
)


def _stage(message: str) -> str:
    """Which check refused the file (roughly, from its message)."""
    for stage, marks in _STAGES:
        if any(mark in message for mark in marks):
            return stage
    return "a service's rule"


def _count(outcome: str) -> None:
    """How often each outcome happens, in --hypothesis-show-statistics."""
    if currently_in_test_context():
        event(outcome)


def import_or_refuse(dbs: Databases, data: bytes) -> bool:
    """The property: a clean, round-tripping import, or a clear refusal that wrote nothing.

    True when the file was imported.
    """
    with tempfile.TemporaryDirectory(dir=dbs.folder) as scratch:
        folder = Path(scratch)
        target = _copy(dbs.occupied, folder, "target.sqlite")
        before = snapshot(target)
        try:
            new_ids = _import(target, data)
        except ExchangeError as exc:
            check_message(exc.message)
            assert snapshot(target) == before, "a refused import changed the database"
            _count(f"refused: {_stage(exc.message)}")
            return False
        _count("imported")
        assert new_ids
        first = _export(target, new_ids)
        again = _copy(dbs.empty, folder, "again.sqlite")
        second_ids = _import(again, first)
        assert _export(again, second_ids) == first
        return True


@FUZZ
@given(data=random_documents())
def test_random_json_is_refused_cleanly(databases: Databases, data: bytes) -> None:
    import_or_refuse(databases, data)


@FUZZ
@given(data=st.data())
def test_mutated_exports_import_cleanly_or_are_refused_cleanly(
    databases: Databases, seeds: dict[str, dict], data: st.DataObject
) -> None:
    import_or_refuse(databases, data.draw(mutated_documents(seeds)))


@FUZZ
@given(data=st.data())
def test_subtly_changed_exports_import_cleanly_or_are_refused_cleanly(
    databases: Databases, seeds: dict[str, dict], data: st.DataObject
) -> None:
    import_or_refuse(databases, data.draw(mutated_documents(seeds, subtle=True)))


@FUZZ
@given(data=random_bytes())
def test_random_bytes_are_refused_cleanly(databases: Databases, data: bytes) -> None:
    import_or_refuse(databases, data)


def test_every_seed_imports_unchanged(databases: Databases, seeds: dict[str, dict]) -> None:
    """The mutations start from files that import: a refusal above is the mutation's doing."""
    for name, doc in seeds.items():
        assert import_or_refuse(databases, dumps(doc).encode("utf-8")), name


# --- what fuzzing found, pinned ----------------------------------------------------------------


def _spoiled(seeds: dict[str, dict], spoil: Callable[[dict], object]) -> bytes:
    doc = copy.deepcopy(seeds["full"])
    spoil(doc["engagement"])
    return json.dumps(doc).encode("ascii")  # a lone surrogate as an escape: valid JSON


FOUND = {
    # json.loads raised ValueError: Python converts at most 4,300 digits.
    "5,000-digit number": (
        lambda e: e.update(team_size=8),
        ('team_size": 8', 'team_size": ' + "1" * 5000),
        "engagement.team_size: the whole number of 5,000 digits is too large.",
    ),
    # JSON Schema counts 0.0 as an integer; the history's index then failed with TypeError.
    "index 0.0": (
        lambda e: e["checkin_history"][0].update(checkin=0.0),
        None,
        "engagement.checkin_history[0].checkin: must be a whole number or null, not a number.",
    ),
    "size 1e300": (
        lambda e: e.update(team_size=1e300),
        None,
        "engagement.team_size: must be a whole number or null, not a number.",
    ),
    # The message quoted the key raw: a lone surrogate could not be printed, a line break
    # broke the one line.
    "surrogate key": (
        lambda e: e.update({"\ud800": 1}),
        None,
        "engagement: unknown field “\\ud800” (format 1 has no such field).",
    ),
    "line break in a key": (
        lambda e: e.update({"a\nb": 1}),
        None,
        "engagement: unknown field “a\\nb” (format 1 has no such field).",
    ),
    # Python's `$` also matches before a final line break: "m2\n" passed as a ref.
    "ref with a line break": (
        lambda e: e["measures"][1].update(ref="m2\n"),
        None,
        'engagement.measures[1].ref: "m2\\n" is not valid here: Local reference of a measure: '
        "m1, m2… in list order.",
    ),
    # Imported, then the progress page failed to show a time in year 1 in local time.
    "moment in year 1": (
        lambda e: e["checkin_history"][0].update(changed_at="0001-01-01T00:00:00.000000Z"),
        None,
        'engagement.checkin_history[0].changed_at: the moment "0001-01-01T00:00:00.000000Z" '
        "is outside the years 1900–2200.",
    ),
    "a megabyte-long ref": (
        lambda e: e["network_ties"][0].update({"from": "p" + "1" * 1_000_000}),
        None,
        f"engagement.network_ties[0].from: “p{'1' * 38}…” is not "
        "the ref of any team member in this engagement.",
    ),
    # Every schema error of 200,000 bad items was listed before one was chosen: minutes.
    "200,000 bad items": (
        lambda e: (e.pop("uid"), e.update(measures=[1] * 200_000)),
        None,
        "engagement: the field “uid” is missing.",
    ),
}


@pytest.mark.parametrize("case", FOUND)
def test_what_fuzzing_found_is_refused_cleanly(
    databases: Databases, seeds: dict[str, dict], case: str
) -> None:
    spoil, replace, expected = FOUND[case]
    data = _spoiled(seeds, spoil)
    if replace is not None:
        data = data.replace(replace[0].encode(), replace[1].encode())
    with tempfile.TemporaryDirectory(dir=databases.folder) as scratch:
        target = _copy(databases.occupied, Path(scratch), "target.sqlite")
        before = snapshot(target)
        with pytest.raises(ExchangeError) as caught:
            _import(target, data)
        assert snapshot(target) == before
    assert caught.value.message == expected
    check_message(caught.value.message)


def test_an_empty_bundle_is_refused(databases: Databases) -> None:
    empty = b'{"format": "scaffold.bundle", "format_version": 1, "engagements": []}'
    with pytest.raises(ExchangeError) as caught:
        import_or_refuse_strictly(databases, empty)
    assert caught.value.message == (
        "engagements: the bundle holds no engagement, so there is nothing to import."
    )


def import_or_refuse_strictly(dbs: Databases, data: bytes) -> list[int]:
    with tempfile.TemporaryDirectory(dir=dbs.folder) as scratch:
        return _import(_copy(dbs.occupied, Path(scratch), "target.sqlite"), data)
