"""Databases of many engagements for the benchmarks, built once and cached by schema revision.

The sample engagement (`app.demo`) is exported with the app's own exchange code and varied into
a few template documents, one per stage of an engagement's life (first request, diagnosed,
planned, agreed, in progress, closed), each with its own team, manager, request, goal and
private notes. The templates are imported through `app.exchange.importer`, so every rule of the
services holds for them. The other engagements are copies of the templates written straight
into the tables, following the models' foreign keys (so a table added to an engagement is
copied too): each copy gets a new uid, its own names, request, goal and notes, and all its dates
moved back by the same random number of days (up to a year), which spreads the list over
every check-in state. SQLite's triggers keep the full-text indexes in step.

Run: .venv/bin/python bench/dbgen.py COUNT [-o PATH]   (prints the cached file without -o)
"""

import argparse
import copy
import hashlib
import os
import random
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Any

import dbgen_copy
import dbgen_text as text

CACHE_ENV = "SCAFFOLD_BENCH_CACHE"
SEED = 20_260_101
# Stages of the templates, in turn: three drafts, one agreed, two in progress, two closed.
STAGES = (
    "request",
    "diagnosed",
    "planned",
    "agreed",
    "in_progress",
    "in_progress",
    "closed",
    "closed",
)
TEMPLATES = 24  # at most; a small database has one per stage, then copies


def template_count(count: int) -> int:
    """How many of `count` engagements are imported templates (the rest are copies)."""
    return min(count, max(len(STAGES), min(TEMPLATES, count // 100)))


Json = dict[str, Any]

# Lists an engagement has at each stage; the others are emptied (None: keep every list).
_LISTS_KEPT: dict[str, set[str] | None] = {
    "request": {"status_history", "private_notes"},
    "diagnosed": {"status_history", "private_notes", "measures", "behaviours", "team_members"},
    "planned": None,
    "agreed": None,
    "in_progress": None,
    "closed": None,
}
# Lists emptied at later stages, by the start of their name (check-ins and their history…).
_LISTS_DROPPED: dict[str, tuple[str, ...]] = {
    "planned": ("agreement_versions", "checkin", "learning"),
    "agreed": ("checkin", "learning"),
}


def cache_dir() -> Path:
    """Where generated databases are kept between runs ($SCAFFOLD_BENCH_CACHE or the tmp dir)."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / "scaffold-bench"


def cache_key(count: int) -> str:
    """The cached file's name: the size, the schema revision and this generator's own text."""
    from models.schema_version import HEAD_REVISION

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("dbgen.py", "dbgen_copy.py", "dbgen_text.py"):
        digest.update((here / name).read_bytes())
    return f"engagements-{count}-schema-{HEAD_REVISION}-{digest.hexdigest()[:12]}.sqlite"


def cached_database(count: int, folder: Path | None = None) -> Path:
    """A database of `count` engagements, generated on the first call and kept in `folder`.

    `folder` defaults to `cache_dir()`. Callers that open the file with the app copy it first:
    opening may write to it.
    """
    target = (folder or cache_dir()) / cache_key(count)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        build_database(partial, count)
        partial.replace(target)  # whole or not at all, even with two runs at once
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    for stale in target.parent.glob(f"engagements-{count}-schema-*.sqlite"):
        if stale != target:  # an older schema or generator: never read again
            stale.unlink(missing_ok=True)
    return target


def build_database(path: Path, count: int, seed: int = SEED) -> None:
    """Write a new database of `count` engagements at `path` (which must not exist)."""
    from app.exchange.document import dumps
    from app.exchange.importer import import_document
    from models.db import open_database, transaction

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        sample = demo_document(Path(folder) / "demo.sqlite")
    templates = [vary(sample, rng, STAGES[i % len(STAGES)]) for i in range(template_count(count))]
    bundle = {"format": "scaffold.bundle", "format_version": 1, "engagements": templates}
    engine = open_database(path)
    try:
        with transaction(engine) as session:
            template_ids = import_document(session, dumps(bundle))
    finally:
        engine.dispose()
    if count > len(template_ids):
        con = sqlite3.connect(path, isolation_level=None)
        try:
            dbgen_copy.copy_engagements(con, template_ids, count - len(template_ids), rng)
        finally:
            con.close()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def demo_document(path: Path) -> Json:
    """The sample engagement, private notes included, as an exchange-file engagement."""
    from app.demo import load_demo
    from app.exchange.document import export_engagement
    from models.db import open_database, transaction

    engine = open_database(path)
    try:
        with transaction(engine) as session:
            eid = load_demo(session=session).id
            assert eid is not None
            doc = export_engagement(session, eid, include_private=True)
    finally:
        engine.dispose()
    engagement: Json = doc["engagement"]
    return engagement


def vary(sample: Json, rng: random.Random, stage: str) -> Json:
    """A new engagement like `sample`, at `stage`, with its own people and texts."""
    e = copy.deepcopy(sample)
    manager = text.person(rng)
    size = rng.randint(4, 40)
    e.update(
        uid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        team_name=text.team_name(rng),
        manager_name=manager,
        organisation=rng.choice(text.ORGANISATIONS),
        business_unit=rng.choice(text.BUSINESS_UNITS),
        partner_name=rng.choice(text.PARTNERS),
        team_size=size,
        team_context=text.team_context(rng, size),
        request_verbatim=text.request(rng),
        business_goal=text.goal(rng, may_be_empty=stage == "request"),
    )
    e["private_notes"] = [
        {"text": text.note(rng, manager), "created_at": e["created_at"], "updated_at": stamp}
        for stamp in [e["updated_at"]] * rng.randint(0, 3)
    ]
    _set_stage(e, stage)
    return e


def _set_stage(e: Json, stage: str) -> None:
    """Cut the sample's lists and history back to what an engagement at `stage` holds."""
    kept, dropped = _LISTS_KEPT[stage], _LISTS_DROPPED.get(stage, ())
    for key, value in e.items():
        if isinstance(value, list) and (
            key.startswith(dropped) or (kept is not None and key not in kept)
        ):
            e[key] = []
    history = e["status_history"]
    if stage in ("request", "diagnosed", "planned"):
        e.update(status="draft", agreement_version=1, status_history=history[:1])
    elif stage == "agreed":
        upto = next(i for i, h in enumerate(history) if h["to_status"] == "agreed")
        e.update(status="agreed", status_history=history[: upto + 1])
    elif stage == "closed":
        last = history[-1]["to_status"]
        history.append({"from_status": last, "to_status": "closed", "changed_at": e["updated_at"]})
        e["status"] = "closed"
    if stage in ("planned", "agreed"):
        for scaffold in e["scaffolds"]:
            scaffold["status"] = "planned"


def main() -> None:
    """Build (or find in the cache) a database of COUNT engagements and print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--output", type=Path, help="write here instead of the cache")
    args = parser.parse_args()
    if args.output is None:
        print(cached_database(args.count))
    else:
        build_database(args.output, args.count)
        print(args.output)


if __name__ == "__main__":
    main()
