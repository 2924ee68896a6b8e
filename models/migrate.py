"""Schema upgrades with Alembic: the config built in code, a backup first, one transaction.

This is the only module that imports Alembic (about 0.4 s), so nothing on the start-up path may
import it; `models.db.open_database` imports it lazily when a file needs upgrading.
"""

import os
import tempfile
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from models.cipher import driver_errors
from models.db import (
    DatabaseError,
    NewerDatabaseError,
    connect_file,
    make_engine,
    read_schema_state,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BACKUP_DIR_NAME = "backups"


class MigrationError(DatabaseError):
    """An upgrade failed and was rolled back; the database is as it was before."""


def alembic_config(path: Path, *, script_location: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic config for the database at `path`, without any alembic.ini on disk.

    `script_location` is the migrations folder shipped in this package unless a test passes a copy.
    """
    config = Config()
    # Config options go through configparser, whose interpolation treats "%" as special.
    config.set_main_option("script_location", str(script_location).replace("%", "%%"))
    config.attributes["db_path"] = Path(path)
    return config


def _scripts(script_location: Path = MIGRATIONS_DIR) -> ScriptDirectory:
    return ScriptDirectory(str(script_location))


def head_revision_from_scripts(script_location: Path = MIGRATIONS_DIR) -> str:
    """The single head revision of the migration scripts."""
    head = _scripts(script_location).get_current_head()
    if head is None:
        raise RuntimeError(f"No migration scripts in {script_location}.")
    return head


def all_revisions_from_scripts(script_location: Path = MIGRATIONS_DIR) -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    newest_first = [script.revision for script in _scripts(script_location).walk_revisions()]
    return newest_first[::-1]


def backup_database(path: Path, label: str, *, key: bytes | None = None) -> Path:
    """Copy the database at `path` with SQLite's online backup API into `backups/` beside it.

    The copy is named like `scaffold.before-0002-20261128T145000.sqlite`; it is written under a
    temporary name first, so a file with the final name is always a complete database. The
    copy of an encrypted database (`key`) is encrypted with the same key.
    """
    backup_dir = path.parent / BACKUP_DIR_NAME
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner-only, like app.backups
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    suffix = path.suffix or ".sqlite"
    target = backup_dir / f"{path.stem}.{label}-{stamp}{suffix}"
    counter = 2
    while target.exists():
        target = backup_dir / f"{path.stem}.{label}-{stamp}-{counter}{suffix}"
        counter += 1
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # SQLite keeps it
    try:
        source = connect_file(path, key=key, read_only=True)
        try:
            copy = connect_file(partial, key=key)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except driver_errors() as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not back up {path} before upgrading it: {exc}.") from exc
    partial.replace(target)
    return target


def upgrade_with_backup(
    path: Path, *, key: bytes | None = None, script_location: Path = MIGRATIONS_DIR
) -> Path:
    """Back up the database at `path`, then upgrade it to head in one transaction.

    Foreign keys are off during the upgrade (batch mode recreates tables); `PRAGMA
    foreign_key_check` runs before the commit, and any violation rolls the whole upgrade back.
    Any failure raises `MigrationError` and leaves the file as it was. Returns the backup's path.
    An encrypted database (`key`) stays encrypted, and so does its backup.
    """
    path = Path(path)
    state = read_schema_state(path, key=key)
    if not state.exists:
        raise DatabaseError(f"There is no Scaffold database to upgrade at {path}.")
    head = head_revision_from_scripts(script_location)
    if state.revision not in all_revisions_from_scripts(script_location):
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Scaffold (schema {state.revision}); "
            f"this version understands schemas up to {head}. Nothing was changed."
        )

    backup = backup_database(path, f"before-{head}", key=key)
    config = alembic_config(path, script_location=script_location)
    engine = make_engine(path, foreign_keys=False, key=key)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                shown = "; ".join(
                    f"{table} row {rowid} → {parent}" for table, rowid, parent, _fk in problems[:5]
                )
                raise MigrationError(
                    f"The upgrade would leave {len(problems)} broken reference(s) ({shown})."
                )
    except Exception as exc:  # the transaction has rolled back; say so, and where the copy is
        raise MigrationError(
            f"Upgrading {path} from schema {state.revision} to {head} failed and was undone "
            f"({str(exc).rstrip('.')}). A copy made before the attempt is at {backup}."
        ) from exc
    finally:
        engine.dispose()
    return backup


def new_revision(message: str, rev_id: str, *, script_location: Path = MIGRATIONS_DIR) -> Path:
    """Autogenerate the next migration script from the models (a developer's tool).

    Upgrades a scratch database to the current head, compares it with `models.tables`, writes
    `versions/<rev_id>_<slug>.py` and runs ruff on it. Read and tidy the result, then add `rev_id`
    to `models.schema_version.KNOWN_REVISIONS` and a frozen fixture to tests/fixtures/.
    """
    with tempfile.TemporaryDirectory() as tmp:
        config = alembic_config(Path(tmp) / "scratch.sqlite", script_location=script_location)
        config.set_section_option("post_write_hooks", "hooks", "ruff_fix ruff_format")
        for name, options in (
            ("ruff_fix", "check --fix --exit-zero REVISION_SCRIPT_FILENAME"),
            ("ruff_format", "format REVISION_SCRIPT_FILENAME"),
        ):
            config.set_section_option("post_write_hooks", f"{name}.type", "module")
            config.set_section_option("post_write_hooks", f"{name}.module", "ruff")
            config.set_section_option("post_write_hooks", f"{name}.options", options)
        command.upgrade(config, "head")
        script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    if script is None or isinstance(script, list):
        raise RuntimeError("Alembic did not write exactly one revision script.")
    return Path(script.path)
