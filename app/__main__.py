"""Process entry point for `scaffold` and `python -m app`: the CLI, with the window wired in.

This is the one module of app/ allowed to reach the GUI (a named exception in the import
contracts): it only hands the CLI a launcher, imported when the window is really wanted.
"""

import sys
from pathlib import Path

from app.cli import main as cli_main


def _start_gui(db: Path) -> int:
    from ui.app_main import run_gui

    return run_gui(db)


def main() -> int:
    """Run the command line; no command opens the window."""
    return cli_main(sys.argv[1:], start_gui=_start_gui)


if __name__ == "__main__":
    sys.exit(main())
