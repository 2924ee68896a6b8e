"""Build the one-folder bundle with PyInstaller, or say it is already up to date.

`python packaging/build_bundle.py` always builds dist/scaffold/ (`make package`); with
`--if-stale` it builds only when the sources, the spec or the lock changed since the last build,
which is what the smoke test in tests/packaging/ uses. A fingerprint of those inputs is written
beside the bundle, last, so a build that stopped half-way never counts as fresh.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "scaffold.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "scaffold"
FINGERPRINT = f".{NAME}-fingerprint"
LOCK = f".{NAME}-lock"
# Everything that ends up in the bundle or decides what does.
INPUT_DIRS = ("app", "models", "ui", "report_templates", "packaging")
INPUT_FILES = ("pyproject.toml", "requirements.lock")


@dataclass(frozen=True)
class Build:
    """A bundle on disk and what making it took (0 s when it was already fresh)."""

    folder: Path
    seconds: float
    built: bool

    @property
    def executable(self) -> Path:
        """The launcher inside the folder."""
        return self.folder / NAME

    def size_bytes(self) -> int:
        """The bundle's size on disk, symlinks counted once (as `du` does)."""
        return sum(path.lstat().st_size for path in self.folder.rglob("*") if not path.is_symlink())


def _inputs(root: Path) -> Iterator[Path]:
    for name in INPUT_DIRS:
        for path in sorted((root / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                yield path
    for name in INPUT_FILES:
        if (root / name).is_file():
            yield root / name


def fingerprint(root: Path = ROOT) -> str:
    """A hash of every input file's path and bytes, and of the Python that builds."""
    digest = hashlib.sha256(f"{sys.version}\n{sys.executable}\n".encode())
    for path in _inputs(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_fresh(dist: Path, expected: str) -> bool:
    """Whether `dist` holds a complete bundle built from inputs with this fingerprint."""
    stamp = dist / FINGERPRINT
    launcher = dist / NAME / NAME
    return launcher.is_file() and stamp.is_file() and stamp.read_text().strip() == expected


@contextmanager
def locked(dist: Path = DIST, *, exclusive: bool) -> Iterator[None]:
    """Hold the bundle's lock: exclusive to build it, shared to run it (Unix; no-op elsewhere).

    Test runs in the same checkout may overlap; none then runs a bundle half rebuilt.
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    dist.mkdir(parents=True, exist_ok=True)
    with (dist / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(dist: Path = DIST, work: Path = WORK, *, if_stale: bool = False) -> Build:
    """Run PyInstaller on packaging/scaffold.spec into `dist`/scaffold (unless fresh)."""
    with locked(dist, exclusive=True):
        return _build(dist, work, if_stale=if_stale)


def _build(dist: Path, work: Path, *, if_stale: bool) -> Build:
    expected = fingerprint()
    folder = dist / NAME
    if if_stale and is_fresh(dist, expected):
        return Build(folder, 0.0, built=False)
    (dist / FINGERPRINT).unlink(missing_ok=True)
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - fixed command
    (dist / FINGERPRINT).write_text(expected + "\n")
    return Build(folder, time.monotonic() - started, built=True)


def main(argv: list[str] | None = None) -> int:
    """Build, then say where the bundle is, how big, and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--if-stale", action="store_true", help="skip when already up to date")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default: dist)")
    args = parser.parse_args(argv)
    if sys.platform.startswith("linux") and not (shutil.which("ldd") and shutil.which("objdump")):
        print("PyInstaller needs ldd and objdump (Debian: libc-bin, binutils).", file=sys.stderr)
        return 1
    result = build(args.dist, if_stale=args.if_stale)
    size = result.size_bytes() / 1e6
    if result.built:
        print(f"Built {result.folder} in {result.seconds:.0f} s: {size:.0f} MB.")
    else:
        print(f"{result.folder} is up to date ({size:.0f} MB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
