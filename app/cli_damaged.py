"""The command line and a database file that cannot be opened: what is wrong, and the ways on.

When a command cannot open the database because the file is empty, damaged, not a database or
another program's, `damaged_advice` says so, says the file was left untouched, and lists the
choices as commands: restore the latest backup, use another file, or set the file aside so the
next command starts a new database (`scaffold set-aside`). The file is never written over.
"""

import os
import shlex
import subprocess
from pathlib import Path

from app.file_health import (
    FileHealth,
    check_database_file,
    recover_from_backup,
    start_new_database,
)


def quoted(path: Path | str) -> str:
    """A path as it is typed in this platform's shell."""
    text = str(path)
    return subprocess.list2cmdline([text]) if os.name == "nt" else shlex.quote(text)


def advice_for(health: FileHealth, command: str) -> str:
    """The message for a file that may be set aside: what, where, untouched, and the commands."""
    db = quoted(health.path)
    lines = [
        f"{health.path} cannot be opened. {health.reason} The file was left untouched.",
        "To go on, choose one:",
    ]
    if health.backup is not None:
        taken = f"{health.backup.taken_at:%Y-%m-%d %H:%M}"
        lines.append(f"  restore the latest backup (taken {taken}), keeping this file aside:")
        lines.append(f"    scaffold restore {quoted(health.backup.path)} --db {db}")
    elif health.skipped_backups:
        lines.append(
            f"  (no backup to restore: the {len(health.skipped_backups)} found are damaged)"
        )
    else:
        lines.append("  (no backup to restore: there are none beside this file)")
    lines.append("  use another database file:")
    lines.append(f"    scaffold {command} --db OTHER_FILE")
    lines.append("  start a new, empty database here (this file is kept, renamed, beside it):")
    lines.append(f"    scaffold set-aside --db {db}")
    return "\n".join(lines)


def damaged_advice(db: Path, command: str) -> str | None:
    """The message with the ways on when `db` may be set aside; None for any other trouble."""
    health = check_database_file(db)
    return advice_for(health, command) if health.can_set_aside else None


def restore_over_damaged(db: Path, source: Path) -> str | None:
    """Restore `source` in place of a bad file at `db`, kept aside; None if `db` is not bad."""
    if not check_database_file(db, find_backup=False).can_set_aside:
        return None
    kept = recover_from_backup(db, source)
    return f"Restored {db} from {source}. The damaged file is kept, unchanged, as {kept}."


def set_aside(db: Path) -> str:
    """`scaffold set-aside`: rename a bad database file so the next command starts afresh."""
    kept = start_new_database(db)
    return (
        f"Kept {db} aside, unchanged, as {kept}. The next command, or opening Scaffold, "
        "starts a new, empty database there."
    )
