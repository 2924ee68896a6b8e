"""Export and import of 1,000 engagements: time and peak memory, against the JSON alone.

Export: 1,000 engagements (every tenth of the generated 10,000-engagement database, private
notes included) as one bundle, as `scaffold export` writes it. Import: that file into a new
database, as `scaffold import` reads it (every check, then every rule of the services).
Baselines, same run: the standard library encoding (for export) and decoding (for import) the
same JSON, formatted as Scaffold writes it. Each operation runs once, in its own process (see
exchange_probe.py), so that its peak memory is its own. No target: the figures are for the record.
Run: .venv/bin/python bench/bench_exchange.py [--quick]
"""

import sqlite3
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
    parse_args,
    private_copy,
    run_json,
)
from dbgen import cached_database

EVERY = 10  # export every tenth engagement: 1,000 of 10,000


def _probe(*args: str, env: dict[str, str]) -> dict[str, Any]:
    return run_json([PYTHON, str(BENCH_DIR / "exchange_probe.py"), *args], env)


def _line(what: str, ours: dict[str, Any], base: dict[str, Any], base_what: str) -> str:
    return (
        f"{what} {ours['seconds']:.2f} s, peak {ours['peak_mib']:.0f} MiB "
        f"(+{ours['growth_mib']:.0f} MiB); {base_what} {base['seconds']:.2f} s "
        f"(+{base['growth_mib']:.0f} MiB); ratio {ours['seconds'] / base['seconds']:.1f}× in time"
    )


def main() -> int:
    """Measure and report."""
    args = parse_args(__doc__ or "")
    count = QUICK_ENGAGEMENTS if args.quick else ENGAGEMENTS
    verdicts = Verdicts("exchange", quick=args.quick)
    cached = cached_database(count)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = child_env(folder / "settings")
        source = private_copy(cached, folder)
        with sqlite3.connect(source) as con:
            ids = [row[0] for row in con.execute("SELECT id FROM engagement ORDER BY id")]
        con.close()
        chosen = ids[::EVERY]
        (folder / "ids.txt").write_text("\n".join(str(i) for i in chosen))
        bundle = folder / "bundle.json"
        export = _probe("export", str(source), str(folder / "ids.txt"), str(bundle), env=env)
        encode = _probe("encode", str(bundle), env=env)
        imported = _probe("import", str(folder / "new.sqlite"), str(bundle), env=env)
        decode = _probe("decode", str(bundle), env=env)
        size_mb = bundle.stat().st_size / 1e6
    n = len(chosen)
    verdicts.say(
        _line(f"export of {n:,} engagements ({size_mb:.1f} MB)", export, encode, "json encode")
    )
    verdicts.say(_line(f"import of {n:,} engagements", imported, decode, "json decode"))
    for figure, ours, base in (("export", export, encode), ("import", imported, decode)):
        verdicts.record(
            figure,
            engagements=n,
            file_mb=size_mb,
            seconds=ours["seconds"],
            per_engagement_ms=ours["seconds"] * 1000 / n,
            peak_mib=ours["peak_mib"],
            growth_mib=ours["growth_mib"],
            baseline_s=base["seconds"],
            baseline_growth_mib=base["growth_mib"],
            ratio=ours["seconds"] / base["seconds"],
        )
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
