"""The `scaffold` command: no arguments starts the GUI; subcommands work on the database.

Every failure prints one line to stderr and exits non-zero; no traceback reaches the user.
A database file that is damaged, empty or not Scaffold's adds the ways on, one per line.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app.privacy import write_private_bytes, write_private_text
from app.storage import ENV_DB, StorageError, open_engine, resolve_db_path, transaction
from app.validation import NotFoundError, ValidationError

GuiLauncher = Callable[[Path], int]

EXIT_OK = 0
EXIT_FAILED = 1
ENV_PASSPHRASE = "SCAFFOLD_PASSPHRASE"  # noqa: S105 (the variable's name, not a passphrase)


class CliError(Exception):
    """A failure to report in one line."""


def _add_db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        # A command's own --db must not wipe out one given before the command's name.
        default=None if top else argparse.SUPPRESS,
        help=f"database file (default: ${ENV_DB}, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a subcommand per use case."""
    parser = argparse.ArgumentParser(
        prog="scaffold",
        description="Scaffold: needs-to-performance consultations, agreements and check-ins. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Scaffold {__version__}")
    _add_db_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the window (the default)")
    _add_db_option(gui)

    demo = commands.add_parser("demo", help="load a realistic sample engagement")
    _add_db_option(demo)

    listing = commands.add_parser("list", help="list engagements, one per line, id first")
    listing.add_argument("--search", default="", help="only those whose text contains this")
    listing.add_argument(
        "--status",
        choices=["draft", "agreed", "in_progress", "closed"],
        help="only those with this status",
    )
    _add_db_option(listing)

    export = commands.add_parser("export", help="write engagements to an exchange file")
    export.add_argument("ids", metavar="ID", type=int, nargs="+", help="engagement id(s)")
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout)"
    )
    export.add_argument(
        "--include-private",
        action="store_true",
        help="also export the partner's private notes (off by default)",
    )
    _add_db_option(export)

    imp = commands.add_parser("import", help="add the engagements of an exchange file")
    imp.add_argument("file", metavar="FILE", help="exchange file to read")
    _add_db_option(imp)

    render = commands.add_parser("render", help="print an engagement's plan to a PDF file")
    render.add_argument("id", metavar="ID", type=int, help="engagement id")
    render.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
    render.add_argument(
        "--paper",
        choices=["a4", "letter"],
        default=None,
        help="paper size (default: the one chosen in Preferences, else a4)",
    )
    _add_db_option(render)

    report = commands.add_parser("report", help="print an engagement's progress report to a PDF")
    report.add_argument("id", metavar="ID", type=int, help="engagement id")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
    report.add_argument(
        "--paper",
        choices=["a4", "letter"],
        default=None,
        help="paper size (default: the one chosen in Preferences, else a4)",
    )
    _add_db_option(report)

    measures_csv = commands.add_parser(
        "csv", help="write an engagement's measures and observations to a CSV file"
    )
    measures_csv.add_argument("id", metavar="ID", type=int, help="engagement id")
    measures_csv.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="CSV file to write (UTF-8)"
    )
    _add_db_option(measures_csv)

    backup = commands.add_parser("backup", help="copy the database, now, to a backup file")
    backup.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write (default: a new file in the backups folder beside the database)",
    )
    _add_db_option(backup)

    restore = commands.add_parser(
        "restore", help="replace the data with a backup (the current data is backed up first)"
    )
    restore.add_argument("file", metavar="FILE", help="backup file to restore")
    _add_db_option(restore)

    set_aside = commands.add_parser(
        "set-aside",
        help="keep a damaged database file aside (renamed, unchanged) and start a new one",
    )
    _add_db_option(set_aside)

    _add_encryption_parsers(commands)
    return parser


def _add_encryption_parsers(commands: "argparse._SubParsersAction[Any]") -> None:
    encrypt = commands.add_parser(
        "encrypt",
        help="encrypt the database and its backups (key in the system keychain, or a passphrase)",
    )
    encrypt.add_argument(
        "--passphrase",
        action="store_true",
        help="use a passphrase, asked twice here, instead of the system keychain",
    )
    encrypt.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="use a passphrase read from the first line of standard input",
    )
    _add_db_option(encrypt)

    decrypt = commands.add_parser(
        "decrypt", help="store the database and its backups unencrypted again"
    )
    _add_db_option(decrypt)


def _cmd_demo(db: Path) -> str:
    from app.demo import load_demo

    engine = open_engine(db)
    with transaction(engine) as session:
        engagement = load_demo(session=session)
        return f"Loaded the sample engagement as id {engagement.id} in {db}."


def _cmd_list(db: Path, search: str, status: str | None) -> str:
    from app.services.engagements import list_engagements
    from models.enums import EngagementStatus

    engine = open_engine(db, backup=False)
    with transaction(engine) as session:
        rows = list_engagements(
            session=session,
            search=search,
            status=None if status is None else EngagementStatus(status),
        )
    lines = []
    for row in rows:
        due = row.next_checkin.isoformat() if row.next_checkin else "-"
        goal = " ".join(row.business_goal.split())
        goal = goal if len(goal) <= 60 else goal[:59] + "…"
        lines.append(
            f"{row.id}\t{row.team_name}\t{row.manager_name}\t"
            f"{row.status.value}\tnext check-in {due}\t{goal or '(no goal yet)'}"
        )
    return "\n".join(lines) if lines else f"No engagements in {db}."


def _cmd_export(db: Path, ids: list[int], output: str, include_private: bool) -> str:
    from app.exchange.document import dumps, export_bundle, export_engagement

    engine = open_engine(db, backup=False)
    with transaction(engine) as session:
        if len(ids) == 1:
            doc = export_engagement(session, ids[0], include_private=include_private)
        else:
            doc = export_bundle(session, ids, include_private=include_private)
    text = dumps(doc)
    if output == "-":
        sys.stdout.write(text)
        return ""
    target = Path(output)
    write_private_text(target, text)  # owner-only; never half-written under the real name
    return f"Exported {len(ids)} engagement(s) to {target}."


def _cmd_import(db: Path, file: str) -> str:
    from app.exchange.importer import MAX_DOCUMENT_BYTES, import_document, read_file

    source = Path(file)
    if not source.is_file():
        raise CliError(f"{source}: no such file.")
    if source.stat().st_size > MAX_DOCUMENT_BYTES:
        raise CliError(
            f"{source}: {source.stat().st_size:,} bytes is larger than an exchange file can be "
            f"({MAX_DOCUMENT_BYTES:,} bytes); nothing was imported."
        )
    data = read_file(source)  # bounded: a file that grows after the check is refused too
    engine = open_engine(db)
    with transaction(engine) as session:
        new_ids = import_document(session, data)
    return f"Imported {len(new_ids)} engagement(s) from {source}: id " + ", ".join(
        str(i) for i in new_ids
    )


def _cmd_render(db: Path, engagement_id: int, output: str, paper: str | None) -> str:
    from app.reports.plan import render_plan_pdf  # WeasyPrint loads inside, only when rendering

    return _write_pdf(db, engagement_id, output, paper, render_plan_pdf, "the plan")


def _cmd_report(db: Path, engagement_id: int, output: str, paper: str | None) -> str:
    # WeasyPrint and matplotlib load inside, only when rendering
    from app.reports.progress import render_progress_pdf

    return _write_pdf(db, engagement_id, output, paper, render_progress_pdf, "the progress report")


def _write_pdf(
    db: Path,
    engagement_id: int,
    output: str,
    paper: str | None,
    render: Callable[..., bytes],
    what: str,
) -> str:
    """Render one engagement's PDF on the chosen (or preferred) paper and write it owner-only."""
    from app.reports.plan import plan_paper

    engine = open_engine(db, backup=False)
    with transaction(engine) as session:
        chosen = plan_paper(session, paper)
        pdf = render(session, engagement_id, paper=chosen)
    target = Path(output)
    write_private_bytes(target, pdf)
    return f"Wrote {what} of engagement {engagement_id} to {target} ({chosen.upper()})."


def _cmd_csv(db: Path, engagement_id: int, output: str) -> str:
    from app.progress.csv_export import measures_csv

    engine = open_engine(db, backup=False)
    with transaction(engine) as session:
        text = measures_csv(session=session, engagement_id=engagement_id)
    target = Path(output)
    # With a byte-order mark, spreadsheet programs read the file as UTF-8 (accents included).
    write_private_bytes(target, text.encode("utf-8-sig"))
    return f"Wrote the measures of engagement {engagement_id} to {target}."


def _cmd_backup(db: Path, output: str | None) -> str:
    from app.backups import backup_now

    target = backup_now(db, None if output is None else Path(output))
    return f"Backed up {db} to {target}."


def _cmd_restore(db: Path, file: str) -> str:
    from app.backups import restore_backup
    from app.cli_damaged import restore_over_damaged

    over_damaged = restore_over_damaged(db, Path(file))  # the damaged file is kept aside
    if over_damaged is not None:
        return over_damaged
    safety = restore_backup(db, Path(file))
    kept = f" The data it held before is in {safety}." if safety is not None else ""
    return f"Restored {db} from {file}.{kept}"


def _read_new_passphrase(from_stdin: bool) -> str:
    """The passphrase for `scaffold encrypt`: from standard input, or typed twice."""
    import getpass

    from app.encryption import check_passphrase

    if from_stdin:
        return check_passphrase(sys.stdin.readline().rstrip("\r\n"))
    if not sys.stdin.isatty():
        raise CliError(
            "no system keychain was chosen or found to keep the key in, and there is no "
            "terminal to type a passphrase in: use --passphrase-stdin."
        )
    first = getpass.getpass("New passphrase: ")
    return check_passphrase(first, getpass.getpass("The same passphrase again: "))


def _cmd_encrypt(db: Path, passphrase: bool, passphrase_stdin: bool) -> str:
    from app.encryption import encrypt_database, keychain_available

    chosen = None
    if passphrase or passphrase_stdin or not keychain_available():
        chosen = _read_new_passphrase(passphrase_stdin)
    return encrypt_database(db, passphrase=chosen).summary()


def _cmd_decrypt(db: Path) -> str:
    from app.encryption import decrypt_database

    return decrypt_database(db).summary()


def _unlock(db: Path) -> None:
    """Ask for the passphrase of an encrypted database once: $SCAFFOLD_PASSPHRASE, or typed."""
    import getpass

    from app.encryption_session import needs_passphrase, unlock

    if not needs_passphrase(db):
        return  # plain, unlocked already, or its key is in the keychain
    passphrase = os.environ.get(ENV_PASSPHRASE)
    if passphrase is None:
        if not sys.stdin.isatty():
            raise CliError(
                f"{db} is encrypted: set ${ENV_PASSPHRASE} to its passphrase, or run the "
                "command in a terminal to type it."
            )
        passphrase = getpass.getpass(f"Passphrase for {db}: ")
    unlock(db, passphrase)


def _one_line(message: str) -> str:
    """A message on one line, even when it quotes text that had line breaks."""
    return " ".join(message.split())


def _damaged_advice(db: Path, command: str) -> str | None:
    """For a database file that is damaged, empty or not Scaffold's: what it is and the ways on."""
    from app.cli_damaged import damaged_advice

    try:
        return damaged_advice(db, command)
    except OSError:
        return None


def run(argv: Sequence[str] | None, start_gui: GuiLauncher | None) -> int:
    """Parse and run one command; returns the exit code."""
    from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

    from app.exchange import ExchangeError
    from app.file_health import FileHealthError
    from app.reports.render import ReportError

    parser = build_parser()
    args = parser.parse_args(argv)
    db = resolve_db_path(args.db)
    command = args.command or "gui"
    try:
        if command == "gui":
            if start_gui is None:
                raise CliError("this entry point has no window; run 'scaffold' instead.")
            return start_gui(db)
        if command != "encrypt":
            _unlock(db)
        if command == "demo":
            message = _cmd_demo(db)
        elif command == "list":
            message = _cmd_list(db, args.search, args.status)
        elif command == "export":
            message = _cmd_export(db, args.ids, args.output, args.include_private)
        elif command == "render":
            message = _cmd_render(db, args.id, args.output, args.paper)
        elif command == "report":
            message = _cmd_report(db, args.id, args.output, args.paper)
        elif command == "csv":
            message = _cmd_csv(db, args.id, args.output)
        elif command == "backup":
            message = _cmd_backup(db, args.output)
        elif command == "restore":
            message = _cmd_restore(db, args.file)
        elif command == "set-aside":
            from app.cli_damaged import set_aside

            message = set_aside(db)
        elif command == "encrypt":
            message = _cmd_encrypt(db, args.passphrase, args.passphrase_stdin)
        elif command == "decrypt":
            message = _cmd_decrypt(db)
        else:
            message = _cmd_import(db, args.file)
    except (StorageError, SQLAlchemyDatabaseError) as exc:
        from app.save_failures import classify_write_failure

        if isinstance(exc, SQLAlchemyDatabaseError):
            # SQLite's own words: a full disk or a read-only folder is said as such (our
            # StorageErrors already name the file and the problem); else without the SQL.
            failure = classify_write_failure(exc, location=db)
            if failure.retryable:
                print(f"scaffold {command}: nothing was changed. {failure}", file=sys.stderr)
                return EXIT_FAILED
            exc = StorageError(f"{db} could not be read: {getattr(exc, 'orig', None) or exc}.")
        advice = _damaged_advice(db, command)
        print(f"scaffold {command}: {advice or _one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except (CliError, FileHealthError, NotFoundError, ExchangeError, ReportError) as exc:
        print(f"scaffold {command}: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except ValidationError as exc:
        print(f"scaffold {command}: {_one_line(exc.message)}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            from app.save_failures import describe_write_failure

            where = Path(exc.filename) if exc.filename else db
            print(
                f"scaffold {command}: {describe_write_failure(exc, location=where)}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        print(f"scaffold {command}: {exc.strerror or exc} ({exc.filename or db})", file=sys.stderr)
        return EXIT_FAILED
    if message:
        print(message)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, start_gui: GuiLauncher | None = None) -> int:
    """Entry point; any unexpected error still ends in one line and a non-zero exit."""
    try:
        return run(argv, start_gui)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a one-line report, never a traceback
        print(f"scaffold: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
