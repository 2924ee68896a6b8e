"""Start-up of the window: process start to the main window's first frame, on the demo database
(and, for the record, to the first frame with the demo listed).

(A --quick run uses the small generated database instead, to prove the script works.)

Baseline: a bare PySide6 window process, timed the same way in the same run (see
window_probe.py). Target: ≤ 2.0× the baseline. Prints the medians, the ratio and a JSON line.
Run: .venv/bin/python bench/bench_gui_start.py [--quick]
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import (
    BENCH_DIR,
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

RUNS = 7
TARGET_RATIO = 2.0


def main() -> int:
    """Measure and report."""
    args = parse_args(__doc__ or "")
    runs = 1 if args.quick else RUNS
    verdicts = Verdicts("gui_start", quick=args.quick)
    probe = str(BENCH_DIR / "window_probe.py")
    with tempfile.TemporaryDirectory() as folder:
        if args.quick:  # any small database proves the script works
            db = str(private_copy(cached_database(QUICK_ENGAGEMENTS), Path(folder)))
        else:
            db = str(Path(folder) / "demo.sqlite")
            demo = [PYTHON, "-m", "app", "demo", "--db", db]
            subprocess.run(demo, check=True, capture_output=True)
        env = child_env(Path(folder) / "settings")
        bare_argv, app_argv = [PYTHON, probe, "bare"], [PYTHON, probe, "scaffold", db]
        if not args.quick:  # warm the disk cache for both
            first_frame(bare_argv, env)
            first_frame(app_argv, env)
        bare, ours, filled = [], [], []
        for _ in range(runs):  # interleaved, so that a busy moment hits both alike
            bare.append(first_frame(bare_argv, env)["seconds"])
            found = first_frame(app_argv, env)
            ours.append(found["seconds"])
            filled.append(found["populated_seconds"])
    if found["rows"] != (QUICK_ENGAGEMENTS if args.quick else 1):
        raise RuntimeError(f"the window listed {found['rows']} consultations")
    bare_s, ours_s, filled_s = median(bare), median(ours), median(filled)
    ratio = ours_s / bare_s
    verdict = verdicts.judge("ratio", ratio, TARGET_RATIO, "×")
    verdicts.say(
        f"bare PySide6 window {bare_s * 1000:.0f} ms; Scaffold on the demo database "
        f"{ours_s * 1000:.0f} ms (process start to first frame, median of {runs}); "
        f"ratio {verdict}"
    )
    verdicts.say(
        f"the demo listed after {filled_s * 1000:.0f} ms ({filled_s / bare_s:.2f}× the bare "
        "window; for the record: the window opens its database after its first frame)"
    )
    verdicts.record(
        "first_frame",
        baseline_s=bare_s,
        scaffold_s=ours_s,
        listed_s=filled_s,
        ratio=ratio,
        target=TARGET_RATIO,
        met=ratio <= TARGET_RATIO,
        runs=runs,
    )
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
