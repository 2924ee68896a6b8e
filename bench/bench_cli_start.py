"""Start-up cost of the command line: `scaffold list` on the sample database vs a bare Python.

Prints the median of several runs of each, their ratio, and one JSON line for the record.
The baseline is measured in the same run, so the ratio holds across machines.
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7


def median_seconds(argv: list[str]) -> float:
    """Median wall time of running argv RUNS times (after one warm-up run)."""
    subprocess.run(argv, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and report."""
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.sqlite")
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", db], check=True)
        baseline = median_seconds([sys.executable, "-c", "import sqlite3"])
        listing = median_seconds([sys.executable, "-m", "app", "list", "--db", db])
    ratio = listing / baseline
    print(
        f"bare python {baseline * 1000:.0f} ms; scaffold list {listing * 1000:.0f} ms; "
        f"ratio {ratio:.1f}x"
    )
    print(
        json.dumps(
            {
                "bench": "cli_start",
                "baseline_s": round(baseline, 4),
                "list_s": round(listing, 4),
                "ratio": round(ratio, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
