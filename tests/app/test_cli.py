"""The `scaffold` command line: real database files, real output, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_list_shows_the_sample_first_with_its_id(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    code, out, err = run(capsys, "demo", "--db", str(db))
    assert code == 0, err
    assert "Loaded the sample engagement as id 1" in out

    code, out, err = run(capsys, "list", "--db", str(db))
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    fields = lines[0].split("\t")
    assert fields[0] == "1"
    assert fields[1] == "Customer Support – Tier 1"
    assert fields[2] == "Priya Nair"
    assert fields[3] == "in_progress"


def test_demo_twice_is_refused_in_one_line(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    code, out, err = run(capsys, "demo", "--db", str(db))
    assert code == 1
    assert out == ""
    assert err.strip() == "scaffold demo: The sample engagement is already loaded (id 1)."


def test_list_filters_by_search_and_status(tmp_path, capsys):
    db = tmp_path / "x.sqlite"
    run(capsys, "demo", "--db", str(db))
    assert run(capsys, "list", "--db", str(db), "--search", "priya")[1].startswith("1\t")
    assert run(capsys, "list", "--db", str(db), "--status", "draft")[1].startswith("No engagements")
    assert run(capsys, "list", "--db", str(db), "--search", "zzz")[1].startswith("No engagements")


def test_export_import_round_trip_through_the_cli(tmp_path, capsys):
    source, target = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    run(capsys, "demo", "--db", str(source))
    first = tmp_path / "first.json"
    code, out, err = run(capsys, "export", "1", "-o", str(first), "--db", str(source))
    assert code == 0, err
    assert "Exported 1 engagement(s)" in out

    code, out, err = run(capsys, "import", str(first), "--db", str(target))
    assert code == 0, err
    assert "Imported 1 engagement(s)" in out

    second = tmp_path / "second.json"
    assert run(capsys, "export", "1", "-o", str(second), "--db", str(target))[0] == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    # The sample has a private note; a plain export never carries it.
    assert "under pressure" not in first.read_text(encoding="utf-8")


def test_export_with_private_notes_only_when_asked(tmp_path, capsys):
    db = tmp_path / "a.sqlite"
    run(capsys, "demo", "--db", str(db))
    out_file = tmp_path / "private.json"
    run(capsys, "export", "1", "-o", str(out_file), "--include-private", "--db", str(db))
    assert "under pressure" in out_file.read_text(encoding="utf-8")


def test_importing_the_same_file_twice_is_refused_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "a.sqlite"
    run(capsys, "demo", "--db", str(db))
    exported = tmp_path / "e.json"
    run(capsys, "export", "1", "-o", str(exported), "--db", str(db))
    code, _out, err = run(capsys, "import", str(exported), "--db", str(db))
    assert code == 1
    assert err.startswith("scaffold import: ")
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "list", "--db", str(db))[1].count("\n") == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "JSON"),
        (b'{"hello": "world"}', "format"),
        (b"", "JSON"),
    ],
)
def test_bad_import_files_fail_in_one_line(tmp_path, capsys, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, _out, err = run(capsys, "import", str(bad), "--db", str(tmp_path / "x.sqlite"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert expected in err
    assert "Traceback" not in err


def test_missing_file_and_unknown_id_fail_clearly(tmp_path, capsys):
    db = tmp_path / "x.sqlite"
    code, _, err = run(capsys, "import", str(tmp_path / "nope.json"), "--db", str(db))
    assert code == 1
    assert "no such file" in err
    code, _, err = run(capsys, "export", "42", "-o", str(tmp_path / "o.json"), "--db", str(db))
    assert code == 1
    assert err.strip() == "scaffold export: No engagement with id 42."
    assert not (tmp_path / "o.json").exists()


def test_a_file_that_is_not_a_database_is_reported_and_kept(tmp_path, capsys):
    db = tmp_path / "notes.sqlite"
    db.write_bytes(b"these are my meeting notes, not a database\n" * 10)
    before = db.read_bytes()
    code, _, err = run(capsys, "list", "--db", str(db))
    assert code == 1
    assert str(db) in err
    first, *ways_on = err.strip().splitlines()  # what is wrong, then one way on per line
    assert first.endswith("The file was left untouched.")
    assert ways_on[0] == "To go on, choose one:"
    assert db.read_bytes() == before


def test_environment_variable_chooses_the_database(tmp_path, capsys, monkeypatch):
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("SCAFFOLD_DB", str(db))
    assert run(capsys, "demo")[0] == 0
    assert db.exists()


def test_every_subcommand_has_help(capsys):
    for command in ("demo", "list", "export", "import", "gui"):
        with pytest.raises(SystemExit) as stop:
            main([command, "--help"])
        assert stop.value.code == 0
        assert "--db PATH" in capsys.readouterr().out


def test_python_dash_m_app_is_the_same_command(tmp_path):
    db = tmp_path / "m.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "app", "demo", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "app", "list", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.stdout.startswith("1\tCustomer Support")


def test_usage_errors_exit_2_without_traceback(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export"])
    assert stop.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_export_to_stdout_is_valid_json(tmp_path, capsys):
    db = tmp_path / "a.sqlite"
    run(capsys, "demo", "--db", str(db))
    code, out, _ = run(capsys, "export", "1", "-o", "-", "--db", str(db))
    assert code == 0
    assert json.loads(out)["format"] == "scaffold.engagement"


def test_db_given_before_the_command_is_the_one_used(tmp_path, capsys):
    """`scaffold --db X list` works like `scaffold list --db X` (argparse let the command's
    own default wipe out the earlier option before)."""
    db = str(tmp_path / "mine.sqlite")
    assert run(capsys, "--db", db, "demo")[0] == 0
    code, out, _err = run(capsys, "--db", db, "list")
    assert code == 0 and "Customer Support" in out
    code, out, _err = run(capsys, "list", "--db", db)
    assert code == 0 and "Customer Support" in out
