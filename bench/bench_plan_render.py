"""Warm render of the demo plan vs WeasyPrint alone on the same final HTML, in the same run.

Prints the ratio (target ≤ 1.2×) and a JSON line. Run: .venv/bin/python bench/bench_plan_render.py
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 7


def main() -> int:
    from weasyprint import HTML

    from app.demo import load_demo
    from app.reports.fetcher import TemplateAssetFetcher
    from app.reports.paths import templates_dir
    from app.reports.plan import plan_html, render_plan_pdf
    from models.db import open_database, transaction

    root = templates_dir()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(Path(folder) / "bench.sqlite")
        with transaction(engine) as session:
            eid = load_demo(session=session).id
            assert eid is not None
            html = plan_html(session, eid)
            render_plan_pdf(session, eid)  # warm: imports, fonts, templates
            HTML(string=html, base_url=root.as_uri() + "/").write_pdf(pdf_variant="pdf/ua-1")
            ours, alone = [], []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                render_plan_pdf(session, eid)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                HTML(
                    string=html,
                    base_url=root.as_uri() + "/",
                    url_fetcher=TemplateAssetFetcher(root),
                ).write_pdf(pdf_variant="pdf/ua-1")
                alone.append(time.perf_counter() - start)
        engine.dispose()
    ours_s, alone_s = statistics.median(ours), statistics.median(alone)
    ratio = ours_s / alone_s
    print(
        f"plan render {ours_s * 1000:.0f} ms, WeasyPrint alone {alone_s * 1000:.0f} ms, "
        f"ratio {ratio:.2f}× (target ≤ 1.2×)"
    )
    print(
        json.dumps(
            {
                "bench": "plan_render",
                "ours_s": round(ours_s, 4),
                "weasyprint_s": round(alone_s, 4),
                "ratio": round(ratio, 3),
                "rounds": ROUNDS,
                "target": 1.2,
            }
        )
    )
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
