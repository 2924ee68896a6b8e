"""Real write failures for tests: SQLite refuses to grow or to write, or a real disk fills up.

The engines use NullPool, so every transaction opens a new connection: a "connect" listener
that sets a pragma puts the fault on every later write, and removing it lifts the fault.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event


class PragmaFault:
    """Runs `PRAGMA <setting>` on every new connection of `engine` while injected."""

    def __init__(self, engine: Engine, setting: str) -> None:
        self.engine = engine
        self.setting = setting

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA {self.setting}")

    def inject(self) -> None:
        """From the next connection on, the fault holds."""
        event.listen(self.engine, "connect", self._on_connect)

    def lift(self) -> None:
        """From the next connection on, writes work again."""
        if event.contains(self.engine, "connect", self._on_connect):
            event.remove(self.engine, "connect", self._on_connect)


def disk_full(engine: Engine) -> PragmaFault:
    """The database may not grow by a single page: SQLITE_FULL "database or disk is full"."""
    path = engine.url.database
    assert path is not None
    with sqlite3.connect(path) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    return PragmaFault(engine, f"max_page_count = {pages}")


def read_only(engine: Engine) -> PragmaFault:
    """Nothing may be written: SQLITE_READONLY "attempt to write a readonly database"."""
    return PragmaFault(engine, "query_only = ON")


class SmallDisk:
    """A real tmpfs of a few hundred KiB mounted at `folder`, which can be filled up."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filler = folder / "filler.bin"

    def fill(self) -> None:
        """Write zeros until the disk is full (ENOSPC)."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        assert shutil.disk_usage(self.folder).free < 4096

    def free(self) -> None:
        """Delete the filler: the disk has room again."""
        self.filler.unlink()


def mount_works() -> str:
    """'' when tmpfs can be mounted here, else why not (the variant is skipped then)."""
    if shutil.which("mount") is None:
        return "no mount command in this container"
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    return ""


@contextmanager
def small_disk(folder: Path, size_kib: int = 512) -> Iterator[SmallDisk]:
    """Mount a tmpfs of `size_kib` at `folder` (skip-worthy failure raises RuntimeError)."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mount failed: {result.stderr.strip() or result.returncode}")
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)
