"""A quick look at the database file before Scaffold opens it, and the ways out when it is bad.

`check_database_file` says whether the file opens as it is (missing, ok, encrypted) or what is
wrong with it (empty, damaged, not a database, another program's database, from a newer
Scaffold, unreadable), in words for a person, with the newest backup that would restore. It
reads with a read-only plain sqlite3 connection and never changes the file.

The check is SQLite's `quick_check` (every page of every table and index, without comparing
index entries to rows): about 1 to 3 ms per megabyte once the file is in the disk cache. Files
above `FULL_CHECK_MAX_BYTES` check only the tables the window reads first, so a very large
file still opens at once; a damaged page elsewhere is then reported when it is read.

A bad file is never written to: `set_damaged_aside` renames it (with its -wal, -shm and
-journal files) to a new name beside it, e.g. `scaffold.damaged-20261128T201500.sqlite`, and
never over an existing file. `recover_from_backup` and `start_new_database` set it aside first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.file_checks import HealthKind, inspect, keyinfo_path

if TYPE_CHECKING:
    from app.backup_files import BackupInfo

OPENS: frozenset[HealthKind] = frozenset({"missing", "ok", "encrypted"})
"""Kinds the normal start opens (a missing file becomes a new database)."""
SET_ASIDE_KINDS: frozenset[HealthKind] = frozenset({"empty", "damaged", "not_database", "foreign"})
"""Kinds whose file may be set aside for a restored or a new database."""

FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024
SET_ASIDE_LABEL = "damaged"
STAMP_FORMAT = "%Y%m%dT%H%M%S"  # as the backups' names
COMPANIONS = ("-wal", "-shm", "-journal")

EncryptionTest = Callable[[Path], bool]


class FileHealthError(Exception):
    """A bad file that could not be set aside or replaced; the message says why, for a person."""


@dataclass(frozen=True)
class FileHealth:
    """What `check_database_file` found, and the newest backup that passed the same check."""

    path: Path
    kind: HealthKind
    reason: str
    revision: str | None = None
    backup: BackupInfo | None = None
    skipped_backups: tuple[Path, ...] = ()
    fully_checked: bool = True

    @property
    def opens(self) -> bool:
        """Whether the normal start can open the file as it is."""
        return self.kind in OPENS

    @property
    def can_set_aside(self) -> bool:
        """Whether a restored or a new database may take the file's place (it is kept aside)."""
        return self.kind in SET_ASIDE_KINDS


def _has_keyinfo(path: Path) -> bool:
    return keyinfo_path(path).exists()


def check_database_file(
    path: Path,
    *,
    is_encrypted: EncryptionTest | None = None,
    find_backup: bool = True,
    full_check_max_bytes: int = FULL_CHECK_MAX_BYTES,
) -> FileHealth:
    """Look at the database file at `path` without changing it; what it is and why.

    An encrypted file (`is_encrypted`, by default: its `.keyinfo` sidecar exists) is not read.
    A file larger than `full_check_max_bytes` has only its first-read tables checked. For a
    file that may be set aside, `find_backup` looks for the newest backup in `backups/` that
    passes the full check, newest first, listing the ones that failed it.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return FileHealth(path, "missing", "There is no file yet: Scaffold starts a new one.")
    if (is_encrypted or _has_keyinfo)(path):
        return FileHealth(
            path,
            "encrypted",
            "The file is encrypted: Scaffold opens it with its key or passphrase.",
        )
    try:
        size = path.stat().st_size
    except OSError:  # inspect() says why, in words
        size = 0
    verdict = inspect(path, full=size <= full_check_max_bytes)
    health = FileHealth(
        path, verdict.kind, verdict.reason, verdict.revision, fully_checked=verdict.fully_checked
    )
    if find_backup and health.can_set_aside:
        backup, skipped = latest_usable_backup(path)
        health = replace(health, backup=backup, skipped_backups=skipped)
    return health


def latest_usable_backup(path: Path) -> tuple[BackupInfo | None, tuple[Path, ...]]:
    """The newest backup of `path` that would restore, and the newer ones that would not."""
    from app.backup_files import scan  # the backups' code loads only when a file is bad

    skipped: list[Path] = []
    for info in scan(Path(path)):
        verdict = inspect(info.path, full=True)
        if verdict.kind == "ok" and verdict.revision is not None:
            return info, tuple(skipped)
        skipped.append(info.path)
    return None, tuple(skipped)


# The ways out ---------------------------------------------------------------------------------


def set_aside_name(path: Path, when: datetime, counter: int = 1) -> Path:
    """`scaffold.damaged-20261128T201500.sqlite` beside `path` (`-2`, `-3`… for a repeat)."""
    extra = "" if counter == 1 else f"-{counter}"
    return path.with_name(
        f"{path.stem}.{SET_ASIDE_LABEL}-{when.strftime(STAMP_FORMAT)}{extra}{path.suffix}"
    )


def _free_set_aside_name(path: Path, when: datetime) -> Path:
    counter = 1
    while True:
        target = set_aside_name(path, when, counter)
        names = [target] + [target.with_name(target.name + extra) for extra in COMPANIONS]
        if not any(name.exists() or name.is_symlink() for name in names):
            return target
        counter += 1


def _move_without_replacing(source: Path, target: Path) -> None:
    """Rename `source` to `target`, refusing (FileExistsError) if `target` exists."""
    try:
        target.hardlink_to(source)  # fails if the name is taken: nothing is ever replaced
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists() or target.is_symlink():
            raise FileExistsError(target) from None
        source.rename(target)  # on Windows this refuses an existing name too
        return
    source.unlink()


def set_damaged_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename the file at `path` and its -wal, -shm, -journal files to a new name beside it.

    The bytes are not touched and no existing file is replaced. Returns the new name of the
    database file. Raises `FileHealthError`, with everything left as it was.
    """
    path = Path(path)
    if not path.is_file():
        raise FileHealthError(f"There is no file at {path} to set aside.")
    moved: list[tuple[Path, Path]] = []
    try:
        target = _free_set_aside_name(path, now or datetime.now())
        for extra in ("", *COMPANIONS):
            source = path.with_name(path.name + extra)
            if extra == "" or source.exists():
                _move_without_replacing(source, target.with_name(target.name + extra))
                moved.append((source, target.with_name(target.name + extra)))
    except OSError as exc:
        for source, done in reversed(moved):
            _move_without_replacing(done, source)
        raise FileHealthError(
            f"{path} could not be renamed to keep it aside ({exc.strerror or exc}); it was left "
            "as it was."
        ) from exc
    return target


def _put_back(kept: Path, path: Path) -> None:
    for extra in ("", *COMPANIONS):
        companion = kept.with_name(kept.name + extra)
        if companion.exists():
            _move_without_replacing(companion, path.with_name(path.name + extra))


def _refuse_healthy(path: Path, is_encrypted: EncryptionTest | None) -> None:
    health = check_database_file(path, is_encrypted=is_encrypted, find_backup=False)
    if health.can_set_aside:
        return
    if health.kind == "missing":
        raise FileHealthError(f"There is no file at {path} to set aside.")
    if health.kind == "ok":
        raise FileHealthError(
            f"{path} is in good order, so it was not set aside. To start afresh, use another "
            "file (--db NEW_FILE)."
        )
    raise FileHealthError(f"{path} was not set aside: {health.reason} Nothing was moved.")


def recover_from_backup(
    path: Path, backup: Path | BackupInfo, *, is_encrypted: EncryptionTest | None = None
) -> Path:
    """Set the bad file at `path` aside, then restore `backup` to `path`; the kept file.

    The backup is checked before anything moves; if the restore fails, the bad file is put
    back. Raises `FileHealthError` or `BackupError` (a `StorageError`), changing nothing.
    """
    from app.backup_files import BackupError, BackupInfo
    from app.backup_restore import restore_backup

    path = Path(path)
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    verdict = inspect(source, full=True)
    if verdict.kind != "ok" or verdict.revision is None:
        raise BackupError(f"{source} cannot be restored: {verdict.reason} Nothing was changed.")
    _refuse_healthy(path, is_encrypted)
    kept = set_damaged_aside(path)
    try:
        restore_backup(path, source)
    except BaseException:
        for extra in ("", *COMPANIONS):  # a half-made new file, if any, goes before the bad one
            path.with_name(path.name + extra).unlink(missing_ok=True)
        _put_back(kept, path)
        raise
    return kept


def start_new_database(path: Path, *, is_encrypted: EncryptionTest | None = None) -> Path:
    """Set the bad file at `path` aside so the next opening creates a new one; the kept file."""
    _refuse_healthy(Path(path), is_encrypted)
    return set_damaged_aside(Path(path))


__all__ = [
    "FULL_CHECK_MAX_BYTES",
    "EncryptionTest",
    "FileHealth",
    "FileHealthError",
    "HealthKind",
    "check_database_file",
    "keyinfo_path",
    "latest_usable_backup",
    "recover_from_backup",
    "set_aside_name",
    "set_damaged_aside",
    "start_new_database",
]
