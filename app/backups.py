"""Backups of the Scaffold database: daily at start, on request, rotated; and restoring one.

Four kinds live in `backups/` beside the database: "daily" (the first opening of each day),
"manual" (`scaffold backup` without `-o`), "pre-migration" (made by `models.migrate` before an
upgrade) and "pre-restore" (the current data, copied before a restore replaces it). Each kind
keeps its newest `keep` files; older ones are deleted when the daily backup is taken. A
backup chosen to go elsewhere ("Back up now…" to a file) is the partner's to keep or delete.
"""

from datetime import datetime
from pathlib import Path

from app.backup_files import (
    BACKUP_DIR_NAME,
    KINDS,
    BackupError,
    BackupInfo,
    BackupKind,
    backups_dir,
    remove_leftovers,
    scan,
    take_backup,
)
from app.backup_restore import restore_backup

DEFAULT_KEEP = 10
MIN_KEEP = 1
MAX_KEEP = 100

__all__ = [
    "BACKUP_DIR_NAME",
    "DEFAULT_KEEP",
    "KINDS",
    "MAX_KEEP",
    "MIN_KEEP",
    "BackupError",
    "BackupInfo",
    "BackupKind",
    "backup_now",
    "backups_dir",
    "daily_backup",
    "latest_backup",
    "list_backups",
    "restore_backup",
    "retention_text",
    "rotate",
]


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of the database at `db_path` in its backups folder, newest first."""
    return scan(Path(db_path))


def latest_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of any kind in the backups folder, or None when there is none."""
    found = list_backups(db_path)
    return found[0] if found else None


def retention_text(keep: int) -> str:
    """How long the backups keep data, in words for the partner."""
    return (
        f"Scaffold keeps the newest {keep} backups of each kind and deletes older ones. "
        "Backups are full copies: a consultation you delete stays in them until they rotate "
        f"out, which for the daily backups is after {keep} more days on which Scaffold is opened."
    )


def backup_now(db_path: Path, target: Path | None = None, *, kind: BackupKind = "manual") -> Path:
    """Copy the database to `target` (default: a new file in the backups folder); its path.

    Raises `BackupError` when the database cannot be read or `target` cannot be written.
    A target that exists already is replaced only once the copy is complete.
    """
    chosen = None if target is None else Path(target).expanduser()
    return take_backup(Path(db_path), chosen, kind, datetime.now())


def rotate(db_path: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of each kind (and stale leftovers); the deleted."""
    keep = max(MIN_KEEP, keep)
    seen = dict.fromkeys(KINDS, 0)
    removed = []
    for info in list_backups(db_path):
        seen[info.kind] += 1
        if seen[info.kind] > keep:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    remove_leftovers(Path(db_path))
    return removed


def daily_backup(db_path: Path, *, keep: int, now: datetime | None = None) -> Path | None:
    """Take the day's backup unless one exists, then rotate; the new file, or None.

    None also when there is no database yet (nothing to lose). `now` is for tests.
    """
    db_path = Path(db_path)
    now = now or datetime.now()
    if not db_path.is_file():
        return None
    taken_today = any(
        info.kind == "daily" and info.taken_at.date() == now.date()
        for info in list_backups(db_path)
    )
    made = None if taken_today else take_backup(db_path, None, "daily", now)
    rotate(db_path, keep=keep)
    return made
