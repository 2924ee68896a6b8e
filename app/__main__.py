"""Process entry point for `scaffold` and `python -m app`: the CLI, with the window wired in.

This is the one module of app/ allowed to reach the GUI (a named exception in the import
contracts): it only hands the CLI a launcher, imported when the window is really wanted.
Opening the window (`scaffold`, `scaffold gui`, either with `--db PATH`) skips the command line's
imports altogether, so the window paints sooner; everything else goes through `app.cli`.
"""

import sys
from pathlib import Path


def _start_gui(db: Path) -> int:
    from ui.app_main import run_gui

    return run_gui(db)


def window_database(argv: list[str]) -> tuple[bool, str | None]:
    """Whether `argv` only asks for the window, and the `--db` it names (None: the default)."""
    db: str | None = None
    seen_gui = False
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "gui" and not seen_gui:
            seen_gui, i = True, i + 1
        elif (
            word == "--db" and db is None and i + 1 < len(argv) and not argv[i + 1].startswith("-")
        ):
            db, i = argv[i + 1], i + 2
        elif word.startswith("--db=") and db is None:
            db, i = word.removeprefix("--db="), i + 1
        else:
            return False, None  # anything else is the command line's to read
    return True, db


def main() -> int:
    """Run the command line; no command opens the window."""
    argv = sys.argv[1:]
    window_only, db = window_database(argv)
    if not window_only:
        from app.cli import main as cli_main

        return cli_main(argv, start_gui=_start_gui)
    from app.paths import resolve_db_path

    try:
        return _start_gui(resolve_db_path(db))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # as the command line's last line of defence: one line, never a trace
        print(f"scaffold: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
