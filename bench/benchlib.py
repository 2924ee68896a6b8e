"""What the benchmarks share: the --quick mode, child processes, verdicts and the JSON record.

Every benchmark prints one readable line per figure, with its baseline measured in the same run,
then one JSON line per figure for the record. A figure over its target says MISSED and the
script exits with status 1 (after measuring everything). `--quick` runs each benchmark once on
small inputs, only to prove it still works: its figures are not judged.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
ENGAGEMENTS = 10_000  # the large generated database
QUICK_ENGAGEMENTS = 40  # the small one every quick run shares


def parse_args(description: str) -> argparse.Namespace:
    """The common command line: `--quick` for a smoke run on small inputs.

    Also compiles Scaffold's own modules to bytecode first (`precompile`).
    """
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one small run to prove the benchmark works"
    )
    args = parser.parse_args()
    precompile()
    return args


def precompile() -> None:
    """Compile app/, ui/ and models/ to bytecode, as an installed Scaffold has them.

    pip compiles the packages it installs, and the bundle holds bytecode only; a checkout run
    with PYTHONDONTWRITEBYTECODE set (as on the development machine) would otherwise compile
    every module from source at every start, which no user's start does.
    """
    import compileall

    for package in ("app", "ui", "models"):
        compileall.compile_dir(BENCH_DIR.parent / package, quiet=2)


class Verdicts:
    """Judges a benchmark's figures against their targets and prints them for the record."""

    def __init__(self, bench: str, *, quick: bool) -> None:
        self.bench = bench
        self.quick = quick
        self.missed: list[str] = []

    def judge(self, name: str, value: float, target: float, unit: str) -> str:
        """The verdict on one figure, as words; a miss is remembered for the exit status."""
        shown = f"{value:.2f}{unit}" if unit == "×" else f"{value:.0f} {unit}"
        bound = f"{target}{unit}" if unit == "×" else f"{target:.0f} {unit}"
        if self.quick:
            return f"{shown} (quick run, target ≤ {bound} not judged)"
        if value <= target:
            return f"{shown}, target ≤ {bound}: met"
        self.missed.append(name)
        return f"MISSED: {shown}, target ≤ {bound}"

    def say(self, line: str) -> None:
        """One readable line, prefixed with the benchmark's name."""
        print(f"{self.bench}: {line}", flush=True)

    def record(self, figure: str, **fields: Any) -> None:
        """One JSON line for the record (a quick run's "met" is null: it judges nothing)."""
        rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in fields.items()}
        if self.quick and "met" in rounded:
            rounded["met"] = None
        line = {"bench": self.bench, "figure": figure, **rounded, "quick": self.quick}
        print(json.dumps(line, ensure_ascii=False), flush=True)

    def exit_code(self) -> int:
        """1 when a target was missed, else 0."""
        return 1 if self.missed else 0


def median(samples: Sequence[float]) -> float:
    """The median of the samples."""
    return statistics.median(samples)


def timed(action: Callable[[], object]) -> float:
    """Seconds `action` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_env(settings_dir: Path) -> dict[str, str]:
    """The environment of a child: off-screen Qt unless set, and settings kept in a tmp folder."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(settings_dir)  # QSettings never touch the user's own
    env.pop("SCAFFOLD_DB", None)
    return env


def run_json(argv: Sequence[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a child that prints a JSON object on its last line; that object."""
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{argv[1]} printed nothing; stderr:\n{done.stderr}")
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def first_frame(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """What a window probe reports, with "seconds" from starting it to its first frame and
    "populated_seconds" to the first frame with its list filled."""
    start = time.monotonic()
    found = run_json(argv, env)
    populated = found.get("populated", found["painted"])
    return {**found, "seconds": found["painted"] - start, "populated_seconds": populated - start}


def private_copy(database: Path, folder: Path) -> Path:
    """A copy of a (cached) database in `folder`, so that opening it cannot change the cache."""
    target = folder / database.name
    shutil.copyfile(database, target)
    return target
