"""The benchmarks' tests: bench/ on the import path, and one small generated database to share."""

import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))  # the benchmarks import their helpers by plain name

from benchlib import QUICK_ENGAGEMENTS  # noqa: E402
from dbgen import cached_database  # noqa: E402

STALE_NAME = f"engagements-{QUICK_ENGAGEMENTS}-schema-0000-000000000000.sqlite"


@pytest.fixture(scope="session")
def bench_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder for generated databases, holding one left by an older schema."""
    folder = tmp_path_factory.mktemp("bench-cache")
    (folder / STALE_NAME).write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def small_database(bench_cache: Path) -> Path:
    """The generated database the quick benchmark runs use (built once, in `bench_cache`)."""
    return cached_database(QUICK_ENGAGEMENTS, bench_cache)
