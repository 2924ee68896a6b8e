"""Smoke-test the Linux bundle: run it with no Python around, see where its libraries came from.

`python packaging/smoke_bundle.py [dist/scaffold]` prints what each step did and exits 1 on any
problem; tests/packaging/test_bundle.py runs the same steps. The program runs from an empty
folder with PATH pointing at an empty directory, a fresh HOME, no PYTHON* variables and Qt's
offscreen platform: `--version`, `demo`, `render` (WeasyPrint: Pango, HarfBuzz, fontconfig) and
the window itself (`SCAFFOLD_EXIT_AFTER_FIRST_PAINT`, see ui/first_paint.py). LD_DEBUG=libs
records every shared library the dynamic loader initialised, and from which file.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path
from bundle_rules import REQUIRED_FILES, TRIMMED_FILES

NAME = "scaffold"
SMOKE_PASSPHRASE = "smoke test passphrase"  # noqa: S105 - a throwaway database's
SQLITE_MAGIC = b"SQLite format 3\x00"
STEP_TIMEOUT_S = 180
# WeasyPrint's libraries (opened with dlopen) and Qt's, by the start of their file names: each
# must be loaded, and from inside the bundle.
TEXT_LIBRARIES = (
    "libpango-1.0.so.0",
    "libpangoft2-1.0.so.0",
    "libharfbuzz.so.0",
    "libharfbuzz-subset.so.0",
    "libfontconfig.so.1",
    "libgobject-2.0.so.0",
    "libglib-2.0.so.0",
)
QT_LIBRARIES = (
    "libQt6Core.so",
    "libQt6Gui.so",
    "libQt6Widgets.so",
    "libqoffscreen.so",
    "libpyside6.abi3.so",
    "libpython3",
)
# numpy and matplotlib, loaded when the progress report draws its charts (the `report` step).
CHART_LIBRARIES = ("_multiarray_umath.", "ft2font.")
FONT_OF_THE_TEMPLATES = b"Scaffold-Sans"  # the templates' @font-face family, as PDF names it


@dataclass(frozen=True)
class Step:
    """One run of the bundled program."""

    name: str
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    loaded: tuple[str, ...]  # every library the final process initialised, as full paths


@dataclass(frozen=True)
class SmokeRun:
    """The four steps and the plan they wrote."""

    bundle: Path
    steps: tuple[Step, ...]
    plan_pdf: Path

    def step(self, name: str) -> Step:
        """The step called `name`."""
        return next(step for step in self.steps if step.name == name)

    def library_sources(self) -> dict[str, set[str]]:
        """Each library's file name → the paths it was loaded from, over all steps."""
        sources: dict[str, set[str]] = {}
        for step in self.steps:
            for path in step.loaded:
                sources.setdefault(Path(path).name, set()).add(path)
        return sources

    def loaded_from(self, name_start: str) -> set[str]:
        """The paths of every loaded library whose file name starts with `name_start`."""
        return {
            path
            for name, paths in self.library_sources().items()
            if name.startswith(name_start)
            for path in paths
        }


def final_image_libraries(ld_debug: str) -> list[str]:
    """The libraries the last process image initialised, from LD_DEBUG=libs output.

    PyInstaller's Linux bootloader sets LD_LIBRARY_PATH and re-executes itself (same pid), so
    the log holds two images; only the second one runs the app.
    """
    lines = ld_debug.splitlines()
    starts = [i for i, line in enumerate(lines) if "initialize program:" in line]
    first = starts[-2] + 1 if len(starts) >= 2 else 0
    return [
        line.split("calling init:", 1)[1].strip()
        for line in lines[first:]
        if "calling init:" in line
    ]


def pdf_streams(data: bytes) -> bytes:
    """The PDF's uncompressed and inflated streams, joined: enough to find font names."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        raw = match.group(1)
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return b"\n".join(found)


def clean_environment(workdir: Path) -> dict[str, str]:
    """An environment with no Python on PATH and every per-user folder inside `workdir`."""
    folders = {name: workdir / name for name in ("bin", "home", "config", "data", "cache", "run")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    folders["run"].chmod(0o700)
    return {
        "PATH": str(folders["bin"]),  # empty: no python, no anything
        "HOME": str(folders["home"]),
        "XDG_CONFIG_HOME": str(folders["config"]),
        "XDG_DATA_HOME": str(folders["data"]),
        "XDG_CACHE_HOME": str(folders["cache"]),
        "XDG_RUNTIME_DIR": str(folders["run"]),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def run_step(
    executable: Path,
    name: str,
    args: list[str],
    workdir: Path,
    extra: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Step:
    """Run the program once from `workdir` with LD_DEBUG on; what it printed and loaded."""
    log_prefix = workdir / f"ld-{name}"
    env = {
        **clean_environment(workdir),
        **(extra or {}),
        "LD_DEBUG": "libs",
        "LD_DEBUG_OUTPUT": str(log_prefix),
    }
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - the bundle's own launcher, fixed arguments
        [str(executable), *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=STEP_TIMEOUT_S,
        check=False,
    )
    seconds = time.monotonic() - started
    loaded: list[str] = []
    for log in sorted(workdir.glob(f"{log_prefix.name}.*")):
        loaded += final_image_libraries(log.read_text(errors="replace"))
    return Step(
        name, tuple(args), done.returncode, done.stdout, done.stderr, seconds, tuple(loaded)
    )


def run_smoke(bundle: Path, workdir: Path) -> SmokeRun:
    """Load the demo, print its plan (and progress report) and open the window, bundled."""
    executable = bundle / NAME
    db = str(workdir / "scaffold.sqlite")
    plan = workdir / "plan.pdf"
    steps = [run_step(executable, "version", ["--version"], workdir)]
    steps.append(run_step(executable, "demo", ["demo", "--db", db], workdir))
    found = re.search(r"as id (\d+)", steps[-1].stdout)
    engagement = found.group(1) if found else "1"
    steps.append(
        run_step(executable, "render", ["render", engagement, "-o", str(plan), "--db", db], workdir)
    )
    if offers_report(executable, workdir):
        args = ["report", engagement, "-o", str(workdir / "report.pdf"), "--db", db]
        steps.append(run_step(executable, "report", args, workdir))
    steps.append(
        run_step(executable, "gui", ["--db", db], workdir, {"SCAFFOLD_EXIT_AFTER_FIRST_PAINT": "1"})
    )
    # Encryption at rest: SQLCipher must be in the bundle, and an encrypted file must open.
    secret = str(workdir / "encrypted.sqlite")
    steps.append(run_step(executable, "demo-to-encrypt", ["demo", "--db", secret], workdir))
    steps.append(
        run_step(
            executable,
            "encrypt",
            ["encrypt", "--passphrase-stdin", "--db", secret],
            workdir,
            stdin=f"{SMOKE_PASSPHRASE}\n",
        )
    )
    steps.append(
        run_step(
            executable,
            "list-encrypted",
            ["list", "--db", secret],
            workdir,
            {"SCAFFOLD_PASSPHRASE": SMOKE_PASSPHRASE},
        )
    )
    return SmokeRun(bundle, tuple(steps), plan)


def offers_report(executable: Path, workdir: Path) -> bool:
    """Whether this build has the `report` command (its charts need numpy and matplotlib)."""
    done = subprocess.run(  # noqa: S603 - the bundle's own launcher, fixed arguments
        [str(executable), "--help"],
        cwd=workdir,
        env=clean_environment(workdir),
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_S,
        check=False,
    )
    return re.search(r"^\s+report\s", done.stdout, re.MULTILINE) is not None


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def problems(run: SmokeRun, version: str, foreign_roots: tuple[Path, ...]) -> list[str]:
    """Everything wrong with the run, in words; empty when the bundle is sound.

    `foreign_roots` are folders nothing may be loaded from (the building Python, the checkout).
    """
    found: list[str] = []
    internal = run.bundle / "_internal"
    for step in run.steps:
        if step.returncode != 0:
            tail = " | ".join(step.stderr.strip().splitlines()[-3:])
            found.append(f"{step.name}: exit {step.returncode}: {tail}")
    if run.step("version").stdout.strip() != f"Scaffold {version}":
        found.append(f"--version said {run.step('version').stdout.strip()!r}, not {version!r}")
    if "Loaded the sample engagement" not in run.step("demo").stdout:
        found.append("demo did not load the sample engagement")
    data = run.plan_pdf.read_bytes() if run.plan_pdf.is_file() else b""
    if not data.startswith(b"%PDF-"):
        found.append("render wrote no PDF")
    elif FONT_OF_THE_TEMPLATES not in pdf_streams(data):
        found.append("the PDF does not use the templates' bundled fonts")
    if any(step.name == "report" for step in run.steps):
        report = run.plan_pdf.with_name("report.pdf")
        if not (report.is_file() and report.read_bytes().startswith(b"%PDF-")):
            found.append("report wrote no PDF")
        loaded = [Path(path).name for path in run.step("report").loaded]
        for name in CHART_LIBRARIES:
            if not any(lib.startswith(name) for lib in loaded):
                found.append(f"report never loaded {name}")
    if any(step.name == "list-encrypted" for step in run.steps):
        if SQLITE_MAGIC in (run.plan_pdf.parent / "encrypted.sqlite").read_bytes()[:16]:
            found.append("encrypt left the database readable as plain SQLite")
        if "Customer Support" not in run.step("list-encrypted").stdout:
            found.append("the encrypted database did not list the demo")
    if not re.search(r"first paint: 'Scaffold' \d+x\d+, 1 consultation", run.step("gui").stdout):
        found.append(f"the window did not report its first paint: {run.step('gui').stdout!r}")
    for name in (*TEXT_LIBRARIES, *QT_LIBRARIES):
        paths = run.loaded_from(name)
        if not paths:
            found.append(f"{name} was never loaded")
        found += [
            f"{name} came from {p}, outside the bundle" for p in paths if not _inside(p, run.bundle)
        ]
    for paths in run.library_sources().values():
        for path in paths:
            if not _inside(path, run.bundle) and any(_inside(path, root) for root in foreign_roots):
                found.append(f"{path} was loaded from the build machine's Python or checkout")
    found += [
        f"missing from the bundle: {f}" for f in REQUIRED_FILES if not (internal / f).exists()
    ]
    found += [f"left in the bundle: {f}" for f in TRIMMED_FILES if (internal / f).exists()]
    metadata = [*internal.glob("scaffold-*.dist-info/METADATA"), internal / "scaffold.egg-info"]
    if not any(path.exists() for path in metadata):
        found.append("missing from the bundle: scaffold's package metadata (the version)")
    return found


def main(argv: list[str]) -> int:
    """Smoke-test the bundle in argv[0] (default dist/scaffold) in a temporary folder."""
    import tempfile

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from build_bundle import locked  # beside this script

    from app.version import read_version

    bundle = (Path(argv[0]) if argv else root / "dist" / NAME).resolve()
    with tempfile.TemporaryDirectory(prefix="scaffold-smoke-") as tmp:
        with locked(bundle.parent, exclusive=False):
            run = run_smoke(bundle, Path(tmp))
        for step in run.steps:
            first = (step.stdout.strip().splitlines() or [""])[0]
            print(f"{step.name:8} exit {step.returncode}  {step.seconds:5.1f} s  {first}")
        sources = run.library_sources()
        for name in (*TEXT_LIBRARIES, *QT_LIBRARIES):
            print(f"  {name:28} {', '.join(sorted(run.loaded_from(name))) or '(not loaded)'}")
        outside = sorted(p for ps in sources.values() for p in ps if not _inside(p, run.bundle))
        print("  from the system: " + ", ".join(Path(p).name for p in outside))
        found = problems(run, read_version(), (Path(sys.base_prefix), Path(sys.prefix), root))
    for problem in found:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print("Smoke test passed." if not found else f"Smoke test failed: {len(found)} problem(s).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
