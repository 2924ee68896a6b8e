"""Shared test set-up: Qt runs off-screen, each test gets its own database file, and no code may
reach the network."""

import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine

from models.db import open_database

# Before any QApplication exists: every GUI test runs without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class NetworkAccessError(RuntimeError):
    """Raised where code tried to reach the network. Not an OSError: "offline" fallbacks that
    catch OSError must not hide the attempt (every attempt is recorded anyway)."""


# Python's audit events for name look-ups and for sockets reaching an address. An audit hook
# sees every call, whoever holds a reference to the function (unlike a monkeypatch).
_LOOKUPS = frozenset(
    {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
)
_ADDRESSED = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})


class NetworkGuard:
    """Refuses and records every attempt to look up a host or use a non-local (non-AF_UNIX)
    socket, from any thread, for the whole session."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._expected: list[str] | None = None
        self._lock = threading.Lock()

    def audit(self, event: str, args: tuple[object, ...]) -> None:
        """The audit hook: raise `NetworkAccessError` for a network event."""
        if not event.startswith("socket."):
            return
        if event in _LOOKUPS:
            self._refuse(f"{event}{args[:2]!r}")
        elif event in _ADDRESSED:
            sock = args[0]
            if getattr(sock, "family", None) != socket.AF_UNIX:
                self._refuse(f"{event}({args[1]!r})")

    def _refuse(self, what: str) -> None:
        with self._lock:
            (self._expected if self._expected is not None else self.attempts).append(what)
        raise NetworkAccessError(f"Tests may not use the network: {what}")

    @contextmanager
    def expecting_refusals(self) -> Iterator[list[str]]:
        """Attempts inside are refused as ever but listed here instead of failing the test."""
        seen: list[str] = []
        self._expected = seen
        try:
            yield seen
        finally:
            self._expected = None


NETWORK_GUARD = NetworkGuard()
sys.addaudithook(NETWORK_GUARD.audit)  # from collection on; hooks cannot be removed


@pytest.fixture(autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    """Every test fails if anything in it tried to reach the network, even if that was caught."""
    before = len(NETWORK_GUARD.attempts)
    yield NETWORK_GUARD
    tried = NETWORK_GUARD.attempts[before:]
    if tried:
        pytest.fail(f"This test tried to reach the network: {tried}", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Attempts outside any test (while collecting, say) fail the run too."""
    if not NETWORK_GUARD.attempts:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"The test session tried to reach the network: {NETWORK_GUARD.attempts}"
        )
    if exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def db_engine(tmp_path) -> Iterator[Engine]:
    """An engine on a fresh Scaffold database in tmp_path, disposed after the test."""
    engine = open_database(tmp_path / "scaffold.sqlite")
    yield engine
    engine.dispose()
