"""The files behind backups: names, the owner-only folder, and consistent copies of a database.

A backup is named like the copies `models.migrate` makes before an upgrade, in the same
`backups/` folder beside the database: `scaffold.<label>-<YYYYMMDDTHHMMSS>[-<n>].sqlite`.
Every copy is made with SQLite's online backup API (a consistent snapshot even while the app
writes), under a temporary `.partial` name first, and created readable by its owner only.
The copy of an encrypted database is encrypted with the same key (see app.encryption).
"""

import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from app.encryption_keyinfo import keyinfo_path, write_keyinfo
from app.encryption_session import encryption_info, key_for
from models.cipher import driver_errors
from models.db import DatabaseError, connect_file

BACKUP_DIR_NAME = "backups"  # the same folder `models.migrate` copies to before an upgrade
STAMP_FORMAT = "%Y%m%dT%H%M%S"
PARTIAL_SUFFIX = ".partial"
STAGING_PREFIX = ".restore-"
LEFTOVER_AGE_S = 3600  # a partial copy older than this belongs to no running backup

BackupKind = Literal["daily", "manual", "pre-migration", "pre-restore"]
KINDS: tuple[BackupKind, ...] = ("daily", "manual", "pre-migration", "pre-restore")
_LABELS: dict[BackupKind, str] = {
    "daily": "daily",
    "manual": "manual",
    "pre-restore": "before-restore",
    "pre-migration": "before-upgrade",  # models.migrate writes "before-<revision>" itself
}


class BackupError(DatabaseError):
    """A backup or restore that could not be done; the message says why, for a person."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup in the backups folder: its file, when it was taken, why, and its size in bytes."""

    path: Path
    taken_at: datetime
    kind: BackupKind
    size: int


def backups_dir(db_path: Path) -> Path:
    """The folder holding the backups of the database at `db_path` (`backups/` beside it)."""
    return Path(db_path).parent / BACKUP_DIR_NAME


def ensure_private_dir(folder: Path) -> Path:
    """Create `folder` if needed and make it owner-only (0700) on POSIX; the folder."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)  # also an older folder, or one made under a loose umask
    return folder


def kind_of(label: str) -> BackupKind | None:
    """The kind of backup a file-name label stands for, or None for a file that is not one."""
    for kind, known in _LABELS.items():
        if label == known:
            return kind
    return "pre-migration" if label.startswith("before-") else None


def _pattern(db_path: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(db_path.stem), re.escape(db_path.suffix or ".sqlite")
    return re.compile(
        rf"{stem}\.(?P<label>[a-z0-9-]+?)-(?P<stamp>\d{{8}}T\d{{6}})(?:-(?P<n>\d+))?{suffix}"
    )


def scan(db_path: Path) -> list[BackupInfo]:
    """The backups of the database at `db_path` in its backups folder, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(Path(db_path))
    found: list[tuple[datetime, int, int, BackupInfo]] = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        kind = kind_of(match["label"]) if match else None
        if match is None or kind is None:
            continue
        try:
            taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
            status = entry.stat()
        except (ValueError, OSError):  # an impossible date, or removed while we looked
            continue
        if entry.is_file():
            info = BackupInfo(path=entry, taken_at=taken_at, kind=kind, size=status.st_size)
            # Within one second, the counter in the name, then the time written, say which is newer.
            found.append((taken_at, int(match["n"] or 1), status.st_mtime_ns, info))
    found.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in found]


def free_name(db_path: Path, kind: BackupKind, when: datetime) -> Path:
    """A backup file name in the (owner-only) backups folder that no file has yet."""
    folder = ensure_private_dir(backups_dir(db_path))
    stamp = when.strftime(STAMP_FORMAT)
    suffix = db_path.suffix or ".sqlite"
    target = folder / f"{db_path.stem}.{_LABELS[kind]}-{stamp}{suffix}"
    counter = 2
    while target.exists():
        target = folder / f"{db_path.stem}.{_LABELS[kind]}-{stamp}-{counter}{suffix}"
        counter += 1
    return target


def _create_private_file(path: Path) -> None:
    """Create an empty file only its owner can read (SQLite keeps the mode it finds)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)


def copy_database(source: Path, target: Path, *, key: bytes | None = None) -> Path:
    """Copy the database `source` to `target` (0600) with SQLite's online backup API.

    The copy is one consistent snapshot, even while another connection writes. It is a
    rollback-journal file (not WAL), so it opens on its own, read-only media included; it has
    its final name only once complete. An encrypted `source` (opened with `key`) gives a copy
    encrypted with the same key. Raises `BackupError` (`WrongKeyError` for a wrong key).
    """
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        partial.unlink(missing_ok=True)
        _create_private_file(partial)
    except OSError as exc:
        raise BackupError(f"{target} could not be written: {exc.strerror or exc}.") from exc
    try:
        reader = connect_file(source, key=key, read_only=True)
        try:
            copy = connect_file(partial, key=key)
            try:
                reader.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            reader.close()
        partial.replace(target)
    except driver_errors(OSError) as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BackupError(f"{source} could not be copied to {target}: {reason}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def remove_leftovers(db_path: Path, *, now: float | None = None) -> None:
    """Delete partial copies and restore folders that an interrupted run left behind."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return
    cutoff = (time.time() if now is None else now) - LEFTOVER_AGE_S
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime > cutoff:
                continue
            if entry.name.endswith(PARTIAL_SUFFIX) and entry.is_file():
                entry.unlink()
            elif entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
                shutil.rmtree(entry)
        except OSError:
            continue  # in use, or gone already: the next start tries again


def same_file(first: Path, second: Path) -> bool:
    """Whether both paths name one existing file (through links and case folding too)."""
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return False


def take_backup(db_path: Path, target: Path | None, kind: BackupKind, now: datetime) -> Path:
    """Copy the database to `target`, or to a new `kind` file in the backups folder; the copy.

    The backup of an encrypted database is encrypted with its key (the session's, see
    app.encryption); one written elsewhere gets a copy of the `.keyinfo` file beside it, so
    that it can be opened on its own with the passphrase or the keychain.
    """
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    key = key_for(db_path)
    if target is None:
        copy = copy_database(db_path, free_name(db_path, kind, now), key=key)
        keyinfo = copy.with_name(keyinfo_path(db_path).name)  # one for the folder's backups
    elif same_file(target, db_path) or target.resolve() == db_path.resolve():
        raise BackupError(f"{target} is the database itself; choose another file for the backup.")
    else:
        _refuse_live_database(target)
        copy = copy_database(db_path, target, key=key)
        keyinfo = keyinfo_path(copy)
    info = encryption_info(db_path) if key is not None else None
    if info is not None:
        try:
            write_keyinfo(keyinfo, info)
        except OSError as exc:
            raise BackupError(
                f"{copy} was written, but its key file {keyinfo} could not be: "
                f"{exc.strerror or exc}."
            ) from exc
    return copy


def _refuse_live_database(target: Path) -> None:
    """Refuse to write over a database with a journal beside it: SQLite would replay it."""
    for extra in ("-wal", "-journal"):
        if target.with_name(target.name + extra).exists():
            raise BackupError(
                f"{target} is a database in use (it has a {extra[1:]} file beside it); "
                "choose another file for the backup."
            )
