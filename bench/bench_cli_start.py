"""Start-up cost of the command line: `scaffold list` on the sample database vs a bare Python.

Prints the median of several runs of each, their ratio, and one JSON line for the record.
The baseline is measured in the same run, so the ratio holds across machines. No target.
(A --quick run lists the small generated database instead, to prove the script works.)
Run: .venv/bin/python bench/bench_cli_start.py [--quick]
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import PYTHON, QUICK_ENGAGEMENTS, Verdicts, median, parse_args, private_copy
from dbgen import cached_database

RUNS = 7


def median_seconds(argv: list[str], runs: int, *, warm: bool = True) -> float:
    """Median wall time of running argv `runs` times (after one warm-up run if `warm`)."""
    if warm:
        subprocess.run(argv, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> int:
    """Measure and report."""
    args = parse_args(__doc__ or "")
    runs = 1 if args.quick else RUNS
    verdicts = Verdicts("cli_start", quick=args.quick)
    with tempfile.TemporaryDirectory() as folder:
        if args.quick:  # any small database proves the script works
            db = str(private_copy(cached_database(QUICK_ENGAGEMENTS), Path(folder)))
        else:
            db = str(Path(folder) / "bench.sqlite")
            demo = [PYTHON, "-m", "app", "demo", "--db", db]
            subprocess.run(demo, check=True, capture_output=True)
        warm = not args.quick
        baseline = median_seconds([PYTHON, "-c", "import sqlite3"], runs, warm=warm)
        listing = median_seconds([PYTHON, "-m", "app", "list", "--db", db], runs, warm=warm)
    ratio = listing / baseline
    verdicts.say(
        f"bare python {baseline * 1000:.0f} ms; scaffold list {listing * 1000:.0f} ms; "
        f"ratio {ratio:.1f}× (no target)"
    )
    verdicts.record("list", baseline_s=baseline, list_s=listing, ratio=ratio, runs=runs)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
