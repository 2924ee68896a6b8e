"""`scaffold` and `scaffold gui [--db PATH]` go straight to the window; anything else to the CLI."""

import pytest

from app.__main__ import window_database


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["gui"], (True, None)),
        (["--db", "team.sqlite"], (True, "team.sqlite")),
        (["--db=team.sqlite"], (True, "team.sqlite")),
        (["gui", "--db", "team.sqlite"], (True, "team.sqlite")),
        (["--db", "team.sqlite", "gui"], (True, "team.sqlite")),
        (["--db", "gui"], (True, "gui")),  # a database called "gui"
    ],
)
def test_opening_the_window_skips_the_command_line(argv, expected):
    assert window_database(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--version"],
        ["--db", "--version"],  # not a database path: argparse says what is wrong
        ["--db"],
        ["gui", "gui"],
        ["--db", "a", "--db", "b"],
        ["gui", "--help"],
        ["demo", "--db", "x"],
    ],
)
def test_everything_else_goes_to_the_command_line(argv):
    assert window_database(argv) == (False, None)
