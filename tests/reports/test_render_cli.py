"""`scaffold render`: a real PDF from the command line, one-line errors."""

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_writes_a_letter_pdf(tmp_path, capsys, poppler):
    db = tmp_path / "demo.sqlite"
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    target = tmp_path / "x.pdf"
    code, out, err = run(
        capsys, "render", "1", "-o", str(target), "--paper", "letter", "--db", str(db)
    )
    assert code == 0, err
    assert str(target) in out
    assert poppler.info(target)["Page size"].startswith("612 x 792 pts")
    assert not target.with_name("x.pdf.part").exists()


def test_render_errors_are_one_line(tmp_path, capsys):
    db = tmp_path / "empty.sqlite"
    code, out, err = run(capsys, "render", "7", "-o", str(tmp_path / "x.pdf"), "--db", str(db))
    assert code == 1 and out == ""
    assert err == "scaffold render: No engagement with id 7.\n"
    run(capsys, "demo", "--db", str(db))
    missing = tmp_path / "no" / "such" / "x.pdf"
    code, out, err = run(capsys, "render", "1", "-o", str(missing), "--db", str(db))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("scaffold render: ")


def test_render_refuses_an_unknown_paper(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["render", "1", "-o", str(tmp_path / "x.pdf"), "--paper", "a3"])
    assert "invalid choice" in capsys.readouterr().err
