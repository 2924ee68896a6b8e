"""The scaffold library in the database: loading the built-ins, the partner's edits and additions.

Services take a keyword-only session; the caller owns the transaction. Bad input raises
`ValidationError(field, message)`; an unknown key raises `NotFoundError`.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.library.checks import check_key, clean_entry, content_hash, slug, unused_key
from app.library.data import load_builtin_library, parse_library, read_library_source
from app.library.entry import Effort, LibraryEntry
from app.library.errors import LibraryDataError
from app.validation import NotFoundError, ValidationError, clean_name
from models.base import utcnow
from models.db import transaction
from models.engagement import AppSetting
from models.enums import GilbertCell, Level, NewSkill, ScaffoldKind
from models.library import LibraryScaffold

# app_setting key holding the hash of the library file last loaded (migration 0003 knows it).
LIBRARY_HASH_SETTING = "library.file_hash"
# Part of that hash: a change in how the file is read loads it again even if it is unchanged.
_SYNC_FORMAT = "1"

_KIND_ORDER = {kind: position for position, kind in enumerate(ScaffoldKind)}


@dataclass(frozen=True)
class SyncReport:
    """What loading the built-in scaffolds did, key by key."""

    added: tuple[str, ...] = ()  # new built-ins
    refreshed: tuple[str, ...] = ()  # built-ins the partner never edited, given the new text
    kept_edited: tuple[str, ...] = ()  # edited by the partner; the newer shipped text not applied
    missing: tuple[str, ...] = ()  # built-ins no longer in the file, left as they are
    conflicts: tuple[str, ...] = ()  # keys the partner's own scaffolds use; those built-ins skipped
    unchanged: int = 0
    skipped: bool = False  # the file was unchanged since the last load: nothing was read

    @property
    def changed(self) -> bool:
        """Whether the library in the database changed."""
        return bool(self.added or self.refreshed)


# --- Rows and entries --------------------------------------------------------------------------


def _values(text: str) -> list[str]:
    values: list[str] = json.loads(text)
    return values


def _to_entry(row: LibraryScaffold) -> LibraryEntry:
    return LibraryEntry(
        key=row.key,
        name=row.name,
        kind=row.kind,
        summary=row.summary,
        setup=row.setup,
        addresses=tuple(GilbertCell(v) for v in _values(row.addresses)),
        does_not_address=tuple(GilbertCell(v) for v in _values(row.does_not_address)),
        levels=tuple(Level(v) for v in _values(row.levels)),
        owner_role=row.owner_role,
        effort=Effort(row.effort),
        lead_time_days=row.lead_time_days,
        step_back=row.step_back,
        signal=row.signal,
        reference=row.reference,
        new_skills=tuple(NewSkill(v) for v in _values(row.new_skills)),
        builtin=row.builtin,
        retired=row.retired,
    )


def _write(row: LibraryScaffold, entry: LibraryEntry) -> None:
    """Copy an entry's content (not its key, built-in or retired state) into a row."""
    row.name = entry.name
    row.kind = entry.kind
    row.summary = entry.summary
    row.setup = entry.setup
    row.addresses = json.dumps([v.value for v in entry.addresses])
    row.does_not_address = json.dumps([v.value for v in entry.does_not_address])
    row.levels = json.dumps([v.value for v in entry.levels])
    row.new_skills = json.dumps([v.value for v in entry.new_skills])
    row.owner_role = entry.owner_role
    row.effort = entry.effort.value
    row.lead_time_days = entry.lead_time_days
    row.step_back = entry.step_back
    row.signal = entry.signal
    row.reference = entry.reference
    row.updated_at = utcnow()


def _new_row(entry: LibraryEntry, *, builtin_hash: str | None) -> LibraryScaffold:
    row = LibraryScaffold(
        key=entry.key,
        name=entry.name,
        kind=entry.kind,
        owner_role=entry.owner_role,
        effort=entry.effort.value,
        lead_time_days=entry.lead_time_days,
        builtin=builtin_hash is not None,
        builtin_hash=builtin_hash,
    )
    _write(row, entry)
    return row


def _row(session: Session, key: str) -> LibraryScaffold:
    row = session.exec(select(LibraryScaffold).where(col(LibraryScaffold.key) == key)).first()
    if row is None:
        raise NotFoundError(f"No scaffold with the key “{key}” in the library.")
    return row


def _keys(session: Session) -> list[str]:
    return list(session.exec(select(LibraryScaffold.key)))


# --- Built-ins ---------------------------------------------------------------------------------


def _clean_builtin(entry: LibraryEntry) -> LibraryEntry:
    try:
        return clean_entry(entry, key=check_key(entry.key))
    except ValidationError as exc:
        raise ValidationError(exc.field, f"Built-in “{entry.key}”: {exc.message}") from exc


def sync_builtins(*, session: Session, entries: Sequence[LibraryEntry]) -> SyncReport:
    """Bring the built-in scaffolds in the database in line with `entries` (the shipped file).

    Adds new built-ins; gives built-ins the partner never edited their new text; never touches
    one the partner edited, nor the partner's own scaffolds (a shipped key one of them already
    uses is skipped and reported); never deletes (a built-in gone from the file stays as it is).
    Retired built-ins stay retired.
    """
    rows = {row.key: row for row in session.exec(select(LibraryScaffold))}
    added: list[str] = []
    refreshed: list[str] = []
    kept: list[str] = []
    conflicts: list[str] = []
    unchanged = 0
    seen: set[str] = set()
    for raw in entries:
        entry = _clean_builtin(raw)
        if entry.key in seen:
            raise ValidationError("key", f"Built-in “{entry.key}” is listed twice.")
        seen.add(entry.key)
        shipped = content_hash(entry)
        row = rows.get(entry.key)
        if row is None:
            session.add(_new_row(entry, builtin_hash=shipped))
            added.append(entry.key)
        elif not row.builtin:
            conflicts.append(entry.key)
        elif row.builtin_hash == shipped:
            unchanged += 1
        elif row.user_edited:
            kept.append(entry.key)
        else:
            _write(row, entry)
            row.builtin_hash = shipped
            session.add(row)
            refreshed.append(entry.key)
    session.flush()
    missing = sorted(key for key, row in rows.items() if row.builtin and key not in seen)
    return SyncReport(
        added=tuple(added),
        refreshed=tuple(refreshed),
        kept_edited=tuple(kept),
        missing=tuple(missing),
        conflicts=tuple(conflicts),
        unchanged=unchanged,
    )


def ensure_library(engine: Engine) -> SyncReport:
    """Load the built-in library file into the database if it changed since the last time.

    Cheap when nothing changed: the file is read and hashed, and that hash compared with the one
    stored in app_setting; only a different hash parses the file and syncs (one transaction).
    Raises `LibraryDataError` when the file is missing or broken (nothing is written then).
    """
    source = read_library_source()
    digest = f"{_SYNC_FORMAT}:{source.digest}"
    with transaction(engine) as session:
        setting = session.get(AppSetting, LIBRARY_HASH_SETTING)
        if setting is not None and setting.value == digest:
            return SyncReport(skipped=True)
        entries = parse_library(source)
        try:
            report = sync_builtins(session=session, entries=entries)
        except ValidationError as exc:  # the schema lets through what the services refuse
            raise LibraryDataError(source.name, f"{exc.field}: {exc.message}") from exc
        if setting is None:
            setting = AppSetting(key=LIBRARY_HASH_SETTING)
        setting.value = digest
        session.add(setting)
    return report


def reset_to_builtin(
    *, session: Session, key: str, entries: Sequence[LibraryEntry] | None = None
) -> LibraryEntry:
    """Drop the partner's edit of a built-in: back to the shipped text (retired state kept).

    `entries` is the shipped library; by default the built-in file is read.
    """
    row = _row(session, key)
    if not row.builtin:
        raise ValidationError(
            "key", f"“{row.name}” is your own scaffold; there is no shipped text to go back to."
        )
    shipped = {
        entry.key: entry for entry in (load_builtin_library() if entries is None else entries)
    }
    if key not in shipped:
        raise ValidationError(
            "key", f"“{row.name}” is no longer shipped with Scaffold; its text cannot be reset."
        )
    entry = _clean_builtin(shipped[key])
    _write(row, entry)
    row.builtin_hash = content_hash(entry)
    row.user_edited = False
    session.add(row)
    session.flush()
    return _to_entry(row)


# --- The partner's library ---------------------------------------------------------------------


def list_library(*, session: Session, include_retired: bool = False) -> list[LibraryEntry]:
    """The library ordered by kind (environment fixes first, formal training last), then name."""
    query = select(LibraryScaffold)
    if not include_retired:
        query = query.where(col(LibraryScaffold.retired).is_(False))
    rows = sorted(
        session.exec(query), key=lambda r: (_KIND_ORDER[r.kind], r.name.casefold(), r.key)
    )
    return [_to_entry(row) for row in rows]


def get_entry(*, session: Session, key: str) -> LibraryEntry:
    """The scaffold with this key (retired or not), or `NotFoundError`."""
    return _to_entry(_row(session, key))


def edited_keys(*, session: Session) -> frozenset[str]:
    """Keys of the built-ins the partner edited (those `reset_to_builtin` can restore)."""
    query = select(LibraryScaffold.key).where(
        col(LibraryScaffold.builtin).is_(True), col(LibraryScaffold.user_edited).is_(True)
    )
    return frozenset(session.exec(query))


def add_entry(*, session: Session, data: LibraryEntry) -> LibraryEntry:
    """Add the partner's own scaffold (never built-in, never retired at first).

    An empty key is derived from the name ("Peer review" → "peer-review", "-2" if taken); a key
    typed by the partner must be free.
    """
    taken = _keys(session)
    if data.key.strip():
        key = check_key(data.key)
        if key in taken:
            raise ValidationError("key", f"The key “{key}” is already used by another scaffold.")
    else:
        key = unused_key(slug(clean_name(data.name, "name", "Name")), taken)
    entry = clean_entry(data, key=key)
    row = _new_row(entry, builtin_hash=None)
    session.add(row)
    session.flush()
    return _to_entry(row)


def update_entry(*, session: Session, key: str, data: LibraryEntry) -> LibraryEntry:
    """Give a scaffold new content; the key, built-in and retired states stay as they are.

    Editing a built-in marks it edited, so later library updates leave it alone (an edit that
    brings back exactly the shipped text clears the mark).
    """
    row = _row(session, key)
    if data.key.strip() and data.key.strip() != key:
        raise ValidationError(
            "key", "A scaffold's key cannot change: chosen scaffolds refer to it."
        )
    entry = clean_entry(data, key=key)
    if content_hash(entry) == content_hash(_to_entry(row)):
        return _to_entry(row)
    _write(row, entry)
    if row.builtin:
        row.user_edited = content_hash(entry) != row.builtin_hash
    session.add(row)
    session.flush()
    return _to_entry(row)


def retire_entry(*, session: Session, key: str, retired: bool = True) -> LibraryEntry:
    """Retire a scaffold (kept for history, no longer offered), or bring it back."""
    row = _row(session, key)
    if row.retired != retired:
        row.retired = retired
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
    return _to_entry(row)


__all__ = [
    "LIBRARY_HASH_SETTING",
    "LibraryDataError",
    "SyncReport",
    "add_entry",
    "edited_keys",
    "ensure_library",
    "get_entry",
    "list_library",
    "reset_to_builtin",
    "retire_entry",
    "sync_builtins",
    "update_entry",
]
