"""The schema constants agree with the migration scripts, which ship inside `models`."""

import shutil
import subprocess
import sys
from pathlib import Path

import models
from models.migrate import (
    MIGRATIONS_DIR,
    all_revisions_from_scripts,
    head_revision_from_scripts,
    new_revision,
)
from models.schema_version import HEAD_REVISION, KNOWN_REVISIONS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_head_revision_is_the_scripts_head() -> None:
    assert head_revision_from_scripts() == HEAD_REVISION


def test_known_revisions_are_all_the_scripts_oldest_first() -> None:
    assert all_revisions_from_scripts() == list(KNOWN_REVISIONS)


def test_every_known_revision_has_a_frozen_fixture_database() -> None:
    missing = [rev for rev in KNOWN_REVISIONS if not (FIXTURES / f"schema_{rev}.sqlite").is_file()]
    assert missing == [], f"write tests/fixtures/schema_<rev>.sqlite for {missing}"


def test_the_script_directory_is_a_package_inside_models() -> None:
    assert Path(models.__file__).resolve().parent / "migrations" == MIGRATIONS_DIR
    for name in ("__init__.py", "env.py", "script.py.mako", "versions/__init__.py"):
        assert (MIGRATIONS_DIR / name).is_file(), name


def test_opening_databases_does_not_import_alembic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from models.db import open_database\n"
        "path = Path(sys.argv[1])\n"
        "open_database(path).dispose()  # creates it\n"
        "open_database(path).dispose()  # opens it at head\n"
        "assert 'alembic' not in sys.modules, 'alembic was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "scaffold.sqlite")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_new_revision_writes_an_empty_revision_after_head_when_models_match(
    tmp_path: Path,
) -> None:
    scripts = tmp_path / "scripts"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))

    written = new_revision("nothing changed", "9999", script_location=scripts)

    assert written == scripts / "versions" / "9999_nothing_changed.py"
    source = written.read_text(encoding="utf-8")
    assert f'down_revision: str | Sequence[str] | None = "{HEAD_REVISION}"' in source
    assert "def upgrade() -> None:\n" in source
    assert head_revision_from_scripts(scripts) == "9999"
    compile(source, str(written), "exec")
