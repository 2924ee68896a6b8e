"""Child process of the exchange benchmark: one operation, its time and its peak memory.

    python bench/exchange_probe.py export DATABASE IDS_FILE OUTPUT   as `scaffold export`
    python bench/exchange_probe.py import DATABASE FILE              as `scaffold import`
    python bench/exchange_probe.py encode FILE    baseline: the standard library encodes the JSON
    python bench/exchange_probe.py decode FILE    baseline: the standard library decodes the JSON

Each prints one JSON line: {"seconds": …, "peak_mib": the process's peak resident memory,
"growth_mib": how far the operation raised that peak above the memory in use before it}.
Imports and the database's opening happen before the clock starts, in every mode.
"""

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _rss_mib() -> float:
    """Resident memory now (Linux: /proc/self/statm counts pages)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(operation: Callable[[], object]) -> None:
    before = _rss_mib()
    start = time.perf_counter()
    operation()
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "growth_mib": peak - before}))


def main() -> int:
    """Run the operation named on the command line."""
    mode, args = sys.argv[1], sys.argv[2:]
    if mode in ("encode", "decode"):
        text = Path(args[0]).read_text(encoding="utf-8")
        if mode == "decode":
            _measure(lambda: json.loads(text))
        else:
            doc = json.loads(text)
            _measure(lambda: json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False))
        return 0

    from app.exchange.document import dumps, export_bundle
    from app.exchange.importer import import_document
    from app.storage import open_engine, transaction

    engine = open_engine(Path(args[0]))
    if mode == "export":
        ids = [int(n) for n in Path(args[1]).read_text().split()]
        target = Path(args[2])

        def export() -> None:
            with transaction(engine) as session:
                doc = export_bundle(session, ids, include_private=True)
            target.write_text(dumps(doc), encoding="utf-8")

        _measure(export)
    else:
        data = Path(args[1]).read_bytes()

        def do_import() -> None:
            with transaction(engine) as session:
                import_document(session, data)

        _measure(do_import)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
