"""Every benchmark still runs: each bench/bench_*.py in its --quick mode, all at once."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchlib import BENCH_DIR, Verdicts

SCRIPTS = sorted(BENCH_DIR.glob("bench_*.py"))
TIMEOUT_S = 120


@pytest.fixture(scope="module")
def quick_runs(small_database: Path, bench_cache: Path) -> Iterator[dict[str, subprocess.Popen]]:
    """Each benchmark's quick run, started together on the shared small database."""
    env = {**os.environ, "SCAFFOLD_BENCH_CACHE": str(bench_cache)}
    runs = {
        script.name: subprocess.Popen(
            [sys.executable, str(script), "--quick"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in SCRIPTS
    }
    yield runs
    for run in runs.values():
        if run.poll() is None:
            run.kill()
            run.communicate()


def test_every_benchmark_is_covered():
    assert len(SCRIPTS) >= 6


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_benchmark_runs_in_quick_mode(quick_runs, script):
    out, err = quick_runs[script.name].communicate(timeout=TIMEOUT_S)
    assert quick_runs[script.name].returncode == 0, err
    lines = out.splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records, out
    bench = records[0]["bench"]
    assert all(r["bench"] == bench and r["quick"] is True for r in records)
    assert all(line.startswith(f"{bench}: ") for line in lines if not line.startswith("{"))


def test_a_missed_target_says_so_and_fails():
    verdicts = Verdicts("example", quick=False)
    assert verdicts.judge("fast", 40.0, 50.0, "ms").endswith("met")
    assert verdicts.exit_code() == 0
    assert verdicts.judge("slow", 2.5, 2.0, "×").startswith("MISSED: 2.50×")
    assert verdicts.exit_code() == 1


def test_a_quick_run_judges_nothing():
    verdicts = Verdicts("example", quick=True)
    assert "not judged" in verdicts.judge("slow", 400.0, 50.0, "ms")
    assert verdicts.exit_code() == 0
