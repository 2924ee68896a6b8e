"""Scaffold's version, with one source: `version` in pyproject.toml.

An installed Scaffold (editable, wheel, or the PyInstaller bundle, which copies the package
metadata) reads it from its metadata; a plain checkout that was never installed reads the
pyproject.toml beside the packages.
"""

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DISTRIBUTION = "scaffold"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
UNKNOWN = "0+unknown"


def read_version(distribution: str = DISTRIBUTION, pyproject: Path = PYPROJECT) -> str:
    """The installed distribution's version, else the project file's, else `UNKNOWN`."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        pass
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return UNKNOWN
    found = project.get("version") if project.get("name") == distribution else None
    return found if isinstance(found, str) and found else UNKNOWN


__version__ = read_version()
