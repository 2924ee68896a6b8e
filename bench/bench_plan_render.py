"""Warm render of the demo plan vs WeasyPrint alone on the same final HTML, in the same run.

"Alone" gets the same inputs as the plan: the same HTML, the same fetcher class serving the same
charts (drawn once beforehand, from memory), the same stylesheet and fonts through the same kept
font configuration, and the same PDF variant; its PDF is byte for byte the plan's. So the
difference is Scaffold's own work: reading the engagement, filling the templates, finding the
diagram and the network's measures in their caches. The two alternate which goes first in each
round. Prints the ratio of the medians of wall time (target ≤ 1.2×), the ratio of CPU time for
the record (less moved by other processes on a busy machine), and a JSON line.
(A --quick run renders a short plan of the small generated database, to prove the script works.)
Run: .venv/bin/python bench/bench_plan_render.py [--quick]
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchlib import QUICK_ENGAGEMENTS, Verdicts, median, parse_args, private_copy
from dbgen import cached_database

ROUNDS = 10  # even: each side goes first in half of them
TARGET_RATIO = 1.2


def timed_both(action: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds that `action` takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    """Measure and report."""
    from weasyprint import HTML

    from app.demo import load_demo
    from app.reports.chart_fetcher import ChartAssetFetcher
    from app.reports.context import plan_context
    from app.reports.network_section import network_chart
    from app.reports.paths import templates_dir
    from app.reports.pdf_run import pdf_run
    from app.reports.plan import plan_html, render_plan_pdf
    from models.db import open_database, transaction

    args = parse_args(__doc__ or "")
    rounds = 1 if args.quick else ROUNDS
    verdicts = Verdicts("plan_render", quick=args.quick)
    root = templates_dir()
    with tempfile.TemporaryDirectory() as folder:
        if args.quick:  # the first engagement of the small database: a first request, no chart
            engine = open_database(private_copy(cached_database(QUICK_ENGAGEMENTS), Path(folder)))
            eid = 1
        else:
            engine = open_database(Path(folder) / "bench.sqlite")
        with transaction(engine) as session:
            if not args.quick:
                eid = load_demo(session=session).id or 0
            html = plan_html(session, eid)
            # The same assets as the plan: its charts, drawn once here, served from memory.
            charts = network_chart(plan_context(session, eid)["network_print"])

            def weasyprint_alone() -> bytes:
                fetcher = ChartAssetFetcher(root, charts)
                with pdf_run(root) as fonts:  # as the plan is: its kept fonts, collector paused
                    pdf: bytes = HTML(
                        string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher
                    ).write_pdf(pdf_variant="pdf/ua-1", font_config=fonts)
                if len(fetcher.served) != len(charts):
                    raise RuntimeError("WeasyPrint alone did not draw the plan's charts")
                return pdf

            def ours() -> bytes:
                return render_plan_pdf(session, eid)

            # Warm-up (imports, fonts, templates, caches) and proof that both make the same PDF.
            if not args.quick and ours() != weasyprint_alone():
                raise RuntimeError("WeasyPrint alone did not make the plan's PDF")
            ours_t, alone_t = [], []
            for round_ in range(rounds):
                if round_ % 2:
                    alone_t.append(timed_both(weasyprint_alone))
                    ours_t.append(timed_both(ours))
                else:
                    ours_t.append(timed_both(ours))
                    alone_t.append(timed_both(weasyprint_alone))
        engine.dispose()
    ours_s, alone_s = median([w for w, _ in ours_t]), median([w for w, _ in alone_t])
    ours_cpu, alone_cpu = median([c for _, c in ours_t]), median([c for _, c in alone_t])
    ratio, cpu_ratio = ours_s / alone_s, ours_cpu / alone_cpu
    verdicts.say(
        f"plan render {ours_s * 1000:.0f} ms, WeasyPrint alone {alone_s * 1000:.0f} ms, "
        f"ratio {verdicts.judge('ratio', ratio, TARGET_RATIO, '×')} "
        f"(CPU time {ours_cpu * 1000:.0f} / {alone_cpu * 1000:.0f} ms = {cpu_ratio:.2f}×)"
    )
    verdicts.record(
        "warm_render",
        ours_s=ours_s,
        weasyprint_s=alone_s,
        ratio=ratio,
        ours_cpu_s=ours_cpu,
        weasyprint_cpu_s=alone_cpu,
        cpu_ratio=cpu_ratio,
        target=TARGET_RATIO,
        met=ratio <= TARGET_RATIO,
        rounds=rounds,
    )
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
