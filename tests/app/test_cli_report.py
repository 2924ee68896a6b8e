"""`scaffold report` and `scaffold csv`: real files from the command line, one-line errors."""

import csv
import io
import subprocess
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "demo.sqlite"
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    return db


def test_report_writes_a_progress_report_on_letter(tmp_path, capsys, demo_db):
    target = tmp_path / "progress.pdf"
    code, out, err = run(
        capsys, "report", "1", "-o", str(target), "--paper", "letter", "--db", str(demo_db)
    )
    assert code == 0, err
    assert out == f"Wrote the progress report of engagement 1 to {target} (LETTER).\n"
    info = pdfinfo(target)
    assert info["Page size"].startswith("612 x 792 pts")
    assert info["Pages"] in ("1", "2")
    assert info["Title"] == "Progress report – Customer Support – Tier 1"
    assert not target.with_name("progress.pdf.part").exists()


def test_report_errors_are_one_line(tmp_path, capsys, demo_db):
    code, out, err = run(capsys, "report", "7", "-o", str(tmp_path / "x.pdf"), "--db", str(demo_db))
    assert (code, out) == (1, "")
    assert err == "scaffold report: No engagement with id 7.\n"
    assert not (tmp_path / "x.pdf").exists()


def test_report_into_a_missing_folder_fails_in_one_line(tmp_path, capsys):
    db = tmp_path / "empty.sqlite"
    code, out, err = run(capsys, "report", "1", "-o", str(tmp_path / "x.pdf"), "--db", str(db))
    assert (code, err) == (1, "scaffold report: No engagement with id 1.\n")
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    missing = tmp_path / "no" / "such" / "x.pdf"
    code, out, err = run(capsys, "report", "1", "-o", str(missing), "--db", str(db))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("scaffold report: ")


def test_report_refuses_an_unknown_paper(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["report", "1", "-o", str(tmp_path / "x.pdf"), "--paper", "a3"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_csv_writes_utf8_with_a_byte_order_mark(tmp_path, capsys, demo_db):
    target = tmp_path / "measures.csv"
    code, out, err = run(capsys, "csv", "1", "-o", str(target), "--db", str(demo_db))
    assert code == 0, err
    assert out == f"Wrote the measures of engagement 1 to {target}.\n"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:2] == ["Engagement team", "Measure"]
    # The demo: one reading of each of two measures, and a measure not yet observed.
    assert [(r[0], r[1], r[9]) for r in table[1:]] == [
        ("Customer Support – Tier 1", "First-contact resolution", "66.5"),
        ("Customer Support – Tier 1", "Repeat contacts within 7 days", "301"),
        ("Customer Support – Tier 1", "Customer satisfaction after contact", ""),
    ]
    assert [r[11] for r in table[1:]] == ["39.3", "39.0", ""]
    assert not target.with_name("measures.csv.part").exists()


def test_csv_errors_are_one_line(tmp_path, capsys, demo_db):
    target = tmp_path / "m.csv"
    code, out, err = run(capsys, "csv", "3", "-o", str(target), "--db", str(demo_db))
    assert (code, out) == (1, "")
    assert err == "scaffold csv: No engagement with id 3.\n"
    assert not target.exists()
    code, out, err = run(
        capsys, "csv", "1", "-o", str(tmp_path / "no" / "m.csv"), "--db", str(demo_db)
    )
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("scaffold csv: ")


def test_both_commands_need_an_output(capsys):
    for command in ("report", "csv"):
        with pytest.raises(SystemExit) as exited:
            main([command, "1"])
        assert exited.value.code == 2
        assert "-o/--output" in capsys.readouterr().err
