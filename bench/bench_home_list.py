"""The home list of a 10,000-engagement database: time to the filled list, and peak memory.

Time: process start to the first frame painted with the main window's list filled ("populated":
Scaffold paints its frame first, then opens the database and fills the list), against a bare
PySide6 window process timed to its first frame the same way in the same run (see
window_probe.py; a probe that reports no "populated" time gives its first frame). Target: ≤ 6×
the baseline.
Memory: the peak resident memory of Scaffold on that database, after the list is shown and a
search typed and cleared, against the bare window's. Target: ≤ 250 MiB.
The database comes from dbgen.py (cached). Run: .venv/bin/python bench/bench_home_list.py [--quick]
"""

import sys
import tempfile
from pathlib import Path
from typing import Any

from benchlib import (
    BENCH_DIR,
    ENGAGEMENTS,
    PYTHON,
    QUICK_ENGAGEMENTS,
    Verdicts,
    child_env,
    first_frame,
    median,
    parse_args,
    private_copy,
)
from dbgen import cached_database

RUNS = 5
TARGET_RATIO = 6.0
TARGET_MIB = 250.0


def _populated(found: dict[str, Any]) -> float:
    """Seconds to the frame with the list filled (the first frame if the probe has no such time)."""
    seconds: float = found.get("populated_seconds", found["seconds"])
    return seconds


def main() -> int:
    """Measure and report."""
    args = parse_args(__doc__ or "")
    count, runs = (QUICK_ENGAGEMENTS, 1) if args.quick else (ENGAGEMENTS, RUNS)
    verdicts = Verdicts("home_list", quick=args.quick)
    probe = str(BENCH_DIR / "window_probe.py")
    cached = cached_database(count)
    with tempfile.TemporaryDirectory() as folder:
        db = str(private_copy(cached, Path(folder)))
        env = child_env(Path(folder) / "settings")
        bare_argv, app_argv = [PYTHON, probe, "bare"], [PYTHON, probe, "scaffold", db]
        if not args.quick:  # warm the disk cache for both
            first_frame(bare_argv, env)
            first_frame(app_argv, env)
        bare, ours = [], []
        for run in range(1, runs + 1):  # the last run also searches, for the peak memory
            bare_found = first_frame(bare_argv, env)
            app_found = first_frame(app_argv + (["--search"] if run == runs else []), env)
            bare.append(bare_found["seconds"])
            ours.append(_populated(app_found))
    if app_found["rows"] != count:
        raise RuntimeError(f"the list showed {app_found['rows']} rows at first, not {count}")
    bare_mib, app_mib = bare_found["peak_rss_mib"], app_found["peak_rss_mib"]
    bare_s, ours_s = median(bare), median(ours)
    ratio = ours_s / bare_s
    verdicts.say(
        f"bare PySide6 window {bare_s * 1000:.0f} ms; Scaffold with {count:,} engagements "
        f"listed {ours_s * 1000:.0f} ms (process start to the frame with the list filled, median "
        f"of {runs}); "
        f"ratio {verdicts.judge('ratio', ratio, TARGET_RATIO, '×')}"
    )
    verdicts.record(
        "list_first_frame",
        engagements=count,
        baseline_s=bare_s,
        scaffold_s=ours_s,
        ratio=ratio,
        target=TARGET_RATIO,
        met=ratio <= TARGET_RATIO,
        runs=runs,
    )
    verdicts.say(
        f"peak memory: bare PySide6 window {bare_mib:.0f} MiB; Scaffold with {count:,} "
        f"engagements, after a search ({app_mib / bare_mib:.1f}× the bare window) "
        f"{verdicts.judge('peak_memory', app_mib, TARGET_MIB, 'MiB')}"
    )
    verdicts.record(
        "peak_memory",
        engagements=count,
        baseline_mib=bare_mib,
        scaffold_mib=app_mib,
        ratio=app_mib / bare_mib,
        target_mib=TARGET_MIB,
        met=app_mib <= TARGET_MIB,
    )
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
