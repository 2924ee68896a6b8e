"""Scaffold's version, with one source: `version` in pyproject.toml.

A checkout (editable install included) reads the pyproject.toml beside the packages: cheap, and
right even when the file changed since the install. An installed wheel or the PyInstaller
bundle, which copies the package metadata but no project file, reads the metadata.
"""

import tomllib
from pathlib import Path

DISTRIBUTION = "scaffold"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
UNKNOWN = "0+unknown"


def _from_project_file(distribution: str, pyproject: Path) -> str | None:
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    found = project.get("version") if project.get("name") == distribution else None
    return found if isinstance(found, str) and found else None


def read_version(distribution: str = DISTRIBUTION, pyproject: Path = PYPROJECT) -> str:
    """The project file's version, else the installed distribution's, else `UNKNOWN`."""
    found = _from_project_file(distribution, pyproject)
    if found is not None:
        return found
    # importlib.metadata costs tens of milliseconds to import: only when there is no file.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return UNKNOWN


__version__ = read_version()
