"""Warm render of the demo plan vs WeasyPrint alone on the same final HTML, in the same run.

"Alone" gets the same assets as the plan (its charts, drawn once beforehand, served from
memory by the same fetcher), so the difference is Scaffold's own work: reading the engagement,
filling the templates, drawing the charts. Prints the ratio (target ≤ 1.2×) and a JSON line.
(A --quick run renders a short plan of the small generated database, to prove the script works.)
Run: .venv/bin/python bench/bench_plan_render.py [--quick]
"""

import sys
import tempfile
from pathlib import Path

from benchlib import QUICK_ENGAGEMENTS, Verdicts, median, parse_args, private_copy, timed
from dbgen import cached_database

ROUNDS = 7
TARGET_RATIO = 1.2


def main() -> int:
    """Measure and report."""
    from weasyprint import HTML

    from app.demo import load_demo
    from app.reports.chart_fetcher import ChartAssetFetcher
    from app.reports.context import plan_context
    from app.reports.network_section import network_chart
    from app.reports.paths import templates_dir
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

            def weasyprint_alone() -> None:
                fetcher = ChartAssetFetcher(root, charts)
                HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).write_pdf(
                    pdf_variant="pdf/ua-1"
                )
                if len(fetcher.served) != len(charts):
                    raise RuntimeError("WeasyPrint alone did not draw the plan's charts")

            if not args.quick:  # warm: imports, fonts, templates
                render_plan_pdf(session, eid)
                weasyprint_alone()
            ours, alone = [], []
            for _ in range(rounds):
                ours.append(timed(lambda: render_plan_pdf(session, eid)))
                alone.append(timed(weasyprint_alone))
        engine.dispose()
    ours_s, alone_s = median(ours), median(alone)
    ratio = ours_s / alone_s
    verdicts.say(
        f"plan render {ours_s * 1000:.0f} ms, WeasyPrint alone {alone_s * 1000:.0f} ms, "
        f"ratio {verdicts.judge('ratio', ratio, TARGET_RATIO, '×')}"
    )
    verdicts.record(
        "warm_render",
        ours_s=ours_s,
        weasyprint_s=alone_s,
        ratio=ratio,
        target=TARGET_RATIO,
        met=ratio <= TARGET_RATIO,
        rounds=rounds,
    )
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
