"""The checks behind `app.file_health`: the file's first bytes, its length, then SQLite's view.

Everything here reads with a read-only plain sqlite3 connection and never changes the file.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.version import __version__
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

HealthKind = Literal[
    "missing",
    "ok",
    "encrypted",
    "empty",
    "damaged",
    "not_database",
    "foreign",
    "newer",
    "unreadable",
]
START_TABLES = ("alembic_version", "engagement")  # what the window reads first
KEYINFO_SUFFIX = ".keyinfo"  # the sidecar that marks a file encrypted by Scaffold
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
MAX_PROBLEMS = 100  # quick_check stops listing after this many

_KNOWN_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or PowerPoint file)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"\xd0\xcf\x11\xe0", "an older Office document"),
)


@dataclass(frozen=True)
class Verdict:
    """What one file is, in words; `revision` is the schema it records, if any."""

    kind: HealthKind
    reason: str
    revision: str | None = None
    fully_checked: bool = True


def keyinfo_path(path: Path) -> Path:
    """The sidecar beside an encrypted database: `scaffold.sqlite.keyinfo`."""
    return path.with_name(path.name + KEYINFO_SUFFIX)


def inspect(path: Path, *, full: bool) -> Verdict:
    """Everything short of the backups: the bytes first, then what SQLite makes of them."""
    try:
        if path.is_dir():
            return Verdict("unreadable", "The path is a folder, not a database file.")
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError as exc:
        return Verdict("unreadable", f"Scaffold may not read the file ({exc.strerror or exc}).")
    if size == 0:
        return Verdict(
            "empty",
            "The file is empty (0 bytes), so it holds no consultations. This happens when "
            "copying or syncing it was interrupted.",
        )
    problem = _header_problem(path, header, size)
    if problem is not None:
        return problem
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            return _inspect_tables(con, full=full)
    except sqlite3.DatabaseError as exc:
        # A full disk, a read-only or vanished drive is not damage: say what it is instead.
        from app.save_failures import classify_write_failure

        failure = classify_write_failure(exc, location=path)
        if failure.retryable:
            return Verdict("unreadable", str(failure))
        return Verdict("damaged", f"The file is damaged: SQLite cannot read it (“{exc}”).")


def _header_problem(path: Path, header: bytes, size: int) -> Verdict | None:
    """A file that is not SQLite at all, or is shorter than its own first page says."""
    if not header.startswith(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header):
            return Verdict("damaged", f"The file is cut off after {size:,} bytes.")
        if not header.strip(b"\x00"):
            return Verdict(
                "damaged",
                "The file's first page is blank (all zeros), so nothing in it can be read: "
                "the disk, or an interrupted copy, damaged it.",
            )
        for magic, what in _KNOWN_FORMATS:
            if header.startswith(magic):
                return Verdict("not_database", f"The file is {what}, not a database.")
        return Verdict(
            "not_database",
            "The file is not a database: it does not begin the way every SQLite database "
            "begins. It may be damaged beyond reading, or a different kind of file. If you "
            f"encrypted it with Scaffold, its key file ({keyinfo_path(path).name}) is missing "
            "from beside it.",
        )
    if len(header) < HEADER_BYTES:
        return Verdict("damaged", f"The file is cut off after {size:,} bytes.")
    expected = _expected_size(header)
    if expected is not None and size < expected and not _has_wal_frames(path):
        return Verdict(
            "damaged",
            f"The file is cut off: it has {size:,} of the {expected:,} bytes it should have, "
            "probably because copying or syncing it was interrupted.",
        )
    return None


def _has_wal_frames(path: Path) -> bool:
    """Whether a -wal file beside holds pages (then the header's page count may be stale)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _expected_size(header: bytes) -> int | None:
    """The size the header gives, when SQLite marks its page count as valid."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if header[24:28] != header[92:96] or page_size < 512:
        return None
    return int.from_bytes(header[28:32], "big") * page_size


def _inspect_tables(con: sqlite3.Connection, *, full: bool) -> Verdict:
    """Whose database this is, which schema, and whether its pages hold together."""
    names = sorted(
        row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
    )
    if not names:
        return Verdict("ok", "The file is an empty SQLite database: Scaffold sets it up.")
    if "alembic_version" not in names or "engagement" not in names:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return Verdict(
            "foreign",
            f"The file is an SQLite database, but not Scaffold's: it holds another program's "
            f"tables ({shown}).",
        )
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = None if row is None else str(row[0])
    if revision is not None and revision not in KNOWN_REVISIONS:
        return Verdict("newer", newer_reason(revision), revision)
    problems, fully = _quick_check(con, full=full)
    if problems:
        count = f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''}"
        found = "" if len(problems) == 1 else f"{count} problems, the first being "
        return Verdict(
            "damaged",
            f"Parts of the file are damaged: SQLite's check found {found}“{problems[0]}”.",
            revision,
            fully,
        )
    if revision is None:
        return Verdict(
            "damaged",
            "The file has Scaffold's tables but records no schema version, so Scaffold cannot "
            "tell how to read it.",
        )
    return Verdict("ok", "The file is a Scaffold database in good order.", revision, fully)


def _quick_check(con: sqlite3.Connection, *, full: bool) -> tuple[list[str], bool]:
    """SQLite's problems found (none: []), and whether every table was checked."""
    if full or sqlite3.sqlite_version_info < (3, 33, 0):  # a table argument needs 3.33
        statements = [f"PRAGMA quick_check({MAX_PROBLEMS})"]
    else:
        statements = [f'PRAGMA quick_check("{table}")' for table in START_TABLES]
    problems: list[str] = []
    for statement in statements:
        try:
            rows = [_problem_words(row[0]) for row in con.execute(statement).fetchall()]
        except sqlite3.DatabaseError as exc:  # some damage stops the check itself
            rows = [str(exc)]
        problems.extend(row for row in rows if row != "ok")
    return problems, len(statements) == 1


def _problem_words(row: object) -> str:
    """One line of SQLite's check, without its "*** in database main ***" heading."""
    return " ".join(str(row).replace("*** in database main ***", "").split())


def newer_reason(revision: str) -> str:
    """Why a file from a newer Scaffold is refused, naming both versions."""
    return (
        f"The file was written by a newer version of Scaffold: its data is in format {revision}, "
        f"and this Scaffold ({__version__}) reads formats up to {HEAD_REVISION}."
    )
