"""One version number: pyproject.toml's (or the package metadata), shown by `--version`."""

import tomllib
from pathlib import Path

import pytest

import app
from app.cli import main as cli_main
from app.version import UNKNOWN, read_version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def project_version() -> str:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


def test_the_installed_version_is_the_project_files():
    assert read_version() == project_version()
    assert app.__version__ == project_version()


def test_scaffold_version_prints_it(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli_main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"Scaffold {project_version()}\n"


def test_without_metadata_the_project_file_beside_the_packages_answers(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "scaffold-never-installed"\nversion = "9.8.7"\n')
    assert read_version("scaffold-never-installed", pyproject) == "9.8.7"


@pytest.mark.parametrize(
    "text",
    [
        None,  # no file at all
        '[project]\nname = "someone-else"\nversion = "1.2.3"\n',
        '[project]\nname = "scaffold-never-installed"\n',  # dynamic version, say
        "[project\nthis is not TOML",
    ],
)
def test_with_neither_the_version_is_plainly_unknown(tmp_path, text):
    pyproject = tmp_path / "pyproject.toml"
    if text is not None:
        pyproject.write_text(text)
    assert read_version("scaffold-never-installed", pyproject) == UNKNOWN
